package dev.spate.cpu.expr.functions;

import static java.util.Objects.requireNonNull;

import dev.spate.cpu.expr.Decimals;
import dev.spate.cpu.expr.Errors;
import dev.spate.cpu.expr.EvalContext;
import dev.spate.cpu.expr.EvalNode;
import dev.spate.cpu.expr.KernelFactory;
import dev.spate.cpu.expr.Operand;
import dev.spate.cpu.expr.RowSet;
import dev.spate.cpu.expr.TypeKind;
import dev.spate.cpu.expr.Vectors;
import dev.spate.planner.expr.FunctionNames;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * {@code + - * / div %} with Spark's semantics: integral overflow raises ARITHMETIC_OVERFLOW in ANSI
 * mode and wraps otherwise; a zero divisor raises DIVIDE_BY_ZERO in ANSI mode and gives NULL
 * otherwise; the {@code try_} variants give NULL for both. Integral operands are computed in long
 * and narrowed, floating ones in double (exact for FLOAT results), decimals with BigDecimal.
 */
public final class Arithmetic {
  /** The binary operators. */
  enum Operator {
    ADD("try_add"), SUBTRACT("try_subtract"), MULTIPLY("try_multiply"), DIVIDE("try_divide"),
    INTEGRAL_DIVIDE("try_divide"), REMAINDER("try_remainder");

    private final String tryName;

    Operator(String tryName) {
      this.tryName = tryName;
    }
  }

  private Arithmetic() {}

  public static void register(Map<String, KernelFactory> factories) {
    binary(factories, FunctionNames.ADD, Operator.ADD);
    binary(factories, FunctionNames.SUBTRACT, Operator.SUBTRACT);
    binary(factories, FunctionNames.MULTIPLY, Operator.MULTIPLY);
    binary(factories, FunctionNames.DIVIDE, Operator.DIVIDE);
    binary(factories, FunctionNames.INTEGRAL_DIVIDE, Operator.INTEGRAL_DIVIDE);
    binary(factories, FunctionNames.REMAINDER, Operator.REMAINDER);
    factories.put("mod", factories.get(FunctionNames.REMAINDER));
    factories.put(FunctionNames.NEGATIVE,
        (call, arguments) -> new UnaryArithmetic(false, call.dataType(), arguments.get(0)));
    factories.put("abs",
        (call, arguments) -> new UnaryArithmetic(true, call.dataType(), arguments.get(0)));
  }

  private static void binary(Map<String, KernelFactory> factories, String name, Operator operator) {
    factories.put(name, (call, arguments) -> new BinaryArithmetic(operator, false,
        call.dataType(), arguments.get(0), arguments.get(1)));
    if (operator != Operator.INTEGRAL_DIVIDE && operator != Operator.REMAINDER) {
      factories.put(operator.tryName, (call, arguments) -> new BinaryArithmetic(operator, true,
          call.dataType(), arguments.get(0), arguments.get(1)));
    }
  }

  /** True when {@code value} fits the integral type {@code kind}. */
  static boolean fits(long value, TypeKind kind) {
    switch (kind) {
      case INT8:
        return value == (byte) value;
      case INT16:
        return value == (short) value;
      case INT32:
        return value == (int) value;
      default:
        return true;
    }
  }

  private static final class BinaryArithmetic implements EvalNode {
    private final Operator operator;
    private final boolean tryMode;
    private final Field type;
    private final TypeKind resultKind;
    private final EvalNode left;
    private final EvalNode right;

    BinaryArithmetic(Operator operator, boolean tryMode, Field type, EvalNode left,
        EvalNode right) {
      this.operator = requireNonNull(operator, "operator is null");
      this.tryMode = tryMode;
      this.type = requireNonNull(type, "type is null");
      this.resultKind = TypeKind.of(type);
      this.left = requireNonNull(left, "left is null");
      this.right = requireNonNull(right, "right is null");
    }

    @Override
    public Field type() {
      return type;
    }

    @Override
    public Operand evaluate(EvalContext context, RowSet rows) {
      try (Operand leftValue = left.evaluate(context, rows);
          Operand rightValue = right.evaluate(context, rows)) {
        FieldVector a = leftValue.vector();
        FieldVector b = rightValue.vector();
        boolean ansi = context.ansi() && !tryMode;
        TypeKind inputKind = TypeKind.of(left.type());
        if (resultKind == TypeKind.DECIMAL || inputKind == TypeKind.DECIMAL
            || TypeKind.of(right.type()) == TypeKind.DECIMAL) {
          return Operand.owned(decimals(a, b, rows, ansi, context));
        }
        boolean[] nulls = Vectors.nulls(rows, a, b);
        if (resultKind.isFloating() || inputKind.isFloating()) {
          double[] result = doubles(Vectors.doubles(a, rows), Vectors.doubles(b, rows), nulls,
              rows, ansi);
          if (resultKind.isFloating()) {
            return Operand.owned(Vectors.fromDoubles(type, result, nulls, rows, context));
          }
          return Operand.owned(Vectors.fromLongs(type, truncate(result, nulls, rows, ansi),
              nulls, rows, context));
        }
        long[] result = longs(Vectors.longs(a, rows), Vectors.longs(b, rows), nulls, rows, ansi,
            inputKind);
        return Operand.owned(Vectors.fromLongs(type, result, nulls, rows, context));
      }
    }

