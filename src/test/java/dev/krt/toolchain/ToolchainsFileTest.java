package dev.krt.toolchain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ToolchainsFileTest {
  @TempDir Path tmp;

  private Path write(String toml) throws IOException {
    Path p = tmp.resolve("toolchains.toml");
    Files.writeString(p, toml);
    return p;
  }

  @Test
  void readsNamedToolchains() throws IOException {
    Path f =
        write(
            "[toolchain.\"web-1.96\"]\n"
                + "rustc = \"/opt/web/rustc\"\n"
                + "bindgen = \"/opt/bindgen\"\n"
                + "cc = \"clang-22\"\n"
                + "rust-lib-src = \"/usr/src/rustc-1.96.0/library\"\n"
                + "env = { LIBCLANG_PATH = \"/usr/lib/llvm-22/lib\" }\n"
                + "\n[toolchain.min]\nrustc = \"rustc-1.78\"\n");
    List<Toolchain> ts = ToolchainsFile.read(f, "gcc");
    assertThat(ts).extracting(Toolchain::name).containsExactly("web-1.96", "min");
    Toolchain w = ts.get(0);
    assertThat(w.origin()).isEqualTo("config");
    assertThat(w.cc()).isEqualTo("clang-22");
    assertThat(w.rustLibSrc()).contains("/usr/src/rustc-1.96.0/library");
    assertThat(w.env()).containsEntry("LIBCLANG_PATH", "/usr/lib/llvm-22/lib");
    Toolchain m = ts.get(1);
    assertThat(m.bindgen()).isEqualTo("bindgen");
    assertThat(m.cc()).isEqualTo("gcc");
  }

  @Test
  void unknownKeysAreNamed() throws IOException {
    Path f = write("[toolchain.a]\nrustc = \"r\"\nrust_lib_src = \"x\"\n");
    assertThatThrownBy(() -> ToolchainsFile.read(f, "gcc"))
        .isInstanceOf(ToolchainsFile.Invalid.class)
        .hasMessageContaining("unknown key 'rust_lib_src'")
        .hasMessageContaining("toolchain 'a'");
  }

  @Test
  void rustcIsRequired() throws IOException {
    Path f = write("[toolchain.a]\nbindgen = \"b\"\n");
    assertThatThrownBy(() -> ToolchainsFile.read(f, "gcc")).hasMessageContaining("has no rustc");
  }

  @Test
  void syntaxErrorsAreOneLine() throws IOException {
    Path f = write("[toolchain.a\nrustc = \n");
    assertThatThrownBy(() -> ToolchainsFile.read(f, "gcc"))
        .isInstanceOf(ToolchainsFile.Invalid.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").startsWith(f.toString()));
  }

  @Test
  void missingFile() {
    assertThatThrownBy(() -> ToolchainsFile.read(tmp.resolve("nope.toml"), "gcc"))
        .hasMessageContaining("not found");
  }
}
