package dev.spate.bench.sensor;

import static dev.spate.functions.col;
import static dev.spate.functions.current_timestamp;
import static dev.spate.functions.input_file_name;
import static dev.spate.functions.window;

import dev.spate.DataFrame;
import dev.spate.SpateSession;
import dev.spate.bench.Answers;
import dev.spate.bench.BenchContext;
import dev.spate.bench.BenchQuery;
import dev.spate.bench.BenchSuite;
import dev.spate.bench.QueryOutcome;
import dev.spate.bench.StreamingMetrics;
import dev.spate.demo.SensorEventGenerator;
import dev.spate.functions;
import dev.spate.streaming.StreamingQuery;
import dev.spate.streaming.Trigger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The talk's continuous application (spark-semantics.md sections 2-5) as a benchmark: sensor
 * events as JSON files, one per minute of event time, streamed in about 60 micro-batches with
 * {@code Trigger.AvailableNow} through the four queries of {@code spate demo}: the JSON-to-Parquet
 * ETL with {@code input_file_name()} and {@code current_timestamp()}, per-deviceType statistics
 * (complete mode), 5-second signal-loss alerts (complete mode) and 1-minute windows sliding by
 * 30 seconds with a 1-minute watermark (append mode). Scale factor 1 is 60 files of 10,000 events.
 * Answers are checked against references computed from the files read back with Jackson.
 */
public final class SensorSuite implements BenchSuite {
  private static final long BASE_MILLIS = 1_470_182_400_000L;
  private static final int FILES_PER_SCALE_FACTOR = 60;
  private static final int ROWS_PER_FILE = 10_000;
  private static final int TARGET_BATCHES = 60;
  private static final String COMPLETE_MARKER = "_COMPLETE";

  private final AtomicInteger runCounter = new AtomicInteger();
  private Path input;
  private int files;
  private long inputBytes;
  private long eventCount;
  private Map<String, List<String>> expected;

  @Override
  public String name() {
    return "sensor";
  }

  @Override
  public String description() {
    return "the talk's continuous application (ETL, statistics, alerts, windows);"
        + " sf 1 = 60 files x 10,000 JSON events, about 60 micro-batches";
  }

  @Override
  public void prepare(BenchContext context) throws IOException {
    files = Math.max(2, (int) Math.round(context.scaleFactor() * FILES_PER_SCALE_FACTOR));
    int rowsPerFile = context.scaleFactor() < 1
        ? Math.max(10, (int) Math.round(ROWS_PER_FILE * context.scaleFactor())) : ROWS_PER_FILE;
    input = context.dataDirectory().resolve("input");
    if (!Files.exists(context.dataDirectory().resolve(COMPLETE_MARKER))) {
      new SensorEventGenerator(BASE_MILLIS, context.seed()).writeFiles(input, 1, files, rowsPerFile);
      Files.writeString(context.dataDirectory().resolve(COMPLETE_MARKER), "");
    }
    List<Path> paths = inputFiles();
    inputBytes = 0;
    for (Path path : paths) {
      inputBytes += Files.size(path);
    }
    List<SensorEvents.Event> events = SensorEvents.read(paths);
    eventCount = events.size();
    expected = SensorReference.answers(events);
  }

  private List<Path> inputFiles() throws IOException {
    try (Stream<Path> listing = Files.list(input)) {
      return listing.filter(path -> path.getFileName().toString().endsWith(".json")).sorted()
          .toList();
    }
  }

  @Override
  public List<BenchQuery> queries(BenchContext context) {
    return List.of(new SensorQuery("etl"), new SensorQuery("device_stats"),
        new SensorQuery("signal_loss"), new SensorQuery("window_counts"));
  }

  /** One of the four queries, started fresh (new checkpoint) on every run. */
  private final class SensorQuery implements BenchQuery {
    private final String name;

