package dev.spate.codegen.runtime;

import java.util.Arrays;

/**
 * Groups by one fixed-width key: open addressing with linear probing over a power-of-two slot array
 * (at most half full) holding group numbers; the NULL key is a separate group.
 */
public final class LongKeyTable extends KeyTable {
  private long[] slotKeys = new long[1024];
  private int[] slotGroups = newSlots(1024);
  private long[] groupKeys = new long[256];
  private int groupCount;
  private int nullGroup = -1;

  /** The group of {@code key} (or of NULL), created when new. */
  public int find(long key, boolean isNull) {
    if (isNull) {
      if (nullGroup < 0) {
        nullGroup = addGroup(0L);
      }
      return nullGroup;
    }
    int mask = slotGroups.length - 1;
    int slot = (int) mix(key) & mask;
    while (true) {
      int group = slotGroups[slot];
      if (group < 0) {
        return insert(slot, key);
      }
      if (slotKeys[slot] == key) {
        return group;
      }
      slot = (slot + 1) & mask;
    }
  }

  private int insert(int slot, long key) {
    int group = addGroup(key);
    slotKeys[slot] = key;
    slotGroups[slot] = group;
    if (groupCount * 2 > slotGroups.length) {
      rehash();
    }
    return group;
  }

  private int addGroup(long key) {
    if (groupCount == groupKeys.length) {
      groupKeys = Arrays.copyOf(groupKeys, groupCount * 2);
    }
    groupKeys[groupCount] = key;
    return groupCount++;
  }

  private void rehash() {
    int size = slotGroups.length * 2;
    long[] keys = new long[size];
    int[] groups = newSlots(size);
    int mask = size - 1;
    for (int group = 0; group < groupCount; group++) {
      if (group == nullGroup) {
        continue;
      }
      long key = groupKeys[group];
      int slot = (int) mix(key) & mask;
      while (groups[slot] >= 0) {
        slot = (slot + 1) & mask;
      }
      keys[slot] = key;
      groups[slot] = group;
    }
    slotKeys = keys;
    slotGroups = groups;
  }

  static int[] newSlots(int size) {
    int[] slots = new int[size];
    Arrays.fill(slots, -1);
    return slots;
  }

  @Override
  public int groupCount() {
    return groupCount;
  }

  @Override
  public long key(int group, int keyIndex) {
    return groupKeys[group];
  }

  @Override
  public boolean isNull(int group, int keyIndex) {
    return group == nullGroup;
  }
}
