package dev.krt.check;

import dev.krt.kernel.Arch;
import dev.krt.kernel.CheckerEra;
import dev.krt.kernel.KernelTree;
import dev.krt.toolchain.CheckerProbes;
import dev.krt.toolchain.Run;
import dev.krt.toolchain.Toolchain;
import dev.krt.toolchain.ToolchainProber;
import dev.krt.version.RustcVersion;
import dev.krt.version.Version;
import dev.krt.version.VersionText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Checks toolchains against a kernel: the kernel's checks for its era, then krt's own. */
public final class Checker {
  private final KernelTree tree;
  private final CheckerEra era;
  private final Arch arch;
  private final ToolchainProber prober;

  public Checker(KernelTree tree, Arch arch, ToolchainProber prober) {
    this.tree = tree;
    this.era =
        tree.era().orElseThrow(() -> new IllegalArgumentException("kernel without Rust support"));
    this.arch = arch;
    this.prober = prober;
  }

  /** Checks all toolchains in parallel; results in the given order. */
  public List<ToolchainCheck> checkAll(List<Toolchain> toolchains) {
    if (toolchains.size() == 1) {
      return List.of(check(toolchains.get(0)));
    }
    // One thread per toolchain: they mostly wait for probes, which the prober's pool bounds.
    java.util.concurrent.ExecutorService each =
        java.util.concurrent.Executors.newFixedThreadPool(
            toolchains.size(),
            r -> {
              Thread t = new Thread(r, "krt-check");
              t.setDaemon(true);
              return t;
            });
    List<CompletableFuture<ToolchainCheck>> fs = new ArrayList<>();
    try {
      for (Toolchain tc : toolchains) {
        fs.add(CompletableFuture.supplyAsync(() -> check(tc), each));
      }
      return collect(fs);
    } finally {
      each.shutdown();
    }
  }

  private static List<ToolchainCheck> collect(List<CompletableFuture<ToolchainCheck>> fs) {
    List<ToolchainCheck> out = new ArrayList<>();
    for (CompletableFuture<ToolchainCheck> f : fs) {
      try {
        out.add(f.join());
      } catch (java.util.concurrent.CompletionException e) {
        if (e.getCause() instanceof UncheckedIOException u) {
          throw u;
        }
        throw e;
      }
    }
    return out;
  }

