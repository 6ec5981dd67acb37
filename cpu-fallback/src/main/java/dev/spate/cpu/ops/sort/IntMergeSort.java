package dev.spate.cpu.ops.sort;

import dev.spate.cpu.ops.vector.RowComparator;

/**
 * A stable merge sort of a primitive {@code int[]} of row indexes with a {@link RowComparator}
 * (insertion sort for short runs), so rows are never boxed.
 */
public final class IntMergeSort {
  private static final int INSERTION_THRESHOLD = 24;

  private IntMergeSort() {}

  /** Sorts {@code rows[0..count)} stably. */
  public static void sort(int[] rows, int count, RowComparator comparator) {
    int[] scratch = rows.clone();
    mergeSort(scratch, rows, 0, count, comparator);
  }

  /** Sorts {@code source[from..to)} into {@code target[from..to)}; both start equal. */
  private static void mergeSort(int[] source, int[] target, int from, int to,
      RowComparator comparator) {
    int length = to - from;
    if (length <= INSERTION_THRESHOLD) {
      for (int index = from + 1; index < to; index++) {
        int row = target[index];
        int position = index - 1;
        while (position >= from && comparator.compare(target[position], row) > 0) {
          target[position + 1] = target[position];
          position--;
        }
        target[position + 1] = row;
      }
      return;
    }
    int middle = (from + to) >>> 1;
    mergeSort(target, source, from, middle, comparator);
    mergeSort(target, source, middle, to, comparator);
    if (comparator.compare(source[middle - 1], source[middle]) <= 0) {
      System.arraycopy(source, from, target, from, length);
      return;
    }
    int left = from;
    int right = middle;
    for (int index = from; index < to; index++) {
      if (right >= to || left < middle && comparator.compare(source[left], source[right]) <= 0) {
        target[index] = source[left++];
      } else {
        target[index] = source[right++];
      }
    }
  }
}
