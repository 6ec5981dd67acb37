package dev.spate.streaming;

import static dev.spate.functions.col;
import static dev.spate.functions.count;
import static dev.spate.functions.sum;
import static dev.spate.functions.window;

import dev.spate.DataFrame;
import dev.spate.SpateSession;
import java.nio.file.Path;
import java.util.List;

/**
 * The child process of {@link StatefulCrashRestartTest}: streams the JSON files of {@code args[0]}
 * (one file per batch, event time {@code ts} with a 10-second watermark delay) through two
 * stateful queries into Parquet sinks under {@code args[1]}, until it is killed or (with {@code
 * args[2] = "drain"}) the input is processed:
 *
 * <ul>
 *   <li>{@value #WINDOWS}: counts and sums of {@code amount} per 10-second tumbling window and
 *       {@code device}, in append mode, as {@code start, end, device, n, total};
 *   <li>{@value #DISTINCT}: {@code dropDuplicates("user", "ts")}, whose keys leave the state
 *       behind the watermark.
 * </ul>
 *
 * Each query's sink is {@code args[1]/<name>} and its checkpoint {@code args[1]/<name>-checkpoint};
 * state is written as deltas with a full snapshot every third version. Reports each batch ({@link
 * CrashHarness#reportBatches}) so the parent can kill it while the streams are running.
 */
public final class StatefulCrashChild {
  static final String SCHEMA = "ts TIMESTAMP, device BIGINT, amount BIGINT, user STRING";
  static final String WINDOWS = "windows";
  static final String DISTINCT = "distinct";
  static final int WATERMARK_DELAY_SECONDS = 10;
  static final int WINDOW_SECONDS = 10;

  private StatefulCrashChild() {}

  public static void main(String[] args) {
    Path work = Path.of(args[1]);
    boolean drain = args.length > 2;
    try (SpateSession spate = SpateSession.builder().appName("stateful-crash-child")
        .config("spate.streaming.stateStore.minDeltasForSnapshot", 3).getOrCreate()) {
      CrashHarness.reportBatches(spate);
      DataFrame events = spate.readStream().schema(SCHEMA).option("maxFilesPerTrigger", 1)
          .json(args[0]).withWatermark("ts", WATERMARK_DELAY_SECONDS + " seconds");
      DataFrame windows = events
          .groupBy(window(col("ts"), WINDOW_SECONDS + " seconds"), col("device"))
          .agg(count("*").alias("n"), sum(col("amount")).alias("total"))
          .select(col("window.start").alias("start"), col("window.end").alias("end"),
              col("device"), col("n"), col("total"));
      DataFrame distinct = events.dropDuplicates("user", "ts");
      List<StreamingQuery> queries = List.of(start(windows, WINDOWS, work, drain),
          start(distinct, DISTINCT, work, drain));
      for (StreamingQuery query : queries) {
        query.awaitTermination();
      }
    }
  }

  private static StreamingQuery start(DataFrame query, String name, Path work, boolean drain) {
    return query.writeStream().format("parquet").queryName(name).outputMode("append")
        .option("checkpointLocation", work.resolve(name + "-checkpoint").toString())
        .trigger(drain ? Trigger.AvailableNow() : Trigger.Default())
        .start(work.resolve(name).toString());
  }
}
