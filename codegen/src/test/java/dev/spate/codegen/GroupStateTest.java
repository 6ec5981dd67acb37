package dev.spate.codegen;

import static dev.spate.codegen.PlanRunner.BIGINT;
import static dev.spate.codegen.PlanRunner.DOUBLE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spate.codegen.generate.AggregateLayout;
import dev.spate.codegen.generate.StateLayout;
import dev.spate.planner.config.SpateConfig;
import dev.spate.planner.expr.AggregateCall;
import dev.spate.planner.expr.ColumnRef;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.physical.HashAggregateExec;
import dev.spate.planner.physical.PhysicalNode;
import dev.spate.planner.spi.Backend;
import dev.spate.planner.spi.PlacedPlan;
import dev.spate.planner.spi.TableSource;
import dev.spate.planner.types.DataTypes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
 * The row-per-group aggregation state: count slots shared by aggregates over the same arguments,
 * extremes that start at the value every input replaces, NULL results for groups without non-NULL
 * inputs, and growth of the state across many groups; expected values from plain Java loops.
 */
class GroupStateTest {
  private static final Field KEY = DataTypes.field("k", DataTypes.BIGINT, true);
  private static final Field X = DataTypes.field("x", DataTypes.BIGINT, true);
  private static final Field D = DataTypes.field("d", DataTypes.DOUBLE, true);
  private static final Schema SCHEMA = new Schema(List.of(KEY, X, D));
  private static final Field COUNT = DataTypes.field("", DataTypes.BIGINT, false);
  private static final SpateConfig CONFIG = PlanRunner.ANSI;
  private static final double[] DOUBLES = {1.5, -2.0, Double.NaN, -0.0, 7.25, -1e300, 3.0};

  private BufferAllocator allocator;

  @BeforeEach
  void setUp() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void tearDown() {
    allocator.close();
  }

  private static List<AggregateCall> aggregates() {
    Expression x = new ColumnRef(1, "x", X);
    Expression d = new ColumnRef(2, "d", D);
    return List.of(new AggregateCall("count", List.of(x), false, COUNT),
        new AggregateCall("sum", List.of(x), false, BIGINT),
        new AggregateCall("min", List.of(x), false, BIGINT),
        new AggregateCall("max", List.of(x), false, BIGINT),
        new AggregateCall("avg", List.of(x), false, DOUBLE),
        new AggregateCall("min", List.of(d), false, DOUBLE),
        new AggregateCall("max", List.of(d), false, DOUBLE),
        new AggregateCall("sum", List.of(d), false, DOUBLE));
  }

  @Test
  void aggregatesOverTheSameArgumentsShareOneCountSlot() {
    List<AggregateCall> calls = aggregates();
    List<AggregateLayout> layouts = new ArrayList<>();
    calls.forEach(call -> layouts.add(AggregateLayout.of(call).orElseThrow()));
    StateLayout layout = StateLayout.of(calls, layouts);
    // one count for x, one for d, and seven values
    assertThat(layout.stride()).isEqualTo(9);
    assertThat(layout.countSlot(1)).isEqualTo(layout.countSlot(0));
    assertThat(layout.countSlot(6)).isEqualTo(layout.countSlot(5))
        .isNotEqualTo(layout.countSlot(0));
    assertThat(layout.ownsCount(0)).isTrue();
    assertThat(layout.ownsCount(4)).isFalse();
    assertThat(layout.valueSlot(0)).isEqualTo(-1);
    assertThat(layout.initialRow()[layout.valueSlot(2)]).isEqualTo(Long.MAX_VALUE);
    assertThat(layout.initialRow()[layout.valueSlot(3)]).isEqualTo(Long.MIN_VALUE);
  }

  @Test
  void groupedStateMatchesAPlainJavaReferenceAcrossGrowth() {
    List<List<Object>> rows = new ArrayList<>();
    Map<Long, Expected> expected = new LinkedHashMap<>();
    for (int index = 0; index < 6000; index++) {
      // 1,500 keys (the state grows from empty, the table rehashes), key 0 also NULL keys
      Long key = index % 97 == 0 ? null : (long) (index * 7919L % 1500) - 700;
      // keys below -600 only ever see NULL inputs
      boolean noInputs = key != null && key < -600;
      Long x = noInputs || index % 5 == 0 ? null : (index * 31L % 2001) - 1000;
      Double d = noInputs || index % 3 == 0 ? null : DOUBLES[(index / 3) % DOUBLES.length];
      rows.add(Arrays.asList(key, x, d));
      expected.computeIfAbsent(key, ignored -> new Expected()).add(x, d);
    }
    List<List<Object>> actual = run(rows, List.of(new ColumnRef(0, "k", KEY)));
    Map<Object, List<Object>> byKey = new HashMap<>();
    for (List<Object> row : actual) {
      assertThat(byKey.put(row.get(0), row.subList(1, row.size()))).isNull();
    }
    assertThat(byKey).hasSize(expected.size());
    expected.forEach((key, values) -> assertThat(byKey.get(key)).as("group %s", key)
        .isEqualTo(values.row()));
  }

  @Test
  void keylessStateMatchesAPlainJavaReference() {
    List<List<Object>> rows = new ArrayList<>();
    Expected expected = new Expected();
    for (int index = 0; index < 500; index++) {
      Long x = index % 4 == 0 ? null : (index * 13L % 301) - 150;
      Double d = index % 6 == 0 ? null : DOUBLES[index % DOUBLES.length];
      rows.add(Arrays.asList(null, x, d));
      expected.add(x, d);
    }
    assertThat(run(rows, List.of())).containsExactly(expected.row());
  }

  private List<List<Object>> run(List<List<Object>> rows, List<Expression> keys) {
    TableSource table = PlanRunner.table(SCHEMA, rows, 1024);
    List<String> names = new ArrayList<>();
    if (!keys.isEmpty()) {
      names.add("k");
    }
    List<String> outputs = List.of("c", "s", "lo", "hi", "a", "dlo", "dhi", "ds");
    PhysicalNode plan = new HashAggregateExec(keys, names, aggregates(), outputs,
        PlanRunner.scan(table));
    PlacedPlan placed = PlanRunner.place(plan, CONFIG);
    assertThat(placed.backend().kind()).isEqualTo(Backend.Kind.CODEGEN);
    return PlanRunner.run(placed, CONFIG, allocator);
  }

  /** The reference aggregates of one group (Spark's order for doubles: NaN above all). */
  private static final class Expected {
    private long count;
    private long sum;
    private long min = Long.MAX_VALUE;
    private long max = Long.MIN_VALUE;
    private long doubleCount;
    private double doubleSum;
    private double doubleMin;
    private double doubleMax;

    void add(Long x, Double d) {
      if (x != null) {
        count++;
        sum += x;
        min = Math.min(min, x);
        max = Math.max(max, x);
      }
      if (d != null) {
        doubleMin = doubleCount == 0 || Double.compare(d, doubleMin) < 0 ? d : doubleMin;
        doubleMax = doubleCount == 0 || Double.compare(d, doubleMax) > 0 ? d : doubleMax;
        doubleCount++;
        doubleSum += d;
      }
    }

    List<Object> row() {
      boolean none = count == 0;
      boolean noDoubles = doubleCount == 0;
      return Arrays.asList(count, none ? null : sum, none ? null : min, none ? null : max,
          none ? null : (double) sum / count, noDoubles ? null : doubleMin,
          noDoubles ? null : doubleMax, noDoubles ? null : doubleSum);
    }
  }
}
