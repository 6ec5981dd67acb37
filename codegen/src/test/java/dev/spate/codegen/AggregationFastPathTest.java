package dev.spate.codegen;

import static dev.spate.codegen.PlanRunner.ANSI;
import static dev.spate.codegen.PlanRunner.BIGINT;
import static dev.spate.codegen.PlanRunner.BOOLEAN;
import static dev.spate.codegen.PlanRunner.DOUBLE;
import static dev.spate.codegen.PlanRunner.call;
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
import dev.spate.planner.physical.PhysicalNode;
import dev.spate.planner.spi.Backend;
import dev.spate.planner.spi.PlacedPlan;
import dev.spate.planner.spi.TableSource;
import dev.spate.planner.types.DataTypes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The faster aggregation loops: the branch-free keyless loop (only where nothing can throw) versus
 * the exact branchy loop that raises ANSI errors for live rows only, dense versus selected input
 * rows, and the inline probe of one long key across rehashes with NULL keys.
 */
class AggregationFastPathTest {
  private static final Field ID = DataTypes.field("id", DataTypes.BIGINT, true);
  private static final Field PRICE = DataTypes.field("price", DataTypes.DOUBLE, true);
  private static final Field NAME = DataTypes.field("name", DataTypes.STRING, true);
  private static final Schema SCHEMA = new Schema(List.of(ID, PRICE, NAME));
  private static final SpateConfig LEGACY = ANSI.with("spate.sql.ansi.enabled", "false");

  private BufferAllocator allocator;