    private long[] longs(long[] a, long[] b, boolean[] nulls, RowSet rows, boolean ansi,
        TypeKind inputKind) {
      long[] result = new long[rows.length()];
      int count = rows.count();
      boolean overflow = false;
      switch (operator) {
        case ADD:
          for (int index = 0; index < count; index++) {
            int row = rows.position(index);
            long sum = a[row] + b[row];
            result[row] = sum;
            overflow |= ((a[row] ^ sum) & (b[row] ^ sum)) < 0;
          }
          break;
        case SUBTRACT:
          for (int index = 0; index < count; index++) {
            int row = rows.position(index);
            long difference = a[row] - b[row];
            result[row] = difference;
            overflow |= ((a[row] ^ b[row]) & (a[row] ^ difference)) < 0;
          }
          break;
        case MULTIPLY:
          for (int index = 0; index < count; index++) {
            int row = rows.position(index);
            long product = a[row] * b[row];
            result[row] = product;
            overflow |= Math.multiplyHigh(a[row], b[row]) != (product >> 63);
          }
          break;
        default:
          divideLongs(a, b, result, nulls, rows, ansi);
          return result;
      }
      TypeKind checked = resultKind;
      boolean wide = checked == TypeKind.INT64 || checked == TypeKind.TIMESTAMP;
      if (wide && !overflow) {
        return result;
      }
      for (int index = 0; index < count; index++) {
        int row = rows.position(index);
        if (nulls[row]) {
          continue;
        }
        boolean fits = wide ? fits64(a[row], b[row]) : fits(result[row], checked);
        if (!fits) {
          if (ansi) {
            throw Errors.arithmeticOverflow(checked, operator.tryName);
          }
          if (tryMode) {
            nulls[row] = true;
          }
        }
      }
      return result;
    }

    private boolean fits64(long a, long b) {
      try {
        switch (operator) {
          case ADD:
            Math.addExact(a, b);
            return true;
          case SUBTRACT:
            Math.subtractExact(a, b);
            return true;
          default:
            Math.multiplyExact(a, b);
            return true;
        }
      } catch (ArithmeticException e) {
        return false;
      }
    }

    private void divideLongs(long[] a, long[] b, long[] result, boolean[] nulls, RowSet rows,
        boolean ansi) {
      for (int index = 0; index < rows.count(); index++) {
        int row = rows.position(index);
        if (nulls[row]) {
          continue;
        }
        if (b[row] == 0) {
          if (ansi) {
            throw Errors.divideByZero();
          }
          nulls[row] = true;
        } else if (operator == Operator.REMAINDER) {
          result[row] = a[row] % b[row];
        } else if (a[row] == Long.MIN_VALUE && b[row] == -1) {
          if (ansi) {
            throw Errors.arithmeticOverflow(TypeKind.INT64, operator.tryName);
          }
          result[row] = tryMode ? 0 : Long.MIN_VALUE;
          nulls[row] = tryMode;
        } else {
          result[row] = a[row] / b[row];
        }
      }
    }

    private double[] doubles(double[] a, double[] b, boolean[] nulls, RowSet rows, boolean ansi) {
      double[] result = new double[rows.length()];
      int count = rows.count();
      switch (operator) {
        case ADD:
          for (int index = 0; index < count; index++) {
            int row = rows.position(index);
            result[row] = a[row] + b[row];
          }
          return result;
        case SUBTRACT:
          for (int index = 0; index < count; index++) {
            int row = rows.position(index);
            result[row] = a[row] - b[row];
          }
          return result;
        case MULTIPLY:
          for (int index = 0; index < count; index++) {
            int row = rows.position(index);
            result[row] = a[row] * b[row];
          }
          return result;
        default:
          for (int index = 0; index < count; index++) {
            int row = rows.position(index);
            if (nulls[row]) {
              continue;
            }
            if (b[row] == 0) {
              if (ansi) {
                throw Errors.divideByZero();
              }
              nulls[row] = true;
            } else if (operator == Operator.REMAINDER) {
              result[row] = a[row] % b[row];
            } else {
              result[row] = a[row] / b[row];
            }
          }
          return result;
      }
    }

