package dev.spate.benchmarks;

import static dev.spate.functions.col;
import static dev.spate.functions.window;

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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One micro-batch per invocation, end to end through a running streaming query: offsets written,
 * the batch planned and run, the sink committed, the commit written. {@code stateless} is a small
 * filter+project into a Parquet sink (DESIGN.md §6: <= 5 ms median); {@code windowedAggregation}
 * updates per-device 10-second window counts held in state (update mode, memory sink). The JMH
 * score is end to end and includes the wait for the query to notice the data (the default trigger
 * polls every 10 ms); the teardown also prints the median of the batches' own {@code
 * triggerExecution} times from their progress, which is the micro-batch overhead proper.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-modules=jdk.incubator.vector", "-Darrow.enable_unsafe_memory_access=true"})
public class StreamingBenchmarks {
  private static final String SCHEMA = "timestamp TIMESTAMP, deviceId BIGINT, signal DOUBLE";

  @Param({"100", "10000"})
  public int rowsPerBatch;

  private SpateSession spate;
  private Path directory;
  private MemoryStream statelessInput;
  private MemoryStream statefulInput;
  private StreamingQuery stateless;
  private StreamingQuery stateful;
  private List<Row> batch;
  private long nextSecond;
  private final List<Long> statelessTriggerMs = new ArrayList<>();
  private final List<Long> statefulTriggerMs = new ArrayList<>();

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    spate = SpateSession.builder().appName("streaming-bench").getOrCreate();
    directory = Files.createTempDirectory("spate-streaming-bench");
    statelessInput = MemoryStream.of(spate, SCHEMA);
    stateless = statelessInput.toDF().where("signal > 0.1")
        .select(col("deviceId"), col("signal").multiply(100).alias("percent"))
        .writeStream().format("parquet")
        .option("checkpointLocation", directory.resolve("ckpt-stateless").toString())
        .start(directory.resolve("out").toString());
    statefulInput = MemoryStream.of(spate, SCHEMA);
    stateful = statefulInput.toDF().withWatermark("timestamp", "1 minute")
        .groupBy(window(col("timestamp"), "10 seconds"), col("deviceId")).count()
        .writeStream().format("memory").queryName("windowCounts").outputMode("update")
        .option("checkpointLocation", directory.resolve("ckpt-stateful").toString())
        .start();
    batch = new ArrayList<>(rowsPerBatch);
  }

  /** The next batch of events: one second of event time, 100 devices. */
  private List<Row> nextBatch() {
    batch.clear();
    long second = nextSecond++;
    for (int row = 0; row < rowsPerBatch; row++) {
      batch.add(RowFactory.create(Instant.ofEpochSecond(1_700_000_000L + second,
          row * 1000L), (long) (row % 100), (row % 37) / 37.0));
    }
    return batch;
  }

  @Benchmark
  public void stateless() {
    statelessInput.addData(nextBatch());
    stateless.processAllAvailable();
    statelessTriggerMs.add(lastDataBatchMs(stateless));
  }

  @Benchmark
  public void windowedAggregation() {
    statefulInput.addData(nextBatch());
    stateful.processAllAvailable();
    statefulTriggerMs.add(lastDataBatchMs(stateful));
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    report("stateless", statelessTriggerMs);
    report("windowedAggregation", statefulTriggerMs);
    stateless.stop();
    stateful.stop();
    spate.close();
    BenchFiles.deleteRecursively(directory);
  }

  /** The trigger time of the latest batch with input (a no-data batch may follow it). */
  private static long lastDataBatchMs(StreamingQuery query) {
    List<StreamingQueryProgress> progress = query.recentProgress();
    for (int index = progress.size() - 1; index >= 0; index--) {
      if (progress.get(index).numInputRows() > 0) {
        return progress.get(index).durationMs().get("triggerExecution");
      }
    }
    throw new IllegalStateException("no batch with input in " + query.name());
  }

  private void report(String name, List<Long> triggerMs) {
    if (triggerMs.isEmpty()) {
      return;
    }
    List<Long> sorted = new ArrayList<>(triggerMs);
    sorted.sort(null);
    System.out.printf("%n%s, %d rows per batch: triggerExecution median %d ms, p90 %d ms over %d"
        + " batches%n", name, rowsPerBatch, sorted.get(sorted.size() / 2),
        sorted.get(sorted.size() * 9 / 10), sorted.size());
  }
}
