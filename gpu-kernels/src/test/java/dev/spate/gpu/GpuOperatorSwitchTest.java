package dev.spate.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spate.cpu.CpuBackend;
import dev.spate.planner.config.SpateConfig;
import dev.spate.planner.physical.FilterExec;
import dev.spate.planner.physical.HashAggregateExec;
import dev.spate.planner.physical.PhysicalNode;
import dev.spate.planner.physical.ProjectExec;
import dev.spate.planner.spi.Backend;
import dev.spate.planner.spi.PlacedPlan;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The per-operator switches {@code spate.gpu.{filter,project,aggregate,window}.enabled}: a switched
 * off operator stays on the CPU with "key=false" as its reason, also in strict mode (the user asked
 * for it), while the other operators of the same plan stay on the GPU.
 */
class GpuOperatorSwitchTest {
  private static final String SQL = "SELECT g, sum(v * 2) FROM events WHERE x > 0 GROUP BY g";
  private static final String PROJECT_SQL = "SELECT v * 2 AS y, x FROM events WHERE x > 0";
  private static final String WINDOW_SQL = "SELECT window, count(*) FROM events"
      + " GROUP BY window(t, '10 seconds')";

  private static SpateConfig config(String... switches) {
    Map<String, String> values = new HashMap<>(Map.of("spate.gpu.enabled", "true",
        "spate.gpu.minInputBytes", "0", "spate.test.failOnFallback", "true"));
    return withSwitches(values, switches);
  }

  /** Not strict: the window query's final aggregate groups by a struct, which the GPU declines. */
  private static SpateConfig lenient(String... switches) {
    return withSwitches(new HashMap<>(Map.of("spate.gpu.enabled", "true",
        "spate.gpu.minInputBytes", "0")), switches);
  }

  private static SpateConfig withSwitches(Map<String, String> values, String... switches) {
    for (String key : switches) {
      values.put(key, "false");
    }
    return new SpateConfig(values);
  }

  private static PlacedPlan place(String sql, SpateConfig config) {
    PhysicalNode physical = GpuAggregateSqlTest.plan(sql, GpuHashAggregateTest.table(40, false),
        config);
    return PlacedPlan.place(physical, List.of(new GpuBackend(), new CpuBackend()), config);
  }

  private static PlacedPlan find(PlacedPlan placed, Class<?> type) {
    if (type.isInstance(placed.node())) {
      return placed;
    }
    for (PlacedPlan child : placed.children()) {
      PlacedPlan found = find(child, type);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private static void assertOnCpuBecause(PlacedPlan placed, Class<?> type, String reason) {
    PlacedPlan node = find(placed, type);
    assertThat(node).as(placed.treeString(true)).isNotNull();
    assertThat(node.backend().kind()).as(placed.treeString(true)).isEqualTo(Backend.Kind.CPU);
    assertThat(node.reasons()).as(placed.treeString(true)).contains("gpu: " + reason);
  }

  private static void assertOnGpu(PlacedPlan placed, Class<?> type) {
    assertThat(find(placed, type).backend().kind()).as(placed.treeString(true))
        .isEqualTo(Backend.Kind.GPU);
  }

  @Test
  void everyOperatorIsOnTheGpuByDefault() {
    GpuTests.requireDevice();
    PlacedPlan placed = place(SQL, config());
    assertOnGpu(placed, FilterExec.class);
    assertOnGpu(placed, HashAggregateExec.class);
    assertOnGpu(place(PROJECT_SQL, config()), ProjectExec.class);
  }

  @Test
  void eachSwitchKeepsOnlyItsOperatorOnTheCpu() {
    GpuTests.requireDevice();
    PlacedPlan noFilter = place(SQL, config("spate.gpu.filter.enabled"));
    assertOnCpuBecause(noFilter, FilterExec.class,
        "the GPU Filter is disabled by spate.gpu.filter.enabled=false");
    assertOnGpu(noFilter, HashAggregateExec.class);

    PlacedPlan noProject = place(PROJECT_SQL, config("spate.gpu.project.enabled"));
    assertOnCpuBecause(noProject, ProjectExec.class,
        "the GPU Project is disabled by spate.gpu.project.enabled=false");
    assertOnGpu(noProject, FilterExec.class);

    PlacedPlan noAggregate = place(SQL, config("spate.gpu.aggregate.enabled"));
    assertOnCpuBecause(noAggregate, HashAggregateExec.class,
        "the GPU HashAggregate is disabled by spate.gpu.aggregate.enabled=false");
    assertOnGpu(noAggregate, FilterExec.class);
  }

  @Test
  void theWindowSwitchKeepsTheWindowGenerateOnTheCpu() {
    GpuTests.requireDevice();
    PlacedPlan on = place(WINDOW_SQL, lenient());
    assertThat(GpuTimeWindowTest.generateOf(on.node())).isNotNull();
    assertThat(placedGenerate(on).backend().kind()).isEqualTo(Backend.Kind.GPU);
    PlacedPlan off = place(WINDOW_SQL, lenient("spate.gpu.window.enabled"));
    PlacedPlan generate = placedGenerate(off);
    assertThat(generate.backend().kind()).as(off.treeString(true)).isEqualTo(Backend.Kind.CPU);
    assertThat(generate.reasons()).contains(
        "gpu: the GPU Generate is disabled by spate.gpu.window.enabled=false");
  }

  private static PlacedPlan placedGenerate(PlacedPlan placed) {
    return find(placed, dev.spate.planner.physical.GenerateExec.class);
  }
}
