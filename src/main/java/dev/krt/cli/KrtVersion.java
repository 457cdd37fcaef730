package dev.krt.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code krt --version}. */
public final class KrtVersion implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = KrtVersion.class.getPackage().getImplementationVersion();
    return new String[] {"krt " + (v == null ? "dev" : v)};
  }
}
