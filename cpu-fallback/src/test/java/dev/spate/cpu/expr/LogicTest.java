package dev.spate.cpu.expr;

import static dev.spate.cpu.expr.ExprFixture.call;
import static dev.spate.cpu.expr.ExprFixture.column;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spate.planner.batch.ColumnarBatch;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.expr.FunctionNames;
import dev.spate.planner.expr.Literal;
import dev.spate.planner.types.DataTypes;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogicTest {
  private static final List<Object> LEFT = Arrays.asList(true, true, true, false, false, false,
      null, null, null);
  private static final List<Object> RIGHT = Arrays.asList(true, false, null, true, false, null,
      true, false, null);

  @Test
  void andOrNotFollowThreeValuedLogic() {
    try (ExprFixture fixture = new ExprFixture()) {
      ColumnarBatch batch = fixture.batch(DataTypes.BOOLEAN, LEFT, DataTypes.BOOLEAN, RIGHT);
      Expression a = column(0, DataTypes.BOOLEAN);
      Expression b = column(1, DataTypes.BOOLEAN);
      assertThat(fixture.eval(call(FunctionNames.AND, DataTypes.BOOLEAN, a, b), batch))
          .containsExactly(true, false, null, false, false, false, null, false, null);
      assertThat(fixture.eval(call(FunctionNames.OR, DataTypes.BOOLEAN, a, b), batch))
          .containsExactly(true, true, true, true, false, null, true, null, null);
      assertThat(fixture.eval(call(FunctionNames.NOT, DataTypes.BOOLEAN, a), batch))
          .containsExactly(false, false, false, true, true, true, null, null, null);
    }
  }

  @Test
  void andOrDoNotEvaluateTheRightSideForDecidedRows() {
    try (ExprFixture fixture = new ExprFixture()) {
      ColumnarBatch batch = fixture.batch(DataTypes.INT, Arrays.asList(0, 2, 0),
          DataTypes.INT, Arrays.asList(10, 4, 7));
      Expression x = column(0, DataTypes.INT);
      Expression quotient = call(FunctionNames.INTEGRAL_DIVIDE, DataTypes.BIGINT,
          column(1, DataTypes.INT), x);
      // x <> 0 AND y div x > 1: y div 0 would raise DIVIDE_BY_ZERO in ANSI mode
      Expression guardedAnd = call(FunctionNames.AND, DataTypes.BOOLEAN,
          call(FunctionNames.NOT_EQUAL, DataTypes.BOOLEAN, x, Literal.ofInt(0)),
          call(FunctionNames.GREATER_THAN, DataTypes.BOOLEAN, quotient, Literal.ofLong(1)));
      assertThat(fixture.eval(guardedAnd, batch)).containsExactly(false, true, false);
      // x = 0 OR y div x = 2
      Expression guardedOr = call(FunctionNames.OR, DataTypes.BOOLEAN,
          call(FunctionNames.EQUAL, DataTypes.BOOLEAN, x, Literal.ofInt(0)),
          call(FunctionNames.EQUAL, DataTypes.BOOLEAN, quotient, Literal.ofLong(2)));
      assertThat(fixture.eval(guardedOr, batch)).containsExactly(true, true, true);
    }
  }

  @Test
  void nullTestsAndIsNan() {
    try (ExprFixture fixture = new ExprFixture()) {
      ColumnarBatch batch = fixture.batch(DataTypes.DOUBLE, 1.0, null, Double.NaN);
      Expression x = column(0, DataTypes.DOUBLE);
      assertThat(fixture.eval(call(FunctionNames.IS_NULL, DataTypes.BOOLEAN, x), batch))
          .containsExactly(false, true, false);
      assertThat(fixture.eval(call(FunctionNames.IS_NOT_NULL, DataTypes.BOOLEAN, x), batch))
          .containsExactly(true, false, true);
      assertThat(fixture.eval(call("isnan", DataTypes.BOOLEAN, x), batch))
          .containsExactly(false, false, true);
    }
  }

  @Test
  void inIsThreeValued() {
    try (ExprFixture fixture = new ExprFixture()) {
      ColumnarBatch batch = fixture.batch(DataTypes.STRING, "a", "b", null, "é");
      Expression x = column(0, DataTypes.STRING);
      assertThat(fixture.eval(call(FunctionNames.IN, DataTypes.BOOLEAN, x,
          Literal.ofString("a"), Literal.ofString("é")), batch))
          .containsExactly(true, false, null, true);
      assertThat(fixture.eval(call(FunctionNames.IN, DataTypes.BOOLEAN, x,
          Literal.ofString("a"), Literal.nullOf(DataTypes.STRING)), batch))
          .containsExactly(true, null, null, null);
    }
  }

  @Test
  void caseWhenEvaluatesEachBranchOnlyWhereItIsTaken() {
    try (ExprFixture fixture = new ExprFixture()) {
      ColumnarBatch batch = fixture.batch(DataTypes.INT, 0, 5, null, -2);
      Expression x = column(0, DataTypes.INT);
      // CASE WHEN x = 0 THEN 'zero' WHEN x > 0 THEN CAST(10 div x AS STRING)... use div by x
      Expression caseWhen = call(FunctionNames.CASE_WHEN, DataTypes.BIGINT,
          call(FunctionNames.EQUAL, DataTypes.BOOLEAN, x, Literal.ofInt(0)), Literal.ofLong(-1),
          call(FunctionNames.GREATER_THAN, DataTypes.BOOLEAN, x, Literal.ofInt(0)),
          call(FunctionNames.INTEGRAL_DIVIDE, DataTypes.BIGINT, Literal.ofInt(10), x),
          Literal.nullOf(DataTypes.BIGINT));
      assertThat(fixture.eval(caseWhen, batch)).containsExactly(-1L, 2L, null, null);
      Expression strings = call(FunctionNames.CASE_WHEN, DataTypes.STRING,
          call(FunctionNames.GREATER_THAN, DataTypes.BOOLEAN, x, Literal.ofInt(0)),
          Literal.ofString("pos"), Literal.ofString("other"));
      assertThat(fixture.eval(strings, batch)).containsExactly("other", "pos", "other", "other");
      Expression coalesce = call(FunctionNames.COALESCE, DataTypes.BIGINT,
          call(FunctionNames.CASE_WHEN, DataTypes.BIGINT,
              call(FunctionNames.GREATER_THAN, DataTypes.BOOLEAN, x, Literal.ofInt(0)),
              Literal.ofLong(1), Literal.nullOf(DataTypes.BIGINT)),
          call(FunctionNames.INTEGRAL_DIVIDE, DataTypes.BIGINT, Literal.ofInt(10),
              call(FunctionNames.COALESCE, DataTypes.INT, x, Literal.ofInt(5))));
      // row 0 (x = 0) reaches the second argument: 10 div 0 raises
      ColumnarBatch live = fixture.select(fixture.batch(DataTypes.INT, 0, 5, null, -2), 1, 2, 3);
      assertThat(fixture.eval(coalesce, live)).containsExactly(1L, 2L, -5L);
    }
  }
}
