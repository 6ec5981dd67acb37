package dev.spate.cpu.expr;

import static dev.spate.cpu.expr.ExprFixture.column;
import static dev.spate.cpu.expr.ExprFixture.field;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spate.planner.batch.ColumnarBatch;
import dev.spate.planner.config.SpateConfig;
import dev.spate.planner.expr.Cast;
import dev.spate.planner.types.DataTypes;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.Test;

class CastTest {
  private static Cast cast(ArrowType from, ArrowType to) {
    return new Cast(column(0, from), field(to));
  }

  @Test
  void narrowingIntegralCastOverflows() {
    try (ExprFixture fixture = new ExprFixture()) {
      ColumnarBatch batch = fixture.batch(DataTypes.INT, 300, -5, null);
      assertThatThrownBy(() -> fixture.eval(cast(DataTypes.INT, DataTypes.TINYINT), batch))
          .hasMessageContaining("[CAST_OVERFLOW] The value 300 of the type \"INT\" cannot be cast"
              + " to \"TINYINT\" due to an overflow");
      assertThat(fixture.eval(cast(DataTypes.INT, DataTypes.TINYINT), batch, fixture.legacy()))
          .containsExactly((byte) 44, (byte) -5, null);
      assertThat(fixture.eval(new Cast(column(0, DataTypes.INT), field(DataTypes.TINYINT), true),
          batch)).containsExactly(null, (byte) -5, null);
    }
  }

  @Test
  void doublesTruncateTowardZero() {
    try (ExprFixture fixture = new ExprFixture()) {
      ColumnarBatch batch = fixture.batch(DataTypes.DOUBLE, 1.9, -1.9, Double.NaN, 1e20);
      assertThatThrownBy(() -> fixture.eval(cast(DataTypes.DOUBLE, DataTypes.INT), batch))
          .hasMessageContaining("The value NaND of the type \"DOUBLE\" cannot be cast to \"INT\"");
      assertThat(fixture.eval(cast(DataTypes.DOUBLE, DataTypes.INT), batch, fixture.legacy()))
          .containsExactly(1, -1, 0, Integer.MAX_VALUE);
      assertThat(fixture.eval(cast(DataTypes.DOUBLE, DataTypes.BIGINT),
          fixture.select(batch, 0, 1))).containsExactly(1L, -1L);
    }
  }

