package dev.spate.bench;

import static java.util.Objects.requireNonNull;

import dev.spate.SpateException;
import dev.spate.SpateSession;
import dev.spate.gpu.GpuDevice;
import dev.spate.gpu.GpuDeviceInfo;
import dev.spate.gpu.GpuMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs suites: for each suite and scale factor it prepares the data, then runs every selected
 * query on every backend ({@code warmupRuns} untimed, then {@code repetitions} timed runs), with
 * one session per backend. A wrong answer or an error ends that query on that backend and is
 * reported; the other queries still run. A backend that is not available (the GPU backend on a
 * machine without a GPU) is reported as such once and skipped.
 */
public final class BenchRunner {
  private final BenchSettings settings;
  private final Progress progress;

  public BenchRunner(BenchSettings settings, Progress progress) {
    this.settings = requireNonNull(settings, "settings is null");
    this.progress = requireNonNull(progress, "progress is null");
  }

  /** Runs everything the settings select and returns the report (also when queries failed). */
  public BenchReport run() throws IOException {
    Instant startedAt = Instant.now();
    long started = System.nanoTime();
    Map<String, Double> preparation = new LinkedHashMap<>();
    Map<BenchBackend, String> backendNotes = new EnumMap<>(BenchBackend.class);
    List<QueryResult> results = new ArrayList<>();
    progress.addSteps((long) settings.suites().size() * settings.scaleFactors().size());
    for (BenchSuite suite : settings.suites()) {
      for (double scaleFactor : settings.scaleFactors()) {
        BenchContext context = context(suite, scaleFactor);
        progress.step("preparing " + suite.name() + " data at sf " + format(scaleFactor));
        long prepareStart = System.nanoTime();
        suite.prepare(context);
        preparation.put(suite.name() + "/sf" + format(scaleFactor),
            (System.nanoTime() - prepareStart) / 1e6);
        List<BenchQuery> queries = selected(suite.queries(context));
        progress.addSteps((long) queries.size() * settings.backends().size()
            * (settings.warmupRuns() + settings.repetitions()));
        try {
          for (BenchBackend backend : settings.backends()) {
            runBackend(suite, context, queries, backend, backendNotes, results);
          }
        } finally {
          deleteRecursively(context.scratchDirectory());
        }
      }
    }
    progress.finish();
    String gpu = GpuDevice.info().map(GpuDeviceInfo::describe)
        .orElseGet(() -> GpuFacts.describe() + " (Spate: " + GpuDevice.unavailableReason()
            .orElse("") + ")");
    return new BenchReport(MachineFacts.collect(gpu), settings, startedAt,
        (System.nanoTime() - started) / 1e9, preparation, backendNotes, results);
  }

  private void runBackend(BenchSuite suite, BenchContext context, List<BenchQuery> queries,
      BenchBackend backend, Map<BenchBackend, String> backendNotes, List<QueryResult> results) {
    int stepsPerQuery = settings.warmupRuns() + settings.repetitions();
    SpateSession.Builder builder = SpateSession.builder().appName("spate-bench");
    backend.config().forEach(builder::config);
    try (SpateSession session = builder.getOrCreate()) {
      for (BenchQuery query : queries) {
        if (backendNotes.containsKey(backend)) {
          progress.skip(stepsPerQuery);
          results.add(QueryResult.failed(suite.name(), context.scaleFactor(), query.name(),
              backend, QueryResult.Status.UNAVAILABLE, backendNotes.get(backend)));
          continue;
        }
        QueryResult result = runQuery(suite, context, query, backend, session);
        if (result.status() == QueryResult.Status.UNAVAILABLE) {
          backendNotes.put(backend, result.message());
          progress.message(backend.label() + " backend unavailable, skipped: " + result.message());
        } else if (result.failed()) {
          progress.message(String.format(Locale.ROOT, "%s %s on %s: %s: %s", suite.name(),
              query.name(), backend.label(), result.status(), result.message()));
        }
        results.add(result);
      }
    }
  }

