package dev.spate.cpu.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spate.SpateException;

import dev.spate.planner.expr.AggregateCall;
import dev.spate.planner.expr.Alias;
import dev.spate.planner.expr.Call;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.expr.FunctionNames;
import dev.spate.planner.expr.Literal;
import dev.spate.planner.expr.SortOrder;
import dev.spate.planner.logical.JoinType;
import dev.spate.planner.physical.FilterExec;
import dev.spate.planner.physical.HashAggregateExec;
import dev.spate.planner.physical.HashJoinExec;
import dev.spate.planner.physical.PhysicalNode;
import dev.spate.planner.physical.ProjectExec;
import dev.spate.planner.physical.ScanExec;
import dev.spate.planner.physical.SortExec;
import dev.spate.planner.types.DataTypes;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

/** Operators over computed (not pass-through) expressions, evaluated by the expression evaluator. */
class ComputedExpressionsTest extends OperatorTestSupport {
  private static final Field BOOLEAN = DataTypes.field("", DataTypes.BOOLEAN, true);
  private static final Field BIGINT = DataTypes.field("", DataTypes.BIGINT, true);
  private static final Schema SCHEMA = new Schema(List.of(
      DataTypes.field("a", DataTypes.BIGINT, true), DataTypes.field("b", DataTypes.BIGINT, true)));

  private ScanExec input() {
    return scan(SCHEMA, batch(row(1L, 10L), row(5L, null), row(3L, 30L)),
        batch(row(null, 40L), row(7L, 70L), row(2L, 20L)));
  }

  private static Expression greaterThan(Expression left, long value) {
    return new Call(FunctionNames.GREATER_THAN, List.of(left, Literal.ofLong(value)), BOOLEAN);
  }

  private static Expression plus(Expression left, Expression right) {
    return new Call(FunctionNames.ADD, List.of(left, right), BIGINT);
  }

  @Test
  void filterOnAComparisonDropsNullAndFalseRows() {
    FilterExec filter = new FilterExec(greaterThan(column(SCHEMA, 0), 2), input());
    assertThat(run(filter, context(2))).containsExactly(values(5L, null), values(3L, 30L),
        values(7L, 70L));
  }

  @Test
  void projectEvaluatesAndKeepsTheSelection() {
    ProjectExec project = new ProjectExec(List.of(column(SCHEMA, 0),
        new Alias(plus(column(SCHEMA, 0), column(SCHEMA, 1)), "total")),
        new FilterExec(greaterThan(column(SCHEMA, 0), 2), input()));
    assertThat(project.schema().getFields().get(1).getName()).isEqualTo("total");
    assertThat(run(project, context(8))).containsExactly(values(5L, null), values(3L, 33L),
        values(7L, 77L));
  }

  @Test
  void aggregateAndSortOverComputedKeys() {
    Expression parity = new Call(FunctionNames.GREATER_THAN,
        List.of(column(SCHEMA, 0), Literal.ofLong(2)), BOOLEAN);
    HashAggregateExec aggregate = new HashAggregateExec(List.of(parity), List.of("big"),
        List.of(new AggregateCall("sum", List.of(plus(column(SCHEMA, 0), Literal.ofLong(1))),
            false, BIGINT)), List.of("s"), input());
    // a > 2: 5, 3, 7 -> 6 + 4 + 8; a <= 2: 1, 2 -> 2 + 3; NULL a -> NULL sum
    assertThat(run(aggregate, context(8))).containsExactlyInAnyOrder(values(true, 18L),
        values(false, 5L), values(null, null));
    SortExec sort = new SortExec(List.of(SortOrder.of(
        new Call(FunctionNames.NEGATIVE, List.of(column(SCHEMA, 1)), BIGINT), true)), -1,
        input());
    List<Object> firstColumn = new ArrayList<>();
    for (List<Object> row : run(sort, context(4))) {
      firstColumn.add(row.get(0));
    }
    assertThat(firstColumn).containsExactly(5L, 7L, null, 3L, 2L, 1L);
  }

  @Test
  void errorsInTheMiddleOfAStreamReleaseEveryVector() {
    Expression failing = greaterThan(new Call(FunctionNames.INTEGRAL_DIVIDE,
        List.of(column(SCHEMA, 1), Literal.ofLong(0)), BIGINT), 0);
    List<PhysicalNode> plans = List.of(new FilterExec(failing, input()),
        new SortExec(List.of(SortOrder.of(failing, true)), -1, input()),
        new HashAggregateExec(List.of(failing), List.of("k"), List.of(), List.of(), input()),
        new HashJoinExec(JoinType.INNER, List.of(), List.of(), failing, input(), input()));
    for (PhysicalNode plan : plans) {
      assertThatThrownBy(() -> run(plan, context(2))).as(plan.name())
          .isInstanceOf(SpateException.class).hasMessageContaining("DIVIDE_BY_ZERO");
      assertThat(allocator.getAllocatedMemory()).as(plan.name()).isZero();
    }
  }

  @Test
  void joinWithComputedKeysAndComparisonResidual() {
    Schema right = new Schema(List.of(DataTypes.field("k", DataTypes.BIGINT, true),
        DataTypes.field("limit", DataTypes.BIGINT, true)));
    ScanExec build = scan(right, batch(row(2L, 15L), row(4L, 25L), row(8L, 0L)));
    // left a + 1 = right k, and left b > right limit (residual over left ++ right columns)
    Expression residual = new Call(FunctionNames.GREATER_THAN,
        List.of(column(SCHEMA, 1), column(3, "limit", right.getFields().get(1))), BOOLEAN);
    HashJoinExec join = new HashJoinExec(JoinType.LEFT_OUTER,
        List.of(plus(column(SCHEMA, 0), Literal.ofLong(1))), List.of(column(right, 0)), residual,
        input(), build);
    assertThat(run(join, context(2))).containsExactlyInAnyOrder(
        values(1L, 10L, null, null), values(5L, null, null, null), values(3L, 30L, 4L, 25L),
        values(null, 40L, null, null), values(7L, 70L, 8L, 0L), values(2L, 20L, null, null));
  }
}