    /** {@code div} of floating operands: the quotient truncated to BIGINT. */
    private long[] truncate(double[] quotients, boolean[] nulls, RowSet rows, boolean ansi) {
      long[] result = new long[rows.length()];
      for (int index = 0; index < rows.count(); index++) {
        int row = rows.position(index);
        if (nulls[row]) {
          continue;
        }
        double quotient = quotients[row];
        if (Double.isNaN(quotient) || quotient >= 0x1p63 || quotient < -0x1p63) {
          if (ansi) {
            throw Errors.arithmeticOverflow(TypeKind.INT64, operator.tryName);
          }
          nulls[row] = true;
        } else {
          result[row] = (long) quotient;
        }
      }
      return result;
    }

    private FieldVector decimals(FieldVector a, FieldVector b, RowSet rows, boolean ansi,
        EvalContext context) {
      BigDecimal[] x = Decimals.read(a, rows);
      BigDecimal[] y = Decimals.read(b, rows);
      BigDecimal[] result = new BigDecimal[rows.length()];
      boolean[] nulls = new boolean[rows.length()];
      for (int index = 0; index < rows.count(); index++) {
        int row = rows.position(index);
        if (x[row] == null || y[row] == null) {
          nulls[row] = true;
          continue;
        }
        if ((operator == Operator.DIVIDE || operator == Operator.INTEGRAL_DIVIDE
            || operator == Operator.REMAINDER) && y[row].signum() == 0) {
          if (ansi) {
            throw Errors.divideByZero();
          }
          nulls[row] = true;
          continue;
        }
        result[row] = decimalOperation(x[row], y[row]);
      }
      if (resultKind == TypeKind.DECIMAL) {
        return Decimals.write(type, result, rows, ansi, context);
      }
      long[] longs = new long[rows.length()];
      for (int index = 0; index < rows.count(); index++) {
        int row = rows.position(index);
        if (!nulls[row]) {
          BigDecimal integral = result[row];
          if (integral.toBigInteger().bitLength() > 63) {
            if (ansi) {
              throw Errors.arithmeticOverflow(TypeKind.INT64, operator.tryName);
            }
            nulls[row] = true;
          } else {
            longs[row] = integral.longValue();
          }
        }
      }
      return Vectors.fromLongs(type, longs, nulls, rows, context);
    }

    private BigDecimal decimalOperation(BigDecimal x, BigDecimal y) {
      switch (operator) {
        case ADD:
          return x.add(y);
        case SUBTRACT:
          return x.subtract(y);
        case MULTIPLY:
          return x.multiply(y);
        case DIVIDE:
          return x.divide(y, 38, RoundingMode.HALF_UP);
        case INTEGRAL_DIVIDE:
          return x.divideToIntegralValue(y);
        default:
          return x.remainder(y);
      }
    }
  }

  /** {@code -x} and {@code abs(x)}: the integral MIN_VALUE overflows (an error in ANSI mode). */
  private static final class UnaryArithmetic implements EvalNode {
    private final boolean absolute;
    private final Field type;
    private final EvalNode child;

    UnaryArithmetic(boolean absolute, Field type, EvalNode child) {
      this.absolute = absolute;
      this.type = requireNonNull(type, "type is null");
      this.child = requireNonNull(child, "child is null");
    }

    @Override
    public Field type() {
      return type;
    }

    @Override
    public Operand evaluate(EvalContext context, RowSet rows) {
      try (Operand operand = child.evaluate(context, rows)) {
        FieldVector input = operand.vector();
        TypeKind kind = TypeKind.of(type);
        boolean[] nulls = Vectors.nulls(rows, input);
        if (kind == TypeKind.DECIMAL) {
          BigDecimal[] values = Decimals.read(input, rows);
          for (int index = 0; index < rows.count(); index++) {
            int row = rows.position(index);
            if (values[row] != null) {
              values[row] = absolute ? values[row].abs() : values[row].negate();
            }
          }
          return Operand.owned(Decimals.write(type, values, rows, context.ansi(), context));
        }
        if (kind.isFloating()) {
          double[] values = Vectors.doubles(input, rows);
          for (int index = 0; index < rows.count(); index++) {
            int row = rows.position(index);
            values[row] = absolute ? Math.abs(values[row]) : -values[row];
          }
          return Operand.owned(Vectors.fromDoubles(type, values, nulls, rows, context));
        }
        long[] values = Vectors.longs(input, rows);
        for (int index = 0; index < rows.count(); index++) {
          int row = rows.position(index);
          long value = values[row];
          long result = absolute && value >= 0 ? value : -value;
          if (!nulls[row] && (value == Long.MIN_VALUE || !fits(result, kind))
              && context.ansi()) {
            throw Errors.arithmeticOverflow(kind, null);
          }
          values[row] = result;
        }
        return Operand.owned(Vectors.fromLongs(type, values, nulls, rows, context));
      }
    }
  }
}
