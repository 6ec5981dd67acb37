package dev.spate.cpu.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spate.planner.expr.AggregateCall;
import dev.spate.planner.expr.SortOrder;
import dev.spate.planner.logical.JoinType;
import dev.spate.planner.physical.HashAggregateExec;
import dev.spate.planner.physical.HashJoinExec;
import dev.spate.planner.physical.ScanExec;
import dev.spate.planner.physical.SortExec;
import dev.spate.planner.types.DataTypes;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

/** Struct, array, decimal, timestamp and boolean values as keys and aggregate inputs. */
class NestedKeysTest extends OperatorTestSupport {
  private static final Field POINT = DataTypes.structOf("p", List.of(
      DataTypes.field("x", DataTypes.INT, true), DataTypes.field("tag", DataTypes.STRING, true)),
      true);
  private static final Field TAGS = DataTypes.listOf("tags",
      DataTypes.field("element", DataTypes.STRING, true), true);
  private static final Schema SCHEMA = new Schema(List.of(POINT, TAGS,
      DataTypes.field("amount", DataTypes.decimal(10, 2), true),
      DataTypes.field("ts", DataTypes.TIMESTAMP, true),
      DataTypes.field("flag", DataTypes.BOOLEAN, true)));

  private ScanExec input() {
    return scan(SCHEMA,
        batch(row(List.of(1, "a"), List.of("u", "v"), new BigDecimal("1.50"), 1000L, true),
            row(Arrays.asList(1, null), List.of("u"), new BigDecimal("2.00"), 2000L, false),
            row(List.of(1, "a"), List.of("u", "v"), new BigDecimal("1.50"), 1000L, null)),
        batch(row(null, null, null, null, false),
            row(Arrays.asList(1, null), List.of(), new BigDecimal("-3.25"), 3000L, true),
            row(null, List.of("u"), new BigDecimal("2.00"), null, null)));
  }

  private static AggregateCall call(String name, Field type, int ordinal) {
    return new AggregateCall(name, List.of(column(SCHEMA, ordinal)), false, type);
  }

  @Test
  void groupsByStructAndArrayKeys() {
    Field count = DataTypes.field("", DataTypes.BIGINT, false);
    HashAggregateExec byStruct = new HashAggregateExec(List.of(column(SCHEMA, 0)), List.of("p"),
        List.of(new AggregateCall("count", List.of(), false, count),
            call("max", SCHEMA.getFields().get(3), 3),
            call("min", SCHEMA.getFields().get(4), 4),
            call("first", SCHEMA.getFields().get(1), 1)), List.of("n", "maxTs", "minFlag", "firstTags"),
        input());
    assertThat(run(byStruct, context(2))).containsExactlyInAnyOrder(
        values(List.of(1, "a"), 2L, 1000L, true, List.of("u", "v")),
        values(Arrays.asList(1, null), 2L, 3000L, false, List.of("u")),
        values(null, 2L, null, false, null));
    HashAggregateExec byArrayAndDecimal = new HashAggregateExec(
        List.of(column(SCHEMA, 1), column(SCHEMA, 2)), List.of("tags", "amount"),
        List.of(new AggregateCall("count", List.of(), false, count)), List.of("n"), input());
    assertThat(run(byArrayAndDecimal, context(1024))).containsExactlyInAnyOrder(
        values(List.of("u", "v"), new BigDecimal("1.50"), 2L),
        values(List.of("u"), new BigDecimal("2.00"), 2L),
        values(null, null, 1L),
        values(List.of(), new BigDecimal("-3.25"), 1L));
  }

  @Test
  void sortsByDecimalThenStruct() {
    SortExec sort = new SortExec(List.of(SortOrder.of(column(SCHEMA, 2), false),
        SortOrder.of(column(SCHEMA, 0), true)), -1, input());
    List<Object> timestamps = new ArrayList<>();
    for (List<Object> row : run(sort, context(4))) {
      timestamps.add(row.get(3));
    }
    // 2.00 (struct null first: ts null, then [1,null]: 2000), 1.50 x2 (1000, 1000), -3.25, null
    assertThat(timestamps).containsExactly(null, 2000L, 1000L, 1000L, 3000L, null);
  }

  @Test
  void joinsOnStructKeys() {
    HashJoinExec join = new HashJoinExec(JoinType.LEFT_SEMI, List.of(column(SCHEMA, 0)),
        List.of(column(SCHEMA, 0)), null, input(),
        scan(SCHEMA, batch(row(Arrays.asList(1, null), null, null, null, null))));
    List<Object> timestamps = new ArrayList<>();
    for (List<Object> row : run(join, context(4))) {
      timestamps.add(row.get(3));
    }
    assertThat(timestamps).containsExactly(2000L, 3000L);
  }
}
