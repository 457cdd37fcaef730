package dev.krt.app;

/** Where a use case reports the end of each stage (the CLI times them under KRT_TIMING). */
public interface Stages {
  Stages NONE = stage -> {};

  void mark(String stage);
}
