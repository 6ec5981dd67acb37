package dev.spate.codegen.runtime;

import java.util.Arrays;

/**
 * Groups by one fixed-width key: open addressing with linear probing over a power-of-two slot array
 * (at most half full); the NULL key is a separate group. Slot {@code s} is two adjacent longs of
 * {@link #slots()}: the key at {@code 2s} and the group plus one at {@code 2s + 1} (0: empty), so a
 * probe touches one cache line. Generated code inlines the probe: it starts at slot {@link
 * #home home(key, shift())}, steps to the next slot (modulo {@link #mask()} + 1) while the slot
 * holds another key, and calls {@link #insert} at the first empty slot (then reloads {@link
 * #slots()}, {@link #mask()} and {@link #shift()}, which a rehash replaces).
 */
public final class LongKeyTable extends KeyTable {
  private static final int INITIAL_SLOTS = 1024;
  /** 2^64 divided by the golden ratio: multiplying by it scatters keys over the high bits. */
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private long[] slots = new long[2 * INITIAL_SLOTS];
  private int mask = INITIAL_SLOTS - 1;
  private int shift = 64 - Integer.numberOfTrailingZeros(INITIAL_SLOTS);
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

  /** 64 minus the base-2 logarithm of the number of slots. */
  public int shift() {
    return shift;
  }

  /**
   * The first slot probed for {@code key} in a table of {@code 2^(64 - shift)} slots: Fibonacci
   * hashing (one multiplication, the product's high bits), which spreads sequential keys and keys
   * differing only in high bits alike.
   */
  public static int home(long key, int shift) {
    return (int) ((key * GOLDEN) >>> shift);
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
    int grownShift = shift - 1;
    for (int group = 0; group < groupCount; group++) {
      if (group == nullGroup) {
        continue;
      }
      long key = groupKeys[group];
      int slot = home(key, grownShift);
      while (grown[2 * slot + 1] != 0L) {
        slot = (slot + 1) & grownMask;
      }
      grown[2 * slot] = key;
      grown[2 * slot + 1] = group + 1L;
    }
    slots = grown;
    mask = grownMask;
    shift = grownShift;
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
