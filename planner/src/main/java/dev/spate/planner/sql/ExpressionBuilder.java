package dev.spate.planner.sql;

import dev.spate.SpateException;
import dev.spate.planner.expr.Alias;
import dev.spate.planner.expr.Cast;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.expr.FunctionNames;
import dev.spate.planner.expr.Literal;
import dev.spate.planner.expr.Star;
import dev.spate.planner.expr.UnresolvedColumn;
import dev.spate.planner.expr.UnresolvedFunction;
import dev.spate.planner.types.DataTypes;
import dev.spate.planner.types.DdlParser;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import net.sf.jsqlparser.expression.ArrayExpression;
import net.sf.jsqlparser.expression.BinaryExpression;
import net.sf.jsqlparser.expression.BooleanValue;
import net.sf.jsqlparser.expression.CaseExpression;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.HexValue;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NotExpression;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.StructType;
import net.sf.jsqlparser.expression.TimeKeyExpression;
import net.sf.jsqlparser.expression.TrimFunction;
import net.sf.jsqlparser.expression.WhenClause;
import net.sf.jsqlparser.expression.operators.arithmetic.Addition;
import net.sf.jsqlparser.expression.operators.arithmetic.Concat;
import net.sf.jsqlparser.expression.operators.arithmetic.Division;
import net.sf.jsqlparser.expression.operators.arithmetic.IntegerDivision;
import net.sf.jsqlparser.expression.operators.arithmetic.Modulo;
import net.sf.jsqlparser.expression.operators.arithmetic.Multiplication;
import net.sf.jsqlparser.expression.operators.arithmetic.Subtraction;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.relational.Between;
import net.sf.jsqlparser.expression.operators.relational.CosineSimilarity;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.GreaterThan;
import net.sf.jsqlparser.expression.operators.relational.GreaterThanEquals;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.IsNullExpression;
import net.sf.jsqlparser.expression.operators.relational.LikeExpression;
import net.sf.jsqlparser.expression.operators.relational.MinorThan;
import net.sf.jsqlparser.expression.operators.relational.MinorThanEquals;
import net.sf.jsqlparser.expression.operators.relational.NotEqualsTo;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.SelectItem;

/**
 * Converts JSqlParser expressions into Spate's unresolved {@link Expression}s: operators become
 * {@link UnresolvedFunction}s with the canonical names of {@link FunctionNames}, literals get
 * Spark's types (integers INT, or BIGINT or DECIMAL when too large; {@code 1.5} DECIMAL; {@code
 * 1.5e0} DOUBLE). Anything else is an ANALYSIS error naming the construct.
 */
final class ExpressionBuilder {
  private ExpressionBuilder() {}

