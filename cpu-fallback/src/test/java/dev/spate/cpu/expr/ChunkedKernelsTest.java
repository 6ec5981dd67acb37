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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.junit.jupiter.api.Test;

/**
 * The chunked numeric kernels (scalar operands, fused {@code + - *}, word-wise validity) and the
 * selection-producing filter path, over batches that span several slices.
 */
class ChunkedKernelsTest {
  /** Three slices, the last one partial and not a multiple of 64 rows. */
  private static final int ROWS = 2 * Chunk.SIZE + 453;

  private static List<Object> longs(boolean withNulls) {
    List<Object> values = new ArrayList<>();
    for (int row = 0; row < ROWS; row++) {
      values.add(withNulls && row % 7 == 3 ? null : (long) row - 1000);
    }
    return values;
  }

  private static Expression bigint(int ordinal) {
    return column(ordinal, DataTypes.BIGINT);
  }

  @Test
  void fusedArithmeticWithLiteralsOnEitherSide() {
    for (boolean withNulls : new boolean[] {false, true}) {
      try (ExprFixture fixture = new ExprFixture()) {
        ColumnarBatch batch = fixture.batch(DataTypes.BIGINT, longs(withNulls).toArray());
        // 7 - (c0 * 3) and (3 * c0) + 7
        Expression leftLiteral = call(FunctionNames.SUBTRACT, DataTypes.BIGINT, Literal.ofLong(7),
            call(FunctionNames.MULTIPLY, DataTypes.BIGINT, bigint(0), Literal.ofLong(3)));
        Expression rightLiteral = call(FunctionNames.ADD, DataTypes.BIGINT,
            call(FunctionNames.MULTIPLY, DataTypes.BIGINT, Literal.ofLong(3), bigint(0)),
            Literal.ofLong(7));
        List<Object> first = fixture.eval(leftLiteral, batch);
        List<Object> second = fixture.eval(rightLiteral, batch);
        for (int row = 0; row < ROWS; row++) {
          boolean isNull = withNulls && row % 7 == 3;
          long value = row - 1000L;
          assertThat(first.get(row)).isEqualTo(isNull ? null : 7 - value * 3);
          assertThat(second.get(row)).isEqualTo(isNull ? null : value * 3 + 7);
        }
      }
    }
  }

  @Test
  void selectionsAreComputedAtLiveRowsOnly() {
    try (ExprFixture fixture = new ExprFixture()) {
      List<Object> values = longs(true);
      values.set(5, Long.MAX_VALUE);
      int[] live = {0, 3, 64, 1023, 1024, 2000, ROWS - 1};
      ColumnarBatch batch = fixture.select(fixture.batch(DataTypes.BIGINT, values.toArray()), live);
      // MAX_VALUE + 1 at the dead row 5 raises nothing
      assertThat(fixture.eval(call(FunctionNames.ADD, DataTypes.BIGINT, bigint(0),
          Literal.ofLong(1)), batch))
          .containsExactly(-999L, null, -935L, 24L, 25L, 1001L, (long) ROWS - 1000);
      assertThat(fixture.select(call(FunctionNames.GREATER_THAN, DataTypes.BOOLEAN, bigint(0),
          Literal.ofLong(0)), batch)).containsExactly(1023, 1024, 2000, ROWS - 1);
    }
  }