    SensorQuery(String name) {
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public QueryOutcome run(SpateSession session, BenchContext context) throws Exception {
      Path runDirectory = context.scratchDirectory().resolve(name + "-" + runCounter.incrementAndGet());
      String table = name + "_" + runCounter.get();
      DataFrame events = session.readStream().schema(SensorEventGenerator.SCHEMA)
          .option("maxFilesPerTrigger", Math.max(1, (files + TARGET_BATCHES - 1) / TARGET_BATCHES))
          .json(input.toString());
      StreamingMetrics.Collector progress = new StreamingMetrics.Collector(table);
      session.streams().addListener(progress);
      try {
        StreamingQuery query = start(events, table, runDirectory);
        query.awaitTermination();
        if (query.exception().isPresent()) {
          throw query.exception().get();
        }
      } finally {
        session.streams().removeListener(progress);
      }
      List<String> actual = name.equals("etl")
          ? Answers.lines(session.read().parquet(runDirectory.resolve("out").toString())
              .selectExpr("regexp_extract(INPUT_FILE_NAME, '[^/]+$', 0) AS file", "deviceId")
              .groupBy("file").agg(functions.count("*"), functions.sum("deviceId"))
              .collectAsList())
          : Answers.lines(session.table(table).collectAsList());
      List<String> reference = expected.get(name);
      Answers.expectEqual(name, reference, actual, false);
      return new QueryOutcome(eventCount, inputBytes, actual.size(),
          StreamingMetrics.of(progress.reports()));
    }

    /** Starts the query named {@code table} (also the memory sink's table). */
    private StreamingQuery start(DataFrame events, String table, Path runDirectory) {
      String checkpoint = runDirectory.resolve("checkpoint").toString();
      switch (name) {
        case "etl":
          return events.withColumn("INPUT_FILE_NAME", input_file_name())
              .withColumn("PROCESSED_TIME", current_timestamp())
              .writeStream().format("parquet").queryName(table)
              .option("checkpointLocation", checkpoint)
              .trigger(Trigger.AvailableNow()).start(runDirectory.resolve("out").toString());
        case "device_stats":
          return events.groupBy("deviceType").agg(functions.count("*").alias("count"),
                  functions.min("signalStrength").alias("min"),
                  functions.max("signalStrength").alias("max"),
                  functions.avg("signalStrength").alias("avg"))
              .writeStream().format("memory").queryName(table).outputMode("complete")
              .option("checkpointLocation", checkpoint).trigger(Trigger.AvailableNow()).start();
        case "signal_loss":
          return events.groupBy(window(col("timestamp"), "5 seconds"), col("deviceId")).count()
              .filter(col("count").lt(2))
              .select(col("window.start"), col("window.end"), col("deviceId"), col("count"))
              .writeStream().format("memory").queryName(table).outputMode("complete")
              .option("checkpointLocation", checkpoint).trigger(Trigger.AvailableNow()).start();
        case "window_counts":
          return events.withWatermark("timestamp", "1 minute")
              .groupBy(window(col("timestamp"), "1 minute", "30 seconds")).count()
              .select(col("window.start"), col("window.end"), col("count"))
              .writeStream().format("memory").queryName(table).outputMode("append")
              .option("checkpointLocation", checkpoint).trigger(Trigger.AvailableNow()).start();
        default:
          throw new IllegalStateException("unknown sensor query " + name);
      }
    }
  }

  /** Reference answers computed by plain loops over the events. */
  static final class SensorReference {
    private SensorReference() {}

    /** Per query name, the expected canonical lines. */
    static Map<String, List<String>> answers(List<SensorEvents.Event> events) {
      Map<String, long[]> perFile = new TreeMap<>();
      Map<String, double[]> perType = new TreeMap<>();
      Map<String, Long> fiveSecond = new TreeMap<>();
      Map<Long, Long> sliding = new TreeMap<>();
      long maxMillis = Long.MIN_VALUE;
      for (SensorEvents.Event event : events) {
        long[] file = perFile.computeIfAbsent(event.file(), key -> new long[2]);
        file[0]++;
        file[1] += event.deviceId();
        double[] type = perType.computeIfAbsent(event.deviceType(),
            key -> new double[] {0, Double.MAX_VALUE, -Double.MAX_VALUE, 0});
        type[0]++;
        type[1] = Math.min(type[1], event.signalStrength());
        type[2] = Math.max(type[2], event.signalStrength());
        type[3] += event.signalStrength();
        long start = Math.floorDiv(event.millis(), 5_000L) * 5_000L;
        fiveSecond.merge(start + "|" + event.deviceId(), 1L, Long::sum);
        long latestStart = Math.floorDiv(event.millis(), 30_000L) * 30_000L;
        sliding.merge(latestStart, 1L, Long::sum);
        sliding.merge(latestStart - 30_000L, 1L, Long::sum);
        maxMillis = Math.max(maxMillis, event.millis());
      }
      Map<String, List<String>> answers = new TreeMap<>();
      List<String> etl = new ArrayList<>();
      perFile.forEach((file, totals) -> etl.add(file + "|" + totals[0] + "|" + totals[1]));
      answers.put("etl", etl);
      List<String> stats = new ArrayList<>();
      perType.forEach((type, totals) -> stats.add(type + "|" + (long) totals[0] + "|"
          + Answers.value(totals[1]) + "|" + Answers.value(totals[2]) + "|"
          + Answers.value(totals[3] / totals[0])));
      answers.put("device_stats", stats);
      List<String> alerts = new ArrayList<>();
      fiveSecond.forEach((key, count) -> {
        if (count < 2) {
          long start = Long.parseLong(key.substring(0, key.indexOf('|')));
          alerts.add(Instant.ofEpochMilli(start) + "|" + Instant.ofEpochMilli(start + 5_000L)
              + key.substring(key.indexOf('|')) + "|" + count);
        }
      });
      answers.put("signal_loss", alerts);
      long watermark = maxMillis - 60_000L;
      List<String> windows = new ArrayList<>();
      sliding.forEach((start, count) -> {
        if (start + 60_000L <= watermark) {
          windows.add(Instant.ofEpochMilli(start) + "|" + Instant.ofEpochMilli(start + 60_000L)
              + "|" + count);
        }
      });
      answers.put("window_counts", windows);
      return answers;
    }
  }
}
