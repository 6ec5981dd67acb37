package dev.spate.cpu.ops.hash;

import dev.spate.cpu.ops.vector.FixedWidthValues;
import dev.spate.planner.batch.VectorGather;
import dev.spate.planner.batch.VectorValues;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * The fast path for one fixed-width key (integers, booleans, dates, timestamps, floats): keys are
 * normalised longs in a primitive array, looked up by open addressing with linear probing; the NULL
 * key is a group of its own outside the table.
 */
final class LongGroupTable implements GroupTable {
  private static final int INITIAL_SLOTS = 1024;

  private long[] keys = new long[INITIAL_SLOTS / 2];
  /** Group id + 1 per slot; 0 marks an empty slot. */
  private int[] slots = new int[INITIAL_SLOTS];
  private int mask = INITIAL_SLOTS - 1;
  private int groupCount;
  private int nullGroup = -1;
  private long[] scratch = new long[0];

  @Override
  public void findGroups(List<FieldVector> keyColumns, int[] positions, int count, boolean insert,
      int[] groupIds) {
    FieldVector column = keyColumns.get(0);
    if (scratch.length < count) {
      scratch = new long[count];
    }
    FixedWidthValues.readKeys(column, positions, count, scratch);
    boolean mayHaveNulls = column.getNullCount() > 0;
    for (int index = 0; index < count; index++) {
      if (mayHaveNulls && column.isNull(positions[index])) {
        if (nullGroup < 0 && insert) {
          nullGroup = newGroup(0L);
        }
        groupIds[index] = nullGroup;
      } else {
        groupIds[index] = find(scratch[index], insert);
      }
    }
  }

  private int find(long key, boolean insert) {
    int slot = (int) RowHasher.mix(key) & mask;
    while (true) {
      int entry = slots[slot];
      if (entry == 0) {
        if (!insert) {
          return -1;
        }
        int group = newGroup(key);
        slots[slot] = group + 1;
        if (groupCount * 2 > slots.length) {
          rehash();
        }
        return group;
      }
      if (keys[entry - 1] == key && entry - 1 != nullGroup) {
        return entry - 1;
      }
      slot = (slot + 1) & mask;
    }
  }

  private int newGroup(long key) {
    if (groupCount == keys.length) {
      keys = Arrays.copyOf(keys, keys.length * 2);
    }
    keys[groupCount] = key;
    return groupCount++;
  }

  private void rehash() {
    slots = new int[slots.length * 2];
    mask = slots.length - 1;
    for (int group = 0; group < groupCount; group++) {
      if (group == nullGroup) {
        continue;
      }
      int slot = (int) RowHasher.mix(keys[group]) & mask;
      while (slots[slot] != 0) {
        slot = (slot + 1) & mask;
      }
      slots[slot] = group + 1;
    }
  }

  @Override
  public int groupCount() {
    return groupCount;
  }

  @Override
  public List<FieldVector> keyVectors(int from, int count, List<Field> fields,
      BufferAllocator allocator) {
    FieldVector vector = VectorGather.allocate(fields.get(0), count, allocator);
    try {
      FixedWidthValues.writeKeys(vector, keys, from, count);
      if (nullGroup >= from && nullGroup < from + count) {
        VectorValues.setNull(vector, nullGroup - from);
      }
      vector.setValueCount(count);
      return List.of(vector);
    } catch (RuntimeException e) {
      vector.close();
      throw e;
    }
  }

  @Override
  public void close() {
    keys = new long[0];
    slots = new int[0];
  }
}
