package dev.spate.codegen;

import dev.spate.codegen.compile.CodegenMetrics;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The codegen work of one streaming query, reported per trigger: counted on the threads the query
 * plans and runs on, between {@link #begin()} and {@link #pause()} (a new instance has begun on the
 * creating thread), and handed out by {@link #report()}. Not thread safe: one query calls it from
 * one thread at a time.
 */
public final class CodegenActivity {
  private CodegenMetrics.Snapshot pending = CodegenMetrics.Snapshot.ZERO;
  private CodegenMetrics.Snapshot mark = CodegenBackend.threadMetrics();
  private boolean counting = true;

  /** Starts counting the calling thread's work. */
  public void begin() {
    mark = CodegenBackend.threadMetrics();
    counting = true;
  }

  /** Stops counting; the work counted since {@link #begin()} waits for the next report. */
  public void pause() {
    if (counting) {
      pending = pending.plus(CodegenBackend.threadMetrics().minus(mark));
      counting = false;
    }
  }

  /**
   * Pauses and returns the work counted since the previous report, under the progress names
   * {@code numSourcesGenerated}, {@code numClassesCompiled}, {@code compileTimeMs} and {@code
   * numCacheHits}.
   */
  public Map<String, Long> report() {
    pause();
    Map<String, Long> report = new LinkedHashMap<>();
    report.put("numSourcesGenerated", pending.sourcesGenerated());
    report.put("numClassesCompiled", pending.compiles());
    report.put("compileTimeMs", pending.compileNanos() / 1_000_000);
    report.put("numCacheHits", pending.cacheHits());
    pending = CodegenMetrics.Snapshot.ZERO;
    return report;
  }
}
