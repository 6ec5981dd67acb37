package dev.spate.cpu.expr;

import dev.spate.planner.batch.ColumnarBatch;

/**
 * The rows of a batch an expression node evaluates: a strictly increasing list of physical
 * positions (or all rows {@code 0..length-1} when dense) over vectors of physical length {@link
 * #length()}. Lazy constructs (CASE, COALESCE, AND, OR) evaluate their later arguments on subsets.
 */
public final class RowSet {
  private final int[] positions;
  private final int count;
  private final int length;

  private RowSet(int[] positions, int count, int length) {
    this.positions = positions;
    this.count = count;
    this.length = length;
  }

  /** All rows {@code 0..length-1}. */
  public static RowSet all(int length) {
    return new RowSet(null, length, length);
  }

  /** The live rows of {@code batch}. */
  public static RowSet of(ColumnarBatch batch) {
    return new RowSet(batch.selection(), batch.selectedCount(), batch.rowCount());
  }

  /** Number of rows in the set. */
  public int count() {
    return count;
  }

  /** Physical length of the vectors these rows index. */
  public int length() {
    return length;
  }

  /** True when the set holds every row {@code 0..length-1}. */
  public boolean dense() {
    return positions == null;
  }

  /** The physical position of the {@code index}-th row. */
  public int position(int index) {
    return positions == null ? index : positions[index];
  }

  /** The rows of this set whose position is marked in {@code keep} (indexed by position). */
  public RowSet select(boolean[] keep) {
    int[] selected = new int[count];
    int selectedCount = 0;
    for (int index = 0; index < count; index++) {
      int row = position(index);
      if (keep[row]) {
        selected[selectedCount++] = row;
      }
    }
    if (selectedCount == length) {
      return all(length);
    }
    return new RowSet(selected, selectedCount, length);
  }
}
