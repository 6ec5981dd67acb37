package dev.spate.cpu.expr;

import static dev.spate.cpu.expr.ExprFixture.call;
import static dev.spate.cpu.expr.ExprFixture.column;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spate.SpateException;
import dev.spate.planner.batch.ColumnarBatch;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.expr.FunctionNames;
import dev.spate.planner.expr.Literal;
import dev.spate.planner.types.DataTypes;
import java.math.BigDecimal;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ArithmeticTest {
  @Test
  void addsIntegersWithNullsAndLiterals() {
    try (ExprFixture fixture = new ExprFixture()) {
      ColumnarBatch batch = fixture.batch(DataTypes.INT, 1, null, -5, 2_000_000_000);
      assertThat(fixture.eval(call(FunctionNames.ADD, DataTypes.INT,
          column(0, DataTypes.INT), Literal.ofInt(10)), batch))
          .containsExactly(11, null, 5, 2_000_000_010);
    }
  }

  @Test
  void integerOverflowRaisesInAnsiAndWrapsOtherwise() {
    try (ExprFixture fixture = new ExprFixture()) {
      ColumnarBatch batch = fixture.batch(DataTypes.INT, Integer.MAX_VALUE, 1);
      Expression plusOne = call(FunctionNames.ADD, DataTypes.INT, column(0, DataTypes.INT),
          Literal.ofInt(1));
      assertThatThrownBy(() -> fixture.eval(plusOne, batch))
          .isInstanceOf(SpateException.class)
          .hasMessageContaining("[ARITHMETIC_OVERFLOW] integer overflow. Use 'try_add' to"
              + " tolerate overflow and return NULL instead. If necessary set"
              + " spate.sql.ansi.enabled to \"false\" to bypass this error.");
      assertThat(fixture.eval(plusOne, batch, fixture.legacy()))
          .containsExactly(Integer.MIN_VALUE, 2);
      assertThat(fixture.eval(call("try_add", DataTypes.INT, column(0, DataTypes.INT),
          Literal.ofInt(1)), batch)).containsExactly(null, 2);
    }
  }

  @Test
  void longOverflowOfMultiplyAndSubtract() {
    try (ExprFixture fixture = new ExprFixture()) {
      ColumnarBatch batch = fixture.batch(DataTypes.BIGINT, Long.MIN_VALUE, 3L);
      Expression timesTwo = call(FunctionNames.MULTIPLY, DataTypes.BIGINT,
          column(0, DataTypes.BIGINT), Literal.ofLong(2));
      assertThatThrownBy(() -> fixture.eval(timesTwo, batch))
          .hasMessageContaining("[ARITHMETIC_OVERFLOW] long overflow");
      assertThat(fixture.eval(timesTwo, batch, fixture.legacy())).containsExactly(0L, 6L);
      Expression minusOne = call(FunctionNames.SUBTRACT, DataTypes.BIGINT,
          column(0, DataTypes.BIGINT), Literal.ofLong(1));
      assertThat(fixture.eval(minusOne, batch, fixture.legacy()))
          .containsExactly(Long.MAX_VALUE, 2L);
    }
  }

  @Test
  void errorsAreNotRaisedForDeadRows() {
    try (ExprFixture fixture = new ExprFixture()) {
      ColumnarBatch batch = fixture.select(
          fixture.batch(DataTypes.TINYINT, (byte) 1, (byte) 127, (byte) 5), 0, 2);
      assertThat(fixture.eval(call(FunctionNames.ADD, DataTypes.TINYINT,
          column(0, DataTypes.TINYINT), Literal.of((byte) 1, DataTypes.TINYINT)), batch))
          .containsExactly((byte) 2, (byte) 6);
    }
  }

  @Test
  void divideByZeroRaisesInAnsiAndIsNullOtherwise() {
    try (ExprFixture fixture = new ExprFixture()) {
      ColumnarBatch batch = fixture.batch(DataTypes.DOUBLE, Arrays.asList(1.0, 7.0, null, -3.0),
          DataTypes.DOUBLE, Arrays.asList(0.0, 2.0, 1.0, -0.0));
      Expression divide = call(FunctionNames.DIVIDE, DataTypes.DOUBLE, column(0, DataTypes.DOUBLE),
          column(1, DataTypes.DOUBLE));
      assertThatThrownBy(() -> fixture.eval(divide, batch))
          .hasMessageContaining("[DIVIDE_BY_ZERO] Division by zero. Use `try_divide` to"
              + " tolerate divisor being 0 and return NULL instead. If necessary set"
              + " spate.sql.ansi.enabled to \"false\" to bypass this error.");
      assertThat(fixture.eval(divide, batch, fixture.legacy()))
          .containsExactly(null, 3.5, null, null);
      Expression remainder = call(FunctionNames.REMAINDER, DataTypes.DOUBLE,
          column(0, DataTypes.DOUBLE), column(1, DataTypes.DOUBLE));
      assertThat(fixture.eval(remainder, batch, fixture.legacy()))
          .containsExactly(null, 1.0, null, null);
    }
  }

  @Test
  void integralDivideAndRemainderFollowJava() {
    try (ExprFixture fixture = new ExprFixture()) {
      ColumnarBatch batch = fixture.batch(DataTypes.BIGINT, Arrays.asList(-7L, 7L, Long.MIN_VALUE),
          DataTypes.BIGINT, Arrays.asList(2L, -2L, -1L));
      Expression div = call(FunctionNames.INTEGRAL_DIVIDE, DataTypes.BIGINT,
          column(0, DataTypes.BIGINT), column(1, DataTypes.BIGINT));
      assertThatThrownBy(() -> fixture.eval(div, batch)).hasMessageContaining("ARITHMETIC_OVERFLOW");
      assertThat(fixture.eval(div, batch, fixture.legacy()))
          .containsExactly(-3L, -3L, Long.MIN_VALUE);
      assertThat(fixture.eval(call(FunctionNames.REMAINDER, DataTypes.BIGINT,
          column(0, DataTypes.BIGINT), column(1, DataTypes.BIGINT)), batch))
          .containsExactly(-1L, 1L, 0L);
    }
  }

  @Test
  void floatingPointSpecialValues() {
    try (ExprFixture fixture = new ExprFixture()) {
      ColumnarBatch batch = fixture.batch(DataTypes.FLOAT, Float.NaN, Float.POSITIVE_INFINITY,
          -0.0f, 0.1f);
      assertThat(fixture.eval(call(FunctionNames.ADD, DataTypes.FLOAT,
          column(0, DataTypes.FLOAT), Literal.of(0.2f, DataTypes.FLOAT)), batch))
          .containsExactly(Float.NaN, Float.POSITIVE_INFINITY, 0.2f, 0.1f + 0.2f);
      assertThat(fixture.eval(call(FunctionNames.NEGATIVE, DataTypes.FLOAT,
          column(0, DataTypes.FLOAT)), batch))
          .containsExactly(Float.NaN, Float.NEGATIVE_INFINITY, 0.0f, -0.1f);
    }
  }

  @Test
  void negativeAndAbsOfMinValue() {
    try (ExprFixture fixture = new ExprFixture()) {
      ColumnarBatch batch = fixture.batch(DataTypes.INT, Integer.MIN_VALUE, -4, null);
      Expression abs = call("abs", DataTypes.INT, column(0, DataTypes.INT));
      assertThatThrownBy(() -> fixture.eval(abs, batch)).hasMessageContaining("integer overflow");
      assertThat(fixture.eval(abs, batch, fixture.legacy()))
          .containsExactly(Integer.MIN_VALUE, 4, null);
      assertThat(fixture.eval(call(FunctionNames.NEGATIVE, DataTypes.INT,
          column(0, DataTypes.INT)), batch, fixture.legacy()))
          .containsExactly(Integer.MIN_VALUE, 4, null);
    }
  }

  @Test
  void decimalArithmeticRoundsHalfUpAndChecksPrecision() {
    try (ExprFixture fixture = new ExprFixture()) {
      ColumnarBatch batch = fixture.batch(DataTypes.decimal(5, 2),
          Arrays.asList(new BigDecimal("1.25"), new BigDecimal("999.99"), null),
          DataTypes.decimal(3, 1),
          Arrays.asList(new BigDecimal("2.0"), new BigDecimal("10.0"), new BigDecimal("1.0")));
      assertThat(fixture.eval(call(FunctionNames.ADD, DataTypes.decimal(6, 2),
          column(0, DataTypes.decimal(5, 2)), column(1, DataTypes.decimal(3, 1))), batch))
          .containsExactly(new BigDecimal("3.25"), new BigDecimal("1009.99"), null);
      Expression divide = call(FunctionNames.DIVIDE, DataTypes.decimal(10, 1),
          column(0, DataTypes.decimal(5, 2)), column(1, DataTypes.decimal(3, 1)));
      assertThat(fixture.eval(divide, batch))
          .containsExactly(new BigDecimal("0.6"), new BigDecimal("100.0"), null);
      Expression multiply = call(FunctionNames.MULTIPLY, DataTypes.decimal(4, 2),
          column(0, DataTypes.decimal(5, 2)), column(1, DataTypes.decimal(3, 1)));
      assertThatThrownBy(() -> fixture.eval(multiply, batch))
          .hasMessageContaining("[NUMERIC_VALUE_OUT_OF_RANGE]");
      assertThat(fixture.eval(multiply, batch, fixture.legacy()))
          .containsExactly(new BigDecimal("2.50"), null, null);
    }
  }
}
