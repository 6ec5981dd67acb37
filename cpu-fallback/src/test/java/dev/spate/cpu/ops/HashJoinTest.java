package dev.spate.cpu.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spate.planner.expr.Expression;
import dev.spate.planner.logical.JoinType;
import dev.spate.planner.physical.HashJoinExec;
import dev.spate.planner.physical.ScanExec;
import dev.spate.planner.types.DataTypes;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

class HashJoinTest extends OperatorTestSupport {
  private static final Schema LEFT = new Schema(List.of(
      DataTypes.field("lk", DataTypes.INT, true), DataTypes.field("lv", DataTypes.STRING, true)));
  private static final Schema RIGHT = new Schema(List.of(
      DataTypes.field("rk", DataTypes.INT, true), DataTypes.field("rv", DataTypes.STRING, true),
      DataTypes.field("ok", DataTypes.BOOLEAN, true)));

  private ScanExec left() {
    return scan(LEFT, batch(row(1, "l1"), row(2, "l2"), row(null, "lnull")),
        batch(row(3, "l3"), row(1, "l1b")));
  }

  private ScanExec right() {
    return scan(RIGHT, batch(row(1, "r1", true), row(1, "r1b", false)),
        batch(row(4, "r4", true), row(null, "rnull", true), row(2, "r2", null)));
  }

  private HashJoinExec join(JoinType type, Expression residual) {
    return new HashJoinExec(type, List.of(column(LEFT, 0)), List.of(column(RIGHT, 0)), residual,
        left(), right());
  }

  private List<List<Object>> run(HashJoinExec join) {
    return run(join, context(2));
  }

  @Test
  void innerJoinMatchesDuplicatesAndNeverNullKeys() {
    assertThat(run(join(JoinType.INNER, null))).containsExactlyInAnyOrder(
        values(1, "l1", 1, "r1", true), values(1, "l1", 1, "r1b", false),
        values(2, "l2", 2, "r2", null),
        values(1, "l1b", 1, "r1", true), values(1, "l1b", 1, "r1b", false));
  }

  @Test
  void leftOuterJoinExtendsUnmatchedLeftRowsWithNulls() {
    assertThat(run(join(JoinType.LEFT_OUTER, null))).containsExactlyInAnyOrder(
        values(1, "l1", 1, "r1", true), values(1, "l1", 1, "r1b", false),
        values(2, "l2", 2, "r2", null), values(null, "lnull", null, null, null),
        values(3, "l3", null, null, null),
        values(1, "l1b", 1, "r1", true), values(1, "l1b", 1, "r1b", false));
  }

  @Test
  void rightOuterJoinEmitsUnmatchedBuildRowsAtTheEnd() {
    List<List<Object>> rows = run(join(JoinType.RIGHT_OUTER, null));
    assertThat(rows).containsExactlyInAnyOrder(
        values(1, "l1", 1, "r1", true), values(1, "l1", 1, "r1b", false),
        values(2, "l2", 2, "r2", null),
        values(1, "l1b", 1, "r1", true), values(1, "l1b", 1, "r1b", false),
        values(null, null, 4, "r4", true), values(null, null, null, "rnull", true));
    assertThat(rows.subList(5, 7)).containsExactly(values(null, null, 4, "r4", true),
        values(null, null, null, "rnull", true));
  }

  @Test
  void fullOuterJoinKeepsBothSides() {
    assertThat(run(join(JoinType.FULL_OUTER, null))).containsExactlyInAnyOrder(
        values(1, "l1", 1, "r1", true), values(1, "l1", 1, "r1b", false),
        values(2, "l2", 2, "r2", null), values(null, "lnull", null, null, null),
        values(3, "l3", null, null, null),
        values(1, "l1b", 1, "r1", true), values(1, "l1b", 1, "r1b", false),
        values(null, null, 4, "r4", true), values(null, null, null, "rnull", true));
  }

