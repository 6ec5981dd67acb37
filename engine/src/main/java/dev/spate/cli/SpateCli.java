package dev.spate.cli;

import dev.spate.DataFrame;
import dev.spate.SpateException;
import dev.spate.SpateSession;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The {@code spate} command line. Errors print one line ({@code --verbose} adds the stack trace) and
 * exit with status 1; usage errors exit with status 2.
 */
@Command(name = "spate", mixinStandardHelpOptions = true, version = "spate 0.1.0",
    description = "Spate: a streaming columnar query engine.",
    subcommands = {SpateCli.Sql.class, SpateCli.Explain.class, Demo.class, Stream.class})
public final class SpateCli {
  /** Options every command shares. */
  static final class CommonOptions {
    @Option(names = "--gpu", defaultValue = "auto", description = "auto|on|off (default: auto)")
    String gpu;

    @Option(names = "--conf", description = "a configuration value, key=value (repeatable)")
    Map<String, String> conf = new LinkedHashMap<>();

    @Option(names = "--verbose", description = "print stack traces of errors")
    boolean verbose;

    SpateSession session() {
      SpateSession.Builder builder = SpateSession.builder().appName("spate-cli");
      builder.config("spate.gpu.enabled", gpuMode(gpu));
      conf.forEach(builder::config);
      return builder.getOrCreate();
    }

    private static String gpuMode(String value) {
      switch (value.toLowerCase(java.util.Locale.ROOT)) {
        case "on":
        case "true":
          return "true";
        case "off":
        case "false":
          return "false";
        case "auto":
          return "auto";
        default:
          throw SpateException.analysis("--gpu expects auto, on or off, got '%s'", value);
      }
    }
  }

  @Command(name = "sql", description = "Run a batch SQL query and print the result as a table.")
  static final class Sql implements Callable<Integer> {
    @CommandLine.Mixin
    CommonOptions options;

    @Parameters(index = "0", paramLabel = "SQL", description = "the query, e.g. SELECT * FROM parquet.`data/`")
    String sql;

    @Option(names = "--max-rows", defaultValue = "1000", description = "rows to print (default 1000)")
    int maxRows;

    @Override
    public Integer call() {
      try (SpateSession session = options.session()) {
        DataFrame result = session.sql(sql);
        System.out.print(result.showString(maxRows, 0));
      }
      return 0;
    }
  }

  @Command(name = "explain", description = "Print the plan of a query with the backend of each operator.")
  static final class Explain implements Callable<Integer> {
    @CommandLine.Mixin
    CommonOptions options;

    @Parameters(index = "0", paramLabel = "SQL", description = "the query")
    String sql;

    @Option(names = "--mode", defaultValue = "placement",
        description = "simple|extended|placement (default: placement)")
    String mode;

    @Override
    public Integer call() {
      try (SpateSession session = options.session()) {
        System.out.print(session.sql(sql).explainString(mode));
      }
      return 0;
    }
  }

  /** Stands in for {@code spate bench} when spate-benchmarks is not on the class path. */
  @Command(name = "bench", description = "Run a benchmark suite (needs the spate-benchmarks module).")
  static final class BenchMissing implements Callable<Integer> {
    @Parameters(arity = "0..*", hidden = true)
    java.util.List<String> ignored;

    @Override
    public Integer call() {
      throw new SpateException(SpateException.ErrorClass.ANALYSIS, "the benchmark suites are in the"
          + " spate-benchmarks module, which is not on this class path; run `./spate bench ...`"
          + " from a source checkout, which builds it and puts it there");
    }
  }

  private SpateCli() {}

  /** Runs the command line and returns the exit status. */
  public static int run(String... arguments) {
    CommandLine commandLine = new CommandLine(new SpateCli());
    for (CommandExtension extension : java.util.ServiceLoader.load(CommandExtension.class)) {
      commandLine.addSubcommand(extension.name(), extension.command());
    }
    if (!commandLine.getSubcommands().containsKey("bench")) {
      commandLine.addSubcommand("bench", new BenchMissing());
    }
    boolean verbose = java.util.Arrays.asList(arguments).contains("--verbose");
    commandLine.setExecutionExceptionHandler((exception, line, parseResult) -> {
      PrintWriter err = line.getErr();
      if (verbose) {
        exception.printStackTrace(err);
      } else {
        err.println("error: " + exception.getMessage());
        if (!(exception instanceof SpateException)) {
          err.println("(run with --verbose for the stack trace)");
        }
      }
      err.flush();
      return 1;
    });
    return commandLine.execute(arguments);
  }

  public static void main(String[] arguments) {
    System.exit(run(arguments));
  }
}
