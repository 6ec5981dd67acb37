package dev.spate.codegen.runtime;

import java.util.Arrays;

/**
 * Groups by one key of a small known domain (BOOLEAN, TINYINT, SMALLINT): the key indexes a slot
 * array directly ({@code key - minimum}, the last slot for NULL), no hashing or probing.
 */
public final class DirectKeyTable extends KeyTable {
  private final long minimum;
  private final int[] slotGroups;
  private long[] groupKeys = new long[64];
  private boolean[] groupNulls = new boolean[64];
  private int groupCount;

  /** A table for keys in {@code [minimum, maximum]}. */
  public DirectKeyTable(long minimum, long maximum) {
    this.minimum = minimum;
    this.slotGroups = LongKeyTable.newSlots((int) (maximum - minimum + 2));
  }

  /** The group of {@code key} (or of NULL), created when new. */
  public int find(long key, boolean isNull) {
    int slot = isNull ? slotGroups.length - 1 : (int) (key - minimum);
    int group = slotGroups[slot];
    if (group >= 0) {
      return group;
    }
    if (groupCount == groupKeys.length) {
      groupKeys = Arrays.copyOf(groupKeys, groupCount * 2);
      groupNulls = Arrays.copyOf(groupNulls, groupCount * 2);
    }
    groupKeys[groupCount] = key;
    groupNulls[groupCount] = isNull;
    slotGroups[slot] = groupCount;
    return groupCount++;
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
    return groupNulls[group];
  }
}
