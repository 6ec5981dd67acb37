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
 *
 * <p>Keys of a narrow range are also found without hashing, through a direct index: when a batch's
 * keys lie in a range of at most {@link #DIRECT_MAX_RANGE} values ({@link #direct}), the group of
 * key {@code k} is {@code directGroups()[k - directBase()]} (-1 for a key not seen yet, whose group
 * {@link #addDirect} creates). Every group whose key lies in the index's range is in it. Groups
 * created through the index are added to the slot array only when the probe needs it again (the
 * next {@link #slots()}).
 */
public final class LongKeyTable extends KeyTable {
  /** The widest key range (and so the most ints) of the direct index: 4 MiB. */
  public static final int DIRECT_MAX_RANGE = 1 << 20;
  private static final int INITIAL_SLOTS = 1024;
  /** 2^64 divided by the golden ratio: multiplying by it scatters keys over the high bits. */
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private long[] slots = new long[2 * INITIAL_SLOTS];
  private int mask = INITIAL_SLOTS - 1;
  private int shift = 64 - Integer.numberOfTrailingZeros(INITIAL_SLOTS);
  /** Groups {@code [0, slotted)} are in the slot array (but the NULL group, which never is). */
  private int slotted;
  private int[] directGroups = new int[0];
  private long directBase;
  /** The smallest and largest key the direct index was asked to cover. */
  private long directLowest;
  private long directHighest;
  private long[] groupKeys = new long[256];
  private int groupCount;
  private int nullGroup = -1;

  /** The slot array (key, group + 1 per slot), holding every group; replaced when it grows. */
  public long[] slots() {
    if (slotted < groupCount) {
      int size = mask + 1;
      while (keyedGroups() * 2 > size) {
        size *= 2;
      }
      if (size == mask + 1) {
        for (int group = slotted; group < groupCount; group++) {
          place(group);
        }
        slotted = groupCount;
      } else {
        rebuild(size);
      }
    }
    return slots;
  }

  /**
   * Whether keys in {@code [minimum, maximum]} are found through the direct index, which this
   * creates or widens to cover them when the resulting range has at most {@link #DIRECT_MAX_RANGE}
   * keys.
   */
  public boolean direct(long minimum, long maximum) {
    long end = directBase + directGroups.length;
    if (minimum >= directBase && maximum < end && minimum <= maximum) {
      directLowest = Math.min(directLowest, minimum);
      directHighest = Math.max(directHighest, maximum);
      return true;
    }
    long base = directGroups.length == 0 ? minimum : Math.min(minimum, directLowest);
    long last = directGroups.length == 0 ? maximum : Math.max(maximum, directHighest);
    if (maximum < minimum || last - base >= DIRECT_MAX_RANGE || last - base < 0) {
      return false;
    }
    // room to grow upwards, as keys such as ids or times rise from batch to batch
    int length = (int) Math.min(DIRECT_MAX_RANGE, Math.max(2 * (last - base + 1), 1024));
    if (base > Long.MAX_VALUE - length) {
      return false;
    }
    int[] grown = newSlots(length);
    for (int group = 0; group < groupCount; group++) {
      long offset = groupKeys[group] - base;
      if (group != nullGroup && offset >= 0 && offset < length) {
        grown[(int) offset] = group;
      }
    }
    directGroups = grown;
    directBase = base;
    directLowest = base;
    directHighest = last;
    return true;
  }

  /** The direct index: the group of key {@code k} at {@code k - directBase()}, or -1. */
  public int[] directGroups() {
    return directGroups;
  }

  /** The smallest key of the direct index. */
  public long directBase() {
    return directBase;
  }

  /** Creates the group of {@code key} (in the direct index's range, not yet present). */
  public int addDirect(long key) {
    int group = addGroup(key);
    directGroups[(int) (key - directBase)] = group;
    return group;
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
    long offset = key - directBase;
    if (offset >= 0 && offset < directGroups.length) {
      directGroups[(int) offset] = group;
    }
    slotted = groupCount;
    if (keyedGroups() * 2 > mask + 1) {
      rebuild((mask + 1) * 2);
    }
    return group;
  }

  private int keyedGroups() {
    return nullGroup < 0 ? groupCount : groupCount - 1;
  }

  private int addGroup(long key) {
    if (groupCount == groupKeys.length) {
      groupKeys = Arrays.copyOf(groupKeys, groupCount * 2);
    }
    groupKeys[groupCount] = key;
    return groupCount++;
  }

  /** Replaces the slot array by one of {@code size} slots holding every group. */
  private void rebuild(int size) {
    slots = new long[2 * size];
    mask = size - 1;
    shift = 64 - Integer.numberOfTrailingZeros(size);
    for (int group = 0; group < groupCount; group++) {
      place(group);
    }
    slotted = groupCount;
  }

  /** Puts {@code group} (unless the NULL group) into the first free slot of its key's probe. */
  private void place(int group) {
    if (group == nullGroup) {
      return;
    }
    long key = groupKeys[group];
    int slot = home(key, shift);
    while (slots[2 * slot + 1] != 0L) {
      slot = (slot + 1) & mask;
    }
    slots[2 * slot] = key;
    slots[2 * slot + 1] = group + 1L;
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
