package dev.spate.cpu.ops.aggregate;

import static java.util.Objects.requireNonNull;

import dev.spate.cpu.ops.hash.GroupTable;
import dev.spate.planner.types.DataTypes;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * A DISTINCT aggregate: passes each (group, arguments) tuple to the underlying accumulator only the
 * first time it is seen, remembered in a {@link GroupTable} keyed by group id and arguments.
 */
final class DistinctAccumulator implements Accumulator {
  private final Accumulator delegate;
  private final GroupTable seen;
  private final BufferAllocator allocator;
  private int[] tupleIds = new int[0];

  DistinctAccumulator(Accumulator delegate, List<Field> argumentTypes, BufferAllocator allocator) {
    this.delegate = requireNonNull(delegate, "delegate is null");
    this.allocator = requireNonNull(allocator, "allocator is null");
    List<Field> keys = new ArrayList<>();
    keys.add(DataTypes.field("group", DataTypes.INT, false));
    keys.addAll(argumentTypes);
    this.seen = GroupTable.create(keys, allocator);
  }

  @Override
  public void ensureGroups(int groupCount) {
    delegate.ensureGroups(groupCount);
  }

  @Override
  public void update(List<FieldVector> arguments, int[] positions, int[] groupIds, int count) {
    if (count == 0) {
      return;
    }
    int rows = arguments.get(0).getValueCount();
    try (IntVector groups = new IntVector("group", allocator)) {
      groups.allocateNew(rows);
      for (int index = 0; index < count; index++) {
        groups.set(positions[index], groupIds[index]);
      }
      groups.setValueCount(rows);
      List<FieldVector> keys = new ArrayList<>();
      keys.add(groups);
      keys.addAll(arguments);
      if (tupleIds.length < count) {
        tupleIds = new int[count];
      }
      int before = seen.groupCount();
      seen.findGroups(keys, positions, count, true, tupleIds);
      int[] newPositions = new int[count];
      int[] newGroups = new int[count];
      int kept = 0;
      int nextNew = before;
      for (int index = 0; index < count; index++) {
        if (tupleIds[index] == nextNew) {
          newPositions[kept] = positions[index];
          newGroups[kept] = groupIds[index];
          kept++;
          nextNew++;
        }
      }
      delegate.update(arguments, newPositions, newGroups, kept);
    }
  }

  @Override
  public void write(FieldVector out, int from, int count) {
    delegate.write(out, from, count);
  }

  @Override
  public void close() {
    seen.close();
  }
}