  public ToolchainCheck check(Toolchain tc) {
    long t0 = System.nanoTime();
    ToolchainProber.Session s;
    boolean icc = tree.ccVersionScript().map(t -> t.contains("ICC)")).orElse(false);
    try {
      s = prober.open(tc, tree, arch, era.bindgenDummyArg(), CcVersionScript.probe(icc));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    CheckerProbes p = s.checkerProbes();
    CheckInputs in =
        new CheckInputs(
            Optional.of(tc.rustc()),
            Optional.of(tc.bindgen()),
            Optional.of(tc.cc()),
            tc.krustflags(),
            tc.rustLibSrc(),
            "scripts/rust_is_available.sh",
            true);
    Transcript t = RustIsAvailable.run(era, in, p);
    s.awaitPrefetch();
    ToolchainFacts facts = facts(tc, s, p);
    List<Finding> findings = new ArrayList<>(t.findings());
    Optional<RustcVersion> rv = facts.rustcVersionLine().flatMap(RustcVersion::parse);
    Optional<Version> llvm = facts.rustcLlvm().map(Version::parseLenient);
    Optional<String> ccName = facts.cc().map(c -> c.split(" ")[0]);
    Optional<Version> clang =
        facts.clangMajor().isPresent()
            ? Optional.of(Version.of(facts.clangMajor().getAsInt(), 0, 0))
            : Optional.empty();
    if (t.exitCode() != 0) {
      findings.addAll(AlsoBroken.after(t.findings(), facts, tree.policy(arch)));
    }
    findings.addAll(
        KrtChecks.run(
            rv,
            tc.rustdoc().map(d -> new KrtChecks.Tool(d, Optional.of(s.toolVersion(d)))),
            tc.rustfmt().map(d -> new KrtChecks.Tool(d, Optional.of(s.toolVersion(d)))),
            tc.clippyDriver().map(d -> new KrtChecks.Tool(d, Optional.of(s.toolVersion(d)))),
            llvm,
            ccName,
            clang));
    return new ToolchainCheck(
        tc,
        facts,
        t.verdict(),
        t.exitCode(),
        findings,
        t.stderr(),
        (System.nanoTime() - t0) / 1_000_000,
        Optional.empty());
  }

  private ToolchainFacts facts(Toolchain tc, ToolchainProber.Session s, CheckerProbes p) {
    Optional<String> rustcPath = s.resolve(tc.rustc());
    Optional<String> line = Optional.empty();
    Optional<String> version = Optional.empty();
    Optional<String> channel = Optional.empty();
    Optional<String> llvm = Optional.empty();
    Optional<String> host = Optional.empty();
    Optional<String> sysroot = Optional.empty();
    Optional<String> core = Optional.empty();
    boolean coreFound = false;
    if (rustcPath.isPresent()) {
      Run rv = p.rustcVersion();
      if (rv.code() == 0) {
        String first = VersionText.firstLine(rv.out()).strip();
        line = Optional.of(first).filter(x -> !x.isEmpty());
        version = VersionText.sedFirstLine(first, "rustc");
        channel = RustcVersion.parse(first).map(RustcVersion::channel);
      }
      Run vv = s.rustcVerbose();
      if (vv.code() == 0) {
        llvm = VersionText.rustcLlvm(vv.out()).map(Version::toString);
        host = VersionText.rustcVerboseField(vv.out(), "host");
      }
      Run sys = p.rustcSysroot(p.fields(tc.krustflags().orElse("")));
      if (sys.code() == 0) {
        sysroot = Optional.of(dev.krt.shell.DashText.commandSubstitution(sys.out()));
      }
      String src =
          tc.rustLibSrc()
              .filter(x -> !x.isEmpty())
              .orElse(sysroot.map(x -> x + "/lib/rustlib/src/rust/library").orElse(null));
      if (src != null) {
        core = Optional.of(src + "/core/src/lib.rs");
        coreFound = p.pathExists(core.get());
      }
    }
    Optional<String> bgPath = s.resolve(tc.bindgen());
    Optional<String> bg = Optional.empty();
    Optional<String> lc = Optional.empty();
    if (bgPath.isPresent()) {
      Run b = p.bindgenVersion(era.bindgenDummyArg());
      if (b.code() == 0) {
        bg = VersionText.bindgen(b.out()).map(Version::toString);
      }
      Run l = p.bindgenLibclang();
      if (l.code() == 0) {
        lc = VersionText.libclang(l.out()).map(Version::toString);
      }
    }
    Optional<String> cc = Optional.empty();
    List<String> words = p.fields(tc.cc());
    if (!words.isEmpty()) {
      CcVersionScript.Result r = CcVersionScript.run(words, p, "scripts/rust_is_available.sh");
      if (!r.name().isEmpty()) {
        // As cc-version.sh identifies it (the macros), e.g. "Clang 19.1.7", "GCC 12.2.0".
        cc = Optional.of(r.name() + " " + r.version().orElse("?"));
      }
    }
    return new ToolchainFacts(
        rustcPath,
        line,
        version,
        channel,
        llvm,
        host,
        sysroot,
        core,
        coreFound,
        bgPath,
        bg,
        lc,
        cc,
        tc.rustdoc()
            .map(s::toolVersion)
            .filter(r -> r.code() == 0)
            .map(r -> VersionText.firstLine(r.out()).strip()),
        tc.rustfmt()
            .map(s::toolVersion)
            .filter(r -> r.code() == 0)
            .map(r -> VersionText.firstLine(r.out()).strip()),
        tc.clippyDriver()
            .map(s::toolVersion)
            .filter(r -> r.code() == 0)
            .map(r -> VersionText.firstLine(r.out()).strip()));
  }
}
