package dev.spate.cpu.expr;

import static dev.spate.cpu.expr.ExprFixture.call;
import static dev.spate.cpu.expr.ExprFixture.column;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spate.SpateException;
import dev.spate.planner.batch.ColumnarBatch;
import dev.spate.planner.config.SpateConfig;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.expr.FunctionNames;
import dev.spate.planner.expr.Literal;
import dev.spate.planner.types.DataTypes;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.Test;

class FunctionsTest {
  private static final Expression S = column(0, DataTypes.STRING);

  @Test
  void unknownFunctionIsAPlanError() {
    assertThatThrownBy(() -> ExpressionEvaluator.compile(call("frobnicate", DataTypes.INT, S)))
        .isInstanceOf(SpateException.class)
        .hasMessageContaining("frobnicate")
        .satisfies(e -> assertThat(((SpateException) e).errorClass())
            .isEqualTo(SpateException.ErrorClass.PLAN));
  }

  @Test
  void stringFunctionsCountCharacters() {
    try (ExprFixture fixture = new ExprFixture()) {
      ColumnarBatch batch = fixture.batch(DataTypes.STRING, "héllo wörld", "  ab  ", null, "😀x");
      assertThat(fixture.eval(call("length", DataTypes.INT, S), batch))
          .containsExactly(11, 6, null, 2);
      assertThat(fixture.eval(call("upper", DataTypes.STRING, S), batch))
          .containsExactly("HÉLLO WÖRLD", "  AB  ", null, "😀X");
      assertThat(fixture.eval(call("trim", DataTypes.STRING, S), batch))
          .containsExactly("héllo wörld", "ab", null, "😀x");
      assertThat(fixture.eval(call("ltrim", DataTypes.STRING, S), batch).get(1)).isEqualTo("ab  ");
      assertThat(fixture.eval(call("substring", DataTypes.STRING, S, Literal.ofInt(2),
          Literal.ofInt(3)), batch)).containsExactly("éll", " ab", null, "x");
      assertThat(fixture.eval(call("substring", DataTypes.STRING, S, Literal.ofInt(-5)), batch))
          .containsExactly("wörld", "  ab  ".substring(1), null, "😀x");
      assertThat(fixture.eval(call("substr", DataTypes.STRING, S, Literal.ofInt(0),
          Literal.ofInt(2)), batch)).containsExactly("hé", "  ", null, "😀x");
      assertThat(fixture.eval(call("concat", DataTypes.STRING, S, Literal.ofString("!")), batch))
          .containsExactly("héllo wörld!", "  ab  !", null, "😀x!");
      assertThat(fixture.eval(call("concat_ws", DataTypes.STRING, Literal.ofString("-"), S,
          Literal.ofString("z")), batch)).containsExactly("héllo wörld-z", "  ab  -z", "z", "😀x-z");
    }
  }

  @Test
  void likeAndRegularExpressions() {
    try (ExprFixture fixture = new ExprFixture()) {
      ColumnarBatch batch = fixture.batch(DataTypes.STRING, "abc", "a_c", "xabcx", "a\nc", null);
      assertThat(fixture.eval(call(FunctionNames.LIKE, DataTypes.BOOLEAN, S,
          Literal.ofString("a_c")), batch)).containsExactly(true, true, false, true, null);
      assertThat(fixture.eval(call(FunctionNames.LIKE, DataTypes.BOOLEAN, S,
          Literal.ofString("a\\_c")), batch)).containsExactly(false, true, false, false, null);
      assertThat(fixture.eval(call(FunctionNames.LIKE, DataTypes.BOOLEAN, S,
          Literal.ofString("%b%")), batch)).containsExactly(true, false, true, false, null);
      assertThat(fixture.eval(call("regexp_extract", DataTypes.STRING, S,
          Literal.ofString("(a)(.)c"), Literal.ofInt(2)), batch))
          .containsExactly("b", "_", "b", "", null);
      Field strings = DataTypes.listOf("", DataTypes.field("element", DataTypes.STRING, true), true);
      ColumnarBatch csv = fixture.batch(DataTypes.STRING, "a,b,,", "");
      assertThat(fixture.eval(call("split", strings, S, Literal.ofString(",")), csv))
          .containsExactly(List.of("a", "b", "", ""), List.of(""));
      assertThat(fixture.eval(call("split", strings, S, Literal.ofString(","), Literal.ofInt(2)),
          csv)).containsExactly(List.of("a", "b,,"), List.of(""));
    }
  }

