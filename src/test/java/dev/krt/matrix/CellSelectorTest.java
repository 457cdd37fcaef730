package dev.krt.matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.krt.error.UserException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --only}: cells chosen from the matrix file alone, shards that cover it exactly once. */
class CellSelectorTest {
  static MatrixSpec spec(int kernels, int toolchains, int configs) throws MatrixSpecException {
    StringBuilder m = new StringBuilder("kernels: [");
    for (int i = 0; i < kernels; i++) {
      m.append(i == 0 ? "" : ", ").append("/src/k").append(i);
    }
    m.append("]\ntoolchains: [");
    for (int i = 0; i < toolchains; i++) {
      m.append(i == 0 ? "" : ", ").append("t").append(i);
    }
    m.append("]\narches: [x86_64, arm64]\nconfigs: [");
    for (int i = 0; i < configs; i++) {
      m.append(i == 0 ? "" : ", ").append("c").append(i);
    }
    return MatrixSpecParser.parse(
        m.append("]\nsteps: [rustavailable]\n").toString(), Path.of("/ci/m.yaml"));
  }

  @Test
  void namesSelectTheirCellsInTheFilesOrder() throws Exception {
    MatrixSpec s = spec(2, 3, 2);
    List<MatrixSpec.SpecCell> cells = CellSelector.parse("toolchain=t1,arch=arm64").select(s);
    assertThat(cells)
        .extracting(MatrixSpec.SpecCell::label)
        .containsExactly(
            "k0 / t1 / arm64 / c0",
            "k0 / t1 / arm64 / c1",
            "k1 / t1 / arm64 / c0",
            "k1 / t1 / arm64 / c1");
    // The ordinal is the cell's place in the whole file (k, arch, toolchain, config).
    assertThat(cells.get(0).ordinal()).isEqualTo((0 * 2 + 1) * 3 * 2 + 1 * 2);
    assertThat(CellSelector.parse("kernel=k1,toolchain=t2,arch=x86_64,config=c0").select(s))
        .singleElement()
        .satisfies(c -> assertThat(s.cells().get(c.ordinal())).isEqualTo(c));
  }

  @Test
  void toolchainsAsKrtNamesThemAndArchesAsTheKernelDoes() throws Exception {
    MatrixSpec s =
        MatrixSpecParser.parse(
            "kernels: [/src/k]\ntoolchains: [\"rustup:stable\", distro:rustc]\narches: [aarch64, x86_64]\nconfigs: [defconfig]\nsteps: [rustavailable]\n",
            Path.of("/ci/m.yaml"));
    assertThat(CellSelector.parse("toolchain=rustup:stable,arch=arm64").select(s))
        .extracting(MatrixSpec.SpecCell::label)
        .containsExactly("k / rustup:stable / arm64 / defconfig");
    assertThat(CellSelector.parse("arch=aarch64").select(s)).hasSize(2);
  }

  @Test
  void shardsCoverEveryCellOnceInRunsOfNearlyEqualSize() throws Exception {
    for (int[] shape : new int[][] {{1, 1, 1}, {1, 3, 1}, {2, 3, 2}, {3, 5, 7}}) {
      MatrixSpec s = spec(shape[0], shape[1], shape[2]);
      int total = s.cells().size();
      for (int n = 1; n <= total; n++) {
        List<Integer> seen = new ArrayList<>();
        int min = Integer.MAX_VALUE;
        int max = 0;
        for (int i = 1; i <= n; i++) {
          List<MatrixSpec.SpecCell> part = CellSelector.shard(i, n).select(s);
          min = Math.min(min, part.size());
          max = Math.max(max, part.size());
          part.forEach(c -> seen.add(c.ordinal()));
        }
        // In the file's order, each once: shard i's cells all come before shard i+1's.
        assertThat(seen)
            .as("%d cells in %d shards", total, n)
            .isSorted()
            .doesNotHaveDuplicates()
            .hasSize(total);
        assertThat(max - min).isLessThanOrEqualTo(1);
      }
    }
  }

  @Test
  void badSelectorsAreOneLineErrors() throws Exception {
    MatrixSpec s = spec(1, 2, 1);
    assertThatThrownBy(() -> CellSelector.parse("toolchain=t9").select(s))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("has no toolchain 't9'")
        .hasMessageContaining("its toolchains: t0, t1");
    assertThatThrownBy(() -> CellSelector.parse("compiler=gcc"))
        .hasMessageContaining("unknown field 'compiler'");
    assertThatThrownBy(() -> CellSelector.parse("shard=3/2")).hasMessageContaining("1 <= I <= N");
    assertThatThrownBy(() -> CellSelector.parse("shard=0/2")).hasMessageContaining("1 <= I <= N");
    assertThatThrownBy(() -> CellSelector.parse("kernel=k0,kernel=k0"))
        .hasMessageContaining("given twice");
    assertThatThrownBy(() -> CellSelector.parse("t0")).hasMessageContaining("not FIELD=VALUE");
    assertThatThrownBy(() -> CellSelector.parse("kernel=")).hasMessageContaining("needs a name");
    // 4 cells in 5 shards: the fifth has none, which is a mistake, not an empty success.
    assertThatThrownBy(() -> CellSelector.shard(5, 5).select(s))
        .hasMessageContaining("selects none of the 4 cells");
  }

  @Test
  void aKernelNamedAfterItsPathHasAUsableName() throws Exception {
    assertThat(spec(1, 1, 1).kernels().get(0).name()).isEqualTo("k0");
    for (String bad : List.of("/src/my kernel,x=1", "/src/.hidden")) {
      assertThatThrownBy(
              () ->
                  MatrixSpecParser.parse(
                      "kernels: [\""
                          + bad
                          + "\"]\ntoolchains: [t]\nconfigs: [defconfig]\nsteps: [rustavailable]\n",
                      Path.of("/ci/m.yaml")))
          .hasMessageContaining("m.yaml:1: cannot name the kernel")
          .hasMessageContaining("give it a name:");
    }
  }

  @Test
  void beforeHooksAreReadButAreNoPartOfTheCell() throws Exception {
    MatrixSpec s =
        MatrixSpecParser.parse(
            """
            kernels:
              - name: k
                source: /src/k
                before: [apt-get install -y linux-source-6.12, "tar xf /usr/src/linux-source-6.12.tar.xz"]
            toolchains:
              - name: rustc-web-1.85
                before: |
                  apt-get install -y rustc-web
                  export PATH=/usr/lib/rust-web/bin:$PATH
              - t2
            configs: [defconfig]
            steps: [rustavailable]
            """,
            Path.of("/ci/m.yaml"));
    assertThat(s.kernels().get(0).before()).hasSize(2);
    assertThat(s.toolchains().get(0).before()).singleElement().asString().contains("export PATH");
    assertThat(s.toolchains().get(0).explicit()).isFalse();
    assertThat(s.toolchains().get(1).before()).isEmpty();
    assertThatThrownBy(
            () ->
                MatrixSpecParser.parse(
                    "kernels: [/k]\ntoolchains: [{name: t, before: {a: b}}]\nconfigs: [defconfig]\nsteps: [rustavailable]\n",
                    Path.of("/ci/m.yaml")))
        .hasMessageContaining("m.yaml:2:");
  }
}
