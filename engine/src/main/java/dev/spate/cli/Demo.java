package dev.spate.cli;

import static dev.spate.functions.col;
import static dev.spate.functions.current_timestamp;
import static dev.spate.functions.input_file_name;
import static dev.spate.functions.window;

import dev.spate.DataFrame;
import dev.spate.SpateException;
import dev.spate.SpateSession;
import dev.spate.demo.SensorEventGenerator;
import dev.spate.streaming.StreamingQuery;
import dev.spate.streaming.StreamingQueryListener;
import dev.spate.streaming.StreamingQueryProgress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.commons.io.file.PathUtils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code spate demo}: the talk's continuous application. A producer thread writes IoT sensor event
 * files into a folder over time; four streaming queries run on them at once: the JSON -> Parquet
 * ETL with {@code input_file_name()} and {@code current_timestamp()}, per-device-type statistics
 * (complete mode), 5-second-window signal-loss alerts (complete mode), and 1-minute windows
 * sliding every 30 seconds with a watermark (append mode: each window printed once, when final).
 * Every micro-batch prints a progress line; the demo stops once every file is processed and prints
 * a summary.
 */
@Command(name = "demo", description = "Run the streaming sensor application on generated events.")
final class Demo implements Callable<Integer> {
  private static final long BASE_MILLIS = 1_470_187_880_400L;
  private static final int ALERTS_SHOWN = 5;

  @Mixin
  SpateCli.CommonOptions options;

  @Option(names = "--dir", defaultValue = "spate-demo", description = "working folder (default: spate-demo)")
  Path directory;

  @Option(names = "--files", defaultValue = "100", description = "input files (one per minute of event time)")
  int files;

  @Option(names = "--rows-per-file", defaultValue = "100", description = "events per file")
  int rowsPerFile;

  @Override
  public Integer call() throws InterruptedException {
    Path input = directory.resolve("input");
    Path parquet = directory.resolve("parquet");
    Path checkpoints = directory.resolve("checkpoints");
    for (Path previous : List.of(input, parquet, checkpoints)) {
      deleteRecursively(previous);
    }
    long started = System.nanoTime();
    System.out.printf("generating %d files x %d sensor events into %s, arriving over time%n",
        files, rowsPerFile, input);
    SensorEventGenerator generator = new SensorEventGenerator(BASE_MILLIS, 42);
    generator.writeFiles(input, 1, 1, rowsPerFile);
    Thread producer = new Thread(() -> produce(generator, input), "spate-demo-producer");
    try (SpateSession spate = options.session()) {
      spate.streams().addListener(new ProgressPrinter());
      DataFrame events = spate.readStream().schema(SensorEventGenerator.SCHEMA)
          .option("maxFilesPerTrigger", 10).json(input.toString());
      List<StreamingQuery> queries = List.of(
          events.withColumn("INPUT_FILE_NAME", input_file_name())
              .withColumn("PROCESSED_TIME", current_timestamp())
              .writeStream().format("parquet").queryName("etl")
              .option("checkpointLocation", checkpoints.resolve("etl").toString())
              .start(parquet.toString()),
          events.groupBy("deviceType").agg(dev.spate.functions.count("*").alias("count"),
                  dev.spate.functions.min("signalStrength").alias("min"),
                  dev.spate.functions.max("signalStrength").alias("max"),
                  dev.spate.functions.avg("signalStrength").alias("avg"))
              .orderBy("deviceType").writeStream().format("memory").queryName("device_stats")
              .outputMode("complete").start(),
          events.groupBy(window(col("timestamp"), "5 seconds"), col("deviceId")).count()
              .filter(col("count").lt(2))
              .select(col("window.start"), col("window.end"), col("deviceId"), col("count"))
              .writeStream().format("memory").queryName("signal_loss").outputMode("complete")
              .start(),
          events.withWatermark("timestamp", "1 minute")
              .groupBy(window(col("timestamp"), "1 minute", "30 seconds")).count()
              .select(col("window.start"), col("window.end"), col("count"))
              .writeStream().format("memory").queryName("window_counts").outputMode("append")
              .option("checkpointLocation", checkpoints.resolve("window_counts").toString())
              .start());
      producer.start();
      producer.join();
      for (StreamingQuery query : queries) {
        query.processAllAvailable();
      }
      for (StreamingQuery query : queries) {
        query.stop();
      }
      summary(spate, parquet, checkpoints);
    } finally {
      producer.interrupt();
    }
    System.out.printf("done in %.1f s; input in %s, Parquet output in %s%n",
        (System.nanoTime() - started) / 1e9, input, parquet);
    return 0;
  }

  /** Writes the remaining files in ten waves, about 150 ms apart. */
  private void produce(SensorEventGenerator generator, Path input) {
    int written = 1;
    int wave = Math.max(1, (files + 9) / 10);
    while (written < files) {
      try {
        Thread.sleep(150);
      } catch (InterruptedException e) {
        return;
      }
      int count = Math.min(wave, files - written);
      generator.writeFiles(input, written + 1, count, rowsPerFile);
      written += count;
    }
  }

  /** Removes what an earlier run left, so the demo always starts from an empty stream. */
  private static void deleteRecursively(Path root) {
    try {
      if (Files.exists(root)) {
        PathUtils.deleteDirectory(root);
      }
    } catch (IOException e) {
      throw SpateException.io("cannot clean " + root + ": " + e.getMessage(), e);
    }
  }


  private static void summary(SpateSession spate, Path parquet, Path checkpoints) {
    long rows = spate.read().parquet(parquet.toString()).count();
    System.out.printf("%nETL: %,d rows written to %s%n", rows, parquet);
    System.out.println("statistics per device type (complete mode):");
    System.out.print(spate.table("device_stats").showString(20, 0));
    DataFrame alerts = spate.table("signal_loss");
    System.out.printf("signal-loss alerts (5-second windows with a single event): %,d%n",
        alerts.count());
    for (dev.spate.Row alert : alerts.orderBy(col("start").desc(), col("deviceId"))
        .collectAsList().subList(0, (int) Math.min(ALERTS_SHOWN, alerts.count()))) {
      System.out.printf("  ALERT from Sensors: Between %s and %s, device %s reported only %s"
          + " times%n", alert.get(0), alert.get(1), alert.get(2), alert.get(3));
    }
    DataFrame windows = spate.table("window_counts");
    System.out.printf("1-minute windows every 30 s finalized by the watermark (append): %,d;"
        + " the first ones:%n", windows.count());
    System.out.print(windows.orderBy("start").showString(4, 0));
    System.out.printf("checkpoints (offsets, commits, state snapshots) in %s%n", checkpoints);
  }

  /** Prints one line per micro-batch of every query. */
  private static final class ProgressPrinter extends StreamingQueryListener {
    @Override
    public void onQueryStarted(QueryStartedEvent event) {}

    @Override
    public void onQueryProgress(QueryProgressEvent event) {
      StreamingQueryProgress progress = event.progress();
      Long state = progress.stateOperators().isEmpty() ? null
          : progress.stateOperators().get(0).get("numRowsTotal");
      System.out.printf("[%-13s] batch %3d: %5d rows, %,9.0f rows/s, latency %4d ms%s,"
          + " backend %s%n", progress.name(), progress.batchId(), progress.numInputRows(),
          progress.processedRowsPerSecond(), progress.durationMs().get("triggerExecution"),
          state == null ? "" : ", state " + state + " rows", progress.backend());
    }

    @Override
    public void onQueryTerminated(QueryTerminatedEvent event) {
      if (event.exception() != null) {
        System.err.printf("query %s failed: %s%n", event.id(), event.exception());
      }
    }
  }
}
