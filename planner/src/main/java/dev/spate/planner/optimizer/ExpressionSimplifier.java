package dev.spate.planner.optimizer;

import dev.spate.planner.expr.Call;
import dev.spate.planner.expr.Cast;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.expr.FunctionNames;
import dev.spate.planner.expr.Literal;
import dev.spate.planner.types.DataTypes;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Constant folding and boolean simplification. Folding covers deterministic functions of literals
 * whose result Spate can compute exactly here (integer and double arithmetic, comparisons, boolean
 * logic, null tests, widening casts); anything that would raise an error at run time (an
 * overflow, a division) is left for the run time to raise. Boolean rules: {@code true AND x} is
 * {@code x}, {@code false AND x} is {@code false}, {@code true OR x} is {@code true}, {@code false
 * OR x} is {@code x}, {@code NOT NOT x} is {@code x}; CASE and COALESCE drop branches decided by
 * literals.
 */
final class ExpressionSimplifier {
  private ExpressionSimplifier() {}

  static Expression simplify(Expression expression) {
    return expression.transformUp(ExpressionSimplifier::simplifyNode);
  }

  private static Expression simplifyNode(Expression node) {
    if (node instanceof Cast) {
      return foldCast((Cast) node);
    }
    if (!(node instanceof Call)) {
      return node;
    }
    Call call = (Call) node;
    List<Expression> arguments = call.arguments();
    switch (call.name()) {
      case FunctionNames.AND:
        return and(call);
      case FunctionNames.OR:
        return or(call);
      case FunctionNames.NOT:
        if (arguments.get(0) instanceof Call
            && ((Call) arguments.get(0)).name().equals(FunctionNames.NOT)) {
          return ((Call) arguments.get(0)).argument(0);
        }
        if (arguments.get(0) instanceof Literal) {
          Object value = ((Literal) arguments.get(0)).value();
          return value == null ? node : Literal.ofBoolean(!(Boolean) value);
        }
        return node;
      case FunctionNames.IS_NULL:
      case FunctionNames.IS_NOT_NULL:
        if (arguments.get(0) instanceof Literal || !arguments.get(0).nullable()) {
          boolean isNull = arguments.get(0) instanceof Literal
              && ((Literal) arguments.get(0)).isNull();
          return Literal.ofBoolean(call.name().equals(FunctionNames.IS_NULL) == isNull);
        }
        return node;
      case FunctionNames.ADD:
      case FunctionNames.SUBTRACT:
      case FunctionNames.MULTIPLY:
        return arithmetic(call);
      case FunctionNames.EQUAL:
      case FunctionNames.NOT_EQUAL:
      case FunctionNames.LESS_THAN:
      case FunctionNames.LESS_THAN_OR_EQUAL:
      case FunctionNames.GREATER_THAN:
      case FunctionNames.GREATER_THAN_OR_EQUAL:
        return comparison(call);
      case FunctionNames.CASE_WHEN:
        return caseWhen(call);
      case FunctionNames.COALESCE:
        return coalesce(call);
      default:
        return node;
    }
  }

  private static Expression and(Call call) {
    Expression left = call.argument(0);
    Expression right = call.argument(1);
    if (isFalse(left) || isFalse(right)) {
      return Literal.ofBoolean(false);
    }
    if (isTrue(left)) {
      return right;
    }
    if (isTrue(right)) {
      return left;
    }
    return call;
  }

  private static Expression or(Call call) {
    Expression left = call.argument(0);
    Expression right = call.argument(1);
    if (isTrue(left) || isTrue(right)) {
      return Literal.ofBoolean(true);
    }
    if (isFalse(left)) {
      return right;
    }
    if (isFalse(right)) {
      return left;
    }
    return call;
  }

  static boolean isTrue(Expression expression) {
    return expression instanceof Literal && Boolean.TRUE.equals(((Literal) expression).value());
  }

  static boolean isFalse(Expression expression) {
    return expression instanceof Literal && Boolean.FALSE.equals(((Literal) expression).value());
  }

