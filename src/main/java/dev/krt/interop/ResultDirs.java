package dev.krt.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.krt.cache.AtomicFiles;
import dev.krt.error.UserException;
import dev.krt.matrix.CellKeys;
import dev.krt.report.Json;
import dev.krt.report.MatrixJson;
import dev.krt.store.CellRow;
import dev.krt.store.RunRow;
import dev.krt.store.StepRow;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A cell result as files, for CI systems to carry as artifacts ({@code krt matrix run --results
 * DIR}) and {@code krt matrix import} to record: {@code DIR/<short key>/} holds {@value #CELL_FILE}
 * (the run it came from with its matrix text, the cell as {@code POST /api/runs/ID/cells} takes it,
 * the log's checksum), {@code metadata.json} and {@code build.log.gz}. Documented in
 * docs/pipelines.md; schema {@value #SCHEMA}.
 */
public final class ResultDirs {
  public static final String SCHEMA = "krt.cell-result/1";
  public static final String CELL_FILE = "krt-cell.json";
  public static final String METADATA = "metadata.json";
  public static final String LOG = "build.log.gz";

  /** The largest files import reads: a matrix file is at most 1 MiB, a log at most 1 GiB. */
  static final long MAX_CELL_FILE = 4L << 20;

  static final long MAX_METADATA = 1L << 20;
  static final long MAX_LOG = 1L << 30;

  private static final Set<String> FIELDS =
      Set.of("schema", "krt_version", "run", "ordinal", "started_at", "finished_at", "cell", "log");
  private static final Set<String> RUN_FIELDS =
      Set.of("id", "host", "matrix", "matrix_sha256", "matrix_text");
  private static final Set<String> LOG_FIELDS = Set.of("file", "sha256", "bytes");

  private ResultDirs() {}

  /**
   * Writes one finished cell under {@code dir}; its directory.
   *
   * @param storedLog the cell's compressed log as the store keeps it (a farm cell's), asked for
   *     only when its log file is not on this machine
   */
  public static Path write(
      Path dir,
      RunRow run,
      int ordinal,
      CellRow cell,
      List<StepRow> steps,
      List<dev.krt.store.TestRow> tests,
      java.util.function.Supplier<Optional<byte[]>> storedLog)
      throws IOException {
    Path cellDir = dir.resolve(CellKeys.shortKey(cell.key()));
    if (Files.isSymbolicLink(dir) || Files.isSymbolicLink(cellDir)) {
      throw new UserException("--results: " + cellDir + " is a symbolic link; krt writes no link");
    }
    Files.createDirectories(cellDir);
    ObjectNode root = Json.M.createObjectNode();
    root.put("schema", SCHEMA);
    root.put(
        "krt_version",
        Optional.ofNullable(ResultDirs.class.getPackage().getImplementationVersion())
            .orElse("dev"));
    ObjectNode r = root.putObject("run");
    r.put("id", run.id());
    r.put("host", run.host());
    r.put("matrix", run.specPath());
    r.put(
        "matrix_sha256", sha256(run.specText().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    r.put("matrix_text", run.specText());
    root.put("ordinal", ordinal);
    long finished = cell.finishedAt().orElse(System.currentTimeMillis());
    root.put("started_at", cell.startedAt().orElse(finished - cell.durationMs().orElse(0L)));
    root.put("finished_at", finished);
    ObjectNode c = MatrixJson.detail(cell, steps, tests);
    // The result itself, not where this machine keeps it.
    for (String f : List.of("reused_from", "log", "log_lines", "worker", "metadata")) {
      c.remove(f);
    }
    CellReports.fit(c);
    root.set("cell", c);
    Path log = cellDir.resolve(LOG);
    Optional<Path> source = cell.logPath().map(Path::of).filter(Files::isRegularFile);
    Optional<byte[]> stored = source.isPresent() ? Optional.empty() : storedLog.get();
    if (source.isPresent() || stored.isPresent()) {
      String sum;
      if (source.isPresent()) {
        sum = copy(source.get(), log);
      } else {
        AtomicFiles.write(log, stored.get());
        sum = sha256(stored.get());
      }
      root.putObject("log").put("file", LOG).put("sha256", sum).put("bytes", Files.size(log));
    } else {
      root.putNull("log");
      Files.deleteIfExists(log);
    }
    Path meta = cellDir.resolve(METADATA);
    if (cell.metadataJson().isPresent()) {
      AtomicFiles.write(
          meta, cell.metadataJson().get().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } else {
      Files.deleteIfExists(meta);
    }
    AtomicFiles.write(
        cellDir.resolve(CELL_FILE),
        Json.M.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    return cellDir;
  }

  /** A result as read back: checked, with where its files are. */
  public record Found(
      Path file,
      String digest,
      String host,
      String matrixPath,
      String matrixText,
      int ordinal,
      long startedAt,
      long finishedAt,
      CellReports.Report report,
      Optional<Path> log,
      String logSha256,
      Optional<Path> metadata,
      String metadataSha256) {

    /** The same result holding another copy of its matrix text (import keeps one). */
    Found withMatrixText(String text) {
      return new Found(
          file,
          digest,
          host,
          matrixPath,
          text,
          ordinal,
          startedAt,
          finishedAt,
          report,
          log,
          logSha256,
          metadata,
          metadataSha256);
    }
  }

  /** The latest time krt takes: the end of year 9999, as RFC 3339 can write it. */
  static final long MAX_TIME = 253_402_300_799_999L;

  /** Reads and checks one {@value #CELL_FILE}; the first problem is the message. */
  public static Found read(Path file) throws CellReports.Invalid, IOException {
    byte[] bytes = readBounded(file, MAX_CELL_FILE);
    JsonNode n = CellReports.json(bytes, "it");
    if (!n.isObject() || !SCHEMA.equals(n.path("schema").asText(null))) {
      throw new CellReports.Invalid(
          "not a krt cell result (no \"schema\": \""
              + SCHEMA
              + "\"; krt matrix run --results writes them)");
    }
    CellReports.only(n, FIELDS, "");
    JsonNode run = n.path("run");
    if (!run.isObject()) {
      throw new CellReports.Invalid("run: an object");
    }
    CellReports.only(run, RUN_FIELDS, "run.");
    String text = text(run, "matrix_text", 1 << 20);
    String path = text(run, "matrix", 4096);
    String host = text(run, "host", 255);
    text(run, "id", 64);
    if (!sha256(text.getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .equals(run.path("matrix_sha256").asText(""))) {
      throw new CellReports.Invalid("run.matrix_sha256: not the sha-256 of run.matrix_text");
    }
    int ordinal = (int) number(n, "ordinal", 9_999);
    long started = number(n, "started_at", MAX_TIME);
    long finished = number(n, "finished_at", MAX_TIME);
    if (finished < started) {
      throw new CellReports.Invalid("finished_at: before started_at");
    }
    Path dir = file.getParent();
    Optional<Path> metadata = Optional.empty();
    String metaSum = "";
    Path meta = dir.resolve(METADATA);
    if (Files.exists(meta, LinkOption.NOFOLLOW_LINKS)) {
      metaSum = sha256(metadataText(meta));
      metadata = Optional.of(meta);
    }
    JsonNode cell = n.path("cell");
    if (!cell.isObject()) {
      throw new CellReports.Invalid("cell: an object");
    }
    for (String inline : List.of("log", "metadata")) {
      if (cell.has(inline)) {
        throw new CellReports.Invalid(
            "cell." + inline + ": not in a result (its files are next to " + CELL_FILE + ")");
      }
    }
    CellReports.Report report;
    try {
      report = CellReports.parse(cell);
    } catch (CellReports.Invalid e) {
      throw new CellReports.Invalid("cell." + e.getMessage());
    }
    Optional<Path> log = Optional.empty();
    String logSum = "";
    JsonNode l = n.get("log");
    if (l != null && !l.isNull()) {
      if (!l.isObject()) {
        throw new CellReports.Invalid("log: an object");
      }
      CellReports.only(l, LOG_FIELDS, "log.");
      if (!LOG.equals(l.path("file").asText())) {
        throw new CellReports.Invalid("log.file: must be \"" + LOG + "\"");
      }
      Path p = dir.resolve(LOG);
      if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
        throw new CellReports.Invalid(LOG + " is missing (or not a plain file) next to it");
      }
      long size = number(l, "bytes", MAX_LOG);
      if (Files.size(p) != size) {
        throw new CellReports.Invalid(
            LOG + ": " + Files.size(p) + " bytes, not the " + size + " it was written with");
      }
      logSum = l.path("sha256").asText("");
      if (!logSum.matches("[0-9a-f]{64}")) {
        throw new CellReports.Invalid("log.sha256: 64 hexadecimal digits");
      }
      log = Optional.of(p);
    }
    String digest =
        sha256(
            (sha256(bytes) + " " + logSum + " " + metaSum)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return new Found(
        file, digest, host, path, text, ordinal, started, finished, report, log, logSum, metadata,
        metaSum);
  }

  /**
   * Copies a checked result's log to {@code target}, checking its checksum and that it is gzip all
   * the way; how many lines it has.
   */
  public static long copyLog(Found f, Path target) throws CellReports.Invalid, IOException {
    Files.createDirectories(target.getParent());
    if (!copy(f.log().orElseThrow(), target).equals(f.logSha256())) {
      Files.deleteIfExists(target);
      throw new CellReports.Invalid(LOG + ": its sha-256 is not the one it was written with");
    }
    long lines = 0;
    boolean lastNewline = true;
    long total = 0;
    try (InputStream text = new java.util.zip.GZIPInputStream(Files.newInputStream(target))) {
      byte[] b = new byte[1 << 16];
      for (int k; (k = text.read(b)) > 0; ) {
        total += k;
        if (total > MAX_LOG + (1 << 20)) {
          throw new CellReports.Invalid(LOG + ": more than 1 GiB of text");
        }
        for (int i = 0; i < k; i++) {
          if (b[i] == '\n') {
            lines++;
          }
        }
        lastNewline = b[k - 1] == '\n';
      }
    } catch (java.util.zip.ZipException | java.io.EOFException e) {
      Files.deleteIfExists(target);
      throw new CellReports.Invalid(LOG + ": not gzip (" + e.getMessage() + ")");
    } catch (CellReports.Invalid e) {
      Files.deleteIfExists(target);
      throw e;
    }
    // Counted as the log's pages count them: a last line without a newline is a line.
    return total == 0 || lastNewline ? lines : lines + 1;
  }

  /** Copies a file through a temporary one (a reader never sees half of it); its sha-256. */
  private static String copy(Path from, Path to) throws IOException {
    MessageDigest md = digest();
    Path tmp = to.resolveSibling(to.getFileName() + ".tmp");
    try (InputStream in =
        new DigestInputStream(Files.newInputStream(from, LinkOption.NOFOLLOW_LINKS), md)) {
      Files.copy(in, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    Files.move(
        tmp,
        to,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return HexFormat.of().formatHex(md.digest());
  }

  private static byte[] readBounded(Path p, long max) throws CellReports.Invalid, IOException {
    if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
      throw new CellReports.Invalid(p.getFileName() + ": not a plain file");
    }
    if (Files.size(p) > max) {
      throw new CellReports.Invalid(p.getFileName() + ": larger than " + (max >> 20) + " MiB");
    }
    try (InputStream in = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS)) {
      return in.readNBytes((int) max + 1);
    }
  }

  private static String text(JsonNode n, String f, int max) throws CellReports.Invalid {
    JsonNode v = n.get(f);
    if (v == null || !v.isTextual() || v.asText().length() > max) {
      throw new CellReports.Invalid("run." + f + ": a string of at most " + max + " characters");
    }
    return v.asText();
  }

  private static long number(JsonNode n, String f, long max) throws CellReports.Invalid {
    JsonNode v = n.get(f);
    if (v == null
        || !v.isIntegralNumber()
        || !v.canConvertToLong()
        || v.asLong() < 0
        || v.asLong() > max) {
      throw new CellReports.Invalid(f + ": a whole number from 0 to " + max);
    }
    return v.asLong();
  }

  static String sha256(byte[] b) {
    return HexFormat.of().formatHex(digest().digest(b));
  }

  /** A result's metadata.json, checked to be a JSON object. */
  static byte[] metadataText(Path meta) throws CellReports.Invalid, IOException {
    byte[] m = readBounded(meta, MAX_METADATA);
    if (!CellReports.json(m, METADATA).isObject()) {
      throw new CellReports.Invalid(METADATA + ": not a JSON object");
    }
    return m;
  }

  /** A checked result's metadata.json as it was when it was read, or an error if it changed. */
  public static Optional<String> metadata(Found f) throws CellReports.Invalid, IOException {
    if (f.metadata().isEmpty()) {
      return Optional.empty();
    }
    byte[] m = metadataText(f.metadata().get());
    if (!sha256(m).equals(f.metadataSha256())) {
      throw new CellReports.Invalid(METADATA + ": changed while it was imported");
    }
    return Optional.of(new String(m, java.nio.charset.StandardCharsets.UTF_8));
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
