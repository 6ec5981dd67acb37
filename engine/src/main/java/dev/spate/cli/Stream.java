package dev.spate.cli;

import dev.spate.DataFrame;
import dev.spate.SpateException;
import dev.spate.SpateSession;
import dev.spate.streaming.StreamingQuery;
import dev.spate.streaming.StreamingQueryProgress;
import dev.spate.streaming.Trigger;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code spate stream}: runs one SQL query continuously over a file source into a sink, printing
 * a progress line per micro-batch. The source is the view {@code input}; {@code --trigger once} and
 * {@code available-now} stop when the data present at start is processed, an interval keeps
 * running until the process is interrupted.
 */
@Command(name = "stream", description = "Run a SQL query continuously from a file source to a sink.")
final class Stream implements Callable<Integer> {
  @Mixin
  SpateCli.CommonOptions options;

  @Option(names = "--source", required = true, description = "format:path, e.g. json:in/")
  String source;

  @Option(names = "--schema", required = true, description = "DDL schema of the source")
  String schema;

  @Option(names = "--query", required = true, description = "SQL over the view named input")
  String query;

  @Option(names = "--sink", required = true, description = "format:path (parquet, json, csv), or console")
  String sink;

  @Option(names = "--checkpoint", description = "checkpoint folder (required for file sinks)")
  String checkpoint;

  @Option(names = "--trigger", defaultValue = "default", description = "5s | once | available-now (default: as fast as possible)")
  String trigger;

  @Option(names = "--output-mode", defaultValue = "append", description = "append | update | complete")
  String outputMode;

  @Option(names = "--max-files-per-trigger", description = "at most this many new files per micro-batch")
  Integer maxFilesPerTrigger;

  @Override
  public Integer call() {
    String[] from = split(source, "--source");
    try (SpateSession spate = options.session()) {
      dev.spate.streaming.DataStreamReader reader = spate.readStream().format(from[0]).schema(schema);
      if (maxFilesPerTrigger != null) {
        reader.option("maxFilesPerTrigger", maxFilesPerTrigger.longValue());
      }
      reader.load(from[1]).createOrReplaceTempView("input");
      DataFrame result = spate.sql(query);
      dev.spate.streaming.DataStreamWriter writer = result.writeStream().outputMode(outputMode).trigger(trigger(trigger));
      if (checkpoint != null) {
        writer.option("checkpointLocation", checkpoint);
      }
      StreamingQuery running;
      if (sink.equals("console")) {
        running = writer.format("console").start();
      } else {
        String[] to = split(sink, "--sink");
        running = writer.format(to[0]).start(to[1]);
      }
      long printed = -1;
      while (running.isActive()) {
        running.awaitTermination(200);
        printed = print(running, printed);
      }
      running.awaitTermination();
      print(running, printed);
    }
    return 0;
  }

  private static long print(StreamingQuery query, long printed) {
    for (StreamingQueryProgress progress : query.recentProgress()) {
      if (progress.batchId() > printed) {
        System.out.printf("batch %d: %d rows in, %d out, %.0f rows/s, latency %d ms, backend %s%n",
            progress.batchId(), progress.numInputRows(),
            ((Number) progress.sink().get("numOutputRows")).longValue(),
            progress.processedRowsPerSecond(), progress.durationMs().get("triggerExecution"),
            progress.backend());
        printed = progress.batchId();
      }
    }
    return printed;
  }

  private static String[] split(String text, String option) {
    int colon = text.indexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw SpateException.analysis("%s must be format:path, for example json:in/, got '%s'",
          option, text);
    }
    return new String[] {text.substring(0, colon).toLowerCase(Locale.ROOT),
        text.substring(colon + 1)};
  }

  private static Trigger trigger(String text) {
    switch (text.toLowerCase(Locale.ROOT)) {
      case "default":
        return Trigger.Default();
      case "once":
        return Trigger.Once();
      case "available-now":
      case "availablenow":
        return Trigger.AvailableNow();
      default:
        return Trigger.ProcessingTime(text);
    }
  }
}
