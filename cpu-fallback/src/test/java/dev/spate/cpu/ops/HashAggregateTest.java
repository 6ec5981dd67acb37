package dev.spate.cpu.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spate.SpateException;
import dev.spate.planner.expr.AggregateCall;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.physical.HashAggregateExec;
import dev.spate.planner.physical.PhysicalNode;
import dev.spate.planner.physical.ScanExec;
import dev.spate.planner.types.DataTypes;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

class HashAggregateTest extends OperatorTestSupport {
  private static final Field BIGINT = DataTypes.field("", DataTypes.BIGINT, true);
  private static final Field DOUBLE = DataTypes.field("", DataTypes.DOUBLE, true);
  private static final Schema SALES = new Schema(List.of(
      DataTypes.field("region", DataTypes.STRING, true), DataTypes.field("qty", DataTypes.INT, true),
      DataTypes.field("price", DataTypes.DOUBLE, true)));

  private static AggregateCall call(String name, Field type, boolean distinct,
      Expression... arguments) {
    return new AggregateCall(name, List.of(arguments), distinct, type);
  }

  private static HashAggregateExec aggregate(List<Expression> keys, List<AggregateCall> calls,
      PhysicalNode child) {
    List<String> keyNames = new ArrayList<>();
    for (int index = 0; index < keys.size(); index++) {
      keyNames.add("k" + index);
    }
    List<String> names = new ArrayList<>();
    for (AggregateCall call : calls) {
      names.add(call.sql());
    }
    return new HashAggregateExec(keys, keyNames, calls, names, child);
  }

  private List<List<Object>> sorted(List<List<Object>> rows) {
    rows.sort(Comparator.comparing(row -> String.valueOf(row.get(0))));
    return rows;
  }

  private ScanExec sales() {
    return scan(SALES,
        batch(row("east", 1, 2.0), row("west", 5, null), row(null, 2, 1.5)),
        batch(row("east", null, 4.0), row("west", 7, 0.5), row(null, 3, null),
            row("east", 4, -1.0)));
  }

  @Test
  void groupsByStringKeyWithNullGroupAndNullInputs() {
    HashAggregateExec plan = aggregate(List.of(column(SALES, 0)), List.of(
        call("count", BIGINT, false),
        call("count", BIGINT, false, column(SALES, 1)),
        call("sum", BIGINT, false, column(SALES, 1)),
        call("sum", DOUBLE, false, column(SALES, 2)),
        call("avg", DOUBLE, false, column(SALES, 1)),
        call("min", SALES.getFields().get(2), false, column(SALES, 2)),
        call("max", SALES.getFields().get(1), false, column(SALES, 1))), sales());
    // east: qty 1,null,4 price 2,4,-1; west: qty 5,7 price null,0.5; null: qty 2,3 price 1.5,null
    assertThat(sorted(run(plan, context(2)))).containsExactly(
        values("east", 3L, 2L, 5L, 5.0, 2.5, -1.0, 4),
        values(null, 2L, 2L, 5L, 1.5, 2.5, 1.5, 3),
        values("west", 2L, 2L, 12L, 0.5, 6.0, 0.5, 7));
  }

  @Test
  void globalAggregateOnEmptyInputGivesOneRow() {
    HashAggregateExec plan = aggregate(List.of(), List.of(call("count", BIGINT, false),
        call("sum", BIGINT, false, column(SALES, 1)),
        call("max", SALES.getFields().get(0), false, column(SALES, 0))), scan(SALES));
    assertThat(run(plan, context(16))).containsExactly(values(0L, null, null));
    HashAggregateExec grouped = aggregate(List.of(column(SALES, 0)),
        List.of(call("count", BIGINT, false)), scan(SALES, batch()));
    assertThat(run(grouped, context(16))).isEmpty();
  }

  @Test
  void minMaxOnStringsAndFirstLast() {
    HashAggregateExec plan = aggregate(List.of(), List.of(
        call("min", SALES.getFields().get(0), false, column(SALES, 0)),
        call("max", SALES.getFields().get(0), false, column(SALES, 0)),
        call("first", SALES.getFields().get(2), false, column(SALES, 2)),
        call("last", SALES.getFields().get(2), false, column(SALES, 2)),
        call("last", SALES.getFields().get(1), false, column(SALES, 1))), sales());
    assertThat(run(plan, context(16))).containsExactly(values("east", "west", 2.0, -1.0, 4));
  }

  @Test
  void floatingKeysGroupNaNTogetherAndNegativeZeroWithZero() {
    Schema schema = new Schema(List.of(DataTypes.field("x", DataTypes.DOUBLE, true),
        DataTypes.field("v", DataTypes.INT, false)));
    ScanExec input = scan(schema, batch(row(0.0, 1), row(-0.0, 2), row(Double.NaN, 4),
        row(Double.longBitsToDouble(0x7ff8000000000001L), 8), row(null, 16), row(null, 32),
        row(1.5, 64)));
    HashAggregateExec plan = aggregate(List.of(column(schema, 0)),
        List.of(call("sum", BIGINT, false, column(schema, 1))), input);
    List<List<Object>> rows = run(plan, context(16));
    assertThat(rows).hasSize(4);
    assertThat(rows).anySatisfy(row -> assertThat(row).isEqualTo(values(0.0, 3L)));
    assertThat(rows).anySatisfy(row -> assertThat(row.get(1)).isEqualTo(12L));
    assertThat(rows).anySatisfy(row -> assertThat(row).isEqualTo(values(null, 48L)));
    assertThat(rows).anySatisfy(row -> assertThat(row).isEqualTo(values(1.5, 64L)));
  }

