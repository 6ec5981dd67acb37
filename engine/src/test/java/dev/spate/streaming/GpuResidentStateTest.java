package dev.spate.streaming;

import static dev.spate.functions.col;
import static dev.spate.functions.first;
import static dev.spate.functions.window;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spate.Row;
import dev.spate.RowFactory;
import dev.spate.SpateSession;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What crosses PCIe for GPU-resident aggregation state, its eviction, and the reason given when
 * the state stays on the CPU. Expected figures are hand-computed from the row layout (BIGINT key
 * and count partial, 8 bytes each, no NULLs so no validity).
 */
class GpuResidentStateTest {
  private SpateSession spate;
  private MemoryStream input;

  @BeforeEach
  void setUp() {
    spate = GpuStateTests.session("gpu-state-test");
    input = MemoryStream.of(spate, "ts TIMESTAMP, device BIGINT");
  }

  @AfterEach
  void tearDown() {
    spate.close();
  }

  private static Row event(int second, long device) {
    return RowFactory.create(Instant.parse("2024-01-01T00:00:00Z").plusSeconds(second), device);
  }

  @Test
  void eachBatchUploadsItsOwnGroupsNotTheState() {
    StreamingQuery query = input.toDF().groupBy("device").count().writeStream()
        .format("memory").queryName("counts").outputMode("update").start();
    try {
      List<Row> many = new ArrayList<>();
      for (int device = 0; device < 300; device++) {
        many.add(event(device, device));
      }
      input.addData(many);
      query.processAllAvailable();
      Map<String, Long> first = GpuStateTests.stateOperator(query.lastProgress());
      assertThat(first.get("gpuStateHostToDeviceBytes")).isEqualTo(300 * 16L);
      assertThat(first.get("gpuStateResidentGroups")).isEqualTo(300L);

      input.addData(event(1, 7), event(2, 7), event(3, 8), event(4, 1000));
      query.processAllAvailable();
      Map<String, Long> second = GpuStateTests.stateOperator(query.lastProgress());
      // Three groups (7, 8, 1000): key and count partial, whatever the state's size.
      assertThat(second.get("gpuStateHostToDeviceBytes")).isEqualTo(3 * 16L);
      // The merged counts of those three groups and their validity byte come back.
      assertThat(second.get("gpuStateDeviceToHostBytes")).isEqualTo(3 * 8L + 1);
      assertThat(second.get("gpuStateResidentGroups")).isEqualTo(301L);
      List<String> updates = new ArrayList<>();
      List<Row> rows = spate.table("counts").collectAsList();
      for (Row row : rows.subList(300, rows.size())) {
        updates.add(row.get(0) + "=" + row.get(1));
      }
      assertThat(updates).containsExactlyInAnyOrder("7=3", "8=2", "1000=1");
    } finally {
      query.stop();
    }
  }

  @Test
  void evictedWindowsLeaveTheDeviceWhenTheyOutnumberTheLiveOnes() {
    StreamingQuery query = input.toDF().withWatermark("ts", "5 seconds")
        .groupBy(window(col("ts"), "10 seconds")).count()
        .select(col("window.start").alias("start"), col("count")).writeStream()
        .format("memory").queryName("windows").outputMode("update").start();
    try {
      List<Long> resident = new ArrayList<>();
      List<Long> live = new ArrayList<>();
      int[][] batches = {{1, 11, 21}, {100}, {101}, {102}, {103}};
      for (int[] seconds : batches) {
        List<Row> rows = new ArrayList<>();
        for (int second : seconds) {
          rows.add(event(second, 1));
        }
        input.addData(rows);
        query.processAllAvailable();
        Map<String, Long> operator = GpuStateTests.stateOperator(query.lastProgress());
        resident.add(operator.get("gpuStateResidentGroups"));
        live.add(operator.get("numRowsTotal"));
      }
      // W1 = 21 - 5 evicts [0,10) and [10,20); W2 = 95 evicts [20,30): three evicted groups
      // outnumber the one live group, so batch 3 re-seeds the device with the live group only.
      // Each addData is followed by a no-data batch when the watermark moves (Spark's rule); the
      // last progress is that one. {1,11,21}, then W = 16 evicts [0,10): 2 live, 3 on the device.
      // {100} (W still 16), then W = 95 evicts [10,20) and [20,30): 1 live, and the three evicted
      // groups outnumber it, so the next batch ({101}) re-seeds the device with the live group.
      assertThat(live).containsExactly(2L, 1L, 1L, 1L, 1L);
      assertThat(resident).containsExactly(3L, 4L, 1L, 1L, 1L);
      List<String> rows = new ArrayList<>();
      for (Row row : spate.table("windows").collectAsList()) {
        rows.add(row.get(0) + "=" + row.get(1));
      }
      String window = Instant.parse("2024-01-01T00:01:40Z").toString();
      assertThat(rows.get(rows.size() - 1)).isEqualTo(window + "=4");
    } finally {
      query.stop();
    }
  }

  @Test
  void anAggregateTheDeviceCannotMergeKeepsTheStateOnTheCpuWithAReason() {
    StreamingQuery query = input.toDF().groupBy("device").agg(first(col("ts")))
        .writeStream().format("memory").queryName("firsts").outputMode("update").start();
    try {
      input.addData(event(1, 1), event(2, 1));
      query.processAllAvailable();
      Map<String, ?> operator = GpuStateTests.stateOperator(query.lastProgress());
      assertThat(operator).doesNotContainKey("gpuStateResidentGroups");
      assertThat(String.valueOf(operator.get("gpuStateFallbackReason")))
          .contains("the streaming aggregation state stays on the CPU")
          .contains("merges by first");
      assertThat(spate.table("firsts").collectAsList().get(0).get(1))
          .isEqualTo(Instant.parse("2024-01-01T00:00:01Z"));
    } finally {
      query.stop();
    }
  }
}
