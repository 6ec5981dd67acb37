package dev.spate.cpu.ops.aggregate;

import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;

/** {@code count(*)} (no arguments) or {@code count(x, ...)}: rows where no argument is NULL. */
final class CountAccumulator implements Accumulator {
  private long[] counts = new long[0];

  @Override
  public void ensureGroups(int groupCount) {
    if (counts.length < groupCount) {
      counts = Arrays.copyOf(counts, Math.max(groupCount, counts.length * 2));
    }
  }

  @Override
  public void update(List<FieldVector> arguments, int[] positions, int[] groupIds, int count) {
    if (arguments.isEmpty()) {
      for (int index = 0; index < count; index++) {
        counts[groupIds[index]]++;
      }
      return;
    }
    for (int index = 0; index < count; index++) {
      int row = positions[index];
      boolean anyNull = false;
      for (FieldVector argument : arguments) {
        anyNull |= argument.isNull(row);
      }
      if (!anyNull) {
        counts[groupIds[index]]++;
      }
    }
  }

  @Override
  public void write(FieldVector out, int from, int count) {
    BigIntVector vector = (BigIntVector) out;
    for (int index = 0; index < count; index++) {
      vector.setSafe(index, counts[from + index]);
    }
  }
}
