package dev.spate.codegen;

import static dev.spate.codegen.PlanRunner.BOOLEAN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spate.codegen.compile.CodegenMetrics;
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
import dev.spate.planner.spi.Backend;
import dev.spate.planner.spi.PlacedPlan;
import dev.spate.planner.spi.TableSource;
import dev.spate.planner.types.DataTypes;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A placed plan opened again (as every micro-batch of a streaming query does) finds its compiled
 * pipelines without generating their source again, and each plan keeps its own literals.
 */
class PipelineCacheTest {
  private static final Field ID = DataTypes.field("id", DataTypes.BIGINT, true);
  private static final Field PRICE = DataTypes.field("price", DataTypes.DOUBLE, true);
  private static final SpateConfig CONFIG = SpateConfig.defaults();

  private BufferAllocator allocator;
  private TableSource table;

  @BeforeEach
  void setUp() {
    allocator = new RootAllocator();
    table = PlanRunner.table(new Schema(List.of(ID, PRICE)), List.of(
        Arrays.asList(1L, 5.0), Arrays.asList(2L, 50.0), Arrays.asList(3L, 500.0),
        Arrays.asList(4L, null), Arrays.asList(5L, 5000.0)), 2);
  }

  @AfterEach
  void tearDown() {
    allocator.close();
  }

  /** WHERE price > threshold, SELECT id * 10 AS v. */
  private PhysicalNode filterProject(double threshold) {
    Field bigint = DataTypes.field("", DataTypes.BIGINT, true);
    Expression tenfold = new Call(FunctionNames.MULTIPLY,
        List.of(new ColumnRef(0, "id", ID), Literal.ofLong(10)), bigint);
    return new ProjectExec(List.of(new Alias(tenfold, "v")), priceAbove(threshold));
  }

  private FilterExec priceAbove(double threshold) {
    return new FilterExec(new Call(FunctionNames.GREATER_THAN,
        List.of(new ColumnRef(1, "price", PRICE), Literal.ofDouble(threshold)), BOOLEAN),
        PlanRunner.scan(table));
  }

  /** SELECT sum(price), count(*) WHERE price > threshold. */
  private PhysicalNode filterSum(double threshold) {
    return new HashAggregateExec(List.of(), List.of(),
        List.of(new AggregateCall("sum", List.of(new ColumnRef(1, "price", PRICE)), false,
                DataTypes.field("", DataTypes.DOUBLE, true)),
            new AggregateCall("count", List.of(), false,
                DataTypes.field("", DataTypes.BIGINT, false))),
        List.of("s", "c"), priceAbove(threshold));
  }

  @Test
  void reopeningAPlacedPlanGeneratesNoSource() {
    PlacedPlan projection = PlanRunner.place(filterProject(40.0), CONFIG);
    PlacedPlan aggregation = PlanRunner.place(filterSum(40.0), CONFIG);
    assertThat(projection.backend().kind()).isEqualTo(Backend.Kind.CODEGEN);
    assertThat(aggregation.backend().kind()).isEqualTo(Backend.Kind.CODEGEN);
    CodegenMetrics.Snapshot before = CodegenBackend.metrics();
    for (int batch = 0; batch < 3; batch++) {
      // prices above 40: ids 2, 3 and 5
      assertThat(PlanRunner.run(projection, CONFIG, allocator)).containsExactly(
          List.of(20L), List.of(30L), List.of(50L));
      assertThat(PlanRunner.run(aggregation, CONFIG, allocator)).containsExactly(
          List.of(5550.0, 3L));
    }
    CodegenMetrics.Snapshot after = CodegenBackend.metrics();
    assertThat(after.sourcesGenerated()).isEqualTo(before.sourcesGenerated());
    assertThat(after.compiles()).isEqualTo(before.compiles());
    assertThat(after.cacheHits()).isGreaterThanOrEqualTo(before.cacheHits() + 6);
  }

  @Test
  void plansOfOneShapeKeepTheirOwnLiterals() {
    PlacedPlan low = PlanRunner.place(filterProject(1.0), CONFIG);
    long compiles = CodegenBackend.metrics().compiles();
    PlacedPlan high = PlanRunner.place(filterProject(1000.0), CONFIG);
    assertThat(CodegenBackend.metrics().compiles()).isEqualTo(compiles);
    for (int round = 0; round < 2; round++) {
      assertThat(PlanRunner.run(low, CONFIG, allocator)).containsExactly(
          List.of(10L), List.of(20L), List.of(30L), List.of(50L));
      assertThat(PlanRunner.run(high, CONFIG, allocator)).containsExactly(List.of(50L));
    }
  }

  @Test
  void otherSettingsGenerateTheSourceAgain() {
    PlacedPlan placed = PlanRunner.place(filterSum(400.0), CONFIG);
    SpateConfig legacy = CONFIG.with("spate.sql.ansi.enabled", "false");
    long generated = CodegenBackend.metrics().sourcesGenerated();
    assertThat(PlanRunner.run(placed, legacy, allocator)).containsExactly(List.of(5500.0, 2L));
    assertThat(CodegenBackend.metrics().sourcesGenerated()).isEqualTo(generated + 1);
    assertThat(PlanRunner.run(placed, legacy, allocator)).containsExactly(List.of(5500.0, 2L));
    assertThat(CodegenBackend.metrics().sourcesGenerated()).isEqualTo(generated + 1);
  }
}
