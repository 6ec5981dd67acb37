package dev.spate.bench;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * What one run of a query processed: the input rows and bytes it read (for rows/s and bytes/s),
 * the rows it produced, and suite-specific figures such as {@code latencyMedianMillis} for
 * streaming queries (reported per run and summarised as medians).
 */
public record QueryOutcome(long inputRows, long inputBytes, long outputRows,
    Map<String, Double> metrics) {
  public QueryOutcome {
    requireNonNull(metrics, "metrics is null");
    metrics = Map.copyOf(metrics);
  }

  /** An outcome without extra metrics. */
  public static QueryOutcome of(long inputRows, long inputBytes, long outputRows) {
    return new QueryOutcome(inputRows, inputBytes, outputRows, Map.of());
  }
}