  @Test
  void overflowOfEveryIntegralWidth() {
    Object[][] cases = {
        {DataTypes.TINYINT, Byte.MAX_VALUE, (byte) 1, Byte.MIN_VALUE, "tinyint"},
        {DataTypes.SMALLINT, Short.MAX_VALUE, (short) 1, Short.MIN_VALUE, "smallint"},
        {DataTypes.INT, Integer.MAX_VALUE, 1, Integer.MIN_VALUE, "integer"},
        {DataTypes.BIGINT, Long.MAX_VALUE, 1L, Long.MIN_VALUE, "long"}};
    for (Object[] test : cases) {
      ArrowType type = (ArrowType) test[0];
      try (ExprFixture fixture = new ExprFixture()) {
        ColumnarBatch batch = fixture.batch(type, test[2], test[1], null);
        Expression plusOne = call(FunctionNames.ADD, type, column(0, type),
            Literal.of(test[2], type));
        assertThatThrownBy(() -> fixture.eval(plusOne, batch))
            .isInstanceOf(SpateException.class)
            .hasMessageContaining("[ARITHMETIC_OVERFLOW] " + test[4] + " overflow");
        // non-ANSI wraps; try_add gives NULL for the overflowing row only
        assertThat(fixture.eval(plusOne, batch, fixture.legacy())).containsExactly(
            narrow(type, 2), test[3], null);
        assertThat(fixture.eval(call("try_add", type, column(0, type), Literal.of(test[2], type)),
            batch)).containsExactly(narrow(type, 2), null, null);
      }
    }
  }

  private static Object narrow(ArrowType type, long value) {
    if (type.equals(DataTypes.TINYINT)) {
      return (byte) value;
    }
    if (type.equals(DataTypes.SMALLINT)) {
      return (short) value;
    }
    return type.equals(DataTypes.INT) ? (Object) (int) value : (Object) value;
  }

  @Test
  void fusedNarrowChildWrapsOutsideAnsiAndRaisesInIt() {
    try (ExprFixture fixture = new ExprFixture()) {
      ColumnarBatch batch = fixture.batch(DataTypes.INT, Arrays.asList(Integer.MAX_VALUE, 5),
          DataTypes.INT, Arrays.asList(null, 1));
      // (c0 + 1) * c1: the child overflows at row 0 although c1 is NULL there
      Expression expression = call(FunctionNames.MULTIPLY, DataTypes.INT,
          call(FunctionNames.ADD, DataTypes.INT, column(0, DataTypes.INT), Literal.ofInt(1)),
          column(1, DataTypes.INT));
      assertThatThrownBy(() -> fixture.eval(expression, batch))
          .hasMessageContaining("[ARITHMETIC_OVERFLOW] integer overflow");
      assertThat(fixture.eval(expression, batch, fixture.legacy())).containsExactly(null, 6);
      // (c0 + 1) * 2 outside ANSI: MIN_VALUE * 2 wraps to 0 in int
      Expression doubled = call(FunctionNames.MULTIPLY, DataTypes.INT,
          call(FunctionNames.ADD, DataTypes.INT, column(0, DataTypes.INT), Literal.ofInt(1)),
          Literal.ofInt(2));
      assertThat(fixture.eval(doubled, batch, fixture.legacy())).containsExactly(0, 12);
    }
  }

  @Test
  void nullLiteralMakesEveryRowNullButChildErrorsStillRaise() {
    try (ExprFixture fixture = new ExprFixture()) {
      ColumnarBatch batch = fixture.batch(DataTypes.BIGINT, 4L, Long.MAX_VALUE);
      Expression plusNull = call(FunctionNames.ADD, DataTypes.BIGINT, bigint(0),
          Literal.nullOf(DataTypes.BIGINT));
      assertThat(fixture.eval(plusNull, fixture.select(batch, 0))).containsExactly((Object) null);
      Expression overflowPlusNull = call(FunctionNames.ADD, DataTypes.BIGINT,
          call(FunctionNames.MULTIPLY, DataTypes.BIGINT, bigint(0), Literal.ofLong(2)),
          Literal.nullOf(DataTypes.BIGINT));
      assertThatThrownBy(() -> fixture.eval(overflowPlusNull, batch))
          .hasMessageContaining("[ARITHMETIC_OVERFLOW] long overflow");
      assertThat(fixture.select(call(FunctionNames.LESS_THAN, DataTypes.BOOLEAN, bigint(0),
          Literal.nullOf(DataTypes.BIGINT)), batch)).isEmpty();
    }
  }

