package dev.spate.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spate.SpateException;
import dev.spate.planner.config.SpateConfig;
import dev.spate.planner.expr.AggregateCall;
import dev.spate.planner.expr.Call;
import dev.spate.planner.expr.ColumnRef;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.expr.FunctionNames;
import dev.spate.planner.expr.Literal;
import dev.spate.planner.physical.FilterExec;
import dev.spate.planner.physical.HashAggregateExec;
import dev.spate.planner.physical.LimitExec;
import dev.spate.planner.physical.PhysicalNode;
import dev.spate.planner.physical.ProjectExec;
import dev.spate.planner.physical.ScanExec;
import dev.spate.planner.types.DataTypes;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The GPU backend's placement answers: switches, the cost gate and unsupported shapes. */
class GpuBackendPlacementTest {
  private static final GpuBackend BACKEND = new GpuBackend();
  private static final ColumnRef A = new ColumnRef(0, "a", TestTable.SCHEMA.getFields().get(0));
  private static final ScanExec SCAN = new ScanExec(new TestTable(new Long[0], new Long[0],
      new Double[0], new Double[0], new Integer[0], 8), List.of(0, 1, 2, 3, 4), List.of());
  private static final PhysicalNode FILTER = new FilterExec(new Call(FunctionNames.GREATER_THAN,
      List.of(A, Literal.ofLong(1)), DataTypes.field("", DataTypes.BOOLEAN, true)), SCAN);

  private static SpateConfig config(String mode, String minInputBytes) {
    return new SpateConfig(Map.of("spate.gpu.enabled", mode, "spate.gpu.minInputBytes",
        minInputBytes));
  }

  @Test
  void disabledByConfiguration() {
    assertThat(BACKEND.unsupportedReason(FILTER, config("false", "0")))
        .contains("the GPU backend is disabled by spate.gpu.enabled=false");
  }

  @Test
  void supportedNodesAreTakenAndTheCostGateKeepsSmallOrUnknownInputsOnTheCpu() {
    GpuTests.requireDevice();
    assertThat(BACKEND.unsupportedReason(FILTER, config("true", "1000000"))).isEmpty();
    assertThat(BACKEND.unsupportedReason(FILTER, config("auto", "0"))).isEmpty();
    assertThat(BACKEND.unsupportedReason(FILTER, config("auto", "1000")))
        .hasValueSatisfying(reason -> assertThat(reason)
            .contains("input size is unknown").contains("spate.gpu.minInputBytes=1000"));
  }

  @Test
  void unsupportedShapesHaveFullSentenceReasons() {
    GpuTests.requireDevice();
    SpateConfig on = config("true", "0");
    ColumnRef name = new ColumnRef(0, "name", DataTypes.field("name", DataTypes.STRING, true));
    Expression like = new Call(FunctionNames.LIKE, List.of(name, Literal.ofString("a%")),
        DataTypes.field("", DataTypes.BOOLEAN, true));
    assertThat(BACKEND.unsupportedReason(new FilterExec(like, SCAN), on)).hasValueSatisfying(
        reason -> assertThat(reason).startsWith("GPU Filter cannot evaluate its condition:")
            .contains("(like) is not supported on GPU"));
    assertThat(BACKEND.unsupportedReason(new ProjectExec(List.of(A), SCAN), on))
        .contains("the Project only passes columns through, so there is no GPU work.");
    assertThat(BACKEND.unsupportedReason(new LimitExec(1, 0, SCAN), on))
        .contains("Limit is not implemented by the GPU backend (it runs Filter, Project,"
            + " HashAggregate and the Generate of time windows).");
    Expression intDivide = new Call(FunctionNames.DIVIDE, List.of(A, A),
        DataTypes.field("", DataTypes.BIGINT, true));
    assertThat(BACKEND.unsupportedReason(new ProjectExec(List.of(intDivide), SCAN), on))
        .hasValueSatisfying(reason -> assertThat(reason).contains("which Spark does in DOUBLE"));
    Expression sparkDivide = new Call(FunctionNames.DIVIDE, List.of(A, A),
        DataTypes.field("", DataTypes.DOUBLE, true));
    assertThat(BACKEND.unsupportedReason(new ProjectExec(List.of(sparkDivide), SCAN), on))
        .hasValueSatisfying(reason -> assertThat(reason).contains("is not supported on GPU"));
  }

  private static HashAggregateExec aggregate(List<Expression> keys, AggregateCall call) {
    List<String> keyNames = keys.stream().map(Expression::sql).toList();
    return new HashAggregateExec(keys, keyNames, List.of(call), List.of("agg"), SCAN);
  }

