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

  /**
   * The first {@code count} entries of {@code positions} (strictly increasing, below {@code
   * length}); the array is kept, not copied. All rows when they are exactly {@code 0..length-1}.
   */
  public static RowSet of(int[] positions, int count, int length) {
    return count == length ? all(length) : new RowSet(positions, count, length);
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

  /**
   * The positions array whose first {@link #count()} entries are the rows (shared, not to be
   * modified); null when {@link #dense()}.
   */
  public int[] positions() {
    return positions;
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
    return of(selected, selectedCount, length);
  }

  /** The rows of this set that are not in {@code subset} (a subset of this set). */
  public RowSet minus(RowSet subset) {
    int[] rest = new int[count - subset.count()];
    int restCount = 0;
    int next = 0;
    for (int index = 0; index < count; index++) {
      int row = position(index);
      if (next < subset.count() && subset.position(next) == row) {
        next++;
      } else {
        rest[restCount++] = row;
      }
    }
    return of(rest, restCount, length);
  }

  /** The rows in this set or in {@code other} (both sets over the same length). */
  public RowSet union(RowSet other) {
    if (dense() || other.count() == 0) {
      return this;
    }
    if (other.dense() || count == 0) {
      return other;
    }
    int[] merged = new int[count + other.count()];
    int mergedCount = 0;
    int left = 0;
    int right = 0;
    while (left < count || right < other.count()) {
      int leftRow = left < count ? positions[left] : Integer.MAX_VALUE;
      int rightRow = right < other.count() ? other.positions[right] : Integer.MAX_VALUE;
      if (leftRow <= rightRow) {
        left++;
        right += leftRow == rightRow ? 1 : 0;
        merged[mergedCount++] = leftRow;
      } else {
        right++;
        merged[mergedCount++] = rightRow;
      }
    }
    return of(merged, mergedCount, length);
  }
}
