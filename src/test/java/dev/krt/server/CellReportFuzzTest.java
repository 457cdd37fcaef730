package dev.krt.server;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.krt.interop.CellReports;

/** What anyone with the token can post: a report or one {@link CellReports.Invalid}. */
class CellReportFuzzTest {
  @FuzzTest(maxDuration = "60s")
  void cellReport(byte[] body) {
    try {
      CellReports.parse(body);
    } catch (CellReports.Invalid expected) {
      // 400 with its message
    }
  }
}
