package dev.spate.streaming;

import static dev.spate.functions.avg;
import static dev.spate.functions.col;
import static dev.spate.functions.count;
import static dev.spate.functions.first;
import static dev.spate.functions.last;
import static dev.spate.functions.max;
import static dev.spate.functions.min;
import static dev.spate.functions.sum;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spate.DataFrame;
import dev.spate.Row;
import dev.spate.RowFactory;
import dev.spate.SpateSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Incremental = recompute: the same rows split at random into micro-batches give, after every
 * batch, the batch query's result over the prefix processed so far (complete mode directly;
 * update mode after applying the emitted rows as upserts by key). Values are multiples of 0.25 so
 * that sums are exact in any order.
 */
class IncrementalAggregationTest {
  private static final String SCHEMA = "ts TIMESTAMP, device BIGINT, kind STRING, value DOUBLE";
  private static final int KEYS = 2;

  @TempDir Path dir;
  SpateSession spate;

  @BeforeEach
  void setUp() {
    spate = newSession();
  }

  /** The session the queries and the batch oracle run in (subclasses change the backend). */
  SpateSession newSession() {
    return SpateSession.builder().appName("incremental-test").getOrCreate();
  }

  /** Checks the progress of each micro-batch (subclasses check where the state lived). */
  void checkProgress(StreamingQuery query) {}

  @AfterEach
  void tearDown() {
    spate.close();
  }

  private static List<Row> randomRows(Random random, int count) {
    List<Row> rows = new ArrayList<>();
    for (int index = 0; index < count; index++) {
      Instant ts = random.nextInt(20) == 0 ? null
          : Instant.parse("2024-01-01T00:00:00Z").plusMillis(random.nextInt(60_000));
      String kind = random.nextInt(10) == 0 ? null : "k" + random.nextInt(4);
      Double value = random.nextInt(8) == 0 ? null : random.nextInt(400) * 0.25;
      rows.add(RowFactory.create(ts, (long) random.nextInt(3), kind, value));
    }
    return rows;
  }

  /** Grouped by (kind, 10-second window); every mergeable aggregate. */
  DataFrame aggregate(DataFrame input) {
    return input.groupBy(col("kind"), dev.spate.functions.window(col("ts"), "10 seconds"))
        .agg(count("*").alias("n"), count(col("value")).alias("values"),
            sum(col("value")).alias("total"), avg(col("value")).alias("mean"),
            min(col("value")).alias("low"), max(col("device")).alias("high"),
            first(col("value")).alias("firstValue"), last(col("device")).alias("lastDevice"),
            dev.spate.functions.max_by(col("value"), col("ts")).alias("latestValue"),
            dev.spate.functions.min_by(col("device"), col("ts")).alias("earliestDevice"));
  }

  private static List<String> texts(List<Row> rows) {
    List<String> texts = new ArrayList<>();
    for (Row row : rows) {
      texts.add(row.toString());
    }
    texts.sort(null);
    return texts;
  }

  private static String key(Row row) {
    StringBuilder key = new StringBuilder();
    for (int index = 0; index < KEYS; index++) {
      key.append(row.get(index)).append('|');
    }
    return key.toString();
  }

  @Test
  void completeModeMatchesTheBatchQueryAfterEveryMicroBatch() {
    for (long seed = 1; seed <= 3; seed++) {
      runRandomSplits(seed, "complete", sink -> texts(sink));
    }
  }

  @Test
  void updateModeUpsertsMatchTheBatchQueryAfterEveryMicroBatch() {
    for (long seed = 11; seed <= 13; seed++) {
      Map<String, Row> upserted = new HashMap<>();
      int[] seen = new int[1];
      runRandomSplits(seed, "update", sink -> {
        for (Row row : sink.subList(seen[0], sink.size())) {
          upserted.put(key(row), row);
        }
        seen[0] = sink.size();
        return texts(new ArrayList<>(upserted.values()));
      });
    }
  }

  private void runRandomSplits(long seed, String mode, Function<List<Row>, List<String>> result) {
    Random random = new Random(seed);
    List<Row> rows = randomRows(random, 300);
    MemoryStream input = MemoryStream.of(spate, SCHEMA);
    String name = mode + seed;
    StreamingQuery query = aggregate(input.toDF()).writeStream().format("memory")
        .queryName(name).outputMode(mode).start();
    try {
      int processed = 0;
      while (processed < rows.size()) {
        int size = Math.min(rows.size() - processed, 1 + random.nextInt(60));
        input.addData(rows.subList(processed, processed + size));
        processed += size;
        query.processAllAvailable();
        checkProgress(query);
        List<String> expected = texts(aggregate(spate.createDataFrame(
            rows.subList(0, processed), SCHEMA)).collectAsList());
        assertThat(result.apply(spate.table(name).collectAsList()))
            .as("seed %d after %d rows", seed, processed).isEqualTo(expected);
      }
    } finally {
      query.stop();
    }
  }

  @Test
  void restartFromTheCheckpointResumesTheState() throws Exception {
    List<Row> rows = randomRows(new Random(7), 200);
    MemoryStream input = MemoryStream.of(spate, SCHEMA);
    Path checkpoint = dir.resolve("ckpt");
    DataFrame counts = aggregate(input.toDF());
    StreamingQuery first = counts.writeStream().format("memory").queryName("restarted")
        .outputMode("complete").option("checkpointLocation", checkpoint.toString()).start();
    input.addData(rows.subList(0, 50));
    first.processAllAvailable();
    input.addData(rows.subList(50, 120));
    first.processAllAvailable();
    first.stop();
    assertThat(Files.exists(checkpoint.resolve("state").resolve("0").resolve("2.delta.arrow")))
        .isTrue();

    input.addData(rows.subList(120, 200));
    StreamingQuery second = counts.writeStream().format("memory").queryName("restarted")
        .outputMode("complete").option("checkpointLocation", checkpoint.toString()).start();
    try {
      second.processAllAvailable();
      checkProgress(second);
      assertThat(second.lastProgress().batchId()).isEqualTo(2);
      assertThat(texts(spate.table("restarted").collectAsList())).isEqualTo(
          texts(aggregate(spate.createDataFrame(rows, SCHEMA)).collectAsList()));
    } finally {
      second.stop();
    }
  }

  @Test
  void globalAggregateAndSortedCompleteOutput() {
    MemoryStream input = MemoryStream.of(spate, SCHEMA);
    StreamingQuery query = input.toDF().groupBy("device").count().orderBy(col("count").desc())
        .writeStream().format("memory").queryName("sorted").outputMode("complete").start();
    StreamingQuery total = input.toDF().agg(count("*").alias("rows")).writeStream()
        .format("memory").queryName("total").outputMode("complete").start();
    try {
      Instant ts = Instant.parse("2024-01-01T00:00:00Z");
      input.addData(RowFactory.create(ts, 1L, "a", 1.0), RowFactory.create(ts, 2L, "a", 1.0),
          RowFactory.create(ts, 2L, "b", 1.0));
      query.processAllAvailable();
      total.processAllAvailable();
      input.addData(RowFactory.create(ts, 1L, "a", 1.0), RowFactory.create(ts, 1L, "a", 1.0));
      query.processAllAvailable();
      total.processAllAvailable();
      List<String> sorted = new ArrayList<>();
      for (Row row : spate.table("sorted").collectAsList()) {
        sorted.add(row.get(0) + "=" + row.get(1));
      }
      assertThat(sorted).containsExactly("1=3", "2=2");
      assertThat(spate.table("total").collectAsList().get(0).getLong(0)).isEqualTo(5L);
    } finally {
      query.stop();
      total.stop();
    }
  }
}
