package dev.spate.bench;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a benchmark run covers and how it measures.
 *
 * @param suites the suites, in run order
 * @param scaleFactors the scale factors, each run for every suite
 * @param backends the backends, each run for every query
 * @param warmupRuns untimed runs per query and backend before the timed ones
 * @param repetitions timed runs per query and backend
 * @param dataDirectory where generated data is kept between runs
 * @param reportDirectory where {@code results.json} and {@code report.html} are written
 * @param queryFilter queries whose name this pattern finds (not necessarily matches) run
 * @param seed the data generators' seed; the shipped reference answers assume the default
 */
public record BenchSettings(List<BenchSuite> suites, List<Double> scaleFactors,
    List<BenchBackend> backends, int warmupRuns, int repetitions, Path dataDirectory,
    Path reportDirectory, Pattern queryFilter, long seed) {
  /** The generators' default seed. */
  public static final long DEFAULT_SEED = 20261124L;

  public BenchSettings {
    suites = List.copyOf(suites);
    scaleFactors = List.copyOf(scaleFactors);
    backends = List.copyOf(backends);
    requireNonNull(dataDirectory, "dataDirectory is null");
    requireNonNull(reportDirectory, "reportDirectory is null");
    requireNonNull(queryFilter, "queryFilter is null");
    if (suites.isEmpty() || scaleFactors.isEmpty() || backends.isEmpty()) {
      throw new IllegalArgumentException("a run needs at least one suite, scale factor and backend");
    }
    if (warmupRuns < 0 || repetitions < 1) {
      throw new IllegalArgumentException("warm-up runs must be >= 0 and repetitions >= 1, got "
          + warmupRuns + " and " + repetitions);
    }
  }
}
