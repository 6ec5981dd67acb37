package dev.spate.cpu.expr;

import static java.util.Objects.requireNonNull;

import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * The result of evaluating a node: a vector of the batch's physical length whose values are defined
 * at the evaluated rows. It is either owned (a new vector, released by {@link #close()}), borrowed
 * (a column of the input batch, which {@link #close()} leaves alone), or a scalar (one constant
 * for every row), which kernels may read with {@link #scalarValue()} instead of materialising it;
 * {@link #vector()} materialises a scalar on first use into a vector this operand owns.
 *
 * <p>An operand belongs to the one evaluation that created it (not thread safe).
 */
public final class Operand implements AutoCloseable {
  private FieldVector vector;
  private final boolean owned;
  private final Field scalarType;
  private final Object scalarValue;
  private final EvalContext context;
  private final RowSet rows;

  private Operand(FieldVector vector, boolean owned, Field scalarType, Object scalarValue,
      EvalContext context, RowSet rows) {
    this.vector = vector;
    this.owned = owned;
    this.scalarType = scalarType;
    this.scalarValue = scalarValue;
    this.context = context;
    this.rows = rows;
  }

  /** A new vector that this operand releases. */
  public static Operand owned(FieldVector vector) {
    return new Operand(requireNonNull(vector, "vector is null"), true, null, null, null, null);
  }

  /** A vector that belongs to someone else (the input batch). */
  public static Operand borrowed(FieldVector vector) {
    return new Operand(requireNonNull(vector, "vector is null"), false, null, null, null, null);
  }

  /**
   * The constant {@code value} (internal representation, or null) of {@code type} at every row of
   * {@code rows}; materialised only if a kernel asks for its {@link #vector()}.
   */
  public static Operand scalar(Field type, Object value, EvalContext context, RowSet rows) {
    return new Operand(null, true, requireNonNull(type, "type is null"), value,
        requireNonNull(context, "context is null"), requireNonNull(rows, "rows is null"));
  }

  /** True when every row holds {@link #scalarValue()}. */
  public boolean isScalar() {
    return scalarType != null;
  }

  /** The constant of a scalar operand (null for SQL NULL); only for {@link #isScalar()}. */
  public Object scalarValue() {
    if (!isScalar()) {
      throw new IllegalStateException("not a scalar operand");
    }
    return scalarValue;
  }

  /** The values as a vector (a scalar is materialised at the evaluated rows on first call). */
  public FieldVector vector() {
    if (vector == null) {
      vector = Vectors.constant(scalarType, scalarValue, rows, context);
    }
    return vector;
  }

  /** True when {@link #close()} releases the vector (owned vectors and scalars). */
  public boolean owned() {
    return owned;
  }

  @Override
  public void close() {
    if (owned && vector != null) {
      vector.close();
    }
  }
}
