package dev.spate.cpu.ops.aggregate;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.apache.arrow.vector.FieldVector;

/**
 * {@code min}, {@code max} (NULLs skipped; Spark's order, NaN largest), {@code first} and {@code
 * last} (the first or last row's value, NULL included, as Spark without {@code ignoreNulls};
 * with {@code ignoreNulls} the first or last non-NULL value).
 */
final class ValueAccumulator implements Accumulator {
  enum Mode { MIN, MAX, FIRST, LAST }

  private final Mode mode;
  private final GroupValues values;
  private final boolean ignoreNulls;

  ValueAccumulator(Mode mode, GroupValues values, boolean ignoreNulls) {
    this.mode = requireNonNull(mode, "mode is null");
    this.values = requireNonNull(values, "values is null");
    this.ignoreNulls = ignoreNulls || mode == Mode.MIN || mode == Mode.MAX;
  }

  @Override
  public void ensureGroups(int groupCount) {
    values.ensureGroups(groupCount);
  }

  @Override
  public void update(List<FieldVector> arguments, int[] positions, int[] groupIds, int count) {
    FieldVector argument = arguments.get(0);
    values.bind(argument);
    for (int index = 0; index < count; index++) {
      int group = groupIds[index];
      int row = positions[index];
      if (ignoreNulls && argument.isNull(row)) {
        continue;
      }
      switch (mode) {
        case FIRST:
          if (!values.isAssigned(group)) {
            values.set(group, row);
          }
          break;
        case LAST:
          values.set(group, row);
          break;
        default:
          if (!values.isAssigned(group) || better(row, group)) {
            values.set(group, row);
          }
          break;
      }
    }
  }

  private boolean better(int row, int group) {
    int comparison = values.compare(row, group);
    return mode == Mode.MIN ? comparison < 0 : comparison > 0;
  }

  @Override
  public void write(FieldVector out, int from, int count) {
    for (int index = 0; index < count; index++) {
      values.write(out, index, from + index);
    }
  }
}
