package dev.spate.codegen.compile;

/**
 * Codegen counters: pipeline sources generated, classes compiled, compile time, cache hits and
 * fallbacks, process-wide ({@link #snapshot()}) and for the calling thread ({@link
 * #threadSnapshot()}, what a streaming query reports per trigger). Thread safe.
 */
public final class CodegenMetrics {
  private static final int SOURCES = 0;
  private static final int COMPILES = 1;
  private static final int COMPILE_NANOS = 2;
  private static final int CACHE_HITS = 3;
  private static final int FAILURES = 4;

  private final long[] total = new long[5];
  private final ThreadLocal<long[]> perThread = ThreadLocal.withInitial(() -> new long[5]);

  void compiled(long nanos) {
    add(COMPILES, 1);
    add(COMPILE_NANOS, nanos);
  }

  /** Counts one pipeline source generated. */
  public void generated() {
    add(SOURCES, 1);
  }

  /** Counts one lookup answered from a cache (of classes by source, or of pipelines by node). */
  public void hit() {
    add(CACHE_HITS, 1);
  }

  void failed() {
    add(FAILURES, 1);
  }

  private void add(int counter, long amount) {
    synchronized (total) {
      total[counter] += amount;
    }
    perThread.get()[counter] += amount;
  }

  /** The process-wide counters. */
  public Snapshot snapshot() {
    synchronized (total) {
      return new Snapshot(total.clone());
    }
  }

  /** The counters of the work done on the calling thread. */
  public Snapshot threadSnapshot() {
    return new Snapshot(perThread.get().clone());
  }

  /** The counters at one moment (or the difference of two moments). Immutable. */
  public static final class Snapshot {
    /** All counters zero. */
    public static final Snapshot ZERO = new Snapshot(new long[5]);

    private final long[] counters;

    private Snapshot(long[] counters) {
      this.counters = counters;
    }

    /** Pipeline sources generated (once per pipeline of a plan, not per batch). */
    public long sourcesGenerated() {
      return counters[SOURCES];
    }

    /** Classes compiled (successfully or not). */
    public long compiles() {
      return counters[COMPILES];
    }

    /** Total time spent in Janino, in nanoseconds. */
    public long compileNanos() {
      return counters[COMPILE_NANOS];
    }

    /** Lookups answered from the class cache or the per-plan pipeline cache. */
    public long cacheHits() {
      return counters[CACHE_HITS];
    }

    /** Compilations that failed (compile error or oversized method). */
    public long failures() {
      return counters[FAILURES];
    }

    /** These counters minus {@code earlier}'s. */
    public Snapshot minus(Snapshot earlier) {
      return combine(earlier, -1);
    }

    /** These counters plus {@code other}'s. */
    public Snapshot plus(Snapshot other) {
      return combine(other, 1);
    }

    private Snapshot combine(Snapshot other, int sign) {
      long[] result = counters.clone();
      for (int index = 0; index < result.length; index++) {
        result[index] += sign * other.counters[index];
      }
      return new Snapshot(result);
    }

    @Override
    public String toString() {
      return "sourcesGenerated=" + sourcesGenerated() + ", compiles=" + compiles()
          + ", compileMillis=" + compileNanos() / 1_000_000 + ", cacheHits=" + cacheHits()
          + ", failures=" + failures();
    }
  }
}
