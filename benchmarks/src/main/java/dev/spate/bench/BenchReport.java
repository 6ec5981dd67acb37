package dev.spate.bench;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything one benchmark run measured: where, how, and the per-query results.
 *
 * @param preparationMillis per suite and scale factor ({@code ssb/sf1}), the data generation
 *     time (near zero when earlier data was reused)
 * @param backendNotes per backend that could not run, the reason (e.g. no GPU)
 */
public record BenchReport(MachineFacts machine, BenchSettings settings, Instant startedAt,
    double elapsedSeconds, Map<String, Double> preparationMillis,
    Map<BenchBackend, String> backendNotes, List<QueryResult> results) {
  public BenchReport {
    requireNonNull(machine, "machine is null");
    requireNonNull(settings, "settings is null");
    requireNonNull(startedAt, "startedAt is null");
    preparationMillis = Map.copyOf(preparationMillis);
    backendNotes = Map.copyOf(backendNotes);
    results = List.copyOf(results);
  }

  /** Whether any query gave a wrong answer or an error. */
  public boolean failed() {
    return results.stream().anyMatch(QueryResult::failed);
  }
}