  private QueryResult runQuery(BenchSuite suite, BenchContext context, BenchQuery query,
      BenchBackend backend, SpateSession session) {
    String label = String.format(Locale.ROOT, "%s sf %s %s %s", suite.name(),
        format(context.scaleFactor()), backend.label(), query.name());
    int stepsLeft = settings.warmupRuns() + settings.repetitions();
    List<Double> runMillis = new ArrayList<>();
    List<QueryOutcome> outcomes = new ArrayList<>();
    try {
      query.setUp(session, context);
      for (int run = 1; run <= settings.warmupRuns(); run++) {
        progress.step(label + " warm-up " + run + "/" + settings.warmupRuns());
        stepsLeft--;
        query.run(session, context);
      }
      for (int run = 1; run <= settings.repetitions(); run++) {
        progress.step(label + " run " + run + "/" + settings.repetitions());
        stepsLeft--;
        GpuMetrics.reset();
        long start = System.nanoTime();
        QueryOutcome outcome = query.run(session, context);
        runMillis.add((System.nanoTime() - start) / 1e6);
        outcomes.add(backend == BenchBackend.GPU ? withGpuMetrics(outcome) : outcome);
      }
      return QueryResult.measured(suite.name(), context.scaleFactor(), query.name(), backend,
          runMillis, outcomes);
    } catch (WrongAnswerException e) {
      return failed(suite, context, query, backend, stepsLeft, QueryResult.Status.WRONG_ANSWER,
          e.getMessage());
    } catch (SpateException e) {
      boolean noGpu = backend == BenchBackend.GPU
          && e.errorClass() == SpateException.ErrorClass.GPU && runMillis.isEmpty();
      return failed(suite, context, query, backend, stepsLeft,
          noGpu ? QueryResult.Status.UNAVAILABLE : QueryResult.Status.ERROR, e.getMessage());
    } catch (Exception | OutOfMemoryError | StackOverflowError e) {
      return failed(suite, context, query, backend, stepsLeft, QueryResult.Status.ERROR,
          e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  /**
   * Adds what the GPU backend counted during the run: kernel-only milliseconds (to compare with
   * the end-to-end time), kernel launches, and bytes across PCIe in each direction.
   */
  private static QueryOutcome withGpuMetrics(QueryOutcome outcome) {
    GpuMetrics.Snapshot gpu = GpuMetrics.snapshot();
    Map<String, Double> metrics = new LinkedHashMap<>(outcome.metrics());
    metrics.put("gpuKernelMillis", gpu.kernelNanos() / 1e6);
    metrics.put("gpuKernelLaunches", (double) gpu.kernelLaunches());
    metrics.put("pcieHostToDeviceBytes", (double) gpu.hostToDeviceBytes());
    metrics.put("pcieDeviceToHostBytes", (double) gpu.deviceToHostBytes());
    return new QueryOutcome(outcome.inputRows(), outcome.inputBytes(), outcome.outputRows(),
        metrics);
  }

  private QueryResult failed(BenchSuite suite, BenchContext context, BenchQuery query,
      BenchBackend backend, int stepsLeft, QueryResult.Status status, String message) {
    progress.skip(stepsLeft);
    return QueryResult.failed(suite.name(), context.scaleFactor(), query.name(), backend, status,
        String.valueOf(message));
  }

  private BenchContext context(BenchSuite suite, double scaleFactor) throws IOException {
    Path data = settings.dataDirectory().resolve(suite.name()).resolve("sf" + format(scaleFactor));
    Files.createDirectories(data);
    Files.createDirectories(settings.reportDirectory());
    Path scratch = Files.createTempDirectory(settings.reportDirectory(), ".scratch-");
    return new BenchContext(scaleFactor, data, scratch, settings.seed());
  }

  private List<BenchQuery> selected(List<BenchQuery> queries) {
    List<BenchQuery> selected = new ArrayList<>();
    for (BenchQuery query : queries) {
      if (settings.queryFilter().matcher(query.name()).find()) {
        selected.add(query);
      }
    }
    return selected;
  }

  /** A scale factor as written in paths and reports: {@code 1}, {@code 0.01}, {@code 10}. */
  public static String format(double scaleFactor) {
    return java.math.BigDecimal.valueOf(scaleFactor).stripTrailingZeros().toPlainString();
  }

  private static void deleteRecursively(Path root) {
    try {
      org.apache.commons.io.file.PathUtils.deleteDirectory(root);
    } catch (java.nio.file.NoSuchFileException e) {
      // nothing to remove
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove the scratch directory " + root, e);
    }
  }
}
