package dev.spate.cpu.expr;

import static java.util.Objects.requireNonNull;

import org.apache.arrow.vector.FieldVector;

/**
 * The result of evaluating a node: a vector of the batch's physical length whose values are defined
 * at the evaluated rows. It is either owned (a new vector, released by {@link #close()}) or
 * borrowed (a column of the input batch, which {@link #close()} leaves alone).
 */
public final class Operand implements AutoCloseable {
  private final FieldVector vector;
  private final boolean owned;

  private Operand(FieldVector vector, boolean owned) {
    this.vector = requireNonNull(vector, "vector is null");
    this.owned = owned;
  }

  /** A new vector that this operand releases. */
  public static Operand owned(FieldVector vector) {
    return new Operand(vector, true);
  }

  /** A vector that belongs to someone else (the input batch). */
  public static Operand borrowed(FieldVector vector) {
    return new Operand(vector, false);
  }

  public FieldVector vector() {
    return vector;
  }

  public boolean owned() {
    return owned;
  }

  @Override
  public void close() {
    if (owned) {
      vector.close();
    }
  }
}
