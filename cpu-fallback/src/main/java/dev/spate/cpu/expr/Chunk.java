package dev.spate.cpu.expr;

import static java.util.Objects.requireNonNull;

/**
 * A cursor over a {@link RowSet} in slices of at most {@link #SIZE} rows, the unit of the chunked
 * numeric kernels: operands are loaded into small primitive arrays (which stay in the L1 cache),
 * computed with tight array loops and stored back. Row {@code i} of the current slice is the
 * physical position {@code base + offsets[start + i]}, which covers dense runs (identity offsets)
 * and selections (the selection array) with one loop shape. Belongs to one evaluation.
 */
public final class Chunk {
  /** Rows per slice; a multiple of 64, so dense slices start on a validity word. */
  public static final int SIZE = 1024;
  private static final int[] IDENTITY = identity();

  private final RowSet rows;
  private int next;
  private int[] offsets;
  private int start;
  private int base;
  private int size;

  public Chunk(RowSet rows) {
    this.rows = requireNonNull(rows, "rows is null");
  }

  private static int[] identity() {
    int[] identity = new int[SIZE];
    for (int index = 0; index < SIZE; index++) {
      identity[index] = index;
    }
    return identity;
  }

  /** Moves to the next slice; false when the rows are exhausted. */
  public boolean next() {
    if (next >= rows.count()) {
      return false;
    }
    size = Math.min(SIZE, rows.count() - next);
    if (rows.dense()) {
      offsets = IDENTITY;
      start = 0;
      base = next;
    } else {
      offsets = rows.positions();
      start = next;
      base = 0;
    }
    next += size;
    return true;
  }

  /** Number of rows in the current slice. */
  public int size() {
    return size;
  }

  /** True when the current slice is the consecutive rows {@link #base()}..base+size-1. */
  public boolean dense() {
    return offsets == IDENTITY;
  }

  /** The physical position of row {@code index} of the current slice. */
  public int row(int index) {
    return base + offsets[start + index];
  }

  /** The offsets array (see the class comment); shared, not to be modified. */
  int[] offsets() {
    return offsets;
  }

  int start() {
    return start;
  }

  /** The physical position added to every offset. */
  public int base() {
    return base;
  }
}
