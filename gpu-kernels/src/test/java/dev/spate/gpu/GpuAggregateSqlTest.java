package dev.spate.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spate.cpu.CpuBackend;
import dev.spate.planner.analysis.Analyzer;
import dev.spate.planner.analysis.Catalog;
import dev.spate.planner.config.SpateConfig;
import dev.spate.planner.logical.LogicalPlan;
import dev.spate.planner.logical.Scan;
import dev.spate.planner.optimizer.Optimizer;
import dev.spate.planner.physical.HashAggregateExec;
import dev.spate.planner.physical.PhysicalNode;
import dev.spate.planner.physical.PhysicalPlanner;
import dev.spate.planner.spi.Backend;
import dev.spate.planner.spi.PlacedPlan;
import dev.spate.planner.spi.TableSource;
import dev.spate.planner.sql.SqlParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * SQL through the planner (parse, analyze, optimize, plan, place) with the GPU and CPU backends:
 * the HashAggregate is placed on the GPU, its kernels run, and the answer is the CPU backend's.
 */
class GpuAggregateSqlTest {
  private static final SpateConfig CONFIG = new SpateConfig(Map.of("spate.gpu.enabled", "true",
      "spate.gpu.minInputBytes", "0", "spate.batch.maxRows", "100"));

  /** The physical plan of {@code sql} over the view {@code events} = {@code table}. */
  static PhysicalNode plan(String sql, TableSource table, SpateConfig config) {
    Catalog catalog = new Catalog() {
      @Override
      public LogicalPlan view(String name) {
        return name.equalsIgnoreCase("events") ? Scan.of(table) : null;
      }

      @Override
      public TableSource fileTable(String format, String path) {
        throw new UnsupportedOperationException(format + " " + path);
      }
    };
    LogicalPlan analyzed = new Analyzer(catalog, config).analyze(SqlParser.parseQuery(sql));
    return new PhysicalPlanner(config).plan(new Optimizer(config).optimize(analyzed));
  }

  private static List<PlacedPlan> aggregatesOf(PlacedPlan placed) {
    List<PlacedPlan> found = new ArrayList<>();
    if (placed.node() instanceof HashAggregateExec) {
      found.add(placed);
    }
    for (PlacedPlan child : placed.children()) {
      found.addAll(aggregatesOf(child));
    }
    return found;
  }

  @Test
  void groupedAndGlobalAggregatesRunOnTheGpu() {
    GpuTests.requireDevice();
    TableSource table = GpuHashAggregateTest.table(1600, false);
    String[] queries = {
        "SELECT g, count(*), sum(v), avg(x), min(f), max(w), count(x) FROM events"
            + " WHERE x > 0 GROUP BY g",
        "SELECT k, d, sum(w) AS total, max(t) FROM events GROUP BY k, d HAVING count(*) > 1",
        "SELECT count(*), sum(v), avg(w), min(x), max(x) FROM events"};
    for (String sql : queries) {
      PhysicalNode physical = plan(sql, table, CONFIG);
      PlacedPlan gpu = PlacedPlan.place(physical, List.of(new GpuBackend(), new CpuBackend()),
          CONFIG);
      List<PlacedPlan> aggregates = aggregatesOf(gpu);
      assertThat(aggregates).as(gpu.treeString(true)).hasSize(1);
      assertThat(aggregates.get(0).backend().kind()).as(gpu.treeString(true))
          .isEqualTo(Backend.Kind.GPU);
      assertThat(gpu.treeString(false)).contains("HashAggregate");
      long launches = GpuMetrics.snapshot().kernelLaunches();
      long uploaded = GpuMetrics.snapshot().hostToDeviceBytes();
      List<List<Object>> actual = GpuHashAggregateTest.run(gpu, CONFIG);
      assertThat(GpuMetrics.snapshot().kernelLaunches()).as(sql).isGreaterThan(launches);
      assertThat(GpuMetrics.snapshot().hostToDeviceBytes()).as(sql).isGreaterThan(uploaded);
      List<List<Object>> expected = GpuHashAggregateTest.run(
          PlacedPlan.place(physical, List.of(new CpuBackend()), CONFIG), CONFIG);
      GpuHashAggregateTest.assertSameRows(actual, expected);
    }
  }
}