  @Test
  void dateTimeFieldsInTheSessionZone() {
    try (ExprFixture fixture = new ExprFixture()) {
      // 1969-12-31 23:30:15.25 UTC
      ColumnarBatch batch = fixture.batch(DataTypes.TIMESTAMP, -1_784_750_000L, null);
      Expression ts = column(0, DataTypes.TIMESTAMP);
      assertThat(fixture.eval(call("year", DataTypes.INT, ts), batch)).containsExactly(1969, null);
      assertThat(fixture.eval(call("hour", DataTypes.INT, ts), batch)).containsExactly(23, null);
      assertThat(fixture.eval(call("minute", DataTypes.INT, ts), batch)).containsExactly(30, null);
      assertThat(fixture.eval(call("second", DataTypes.INT, ts), batch)).containsExactly(15, null);
      SpateConfig tokyo = SpateConfig.defaults().with("spate.sql.session.timeZone", "Asia/Tokyo");
      assertThat(fixture.eval(call("dayofmonth", DataTypes.INT, ts), batch,
          fixture.context(tokyo, 0L))).containsExactly(1, null);
      assertThat(fixture.eval(call("date_format", DataTypes.STRING, ts,
          Literal.ofString("yyyy/MM/dd HH:mm")), batch)).containsExactly("1969/12/31 23:30", null);
      ColumnarBatch dates = fixture.batch(DataTypes.DATE, -365, 59);
      assertThat(fixture.eval(call("month", DataTypes.INT, column(0, DataTypes.DATE)), dates))
          .containsExactly(1, 3);
    }
  }

  @Test
  void parsingAndCurrentTime() {
    try (ExprFixture fixture = new ExprFixture()) {
      ColumnarBatch batch = fixture.batch(DataTypes.STRING, "01/02/1970 00:00", "bad");
      Expression parse = call("to_timestamp", DataTypes.TIMESTAMP, S,
          Literal.ofString("dd/MM/yyyy HH:mm"));
      assertThat(fixture.eval(parse, batch, fixture.legacy()))
          .containsExactly(31 * 86_400_000_000L, null);
      assertThatThrownBy(() -> fixture.eval(parse, batch))
          .hasMessageContaining("[CANNOT_PARSE_TIMESTAMP] Text 'bad'");
      assertThat(fixture.eval(call("to_date", DataTypes.DATE, S), fixture.batch(DataTypes.STRING,
          "1970-01-03 10:00:00"))).containsExactly(2);
      ColumnarBatch any = fixture.batch(DataTypes.INT, 1);
      assertThat(fixture.eval(call(FunctionNames.CURRENT_TIMESTAMP, DataTypes.TIMESTAMP), any,
          fixture.context(SpateConfig.defaults(), 123L))).containsExactly(123L);
      assertThat(fixture.eval(call(FunctionNames.CURRENT_DATE, DataTypes.DATE), any,
          fixture.context(SpateConfig.defaults(), -1L))).containsExactly(-1);
    }
  }

  @Test
  void mathFunctions() {
    try (ExprFixture fixture = new ExprFixture()) {
      ColumnarBatch batch = fixture.batch(DataTypes.DOUBLE, 2.5, -2.5, 0.0, null, 1.005);
      Expression x = column(0, DataTypes.DOUBLE);
      assertThat(fixture.eval(call("round", DataTypes.DOUBLE, x), batch))
          .containsExactly(3.0, -3.0, 0.0, null, 1.0);
      assertThat(fixture.eval(call("round", DataTypes.DOUBLE, x, Literal.ofInt(2)), batch))
          .containsExactly(2.5, -2.5, 0.0, null, 1.01);
      assertThat(fixture.eval(call("floor", DataTypes.BIGINT, x), batch))
          .containsExactly(2L, -3L, 0L, null, 1L);
      assertThat(fixture.eval(call("ceil", DataTypes.BIGINT, x), batch))
          .containsExactly(3L, -2L, 0L, null, 2L);
      assertThat(fixture.eval(call("log", DataTypes.DOUBLE, x), batch).subList(1, 4))
          .containsExactly(null, null, null);
      assertThat(fixture.eval(call("log", DataTypes.DOUBLE, Literal.ofDouble(2), x),
          fixture.batch(DataTypes.DOUBLE, 8.0))).containsExactly(3.0);
      assertThat(fixture.eval(call("sqrt", DataTypes.DOUBLE, x), batch).get(0))
          .isEqualTo(Math.sqrt(2.5));
      assertThat(fixture.eval(call("pow", DataTypes.DOUBLE, x, Literal.ofDouble(2)), batch)
          .get(1)).isEqualTo(6.25);
      ColumnarBatch decimals = fixture.batch(DataTypes.decimal(5, 3), new BigDecimal("1.235"));
      assertThat(fixture.eval(call("round", DataTypes.decimal(4, 2),
          column(0, DataTypes.decimal(5, 3)), Literal.ofInt(2)), decimals))
          .containsExactly(new BigDecimal("1.24"));
    }
  }

