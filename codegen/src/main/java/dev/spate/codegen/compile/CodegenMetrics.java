package dev.spate.codegen.compile;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Process-wide codegen counters: classes compiled, compile time, class cache hits and fallbacks.
 * Thread safe; read with {@link #snapshot()}.
 */
public final class CodegenMetrics {
  private final AtomicLong compiles = new AtomicLong();
  private final AtomicLong compileNanos = new AtomicLong();
  private final AtomicLong cacheHits = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();

  void compiled(long nanos) {
    compiles.incrementAndGet();
    compileNanos.addAndGet(nanos);
  }

  void hit() {
    cacheHits.incrementAndGet();
  }

  void failed() {
    failures.incrementAndGet();
  }

  public Snapshot snapshot() {
    return new Snapshot(compiles.get(), compileNanos.get(), cacheHits.get(), failures.get());
  }

  /** The counters at one moment. */
  public static final class Snapshot {
    private final long compiles;
    private final long compileNanos;
    private final long cacheHits;
    private final long failures;

    Snapshot(long compiles, long compileNanos, long cacheHits, long failures) {
      this.compiles = compiles;
      this.compileNanos = compileNanos;
      this.cacheHits = cacheHits;
      this.failures = failures;
    }

    /** Classes compiled (successfully or not). */
    public long compiles() {
      return compiles;
    }

    /** Total time spent in Janino, in nanoseconds. */
    public long compileNanos() {
      return compileNanos;
    }

    /** Lookups answered from the class cache. */
    public long cacheHits() {
      return cacheHits;
    }

    /** Compilations that failed (compile error or oversized method). */
    public long failures() {
      return failures;
    }

    @Override
    public String toString() {
      return "compiles=" + compiles + ", compileMillis=" + compileNanos / 1_000_000 + ", cacheHits="
          + cacheHits + ", failures=" + failures;
    }
  }
}
