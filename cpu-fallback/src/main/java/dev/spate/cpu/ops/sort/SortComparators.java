package dev.spate.cpu.ops.sort;

import dev.spate.cpu.ops.vector.RowComparator;
import dev.spate.cpu.ops.vector.ValueComparators;
import dev.spate.planner.expr.SortOrder;
import java.util.List;
import org.apache.arrow.vector.FieldVector;

/**
 * Builds the row comparator of a multi-key sort: per key its direction and NULL placement (NULL
 * placement is not reversed by DESC), over Spark's value order of {@link ValueComparators}.
 */
public final class SortComparators {
  private SortComparators() {}

  /** Compares rows of {@code keys} (one vector per sort key, same row space) by {@code order}. */
  public static RowComparator of(List<FieldVector> keys, List<SortOrder> order) {
    RowComparator[] comparators = new RowComparator[keys.size()];
    for (int index = 0; index < comparators.length; index++) {
      comparators[index] = key(keys.get(index), order.get(index));
    }
    if (comparators.length == 1) {
      return comparators[0];
    }
    return (left, right) -> {
      for (RowComparator comparator : comparators) {
        int result = comparator.compare(left, right);
        if (result != 0) {
          return result;
        }
      }
      return 0;
    };
  }

  private static RowComparator key(FieldVector vector, SortOrder order) {
    RowComparator values = ValueComparators.of(vector, vector);
    boolean ascending = order.ascending();
    int nullSign = order.nullsFirst() ? -1 : 1;
    return (left, right) -> {
      boolean leftNull = vector.isNull(left);
      boolean rightNull = vector.isNull(right);
      if (leftNull || rightNull) {
        return leftNull == rightNull ? 0 : leftNull ? nullSign : -nullSign;
      }
      int result = values.compare(left, right);
      return ascending ? result : -result;
    };
  }
}
