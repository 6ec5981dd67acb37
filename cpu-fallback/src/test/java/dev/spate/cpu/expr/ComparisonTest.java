package dev.spate.cpu.expr;

import static dev.spate.cpu.expr.ExprFixture.call;
import static dev.spate.cpu.expr.ExprFixture.column;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spate.planner.batch.ColumnarBatch;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.expr.FunctionNames;
import dev.spate.planner.types.DataTypes;
import java.math.BigDecimal;
import java.util.Arrays;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.junit.jupiter.api.Test;

class ComparisonTest {
  private static Expression compare(String name, ArrowType type) {
    return call(name, DataTypes.BOOLEAN, column(0, type), column(1, type));
  }

  @Test
  void doublesUseSparkOrder() {
    try (ExprFixture fixture = new ExprFixture()) {
      ColumnarBatch batch = fixture.batch(DataTypes.DOUBLE,
          Arrays.asList(Double.NaN, Double.NaN, -0.0, 1.0, Double.POSITIVE_INFINITY, null),
          DataTypes.DOUBLE,
          Arrays.asList(Double.NaN, Double.POSITIVE_INFINITY, 0.0, 2.0, 1.0, 1.0));
      assertThat(fixture.eval(compare(FunctionNames.EQUAL, DataTypes.DOUBLE), batch))
          .containsExactly(true, false, true, false, false, null);
      assertThat(fixture.eval(compare(FunctionNames.GREATER_THAN, DataTypes.DOUBLE), batch))
          .containsExactly(false, true, false, false, true, null);
      assertThat(fixture.eval(compare(FunctionNames.LESS_THAN_OR_EQUAL, DataTypes.DOUBLE), batch))
          .containsExactly(true, false, true, true, false, null);
    }
  }

  @Test
  void nullSafeEqualityIsNeverNull() {
    try (ExprFixture fixture = new ExprFixture()) {
      ColumnarBatch batch = fixture.batch(DataTypes.BIGINT, Arrays.asList(1L, null, null, 2L),
          DataTypes.BIGINT, Arrays.asList(1L, null, 3L, 3L));
      assertThat(fixture.eval(compare(FunctionNames.EQUAL_NULL_SAFE, DataTypes.BIGINT), batch))
          .containsExactly(true, true, false, false);
      assertThat(fixture.eval(compare(FunctionNames.NOT_EQUAL, DataTypes.BIGINT), batch))
          .containsExactly(false, null, null, true);
    }
  }

  @Test
  void stringsCompareByCodePoint() {
    try (ExprFixture fixture = new ExprFixture()) {
      ColumnarBatch batch = fixture.batch(DataTypes.STRING, Arrays.asList("a", "é", "ab", "", "Z"),
          DataTypes.STRING, Arrays.asList("b", "z", "a", "", "a"));
      assertThat(fixture.eval(compare(FunctionNames.LESS_THAN, DataTypes.STRING), batch))
          .containsExactly(true, false, false, false, true);
      assertThat(fixture.eval(compare(FunctionNames.EQUAL, DataTypes.STRING), batch))
          .containsExactly(false, false, false, true, false);
    }
  }

  @Test
  void decimalsOfDifferentScalesAndDatesAndSelection() {
    try (ExprFixture fixture = new ExprFixture()) {
      ColumnarBatch decimals = fixture.batch(java.util.List.of(
          ExprFixture.field(DataTypes.decimal(5, 2)), ExprFixture.field(DataTypes.decimal(4, 1))),
          java.util.List.of(Arrays.asList(new BigDecimal("1.50"), new BigDecimal("-2.00")),
              Arrays.asList(new BigDecimal("1.5"), new BigDecimal("-2.1"))));
      assertThat(fixture.eval(call(FunctionNames.GREATER_THAN_OR_EQUAL, DataTypes.BOOLEAN,
          column(0, DataTypes.decimal(5, 2)), column(1, DataTypes.decimal(4, 1))), decimals))
          .containsExactly(true, true);
      ColumnarBatch dates = fixture.select(fixture.batch(DataTypes.DATE,
          Arrays.asList(-1, 0, 19000), DataTypes.DATE, Arrays.asList(0, 0, 18999)), 0, 2);
      assertThat(fixture.eval(compare(FunctionNames.LESS_THAN, DataTypes.DATE), dates))
          .containsExactly(true, false);
    }
  }
}
