package dev.spate.codegen;

import static dev.spate.codegen.PlanRunner.BIGINT;
import static dev.spate.codegen.PlanRunner.BOOLEAN;
import static org.assertj.core.api.Assertions.assertThat;

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
 * Grouping by STRING keys in generated code (alone and with fixed-width keys): NULL keys apart
 * from the empty string, non-ASCII and long keys, and enough distinct keys to grow the slot array
 * and the byte arena; expected groups from plain-Java maps.
 */
class StringKeyAggregationTest {
  private static final Field NAME = DataTypes.field("name", DataTypes.STRING, true);
  private static final Field ID = DataTypes.field("id", DataTypes.BIGINT, true);
  private static final Field PRICE = DataTypes.field("price", DataTypes.DOUBLE, true);
  private static final Schema SCHEMA = new Schema(List.of(NAME, ID, PRICE));
  private static final Field COUNT = DataTypes.field("", DataTypes.BIGINT, false);
  private static final SpateConfig CONFIG = PlanRunner.ANSI;

  private BufferAllocator allocator;

  @BeforeEach
  void setUp() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void tearDown() {
    allocator.close();
  }

  private static ColumnRef name() {
    return new ColumnRef(0, "name", NAME);
  }

  private static ColumnRef id() {
    return new ColumnRef(1, "id", ID);
  }

  private static ColumnRef price() {
    return new ColumnRef(2, "price", PRICE);
  }

  /** The key of row {@code index}: NULL, empty, non-ASCII, long, or one of {@code distinct} names. */
  private static String key(int index, int distinct) {
    switch (index % 13) {
      case 0:
        return null;
      case 1:
        return "";
      case 2:
        return "\u00e9t\u00e9-\u65e5\u672c-\ud83d\ude00-" + (index % 7);
      case 3:
        return "long-".repeat(40) + (index % 5);
      default:
        return "k" + (index * 7919L % distinct);
    }
  }

  private static List<Object> row(Object... values) {
    return Arrays.asList(values);
  }

  /** sum(id), count(*) over rows with price above 0.5, grouped by {@code keys}. */
  private List<List<Object>> run(TableSource table, List<Expression> keys, List<String> names) {
    FilterExec filter = new FilterExec(new Call(FunctionNames.GREATER_THAN,
        List.of(price(), Literal.ofDouble(0.5)), BOOLEAN), PlanRunner.scan(table));
    PhysicalNode plan = new HashAggregateExec(keys, names,
        List.of(new AggregateCall("sum", List.of(id()), false, BIGINT),
            new AggregateCall("count", List.of(), false, COUNT)),
        List.of("s", "c"), filter);
    PlacedPlan placed = PlanRunner.place(plan, CONFIG);
    assertThat(placed.backend().kind()).isEqualTo(Backend.Kind.CODEGEN);
    return PlanRunner.run(placed, CONFIG, allocator);
  }

  @Test
  void groupsByOneStringKeyWithNullEmptyNonAsciiAndLongKeys() {
    List<List<Object>> rows = new ArrayList<>();
    Map<List<Object>, long[]> expected = new HashMap<>();
    for (int index = 0; index < 30_000; index++) {
      String name = key(index, 6_000);
      Long id = index % 17 == 0 ? null : (long) index;
      double price = index % 4;
      rows.add(row(name, id, price));
      if (price > 0.5) {
        add(expected, Arrays.asList(name), id);
      }
    }
    List<List<Object>> actual = run(PlanRunner.table(SCHEMA, rows, 4096), List.of(name()),
        List.of("name"));
    assertThat(actual).hasSizeGreaterThan(4_000);
    assertMatches(actual, expected, 1);
  }

  @Test
  void groupsByAStringAndALongKeyWithNullsInEither() {
    List<List<Object>> rows = new ArrayList<>();
    Map<List<Object>, long[]> expected = new HashMap<>();
    for (int index = 0; index < 12_000; index++) {
      String name = key(index, 300);
      Long id = index % 11 == 0 ? null : (long) (index % 9);
      double price = index % 3;
      rows.add(row(name, id, price));
      if (price > 0.5) {
        add(expected, Arrays.asList(id, name), id);
      }
    }
    List<List<Object>> actual = run(PlanRunner.table(SCHEMA, rows, 1000), List.of(id(), name()),
        List.of("id", "name"));
    assertMatches(actual, expected, 2);
  }

  /** Adds a kept row to the expected {sum of ids, non-NULL ids, rows} of its group. */
  private static void add(Map<List<Object>, long[]> expected, List<Object> key, Long id) {
    long[] sums = expected.computeIfAbsent(key, k -> new long[3]);
    sums[0] += id == null ? 0 : id;
    sums[1] += id == null ? 0 : 1;
    sums[2]++;
  }

  /** Each result row is {@code keys..., sum, count}; sum is NULL where no id was non-NULL. */
  private static void assertMatches(List<List<Object>> actual, Map<List<Object>, long[]> expected,
      int keyCount) {
    Map<List<Object>, List<Object>> byKey = new HashMap<>();
    for (List<Object> group : actual) {
      assertThat(byKey.put(group.subList(0, keyCount), group.subList(keyCount, keyCount + 2)))
          .as("duplicate group %s", group).isNull();
    }
    assertThat(byKey.keySet()).isEqualTo(expected.keySet());
    expected.forEach((key, sums) -> assertThat(byKey.get(key)).as("group %s", key)
        .containsExactly(sums[1] == 0 ? null : sums[0], sums[2]));
  }
}
