package dev.spate.cpu.expr.functions;

import static java.util.Objects.requireNonNull;

import dev.spate.cpu.expr.Decimals;
import dev.spate.cpu.expr.EvalContext;
import dev.spate.cpu.expr.EvalNode;
import dev.spate.cpu.expr.KernelFactory;
import dev.spate.cpu.expr.Operand;
import dev.spate.cpu.expr.RowSet;
import dev.spate.cpu.expr.TypeKind;
import dev.spate.cpu.expr.Vectors;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Math functions. Floating functions run over double arrays; a result of NaN marked {@link #UNDEFINED}
 * (logarithms of values &lt;= 0) becomes NULL as in Spark. {@code round} rounds HALF_UP, {@code
 * floor}/{@code ceil} of doubles return BIGINT.
 */
public final class MathFunctions {
  /** Returned by a kernel for an undefined result, which becomes NULL. */
  private static final double UNDEFINED = Double.longBitsToDouble(0x7ff8_dead_0000_0001L);

  private MathFunctions() {}

  public static void register(Map<String, KernelFactory> factories) {
    unary(factories, "sqrt", Math::sqrt);
    unary(factories, "exp", Math::exp);
    unary(factories, "ln", value -> value <= 0 ? UNDEFINED : Math.log(value));
    unary(factories, "log10", value -> value <= 0 ? UNDEFINED : Math.log10(value));
    unary(factories, "log2", value -> value <= 0 ? UNDEFINED : Math.log(value) / Math.log(2));
    unary(factories, "sin", Math::sin);
    unary(factories, "cos", Math::cos);
    unary(factories, "tan", Math::tan);
    unary(factories, "cbrt", Math::cbrt);
    unary(factories, "signum", Math::signum);
    binary(factories, "pow", Math::pow);
    binary(factories, "power", Math::pow);
    binary(factories, "atan2", Math::atan2);
    factories.put("log", (call, arguments) -> arguments.size() == 1
        ? new DoubleFunction(call.dataType(), arguments.get(0), null,
            value -> value <= 0 ? UNDEFINED : Math.log(value), null)
        : new DoubleFunction(call.dataType(), arguments.get(0), arguments.get(1), null,
            (base, value) -> base <= 0 || value <= 0 ? UNDEFINED : Math.log(value) / Math.log(base)));
    factories.put("floor", (call, arguments) -> new Rounding(call.dataType(), arguments.get(0),
        null, RoundingMode.FLOOR));
    factories.put("ceil", (call, arguments) -> new Rounding(call.dataType(), arguments.get(0),
        null, RoundingMode.CEILING));
    factories.put("ceiling", factories.get("ceil"));
    factories.put("round", (call, arguments) -> new Rounding(call.dataType(), arguments.get(0),
        arguments.size() > 1 ? arguments.get(1) : null, RoundingMode.HALF_UP));
    factories.put("bround", (call, arguments) -> new Rounding(call.dataType(), arguments.get(0),
        arguments.size() > 1 ? arguments.get(1) : null, RoundingMode.HALF_EVEN));
  }

  private static void unary(Map<String, KernelFactory> factories, String name,
      DoubleUnaryOperator function) {
    factories.put(name, (call, arguments) ->
        new DoubleFunction(call.dataType(), arguments.get(0), null, function, null));
  }

  private static void binary(Map<String, KernelFactory> factories, String name,
      DoubleBinaryOperator function) {
    factories.put(name, (call, arguments) ->
        new DoubleFunction(call.dataType(), arguments.get(0), arguments.get(1), null, function));
  }

  /** A function of one or two doubles with a DOUBLE result. */
  private static final class DoubleFunction implements EvalNode {
    private final Field type;
    private final EvalNode first;
    private final EvalNode second;
    private final DoubleUnaryOperator unary;
    private final DoubleBinaryOperator binary;

    DoubleFunction(Field type, EvalNode first, EvalNode second, DoubleUnaryOperator unary,
        DoubleBinaryOperator binary) {
      this.type = requireNonNull(type, "type is null");
      this.first = requireNonNull(first, "first is null");
      this.second = second;
      this.unary = unary;
      this.binary = binary;
    }

    @Override
    public Field type() {
      return type;
    }

    @Override
    public Operand evaluate(EvalContext context, RowSet rows) {
      try (Operand a = first.evaluate(context, rows);
          Operand b = second == null ? null : second.evaluate(context, rows)) {
        boolean[] nulls = b == null ? Vectors.nulls(rows, a.vector())
            : Vectors.nulls(rows, a.vector(), b.vector());
        double[] x = doubles(a.vector(), rows);
        double[] y = b == null ? null : doubles(b.vector(), rows);
        double[] result = new double[rows.length()];
        for (int index = 0; index < rows.count(); index++) {
          int row = rows.position(index);
          double value = y == null ? unary.applyAsDouble(x[row])
              : binary.applyAsDouble(x[row], y[row]);
          if (Double.doubleToRawLongBits(value) == Double.doubleToRawLongBits(UNDEFINED)) {
            nulls[row] = true;
          }
          result[row] = value;
        }
        return Operand.owned(Vectors.fromDoubles(type, result, nulls, rows, context));
      }
    }

    private static double[] doubles(FieldVector vector, RowSet rows) {
      if (TypeKind.of(vector.getField()) != TypeKind.DECIMAL) {
        return Vectors.doubles(vector, rows);
      }
      BigDecimal[] decimals = Decimals.read(vector, rows);
      double[] values = new double[rows.length()];
      for (int index = 0; index < rows.count(); index++) {
        int row = rows.position(index);
        values[row] = decimals[row] == null ? 0 : decimals[row].doubleValue();
      }
      return values;
    }
  }

  /** {@code round}, {@code bround}, {@code floor}, {@code ceil}: the scale defaults to 0. */
  private static final class Rounding implements EvalNode {
    private final Field type;
    private final EvalNode input;
    private final EvalNode scale;
    private final RoundingMode mode;

    Rounding(Field type, EvalNode input, EvalNode scale, RoundingMode mode) {
      this.type = requireNonNull(type, "type is null");
      this.input = requireNonNull(input, "input is null");
      this.scale = scale;
      this.mode = requireNonNull(mode, "mode is null");
    }

    @Override
    public Field type() {
      return type;
    }

    @Override
    public Operand evaluate(EvalContext context, RowSet rows) {
      try (Operand value = input.evaluate(context, rows);
          Operand digits = scale == null ? null : scale.evaluate(context, rows)) {
        boolean[] nulls = Vectors.nulls(rows, value.vector());
        long[] scales = digits == null ? new long[rows.length()]
            : Vectors.longs(digits.vector(), rows);
        if (digits != null) {
          Vectors.orNulls(nulls, rows, digits.vector());
        }
        TypeKind inputKind = TypeKind.of(input.type());
        TypeKind resultKind = TypeKind.of(type);
        if (inputKind.isFloating() && resultKind.isFloating()) {
          double[] values = Vectors.doubles(value.vector(), rows);
          for (int index = 0; index < rows.count(); index++) {
            int row = rows.position(index);
            double number = values[row];
            if (!nulls[row] && !Double.isNaN(number) && !Double.isInfinite(number)) {
              values[row] = BigDecimal.valueOf(number).setScale((int) scales[row], mode)
                  .doubleValue();
            }
          }
          return Operand.owned(Vectors.fromDoubles(type, values, nulls, rows, context));
        }
        BigDecimal[] values = Decimals.read(value.vector(), rows);
        if (inputKind.isFloating()) {
          double[] doubles = Vectors.doubles(value.vector(), rows);
          for (int index = 0; index < rows.count(); index++) {
            int row = rows.position(index);
            values[row] = nulls[row] || Double.isNaN(doubles[row])
                || Double.isInfinite(doubles[row]) ? null : BigDecimal.valueOf(doubles[row]);
          }
        }
        for (int index = 0; index < rows.count(); index++) {
          int row = rows.position(index);
          if (values[row] != null && !nulls[row]) {
            values[row] = values[row].setScale((int) scales[row], mode);
          } else {
            values[row] = null;
          }
        }
        if (resultKind == TypeKind.DECIMAL) {
          int resultScale = ((ArrowType.Decimal) type.getType()).getScale();
          for (int index = 0; index < rows.count(); index++) {
            int row = rows.position(index);
            if (values[row] != null) {
              values[row] = values[row].setScale(resultScale, RoundingMode.HALF_UP);
            }
          }
          return Operand.owned(Decimals.write(type, values, rows, context.ansi(), context));
        }
        long[] longs = new long[rows.length()];
        boolean[] resultNulls = new boolean[rows.length()];
        for (int index = 0; index < rows.count(); index++) {
          int row = rows.position(index);
          if (values[row] == null) {
            resultNulls[row] = true;
          } else if (values[row].toBigInteger().bitLength() > 63) {
            longs[row] = values[row].signum() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
          } else {
            longs[row] = values[row].longValue();
          }
        }
        return Operand.owned(Vectors.fromLongs(type, longs, resultNulls, rows, context));
      }
    }
  }
}
