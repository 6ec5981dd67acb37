package dev.spate.streaming;

import static dev.spate.functions.col;
import static dev.spate.functions.window;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spate.DataFrame;
import dev.spate.Row;
import dev.spate.RowFactory;
import dev.spate.SpateException;
import dev.spate.SpateSession;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hand-made event-time cases with the exact rows each micro-batch emits, following Spark 4's rules
 * (spark-semantics.md §6.5, §6b.1): W_N = max(W_{N-1}, maxEventTime(batches before N) - delay),
 * late input dropped against W_{N-1}, windows final when end <= W_N.
 */
class WatermarkAggregationTest {
  @TempDir Path dir;
  SpateSession spate;
  MemoryStream input;

  @BeforeEach
  void setUp() {
    spate = newSession();
    input = MemoryStream.of(spate, "ts TIMESTAMP, device BIGINT");
  }

  /** The session the queries run in (subclasses change the backend). */
  SpateSession newSession() {
    return SpateSession.builder().appName("watermark-test").getOrCreate();
  }

  @AfterEach
  void tearDown() {
    spate.close();
  }

  /** A row at second {@code second} of 2024-01-01 00:00. */
  private static Row event(int second, long device) {
    return RowFactory.create(Instant.parse("2024-01-01T00:00:00Z").plusSeconds(second), device);
  }

  private static String at(int second) {
    return Instant.parse("2024-01-01T00:00:00Z").plusSeconds(second).toString();
  }

  /** 10-second tumbling windows, watermark delay 5 seconds, counts per window start second. */
  private DataFrame windowedCounts() {
    return input.toDF().withWatermark("ts", "5 seconds")
        .groupBy(window(col("ts"), "10 seconds")).count()
        .select(col("window.start").alias("start"), col("count"));
  }

  private static List<String> rows(List<Row> rows) {
    List<String> texts = new ArrayList<>();
    for (Row row : rows) {
      texts.add(row.get(0) + "=" + row.get(1));
    }
    return texts;
  }

  private List<String> sinkRows(String name) {
    return rows(spate.table(name).collectAsList());
  }

  @Test
  void appendEmitsEachWindowOnceWhenTheWatermarkPassesItsEnd() {
    StreamingQuery query = windowedCounts().writeStream().format("memory").queryName("appended")
        .outputMode("append").option("checkpointLocation", dir.resolve("ckpt").toString())
        .start();
    try {
      // Batch 0 (W = 0): windows [0,10) x2 and [10,20) x1; nothing is final.
      input.addData(event(1, 1), event(9, 2), event(12, 1));
      query.processAllAvailable();
      assertThat(sinkRows("appended")).isEmpty();
      // Max event time 12 s, so W_1 = 7 s: still no window ends at or before 7 s. The data batch
      // adds 15 s and 21 s; then W = max(7, 21 - 5) = 16 s: a no-data batch emits [0,10) = 2.
      input.addData(event(15, 3), event(21, 1));
      query.processAllAvailable();
      assertThat(sinkRows("appended")).containsExactly(at(0) + "=2");
      // Late: 3 s is at or below the previous batch's watermark (16 s), dropped; 19 s counts.
      // Max event time 35 s -> W = 30 s: [10,20) = 3 (12, 15, 19) and [20,30) = 1 are final.
      input.addData(event(3, 1), event(19, 2), event(35, 1));
      query.processAllAvailable();
      assertThat(sinkRows("appended")).containsExactlyInAnyOrder(at(0) + "=2", at(10) + "=3",
          at(20) + "=1");
      StreamingQueryProgress last = query.lastProgress();
      assertThat(last.eventTime()).containsEntry("watermark", at(30));
    } finally {
      query.stop();
    }
    List<Long> dropped = new ArrayList<>();
    for (StreamingQueryProgress progress : query.recentProgress()) {
      dropped.add(((Number) progress.stateOperators().get(0).get("numRowsDroppedByWatermark"))
          .longValue());
    }
    assertThat(dropped).contains(1L);
  }

