package dev.spate.benchmarks;

import static dev.spate.functions.col;
import static dev.spate.functions.count;
import static dev.spate.functions.sum;

import dev.spate.Row;
import dev.spate.RowFactory;
import dev.spate.SpateSession;
import dev.spate.bench.BenchFiles;
import dev.spate.streaming.MemoryStream;
import dev.spate.streaming.StreamingQuery;
import dev.spate.streaming.StreamingQueryProgress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Per-batch cost of a streaming aggregation whose state grows: {@code batches} micro-batches of
 * {@code rows} rows (update mode, noop sink), each batch adding {@code rows} new groups, so the
 * state holds {@code batches * rows} groups at the end. Prints the median {@code
 * triggerExecution} and {@code addBatch} of the first and last {@code window} batches (after
 * {@code warmUp} batches of a separate query, so the JIT is warm for both). A batch whose cost is
 * proportional to the batch keeps the same figures at the end as at the start.
 *
 * <p>Usage: {@code StateGrowthBenchmark [batches] [rows] [window] [warmUp]}, default 200 1000 20
 * 100.
 */
public final class StateGrowthBenchmark {
  private StateGrowthBenchmark() {}

  public static void main(String[] args) throws IOException {
    int batches = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int rows = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    int window = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    int warmUp = args.length > 3 ? Integer.parseInt(args[3]) : 100;
    Path directory = Files.createTempDirectory("spate-state-growth");
    try (SpateSession spate = SpateSession.builder().appName("state-growth").getOrCreate()) {
      run(spate, directory.resolve("warm-up"), warmUp, rows);
      List<long[]> durations = run(spate, directory.resolve("measured"), batches, rows);
      report("first", durations.subList(0, window));
      report("last", durations.subList(durations.size() - window, durations.size()));
    } finally {
      BenchFiles.deleteRecursively(directory);
    }
  }

  /** Runs one query; returns (triggerExecution, addBatch) in ms per batch. */
  private static List<long[]> run(SpateSession spate, Path checkpoint, int batches, int rows) {
    MemoryStream input = MemoryStream.of(spate, "key BIGINT, value DOUBLE");
    StreamingQuery query = input.toDF().groupBy(col("key"))
        .agg(count("*").alias("n"), sum(col("value")).alias("total"))
        .writeStream().format("noop").outputMode("update")
        .option("checkpointLocation", checkpoint.toString()).start();
    List<long[]> durations = new ArrayList<>();
    try {
      List<Row> batch = new ArrayList<>(rows);
      for (int batchIndex = 0; batchIndex < batches; batchIndex++) {
        batch.clear();
        for (int row = 0; row < rows; row++) {
          batch.add(RowFactory.create((long) batchIndex * rows + row, row * 0.5));
        }
        input.addData(batch);
        query.processAllAvailable();
        StreamingQueryProgress progress = query.lastProgress();
        durations.add(new long[] {progress.durationMs().get("triggerExecution"),
            progress.durationMs().get("addBatch")});
      }
    } finally {
      query.stop();
    }
    return durations;
  }

  private static void report(String name, List<long[]> durations) {
    List<Long> trigger = new ArrayList<>();
    List<Long> addBatch = new ArrayList<>();
    for (long[] duration : durations) {
      trigger.add(duration[0]);
      addBatch.add(duration[1]);
    }
    trigger.sort(null);
    addBatch.sort(null);
    System.out.printf("%s %d batches: triggerExecution median %d ms (max %d), addBatch median %d"
        + " ms%n", name, durations.size(), trigger.get(trigger.size() / 2),
        trigger.get(trigger.size() - 1), addBatch.get(addBatch.size() / 2));
  }
}
