package dev.krt.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class FindingIdTest {

  /** The README's "Finding ids" table is the public list: it and the enum name the same ids. */
  @Test
  void readmeTableListsExactlyTheIds() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    int start = readme.indexOf("## Finding ids");
    int end = readme.indexOf("\n## ", start + 1);
    Set<String> documented = new TreeSet<>();
    for (String line : readme.substring(start, end).split("\n")) {
      if (!line.startsWith("| `")) {
        continue;
      }
      String first = line.substring(0, line.indexOf(" |", 2));
      Matcher m = Pattern.compile("`([a-z0-9.-]+)`").matcher(first);
      while (m.find()) {
        documented.add(m.group(1));
      }
    }
    Set<String> ids = new TreeSet<>();
    Arrays.stream(FindingId.values()).forEach(i -> ids.add(i.wire()));
    assertThat(documented).isEqualTo(ids);
  }

  @Test
  void wireNamesRoundTrip() {
    for (FindingId id : FindingId.values()) {
      assertThat(FindingId.of(id.wire())).isSameAs(id);
      assertThat(id.toString()).isEqualTo(id.wire());
    }
    assertThatThrownBy(() -> FindingId.of("rustc-too-shiny"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void toolNamedIdsExistForEveryToolTheChecksName() {
    for (String tool : new String[] {"rustc", "bindgen"}) {
      for (String suffix : new String[] {"-timeout", "-version-failed", "-version-unparsable"}) {
        assertThat(FindingId.of(tool + suffix).wire()).startsWith(tool);
      }
      assertThat(FindingId.of("env-" + tool + "-unset").subject()).isEqualTo(FindingId.Subject.ENV);
    }
    for (String tool : new String[] {"rustdoc", "rustfmt", "clippy-driver"}) {
      assertThat(FindingId.of(tool + "-missing")).isNotNull();
      assertThat(FindingId.of(tool + "-failed")).isNotNull();
    }
  }
}
