package dev.spate.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spate.cpu.CpuBackend;
import dev.spate.planner.config.SpateConfig;
import dev.spate.planner.physical.PhysicalNode;
import dev.spate.planner.spi.PlacedPlan;
import dev.spate.planner.spi.TableSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The fused filter + project + aggregate kernel ({@code spate_fused_aggregate}) against the CPU
 * backend (the oracle) on the same plans: NULL keys and values, NaN / -0.0, int64 extremes (the
 * table of {@link GpuHashAggregateTest}), ANSI overflow and division by zero with the CPU's
 * messages, and one launch per batch.
 */
class GpuFusedAggregateTest {
  private static SpateConfig config(boolean ansi) {
    return new SpateConfig(Map.of("spate.gpu.enabled", "true", "spate.gpu.minInputBytes", "0",
        "spate.sql.ansi.enabled", Boolean.toString(ansi)));
  }

  private static List<List<Object>> run(String sql, TableSource table, boolean gpu,
      SpateConfig config) {
    PhysicalNode physical = GpuAggregateSqlTest.plan(sql, table, config);
    PlacedPlan placed = PlacedPlan.place(physical, gpu
        ? List.of(new GpuBackend(), new CpuBackend()) : List.of(new CpuBackend()), config);
    return GpuHashAggregateTest.run(placed, config);
  }

  private static void assertSameAsCpu(String sql, TableSource table, boolean ansi) {
    List<List<Object>> expected = run(sql, table, false, config(ansi));
    GpuHashAggregateTest.assertSameRows(run(sql, table, true, config(ansi)), expected);
  }

  @Test
  void filteredAndProjectedAggregationsMatchTheCpu() {
    GpuTests.requireDevice();
    TableSource table = GpuHashAggregateTest.table(900, false);
    String[] queries = {
        "SELECT k, count(*), sum(v), avg(x), min(f), max(x), count(w), sum(v * 3 - w)"
            + " FROM events WHERE x > 0 OR f IS NULL GROUP BY k",
        "SELECT g, sum(w), min(x + 1.5), max(k), avg(v) FROM events"
            + " WHERE NOT (v < 0) AND (x <> x OR x >= -1e301) GROUP BY g",
        "SELECT count(*), sum(x), min(x), max(x), avg(w), sum(k div 7), min(v % 1000)"
            + " FROM events WHERE w IS NOT NULL AND k <=> h",
        "SELECT count(*), sum(x * 2.0), max(f) FROM events WHERE g = 2",
        "SELECT y, sum(z) FROM (SELECT v div 1000 AS y, w % 97 AS z, x FROM events"
            + " WHERE x >= 0) WHERE z > 3 GROUP BY y"};
    for (String sql : queries) {
      assertSameAsCpu(sql, table, true);
      assertSameAsCpu(sql, table, false);
    }
  }

  @Test
  void ansiErrorsHaveTheCpuMessagesAndLegacyModeGivesTheCpuValues() {
    GpuTests.requireDevice();
    TableSource table = GpuHashAggregateTest.table(300, false);
    String overflow = "SELECT g, sum(k * 4) FROM events WHERE w > 0 GROUP BY g";
    String divide = "SELECT sum(v div (g - 2)) FROM events WHERE v > 0";
    for (String sql : new String[] {overflow, divide}) {
      Throwable cpu = catchError(() -> run(sql, table, false, config(true)));
      assertThat(cpu).as(sql).isNotNull();
      assertThatThrownBy(() -> run(sql, table, true, config(true))).as(sql)
          .hasMessage(cpu.getMessage());
      assertSameAsCpu(sql, table, false);
    }
  }

  private static Throwable catchError(Runnable action) {
    try {
      action.run();
      return null;
    } catch (RuntimeException e) {
      return e;
    }
  }

  @Test
  void aBatchRunsAsOneFusedLaunch() {
    GpuTests.requireDevice();
    String sql = "SELECT count(*), sum(v * 2), max(x + 1.0) FROM events WHERE x > 0 AND v <> 5";
    List<Object[]> rows = new ArrayList<>();
    for (long row = 0; row < 200; row++) {
      rows.add(new Object[] {row, (int) (row % 3), null, null, 1.5f, row - 50.0, row, 1, row});
    }
    long oneBatch = launches(sql, new RowsTable(GpuHashAggregateTest.table(0, false).schema(),
        rows, 200));
    long twoBatches = launches(sql, new RowsTable(GpuHashAggregateTest.table(0, false).schema(),
        rows, 100));
    assertThat(twoBatches - oneBatch).isEqualTo(1);
  }

  private static long launches(String sql, TableSource table) {
    long before = GpuMetrics.snapshot().kernelLaunches();
    run(sql, table, true, config(true));
    return GpuMetrics.snapshot().kernelLaunches() - before;
  }
}
