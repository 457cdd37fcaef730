package dev.krt.cli;

import picocli.CommandLine.Command;

@Command(name = "check", description = "TODO")
public final class CheckCommand implements Runnable, KrtSubcommand {
  private KrtContext ctx;

  @Override
  public void setContext(KrtContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void run() {
    ctx.err().println("not yet");
  }
}
