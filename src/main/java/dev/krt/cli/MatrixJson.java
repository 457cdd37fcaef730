package dev.krt.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.krt.matrix.RunJson;
import dev.krt.store.CellRow;
import dev.krt.store.RunRow;
import dev.krt.store.Store;
import java.io.IOException;
import java.io.PrintStream;

/** {@code krt matrix ... --format json}: the shapes of {@link RunJson} (docs/matrix.md). */
final class MatrixJson {
  static final ObjectMapper M = RunJson.M;

  private MatrixJson() {}

  static void print(PrintStream out, Store db, RunRow run) throws IOException {
    out.println(M.writeValueAsString(RunJson.full(db, run)));
  }

  static ObjectNode run(RunRow r) {
    return RunJson.run(r);
  }

  static ObjectNode cell(CellRow c) {
    return RunJson.cell(c);
  }
}