  static Expression build(net.sf.jsqlparser.expression.Expression expression) {
    if (expression instanceof Column) {
      return column((Column) expression);
    }
    if (expression instanceof LongValue) {
      return integer(((LongValue) expression).getBigIntegerValue());
    }
    if (expression instanceof DoubleValue) {
      return decimalOrDouble(expression.toString());
    }
    if (expression instanceof StringValue) {
      return Literal.ofString(unescape(((StringValue) expression).getValue()));
    }
    if (expression instanceof NullValue) {
      return Literal.nullOf(DataTypes.NULL);
    }
    if (expression instanceof BooleanValue) {
      return Literal.ofBoolean(((BooleanValue) expression).getValue());
    }
    if (expression instanceof HexValue) {
      return hex(((HexValue) expression).getValue());
    }
    if (expression instanceof ExpressionList) {
      List<?> items = (ExpressionList<?>) expression;
      if (items.size() == 1) {
        return build((net.sf.jsqlparser.expression.Expression) items.get(0));
      }
      throw unsupported("a row value " + expression);
    }
    if (expression instanceof SignedExpression) {
      return signed((SignedExpression) expression);
    }
    if (expression instanceof NotExpression) {
      return call(FunctionNames.NOT, build(((NotExpression) expression).getExpression()));
    }
    if (expression instanceof LikeExpression) {
      LikeExpression like = (LikeExpression) expression;
      Expression result = call(likeName(like), build(like.getLeftExpression()),
          build(like.getRightExpression()));
      return like.isNot() ? call(FunctionNames.NOT, result) : result;
    }
    if (expression instanceof BinaryExpression) {
      return binary((BinaryExpression) expression);
    }
    if (expression instanceof IsNullExpression) {
      IsNullExpression isNull = (IsNullExpression) expression;
      return call(isNull.isNot() ? FunctionNames.IS_NOT_NULL : FunctionNames.IS_NULL,
          build(isNull.getLeftExpression()));
    }
    if (expression instanceof InExpression) {
      return in((InExpression) expression);
    }
    if (expression instanceof Between) {
      Between between = (Between) expression;
      Expression value = build(between.getLeftExpression());
      Expression range = call(FunctionNames.AND,
          call(FunctionNames.GREATER_THAN_OR_EQUAL, value, build(between.getBetweenExpressionStart())),
          call(FunctionNames.LESS_THAN_OR_EQUAL, value, build(between.getBetweenExpressionEnd())));
      return between.isNot() ? call(FunctionNames.NOT, range) : range;
    }
    if (expression instanceof CaseExpression) {
      return caseWhen((CaseExpression) expression);
    }
    if (expression instanceof CastExpression) {
      return cast((CastExpression) expression);
    }
    if (expression instanceof Function) {
      return function((Function) expression);
    }
    if (expression instanceof TimeKeyExpression) {
      String name = ((TimeKeyExpression) expression).getStringValue().toLowerCase(Locale.ROOT)
          .replace("()", "").trim();
      if (name.equals(FunctionNames.CURRENT_TIMESTAMP) || name.equals(FunctionNames.CURRENT_DATE)) {
        return new UnresolvedFunction(name, List.of(), false);
      }
      throw unsupported(name);
    }
    if (expression instanceof ArrayExpression) {
      ArrayExpression item = (ArrayExpression) expression;
      if (item.getIndexExpression() == null) {
        throw unsupported("array slicing " + expression);
      }
      return call(FunctionNames.GET_ITEM, build(item.getObjExpression()),
          build(item.getIndexExpression()));
    }
    if (expression instanceof TrimFunction) {
      TrimFunction trim = (TrimFunction) expression;
      if (trim.getTrimSpecification() != null || trim.getFromExpression() != null) {
        throw unsupported("TRIM with BOTH/LEADING/TRAILING or FROM");
      }
      return call("trim", build(trim.getExpression()));
    }
    if (expression instanceof AllColumns) {
      return new Star(null);
    }
    if (expression instanceof StructType && ((StructType) expression).getArguments() != null) {
      List<Expression> fields = new ArrayList<>();
      for (SelectItem<?> item : ((StructType) expression).getArguments()) {
        fields.add(aliased(item.getExpression(), item.getAlias()));
      }
      return new UnresolvedFunction("struct", fields, false);
    }
    throw unsupported(describe(expression));
  }

  /** Builds a select item or DataFrame expression that may carry an {@code AS} alias. */
  static Expression aliased(net.sf.jsqlparser.expression.Expression expression,
      net.sf.jsqlparser.expression.Alias alias) {
    Expression built = build(expression);
    return alias == null ? built : new Alias(built, unquote(alias.getName()));
  }

  private static Expression column(Column column) {
    String name = column.getColumnName();
    if (column.getTable() == null && name.startsWith("\"")) {
      return Literal.ofString(unescape(name.substring(1, name.length() - 1)));
    }
    List<String> parts = new ArrayList<>();
    if (column.getTable() != null) {
      List<String> tableParts = column.getTable().getNameParts();
      for (int index = tableParts.size() - 1; index >= 0; index--) {
        if (tableParts.get(index) != null) {
          parts.add(unquote(tableParts.get(index)));
        }
      }
    }
    parts.add(unquote(name));
    Expression result = new UnresolvedColumn(parts);
    if (column.getArrayConstructor() != null) {
      for (Object index : column.getArrayConstructor().getExpressions()) {
        result = call(FunctionNames.GET_ITEM, result,
            build((net.sf.jsqlparser.expression.Expression) index));
      }
    }
    return result;
  }

