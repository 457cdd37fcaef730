package dev.krt.matrix;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.krt.check.ToolchainFacts;
import dev.krt.store.CellStatus;
import dev.krt.store.StepRow;
import dev.krt.store.StepStatus;
import java.util.Optional;

/**
 * A cell's {@code metadata.json}, shaped like tuxmake's (build, compiler, results, system) with
 * what tuxmake lacks for Rust: rustc and bindgen versions, libclang, RUST_LIB_SRC, the RUSTC_* and
 * BINDGEN_* values Kconfig recorded in the cell's {@code .config}, and what krt's check predicted.
 * The layout is documented in docs/matrix.md.
 */
public final class CellMetadata {
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private CellMetadata() {}

  public static ObjectNode of(
      MatrixPlan.Cell cell, CellRunner.Result r, String runId, int makeJobs) {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", 1);
    ObjectNode krt = root.putObject("krt");
    krt.put(
        "version",
        Optional.ofNullable(CellMetadata.class.getPackage().getImplementationVersion())
            .orElse("dev"));
    krt.put("run", runId);
    krt.put("cell_key", cell.key());

    ObjectNode build = root.putObject("build");
    build.put("kernel", cell.kernel().name());
    build.put("kernel_source", cell.kernel().source());
    build.put("kernel_dir", cell.kernel().dir().toString());
    build.put("kernel_identity", cell.kernel().identity());
    build.put("kernel_version", cell.tree().version().toString());
    build.put("toolchain", cell.toolchain().name());
    build.put("target_arch", cell.arch().arch());
    build.put("config", cell.config().name());
    build.put("config_base", cell.config().base());
    ArrayNode frags = build.putArray("config_fragments");
    cell.config().fragments().forEach(frags::add);
    ArrayNode mv = build.putArray("make_variables");
    cell.toolchain().makeVariables().forEach(mv::add);
    build.put("jobs", makeJobs);
    build.put("build_dir", r.buildDir().toString());

    ObjectNode rust = root.putObject("rust");
    rust.put("rustc", cell.toolchain().toolchain().rustc());
    rust.put("bindgen", cell.toolchain().toolchain().bindgen());
    putOpt(rust, "rust_lib_src", cell.toolchain().toolchain().rustLibSrc());
    putOpt(rust, "krustflags", cell.toolchain().toolchain().krustflags());
    cell.toolchain().llvm().ifPresent(l -> rust.put("llvm", l));
    ObjectNode compiler = root.putObject("compiler");
    compiler.put("cc", cell.toolchain().toolchain().cc());
    cell.check()
        .ifPresent(
            c -> {
              ToolchainFacts f = c.facts();
              putOpt(rust, "rustc_version", f.rustcVersion());
              putOpt(rust, "rustc_version_full", f.rustcVersionLine());
              putOpt(rust, "rustc_channel", f.rustcChannel());
              putOpt(rust, "rustc_llvm_version", f.rustcLlvm());
              putOpt(rust, "rustc_host", f.host());
              putOpt(rust, "sysroot", f.sysroot());
              putOpt(rust, "bindgen_version", f.bindgenVersion());
              putOpt(rust, "libclang_version", f.libclangVersion());
              putOpt(rust, "rustdoc_version", f.rustdocVersion());
              putOpt(rust, "rustfmt_version", f.rustfmtVersion());
              putOpt(rust, "clippy_version", f.clippyVersion());
              f.cc()
                  .ifPresent(
                      cc -> {
                        int sp = cc.indexOf(' ');
                        compiler.put(
                            "name",
                            sp < 0 ? cc : cc.substring(0, sp).toLowerCase(java.util.Locale.ROOT));
                        compiler.put("version", sp < 0 ? "" : cc.substring(sp + 1));
                        compiler.put("version_full", cc);
                      });
              ObjectNode predicted = root.putObject("krt_check");
              predicted.put("verdict", c.verdict().name().toLowerCase(java.util.Locale.ROOT));
              predicted.put("exit_code", c.exitCode());
            });
    ObjectNode kconfig = root.putObject("kconfig");
    r.kconfig().forEach(kconfig::put);

    ObjectNode results = root.putObject("results");
    results.put("status", r.status() == CellStatus.PASS ? "PASS" : "FAIL");
    results.put("duration_s", r.durationMs() / 1000.0);
    ObjectNode durations = results.putObject("duration");
    ObjectNode steps = results.putObject("steps");
    for (StepRow s : r.steps()) {
      steps.put(s.name(), s.status().name());
      if (s.status() != StepStatus.SKIPPED) {
        durations.put(s.name(), s.durationMs() / 1000.0);
      }
    }
    r.failedStep().ifPresent(s -> results.put("failed_step", s));
    r.classification()
        .ifPresent(
            c -> {
              results.put("classification", c.kind());
              c.code().ifPresent(x -> results.put("error_code", x));
              results.put("first_error", c.firstError());
              results.put("first_error_line", c.line());
            });
    results.put("log", r.log().getFileName().toString());
    ArrayNode w = results.putArray("warnings");
    r.warnings().forEach(w::add);

    ObjectNode system = root.putObject("system");
    system.put("cores", Runtime.getRuntime().availableProcessors());
    system.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    system.put("arch", System.getProperty("os.arch"));
    return root;
  }

  private static void putOpt(ObjectNode n, String k, Optional<String> v) {
    v.ifPresent(s -> n.put(k, s));
  }

  public static String text(ObjectNode n) {
    try {
      return JSON.writeValueAsString(n) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
