package dev.spate.planner.analysis;

import static dev.spate.planner.analysis.TypeCoercion.cast;

import dev.spate.SpateException;
import dev.spate.planner.expr.AggregateCall;
import dev.spate.planner.expr.Alias;
import dev.spate.planner.expr.Call;
import dev.spate.planner.expr.ColumnRef;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.expr.FunctionNames;
import dev.spate.planner.expr.Literal;
import dev.spate.planner.types.DataTypes;
import dev.spate.planner.types.DdlParser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * The built-in functions: checks argument counts and types, inserts Spark's implicit casts, and
 * computes result types with nullability. {@link #resolve} turns a name and resolved arguments into
 * a {@link Call} or {@link AggregateCall} whose arguments have exactly the expected types.
 *
 * <p>Canonical forms produced (what backends implement): operators by {@link FunctionNames};
 * {@code nvl}/{@code ifnull} become {@code coalesce}; {@code if(c, a, b)} becomes {@code
 * case_when(c, a, b)}; {@code substr} is {@code substring}; {@code power} is {@code pow}; {@code
 * ceiling} is {@code ceil}; {@code log(x)} is {@code ln(x)}; {@code concat} of arrays is {@code
 * array_concat}; {@code mean} is {@code avg}; {@code
 * day} is {@code dayofmonth}; {@code named_struct} and {@code struct} are {@code struct} (field
 * names in the result type). Defaults are made explicit: {@code round(x)} is {@code round(x, 0)},
 * {@code regexp_extract(s, r)} is {@code regexp_extract(s, r, 1)}, {@code split(s, r)} is {@code
 * split(s, r, -1)}. Integer division arguments are BIGINT; {@code /} on integral types computes in
 * DOUBLE; math functions ({@code sqrt exp ln log pow}) take DOUBLE; date parts take DATE ({@code
 * year month dayofmonth}) or TIMESTAMP ({@code hour minute second}); {@code date_format} takes a
 * TIMESTAMP and a STRING; {@code from_json} takes the string and the DDL as a STRING literal.
 */
public final class FunctionRegistry {
  /** Binds resolved arguments; {@code sql} is the call as written, for messages. */
  private interface Binder {
    Expression bind(List<Expression> arguments, boolean distinct, String sql);
  }

  private final Map<String, Binder> binders = new HashMap<>();
  private final boolean ansi;

  public FunctionRegistry(boolean ansi) {
    this.ansi = ansi;
    for (String name : List.of(FunctionNames.ADD, FunctionNames.SUBTRACT, FunctionNames.MULTIPLY,
        FunctionNames.DIVIDE, FunctionNames.REMAINDER, FunctionNames.INTEGRAL_DIVIDE)) {
      binders.put(name, (arguments, distinct, sql) -> arithmetic(name, arguments, sql));
    }
    binders.put(FunctionNames.NEGATIVE, (arguments, distinct, sql) -> unaryNumeric(
        FunctionNames.NEGATIVE, arguments, sql));
    binders.put("abs", (arguments, distinct, sql) -> unaryNumeric("abs", arguments, sql));
    for (String name : List.of(FunctionNames.EQUAL, FunctionNames.NOT_EQUAL,
        FunctionNames.LESS_THAN, FunctionNames.LESS_THAN_OR_EQUAL, FunctionNames.GREATER_THAN,
        FunctionNames.GREATER_THAN_OR_EQUAL, FunctionNames.EQUAL_NULL_SAFE)) {
      binders.put(name, (arguments, distinct, sql) -> comparison(name, arguments, sql));
    }
    for (String name : List.of(FunctionNames.AND, FunctionNames.OR, FunctionNames.NOT)) {
      binders.put(name, (arguments, distinct, sql) -> logical(name, arguments, sql));
    }
    for (String name : List.of(FunctionNames.IS_NULL, FunctionNames.IS_NOT_NULL, "isnan")) {
      binders.put(name, (arguments, distinct, sql) -> {
        checkCount(sql, arguments, 1, 1);
        List<Expression> bound = name.equals("isnan")
            ? List.of(expect(sql, arguments.get(0), DataTypes.DOUBLE, 1)) : arguments;
        return new Call(name, bound, DataTypes.field("", DataTypes.BOOLEAN, false));
      });
    }
    binders.put(FunctionNames.IN, FunctionRegistry::in);
    binders.put(FunctionNames.LIKE, (arguments, distinct, sql) -> strings(FunctionNames.LIKE,
        arguments, sql, 2, 2, DataTypes.BOOLEAN));
    binders.put("rlike", (arguments, distinct, sql) -> strings("rlike", arguments, sql, 2, 2,
        DataTypes.BOOLEAN));
    binders.put(FunctionNames.CASE_WHEN, FunctionRegistry::caseWhen);
    binders.put("if", (arguments, distinct, sql) -> {
      checkCount(sql, arguments, 3, 3);
      return caseWhen(arguments, false, sql);
    });
    binders.put(FunctionNames.COALESCE, FunctionRegistry::coalesce);
    binders.put("nvl", (arguments, distinct, sql) -> {
      checkCount(sql, arguments, 2, 2);
      return coalesce(arguments, false, sql);
    });
    binders.put("ifnull", binders.get("nvl"));
    binders.put(FunctionNames.GET_FIELD, FunctionRegistry::getField);
    binders.put(FunctionNames.GET_ITEM, FunctionRegistry::getItem);
    binders.put(FunctionNames.CURRENT_TIMESTAMP, (arguments, distinct, sql) -> niladic(
        FunctionNames.CURRENT_TIMESTAMP, arguments, sql, DataTypes.TIMESTAMP));
    binders.put(FunctionNames.CURRENT_DATE, (arguments, distinct, sql) -> niladic(
        FunctionNames.CURRENT_DATE, arguments, sql, DataTypes.DATE));
    binders.put("input_file_name", (arguments, distinct, sql) -> niladic("input_file_name",
        arguments, sql, DataTypes.STRING));
    registerStringFunctions();
    registerDateFunctions();
    registerMathFunctions();
    registerConstructors();
    registerAggregates();
  }

  private void registerStringFunctions() {
    binders.put("concat", (arguments, distinct, sql) -> arrays(arguments)
        ? concatArrays(arguments, sql)
        : strings("concat", arguments, sql, 0, Integer.MAX_VALUE, DataTypes.STRING));
    for (String name : List.of("lower", "upper", "trim", "ltrim", "rtrim")) {
      binders.put(name, (arguments, distinct, sql) -> strings(name, arguments, sql, 1, 1,
          DataTypes.STRING));
    }
    binders.put("lcase", binders.get("lower"));
    binders.put("ucase", binders.get("upper"));
    binders.put("length", (arguments, distinct, sql) -> {
      checkCount(sql, arguments, 1, 1);
      Expression value = arguments.get(0).dataType().getType() instanceof ArrowType.Binary
          ? arguments.get(0) : expect(sql, arguments.get(0), DataTypes.STRING, 1);
      return new Call("length", List.of(value), result(DataTypes.INT, arguments));
    });
    binders.put("char_length", binders.get("length"));
    binders.put("substring", (arguments, distinct, sql) -> {
      checkCount(sql, arguments, 2, 3);
      List<Expression> bound = new ArrayList<>();
      bound.add(expect(sql, arguments.get(0), DataTypes.STRING, 1));
      bound.add(expect(sql, arguments.get(1), DataTypes.INT, 2));
      bound.add(arguments.size() == 3 ? expect(sql, arguments.get(2), DataTypes.INT, 3)
          : Literal.ofInt(Integer.MAX_VALUE));
      return new Call("substring", bound, result(DataTypes.STRING, bound));
    });
    binders.put("substr", binders.get("substring"));
    binders.put("regexp_extract", (arguments, distinct, sql) -> {
      checkCount(sql, arguments, 2, 3);
      List<Expression> bound = List.of(expect(sql, arguments.get(0), DataTypes.STRING, 1),
          expect(sql, arguments.get(1), DataTypes.STRING, 2),
          arguments.size() == 3 ? expect(sql, arguments.get(2), DataTypes.INT, 3)
              : Literal.ofInt(1));
      return new Call("regexp_extract", bound, result(DataTypes.STRING, bound));
    });
    binders.put("split", (arguments, distinct, sql) -> {
      checkCount(sql, arguments, 2, 3);
      List<Expression> bound = List.of(expect(sql, arguments.get(0), DataTypes.STRING, 1),
          expect(sql, arguments.get(1), DataTypes.STRING, 2),
          arguments.size() == 3 ? expect(sql, arguments.get(2), DataTypes.INT, 3)
              : Literal.ofInt(-1));
      return new Call("split", bound, DataTypes.listOf("",
          DataTypes.field("element", DataTypes.STRING, false), anyNullable(bound)));
    });
  }

  private void registerDateFunctions() {
    for (String name : List.of("year", "month", "dayofmonth")) {
      binders.put(name, (arguments, distinct, sql) -> {
        checkCount(sql, arguments, 1, 1);
        Expression date = expect(sql, arguments.get(0), DataTypes.DATE, 1);
        return new Call(name, List.of(date), result(DataTypes.INT, List.of(date)));
      });
    }
    binders.put("day", binders.get("dayofmonth"));
    for (String name : List.of("hour", "minute", "second")) {
      binders.put(name, (arguments, distinct, sql) -> {
        checkCount(sql, arguments, 1, 1);
        Expression timestamp = expect(sql, arguments.get(0), DataTypes.TIMESTAMP, 1);
        return new Call(name, List.of(timestamp), result(DataTypes.INT, List.of(timestamp)));
      });
    }
    binders.put("date_format", (arguments, distinct, sql) -> {
      checkCount(sql, arguments, 2, 2);
      List<Expression> bound = List.of(expect(sql, arguments.get(0), DataTypes.TIMESTAMP, 1),
          expect(sql, arguments.get(1), DataTypes.STRING, 2));
      return new Call("date_format", bound, result(DataTypes.STRING, bound));
    });
    binders.put("to_timestamp", (arguments, distinct, sql) -> parseDateTime("to_timestamp",
        arguments, sql, DataTypes.TIMESTAMP));
    binders.put("to_date", (arguments, distinct, sql) -> parseDateTime("to_date", arguments, sql,
        DataTypes.DATE));
  }

  private Expression parseDateTime(String name, List<Expression> arguments, String sql,
      ArrowType type) {
    checkCount(sql, arguments, 1, 2);
    Expression value = arguments.get(0);
    ArrowType valueType = value.dataType().getType();
    if (arguments.size() == 1 && (TypeCoercion.isDateTime(valueType))) {
      return TypeCoercion.cast(value, type);
    }
    List<Expression> bound = new ArrayList<>();
    bound.add(expect(sql, value, DataTypes.STRING, 1));
    if (arguments.size() == 2) {
      bound.add(expect(sql, arguments.get(1), DataTypes.STRING, 2));
    }
    return new Call(name, bound, DataTypes.field("", type, true));
  }

  private void registerMathFunctions() {
    for (String name : List.of("sqrt", "exp", "ln", "log10", "log2")) {
      binders.put(name, (arguments, distinct, sql) -> doubles(name, arguments, sql, 1));
    }
    binders.put("log", (arguments, distinct, sql) -> arguments.size() == 1
        ? doubles("ln", arguments, sql, 1) : doubles("log", arguments, sql, 2));
    binders.put("pow", (arguments, distinct, sql) -> doubles("pow", arguments, sql, 2));
    binders.put("power", binders.get("pow"));
    for (String name : List.of("floor", "ceil")) {
      binders.put(name, (arguments, distinct, sql) -> floorOrCeil(name, arguments, sql));
    }
    binders.put("ceiling", binders.get("ceil"));
    binders.put("round", this::round);
  }

  private void registerConstructors() {
    binders.put("struct", (arguments, distinct, sql) -> {
      List<Field> fields = new ArrayList<>();
      List<Expression> values = new ArrayList<>();
      for (int index = 0; index < arguments.size(); index++) {
        Expression argument = arguments.get(index);
        Expression value = argument instanceof Alias ? ((Alias) argument).child() : argument;
        fields.add(DataTypes.rename(value.dataType(), structFieldName(argument, index)));
        values.add(value);
      }
      return new Call("struct", values, DataTypes.structOf("", fields, false));
    });
    binders.put("named_struct", (arguments, distinct, sql) -> {
      if (arguments.size() % 2 != 0) {
        throw SpateException.analysis("[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `named_struct`"
            + " requires an even number of parameters but the actual number is %d.",
            arguments.size());
      }
      List<Field> fields = new ArrayList<>();
      List<Expression> values = new ArrayList<>();
      for (int index = 0; index < arguments.size(); index += 2) {
        Expression name = arguments.get(index);
        if (!(name instanceof Literal) || !(((Literal) name).value() instanceof String)) {
          throw mismatch(sql, "Only foldable `STRING` expressions are allowed to appear at odd"
              + " position, but they are [" + name.sql() + "]");
        }
        Expression value = arguments.get(index + 1);
        fields.add(DataTypes.rename(value.dataType(), (String) ((Literal) name).value()));
        values.add(value);
      }
      return new Call("struct", values, DataTypes.structOf("", fields, false));
    });
    binders.put("array", (arguments, distinct, sql) -> {
      List<Field> types = new ArrayList<>();
      for (Expression argument : arguments) {
        types.add(argument.dataType());
      }
      Field element = arguments.isEmpty() ? DataTypes.field("", DataTypes.NULL, true)
          : TypeCoercion.commonType(types);
      if (element == null) {
        throw mismatch(sql, "The input should all be the same type, but it's "
            + typeList(arguments));
      }
      List<Expression> bound = new ArrayList<>();
      for (Expression argument : arguments) {
        bound.add(TypeCoercion.castTo(argument, element));
      }
      return new Call("array", bound, DataTypes.listOf("", element, false));
    });
    binders.put("map", (arguments, distinct, sql) -> {
      if (arguments.size() % 2 != 0) {
        throw SpateException.analysis("[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `map` requires an"
            + " even number of parameters but the actual number is %d.", arguments.size());
      }
      List<Field> keyTypes = new ArrayList<>();
      List<Field> valueTypes = new ArrayList<>();
      for (int index = 0; index < arguments.size(); index += 2) {
        keyTypes.add(arguments.get(index).dataType());
        valueTypes.add(arguments.get(index + 1).dataType());
      }
      Field key = keyTypes.isEmpty() ? DataTypes.field("", DataTypes.NULL, true)
          : TypeCoercion.commonType(keyTypes);
      Field value = valueTypes.isEmpty() ? DataTypes.field("", DataTypes.NULL, true)
          : TypeCoercion.commonType(valueTypes);
      if (key == null || value == null) {
        throw mismatch(sql, "The input keys and values should each be of one type, but they are "
            + typeList(arguments));
      }
      List<Expression> bound = new ArrayList<>();
      for (int index = 0; index < arguments.size(); index += 2) {
        bound.add(TypeCoercion.castTo(arguments.get(index), key));
        bound.add(TypeCoercion.castTo(arguments.get(index + 1), value));
      }
      return new Call("map", bound, DataTypes.mapOf("", key, DataTypes.withNullable(value, true),
          false));
    });
    binders.put("size", (arguments, distinct, sql) -> {
      checkCount(sql, arguments, 1, 1);
      ArrowType type = arguments.get(0).dataType().getType();
      if (!(type instanceof ArrowType.List) && !(type instanceof ArrowType.Map)) {
        throw mismatch(sql, "Parameter 1 requires the (\"ARRAY\" or \"MAP\") type, however \""
            + arguments.get(0).sql() + "\" has the type " + typeName(arguments.get(0)));
      }
      return new Call("size", arguments, DataTypes.field("", DataTypes.INT,
          ansi && arguments.get(0).nullable()));
    });
    binders.put("cardinality", binders.get("size"));
    binders.put("raise_error", (arguments, distinct, sql) -> {
      checkCount(sql, arguments, 1, 1);
      return new Call("raise_error", List.of(expect(sql, arguments.get(0), DataTypes.STRING, 1)),
          DataTypes.field("", DataTypes.NULL, true));
    });
    binders.put("repeat", (arguments, distinct, sql) -> {
      checkCount(sql, arguments, 2, 2);
      List<Expression> bound = List.of(expect(sql, arguments.get(0), DataTypes.STRING, 1),
          expect(sql, arguments.get(1), DataTypes.INT, 2));
      return new Call("repeat", bound, result(DataTypes.STRING, arguments));
    });
    binders.put("from_json", (arguments, distinct, sql) -> {
      checkCount(sql, arguments, 2, 2);
      Expression schema = arguments.get(1);
      if (!(schema instanceof Literal) || !(((Literal) schema).value() instanceof String)) {
        throw SpateException.analysis("[INVALID_SCHEMA.NON_STRING_LITERAL] The input schema %s"
            + " must be a STRING literal in %s.", schema.sql(), sql);
      }
      String ddl = (String) ((Literal) schema).value();
      Field type;
      try {
        type = DataTypes.structOf("", DdlParser.parseSchema(ddl).getFields(), true);
      } catch (SpateException schemaError) {
        type = DataTypes.withNullable(DdlParser.parseType(ddl), true);
      }
      return new Call("from_json", List.of(expect(sql, arguments.get(0), DataTypes.STRING, 1),
          schema), type);
    });
    binders.put("to_json", (arguments, distinct, sql) -> {
      checkCount(sql, arguments, 1, 1);
      if (arguments.get(0).dataType().getChildren().isEmpty()) {
        throw mismatch(sql, "Parameter 1 requires a STRUCT, MAP or ARRAY, but "
            + arguments.get(0).sql() + " has the type " + typeName(arguments.get(0)));
      }
      return new Call("to_json", arguments, result(DataTypes.STRING, arguments));
    });
  }

  private void registerAggregates() {
    for (String name : FunctionNames.AGGREGATES) {
      binders.put(name, (arguments, distinct, sql) -> aggregate(name.equals("mean") ? "avg" : name,
          arguments, distinct, sql));
    }
  }

  /** True for a name this registry knows (case-insensitive). */
  public boolean exists(String name) {
    return binders.containsKey(name.toLowerCase(Locale.ROOT));
  }

  /** True when {@code name} is an aggregate function. */
  public static boolean isAggregate(String name) {
    return FunctionNames.isAggregate(name.toLowerCase(Locale.ROOT));
  }

  /** Every function name, sorted. */
  public Set<String> names() {
    return new TreeSet<>(binders.keySet());
  }

  /**
   * Resolves a call of {@code name} with resolved {@code arguments}.
   *
   * @param sql the call as written, for error messages
   * @throws SpateException ANALYSIS for an unknown function, a wrong argument count or types
   */
  public Expression resolve(String name, List<Expression> arguments, boolean distinct, String sql) {
    Binder binder = binders.get(name.toLowerCase(Locale.ROOT));
    if (binder == null) {
      throw SpateException.analysis("[UNRESOLVED_ROUTINE] Cannot resolve routine `%s` on search"
          + " path [`system`.`builtin`, `system`.`session`].", name);
    }
    if (distinct && !isAggregate(name)) {
      throw SpateException.analysis("[INVALID_SQL_SYNTAX.FUNCTION_WITH_UNSUPPORTED_SYNTAX] The"
          + " function `%s` does not support DISTINCT.", name);
    }
    return binder.bind(arguments, distinct, sql);
  }

  private Expression arithmetic(String name, List<Expression> arguments, String sql) {
    Expression left = arguments.get(0);
    Expression right = arguments.get(1);
    ArrowType leftType = left.dataType().getType();
    ArrowType rightType = right.dataType().getType();
    if (TypeCoercion.isString(leftType) || TypeCoercion.isString(rightType)
        || TypeCoercion.isNull(leftType) || TypeCoercion.isNull(rightType)) {
      Field common = TypeCoercion.comparisonType(left.dataType(), right.dataType());
      if (common != null && DataTypes.isNumeric(common.getType())) {
        left = cast(left, common.getType());
        right = cast(right, common.getType());
        leftType = common.getType();
        rightType = leftType;
      } else if (common != null && TypeCoercion.isNull(common.getType())) {
        left = cast(left, DataTypes.DOUBLE);
        right = cast(right, DataTypes.DOUBLE);
        leftType = DataTypes.DOUBLE;
        rightType = DataTypes.DOUBLE;
      }
    }
    if (!DataTypes.isNumeric(leftType) || !DataTypes.isNumeric(rightType)) {
      throw SpateException.analysis("[DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES] Cannot resolve"
          + " \"%s\" due to data type mismatch: the left and right operands of the binary operator"
          + " have incompatible types (\"%s\" and \"%s\").", sql, typeName(left), typeName(right));
    }
    boolean nullable = left.nullable() || right.nullable();
    if (name.equals(FunctionNames.INTEGRAL_DIVIDE)) {
      ArrowType common = TypeCoercion.widerNumeric(leftType, rightType);
      ArrowType operand = DataTypes.isIntegral(common) ? DataTypes.BIGINT : common;
      return new Call(name, List.of(cast(left, operand), cast(right, operand)),
          DataTypes.field("", DataTypes.BIGINT, true));
    }
    boolean divides = name.equals(FunctionNames.DIVIDE) || name.equals(FunctionNames.REMAINDER);
    if (leftType instanceof ArrowType.Decimal || rightType instanceof ArrowType.Decimal) {
      if (!DataTypes.isFloating(leftType) && !DataTypes.isFloating(rightType)) {
        ArrowType.Decimal leftDecimal = TypeCoercion.decimalOf(leftType);
        ArrowType.Decimal rightDecimal = TypeCoercion.decimalOf(rightType);
        ArrowType type = decimalResult(name, leftDecimal, rightDecimal);
        return new Call(name, List.of(cast(left, leftDecimal), cast(right, rightDecimal)),
            DataTypes.field("", type, nullable || divides || !ansi));
      }
    }
    ArrowType common = TypeCoercion.widerNumeric(leftType, rightType);
    if (name.equals(FunctionNames.DIVIDE) && !DataTypes.isFloating(common)) {
      common = DataTypes.DOUBLE;
    }
    return new Call(name, List.of(cast(left, common), cast(right, common)),
        DataTypes.field("", common, nullable || divides));
  }

  /** Spark's decimal arithmetic result types (DecimalPrecision). */
  private static ArrowType decimalResult(String name, ArrowType.Decimal left,
      ArrowType.Decimal right) {
    int p1 = left.getPrecision();
    int s1 = left.getScale();
    int p2 = right.getPrecision();
    int s2 = right.getScale();
    switch (name) {
      case FunctionNames.ADD:
      case FunctionNames.SUBTRACT: {
        int scale = Math.max(s1, s2);
        return TypeCoercion.adjustedDecimal(Math.max(p1 - s1, p2 - s2) + scale + 1, scale);
      }
      case FunctionNames.MULTIPLY:
        return TypeCoercion.adjustedDecimal(p1 + p2 + 1, s1 + s2);
      case FunctionNames.DIVIDE: {
        int scale = Math.max(6, s1 + p2 + 1);
        return TypeCoercion.adjustedDecimal(p1 - s1 + s2 + scale, scale);
      }
      default: {
        int scale = Math.max(s1, s2);
        return TypeCoercion.adjustedDecimal(Math.min(p1 - s1, p2 - s2) + scale, scale);
      }
    }
  }

  private static Expression unaryNumeric(String name, List<Expression> arguments, String sql) {
    checkCount(sql, arguments, 1, 1);
    Expression value = arguments.get(0);
    ArrowType type = value.dataType().getType();
    if (TypeCoercion.isString(type) || TypeCoercion.isNull(type)) {
      value = cast(value, DataTypes.DOUBLE);
    } else if (!DataTypes.isNumeric(type)) {
      throw unexpectedType(sql, 1, "\"NUMERIC\"", value);
    }
    return new Call(name, List.of(value), value.dataType());
  }

  private static Expression comparison(String name, List<Expression> arguments, String sql) {
    Expression left = arguments.get(0);
    Expression right = arguments.get(1);
    Field common = TypeCoercion.comparisonType(left.dataType(), right.dataType());
    if (common == null || common.getType() instanceof ArrowType.Map) {
      throw SpateException.analysis("[DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES] Cannot resolve"
          + " \"%s\" due to data type mismatch: the left and right operands of the binary operator"
          + " have incompatible types (\"%s\" and \"%s\").", sql, typeName(left), typeName(right));
    }
    if (TypeCoercion.isNull(common.getType())) {
      common = DataTypes.field("", DataTypes.BOOLEAN, true);
    }
    boolean nullable = !name.equals(FunctionNames.EQUAL_NULL_SAFE)
        && (left.nullable() || right.nullable());
    return new Call(name, List.of(TypeCoercion.castTo(left, common),
        TypeCoercion.castTo(right, common)), DataTypes.field("", DataTypes.BOOLEAN, nullable));
  }

  private static Expression logical(String name, List<Expression> arguments, String sql) {
    List<Expression> bound = new ArrayList<>();
    for (int index = 0; index < arguments.size(); index++) {
      Expression argument = arguments.get(index);
      ArrowType type = argument.dataType().getType();
      if (!(type instanceof ArrowType.Bool) && !TypeCoercion.isNull(type)) {
        throw unexpectedType(sql, index + 1, "\"BOOLEAN\"", argument);
      }
      bound.add(cast(argument, DataTypes.BOOLEAN));
    }
    return new Call(name, bound, result(DataTypes.BOOLEAN, bound));
  }

  private static Expression in(List<Expression> arguments, boolean distinct, String sql) {
    Field common = arguments.get(0).dataType();
    for (int index = 1; index < arguments.size() && common != null; index++) {
      common = TypeCoercion.comparisonType(common, arguments.get(index).dataType());
    }
    if (common == null) {
      throw mismatch(sql, "Input to `in` should all be the same type, but it's "
          + typeList(arguments));
    }
    List<Expression> bound = new ArrayList<>();
    for (Expression argument : arguments) {
      bound.add(TypeCoercion.castTo(argument, common));
    }
    return new Call(FunctionNames.IN, bound, result(DataTypes.BOOLEAN, bound));
  }

  private static boolean arrays(List<Expression> arguments) {
    return !arguments.isEmpty() && arguments.stream()
        .allMatch(argument -> argument.dataType().getType() instanceof ArrowType.List);
  }

  /** {@code concat} of arrays: {@code array_concat} over arrays of one element type. */
  private static Expression concatArrays(List<Expression> arguments, String sql) {
    List<Field> elements = new ArrayList<>();
    for (Expression argument : arguments) {
      elements.add(argument.dataType().getChildren().get(0));
    }
    Field element = TypeCoercion.commonType(elements);
    if (element == null) {
      throw mismatch(sql, "The input should all be arrays of the same type, but it's "
          + typeList(arguments));
    }
    List<Expression> bound = new ArrayList<>();
    for (Expression argument : arguments) {
      bound.add(TypeCoercion.castTo(argument, DataTypes.listOf("", element,
          argument.nullable())));
    }
    return new Call("array_concat", bound, DataTypes.listOf("", element, anyNullable(bound)));
  }

  private static Expression strings(String name, List<Expression> arguments, String sql,
      int minimum, int maximum, ArrowType resultType) {
    checkCount(sql, arguments, minimum, maximum);
    List<Expression> bound = new ArrayList<>();
    for (int index = 0; index < arguments.size(); index++) {
      bound.add(expect(sql, arguments.get(index), DataTypes.STRING, index + 1));
    }
    return new Call(name, bound, result(resultType, bound));
  }

  private static Expression caseWhen(List<Expression> arguments, boolean distinct, String sql) {
    List<Field> valueTypes = new ArrayList<>();
    for (int index = 1; index < arguments.size(); index += 2) {
      valueTypes.add(arguments.get(index).dataType());
    }
    boolean hasElse = arguments.size() % 2 == 1;
    if (hasElse) {
      valueTypes.add(arguments.get(arguments.size() - 1).dataType());
    }
    Field common = TypeCoercion.commonType(valueTypes);
    if (common == null) {
      throw mismatch(sql, "Input to `casewhen` should all be the same type, but it's "
          + valueTypes.stream().map(t -> "\"" + DataTypes.sqlName(t).toUpperCase(Locale.ROOT)
              + "\"").reduce((a, b) -> a + ", " + b).orElse(""));
    }
    if (TypeCoercion.isNull(common.getType())) {
      common = DataTypes.field("", DataTypes.STRING, true);
    }
    List<Expression> bound = new ArrayList<>();
    boolean nullable = !hasElse;
    for (int index = 0; index + 1 < arguments.size(); index += 2) {
      Expression condition = arguments.get(index);
      ArrowType conditionType = condition.dataType().getType();
      if (!(conditionType instanceof ArrowType.Bool) && !TypeCoercion.isNull(conditionType)) {
        throw unexpectedType(sql, index + 1, "\"BOOLEAN\"", condition);
      }
      bound.add(cast(condition, DataTypes.BOOLEAN));
      Expression value = TypeCoercion.castTo(arguments.get(index + 1), common);
      nullable |= value.nullable();
      bound.add(value);
    }
    Expression otherwise = hasElse ? arguments.get(arguments.size() - 1) : Literal.nullOf(
        DataTypes.NULL);
    otherwise = TypeCoercion.castTo(otherwise, common);
    nullable |= otherwise.nullable();
    bound.add(otherwise);
    return new Call(FunctionNames.CASE_WHEN, bound, DataTypes.withNullable(
        DataTypes.rename(common, ""), nullable));
  }

  private static Expression coalesce(List<Expression> arguments, boolean distinct, String sql) {
    checkCount(sql, arguments, 1, Integer.MAX_VALUE);
    List<Field> types = new ArrayList<>();
    for (Expression argument : arguments) {
      types.add(argument.dataType());
    }
    Field common = TypeCoercion.commonType(types);
    if (common == null) {
      throw mismatch(sql, "Input to `coalesce` should all be the same type, but it's "
          + typeList(arguments));
    }
    List<Expression> bound = new ArrayList<>();
    boolean nullable = true;
    for (Expression argument : arguments) {
      Expression value = TypeCoercion.castTo(argument, common);
      nullable &= value.nullable();
      bound.add(value);
    }
    return new Call(FunctionNames.COALESCE, bound, DataTypes.withNullable(
        DataTypes.rename(common, ""), nullable));
  }

  private static Expression getField(List<Expression> arguments, boolean distinct, String sql) {
    checkCount(sql, arguments, 2, 2);
    Expression base = arguments.get(0);
    Expression name = arguments.get(1);
    if (!(name instanceof Literal) || !(((Literal) name).value() instanceof String)) {
      throw mismatch(sql, "the field name must be a STRING literal");
    }
    return ExpressionResolver.extractField(base, (String) ((Literal) name).value(), false);
  }

  private static Expression getItem(List<Expression> arguments, boolean distinct, String sql) {
    checkCount(sql, arguments, 2, 2);
    Expression base = arguments.get(0);
    Field type = base.dataType();
    if (type.getType() instanceof ArrowType.List) {
      Expression index = expect(sql, arguments.get(1), DataTypes.INT, 2);
      return new Call(FunctionNames.GET_ITEM, List.of(base, index),
          DataTypes.withNullable(DataTypes.rename(type.getChildren().get(0), ""), true));
    }
    if (type.getType() instanceof ArrowType.Map) {
      List<Field> entry = type.getChildren().get(0).getChildren();
      Expression key = TypeCoercion.castTo(arguments.get(1), entry.get(0));
      return new Call(FunctionNames.GET_ITEM, List.of(base, key),
          DataTypes.withNullable(DataTypes.rename(entry.get(1), ""), true));
    }
    throw SpateException.analysis("[INVALID_EXTRACT_BASE_FIELD_TYPE] Can't extract a value from"
        + " \"%s\". Need a complex type [STRUCT, ARRAY, MAP] but got \"%s\".", base.sql(),
        typeName(base));
  }

  private static Expression niladic(String name, List<Expression> arguments, String sql,
      ArrowType type) {
    checkCount(sql, arguments, 0, 0);
    return new Call(name, List.of(), DataTypes.field("", type, false));
  }

  private static Expression doubles(String name, List<Expression> arguments, String sql,
      int count) {
    checkCount(sql, arguments, count, count);
    List<Expression> bound = new ArrayList<>();
    for (int index = 0; index < arguments.size(); index++) {
      bound.add(expect(sql, arguments.get(index), DataTypes.DOUBLE, index + 1));
    }
    return new Call(name, bound, DataTypes.field("", DataTypes.DOUBLE, true));
  }

  private static Expression floorOrCeil(String name, List<Expression> arguments, String sql) {
    checkCount(sql, arguments, 1, 1);
    Expression value = arguments.get(0);
    ArrowType type = value.dataType().getType();
    if (type instanceof ArrowType.Decimal) {
      ArrowType.Decimal decimal = (ArrowType.Decimal) type;
      ArrowType resultType = DataTypes.decimal(
          Math.min(38, decimal.getPrecision() - decimal.getScale() + 1), 0);
      return new Call(name, List.of(value), result(resultType, List.of(value)));
    }
    Expression bound = DataTypes.isIntegral(type) ? cast(value, DataTypes.BIGINT)
        : expect(sql, value, DataTypes.DOUBLE, 1);
    return new Call(name, List.of(bound), result(DataTypes.BIGINT, List.of(bound)));
  }

  private Expression round(List<Expression> arguments, boolean distinct, String sql) {
    checkCount(sql, arguments, 1, 2);
    Expression value = arguments.get(0);
    ArrowType type = value.dataType().getType();
    if (TypeCoercion.isString(type) || TypeCoercion.isNull(type)) {
      value = cast(value, DataTypes.DOUBLE);
      type = DataTypes.DOUBLE;
    } else if (!DataTypes.isNumeric(type)) {
      throw unexpectedType(sql, 1, "\"NUMERIC\"", value);
    }
    Expression scale = arguments.size() == 2 ? arguments.get(1) : Literal.ofInt(0);
    if (!(scale instanceof Literal) || !DataTypes.isIntegral(scale.dataType().getType())) {
      throw mismatch(sql, "the scale of round must be an integer literal");
    }
    scale = cast(scale, DataTypes.INT);
    ArrowType resultType = type;
    if (type instanceof ArrowType.Decimal) {
      ArrowType.Decimal decimal = (ArrowType.Decimal) type;
      int newScale = Math.max(0, Math.min(decimal.getScale(),
          ((Number) ((Literal) scale).value()).intValue()));
      resultType = DataTypes.decimal(Math.min(38,
          decimal.getPrecision() - decimal.getScale() + newScale + 1), newScale);
    }
    return new Call("round", List.of(value, scale), result(resultType, List.of(value)));
  }

  private static Expression aggregate(String name, List<Expression> arguments, boolean distinct,
      String sql) {
    if (name.equals("count")) {
      if (arguments.size() > 1) {
        throw SpateException.analysis("[UNSUPPORTED_FEATURE] count with %d arguments (%s) is not"
            + " supported", arguments.size(), sql);
      }
      return new AggregateCall("count", arguments, distinct,
          DataTypes.field("", DataTypes.BIGINT, false));
    }
    if (name.equals("max_by") || name.equals("min_by")) {
      checkCount(sql, arguments, 2, 2);
      ArrowType ordering = arguments.get(1).dataType().getType();
      if (ordering.isComplex()) {
        throw unexpectedType(sql, 2, "an orderable atomic type", arguments.get(1));
      }
      return new AggregateCall(name, arguments, distinct,
          DataTypes.withNullable(DataTypes.rename(arguments.get(0).dataType(), ""), true));
    }
    boolean firstOrLast = name.equals("first") || name.equals("last");
    checkCount(sql, arguments, 1, firstOrLast ? 2 : 1);
    Expression value = arguments.get(0);
    ArrowType type = value.dataType().getType();
    if (arguments.size() == 2) {
      Expression ignoreNulls = arguments.get(1);
      if (!(ignoreNulls instanceof Literal) || ((Literal) ignoreNulls).isNull()
          || !(ignoreNulls.dataType().getType() instanceof ArrowType.Bool)) {
        throw unexpectedType(sql, 2, "\"BOOLEAN\" literal", ignoreNulls);
      }
      return new AggregateCall(name, arguments, distinct,
          DataTypes.withNullable(DataTypes.rename(value.dataType(), ""), true));
    }
    Field resultType;
    switch (name) {
      case "sum":
      case "avg": {
        if (TypeCoercion.isString(type) || TypeCoercion.isNull(type)) {
          value = cast(value, DataTypes.DOUBLE);
          type = DataTypes.DOUBLE;
        } else if (!DataTypes.isNumeric(type)) {
          throw unexpectedType(sql, 1, "\"NUMERIC\" or \"ANSI INTERVAL\"", value);
        }
        resultType = DataTypes.field("", name.equals("sum") ? sumType(type) : avgType(type), true);
        break;
      }
      default:
        if (type instanceof ArrowType.Map && (name.equals("min") || name.equals("max"))) {
          throw unexpectedType(sql, 1, "an orderable type", value);
        }
        resultType = DataTypes.withNullable(DataTypes.rename(value.dataType(), ""), true);
    }
    return new AggregateCall(name, List.of(value), distinct, resultType);
  }

  private static ArrowType sumType(ArrowType type) {
    if (DataTypes.isIntegral(type)) {
      return DataTypes.BIGINT;
    }
    if (type instanceof ArrowType.Decimal) {
      ArrowType.Decimal decimal = (ArrowType.Decimal) type;
      return DataTypes.decimal(Math.min(38, decimal.getPrecision() + 10), decimal.getScale());
    }
    return DataTypes.DOUBLE;
  }

  private static ArrowType avgType(ArrowType type) {
    if (type instanceof ArrowType.Decimal) {
      ArrowType.Decimal decimal = (ArrowType.Decimal) type;
      return DataTypes.decimal(Math.min(38, decimal.getPrecision() + 4),
          Math.min(38, decimal.getScale() + 4));
    }
    return DataTypes.DOUBLE;
  }

  /** Casts an argument to {@code type} where Spark would implicitly, else a type error. */
  private static Expression expect(String sql, Expression argument, ArrowType type, int position) {
    ArrowType actual = argument.dataType().getType();
    if (actual.equals(type)) {
      return argument;
    }
    boolean implicit = TypeCoercion.isNull(actual)
        || (argument.dataType().getChildren().isEmpty() && (type instanceof ArrowType.Utf8
            && !(actual instanceof ArrowType.Binary)))
        || (TypeCoercion.isString(actual) && !(type instanceof ArrowType.Bool))
        || (DataTypes.isNumeric(actual) && DataTypes.isNumeric(type))
        || (TypeCoercion.isDateTime(actual) && TypeCoercion.isDateTime(type));
    if (!implicit) {
      throw unexpectedType(sql, position,
          "\"" + DataTypes.sqlName(type).toUpperCase(Locale.ROOT) + "\"", argument);
    }
    return cast(argument, type);
  }

  private static Field result(ArrowType type, List<Expression> arguments) {
    return DataTypes.field("", type, anyNullable(arguments));
  }

  private static boolean anyNullable(List<Expression> arguments) {
    for (Expression argument : arguments) {
      if (argument.nullable()) {
        return true;
      }
    }
    return false;
  }

  private static String structFieldName(Expression argument, int index) {
    if (argument instanceof Alias) {
      return ((Alias) argument).name();
    }
    if (argument instanceof ColumnRef) {
      return ((ColumnRef) argument).name();
    }
    if (argument instanceof Call && ((Call) argument).name().equals(FunctionNames.GET_FIELD)) {
      return (String) ((Literal) ((Call) argument).argument(1)).value();
    }
    return "col" + (index + 1);
  }

  private static void checkCount(String sql, List<Expression> arguments, int minimum,
      int maximum) {
    if (arguments.size() < minimum || arguments.size() > maximum) {
      String expected = minimum == maximum ? String.valueOf(minimum)
          : maximum == Integer.MAX_VALUE ? "at least " + minimum : "[" + minimum + ", " + maximum
              + "]";
      String name = sql.contains("(") ? sql.substring(0, sql.indexOf('(')) : sql;
      throw SpateException.analysis("[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `%s` requires %s"
          + " parameters but the actual number is %d.", name, expected, arguments.size());
    }
  }

  static String typeName(Expression expression) {
    return DataTypes.sqlName(expression.dataType()).toUpperCase(Locale.ROOT);
  }

  private static String typeList(List<Expression> arguments) {
    List<String> names = new ArrayList<>();
    for (Expression argument : arguments) {
      names.add("\"" + typeName(argument) + "\"");
    }
    return "[" + String.join(", ", names) + "]";
  }

  private static SpateException unexpectedType(String sql, int position, String required,
      Expression argument) {
    return SpateException.analysis("[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve"
        + " \"%s\" due to data type mismatch: The %s parameter requires the %s type, however"
        + " \"%s\" has the type \"%s\".", sql, ordinal(position), required, argument.sql(),
        typeName(argument));
  }

  private static SpateException mismatch(String sql, String problem) {
    return SpateException.analysis("[DATATYPE_MISMATCH] Cannot resolve \"%s\" due to data type"
        + " mismatch: %s.", sql, problem);
  }

  private static String ordinal(int position) {
    switch (position) {
      case 1:
        return "first";
      case 2:
        return "second";
      case 3:
        return "third";
      default:
        return position + "th";
    }
  }
}
