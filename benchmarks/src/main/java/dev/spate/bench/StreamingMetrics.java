package dev.spate.bench;

import dev.spate.streaming.StreamingQuery;
import dev.spate.streaming.StreamingQueryProgress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Batch latency figures of a finished streaming query, from its progress reports: the median and
 * 99th percentile of {@code durationMs.triggerExecution} over the batches that read input, and
 * the number of such batches. Only the most recent 100 progress reports are kept by a query, so
 * suites size their micro-batches to stay under 100 batches per run.
 */
public final class StreamingMetrics {
  private StreamingMetrics() {}

  /** {@code latencyMedianMillis}, {@code latencyP99Millis} and {@code batches} of {@code query}. */
  public static Map<String, Double> of(StreamingQuery query) {
    List<Double> durations = new ArrayList<>();
    for (StreamingQueryProgress progress : query.recentProgress()) {
      Long duration = progress.durationMs().get("triggerExecution");
      if (progress.numInputRows() > 0 && duration != null) {
        durations.add(duration.doubleValue());
      }
    }
    if (durations.isEmpty()) {
      return Map.of("batches", 0.0);
    }
    durations.sort(null);
    double p99 = durations.get(Math.min(durations.size() - 1,
        (int) Math.ceil(durations.size() * 0.99) - 1));
    return Map.of("latencyMedianMillis", QueryResult.median(durations), "latencyP99Millis", p99,
        "batches", (double) durations.size());
  }
}
