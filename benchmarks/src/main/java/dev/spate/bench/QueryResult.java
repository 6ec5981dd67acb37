package dev.spate.bench;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The measured result of one query on one backend at one scale factor: the timed repetitions
 * (warm-up runs excluded), the last run's outcome, and why it failed when it did.
 *
 * @param runMillis the wall time of each timed repetition, in run order
 * @param metricMedians per metric of {@link QueryOutcome#metrics()}, the median over repetitions
 */
public record QueryResult(String suite, double scaleFactor, String query, BenchBackend backend,
    Status status, String message, List<Double> runMillis, long inputRows, long inputBytes,
    long outputRows, Map<String, Double> metricMedians) {

  /** How a query ended. Only {@link #OK} and {@link #UNAVAILABLE} leave the exit status 0. */
  public enum Status {
    /** Every run finished and every answer was right. */
    OK,
    /** A run produced a wrong answer. */
    WRONG_ANSWER,
    /** A run failed with an error. */
    ERROR,
    /** The backend is not available on this machine (e.g. no GPU); nothing ran. */
    UNAVAILABLE
  }

  public QueryResult {
    requireNonNull(suite, "suite is null");
    requireNonNull(query, "query is null");
    requireNonNull(backend, "backend is null");
    requireNonNull(status, "status is null");
    requireNonNull(message, "message is null");
    runMillis = List.copyOf(runMillis);
    metricMedians = Map.copyOf(metricMedians);
  }

  /** A result for a query that did not run to the end. */
  public static QueryResult failed(String suite, double scaleFactor, String query,
      BenchBackend backend, Status status, String message) {
    return new QueryResult(suite, scaleFactor, query, backend, status, message, List.of(), 0, 0, 0,
        Map.of());
  }

  /** A result for a query whose repetitions all succeeded. */
  public static QueryResult measured(String suite, double scaleFactor, String query,
      BenchBackend backend, List<Double> runMillis, List<QueryOutcome> outcomes) {
    QueryOutcome last = outcomes.get(outcomes.size() - 1);
    Map<String, List<Double>> samples = new TreeMap<>();
    for (QueryOutcome outcome : outcomes) {
      outcome.metrics().forEach((name, value) ->
          samples.computeIfAbsent(name, key -> new ArrayList<>()).add(value));
    }
    Map<String, Double> medians = new TreeMap<>();
    samples.forEach((name, values) -> medians.put(name, median(values)));
    return new QueryResult(suite, scaleFactor, query, backend, Status.OK, "", runMillis,
        last.inputRows(), last.inputBytes(), last.outputRows(), medians);
  }

  /** The median run time in milliseconds, or NaN when nothing was measured. */
  public double medianMillis() {
    return runMillis.isEmpty() ? Double.NaN : median(runMillis);
  }

  /** The fastest run in milliseconds, or NaN when nothing was measured. */
  public double minMillis() {
    return runMillis.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
  }

  /** The slowest run in milliseconds, or NaN when nothing was measured. */
  public double maxMillis() {
    return runMillis.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
  }

  /** Input rows per second at the median run time. */
  public double rowsPerSecond() {
    return inputRows / (medianMillis() / 1000.0);
  }

  /** Input bytes per second at the median run time. */
  public double bytesPerSecond() {
    return inputBytes / (medianMillis() / 1000.0);
  }

  /** Whether this result makes the run fail. */
  public boolean failed() {
    return status == Status.WRONG_ANSWER || status == Status.ERROR;
  }

  /** The median of a non-empty list (the mean of the middle two for an even count). */
  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int middle = sorted.size() / 2;
    return sorted.size() % 2 == 1 ? sorted.get(middle)
        : (sorted.get(middle - 1) + sorted.get(middle)) / 2.0;
  }
}
