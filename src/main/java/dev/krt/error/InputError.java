package dev.krt.error;

/**
 * Marks an exception as a problem with what the user gave krt (a path, a spec, a version, a store
 * URL), not a bug: front ends print its message as one line and exit 2, with no stack trace. Each
 * layer's own input exception implements it, so the CLI names no other package to tell the two
 * apart, and anything not marked is shown as an internal error (exit 3).
 */
public interface InputError {
  String getMessage();
}