  @Test
  void structsArraysAndMaps() {
    try (ExprFixture fixture = new ExprFixture()) {
      Field struct = DataTypes.structOf("", List.of(DataTypes.field("a", DataTypes.INT, true),
          DataTypes.field("b", DataTypes.STRING, true)), true);
      ColumnarBatch structs = fixture.batch(struct, Arrays.asList(1, "x"), null);
      assertThat(fixture.eval(call(FunctionNames.GET_FIELD, DataTypes.STRING, column(0, struct),
          Literal.ofString("b")), structs)).containsExactly("x", null);
      Field array = DataTypes.listOf("", DataTypes.field("element", DataTypes.INT, true), true);
      ColumnarBatch arrays = fixture.batch(array, List.of(10, 20), List.of());
      Expression second = call(FunctionNames.GET_ITEM, DataTypes.INT, column(0, array),
          Literal.ofInt(1));
      assertThat(fixture.eval(second, arrays, fixture.legacy())).containsExactly(20, null);
      assertThatThrownBy(() -> fixture.eval(second, arrays))
          .hasMessageContaining("[INVALID_ARRAY_INDEX] The index 1 is out of bounds. The array"
              + " has 0 elements.");
      Field map = DataTypes.mapOf("", DataTypes.field("key", DataTypes.STRING, false),
          DataTypes.field("value", DataTypes.BIGINT, true), true);
      ColumnarBatch maps = fixture.batch(map, Map.of("k", 5L), Map.of());
      assertThat(fixture.eval(call(FunctionNames.GET_ITEM, DataTypes.BIGINT, column(0, map),
          Literal.ofString("k")), maps)).containsExactly(5L, null);
      ColumnarBatch rows = fixture.batch(DataTypes.INT, 7, null);
      assertThat(fixture.eval(call("named_struct", struct, Literal.ofString("a"),
          column(0, DataTypes.INT), Literal.ofString("b"), Literal.ofString("s")), rows))
          .containsExactly(Arrays.asList(7, "s"), Arrays.asList(null, "s"));
      assertThat(fixture.eval(call("array", array, column(0, DataTypes.INT), Literal.ofInt(1)),
          rows)).containsExactly(List.of(7, 1), Arrays.asList(null, 1));
    }
  }

  @Test
  void jsonRoundTrip() {
    try (ExprFixture fixture = new ExprFixture()) {
      Field struct = DataTypes.structOf("", List.of(DataTypes.field("id", DataTypes.BIGINT, true),
          DataTypes.listOf("tags", DataTypes.field("element", DataTypes.STRING, true), true)),
          true);
      ColumnarBatch batch = fixture.batch(DataTypes.STRING, "{\"id\": 3, \"tags\": [\"a\"]}",
          "{\"id\": ", "{\"tags\": null}", null);
      Expression parsed = call("from_json", struct, S,
          Literal.ofString("id BIGINT, tags ARRAY<STRING>"));
      // Malformed input gives a struct of NULLs in PERMISSIVE mode (Spark 3.0 and later)
      assertThat(fixture.eval(parsed, batch)).containsExactly(Arrays.asList(3L, List.of("a")),
          Arrays.asList(null, null), Arrays.asList(null, null), null);
      assertThat(fixture.eval(call("to_json", DataTypes.STRING, parsed), batch))
          .containsExactly("{\"id\":3,\"tags\":[\"a\"]}", "{}", "{}", null);
    }
  }
}
