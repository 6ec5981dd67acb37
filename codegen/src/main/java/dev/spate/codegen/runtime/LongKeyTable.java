package dev.spate.codegen.runtime;

import java.util.Arrays;

/**
 * Groups by one fixed-width key: open addressing with linear probing over a power-of-two slot array
 * (at most half full); the NULL key is a separate group. Slot {@code s} is two adjacent longs of
 * {@link #slots()}: the key at {@code 2s} and the group plus one at {@code 2s + 1} (0: empty), so a
 * probe touches one cache line. Generated code inlines the probe: it starts at slot {@code (int)
 * mix(key) & mask()}, steps to the next slot while the slot holds another key, and calls {@link
 * #insert} at the first empty slot (then reloads {@link #slots()} and {@link #mask()}, which a
 * rehash replaces).
 */
public final class LongKeyTable extends KeyTable {
  private static final int INITIAL_SLOTS = 1024;

  private long[] slots = new long[2 * INITIAL_SLOTS];
  private int mask = INITIAL_SLOTS - 1;
  private long[] groupKeys = new long[256];
  private int groupCount;
  private int nullGroup = -1;

  /** The slot array (key, group + 1 per slot); replaced when the table grows. */
  public long[] slots() {
    return slots;
  }

  /** The number of slots minus one. */
  public int mask() {
    return mask;
  }

  /** The group of the NULL key, created when new. */
  public int nullGroup() {
    if (nullGroup < 0) {
      nullGroup = addGroup(0L);
    }
    return nullGroup;
  }

  /** Creates the group of {@code key} (not yet present) in the empty {@code slot} the probe found. */
  public int insert(long key, int slot) {
    int group = addGroup(key);
    slots[2 * slot] = key;
    slots[2 * slot + 1] = group + 1L;
    int keyed = nullGroup < 0 ? groupCount : groupCount - 1;
    if (keyed * 2 > mask + 1) {
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
    int size = (mask + 1) * 2;
    long[] grown = new long[2 * size];
    int grownMask = size - 1;
    for (int group = 0; group < groupCount; group++) {
      if (group == nullGroup) {
        continue;
      }
      long key = groupKeys[group];
      int slot = (int) mix(key) & grownMask;
      while (grown[2 * slot + 1] != 0L) {
        slot = (slot + 1) & grownMask;
      }
      grown[2 * slot] = key;
      grown[2 * slot + 1] = group + 1L;
    }
    slots = grown;
    mask = grownMask;
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