  @Test
  void updateEmitsChangedWindowsThenEvicts() {
    StreamingQuery query = windowedCounts().writeStream().format("memory").queryName("updated")
        .outputMode("update").start();
    try {
      input.addData(event(1, 1), event(9, 2), event(12, 1));
      query.processAllAvailable();
      assertThat(sinkRows("updated")).containsExactlyInAnyOrder(at(0) + "=2", at(10) + "=1");
      // W for this batch = 12 - 5 = 7 s. 4 s is not late (late means <= W_{N-1} = 0) and updates
      // [0,10) to 3; [10,20) gets 14 s -> 2.
      input.addData(event(4, 1), event(14, 1));
      query.processAllAvailable();
      assertThat(sinkRows("updated")).containsExactlyInAnyOrder(at(0) + "=2", at(10) + "=1",
          at(0) + "=3", at(10) + "=2");
      // W = 14 - 5 = 9 s (no window ends by then). 40 s opens [40,50); after it, W = 35 s
      // evicts [0,10) and [10,20) in a no-data batch that emits nothing.
      input.addData(event(40, 1));
      query.processAllAvailable();
      // Now 8 s is late (its window ended at or before W = 35 s): dropped, nothing emitted.
      input.addData(event(8, 1));
      query.processAllAvailable();
      assertThat(sinkRows("updated")).containsExactlyInAnyOrder(at(0) + "=2", at(10) + "=1",
          at(0) + "=3", at(10) + "=2", at(40) + "=1");
      assertThat(query.lastProgress().stateOperators().get(0))
          .containsEntry("numRowsTotal", 1L).containsEntry("numRowsDroppedByWatermark", 1L);
    } finally {
      query.stop();
    }
  }

  @Test
  void completeNeitherDropsNorEvicts() {
    StreamingQuery query = windowedCounts().writeStream().format("memory").queryName("complete")
        .outputMode("complete").start();
    try {
      input.addData(event(1, 1), event(40, 1));
      query.processAllAvailable();
      // W = 35 s now, but complete mode keeps [0,10) and still counts a late row into it.
      input.addData(event(2, 1));
      query.processAllAvailable();
      assertThat(sinkRows("complete")).containsExactlyInAnyOrder(at(0) + "=2", at(40) + "=1");
      assertThat(query.lastProgress().stateOperators().get(0)).containsEntry("numRowsTotal", 2L);
    } finally {
      query.stop();
    }
  }

  @Test
  void appendNeedsAWatermarkOnAGroupingColumn() {
    DataFrame noWatermark = input.toDF().groupBy(window(col("ts"), "10 seconds")).count();
    assertThatThrownBy(() -> noWatermark.writeStream().format("memory").queryName("x")
        .outputMode("append").start())
        .isInstanceOf(SpateException.class)
        .hasMessageContaining("[STREAMING_OUTPUT_MODE.UNSUPPORTED_OPERATION] Invalid streaming"
            + " output mode: append");
    DataFrame otherKey = input.toDF().withWatermark("ts", "5 seconds").groupBy("device").count();
    assertThatThrownBy(() -> otherKey.writeStream().format("memory").queryName("y")
        .outputMode("append").start())
        .isInstanceOf(SpateException.class)
        .hasMessageContaining("[STREAMING_OUTPUT_MODE.UNSUPPORTED_OPERATION]");
  }

  @Test
  void distinctAggregatesAreRefusedWithAReason() {
    DataFrame distinct = input.toDF().groupBy("device")
        .agg(dev.spate.functions.countDistinct(col("ts")));
    assertThatThrownBy(() -> distinct.writeStream().format("memory").queryName("z")
        .outputMode("complete").start())
        .isInstanceOf(SpateException.class)
        .hasMessageContaining("cannot be merged across micro-batches");
  }
}
