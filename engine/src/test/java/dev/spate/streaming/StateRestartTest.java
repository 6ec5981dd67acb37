package dev.spate.streaming;

import static dev.spate.functions.col;
import static dev.spate.functions.count;
import static dev.spate.functions.sum;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spate.DataFrame;
import dev.spate.Row;
import dev.spate.RowFactory;
import dev.spate.SpateSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stateful queries restarted from their checkpoint after every micro-batch, with a full state
 * snapshot every second version ({@code spate.streaming.stateStore.minDeltasForSnapshot=2}), so
 * each restart restores from a full snapshot plus deltas or from a full snapshot alone; the state
 * after each batch is checked against a plain-Java model. A batch whose commit is lost (a crash
 * after the state was written) re-runs and overwrites its state version.
 */
class StateRestartTest {
  @TempDir Path dir;
  private SpateSession spate;

  @BeforeEach
  void setUp() {
    spate = SpateSession.builder().appName("state-restart-test")
        .config("spate.streaming.stateStore.minDeltasForSnapshot", 2).getOrCreate();
  }

  @AfterEach
  void tearDown() {
    spate.close();
  }

  private static List<Row> randomRows(Random random, int count) {
    List<Row> rows = new ArrayList<>();
    for (int index = 0; index < count; index++) {
      String key = random.nextInt(8) == 0 ? null : "k" + random.nextInt(30);
      rows.add(RowFactory.create(key, (long) random.nextInt(100)));
    }
    return rows;
  }

  /** Runs one query over {@code rows} until drained, then stops it. */
  private static void runOnce(DataFrame query, String name, String mode, Path checkpoint) {
    StreamingQuery running = query.writeStream().format("memory").queryName(name)
        .outputMode(mode).option("checkpointLocation", checkpoint.toString()).start();
    try {
      running.processAllAvailable();
    } finally {
      running.stop();
    }
  }

  @Test
  void aggregationRestartedAfterEveryBatchKeepsCountsAndSums() throws Exception {
    Random random = new Random(21);
    MemoryStream input = MemoryStream.of(spate, "key STRING, amount BIGINT");
    DataFrame totals = input.toDF().groupBy(col("key"))
        .agg(count("*").alias("n"), sum(col("amount")).alias("total"));
    Path checkpoint = dir.resolve("ckpt");
    Map<String, long[]> model = new HashMap<>();
    for (int batch = 0; batch < 9; batch++) {
      List<Row> rows = randomRows(random, 1 + random.nextInt(20));
      for (Row row : rows) {
        long[] totalsOfKey = model.computeIfAbsent(row.getString(0), ignored -> new long[2]);
        totalsOfKey[0]++;
        totalsOfKey[1] += row.getLong(1);
      }
      input.addData(rows);
      if (batch == 5) {
        // lose batch 4's commit: the restart re-runs batch 4 (already in the state version 5
        // written before the commit) and then batch 5
        Files.delete(checkpoint.resolve("commits").resolve("4"));
      }
      String name = "totals" + batch;
      runOnce(totals, name, "complete", checkpoint);
      Map<String, String> expected = new HashMap<>();
      model.forEach((key, value) -> expected.put(key, value[0] + "/" + value[1]));
      Map<String, String> actual = new HashMap<>();
      for (Row row : spate.table(name).collectAsList()) {
        assertThat(actual.put(row.getString(0), row.getLong(1) + "/" + row.getLong(2)))
            .as("key %s emitted twice", row.getString(0)).isNull();
      }
      assertThat(actual).as("after batch %d", batch).isEqualTo(expected);
    }
    assertThat(Files.exists(checkpoint.resolve("state/0/8.arrow"))).isTrue();
    assertThat(Files.exists(checkpoint.resolve("state/0/9.delta.arrow"))).isTrue();
  }

  @Test
  void deduplicationRestartedAfterEveryBatchEmitsEachKeyOnce() {
    Random random = new Random(22);
    MemoryStream input = MemoryStream.of(spate, "key STRING, amount BIGINT");
    DataFrame distinctKeys = input.toDF().dropDuplicates("key");
    Path checkpoint = dir.resolve("ckpt-dedup");
    Set<String> seen = new HashSet<>();
    for (int batch = 0; batch < 7; batch++) {
      List<Row> rows = randomRows(random, 1 + random.nextInt(10));
      Set<String> expected = new HashSet<>();
      for (Row row : rows) {
        if (seen.add(row.getString(0))) {
          expected.add(String.valueOf(row.getString(0)));
        }
      }
      input.addData(rows);
      String name = "distinct" + batch;
      runOnce(distinctKeys, name, "append", checkpoint);
      List<String> emitted = new ArrayList<>();
      spate.table(name).collectAsList().forEach(row -> emitted.add(String.valueOf(
          row.getString(0))));
      assertThat(emitted).as("batch %d", batch).containsExactlyInAnyOrderElementsOf(expected);
    }
  }
}
