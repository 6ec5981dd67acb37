package dev.spate.codegen;

import static dev.spate.codegen.PlanRunner.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spate.SpateException;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CodegenBackendTest {
  private static final Field ID = DataTypes.field("id", DataTypes.BIGINT, true);
  private static final Field PRICE = DataTypes.field("price", DataTypes.DOUBLE, true);
  private static final Field NAME = DataTypes.field("name", DataTypes.STRING, true);
  private static final Schema SCHEMA = new Schema(List.of(ID, PRICE, NAME));
  private static final SpateConfig CONFIG = SpateConfig.defaults();

  private BufferAllocator allocator;
  private TableSource table;

  @BeforeEach
  void setUp() {
    allocator = new RootAllocator();
    List<List<Object>> rows = new ArrayList<>();
    rows.add(Arrays.asList(1L, 10.0, "a"));
    rows.add(Arrays.asList(2L, 600.0, "b"));
    rows.add(Arrays.asList(null, 700.0, null));
    rows.add(Arrays.asList(4L, null, "d"));
    rows.add(Arrays.asList(2L, 800.0, "e"));
    table = PlanRunner.table(SCHEMA, rows, 2);
  }

  @AfterEach
  void tearDown() {
    allocator.close();
  }

  private static ColumnRef id() {
    return new ColumnRef(0, "id", ID);
  }

  private static ColumnRef price() {
    return new ColumnRef(1, "price", PRICE);
  }

  /** WHERE price > literal, SELECT id * 3 + 7 AS v, name. */
  private PhysicalNode filterProject(double threshold) {
    Field bool = DataTypes.field("", DataTypes.BOOLEAN, true);
    Field bigint = DataTypes.field("", DataTypes.BIGINT, true);
    FilterExec filter = new FilterExec(call(FunctionNames.GREATER_THAN, bool, price(),
        Literal.ofDouble(threshold)), PlanRunner.scan(table));
    Expression value = call(FunctionNames.ADD, bigint,
        call(FunctionNames.MULTIPLY, bigint, id(), Literal.ofLong(3)), Literal.ofLong(7));
    return new ProjectExec(List.of(new Alias(value, "v"),
        new ColumnRef(2, "name", NAME)), filter);
  }

  @Test
  void fusesFilterAndProjectAndPassesStringsThrough() {
    PlacedPlan placed = PlanRunner.place(filterProject(500.0), CONFIG);
    assertThat(placed.backend().kind()).isEqualTo(Backend.Kind.CODEGEN);
    assertThat(placed.children().get(0).backend().kind()).isEqualTo(Backend.Kind.CODEGEN);
    // rows with price > 500: (2, 600, b), (null, 700, null), (2, 800, e)
    assertThat(PlanRunner.run(placed, CONFIG, allocator)).containsExactly(
        Arrays.asList(13L, "b"), Arrays.asList(null, null), Arrays.asList(13L, "e"));
  }

  @Test
  void passThroughProjectionKeepsTheInterpretedFiltersSelection() {
    // a string comparison is not generated, so the filter runs interpreted and selects rows
    FilterExec notB = new FilterExec(call(FunctionNames.NOT_EQUAL,
        DataTypes.field("", DataTypes.BOOLEAN, true), new ColumnRef(2, "name", NAME),
        Literal.ofString("b")), PlanRunner.scan(table));
    PlacedPlan placed = PlanRunner.place(new ProjectExec(List.of(
        new ColumnRef(2, "name", NAME), new Alias(id(), "key")), notB), CONFIG);
    assertThat(placed.backend().kind()).isEqualTo(Backend.Kind.CODEGEN);
    assertThat(placed.children().get(0).backend().kind()).isEqualTo(Backend.Kind.CPU);
    // NULL names are not kept (NULL <> 'b' is NULL)
    assertThat(PlanRunner.run(placed, CONFIG, allocator)).containsExactly(
        Arrays.asList("a", 1L), Arrays.asList("d", 4L), Arrays.asList("e", 2L));
  }

  @Test
  void groupedAggregationMatchesHandComputedSums() {
    Field bigint = DataTypes.field("", DataTypes.BIGINT, true);
    Field dbl = DataTypes.field("", DataTypes.DOUBLE, true);
    HashAggregateExec aggregate = new HashAggregateExec(List.of(id()), List.of("id"),
        List.of(new AggregateCall("sum", List.of(price()), false, dbl),
            new AggregateCall("count", List.of(), false, DataTypes.field("", DataTypes.BIGINT,
                false)),
            new AggregateCall("max", List.of(price()), false, dbl),
            new AggregateCall("sum", List.of(id()), false, bigint)),
        List.of("s", "c", "m", "t"), PlanRunner.scan(table));
    PlacedPlan placed = PlanRunner.place(aggregate, CONFIG);
    assertThat(placed.backend().kind()).isEqualTo(Backend.Kind.CODEGEN);
    assertThat(PlanRunner.run(placed, CONFIG, allocator)).containsExactlyInAnyOrder(
        Arrays.asList(1L, 10.0, 1L, 10.0, 1L),
        Arrays.asList(2L, 1400.0, 2L, 800.0, 4L),
        Arrays.asList(null, 700.0, 1L, 700.0, null),
        Arrays.asList(4L, null, 1L, null, 4L));
  }

  @Test
  void aggregationWithoutKeysOverEmptyInputGivesOneRow() {
    Field dbl = DataTypes.field("", DataTypes.DOUBLE, true);
    FilterExec none = new FilterExec(call(FunctionNames.GREATER_THAN,
        DataTypes.field("", DataTypes.BOOLEAN, true), price(), Literal.ofDouble(1e9)),
        PlanRunner.scan(table));
    HashAggregateExec aggregate = new HashAggregateExec(List.of(), List.of(),
        List.of(new AggregateCall("sum", List.of(price()), false, dbl),
            new AggregateCall("count", List.of(), false,
                DataTypes.field("", DataTypes.BIGINT, false))),
        List.of("s", "c"), none);
    assertThat(PlanRunner.run(PlanRunner.place(aggregate, CONFIG), CONFIG, allocator))
        .containsExactly(Arrays.asList(null, 0L));
  }

  @Test
  void disabledCodegenAndUnsupportedExpressionsRunInterpretedWithReasons() {
    SpateConfig disabled = CONFIG.with("spate.codegen.enabled", "false");
    PlacedPlan placed = PlanRunner.place(filterProject(500.0), disabled);
    assertThat(placed.backend().kind()).isEqualTo(Backend.Kind.CPU);
    assertThat(placed.treeString(true))
        .contains("codegen: codegen is disabled by spate.codegen.enabled=false");
    Expression upper = call("upper", DataTypes.field("", DataTypes.STRING, true),
        new ColumnRef(2, "name", NAME));
    PlacedPlan project = PlanRunner.place(new ProjectExec(List.of(new Alias(upper, "u")),
        PlanRunner.scan(table)), CONFIG);
    assertThat(project.backend().kind()).isEqualTo(Backend.Kind.CPU);
    assertThat(project.reasons().get(0)).startsWith("codegen: Project is not generated:");
  }

  @Test
  void compileFailureFallsBackWithReasonOrThrowsUnderFailOnFallback() {
    SpateConfig broken = CONFIG.with("spate.codegen.test.forceCompileError", "true");
    PlacedPlan placed = PlanRunner.place(filterProject(500.0), broken);
    assertThat(placed.backend().kind()).isEqualTo(Backend.Kind.CPU);
    assertThat(placed.children().get(0).backend().kind()).isEqualTo(Backend.Kind.CPU);
    assertThat(placed.treeString(true)).contains("codegen: the generated code for Filter ->"
        + " Project cannot be used, so it runs interpreted: the generated class does not compile");
    assertThat(PlanRunner.run(placed, broken, allocator)).hasSize(3);
    SpateConfig strict = broken.with("spate.test.failOnFallback", "true");
    assertThatThrownBy(() -> PlanRunner.place(filterProject(500.0), strict))
        .isInstanceOf(SpateException.class)
        .hasMessageContaining("spate.test.failOnFallback=true")
        .hasMessageContaining("class ForcedCompileError")
        .satisfies(e -> assertThat(((SpateException) e).errorClass())
            .isEqualTo(SpateException.ErrorClass.CODEGEN));
  }

  @Test
  void oversizedMethodFallsBackWithReasonOrThrows() {
    Field bigint = DataTypes.field("", DataTypes.BIGINT, true);
    Expression huge = id();
    for (int index = 0; index < 400; index++) {
      huge = call(FunctionNames.ADD, bigint, huge, Literal.ofLong(index));
    }
    PhysicalNode plan = new ProjectExec(List.of(new Alias(huge, "h")), PlanRunner.scan(table));
    PlacedPlan placed = PlanRunner.place(plan, CONFIG);
    assertThat(placed.backend().kind()).isEqualTo(Backend.Kind.CPU);
    assertThat(placed.reasons().get(0)).contains("bytes of bytecode, over the limit of 8000"
        + " bytes").contains("spate.codegen.maxMethodBytes");
    // id + 0 + 1 + ... + 399 = id + 79800
    assertThat(PlanRunner.run(placed, CONFIG, allocator).get(0)).containsExactly(79801L);
    assertThatThrownBy(() -> PlanRunner.place(plan,
        CONFIG.with("spate.test.failOnFallback", "true")))
        .isInstanceOf(SpateException.class).hasMessageContaining("bytes of bytecode");
  }

  @Test
  void sameShapeWithOtherLiteralsCompilesOnce() {
    PlanRunner.place(filterProject(123.25), CONFIG);
    long compiles = CodegenBackend.metrics().compiles();
    long hits = CodegenBackend.metrics().cacheHits();
    PlacedPlan other = PlanRunner.place(filterProject(650.5), CONFIG);
    assertThat(CodegenBackend.metrics().compiles()).isEqualTo(compiles);
    assertThat(CodegenBackend.metrics().cacheHits()).isGreaterThan(hits);
    // the reused class sees the new literal: only prices above 650.5 (700 and 800)
    assertThat(PlanRunner.run(other, CONFIG, allocator)).containsExactly(
        Arrays.asList(null, null), Arrays.asList(13L, "e"));
  }
}
