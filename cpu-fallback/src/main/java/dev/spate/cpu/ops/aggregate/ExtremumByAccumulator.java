package dev.spate.cpu.ops.aggregate;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.apache.arrow.vector.FieldVector;

/**
 * {@code max_by(x, y)} and {@code min_by(x, y)}: the value of {@code x} in the row whose {@code y}
 * is the largest (smallest) in the group, in Spark's order (NaN largest). Rows with a NULL {@code
 * y} are skipped; a NULL {@code x} in the chosen row gives NULL; among equal {@code y} the first
 * row read wins; a group without a non-NULL {@code y} gives NULL.
 */
final class ExtremumByAccumulator implements Accumulator {
  private final boolean maximum;
  private final GroupValues values;
  private final GroupValues orderings;

  /**
   * @param maximum true for {@code max_by}, false for {@code min_by}
   * @param values holds the chosen {@code x} per group
   * @param orderings holds the chosen {@code y} per group; comparable
   */
  ExtremumByAccumulator(boolean maximum, GroupValues values, GroupValues orderings) {
    this.maximum = maximum;
    this.values = requireNonNull(values, "values is null");
    this.orderings = requireNonNull(orderings, "orderings is null");
  }

  @Override
  public void ensureGroups(int groupCount) {
    values.ensureGroups(groupCount);
    orderings.ensureGroups(groupCount);
  }

  @Override
  public void update(List<FieldVector> arguments, int[] positions, int[] groupIds, int count) {
    FieldVector ordering = arguments.get(1);
    values.bind(arguments.get(0));
    orderings.bind(ordering);
    for (int index = 0; index < count; index++) {
      int group = groupIds[index];
      int row = positions[index];
      if (ordering.isNull(row)) {
        continue;
      }
      if (!orderings.isAssigned(group) || better(orderings.compare(row, group))) {
        orderings.set(group, row);
        values.set(group, row);
      }
    }
  }

  private boolean better(int comparison) {
    return maximum ? comparison > 0 : comparison < 0;
  }

  @Override
  public void write(FieldVector out, int from, int count) {
    for (int index = 0; index < count; index++) {
      values.write(out, index, from + index);
    }
  }
}