  @Test
  void stringsToNumbers() {
    try (ExprFixture fixture = new ExprFixture()) {
      ColumnarBatch batch = fixture.batch(DataTypes.STRING, " 42 ", "-7", "abc", "1.9", null);
      assertThatThrownBy(() -> fixture.eval(cast(DataTypes.STRING, DataTypes.INT), batch))
          .hasMessageContaining("[CAST_INVALID_INPUT] The value 'abc' of the type \"STRING\""
              + " cannot be cast to \"INT\" because it is malformed");
      assertThat(fixture.eval(cast(DataTypes.STRING, DataTypes.INT), batch, fixture.legacy()))
          .containsExactly(42, -7, null, 1, null);
      assertThat(fixture.eval(cast(DataTypes.STRING, DataTypes.DOUBLE), batch, fixture.legacy()))
          .containsExactly(42.0, -7.0, null, 1.9, null);
      assertThat(fixture.eval(cast(DataTypes.STRING, DataTypes.decimal(4, 1)), batch,
          fixture.legacy())).containsExactly(new BigDecimal("42.0"), new BigDecimal("-7.0"), null,
          new BigDecimal("1.9"), null);
      ColumnarBatch specials = fixture.batch(DataTypes.STRING, "NaN", "-Infinity", "inf");
      assertThat(fixture.eval(cast(DataTypes.STRING, DataTypes.DOUBLE), specials))
          .containsExactly(Double.NaN, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }
  }

  @Test
  void stringsToBooleans() {
    try (ExprFixture fixture = new ExprFixture()) {
      ColumnarBatch batch = fixture.batch(DataTypes.STRING, "t", "YES", " 0 ", "no", "maybe");
      assertThat(fixture.eval(cast(DataTypes.STRING, DataTypes.BOOLEAN), batch, fixture.legacy()))
          .containsExactly(true, true, false, false, null);
      assertThat(fixture.eval(new Cast(column(0, DataTypes.STRING), field(DataTypes.BOOLEAN),
          true), fixture.select(batch, 4))).containsExactly((Object) null);
    }
  }

  @Test
  void stringsToDatesAndTimestamps() {
    try (ExprFixture fixture = new ExprFixture()) {
      ColumnarBatch batch = fixture.batch(DataTypes.STRING, "1970-01-02", "1969-12-31 23:59:59.5",
          "2020-03-01T10:15:30Z", "2020-3-1 10:15:30+01:00", "2020-02-30", " 2000 ");
      assertThat(fixture.eval(cast(DataTypes.STRING, DataTypes.DATE), batch, fixture.legacy()))
          .containsExactly(1, -1, 18322, 18322, null, 10957);
      assertThat(fixture.eval(cast(DataTypes.STRING, DataTypes.TIMESTAMP), batch,
          fixture.legacy())).containsExactly(86_400_000_000L, -500_000L,
          1_583_057_730_000_000L, 1_583_054_130_000_000L, null, 946_684_800_000_000L);
      // in a session zone of UTC+02:00, a time without a zone is two hours earlier in UTC
      assertThat(fixture.eval(cast(DataTypes.STRING, DataTypes.TIMESTAMP),
          fixture.select(batch, 0), fixture.context(SpateConfig.defaults()
              .with("spate.sql.session.timeZone", "+02:00"), 0L)))
          .containsExactly(86_400_000_000L - 7_200_000_000L);
    }
  }

  @Test
  void datesAndTimestampsAndLongs() {
    try (ExprFixture fixture = new ExprFixture()) {
      ColumnarBatch timestamps = fixture.batch(DataTypes.TIMESTAMP, -1L, 86_400_000_001L);
      assertThat(fixture.eval(cast(DataTypes.TIMESTAMP, DataTypes.DATE), timestamps))
          .containsExactly(-1, 1);
      assertThat(fixture.eval(cast(DataTypes.TIMESTAMP, DataTypes.BIGINT), timestamps))
          .containsExactly(-1L, 86_400L);
      assertThat(fixture.eval(cast(DataTypes.TIMESTAMP, DataTypes.STRING), timestamps))
          .containsExactly("1969-12-31 23:59:59.999999", "1970-01-02 00:00:00.000001");
      ColumnarBatch seconds = fixture.batch(DataTypes.BIGINT, -2L, 3L);
      assertThat(fixture.eval(cast(DataTypes.BIGINT, DataTypes.TIMESTAMP), seconds))
          .containsExactly(-2_000_000L, 3_000_000L);
      ColumnarBatch dates = fixture.batch(DataTypes.DATE, -1, 0);
      assertThat(fixture.eval(cast(DataTypes.DATE, DataTypes.TIMESTAMP), dates))
          .containsExactly(-86_400_000_000L, 0L);
      assertThat(fixture.eval(cast(DataTypes.DATE, DataTypes.STRING), dates))
          .containsExactly("1969-12-31", "1970-01-01");
    }
  }

  @Test
  void numbersToStrings() {
    try (ExprFixture fixture = new ExprFixture()) {
      ColumnarBatch doubles = fixture.batch(DataTypes.DOUBLE, 1e10, 0.1, Double.NaN,
          Double.NEGATIVE_INFINITY, -0.0, 100.0);
      assertThat(fixture.eval(cast(DataTypes.DOUBLE, DataTypes.STRING), doubles))
          .containsExactly("1.0E10", "0.1", "NaN", "-Infinity", "-0.0", "100.0");
      ColumnarBatch decimals = fixture.batch(DataTypes.decimal(10, 3), new BigDecimal("-1.500"));
      assertThat(fixture.eval(cast(DataTypes.decimal(10, 3), DataTypes.STRING), decimals))
          .containsExactly("-1.500");
      assertThat(fixture.eval(cast(DataTypes.decimal(10, 3), DataTypes.decimal(2, 0)), decimals))
          .containsExactly(new BigDecimal("-2"));
      assertThat(fixture.eval(cast(DataTypes.decimal(10, 3), DataTypes.INT), decimals))
          .containsExactly(-1);
      ColumnarBatch booleans = fixture.batch(DataTypes.BOOLEAN, true, false);
      assertThat(fixture.eval(cast(DataTypes.BOOLEAN, DataTypes.STRING), booleans))
          .containsExactly("true", "false");
      assertThat(fixture.eval(cast(DataTypes.BOOLEAN, DataTypes.INT), booleans))
          .containsExactly(1, 0);
    }
  }

  @Test
  void decimalPrecisionOverflow() {
    try (ExprFixture fixture = new ExprFixture()) {
      ColumnarBatch batch = fixture.batch(DataTypes.INT, 12345, 7);
      assertThatThrownBy(() -> fixture.eval(cast(DataTypes.INT, DataTypes.decimal(4, 1)), batch))
          .hasMessageContaining("[NUMERIC_VALUE_OUT_OF_RANGE]");
      assertThat(fixture.eval(cast(DataTypes.INT, DataTypes.decimal(4, 1)), batch,
          fixture.legacy())).containsExactly(null, new BigDecimal("7.0"));
      ColumnarBatch doubles = fixture.batch(DataTypes.DOUBLE, 2.25, -2.25);
      assertThat(fixture.eval(cast(DataTypes.DOUBLE, DataTypes.decimal(3, 1)), doubles))
          .containsExactly(new BigDecimal("2.3"), new BigDecimal("-2.3"));
    }
  }

  @Test
  void nestedValuesToStringsAndArraysElementwise() {
    try (ExprFixture fixture = new ExprFixture()) {
      Field struct = DataTypes.structOf("", List.of(DataTypes.field("a", DataTypes.INT, true),
          DataTypes.field("b", DataTypes.STRING, true)), true);
      ColumnarBatch structs = fixture.batch(struct, Arrays.asList(1, "x"), Arrays.asList(null, "y"));
      assertThat(fixture.eval(new Cast(column(0, struct), field(DataTypes.STRING)), structs))
          .containsExactly("{1, x}", "{null, y}");
      Field array = DataTypes.listOf("", DataTypes.field("element", DataTypes.INT, true), true);
      ColumnarBatch arrays = fixture.batch(array, Arrays.asList(1, 2), null, Arrays.asList(3, null));
      assertThat(fixture.eval(new Cast(column(0, array), field(DataTypes.STRING)), arrays))
          .containsExactly("[1, 2]", null, "[3, null]");
      Field longs = DataTypes.listOf("", DataTypes.field("element", DataTypes.BIGINT, true), true);
      assertThat(fixture.eval(new Cast(column(0, array), longs), arrays))
          .containsExactly(List.of(1L, 2L), null, Arrays.asList(3L, null));
    }
  }
}
