package dev.spate.cpu.ops.hash;

import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/** The table for a global aggregate (no keys): exactly one group, even before any row. */
final class SingleGroupTable implements GroupTable {
  @Override
  public void findGroups(List<FieldVector> keys, int[] positions, int count, boolean insert,
      int[] groupIds) {
    Arrays.fill(groupIds, 0, count, 0);
  }

  @Override
  public int groupCount() {
    return 1;
  }

  @Override
  public List<FieldVector> keyVectors(int from, int count, List<Field> fields,
      BufferAllocator allocator) {
    return List.of();
  }

  @Override
  public void close() {}
}
