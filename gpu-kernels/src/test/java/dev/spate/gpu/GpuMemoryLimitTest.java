package dev.spate.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spate.SpateException;
import dev.spate.cpu.CpuBackend;
import dev.spate.planner.config.SpateConfig;
import dev.spate.planner.expr.AggregateCall;
import dev.spate.planner.expr.Alias;
import dev.spate.planner.expr.Call;
import dev.spate.planner.expr.ColumnRef;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.expr.FunctionNames;
import dev.spate.planner.expr.Literal;
import dev.spate.planner.physical.FilterExec;
import dev.spate.planner.physical.HashAggregateExec;
import dev.spate.planner.physical.PhysicalNode;
import dev.spate.planner.physical.ProjectExec;
import dev.spate.planner.physical.ScanExec;
import dev.spate.planner.spi.Backend;
import dev.spate.planner.spi.PlacedPlan;
import dev.spate.planner.types.DataTypes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * GPU operators under a device memory limit ({@code spate.gpu.memoryLimitBytes}) against the CPU
 * backend on the same data: a limit that forces batches to be split (retries counted, nothing on
 * the CPU), one so small that batches run on the CPU (fallbacks counted, reason reported), a hash
 * aggregation whose state outgrows the limit, the same for a fused aggregation (over Filter v >
 * -900000 and Project h, v * 3, x + 1.5: the rest of the input runs through the Filter / Project on
 * the CPU and is merged with the GPU's groups), and strict mode refusing the fallback. The pools
 * must hold no live buffer afterwards.
 */
class GpuMemoryLimitTest {
  private static final RowsTable TABLE = GpuHashAggregateTest.table(2400, false);
  private static final ColumnRef G = column(1);
  private static final ColumnRef X = column(5);
  private static final ColumnRef V = column(6);
  private static final ColumnRef H = column(8);

  private static GpuDevice device;

  @BeforeAll
  static void requireDevice() {
    device = GpuTests.requireDevice();
  }

  @BeforeEach
  void resetMetrics() {
    GpuMetrics.reset();
  }

  @AfterEach
  void noLiveBuffers() {
    assertThat(device.pool().liveBytes()).as("live device bytes after the query").isZero();
    assertThat(device.stagingPool().liveBuffers()).as("live staging buffers after the query")
        .isZero();
  }

  private static ColumnRef column(int ordinal) {
    Field field = TABLE.schema().getFields().get(ordinal);
    return new ColumnRef(ordinal, field.getName(), field);
  }

  private static ScanExec scan() {
    return new ScanExec(TABLE, List.of(0, 1, 2, 3, 4, 5, 6, 7, 8), List.of());
  }

  private static SpateConfig config(long limit, boolean strict) {
    Map<String, String> values = new HashMap<>();
    values.put("spate.gpu.enabled", "true");
    values.put("spate.gpu.minInputBytes", "0");
    values.put("spate.gpu.retry.minRows", "32");
    values.put("spate.test.failOnFallback", Boolean.toString(strict));
    if (limit > 0) {
      values.put("spate.gpu.memoryLimitBytes", Long.toString(limit));
    }
    return new SpateConfig(values);
  }

  /** Filter x > 0 then project v * 3 and x + 1.5 (and g passed through). */
  private static PhysicalNode filterProject() {
    return filterProject(new Call(FunctionNames.GREATER_THAN, List.of(X, Literal.ofDouble(0.0)),
        DataTypes.field("", DataTypes.BOOLEAN, true)), G);
  }

  /** Filter {@code condition} then project {@code passed}, v * 3 AS v3 and x + 1.5 AS x15. */
  private static ProjectExec filterProject(Expression condition, ColumnRef passed) {
    FilterExec filter = new FilterExec(condition, scan());
    Expression times = new Call(FunctionNames.MULTIPLY, List.of(V, Literal.ofLong(3)),
        DataTypes.field("", DataTypes.BIGINT, true));
    Expression plus = new Call(FunctionNames.ADD, List.of(X, Literal.ofDouble(1.5)),
        DataTypes.field("", DataTypes.DOUBLE, true));
    return new ProjectExec(List.of(passed, new Alias(times, "v3"), new Alias(plus, "x15")), filter);
  }

  private static HashAggregateExec aggregation(List<Expression> keys) {
    List<AggregateCall> calls = List.of(
        GpuHashAggregateTest.aggregate("sum", DataTypes.BIGINT, V),
        GpuHashAggregateTest.aggregate("avg", DataTypes.DOUBLE, V),
        GpuHashAggregateTest.aggregate("min", DataTypes.DOUBLE, X),
        GpuHashAggregateTest.aggregate("max", DataTypes.BIGINT, V),
        GpuHashAggregateTest.aggregate("count", DataTypes.BIGINT, X),
        GpuHashAggregateTest.aggregate("count", DataTypes.BIGINT));
    List<String> keyNames = new ArrayList<>();
    for (Expression key : keys) {
      keyNames.add(((ColumnRef) key).name());
    }
    return new HashAggregateExec(keys, keyNames, calls,
        List.of("s", "a", "mn", "mx", "c", "n"), scan());
  }

  private static List<List<Object>> onCpu(PhysicalNode plan) {
    SpateConfig config = config(0, false);
    return GpuHashAggregateTest.run(PlacedPlan.place(plan, List.of(new CpuBackend()), config),
        config);
  }

  private static List<List<Object>> onGpu(PhysicalNode plan, long limit, boolean strict) {
    SpateConfig config = config(limit, strict);
    PlacedPlan placed = PlacedPlan.place(plan, List.of(new GpuBackend(), new CpuBackend()),
        config);
    assertThat(placed.backend().kind()).as(placed.treeString(true)).isEqualTo(Backend.Kind.GPU);
    return GpuHashAggregateTest.run(placed, config);
  }

  @Test
  void aLimitThatSplitsBatchesKeepsTheResultsOnTheGpu() {
    List<List<Object>> expected = onCpu(filterProject());
    GpuHashAggregateTest.assertSameRows(onGpu(filterProject(), 6000, false), expected);
    GpuMetrics.Snapshot metrics = GpuMetrics.snapshot();
    assertThat(metrics.gpuOomRetries()).isPositive();
    assertThat(metrics.gpuCpuFallbacks()).isZero();
  }

  @Test
  void aLimitTooSmallForAnyPieceRunsBatchesOnTheCpu() {
    List<List<Object>> expected = onCpu(filterProject());
    GpuHashAggregateTest.assertSameRows(onGpu(filterProject(), 600, false), expected);
    GpuMetrics.Snapshot metrics = GpuMetrics.snapshot();
    assertThat(metrics.gpuCpuFallbacks()).isPositive();
    assertThat(metrics.lastFallbackReason()).contains("ran out of device memory")
        .contains("spate.gpu.memoryLimitBytes is 600").contains("ran on the CPU");
  }

  @Test
  void aggregationBatchesAreSplitToFitBesideTheState() {
    HashAggregateExec plan = aggregation(List.of(G));
    List<List<Object>> expected = onCpu(plan);
    GpuHashAggregateTest.assertSameRows(onGpu(plan, 300_000, false), expected);
    GpuMetrics.Snapshot metrics = GpuMetrics.snapshot();
    assertThat(metrics.gpuOomRetries()).isPositive();
    assertThat(metrics.gpuCpuFallbacks()).isZero();
  }

  /** Limits at which the table outgrows the pool; at the tighter one the copy-out would not fit. */
  @ParameterizedTest
  @ValueSource(longs = {400_000, 340_000, 320_000, 300_000})
  void aggregationStateThatOutgrowsTheLimitFinishesOnTheCpu(long limit) {
    HashAggregateExec plan = aggregation(List.of(H));
    List<List<Object>> expected = onCpu(plan);
    assertThat(expected.size()).isGreaterThan(GpuHashAggregateStream.INITIAL_CAPACITY);
    GpuHashAggregateTest.assertSameRows(onGpu(plan, limit, false), expected);
    GpuMetrics.Snapshot metrics = GpuMetrics.snapshot();
    assertThat(metrics.gpuCpuFallbacks()).isEqualTo(1);
    assertThat(metrics.lastFallbackReason()).contains("aggregated on the CPU and merged");
    // The GPU aggregated the first batches before the table had to grow.
    assertThat(metrics.kernelLaunches()).isGreaterThan(20);
  }

  @Test
  void aggregationWithNoRoomForItsTableRunsOnTheCpu() {
    for (List<Expression> keys : List.<List<Expression>>of(List.of(), List.of(G, X))) {
      HashAggregateExec plan = aggregation(keys);
      GpuHashAggregateTest.assertSameRows(onGpu(plan, 300, false), onCpu(plan));
    }
    assertThat(GpuMetrics.snapshot().gpuCpuFallbacks()).isEqualTo(2);
  }

  @Test
  void strictModeRefusesTheFallback() {
    assertThatThrownBy(() -> onGpu(filterProject(), 600, true))
        .isInstanceOf(SpateException.class)
        .hasMessageContaining("ran out of device memory")
        .hasMessageContaining("spate.test.failOnFallback=true");
    assertThatThrownBy(() -> onGpu(aggregation(List.of(H)), 400_000, true))
        .isInstanceOf(SpateException.class)
        .hasMessageContaining("merged with the GPU's groups")
        .hasMessageContaining("spate.test.failOnFallback=true");
    assertThat(GpuMetrics.snapshot().gpuCpuFallbacks()).isZero();
  }

  /** The aggregation (keyed by h, or global) over Filter v > -900000, Project h, v3, x15. */
  private static HashAggregateExec fused(boolean keyed) {
    ProjectExec project = filterProject(new Call(FunctionNames.GREATER_THAN,
        List.of(V, Literal.ofLong(-900_000)), DataTypes.field("", DataTypes.BOOLEAN, true)), H);
    List<Field> fields = project.schema().getFields();
    ColumnRef key = new ColumnRef(0, fields.get(0).getName(), fields.get(0));
    ColumnRef v3 = new ColumnRef(1, "v3", fields.get(1));
    ColumnRef x15 = new ColumnRef(2, "x15", fields.get(2));
    return new HashAggregateExec(keyed ? List.of(key) : List.of(),
        keyed ? List.of(key.name()) : List.of(),
        List.of(GpuHashAggregateTest.aggregate("sum", DataTypes.BIGINT, v3),
            GpuHashAggregateTest.aggregate("avg", DataTypes.DOUBLE, v3),
            GpuHashAggregateTest.aggregate("min", DataTypes.DOUBLE, x15),
            GpuHashAggregateTest.aggregate("max", DataTypes.BIGINT, v3),
            GpuHashAggregateTest.aggregate("count", DataTypes.BIGINT, x15),
            GpuHashAggregateTest.aggregate("count", DataTypes.BIGINT)),
        List.of("s", "a", "mn", "mx", "c", "n"), project);
  }

  @ParameterizedTest
  @ValueSource(longs = {400_000, 340_000, 320_000, 300_000})
  void fusedStateThatOutgrowsTheLimitFinishesThroughTheChainOnTheCpu(long limit) {
    HashAggregateExec plan = fused(true);
    List<List<Object>> expected = onCpu(plan);
    assertThat(expected.size()).isGreaterThan(GpuHashAggregateStream.INITIAL_CAPACITY);
    GpuHashAggregateTest.assertSameRows(onGpu(plan, limit, false), expected);
    GpuMetrics.Snapshot metrics = GpuMetrics.snapshot();
    assertThat(metrics.gpuCpuFallbacks()).isEqualTo(1);
    assertThat(metrics.lastFallbackReason())
        .contains("filtered and projected by the fused Filter/Project")
        .contains("aggregated on the CPU and merged with the GPU's groups");
    // The fused kernel aggregated the first batches before the table had to grow.
    assertThat(metrics.kernelLaunches()).isGreaterThan(5);
  }

  @Test
  void fusedAggregationWithNoRoomForItsTableRunsOnTheCpu() {
    for (boolean keyed : new boolean[] {false, true}) {
      HashAggregateExec plan = fused(keyed);
      GpuHashAggregateTest.assertSameRows(onGpu(plan, 300, false), onCpu(plan));
    }
    assertThat(GpuMetrics.snapshot().gpuCpuFallbacks()).isEqualTo(2);
    assertThat(GpuMetrics.snapshot().lastFallbackReason()).contains("fused Filter/Project");
  }

  @Test
  void strictModeRefusesTheFusedFallback() {
    assertThatThrownBy(() -> onGpu(fused(true), 400_000, true))
        .isInstanceOf(SpateException.class)
        .hasMessageContaining("[GPU]")
        .hasMessageContaining("filtered and projected by the fused Filter/Project")
        .hasMessageContaining("spate.test.failOnFallback=true");
    assertThat(GpuMetrics.snapshot().gpuCpuFallbacks()).isZero();
  }
}
