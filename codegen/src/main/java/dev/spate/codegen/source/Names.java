package dev.spate.codegen.source;

/**
 * Fresh identifiers for one generated class: every call returns a name never returned before by
 * this instance, so generating a plan twice never collides inside a class, and each class has its
 * own counter (names restart, which keeps the source of equal plans identical for the class cache).
 */
public final class Names {
  private int next;

  /** A new identifier starting with {@code prefix} (a Java identifier start, no digits at the end). */
  public String fresh(String prefix) {
    return prefix + next++;
  }
}
