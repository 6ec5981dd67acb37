package dev.spate.cpu.ops.hash;

import dev.spate.cpu.ops.vector.RowComparator;
import dev.spate.cpu.ops.vector.ValueComparators;
import dev.spate.planner.batch.VectorGather;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.util.TransferPair;

/**
 * The general table for any number of keys of any type (strings, decimals, structs, arrays): the
 * distinct keys are appended to growable Arrow vectors (group id = row), each group's 64-bit hash
 * is kept in a primitive array, and lookups probe an open-addressing table of group ids.
 */
final class VectorGroupTable implements GroupTable {
  private static final int INITIAL_SLOTS = 1024;

  private final List<FieldVector> keyVectors = new ArrayList<>();
  private long[] groupHashes = new long[INITIAL_SLOTS / 2];
  private int[] slots = new int[INITIAL_SLOTS];
  private int mask = INITIAL_SLOTS - 1;
  private int groupCount;
  private long[] hashes = new long[0];
  private long[] scratch = new long[0];

  VectorGroupTable(List<Field> keyFields, BufferAllocator allocator) {
    try {
      for (Field field : keyFields) {
        keyVectors.add(VectorGather.allocate(field, INITIAL_SLOTS, allocator));
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  @Override
  public void findGroups(List<FieldVector> keys, int[] positions, int count, boolean insert,
      int[] groupIds) {
    if (hashes.length < count) {
      hashes = new long[count];
      scratch = new long[count];
    }
    RowHasher.hashRows(keys, positions, count, hashes, scratch);
    int columns = keys.size();
    RowComparator[] equality = new RowComparator[columns];
    TransferPair[] copiers = new TransferPair[columns];
    for (int column = 0; column < columns; column++) {
      equality[column] = ValueComparators.nullsFirst(keys.get(column), keyVectors.get(column));
      copiers[column] = keys.get(column).makeTransferPair(keyVectors.get(column));
    }
    for (int index = 0; index < count; index++) {
      int row = positions[index];
      long hash = hashes[index];
      int slot = (int) hash & mask;
      while (true) {
        int entry = slots[slot];
        if (entry == 0) {
          groupIds[index] = insert ? insert(row, hash, slot, copiers) : -1;
          break;
        }
        int group = entry - 1;
        if (groupHashes[group] == hash && equal(equality, row, group)) {
          groupIds[index] = group;
          break;
        }
        slot = (slot + 1) & mask;
      }
    }
  }

  private static boolean equal(RowComparator[] equality, int row, int group) {
    for (RowComparator column : equality) {
      if (column.compare(row, group) != 0) {
        return false;
      }
    }
    return true;
  }

  private int insert(int row, long hash, int slot, TransferPair[] copiers) {
    int group = groupCount++;
    if (group == groupHashes.length) {
      groupHashes = Arrays.copyOf(groupHashes, groupHashes.length * 2);
    }
    groupHashes[group] = hash;
    for (TransferPair copier : copiers) {
      copier.copyValueSafe(row, group);
    }
    for (FieldVector vector : keyVectors) {
      vector.setValueCount(groupCount);
    }
    slots[slot] = group + 1;
    if (groupCount * 2 > slots.length) {
      rehash();
    }
    return group;
  }

  private void rehash() {
    slots = new int[slots.length * 2];
    mask = slots.length - 1;
    for (int group = 0; group < groupCount; group++) {
      int slot = (int) groupHashes[group] & mask;
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
    int[] positions = new int[count];
    for (int index = 0; index < count; index++) {
      positions[index] = from + index;
    }
    List<FieldVector> result = new ArrayList<>(fields.size());
    try {
      for (int column = 0; column < fields.size(); column++) {
        result.add(VectorGather.gather(keyVectors.get(column), positions, count,
            fields.get(column), allocator));
      }
      return result;
    } catch (RuntimeException e) {
      result.forEach(FieldVector::close);
      throw e;
    }
  }

  @Override
  public void close() {
    for (FieldVector vector : keyVectors) {
      vector.close();
    }
    keyVectors.clear();
  }
}
