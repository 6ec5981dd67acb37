package dev.spate.streaming;

import static dev.spate.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spate.DataFrame;
import dev.spate.Row;
import dev.spate.RowFactory;
import dev.spate.SpateException;
import dev.spate.SpateSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Streaming {@code dropDuplicates} with Spark's semantics (spark-semantics.md §10): each key is
 * emitted once across micro-batches (the first row of the key), the seen keys survive a restart,
 * and with a watermark on a key column old keys leave the state and late rows are dropped.
 */
class StreamingDeduplicationTest {
  private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");

  @TempDir Path dir;
  private SpateSession spate;
  private MemoryStream input;

  @BeforeEach
  void setUp() {
    spate = SpateSession.builder().appName("dedup-test").getOrCreate();
    input = MemoryStream.of(spate, "ts TIMESTAMP, device BIGINT, reading STRING");
  }

  @AfterEach
  void tearDown() {
    spate.close();
  }

  private static Row event(int second, long device, String reading) {
    return RowFactory.create(START.plusSeconds(second), device, reading);
  }

  private List<String> sinkRows(String name) {
    List<String> texts = new ArrayList<>();
    for (Row row : spate.table(name).collectAsList()) {
      texts.add(row.get(0) + "/" + row.get(1));
    }
    return texts;
  }

  private static long stateRows(StreamingQuery query) {
    return ((Number) query.lastProgress().stateOperators().get(0).get("numRowsTotal")).longValue();
  }

  @Test
  void eachKeyIsEmittedOnceWithinAndAcrossBatches() {
    DataFrame deduplicated = input.toDF().dropDuplicates("device")
        .filter(col("reading").notEqual("skip")).select(col("device"), col("reading"));
    StreamingQuery query = deduplicated.writeStream().format("memory").queryName("devices")
        .outputMode("append").start();
    try {
      // device 1 twice in the batch: its first row (a) is kept; device 2 once.
      input.addData(event(1, 1, "a"), event(2, 2, "b"), event(3, 1, "c"));
      query.processAllAvailable();
      assertThat(sinkRows("devices")).containsExactly("1/a", "2/b");
      assertThat(stateRows(query)).isEqualTo(2);
      // 1 and 2 were seen; 3 is new (its first row "skip" is the kept one, then filtered above).
      input.addData(event(4, 2, "d"), event(5, 3, "skip"), event(6, 3, "e"), event(7, 1, "f"));
      query.processAllAvailable();
      assertThat(sinkRows("devices")).containsExactly("1/a", "2/b");
      assertThat(stateRows(query)).isEqualTo(3);
      assertThat(query.lastProgress().stateOperators().get(0)).containsEntry("numRowsUpdated",
          1L);
      input.addData(event(8, 4, "g"), event(9, 4, "h"));
      query.processAllAvailable();
      assertThat(sinkRows("devices")).containsExactly("1/a", "2/b", "4/g");
    } finally {
      query.stop();
    }
  }

  @Test
  void distinctOverAllColumnsAfterAProjection() {
    DataFrame distinct = input.toDF().select(col("device"), col("reading")).distinct();
    StreamingQuery query = distinct.writeStream().format("memory").queryName("pairs")
        .outputMode("append").start();
    try {
      input.addData(event(1, 1, "a"), event(2, 1, "a"), event(3, 1, "b"), event(4, 2, null));
      query.processAllAvailable();
      input.addData(event(5, 2, null), event(6, 1, "b"), event(7, 2, "a"));
      query.processAllAvailable();
      // NULL readings compare equal: (2, NULL) is emitted once.
      assertThat(sinkRows("pairs")).containsExactly("1/a", "1/b", "2/null", "2/a");
    } finally {
      query.stop();
    }
  }

  @Test
  void restartFromTheCheckpointDoesNotReEmitSeenKeys() {
    Path checkpoint = dir.resolve("ckpt");
    DataFrame deduplicated = input.toDF().dropDuplicates("device").select(col("device"),
        col("reading"));
    StreamingQuery first = deduplicated.writeStream().format("memory").queryName("before")
        .outputMode("append").option("checkpointLocation", checkpoint.toString()).start();
    input.addData(event(1, 1, "a"), event(2, 2, "b"));
    first.processAllAvailable();
    first.stop();
    assertThat(sinkRows("before")).containsExactly("1/a", "2/b");
    assertThat(Files.exists(checkpoint.resolve("state").resolve("0").resolve("1.delta.arrow")))
        .isTrue();

    input.addData(event(3, 2, "c"), event(4, 3, "d"), event(5, 1, "e"));
    StreamingQuery second = deduplicated.writeStream().format("memory").queryName("after")
        .outputMode("append").option("checkpointLocation", checkpoint.toString()).start();
    try {
      second.processAllAvailable();
      assertThat(second.lastProgress().batchId()).isEqualTo(1);
      assertThat(sinkRows("after")).containsExactly("3/d");
      assertThat(stateRows(second)).isEqualTo(3);
    } finally {
      second.stop();
    }
  }

  @Test
  void watermarkEvictsOldKeysAndDropsLateRows() {
    // Keys (ts, device); watermark delay 5 s: W_N = max event time before batch N - 5 s.
    DataFrame deduplicated = input.toDF().withWatermark("ts", "5 seconds")
        .dropDuplicates("ts", "device").select(col("device"), col("reading"));
    StreamingQuery query = deduplicated.writeStream().format("memory").queryName("events")
        .outputMode("append").start();
    try {
      // Batch 0 (W = 0): three keys, one duplicate within the batch.
      input.addData(event(1, 1, "a"), event(1, 1, "dup"), event(4, 2, "b"), event(10, 1, "c"));
      query.processAllAvailable();
      assertThat(sinkRows("events")).containsExactly("1/a", "2/b", "1/c");
      // Max event time 10 s, so the next watermark is 5 s: a no-data batch evicts the keys at
      // 1 s and 4 s, leaving (10 s, 1).
      assertThat(stateRows(query)).isEqualTo(1);
      // Batch with W_{N-1} = 5 s: (1 s, 1) is late and dropped (not re-emitted although its key
      // left the state); (10 s, 1) is still a seen key; (12 s, 2) is new.
      input.addData(event(1, 1, "late"), event(10, 1, "again"), event(12, 2, "d"));
      query.processAllAvailable();
      assertThat(sinkRows("events")).containsExactly("1/a", "2/b", "1/c", "2/d");
      List<Long> dropped = new ArrayList<>();
      for (StreamingQueryProgress progress : query.recentProgress()) {
        dropped.add(((Number) progress.stateOperators().get(0)
            .get("numRowsDroppedByWatermark")).longValue());
      }
      assertThat(dropped).contains(1L);
      // Max event time 12 s -> W = 7 s: nothing more to evict ((10 s, 1) and (12 s, 2) stay).
      assertThat(stateRows(query)).isEqualTo(2);
    } finally {
      query.stop();
    }
  }

  @Test
  void unsupportedShapesAreRefused() {
    DataFrame aggregated = input.toDF().dropDuplicates("device").groupBy("device").count();
    assertThatThrownBy(() -> aggregated.writeStream().format("memory").queryName("x")
        .outputMode("update").start())
        .isInstanceOf(SpateException.class)
        .hasMessageContaining("dropDuplicates/distinct together with a streaming aggregation");
    DataFrame twice = input.toDF().dropDuplicates("device").dropDuplicates("reading");
    assertThatThrownBy(() -> twice.writeStream().format("memory").queryName("y")
        .outputMode("append").start())
        .isInstanceOf(SpateException.class)
        .hasMessageContaining("Multiple dropDuplicates/distinct operators");
  }
}
