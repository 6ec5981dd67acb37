package dev.spate.cpu.expr.functions;

import static java.util.Objects.requireNonNull;

import dev.spate.cpu.expr.Chunk;
import dev.spate.cpu.expr.Decimals;
import dev.spate.cpu.expr.Errors;
import dev.spate.cpu.expr.EvalContext;
import dev.spate.cpu.expr.EvalNode;
import dev.spate.cpu.expr.FixedWidth;
import dev.spate.cpu.expr.KernelFactory;
import dev.spate.cpu.expr.Operand;
import dev.spate.cpu.expr.RowSet;
import dev.spate.cpu.expr.TypeKind;
import dev.spate.cpu.expr.Validity;
import dev.spate.cpu.expr.Vectors;
import dev.spate.planner.expr.FunctionNames;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BitVectorHelper;
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

  /**
   * {@code node} over {@code rows} as an input of a chunked kernel reading {@code floating} (or
   * long) values: a chunked {@code + - *} outside try mode is fused (computed slice by slice from
   * its own inputs, without a vector in between); anything else is evaluated, and its operand is
   * added to {@code opened}, which the caller closes.
   */
  static NumericInput input(EvalNode node, boolean floating, EvalContext context, RowSet rows,
      List<Operand> opened) {
    if (node instanceof BinaryArithmetic && ((BinaryArithmetic) node).fusable(floating)) {
      return ((BinaryArithmetic) node).fused(context, rows, opened, null);
    }
    Operand operand = node.evaluate(context, rows);
    opened.add(operand);
    return NumericInput.of(operand, TypeKind.of(node.type()), floating);
  }

  private static final class BinaryArithmetic implements EvalNode {
    private final Operator operator;
    private final boolean tryMode;
    private final Field type;
    private final TypeKind resultKind;
    private final EvalNode left;
    private final EvalNode right;
    /** Whether the chunked kernels evaluate this node (see {@link #chunkable}). */
    private final boolean chunked;

    BinaryArithmetic(Operator operator, boolean tryMode, Field type, EvalNode left,
        EvalNode right) {
      this.operator = requireNonNull(operator, "operator is null");
      this.tryMode = tryMode;
      this.type = requireNonNull(type, "type is null");
      this.resultKind = TypeKind.of(type);
      this.left = requireNonNull(left, "left is null");
      this.right = requireNonNull(right, "right is null");
      this.chunked = chunkable(operator, resultKind, TypeKind.of(left.type()),
          TypeKind.of(right.type()));
    }

    /**
     * True for {@code + - *} of integral operands with an integral result, and of floating
     * operands with a floating result: the cases the chunked kernels compute in place.
     */
    private static boolean chunkable(Operator operator, TypeKind result, TypeKind left,
        TypeKind right) {
      if (operator != Operator.ADD && operator != Operator.SUBTRACT
          && operator != Operator.MULTIPLY) {
        return false;
      }
      return result.isIntegral() && left.isIntegral() && right.isIntegral()
          || result.isFloating() && left.isFloating() && right.isFloating();
    }

    @Override
    public Field type() {
      return type;
    }

    @Override
    public Operand evaluate(EvalContext context, RowSet rows) {
      if (chunked) {
        return Operand.owned(chunked(context, rows));
      }
      try (Operand leftValue = left.evaluate(context, rows);
          Operand rightValue = right.evaluate(context, rows)) {
        boolean ansi = context.ansi() && !tryMode;
        FieldVector a = leftValue.vector();
        FieldVector b = rightValue.vector();
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

    /**
     * {@code + - *} computed slice by slice straight into the result vector: scalar operands are
     * used as is, nested {@code + - *} are fused (see {@link Arithmetic#input}), the result's
     * validity is the word-wise AND of the inputs'.
     */
    private FieldVector chunked(EvalContext context, RowSet rows) {
      List<Operand> opened = new ArrayList<>(2);
      FieldVector result = Vectors.allocate(type, context, rows.length());
      try {
        ArrowBuf validity = result.getValidityBuffer();
        Computed computed = fused(context, rows, opened, validity);
        List<FieldVector> vectors = new ArrayList<>(2);
        if (computed.collectValidity(vectors)) {
          Validity.intersect(validity, rows.length(), vectors);
        } else {
          validity.setZero(0, validity.capacity());
        }
        Chunk chunk = new Chunk(rows);
        while (chunk.next()) {
          if (resultKind.isFloating()) {
            FixedWidth.storeDoubles(result, resultKind, chunk, computed.doubles(chunk));
          } else {
            FixedWidth.storeLongs(result, resultKind, chunk, computed.longs(chunk));
          }
        }
        result.setValueCount(rows.length());
        return result;
      } catch (RuntimeException e) {
        result.close();
        throw e;
      } finally {
        opened.forEach(Operand::close);
      }
    }

    /**
     * This node as a chunked input over {@code rows}; {@code tryNulls} is the result validity in
     * which try mode clears the rows that overflow (null for a fused child, never in try mode).
     */
    private Computed fused(EvalContext context, RowSet rows, List<Operand> opened,
        ArrowBuf tryNulls) {
      boolean floating = resultKind.isFloating();
      NumericInput a = input(left, floating, context, rows, opened);
      NumericInput b = input(right, floating, context, rows, opened);
      return new Computed(a, b, context.ansi() && !tryMode, tryNulls);
    }

    /** True when a parent reading {@code floating} values may fuse this node. */
    private boolean fusable(boolean floating) {
      return chunked && !tryMode && resultKind.isFloating() == floating;
    }

    /** The values of this node computed a slice at a time from its inputs. */
    private final class Computed extends NumericInput {
      private final NumericInput a;
      private final NumericInput b;
      private final boolean ansi;
      private final ArrowBuf tryNulls;
      private final long[] longs = new long[Chunk.SIZE];
      private final double[] doubles = new double[Chunk.SIZE];

      Computed(NumericInput a, NumericInput b, boolean ansi, ArrowBuf tryNulls) {
        this.a = a;
        this.b = b;
        this.ansi = ansi;
        this.tryNulls = tryNulls;
      }

      @Override
      long[] longs(Chunk chunk) {
        long[] x = a.longs(chunk);
        long[] y = b.longs(chunk);
        int size = chunk.size();
        boolean wide = resultKind == TypeKind.INT64;
        boolean overflow = ArithmeticLoops.longs(operator, x, y, longs, size);
        if (!wide) {
          overflow = !ArithmeticLoops.fit(longs, size, resultKind);
        }
        if (overflow && (ansi || tryMode)) {
          checkOverflow(x, y, chunk, wide);
        }
        if (overflow && !wide) {
          ArithmeticLoops.narrow(longs, size, resultKind);
        }
        return longs;
      }

      @Override
      double[] doubles(Chunk chunk) {
        ArithmeticLoops.doubles(operator, a.doubles(chunk), b.doubles(chunk), doubles,
            chunk.size());
        return doubles;
      }

      /** Raises (ANSI) or nulls out (try mode) the valid rows of the slice that overflowed. */
      private void checkOverflow(long[] x, long[] y, Chunk chunk, boolean wide) {
        for (int index = 0; index < chunk.size(); index++) {
          boolean fits = wide ? fits64(x[index], y[index]) : fits(longs[index], resultKind);
          int row = chunk.row(index);
          if (!fits && valid(row)) {
            if (ansi) {
              throw Errors.arithmeticOverflow(resultKind, operator.tryName);
            }
            BitVectorHelper.unsetBit(tryNulls, row);
          }
        }
      }

      @Override
      boolean valid(int row) {
        return a.valid(row) && b.valid(row);
      }

      @Override
      boolean collectValidity(List<FieldVector> vectors) {
        return a.collectValidity(vectors) & b.collectValidity(vectors);
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