  @Test
  void semiAndAntiJoinsSelectLeftRows() {
    assertThat(run(join(JoinType.LEFT_SEMI, null))).containsExactly(
        values(1, "l1"), values(2, "l2"), values(1, "l1b"));
    assertThat(run(join(JoinType.LEFT_ANTI, null))).containsExactly(
        values(null, "lnull"), values(3, "l3"));
  }

  @Test
  void residualConditionFiltersMatchesAndDecidesOuterRows() {
    Field ok = RIGHT.getFields().get(2);
    Expression residual = column(LEFT.getFields().size() + 2, "ok", ok);
    assertThat(run(join(JoinType.INNER, residual))).containsExactlyInAnyOrder(
        values(1, "l1", 1, "r1", true), values(1, "l1b", 1, "r1", true));
    // l2 matches r2 by key but ok is NULL: NULL-extended in a left outer join
    assertThat(run(join(JoinType.LEFT_OUTER, residual))).containsExactlyInAnyOrder(
        values(1, "l1", 1, "r1", true), values(1, "l1b", 1, "r1", true),
        values(2, "l2", null, null, null), values(null, "lnull", null, null, null),
        values(3, "l3", null, null, null));
    assertThat(run(join(JoinType.FULL_OUTER, residual))).containsExactlyInAnyOrder(
        values(1, "l1", 1, "r1", true), values(1, "l1b", 1, "r1", true),
        values(2, "l2", null, null, null), values(null, "lnull", null, null, null),
        values(3, "l3", null, null, null), values(null, null, 1, "r1b", false),
        values(null, null, 4, "r4", true), values(null, null, null, "rnull", true),
        values(null, null, 2, "r2", null));
    assertThat(run(join(JoinType.LEFT_SEMI, residual))).containsExactly(
        values(1, "l1"), values(1, "l1b"));
    assertThat(run(join(JoinType.LEFT_ANTI, residual))).containsExactly(
        values(2, "l2"), values(null, "lnull"), values(3, "l3"));
  }

  @Test
  void crossJoinAndNestedLoopWithResidual() {
    HashJoinExec cross = new HashJoinExec(JoinType.CROSS, List.of(), List.of(), null, left(),
        right());
    List<List<Object>> rows = run(cross);
    assertThat(rows).hasSize(25);
    assertThat(rows).contains(values(null, "lnull", null, "rnull", true));
    Expression residual = column(LEFT.getFields().size() + 2, "ok", RIGHT.getFields().get(2));
    HashJoinExec filtered = new HashJoinExec(JoinType.INNER, List.of(), List.of(), residual,
        scan(LEFT, batch(row(7, "x"))), right());
    assertThat(run(filtered)).containsExactlyInAnyOrder(values(7, "x", 1, "r1", true),
        values(7, "x", 4, "r4", true), values(7, "x", null, "rnull", true));
    HashJoinExec emptyBuild = new HashJoinExec(JoinType.LEFT_OUTER, List.of(), List.of(), null,
        scan(LEFT, batch(row(7, "x"))), scan(RIGHT));
    assertThat(run(emptyBuild)).containsExactly(values(7, "x", null, null, null));
  }

  @Test
  void stringAndDoubleKeysUseSqlEquality() {
    Schema schema = new Schema(List.of(DataTypes.field("s", DataTypes.STRING, true),
        DataTypes.field("d", DataTypes.DOUBLE, true)));
    ScanExec leftSide = scan(schema, batch(row("a", 0.0), row("b", Double.NaN), row("c", 1.0)));
    ScanExec rightSide = scan(schema, batch(row("a", -0.0), row("b", Double.NaN), row("c", 2.0),
        row(null, null)));
    HashJoinExec join = new HashJoinExec(JoinType.INNER,
        List.of(column(schema, 0), column(schema, 1)), List.of(column(schema, 0),
        column(schema, 1)), null, leftSide, rightSide);
    assertThat(run(join)).containsExactlyInAnyOrder(values("a", 0.0, "a", -0.0),
        values("b", Double.NaN, "b", Double.NaN));
  }
}
