package dev.krt.cli;

import dev.krt.error.UserException;
import dev.krt.store.Store;
import dev.krt.store.StoreException;
import picocli.CommandLine.Option;

/** {@code --db URL}: which store a command reads or writes. */
public final class StoreOption {
  @Option(
      names = "--db",
      paramLabel = "URL",
      description =
          "The store: jdbc:sqlite:FILE or jdbc:postgresql://HOST/DB?user=...; default: $KRT_DB, else jdbc:sqlite:~/.local/share/krt/krt.db.")
  String url;

  public String url(KrtContext ctx) {
    if (url != null && !url.isEmpty()) {
      return url;
    }
    String env = ctx.env().get("KRT_DB");
    return env != null && !env.isEmpty() ? env : Store.defaultUrl(ctx.dirs());
  }

  public Store open(KrtContext ctx) {
    try {
      return Store.open(url(ctx));
    } catch (StoreException e) {
      throw new UserException(e.getMessage());
    }
  }
}
