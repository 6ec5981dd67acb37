package dev.spate.cpu.ops.vector;

/**
 * Compares row {@code leftRow} of one vector with row {@code rightRow} of another (or the same), as
 * bound by {@link ValueComparators}. Negative, zero or positive like {@link java.util.Comparator}.
 */
@FunctionalInterface
public interface RowComparator {
  int compare(int leftRow, int rightRow);
}
