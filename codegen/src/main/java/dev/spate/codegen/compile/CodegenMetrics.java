package dev.spate.codegen.compile;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Process-wide codegen counters: pipeline sources generated, classes compiled, compile time, cache
 * hits and fallbacks.
 * Thread safe; read with {@link #snapshot()}.
 */
public final class CodegenMetrics {
  private final AtomicLong sourcesGenerated = new AtomicLong();
  private final AtomicLong compiles = new AtomicLong();
  private final AtomicLong compileNanos = new AtomicLong();
  private final AtomicLong cacheHits = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();

  void compiled(long nanos) {
    compiles.incrementAndGet();
    compileNanos.addAndGet(nanos);
  }

  /** Counts one pipeline source generated. */
  public void generated() {
    sourcesGenerated.incrementAndGet();
  }

  /** Counts one lookup answered from a cache (of classes by source, or of pipelines by node). */
  public void hit() {
    cacheHits.incrementAndGet();
  }

  void failed() {
    failures.incrementAndGet();
  }

  public Snapshot snapshot() {
    return new Snapshot(sourcesGenerated.get(), compiles.get(), compileNanos.get(), cacheHits.get(),
        failures.get());
  }

  /** The counters at one moment. */
  public static final class Snapshot {
    private final long sourcesGenerated;
    private final long compiles;
    private final long compileNanos;
    private final long cacheHits;
    private final long failures;

    Snapshot(long sourcesGenerated, long compiles, long compileNanos, long cacheHits,
        long failures) {
      this.sourcesGenerated = sourcesGenerated;
      this.compiles = compiles;
      this.compileNanos = compileNanos;
      this.cacheHits = cacheHits;
      this.failures = failures;
    }

    /** Pipeline sources generated (once per pipeline of a plan, not per batch). */
    public long sourcesGenerated() {
      return sourcesGenerated;
    }

    /** Classes compiled (successfully or not). */
    public long compiles() {
      return compiles;
    }

    /** Total time spent in Janino, in nanoseconds. */
    public long compileNanos() {
      return compileNanos;
    }

    /** Lookups answered from the class cache or the per-plan pipeline cache. */
    public long cacheHits() {
      return cacheHits;
    }

    /** Compilations that failed (compile error or oversized method). */
    public long failures() {
      return failures;
    }

    @Override
    public String toString() {
      return "sourcesGenerated=" + sourcesGenerated + ", compiles=" + compiles + ", compileMillis=" + compileNanos / 1_000_000 + ", cacheHits="
          + cacheHits + ", failures=" + failures;
    }
  }
}
