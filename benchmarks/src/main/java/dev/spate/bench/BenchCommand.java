package dev.spate.bench;

import dev.spate.cli.CommandExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code spate bench <suite>}: runs a suite on the requested backends, prints a summary, and
 * writes {@code results.json} and {@code report.html} into the report folder. Exits 1 when any
 * answer was wrong or any query failed, or when a backend named explicitly is not available.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Run a benchmark suite (ssb, nexmark, sensor, micro, all),"
    + " check every answer, and write results.json and report.html.")
public final class BenchCommand implements Callable<Integer> {
  /** Registers this command as {@code spate bench}. */
  public static final class Extension implements CommandExtension {
    @Override
    public String name() {
      return "bench";
    }

    @Override
    public Object command() {
      return new BenchCommand();
    }
  }

  private static final String ALL_BACKENDS = "gpu,codegen,interpreted";

  @Parameters(index = "0", paramLabel = "SUITE", description = "ssb, nexmark, sensor, micro or all")
  String suite;

  @Option(names = "--sf", split = ",", defaultValue = "1",
      description = "scale factor(s), comma-separated (default: 1)")
  List<Double> scaleFactors = new ArrayList<>();

  @Option(names = "--backends", description = "comma-separated: gpu, codegen, interpreted"
      + " (default: all three; gpu is skipped with a note when there is none)")
  String backends;

  @Option(names = "--report", defaultValue = "bench-report",
      description = "folder for results.json and report.html (default: bench-report)")
  Path report;

  @Option(names = "--data", description = "folder where generated data is kept between runs"
      + " (default: ~/.cache/spate/bench)")
  Path data;

  @Option(names = "--warmup", defaultValue = "1", description = "untimed runs per query (default: 1)")
  int warmup;

  @Option(names = "--runs", defaultValue = "3", description = "timed runs per query (default: 3)")
  int runs;

  @Option(names = "--queries", defaultValue = ".*",
      description = "a regular expression; only queries whose name contains a match run")
  String queries;

  @Option(names = "--seed", description = "generator seed (shipped reference answers assume the default)")
  Long seed;

  @Override
  public Integer call() throws Exception {
    BenchSettings settings;
    try {
      settings = new BenchSettings(BenchSuites.select(suite), scaleFactors,
          BenchBackend.parseList(backends == null ? ALL_BACKENDS : backends), warmup, runs,
          data == null ? Path.of(System.getProperty("user.home"), ".cache", "spate", "bench") : data,
          report, Pattern.compile(queries), seed == null ? BenchSettings.DEFAULT_SEED : seed);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      return 2;
    }
    Progress progress = new Progress(System.err, System.console() != null);
    BenchReport result = new BenchRunner(settings, progress).run();
    ResultsJson.write(result, report.resolve("results.json"));
    HtmlReport.write(result, report.resolve("report.html"));
    System.out.print(summary(result));
    System.out.println("report: " + report.resolve("report.html").toAbsolutePath());
    boolean explicitGpuMissing = backends != null
        && result.backendNotes().containsKey(BenchBackend.GPU);
    if (result.failed()) {
      System.err.println("FAILED: some answers were wrong or queries failed; see above and the report");
      return 1;
    }
    if (explicitGpuMissing) {
      System.err.println("FAILED: the gpu backend was requested but is not available: "
          + result.backendNotes().get(BenchBackend.GPU));
      return 1;
    }
    return 0;
  }

  /** One line per query and backend: status, median milliseconds and rows/s. */
  static String summary(BenchReport report) {
    StringBuilder text = new StringBuilder();
    text.append(String.format(Locale.ROOT, "%-8s %-6s %-24s %-12s %-12s %12s %14s%n", "suite",
        "sf", "query", "backend", "status", "median ms", "rows/s"));
    for (QueryResult result : report.results()) {
      boolean measured = !result.runMillis().isEmpty();
      text.append(String.format(Locale.ROOT, "%-8s %-6s %-24s %-12s %-12s %12s %14s%n",
          result.suite(), BenchRunner.format(result.scaleFactor()), result.query(),
          result.backend().label(), result.status().name().toLowerCase(Locale.ROOT),
          measured ? String.format(Locale.ROOT, "%.1f", result.medianMillis()) : "-",
          measured ? String.format(Locale.ROOT, "%.0f", result.rowsPerSecond()) : "-"));
    }
    return text.toString();
  }
}