  private static Expression integer(BigInteger value) {
    if (value.bitLength() < 32) {
      return Literal.ofInt(value.intValue());
    }
    if (value.bitLength() < 64) {
      return Literal.ofLong(value.longValue());
    }
    return decimalLiteral(new BigDecimal(value));
  }

  private static Expression decimalOrDouble(String text) {
    if (text.indexOf('e') >= 0 || text.indexOf('E') >= 0) {
      return Literal.ofDouble(Double.parseDouble(text));
    }
    return decimalLiteral(new BigDecimal(text));
  }

  private static Expression decimalLiteral(BigDecimal value) {
    if (Math.max(value.precision(), value.scale()) > 38) {
      throw SpateException.analysis("[NUMERIC_OUT_OF_SUPPORTED_RANGE] The value %s cannot be"
          + " interpreted as a numeric since it has more than 38 digits.", value.toPlainString());
    }
    return Literal.ofDecimal(value);
  }

  private static Expression hex(String text) {
    // JSqlParser hands over X'..' with its quotes, and inside CAST with trailing characters
    int open = text.indexOf('\'');
    int close = text.indexOf('\'', open + 1);
    String digits = open < 0 || close < 0 ? text : text.substring(open + 1, close);
    try {
      return Literal.of(HexFormat.of().parseHex(digits.length() % 2 == 0 ? digits : "0" + digits),
          DataTypes.BINARY);
    } catch (IllegalArgumentException e) {
      throw SpateException.analysis("[INVALID_TYPED_LITERAL] The value of the typed literal"
          + " \"X\" is invalid: '%s'.", digits);
    }
  }

  private static Expression signed(SignedExpression signed) {
    Expression child = build(signed.getExpression());
    switch (signed.getSign()) {
      case '+':
        return child;
      case '-':
        return negate(child);
      default:
        throw unsupported("the operator " + signed.getSign());
    }
  }