  @BeforeEach
  void setUp() {
    allocator = new RootAllocator();
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

  /** SELECT sum(id * 3 + 7), count(id) FROM rows WHERE price > 500. */
  private static PhysicalNode filteredSum(TableSource table) {
    Expression value = call(FunctionNames.ADD, BIGINT,
        call(FunctionNames.MULTIPLY, BIGINT, id(), Literal.ofLong(3)), Literal.ofLong(7));
    FilterExec filter = new FilterExec(call(FunctionNames.GREATER_THAN, BOOLEAN, price(),
        Literal.ofDouble(500)), PlanRunner.scan(table));
    return new HashAggregateExec(List.of(), List.of(),
        List.of(new AggregateCall("sum", List.of(value), false, BIGINT),
            new AggregateCall("count", List.of(id()), false,
                DataTypes.field("", DataTypes.BIGINT, false))),
        List.of("s", "c"), filter);
  }

  private List<List<Object>> run(PhysicalNode plan, SpateConfig config) {
    PlacedPlan placed = PlanRunner.place(plan, config);
    assertThat(placed.backend().kind()).isEqualTo(Backend.Kind.CODEGEN);
    return PlanRunner.run(placed, config, allocator);
  }

  private static List<Object> row(Object... values) {
    return Arrays.asList(values);
  }

  private static String source(PhysicalNode plan, boolean ansi) {
    List<PhysicalNode> chain = new ArrayList<>();
    for (PhysicalNode node = plan; !(node instanceof dev.spate.planner.physical.ScanExec);
        node = node.child()) {
      chain.add(0, node);
    }
    return dev.spate.codegen.generate.PipelineGenerator.generate(
        dev.spate.codegen.generate.PipelineSpec.of(chain), ansi, 96, java.util.Optional.empty())
        .source();
  }

  @Test
  void checkedIntegralSumsRunTheBranchFreeLoopSpeculativelyAndUncheckedOnesOnly() {
    TableSource table = PlanRunner.table(SCHEMA, List.of(row(1L, 600.0, "a")), 1);
    assertThat(source(filteredSum(table), true)).contains("branchFree", "catch", "exact");
    assertThat(source(filteredSum(table), false)).contains("branchFree").doesNotContain("exact");
  }

  @Test
  void branchFreeLoopMasksFilteredAndNullRows() {
    List<List<Object>> rows = List.of(row(1L, 600.0, "a"), row(2L, null, "b"),
        row(null, 700.0, "c"), row(4L, 100.0, "d"), row(5L, 900.0, "e"), row(6L, -0.0, "f"),
        row(7L, Double.NaN, "g"));
    TableSource table = PlanRunner.table(SCHEMA, rows, 3);
    // WHERE id > 1 AND (price IS NULL OR price >= 0): rows 2, 4, 5, 6, 7 (NaN is above all values)
    Expression condition = call(FunctionNames.AND, BOOLEAN,
        call(FunctionNames.GREATER_THAN, BOOLEAN, id(), Literal.ofLong(1)),
        call(FunctionNames.OR, BOOLEAN, call(FunctionNames.IS_NULL, BOOLEAN, price()),
            call(FunctionNames.GREATER_THAN_OR_EQUAL, BOOLEAN, price(), Literal.ofDouble(0))));
    Field count = DataTypes.field("", DataTypes.BIGINT, false);
    PhysicalNode plan = new HashAggregateExec(List.of(), List.of(),
        List.of(new AggregateCall("sum", List.of(price()), false, DOUBLE),
            new AggregateCall("count", List.of(price()), false, count),
            new AggregateCall("min", List.of(id()), false, BIGINT),
            new AggregateCall("max", List.of(call(FunctionNames.GREATER_THAN, BOOLEAN, price(),
                Literal.ofDouble(500))), false, BOOLEAN)),
        List.of("s", "c", "m", "b"), new FilterExec(condition, PlanRunner.scan(table)));
    assertThat(source(plan, true)).contains("branchFree");
    List<List<Object>> result = run(plan, ANSI);
    assertThat(result).hasSize(1);
    // sum of 100, 900, -0.0, NaN is NaN; 4 non-NULL prices; min id 2; 900 > 500
    assertThat((Double) result.get(0).get(0)).isNaN();
    assertThat(result.get(0).subList(1, 4)).containsExactly(4L, 2L, true);
  }

  @Test
  void overflowInAFilteredOutRowRaisesNothing() {
    long huge = Long.MAX_VALUE / 2;
    TableSource table = PlanRunner.table(SCHEMA, List.of(row(1L, 600.0, "a"),
        row(huge, 10.0, "b"), row(5L, 700.0, "c"), row(null, 800.0, "d"),
        row(2L, null, "e")), 3);
    // kept: 1 -> 10, 5 -> 22, NULL ignored; the overflowing row fails the filter
    assertThat(run(filteredSum(table), ANSI)).containsExactly(row(32L, 2L));
  }

  @Test
  void overflowInAKeptRowRaisesTheErrorOfTheExactLoop() {
    TableSource table = PlanRunner.table(SCHEMA, List.of(row(1L, 600.0, "a"),
        row(Long.MAX_VALUE / 2, 900.0, "b")), 4);
    assertThatThrownBy(() -> run(filteredSum(table), ANSI)).isInstanceOf(SpateException.class)
        .hasMessageContaining("try_multiply");
  }

  @Test
  void overflowOfTheRunningSumRaisesTheSumError() {
    long big = Long.MAX_VALUE / 3 - 10;
    TableSource table = PlanRunner.table(SCHEMA, List.of(row(big, 600.0, "a"),
        row(big, 700.0, "b"), row(1L, 10.0, "c")), 4);
    assertThatThrownBy(() -> run(filteredSum(table), ANSI)).isInstanceOf(SpateException.class)
        .hasMessageContaining("try_sum");
  }

  @Test
  void withoutAnsiOverflowWrapsInTheBranchFreeLoop() {
    long huge = Long.MAX_VALUE / 2;
    TableSource table = PlanRunner.table(SCHEMA, List.of(row(1L, 600.0, "a"),
        row(huge, 900.0, "b"), row(4L, 10.0, "c")), 2);
    long wrapped = huge * 3 + 7;
    assertThat(wrapped).isNegative();
    assertThat(run(filteredSum(table), LEGACY)).containsExactly(row(10L + wrapped, 2L));
  }

  @Test
  void selectedInputRowsFromAnInterpretedFilterGiveTheSameSums() {
    List<List<Object>> rows = new ArrayList<>();
    long expectedSum = 0;
    long expectedCount = 0;
    for (int index = 0; index < 300; index++) {
      String name = index % 3 == 0 ? "x" : "y";
      Long id = index % 7 == 0 ? null : (long) index;
      double price = index % 2 == 0 ? 600.0 : 100.0;
      rows.add(row(id, price, name));
      if (name.equals("x") && price > 500 && id != null) {
        expectedSum += id * 3 + 7;
        expectedCount++;
      }
    }
    TableSource table = PlanRunner.table(SCHEMA, rows, 64);
    // a STRING filter runs interpreted and hands the codegen aggregation a selection vector
    FilterExec byName = new FilterExec(call(FunctionNames.EQUAL, BOOLEAN,
        new ColumnRef(2, "name", NAME), Literal.ofString("x")), PlanRunner.scan(table));
    HashAggregateExec aggregate = (HashAggregateExec) filteredSum(table);
    FilterExec priceFilter = (FilterExec) aggregate.child();
    PhysicalNode plan = new HashAggregateExec(List.of(), List.of(), aggregate.aggregates(),
        List.of("s", "c"), new FilterExec(priceFilter.condition(), byName));
    PlacedPlan placed = PlanRunner.place(plan, ANSI);
    assertThat(placed.backend().kind()).isEqualTo(Backend.Kind.CODEGEN);
    assertThat(placed.children().get(0).children().get(0).backend().kind())
        .isEqualTo(Backend.Kind.CPU);
    assertThat(PlanRunner.run(placed, ANSI, allocator))
        .containsExactly(row(expectedSum, expectedCount));
  }

  @Test
  void inlineProbeKeepsGroupsAcrossRehashesWithNullKeys() {
    List<List<Object>> rows = new ArrayList<>();
    Map<Long, Double> sums = new HashMap<>();
    double nullSum = 0;
    for (int index = 0; index < 20_000; index++) {
      // 5,000 scattered keys (over the initial 1,024 slots), every 50th row a NULL key
      Long key = index % 50 == 0 ? null : (index % 5000) * 1_000_003L - 7;
      double price = index % 11;
      rows.add(row(key, price, "n"));
      if (price > 0.5) {
        if (key == null) {
          nullSum += price;
        } else {
          sums.merge(key, price, Double::sum);
        }
      }
    }
    TableSource table = PlanRunner.table(SCHEMA, rows, 4096);
    FilterExec filter = new FilterExec(call(FunctionNames.GREATER_THAN, BOOLEAN, price(),
        Literal.ofDouble(0.5)), PlanRunner.scan(table));
    PhysicalNode plan = new HashAggregateExec(List.of(id()), List.of("id"),
        List.of(new AggregateCall("sum", List.of(price()), false, DOUBLE)), List.of("s"),
        filter);
    List<List<Object>> result = run(plan, ANSI);
    Map<Long, Double> actual = new HashMap<>();
    Double actualNull = null;
    for (List<Object> group : result) {
      if (group.get(0) == null) {
        actualNull = (Double) group.get(1);
      } else {
        assertThat(actual.put((Long) group.get(0), (Double) group.get(1))).isNull();
      }
    }
    assertThat(actual).isEqualTo(sums);
    assertThat(actualNull).isEqualTo(nullSum);
  }

  @Test
  void everyRowPassingTheFilterTakesTheDenseGroupLoop() {
    TableSource table = PlanRunner.table(SCHEMA, List.of(row(1L, 600.0, "a"),
        row(2L, 700.0, "b"), row(1L, 800.0, "c"), row(null, 900.0, "d")), 4);
    FilterExec filter = new FilterExec(call(FunctionNames.GREATER_THAN, BOOLEAN, price(),
        Literal.ofDouble(500)), PlanRunner.scan(table));
    PhysicalNode plan = new HashAggregateExec(List.of(id()), List.of("id"),
        List.of(new AggregateCall("sum", List.of(price()), false, DOUBLE)), List.of("s"),
        filter);
    assertThat(run(plan, ANSI)).containsExactlyInAnyOrder(row(1L, 1400.0), row(2L, 700.0),
        row(null, 900.0));
  }
}