  @Test
  void floatingArithmeticOfBothWidths() {
    try (ExprFixture fixture = new ExprFixture()) {
      ColumnarBatch doubles = fixture.batch(DataTypes.DOUBLE, 1.5, null, -0.0, Double.NaN);
      assertThat(fixture.eval(call(FunctionNames.MULTIPLY, DataTypes.DOUBLE,
          column(0, DataTypes.DOUBLE), Literal.ofDouble(2.0)), doubles))
          .containsExactly(3.0, null, -0.0, Double.NaN);
      assertThat(fixture.eval(call(FunctionNames.SUBTRACT, DataTypes.DOUBLE, Literal.ofDouble(1.0),
          column(0, DataTypes.DOUBLE)), doubles)).containsExactly(-0.5, null, 1.0, Double.NaN);
      ColumnarBatch floats = fixture.batch(DataTypes.FLOAT, 0.1f, 3.0f, null);
      assertThat(fixture.eval(call(FunctionNames.ADD, DataTypes.FLOAT, column(0, DataTypes.FLOAT),
          column(0, DataTypes.FLOAT)), floats)).containsExactly(0.2f, 6.0f, null);
    }
  }

  @Test
  void doubleComparisonsFollowSparkOrderOnBothPaths() {
    try (ExprFixture fixture = new ExprFixture()) {
      ColumnarBatch batch = fixture.batch(DataTypes.DOUBLE, Double.NaN, 0.0, -0.0, 1.0, null,
          Double.NEGATIVE_INFINITY);
      Expression value = column(0, DataTypes.DOUBLE);
      Object[][] cases = {
          {FunctionNames.EQUAL, Double.NaN, Arrays.asList(true, false, false, false, null, false)},
          {FunctionNames.GREATER_THAN, 0.5, Arrays.asList(true, false, false, true, null, false)},
          {FunctionNames.LESS_THAN, Double.NaN, Arrays.asList(false, true, true, true, null, true)},
          {FunctionNames.GREATER_THAN_OR_EQUAL, 0.0,
              Arrays.asList(true, true, true, true, null, false)},
          {FunctionNames.LESS_THAN_OR_EQUAL, -0.0,
              Arrays.asList(false, true, true, false, null, true)},
          {FunctionNames.NOT_EQUAL, 0.0, Arrays.asList(true, false, false, true, null, true)},
          {FunctionNames.EQUAL, 0.0, Arrays.asList(false, true, true, false, null, false)},
          {FunctionNames.LESS_THAN, 1.0, Arrays.asList(false, true, true, false, null, true)},
          {FunctionNames.GREATER_THAN, Double.NaN,
              Arrays.asList(false, false, false, false, null, false)},
          {FunctionNames.NOT_EQUAL, Double.NaN, Arrays.asList(false, true, true, true, null, true)}};
      for (Object[] test : cases) {
        Expression literalRight = call((String) test[0], DataTypes.BOOLEAN, value,
            Literal.ofDouble((Double) test[1]));
        @SuppressWarnings("unchecked")
        List<Object> expected = (List<Object>) test[2];
        assertThat(fixture.eval(literalRight, batch)).as("%s", test[0]).isEqualTo(expected);
        assertThat(fixture.select(literalRight, batch)).as("%s", test[0])
            .isEqualTo(trueRows(expected));
      }
      // literal on the left: 0.5 < c0 is c0 > 0.5
      Expression literalLeft = call(FunctionNames.LESS_THAN, DataTypes.BOOLEAN,
          Literal.ofDouble(0.5), value);
      assertThat(fixture.eval(literalLeft, batch))
          .containsExactly(true, false, false, true, null, false);
      assertThat(fixture.select(literalLeft, batch)).containsExactly(0, 3);
      // 0.0 >= c0 is c0 <= 0.0; NaN >= c0 holds everywhere
      Expression atMostZero = call(FunctionNames.GREATER_THAN_OR_EQUAL, DataTypes.BOOLEAN,
          Literal.ofDouble(0.0), value);
      assertThat(fixture.eval(atMostZero, batch))
          .containsExactly(false, true, true, false, null, true);
      assertThat(fixture.select(call(FunctionNames.GREATER_THAN_OR_EQUAL, DataTypes.BOOLEAN,
          Literal.ofDouble(Double.NaN), value), batch)).containsExactly(0, 1, 2, 3, 5);
    }
  }

