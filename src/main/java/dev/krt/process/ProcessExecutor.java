package dev.krt.process;

/** Something that runs programs: the real {@link ProcessRunner}, or a cache in front of it. */
public interface ProcessExecutor {
  ProcessResult run(ProcessSpec spec);
}
