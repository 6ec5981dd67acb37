package dev.spate.codegen.generate;

import dev.spate.planner.expr.AggregateCall;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where the per-group state of a generated aggregation lives: one {@code long[]} holding a row of
 * {@link #stride()} slots per group (group {@code g} at {@code g * stride}), so that updating all
 * aggregates of a row touches one or two cache lines instead of one per aggregate and state array.
 * Every aggregate has a count slot, the number of rows whose arguments were all non-NULL;
 * aggregates over equal argument lists share it ({@code count(v)}, {@code sum(v)}, {@code min(v)} count the
 * same rows). Aggregates other than {@code count} also have a value slot: a long, or a double's raw
 * bits. A new row starts as {@link #initialRow()}: zero, except the extremes, which start at the
 * value every input replaces (so their update needs no test of the count).
 */
public final class StateLayout {
  private final int stride;
  private final int[] countSlots;
  private final int[] valueSlots;
  private final boolean[] countOwners;
  private final long[] initialRow;

  private StateLayout(int stride, int[] countSlots, int[] valueSlots, boolean[] countOwners,
      long[] initialRow) {
    this.stride = stride;
    this.countSlots = countSlots;
    this.valueSlots = valueSlots;
    this.countOwners = countOwners;
    this.initialRow = initialRow;
  }

  /** The layout of {@code calls}, whose state kinds are {@code layouts} (same order). */
  public static StateLayout of(List<AggregateCall> calls, List<AggregateLayout> layouts) {
    int size = calls.size();
    int[] countSlots = new int[size];
    int[] valueSlots = new int[size];
    boolean[] countOwners = new boolean[size];
    List<Long> initial = new ArrayList<>();
    for (int index = 0; index < size; index++) {
      int shared = -1;
      for (int earlier = 0; earlier < index && shared < 0; earlier++) {
        if (calls.get(earlier).arguments().equals(calls.get(index).arguments())) {
          shared = countSlots[earlier];
        }
      }
      countOwners[index] = shared < 0;
      if (shared < 0) {
        shared = initial.size();
        initial.add(0L);
      }
      countSlots[index] = shared;
      valueSlots[index] = -1;
      if (layouts.get(index) != AggregateLayout.COUNT) {
        valueSlots[index] = initial.size();
        initial.add(initialBits(layouts.get(index)));
      }
    }
    long[] initialRow = new long[initial.size()];
    for (int slot = 0; slot < initialRow.length; slot++) {
      initialRow[slot] = initial.get(slot);
    }
    return new StateLayout(initialRow.length, countSlots, valueSlots, countOwners, initialRow);
  }

  /**
   * The starting bits of a value slot: the largest long for a minimum, the smallest for a maximum;
   * for floating extremes NaN (greater than every other value in Spark's order) and -Infinity.
   */
  private static long initialBits(AggregateLayout layout) {
    switch (layout) {
      case MIN_LONG:
        return Long.MAX_VALUE;
      case MAX_LONG:
        return Long.MIN_VALUE;
      case MIN_DOUBLE:
        return Double.doubleToRawLongBits(Double.NaN);
      case MAX_DOUBLE:
        return Double.doubleToRawLongBits(Double.NEGATIVE_INFINITY);
      default:
        return 0L;
    }
  }

  /** Slots per group. */
  public int stride() {
    return stride;
  }

  /** The slot of aggregate {@code index}'s count of non-NULL inputs. */
  public int countSlot(int index) {
    return countSlots[index];
  }

  /** The slot of aggregate {@code index}'s value, or -1 for {@code count}. */
  public int valueSlot(int index) {
    return valueSlots[index];
  }

  /** Whether aggregate {@code index} increments its count slot (the first of those sharing it). */
  public boolean ownsCount(int index) {
    return countOwners[index];
  }

  /** Whether some slot starts other than zero (new rows must be written). */
  public boolean needsInitialization() {
    for (long bits : initialRow) {
      if (bits != 0L) {
        return true;
      }
    }
    return false;
  }

  /** A new group's slots. */
  public long[] initialRow() {
    return initialRow.clone();
  }

  @Override
  public String toString() {
    return "StateLayout[stride=" + stride + ", counts=" + Arrays.toString(countSlots)
        + ", values=" + Arrays.toString(valueSlots) + "]";
  }
}