  private static Expression arithmetic(Call call) {
    if (!(call.argument(0) instanceof Literal) || !(call.argument(1) instanceof Literal)) {
      return call;
    }
    Object left = ((Literal) call.argument(0)).value();
    Object right = ((Literal) call.argument(1)).value();
    if (left == null || right == null) {
      return Literal.nullOf(call.dataType().getType());
    }
    try {
      if (left instanceof Integer && right instanceof Integer) {
        int a = (Integer) left;
        int b = (Integer) right;
        int value = call.name().equals(FunctionNames.ADD) ? Math.addExact(a, b)
            : call.name().equals(FunctionNames.SUBTRACT) ? Math.subtractExact(a, b)
                : Math.multiplyExact(a, b);
        return Literal.ofInt(value);
      }
      if (left instanceof Long && right instanceof Long) {
        long a = (Long) left;
        long b = (Long) right;
        long value = call.name().equals(FunctionNames.ADD) ? Math.addExact(a, b)
            : call.name().equals(FunctionNames.SUBTRACT) ? Math.subtractExact(a, b)
                : Math.multiplyExact(a, b);
        return Literal.ofLong(value);
      }
    } catch (ArithmeticException overflow) {
      return call;
    }
    if (left instanceof Double && right instanceof Double) {
      double a = (Double) left;
      double b = (Double) right;
      double value = call.name().equals(FunctionNames.ADD) ? a + b
          : call.name().equals(FunctionNames.SUBTRACT) ? a - b : a * b;
      return Literal.ofDouble(value);
    }
    return call;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Expression comparison(Call call) {
    if (!(call.argument(0) instanceof Literal) || !(call.argument(1) instanceof Literal)) {
      return call;
    }
    Object left = ((Literal) call.argument(0)).value();
    Object right = ((Literal) call.argument(1)).value();
    if (left == null || right == null) {
      return Literal.nullOf(DataTypes.BOOLEAN);
    }
    boolean comparable = (left instanceof Integer || left instanceof Long || left instanceof String
        || left instanceof java.math.BigDecimal || left instanceof Boolean)
        && left.getClass() == right.getClass();
    if (!comparable) {
      return call;
    }
    int order = ((Comparable) left).compareTo(right);
    switch (call.name()) {
      case FunctionNames.EQUAL:
        return Literal.ofBoolean(order == 0);
      case FunctionNames.NOT_EQUAL:
        return Literal.ofBoolean(order != 0);
      case FunctionNames.LESS_THAN:
        return Literal.ofBoolean(order < 0);
      case FunctionNames.LESS_THAN_OR_EQUAL:
        return Literal.ofBoolean(order <= 0);
      case FunctionNames.GREATER_THAN:
        return Literal.ofBoolean(order > 0);
      default:
        return Literal.ofBoolean(order >= 0);
    }
  }

  private static Expression caseWhen(Call call) {
    List<Expression> arguments = call.arguments();
    List<Expression> kept = new ArrayList<>();
    for (int index = 0; index + 1 < arguments.size(); index += 2) {
      Expression condition = arguments.get(index);
      if (isTrue(condition)) {
        if (kept.isEmpty()) {
          return arguments.get(index + 1);
        }
        kept.add(arguments.get(index + 1));
        return new Call(call.name(), kept, call.dataType());
      }
      if (isFalse(condition) || (condition instanceof Literal && ((Literal) condition).isNull())) {
        continue;
      }
      kept.add(condition);
      kept.add(arguments.get(index + 1));
    }
    Expression otherwise = arguments.get(arguments.size() - 1);
    if (kept.isEmpty()) {
      return otherwise;
    }
    kept.add(otherwise);
    return kept.size() == arguments.size() ? call : new Call(call.name(), kept, call.dataType());
  }

  private static Expression coalesce(Call call) {
    List<Expression> kept = new ArrayList<>();
    for (Expression argument : call.arguments()) {
      if (argument instanceof Literal && ((Literal) argument).isNull()) {
        continue;
      }
      kept.add(argument);
      if (!argument.nullable()) {
        break;
      }
    }
    if (kept.isEmpty()) {
      return new Literal(null, call.dataType());
    }
    if (kept.size() == 1) {
      return kept.get(0);
    }
    return kept.size() == call.arguments().size() ? call
        : new Call(call.name(), kept, call.dataType());
  }

  private static Expression foldCast(Cast cast) {
    if (!(cast.child() instanceof Literal) || cast.tryCast()) {
      return cast;
    }
    Object value = ((Literal) cast.child()).value();
    ArrowType target = cast.dataType().getType();
    if (value == null) {
      return new Literal(null, cast.dataType());
    }
    boolean integral = value instanceof Byte || value instanceof Short || value instanceof Integer
        || value instanceof Long;
    if (integral && target instanceof ArrowType.Int) {
      long number = ((Number) value).longValue();
      int bits = ((ArrowType.Int) target).getBitWidth();
      long limit = bits == 64 ? Long.MAX_VALUE : (1L << (bits - 1)) - 1;
      if (number < -limit - 1 || number > limit) {
        return cast; // out of range: the cast raises (ANSI) or wraps at run time
      }
      Object narrowed = bits == 8 ? (Object) (byte) number : bits == 16 ? (Object) (short) number
          : bits == 32 ? (Object) (int) number : (Object) number;
      return Literal.of(narrowed, target);
    }
    // Conversions to floating point never fail; BigDecimal.doubleValue is Spark's decimal cast.
    if (value instanceof Number && target.equals(DataTypes.DOUBLE)) {
      return Literal.ofDouble(((Number) value).doubleValue());
    }
    if (value instanceof Number && target.equals(DataTypes.FLOAT)) {
      return Literal.of(((Number) value).floatValue(), DataTypes.FLOAT);
    }
    return cast;
  }
}