  private static List<Integer> trueRows(List<Object> values) {
    List<Integer> rows = new ArrayList<>();
    for (int row = 0; row < values.size(); row++) {
      if (Boolean.TRUE.equals(values.get(row))) {
        rows.add(row);
      }
    }
    return rows;
  }

  @Test
  void integralComparisonsOfEveryWidthAndDates() {
    Object[][] cases = {
        {DataTypes.TINYINT, (byte) -3, (byte) 9, (byte) 4},
        {DataTypes.SMALLINT, (short) -3, (short) 9, (short) 4},
        {DataTypes.INT, -3, 9, 4},
        {DataTypes.BIGINT, -3L, 9L, 4L},
        {DataTypes.DATE, -3, 9, 4}};
    for (Object[] test : cases) {
      ArrowType type = (ArrowType) test[0];
      try (ExprFixture fixture = new ExprFixture()) {
        ColumnarBatch batch = fixture.batch(type, Arrays.asList(test[1], null, test[2], test[3]),
            type, Arrays.asList(test[3], test[3], test[3], test[3]));
        Expression greater = call(FunctionNames.GREATER_THAN_OR_EQUAL, DataTypes.BOOLEAN,
            column(0, type), column(1, type));
        assertThat(fixture.eval(greater, batch)).as("%s", type)
            .containsExactly(false, null, true, true);
        assertThat(fixture.select(greater, batch)).as("%s", type).containsExactly(2, 3);
        assertThat(fixture.select(call(FunctionNames.EQUAL, DataTypes.BOOLEAN, column(0, type),
            Literal.of(test[3], type)), fixture.select(batch, 1, 3))).containsExactly(3);
      }
    }
  }

  @Test
  void comparisonOfFusedArithmeticAcrossSlices() {
    for (boolean withNulls : new boolean[] {false, true}) {
      try (ExprFixture fixture = new ExprFixture()) {
        ColumnarBatch batch = fixture.batch(DataTypes.BIGINT, longs(withNulls).toArray());
        // c0 * 2 + 1 > 0, i.e. c0 >= 0 (row >= 1000)
        Expression positive = call(FunctionNames.GREATER_THAN, DataTypes.BOOLEAN,
            call(FunctionNames.ADD, DataTypes.BIGINT,
                call(FunctionNames.MULTIPLY, DataTypes.BIGINT, bigint(0), Literal.ofLong(2)),
                Literal.ofLong(1)),
            Literal.ofLong(0));
        List<Integer> expected = new ArrayList<>();
        for (int row = 1000; row < ROWS; row++) {
          if (!withNulls || row % 7 != 3) {
            expected.add(row);
          }
        }
        assertThat(fixture.select(positive, batch)).isEqualTo(expected);
        List<Object> values = fixture.eval(positive, batch);
        for (int row = 0; row < ROWS; row++) {
          assertThat(values.get(row)).isEqualTo(withNulls && row % 7 == 3 ? null : row >= 1000);
        }
      }
    }
  }

