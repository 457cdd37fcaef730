package dev.krt.cli;

import dev.krt.error.UserException;
import java.net.URI;
import java.util.Optional;

/** The checks of a {@code --report URL} option: where results go to a {@code krt serve}. */
final class ReportOption {
  private ReportOption() {}

  /** The URL, refused unless it is http(s) with a host. */
  static Optional<URI> url(URI report) {
    if (report != null
        && (report.getScheme() == null
            || !report.getScheme().matches("https?")
            || report.getHost() == null)) {
      throw new UserException("--report: not an http(s) URL: '" + report + "'");
    }
    return Optional.ofNullable(report);
  }

  /** The server's token from {@code KRT_TOKEN}, which reporting needs; null without --report. */
  static String token(KrtContext ctx, URI report) {
    url(report);
    if (report == null) {
      return null;
    }
    String token = ctx.env().get("KRT_TOKEN");
    if (token == null || token.isBlank()) {
      throw new UserException("--report needs the server's token in KRT_TOKEN");
    }
    return token;
  }
}
