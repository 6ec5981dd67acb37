package dev.spate.bench;

import static java.util.Objects.requireNonNull;

import dev.spate.streaming.StreamingQueryListener;
import dev.spate.streaming.StreamingQueryProgress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Batch figures of a streaming benchmark run, from its progress reports: {@code
 * latencyMedianMillis} and {@code latencyP99Millis} (nearest rank) of {@code
 * durationMs.triggerExecution} over the batches that read input, and {@code batches}, their
 * number. A query keeps only its latest progress reports, so runs collect every report with a
 * {@link Collector}.
 */
public final class StreamingMetrics {
  private StreamingMetrics() {}

  /**
   * Collects every progress report of the query named {@code queryName}. Add it to the session's
   * {@code streams()} before starting the query and remove it afterwards.
   */
  public static final class Collector extends StreamingQueryListener {
    private final String queryName;
    private final List<StreamingQueryProgress> reports = new ArrayList<>();

    public Collector(String queryName) {
      this.queryName = requireNonNull(queryName, "queryName is null");
    }

    /** The reports so far, in batch order. */
    public synchronized List<StreamingQueryProgress> reports() {
      return List.copyOf(reports);
    }

    @Override
    public void onQueryStarted(QueryStartedEvent event) {
      // only the batches matter
    }

    @Override
    public synchronized void onQueryProgress(QueryProgressEvent event) {
      if (queryName.equals(event.progress().name())) {
        reports.add(event.progress());
      }
    }

    @Override
    public void onQueryTerminated(QueryTerminatedEvent event) {
      // the run waits for termination itself
    }
  }

  /** The figures of the batches among {@code reports} that read input. */
  public static Map<String, Double> of(List<StreamingQueryProgress> reports) {
    List<Double> durations = new ArrayList<>();
    for (StreamingQueryProgress progress : reports) {
      Long duration = progress.durationMs().get("triggerExecution");
      if (progress.numInputRows() > 0 && duration != null) {
        durations.add(duration.doubleValue());
      }
    }
    if (durations.isEmpty()) {
      return Map.of("batches", 0.0);
    }
    durations.sort(null);
    double p99 = durations.get(Math.max(0, (int) Math.ceil(durations.size() * 0.99) - 1));
    return Map.of("latencyMedianMillis", QueryResult.median(durations), "latencyP99Millis", p99,
        "batches", (double) durations.size());
  }
}
