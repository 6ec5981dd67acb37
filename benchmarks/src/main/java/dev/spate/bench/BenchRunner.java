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
 * query on every backend ({@code warmupRuns} untimed, then {@code repetitions} timed runs), in one
 * session whose configuration selects the backend of each run, alternating backends run by run. A
 * wrong answer or an error ends that query on that backend and is reported; the other queries
 * still run. A backend that is not available (the GPU backend on a machine without a GPU) is
 * reported as such once and skipped.
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
          runQueries(suite, context, queries, backendNotes, results);
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

  /**
   * Runs every query on every backend in one session, switching the backend's configuration
   * before each run. Per query, each round runs every backend once, starting with a different
   * one each round, so that no backend is systematically measured colder (JIT) than another.
   * Results are listed per backend, then per query.
   */
  private void runQueries(BenchSuite suite, BenchContext context, List<BenchQuery> queries,
      Map<BenchBackend, String> backendNotes, List<QueryResult> results) {
    List<BenchBackend> backends = settings.backends();
    List<List<QueryResult>> perBackend = new ArrayList<>();
    backends.forEach(backend -> perBackend.add(new ArrayList<>()));
    try (SpateSession session = SpateSession.builder().appName("spate-bench").getOrCreate()) {
      for (BenchQuery query : queries) {
        List<Measurement> measurements = new ArrayList<>();
        for (BenchBackend backend : backends) {
          measurements.add(new Measurement(backend, backendNotes.get(backend)));
        }
        setUp(query, session, context, measurements);
        int rounds = settings.warmupRuns() + settings.repetitions();
        for (int round = 0; round < rounds; round++) {
          for (int turn = 0; turn < backends.size(); turn++) {
            Measurement measurement = measurements.get((round + turn) % backends.size());
            String label = String.format(Locale.ROOT, "%s sf %s %s %s %s", suite.name(),
                format(context.scaleFactor()), measurement.backend.label(), query.name(),
                round < settings.warmupRuns()
                    ? "warm-up " + (round + 1) + "/" + settings.warmupRuns()
                    : "run " + (round - settings.warmupRuns() + 1) + "/" + settings.repetitions());
            if (measurement.failure != null) {
              progress.skip(1);
              continue;
            }
            progress.step(label);
            run(query, session, context, measurement, round >= settings.warmupRuns());
          }
        }
        for (int index = 0; index < backends.size(); index++) {
          QueryResult result = measurements.get(index).result(suite, context, query);
          report(suite, query, result, backendNotes);
          perBackend.get(index).add(result);
        }
      }
    }
    perBackend.forEach(results::addAll);
  }

  private void setUp(BenchQuery query, SpateSession session, BenchContext context,
      List<Measurement> measurements) {
    try {
      query.setUp(session, context);
    } catch (Exception | OutOfMemoryError | StackOverflowError e) {
      for (Measurement measurement : measurements) {
        if (measurement.failure == null) {
          measurement.fail(QueryResult.Status.ERROR, "setting up: " + describe(e));
        }
      }
    }
  }

  /** One run of {@code query} on the measurement's backend; a failure ends its measurement. */
  private static void run(BenchQuery query, SpateSession session, BenchContext context,
      Measurement measurement, boolean timed) {
    BenchBackend backend = measurement.backend;
    backend.config().forEach(session::setConfig);
    try {
      GpuMetrics.reset();
      long start = System.nanoTime();
      QueryOutcome outcome = query.run(session, context);
      double millis = (System.nanoTime() - start) / 1e6;
      if (timed) {
        measurement.runMillis.add(millis);
        measurement.outcomes.add(backend == BenchBackend.GPU ? withGpuMetrics(outcome) : outcome);
      }
      measurement.succeeded = true;
    } catch (WrongAnswerException e) {
      measurement.fail(QueryResult.Status.WRONG_ANSWER, e.getMessage());
    } catch (SpateException e) {
      boolean noGpu = backend == BenchBackend.GPU
          && e.errorClass() == SpateException.ErrorClass.GPU && !measurement.succeeded;
      measurement.fail(noGpu ? QueryResult.Status.UNAVAILABLE : QueryResult.Status.ERROR,
          e.getMessage());
    } catch (Exception | OutOfMemoryError | StackOverflowError e) {
      measurement.fail(QueryResult.Status.ERROR, describe(e));
    }
  }

  private static String describe(Throwable e) {
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  /** Prints a failure once, and remembers a backend that turned out to be unavailable. */
  private void report(BenchSuite suite, BenchQuery query, QueryResult result,
      Map<BenchBackend, String> backendNotes) {
    if (result.status() == QueryResult.Status.UNAVAILABLE) {
      if (!backendNotes.containsKey(result.backend())) {
        backendNotes.put(result.backend(), result.message());
        progress.message(result.backend().label() + " backend unavailable, skipped: "
            + result.message());
      }
    } else if (result.failed()) {
      progress.message(String.format(Locale.ROOT, "%s %s on %s: %s: %s", suite.name(),
          query.name(), result.backend().label(), result.status(), result.message()));
    }
  }

  /** The runs of one query on one backend so far, or why they ended. */
  private static final class Measurement {
    final BenchBackend backend;
    final List<Double> runMillis = new ArrayList<>();
    final List<QueryOutcome> outcomes = new ArrayList<>();
    QueryResult.Status failure;
    String message;
    boolean succeeded;

    /** @param unavailable why the backend is known to be unavailable, or null */
    Measurement(BenchBackend backend, String unavailable) {
      this.backend = backend;
      if (unavailable != null) {
        fail(QueryResult.Status.UNAVAILABLE, unavailable);
      }
    }

    void fail(QueryResult.Status status, String why) {
      failure = status;
      message = String.valueOf(why);
    }

    QueryResult result(BenchSuite suite, BenchContext context, BenchQuery query) {
      if (failure != null) {
        return QueryResult.failed(suite.name(), context.scaleFactor(), query.name(), backend,
            failure, message);
      }
      return QueryResult.measured(suite.name(), context.scaleFactor(), query.name(), backend,
          runMillis, outcomes);
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
      BenchFiles.deleteRecursively(root);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove the scratch directory " + root, e);
    }
  }
}