  @Test
  void aggregationPlacementAndReasons() {
    GpuTests.requireDevice();
    SpateConfig on = config("true", "0");
    ColumnRef b = new ColumnRef(1, "b", TestTable.SCHEMA.getFields().get(1));
    AggregateCall countStar = GpuHashAggregateTest.aggregate("count", DataTypes.BIGINT);
    AggregateCall sumB = GpuHashAggregateTest.aggregate("sum", DataTypes.BIGINT, b);
    assertThat(BACKEND.unsupportedReason(aggregate(List.of(), countStar), on)).isEmpty();
    assertThat(BACKEND.unsupportedReason(aggregate(List.of(A), sumB), on)).isEmpty();
    assertThat(BACKEND.unsupportedReason(aggregate(List.of(A, b), countStar), on)).isEmpty();

    AggregateCall distinct = new AggregateCall("count", List.of(b), true,
        DataTypes.field("", DataTypes.BIGINT, false));
    assertThat(BACKEND.unsupportedReason(aggregate(List.of(A), distinct), on)).contains(
        "GPU HashAggregate cannot compute `count(DISTINCT b)`: DISTINCT aggregates stay on the"
            + " CPU; the GPU aggregates are count(*), count(x), and sum, avg, min and max over"
            + " INT/BIGINT/FLOAT/DOUBLE (min, max and count also over DATE/TIMESTAMP), without"
            + " DISTINCT.");
    AggregateCall first = GpuHashAggregateTest.aggregate("first", DataTypes.BIGINT, b);
    assertThat(BACKEND.unsupportedReason(aggregate(List.of(A), first), on))
        .hasValueSatisfying(reason -> assertThat(reason)
            .startsWith("GPU HashAggregate cannot compute `first(b)`: first is not a GPU"
                + " aggregate;"));
    ColumnRef name = new ColumnRef(0, "name", DataTypes.field("name", DataTypes.STRING, true));
    assertThat(BACKEND.unsupportedReason(aggregate(List.of(name), countStar), on)).contains(
        "GPU HashAggregate groups by INT/BIGINT/FLOAT/DOUBLE/DATE/TIMESTAMP keys; the key `name`"
            + " has type Utf8.");
    ColumnRef flag = new ColumnRef(0, "flag", DataTypes.field("flag", DataTypes.BOOLEAN, true));
    assertThat(BACKEND.unsupportedReason(aggregate(List.of(flag), countStar), on))
        .hasValueSatisfying(reason -> assertThat(reason).contains("the key `flag` has type Bool"));
    AggregateCall sumName = GpuHashAggregateTest.aggregate("sum", DataTypes.DOUBLE, name);
    assertThat(BACKEND.unsupportedReason(aggregate(List.of(A), sumName), on))
        .hasValueSatisfying(reason -> assertThat(reason)
            .startsWith("GPU HashAggregate cannot compute `sum(name)`: its argument has type Utf8;"));
    AggregateCall countName = GpuHashAggregateTest.aggregate("count", DataTypes.BIGINT, name);
    assertThat(BACKEND.unsupportedReason(aggregate(List.of(A), countName), on))
        .hasValueSatisfying(reason -> assertThat(reason).contains("its argument has type Utf8"));
    assertThat(BACKEND.unsupportedReason(aggregate(List.of(Literal.ofLong(1)), countStar), on))
        .contains("GPU HashAggregate needs grouping keys that read a column; `1L` is a constant.");
  }

  private static SpateConfig strict(String mode) {
    return new SpateConfig(Map.of("spate.gpu.enabled", mode, "spate.gpu.minInputBytes",
        "1000000000", "spate.test.failOnFallback", "true"));
  }

  @Test
  void strictModeFailsInsteadOfLeavingGpuWorkToTheCpu() {
    GpuTests.requireDevice();
    ColumnRef name = new ColumnRef(0, "name", DataTypes.field("name", DataTypes.STRING, true));
    Expression like = new Call(FunctionNames.LIKE, List.of(name, Literal.ofString("a%")),
        DataTypes.field("", DataTypes.BOOLEAN, true));
    assertThatThrownBy(() -> BACKEND.unsupportedReason(new FilterExec(like, SCAN), strict("true")))
        .isInstanceOfSatisfying(SpateException.class, e -> assertThat(e.errorClass())
            .isEqualTo(SpateException.ErrorClass.GPU))
        .hasMessageContaining("GPU Filter falls back to the CPU: GPU Filter cannot evaluate its"
            + " condition:")
        .hasMessageContaining("spate.test.failOnFallback=true with spate.gpu.enabled=true forbids");
    AggregateCall first = GpuHashAggregateTest.aggregate("first", DataTypes.BIGINT, A);
    assertThatThrownBy(() -> BACKEND.unsupportedReason(aggregate(List.of(A), first),
        strict("true"))).isInstanceOf(SpateException.class)
        .hasMessageContaining("cannot compute `first(a)`");
    // The cost gate is not consulted with spate.gpu.enabled=true: the small input stays on the GPU.
    assertThat(BACKEND.unsupportedReason(FILTER, strict("true"))).isEmpty();
    // Nodes without GPU work are not fallbacks, and auto mode's choices are not forced.
    assertThat(BACKEND.unsupportedReason(new ProjectExec(List.of(A), SCAN), strict("true")))
        .isPresent();
    assertThat(BACKEND.unsupportedReason(new LimitExec(1, 0, SCAN), strict("true"))).isPresent();
    assertThat(BACKEND.unsupportedReason(new FilterExec(like, SCAN), strict("auto"))).isPresent();
    assertThat(BACKEND.unsupportedReason(FILTER, strict("auto")))
        .hasValueSatisfying(reason -> assertThat(reason).contains("spate.gpu.minInputBytes"));
  }
}