  @Test
  void filterAndOrKeepThreeValuedLogicAndLaziness() {
    try (ExprFixture fixture = new ExprFixture()) {
      ColumnarBatch batch = fixture.batch(DataTypes.BOOLEAN,
          Arrays.asList(true, true, true, false, false, false, null, null, null),
          DataTypes.BOOLEAN, Arrays.asList(true, false, null, true, false, null, true, false, null));
      Expression a = column(0, DataTypes.BOOLEAN);
      Expression b = column(1, DataTypes.BOOLEAN);
      assertThat(fixture.select(call(FunctionNames.AND, DataTypes.BOOLEAN, a, b), batch))
          .containsExactly(0);
      assertThat(fixture.select(call(FunctionNames.OR, DataTypes.BOOLEAN, a, b), batch))
          .containsExactly(0, 1, 2, 3, 6);
      assertThat(fixture.select(call(FunctionNames.OR, DataTypes.BOOLEAN, a, b),
          fixture.select(batch, 2, 4, 5, 6, 8))).containsExactly(2, 6);
    }
    try (ExprFixture fixture = new ExprFixture()) {
      ColumnarBatch batch = fixture.batch(DataTypes.INT, Arrays.asList(0, 2, null),
          DataTypes.INT, Arrays.asList(10, 4, 7));
      Expression x = column(0, DataTypes.INT);
      Expression quotient = call(FunctionNames.INTEGRAL_DIVIDE, DataTypes.BIGINT,
          column(1, DataTypes.INT), x);
      // x <> 0 AND y div x = 2: skips row 0 (FALSE) and evaluates row 2 (x NULL: NULL)
      Expression guarded = call(FunctionNames.AND, DataTypes.BOOLEAN,
          call(FunctionNames.NOT_EQUAL, DataTypes.BOOLEAN, x, Literal.ofInt(0)),
          call(FunctionNames.EQUAL, DataTypes.BOOLEAN, quotient, Literal.ofLong(2)));
      assertThat(fixture.select(guarded, batch)).containsExactly(1);
      // y > 5 AND 10 div (y - 7) = 1: the right side is evaluated where the left is NULL too,
      // as Spark does, so NULL > 5 at row 2 still divides by zero there
      ColumnarBatch nullLeft = fixture.batch(DataTypes.INT, Arrays.asList(9, 1, null),
          DataTypes.INT, Arrays.asList(9, 1, 7));
      Expression divides = call(FunctionNames.AND, DataTypes.BOOLEAN,
          call(FunctionNames.GREATER_THAN, DataTypes.BOOLEAN, x, Literal.ofInt(5)),
          call(FunctionNames.EQUAL, DataTypes.BOOLEAN,
              call(FunctionNames.INTEGRAL_DIVIDE, DataTypes.BIGINT, Literal.ofInt(10),
                  call(FunctionNames.SUBTRACT, DataTypes.INT, column(1, DataTypes.INT),
                      Literal.ofInt(7))),
              Literal.ofLong(5)));
      assertThatThrownBy(() -> fixture.select(divides, nullLeft))
          .hasMessageContaining("[DIVIDE_BY_ZERO]");
      assertThat(fixture.select(divides, fixture.select(nullLeft, 0, 1))).containsExactly(0);
    }
  }

  @Test
  void emptyBatchesAndEmptySelections() {
    try (ExprFixture fixture = new ExprFixture()) {
      ColumnarBatch empty = fixture.batch(DataTypes.BIGINT);
      Expression plus = call(FunctionNames.ADD, DataTypes.BIGINT, bigint(0), Literal.ofLong(1));
      Expression positive = call(FunctionNames.GREATER_THAN, DataTypes.BOOLEAN, bigint(0),
          Literal.ofLong(0));
      assertThat(fixture.eval(plus, empty)).isEmpty();
      assertThat(fixture.eval(positive, empty)).isEmpty();
      assertThat(fixture.select(positive, empty)).isEmpty();
      ColumnarBatch noneLive = fixture.select(fixture.batch(DataTypes.BIGINT, Long.MAX_VALUE));
      assertThat(fixture.eval(plus, noneLive)).isEmpty();
      assertThat(fixture.select(positive, noneLive)).isEmpty();
    }
  }

  @Test
  void literalsOfEveryKindStillMaterialiseForOtherKernels() {
    try (ExprFixture fixture = new ExprFixture()) {
      ColumnarBatch batch = fixture.batch(DataTypes.STRING, "a", null, "c");
      assertThat(fixture.eval(Literal.ofString("x"), batch)).containsExactly("x", "x", "x");
      assertThat(fixture.eval(Literal.ofLong(3), batch)).containsExactly(3L, 3L, 3L);
      assertThat(fixture.eval(Literal.ofBoolean(true), fixture.select(batch, 1)))
          .containsExactly(true);
      assertThat(fixture.eval(Literal.nullOf(DataTypes.DOUBLE), batch))
          .containsExactly(null, null, null);
      assertThat(fixture.eval(call(FunctionNames.COALESCE, DataTypes.STRING,
          column(0, DataTypes.STRING), Literal.ofString("z")), batch))
          .containsExactly("a", "z", "c");
    }
  }
}
