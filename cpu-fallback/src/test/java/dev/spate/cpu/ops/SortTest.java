package dev.spate.cpu.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spate.planner.expr.SortOrder;
import dev.spate.planner.physical.ScanExec;
import dev.spate.planner.physical.SortExec;
import dev.spate.planner.types.DataTypes;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

class SortTest extends OperatorTestSupport {
  private static final Schema SCHEMA = new Schema(List.of(
      DataTypes.field("g", DataTypes.STRING, true), DataTypes.field("x", DataTypes.DOUBLE, true),
      DataTypes.field("id", DataTypes.INT, false)));

  private ScanExec input() {
    return scan(SCHEMA,
        batch(row("b", 1.0, 1), row(null, 2.0, 2), row("a", Double.NaN, 3)),
        batch(row("b", null, 4), row("a", -0.0, 5), row("a", 0.0, 6), row("b", -5.0, 7)),
        batch(row("a", Double.NEGATIVE_INFINITY, 8), row(null, null, 9)));
  }

  private static List<Object> ids(List<List<Object>> rows) {
    List<Object> ids = new ArrayList<>();
    for (List<Object> row : rows) {
      ids.add(row.get(2));
    }
    return ids;
  }

  @Test
  void ascendingDefaultsPutNullsFirstAndNaNLast() {
    SortExec sort = new SortExec(List.of(SortOrder.of(column(SCHEMA, 1), true)), -1, input());
    // nulls (4, 9 in input order), -inf 8, -5 7, -0.0/0.0 equal and stable (5, 6), 1 1, 2 2, NaN 3
    assertThat(ids(run(sort, context(4)))).containsExactly(4, 9, 8, 7, 5, 6, 1, 2, 3);
  }

  @Test
  void descendingDefaultsPutNullsLast() {
    SortExec sort = new SortExec(List.of(SortOrder.of(column(SCHEMA, 1), false)), -1, input());
    assertThat(ids(run(sort, context(1024)))).containsExactly(3, 2, 1, 5, 6, 7, 8, 4, 9);
  }

  @Test
  void multipleKeysWithExplicitNullPlacement() {
    SortExec sort = new SortExec(List.of(new SortOrder(column(SCHEMA, 0), true, false),
        new SortOrder(column(SCHEMA, 1), false, true)), -1, input());
    // a: NaN 3, 0.0 (5, 6 stable), -inf 8; b: null 4, 1.0 1, -5 7; null group: null 9, 2.0 2
    assertThat(ids(run(sort, context(2)))).containsExactly(3, 5, 6, 8, 4, 1, 7, 9, 2);
  }

  @Test
  void topNAcrossBatchesKeepsTheFirstRowsStably() {
    SortExec sort = new SortExec(List.of(SortOrder.of(column(SCHEMA, 0), true)), 3, input());
    assertThat(ids(run(sort, context(1)))).containsExactly(2, 9, 3);
    List<Object[]> many = new ArrayList<>();
    for (int index = 0; index < 1000; index++) {
      many.add(row("k" + (index % 10), (double) index, index));
    }
    SortExec topN = new SortExec(List.of(SortOrder.of(column(SCHEMA, 0), false)), 4,
        scan(SCHEMA, many, many.subList(0, 10)));
    // k9 rows in input order: 9, 19, 29, 39
    assertThat(ids(run(topN, context(7)))).containsExactly(9, 19, 29, 39);
    assertThat(run(new SortExec(List.of(SortOrder.of(column(SCHEMA, 0), true)), 0, input()),
        context(4))).isEmpty();
  }

  @Test
  void sortsEmptyInput() {
    SortExec sort = new SortExec(List.of(SortOrder.of(column(SCHEMA, 0), true)), -1,
        scan(SCHEMA, batch()));
    assertThat(run(sort, context(4))).isEmpty();
  }
}