  @Test
  void minMaxTreatNaNAsLargest() {
    Schema schema = new Schema(List.of(DataTypes.field("x", DataTypes.DOUBLE, true)));
    ScanExec input = scan(schema, batch(row(1.0), row(Double.NaN), row((Object) null), row(-3.0)));
    HashAggregateExec plan = aggregate(List.of(), List.of(
        call("min", schema.getFields().get(0), false, column(schema, 0)),
        call("max", schema.getFields().get(0), false, column(schema, 0))), input);
    assertThat(run(plan, context(16))).containsExactly(values(-3.0, Double.NaN));
  }

  @Test
  void multipleKeysIncludingDatesAndNulls() {
    Schema schema = new Schema(List.of(DataTypes.field("d", DataTypes.DATE, true),
        DataTypes.field("s", DataTypes.STRING, true), DataTypes.field("v", DataTypes.BIGINT, true)));
    ScanExec input = scan(schema, batch(row(1, "a", 1L), row(1, "b", 2L), row(null, "a", 4L)),
        batch(row(1, "a", 8L), row(null, "a", 16L), row(1, null, 32L), row(1, null, 64L)));
    HashAggregateExec plan = aggregate(List.of(column(schema, 0), column(schema, 1)),
        List.of(call("sum", BIGINT, false, column(schema, 2))), input);
    List<List<Object>> rows = run(plan, context(3));
    assertThat(rows).containsExactlyInAnyOrder(values(1, "a", 9L), values(1, "b", 2L),
        values(null, "a", 20L), values(1, null, 96L));
  }

  @Test
  void decimalSumAndAverage() {
    Field decimal = DataTypes.field("amount", DataTypes.decimal(5, 2), true);
    Schema schema = new Schema(List.of(DataTypes.field("k", DataTypes.INT, false), decimal));
    ScanExec input = scan(schema, batch(row(1, new BigDecimal("1.10")),
        row(1, new BigDecimal("2.21")), row(1, null), row(2, new BigDecimal("-0.01"))));
    Field sumType = DataTypes.field("", DataTypes.decimal(15, 2), true);
    Field avgType = DataTypes.field("", DataTypes.decimal(9, 6), true);
    HashAggregateExec plan = aggregate(List.of(column(schema, 0)), List.of(
        call("sum", sumType, false, column(schema, 1)),
        call("avg", avgType, false, column(schema, 1))), input);
    assertThat(run(plan, context(16))).containsExactlyInAnyOrder(
        values(1, new BigDecimal("3.31"), new BigDecimal("1.655000")),
        values(2, new BigDecimal("-0.01"), new BigDecimal("-0.010000")));
  }

  @Test
  void countDistinctAndSumDistinct() {
    Schema schema = new Schema(List.of(DataTypes.field("k", DataTypes.STRING, false),
        DataTypes.field("v", DataTypes.INT, true)));
    ScanExec input = scan(schema, batch(row("a", 1), row("a", 1), row("a", 2), row("a", null)),
        batch(row("b", 3), row("a", 2), row("b", 3), row("b", null)));
    HashAggregateExec plan = aggregate(List.of(column(schema, 0)), List.of(
        call("count", BIGINT, true, column(schema, 1)),
        call("sum", BIGINT, true, column(schema, 1)),
        call("count", BIGINT, false, column(schema, 1))), input);
    assertThat(run(plan, context(16))).containsExactlyInAnyOrder(values("a", 2L, 3L, 4L),
        values("b", 1L, 3L, 2L));
  }

  @Test
  void integralSumOverflowIsAnAnsiError() {
    Schema schema = new Schema(List.of(DataTypes.field("v", DataTypes.BIGINT, false)));
    ScanExec input = scan(schema, batch(row(Long.MAX_VALUE), row(1L)));
    HashAggregateExec plan = aggregate(List.of(),
        List.of(call("sum", BIGINT, false, column(schema, 0))), input);
    assertThatThrownBy(() -> run(plan, context(16)))
        .isInstanceOf(SpateException.class)
        .hasMessageContaining("[ARITHMETIC_OVERFLOW]")
        .hasMessageContaining("sum(v)");
    dev.spate.planner.spi.ExecContext legacy = new dev.spate.planner.spi.ExecContext(allocator,
        dev.spate.planner.config.SpateConfig.defaults().with("spate.sql.ansi.enabled", "false"),
        0L);
    assertThat(run(plan, legacy)).containsExactly(values(Long.MIN_VALUE));
  }

  @Test
  void millionDistinctGroups() {
    int groups = 1_000_000;
    Schema schema = new Schema(List.of(DataTypes.field("k", DataTypes.BIGINT, false),
        DataTypes.field("v", DataTypes.BIGINT, false)));
    List<List<Object[]>> batches = new ArrayList<>();
    for (int start = 0; start < 2 * groups; start += 65536) {
      List<Object[]> rows = new ArrayList<>();
      for (int index = start; index < Math.min(2 * groups, start + 65536); index++) {
        long key = index % groups;
        rows.add(row(key * 7919, key));
      }
      batches.add(rows);
    }
    ScanExec input = scan(schema, batches);
    HashAggregateExec plan = aggregate(List.of(column(schema, 0)), List.of(
        call("count", BIGINT, false), call("sum", BIGINT, false, column(schema, 1))), input);
    List<List<Object>> rows = run(plan, context(65536));
    assertThat(rows).hasSize(groups);
    for (List<Object> row : rows) {
      long key = (Long) row.get(0) / 7919;
      assertThat(row.get(1)).isEqualTo(2L);
      assertThat(row.get(2)).isEqualTo(2 * key);
    }
  }
}
