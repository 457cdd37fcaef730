package dev.krt.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RustAttributesTest {
  private static List<String> found(RustAttributes.Result r) {
    return r.features().stream()
        .map(f -> f.name() + "@" + f.line() + f.condition().map(c -> " if " + c).orElse(""))
        .toList();
  }

  @Test
  void oneFeaturePerAttributeAndSeveralInOne() {
    RustAttributes.Result r =
        RustAttributes.scan(
            "// SPDX\n#![no_std]\n#![feature(arbitrary_self_types)]\n#![feature(a, b,)]\n");
    assertThat(found(r)).containsExactly("arbitrary_self_types@3", "a@4", "b@4");
    assertThat(r.problems()).isEmpty();
  }

  @Test
  void multiLineAttributesWithCommentsKeepEachNamesLine() {
    String src =
        "#![feature(\n    // the kernel needs these\n    coerce_unsized, /* since 1.0 */\n    dispatch_from_dyn\n)]\n";
    assertThat(found(RustAttributes.scan(src)))
        .containsExactly("coerce_unsized@3", "dispatch_from_dyn@4");
  }

  @Test
  void cfgAttrKeepsItsCondition() {
    String src =
        "#![cfg_attr(CONFIG_RUSTC_HAS_FILE_WITH_NUL, feature(file_with_nul))]\n"
            + "#![cfg_attr(not(CONFIG_RUSTC_HAS_SPAN_FILE), feature(proc_macro_span))]\n"
            + "#![cfg_attr(test, allow(dead_code))]\n"
            + "#![cfg_attr(a, cfg_attr(b, feature(nested)))]\n";
    assertThat(found(RustAttributes.scan(src)))
        .containsExactly(
            "file_with_nul@1 if CONFIG_RUSTC_HAS_FILE_WITH_NUL",
            "proc_macro_span@2 if not(CONFIG_RUSTC_HAS_SPAN_FILE)",
            "nested@4 if all(a, b)");
  }

  @Test
  void docCommentsStringsAndOuterAttributesAreNotFeatures() {
    String src =
        "/// #![feature(new_uninit)]\n//! #![feature(in_doc)]\n"
            + "const S: &str = \"#![feature(in_string)]\";\n"
            + "const R: &str = r#\"#![feature(in_raw)]\"#;\n"
            + "#[feature(outer)]\nfn f<'a>(x: &'a u8) -> char { '#' }\n"
            + "/* #![feature(in_block)] /* nested */ */\n#![feature(real)]\n";
    assertThat(found(RustAttributes.scan(src))).containsExactly("real@8");
  }

  @Test
  void malformedAttributesAreReportedNeverGuessed() {
    assertThat(RustAttributes.scan("#![feature(a\n").problems())
        .singleElement()
        .asString()
        .contains("unbalanced");
    RustAttributes.Result bad = RustAttributes.scan("#![feature(\"str\", ok)]\n#![feature]\n");
    assertThat(found(bad)).containsExactly("ok@1");
    assertThat(bad.problems()).hasSize(2);
    assertThat(RustAttributes.scan("let s = \"unterminated").problems())
        .singleElement()
        .asString()
        .contains("unterminated");
  }

  @Test
  void conditionIsEmptyForPlainAttributes() {
    assertThat(RustAttributes.scan("#![feature(x)]").features().get(0).condition())
        .isEqualTo(Optional.empty());
  }
}
