package dev.spate.streaming;

import dev.spate.SpateSession;

/**
 * The child process of {@link CrashRestartTest}: streams JSON files from {@code args[0]} into a
 * Parquet sink at {@code args[1]} with the checkpoint {@code args[2]}, one file per batch, until it
 * is killed or (with {@code args[3] = "drain"}) the input is processed. Reports each batch
 * ({@link CrashHarness#reportBatches}) so the parent can kill it while the stream is running.
 */
public final class CrashChild {
  private CrashChild() {}

  public static void main(String[] args) {
    try (SpateSession spate = SpateSession.builder().appName("crash-child").getOrCreate()) {
      CrashHarness.reportBatches(spate);
      StreamingQuery query = spate.readStream().schema("id BIGINT, payload STRING")
          .option("maxFilesPerTrigger", 1).json(args[0])
          .writeStream().format("parquet").option("checkpointLocation", args[2])
          .trigger(args.length > 3 ? Trigger.AvailableNow() : Trigger.Default())
          .start(args[1]);
      query.awaitTermination();
    }
  }
}