  private static Expression negate(Expression child) {
    if (child instanceof Literal && !((Literal) child).isNull()) {
      Object value = ((Literal) child).value();
      if (value instanceof Integer) {
        return Literal.ofInt(-(Integer) value);
      }
      if (value instanceof Long) {
        long negated = -(Long) value;
        return negated == Integer.MIN_VALUE ? Literal.ofInt((int) negated) : Literal.ofLong(negated);
      }
      if (value instanceof BigDecimal) {
        BigDecimal negated = ((BigDecimal) value).negate();
        if (negated.scale() == 0 && negated.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) == 0) {
          return Literal.ofLong(Long.MIN_VALUE);
        }
        return Literal.ofDecimal(negated);
      }
      if (value instanceof Double) {
        return Literal.ofDouble(-(Double) value);
      }
    }
    return call(FunctionNames.NEGATIVE, child);
  }

  private static Expression binary(BinaryExpression binary) {
    String name = binaryName(binary);
    if (name == null) {
      throw unsupported("the operator " + binary.getStringExpression());
    }
    return call(name, build(binary.getLeftExpression()), build(binary.getRightExpression()));
  }

  private static String binaryName(BinaryExpression binary) {
    if (binary instanceof Addition) {
      return FunctionNames.ADD;
    }
    if (binary instanceof Subtraction) {
      return FunctionNames.SUBTRACT;
    }
    if (binary instanceof Multiplication) {
      return FunctionNames.MULTIPLY;
    }
    if (binary instanceof Division) {
      return FunctionNames.DIVIDE;
    }
    if (binary instanceof IntegerDivision) {
      return FunctionNames.INTEGRAL_DIVIDE;
    }
    if (binary instanceof Modulo) {
      return FunctionNames.REMAINDER;
    }
    if (binary instanceof EqualsTo) {
      return FunctionNames.EQUAL;
    }
    if (binary instanceof NotEqualsTo) {
      return FunctionNames.NOT_EQUAL;
    }
    if (binary instanceof GreaterThan) {
      return FunctionNames.GREATER_THAN;
    }
    if (binary instanceof GreaterThanEquals) {
      return FunctionNames.GREATER_THAN_OR_EQUAL;
    }
    if (binary instanceof MinorThan) {
      return FunctionNames.LESS_THAN;
    }
    if (binary instanceof MinorThanEquals) {
      return FunctionNames.LESS_THAN_OR_EQUAL;
    }
    if (binary instanceof CosineSimilarity) {
      return FunctionNames.EQUAL_NULL_SAFE;
    }
    if (binary instanceof AndExpression) {
      return FunctionNames.AND;
    }
    if (binary instanceof OrExpression) {
      return FunctionNames.OR;
    }
    if (binary instanceof Concat) {
      return "concat";
    }
    return null;
  }

  private static String likeName(LikeExpression like) {
    if (like.getEscape() != null) {
      throw unsupported("LIKE ... ESCAPE");
    }
    switch (like.getLikeKeyWord()) {
      case LIKE:
        return FunctionNames.LIKE;
      case RLIKE:
      case REGEXP:
        return "rlike";
      default:
        throw unsupported("the operator " + like.getLikeKeyWord());
    }
  }

  private static Expression in(InExpression in) {
    if (!(in.getRightExpression() instanceof ExpressionList)) {
      throw unsupported("IN with a sub-query");
    }
    List<Expression> arguments = new ArrayList<>();
    arguments.add(build(in.getLeftExpression()));
    for (Object item : (ExpressionList<?>) in.getRightExpression()) {
      arguments.add(build((net.sf.jsqlparser.expression.Expression) item));
    }
    Expression result = new UnresolvedFunction(FunctionNames.IN, arguments, false);
    return in.isNot() ? call(FunctionNames.NOT, result) : result;
  }

  private static Expression caseWhen(CaseExpression caseExpression) {
    Expression switchValue = caseExpression.getSwitchExpression() == null ? null
        : build(caseExpression.getSwitchExpression());
    List<Expression> arguments = new ArrayList<>();
    for (WhenClause when : caseExpression.getWhenClauses()) {
      Expression condition = build(when.getWhenExpression());
      arguments.add(switchValue == null ? condition
          : call(FunctionNames.EQUAL, switchValue, condition));
      arguments.add(build(when.getThenExpression()));
    }
    arguments.add(caseExpression.getElseExpression() == null ? Literal.nullOf(DataTypes.NULL)
        : build(caseExpression.getElseExpression()));
    return new UnresolvedFunction(FunctionNames.CASE_WHEN, arguments, false);
  }

  private static Expression cast(CastExpression cast) {
    String keyword = cast.keyword == null ? "CAST" : cast.keyword.toUpperCase(Locale.ROOT);
    if (cast.isImplicitCast()) {
      return typedLiteral(cast);
    }
    if (!keyword.equals("CAST") && !keyword.equals("TRY_CAST")) {
      throw unsupported(keyword);
    }
    return new Cast(build(cast.getLeftExpression()),
        DdlParser.parseType(cast.getColDataType().toString()), keyword.equals("TRY_CAST"));
  }

  private static Expression typedLiteral(CastExpression cast) {
    String typeName = cast.getColDataType().getDataType().toUpperCase(Locale.ROOT);
    if (!(cast.getLeftExpression() instanceof StringValue)) {
      throw unsupported("the typed literal " + cast);
    }
    String text = ((StringValue) cast.getLeftExpression()).getValue().trim();
    try {
      switch (typeName) {
        case "DATE":
          return Literal.of((int) LocalDate.parse(text).toEpochDay(), DataTypes.DATE);
        case "TIMESTAMP":
          return Literal.of(timestampMicros(text), DataTypes.TIMESTAMP);
        default:
          throw unsupported("the typed literal " + typeName);
      }
    } catch (DateTimeParseException e) {
      throw SpateException.analysis("[INVALID_TYPED_LITERAL] The value of the typed literal \"%s\""
          + " is invalid: '%s'.", typeName, text);
    }
  }

  /** Parses {@code yyyy-MM-dd[ HH:mm:ss[.f]]} or ISO-8601 with an optional offset, as UTC micros. */
  static long timestampMicros(String text) {
    String iso = text.replace(' ', 'T');
    java.time.Instant instant;
    if (iso.length() == 10) {
      instant = LocalDate.parse(iso).atStartOfDay().toInstant(java.time.ZoneOffset.UTC);
    } else if (iso.endsWith("Z") || iso.matches(".*[+-]\\d\\d:?\\d\\d$")) {
      instant = OffsetDateTime.parse(iso).toInstant();
    } else {
      instant = LocalDateTime.parse(iso).toInstant(java.time.ZoneOffset.UTC);
    }
    return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L),
        instant.getNano() / 1000);
  }

  private static Expression function(Function function) {
    if (function.getMultipartName() != null && function.getMultipartName().size() > 1) {
      throw unsupported("the qualified function name " + function.getName());
    }
    if (function.isIgnoreNulls() || function.getKeep() != null
        || function.getOrderByElements() != null || function.getHavingClause() != null) {
      throw unsupported("the function call " + function);
    }
    String name = unquote(function.getName()).toLowerCase(Locale.ROOT);
    List<Expression> arguments = new ArrayList<>();
    if (function.isAllColumns()) {
      arguments.add(new Star(null));
    } else if (function.getParameters() != null) {
      for (Object parameter : function.getParameters()) {
        arguments.add(build((net.sf.jsqlparser.expression.Expression) parameter));
      }
    }
    if (function.getNamedParameters() != null) {
      throw unsupported("named function arguments in " + function);
    }
    Expression result = new UnresolvedFunction(name, arguments, function.isDistinct());
    String attribute = function.getAttributeColumn() == null ? null
        : function.getAttributeColumn().getFullyQualifiedName();
    if (attribute != null) {
      // Struct field access on the call's result: from_json(s, 'a INT').a
      for (String field : attribute.split("\\.")) {
        result = call(FunctionNames.GET_FIELD, result,
            dev.spate.planner.expr.Literal.ofString(unquote(field)));
      }
    }
    return result;
  }

  private static Expression call(String name, Expression... arguments) {
    return UnresolvedFunction.of(name, arguments);
  }

  /** Removes backquotes (a doubled backquote stands for one) or double quotes around a name. */
  static String unquote(String name) {
    if (name.length() >= 2 && name.startsWith("`") && name.endsWith("`")) {
      return name.substring(1, name.length() - 1).replace("``", "`");
    }
    return name;
  }

  /** Spark's string literal escapes: a doubled quote and backslash escapes. */
  private static String unescape(String text) {
    StringBuilder result = new StringBuilder(text.length());
    for (int index = 0; index < text.length(); index++) {
      char character = text.charAt(index);
      if (character == '\'' && index + 1 < text.length() && text.charAt(index + 1) == '\'') {
        result.append('\'');
        index++;
      } else if (character == '\\' && index + 1 < text.length()) {
        char escaped = text.charAt(++index);
        switch (escaped) {
          case 'n':
            result.append('\n');
            break;
          case 't':
            result.append('\t');
            break;
          case 'r':
            result.append('\r');
            break;
          case '0':
            result.append('\0');
            break;
          default:
            result.append(escaped);
        }
      } else {
        result.append(character);
      }
    }
    return result.toString();
  }

  private static String describe(net.sf.jsqlparser.expression.Expression expression) {
    return "the expression '" + expression + "' (" + expression.getClass().getSimpleName() + ")";
  }

  static SpateException unsupported(String construct) {
    return SpateException.analysis("[UNSUPPORTED_FEATURE] %s is not supported", construct);
  }
}
