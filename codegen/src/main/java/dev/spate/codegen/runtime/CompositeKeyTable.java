package dev.spate.codegen.runtime;

import java.util.Arrays;

/**
 * Groups by several fixed-width keys: each group stores its keys as {@code width} longs plus a
 * bit mask of NULL keys; open addressing with linear probing over slots holding group numbers and
 * cached hashes.
 */
public final class CompositeKeyTable extends KeyTable {
  private final int width;
  private int[] slotGroups = LongKeyTable.newSlots(1024);
  private long[] slotHashes = new long[1024];
  private long[] groupKeys;
  private long[] groupNullMasks = new long[256];
  private int groupCount;

  public CompositeKeyTable(int width) {
    if (width < 1 || width > 64) {
      throw new IllegalArgumentException("composite keys need 1 to 64 columns, got " + width);
    }
    this.width = width;
    this.groupKeys = new long[256 * width];
  }

  /**
   * The group of the key {@code keys[0..width-1]} with NULL keys marked in {@code nullMask} (bit
   * {@code i} for key {@code i}; a NULL key's value must be 0), created when new.
   */
  public int find(long[] keys, long nullMask) {
    long hash = nullMask;
    for (int index = 0; index < width; index++) {
      hash = mix(hash * 31 + keys[index]);
    }
    int mask = slotGroups.length - 1;
    int slot = (int) hash & mask;
    while (true) {
      int group = slotGroups[slot];
      if (group < 0) {
        return insert(slot, hash, keys, nullMask);
      }
      if (slotHashes[slot] == hash && equal(group, keys, nullMask)) {
        return group;
      }
      slot = (slot + 1) & mask;
    }
  }

  private boolean equal(int group, long[] keys, long nullMask) {
    if (groupNullMasks[group] != nullMask) {
      return false;
    }
    int base = group * width;
    for (int index = 0; index < width; index++) {
      if (groupKeys[base + index] != keys[index]) {
        return false;
      }
    }
    return true;
  }

  private int insert(int slot, long hash, long[] keys, long nullMask) {
    if (groupCount == groupNullMasks.length) {
      groupNullMasks = Arrays.copyOf(groupNullMasks, groupCount * 2);
      groupKeys = Arrays.copyOf(groupKeys, groupCount * 2 * width);
    }
    int group = groupCount++;
    System.arraycopy(keys, 0, groupKeys, group * width, width);
    groupNullMasks[group] = nullMask;
    slotGroups[slot] = group;
    slotHashes[slot] = hash;
    if (groupCount * 2 > slotGroups.length) {
      rehash();
    }
    return group;
  }

  private void rehash() {
    int size = slotGroups.length * 2;
    int[] groups = LongKeyTable.newSlots(size);
    long[] hashes = new long[size];
    int mask = size - 1;
    for (int slot = 0; slot < slotGroups.length; slot++) {
      if (slotGroups[slot] < 0) {
        continue;
      }
      int target = (int) slotHashes[slot] & mask;
      while (groups[target] >= 0) {
        target = (target + 1) & mask;
      }
      groups[target] = slotGroups[slot];
      hashes[target] = slotHashes[slot];
    }
    slotGroups = groups;
    slotHashes = hashes;
  }

  @Override
  public int groupCount() {
    return groupCount;
  }

  @Override
  public long key(int group, int keyIndex) {
    return groupKeys[group * width + keyIndex];
  }

  @Override
  public boolean isNull(int group, int keyIndex) {
    return (groupNullMasks[group] & (1L << keyIndex)) != 0;
  }
}
