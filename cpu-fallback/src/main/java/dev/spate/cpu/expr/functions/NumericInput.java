package dev.spate.cpu.expr.functions;

import dev.spate.cpu.expr.Chunk;
import dev.spate.cpu.expr.FixedWidth;
import dev.spate.cpu.expr.Operand;
import dev.spate.cpu.expr.TypeKind;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.FieldVector;

/**
 * One operand of a chunked numeric kernel, read slice by slice as longs (integral types, DATE,
 * TIMESTAMP) or doubles (FLOAT, DOUBLE): an evaluated vector, a scalar, or (see {@link
 * Arithmetic}) a fused {@code + - *} computed from its own inputs without a vector in between.
 * Belongs to one evaluation.
 */
abstract class NumericInput {
  /**
   * True when the chunked kernels take operands of kinds {@code left} and {@code right}: both
   * integral types, DATE or TIMESTAMP (read as longs), or both FLOAT/DOUBLE (read as doubles).
   */
  static boolean supports(TypeKind left, TypeKind right) {
    return left.isLongLike() && right.isLongLike() || left.isFloating() && right.isFloating();
  }

  /** The input reading {@code operand} (of {@code kind}) as longs or ({@code floating}) doubles. */
  static NumericInput of(Operand operand, TypeKind kind, boolean floating) {
    if (!operand.isScalar()) {
      return new Column(operand.vector(), kind, floating);
    }
    return new Scalar((Number) operand.scalarValue(), floating);
  }

  /** The values at the current slice's rows (entries past the slice's size are stale). */
  abstract long[] longs(Chunk chunk);

  /** The values at the current slice's rows (entries past the slice's size are stale). */
  abstract double[] doubles(Chunk chunk);

  /** True for a constant that is a number other than NaN (and not NULL). */
  boolean ordinaryConstant() {
    return false;
  }

  /** True when the value at physical {@code row} is not NULL (for the rare row-by-row checks). */
  abstract boolean valid(int row);

  /**
   * Adds to {@code vectors} the columns whose validity this input's combines; returns false when
   * the input is NULL at every row (a NULL scalar in it).
   */
  abstract boolean collectValidity(List<FieldVector> vectors);

  /** An evaluated fixed-width vector. */
  private static final class Column extends NumericInput {
    private final FieldVector vector;
    private final TypeKind kind;
    private final long[] longs;
    private final double[] doubles;

    Column(FieldVector vector, TypeKind kind, boolean floating) {
      this.vector = vector;
      this.kind = kind;
      this.longs = floating ? null : new long[Chunk.SIZE];
      this.doubles = floating ? new double[Chunk.SIZE] : null;
    }

    @Override
    long[] longs(Chunk chunk) {
      FixedWidth.loadLongs(vector, kind, chunk, longs);
      return longs;
    }

    @Override
    double[] doubles(Chunk chunk) {
      FixedWidth.loadDoubles(vector, kind, chunk, doubles);
      return doubles;
    }

    @Override
    boolean valid(int row) {
      return !vector.isNull(row);
    }

    @Override
    boolean collectValidity(List<FieldVector> vectors) {
      vectors.add(vector);
      return true;
    }
  }

  /** A constant (null for SQL NULL), whose slice array is filled once. */
  private static final class Scalar extends NumericInput {
    private final boolean isNull;
    private final boolean ordinary;
    private final long[] longs;
    private final double[] doubles;

    Scalar(Number value, boolean floating) {
      this.isNull = value == null;
      this.ordinary = value != null && !Double.isNaN(value.doubleValue());
      this.longs = floating ? null : new long[Chunk.SIZE];
      this.doubles = floating ? new double[Chunk.SIZE] : null;
      if (value != null && floating) {
        Arrays.fill(doubles, value.doubleValue());
      } else if (value != null) {
        Arrays.fill(longs, value.longValue());
      }
    }

    @Override
    long[] longs(Chunk chunk) {
      return longs;
    }

    @Override
    double[] doubles(Chunk chunk) {
      return doubles;
    }

    @Override
    boolean ordinaryConstant() {
      return ordinary;
    }

    @Override
    boolean valid(int row) {
      return !isNull;
    }

    @Override
    boolean collectValidity(List<FieldVector> vectors) {
      return !isNull;
    }
  }
}
