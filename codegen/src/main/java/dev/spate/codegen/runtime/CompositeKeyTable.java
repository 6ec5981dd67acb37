package dev.spate.codegen.runtime;

import dev.spate.SpateException;
import java.util.Arrays;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.VarCharVector;

/**
 * Groups by several keys, or by keys of which some are strings: each group stores its keys as
 * {@code width} longs plus a bit mask of NULL keys; open addressing with linear probing over slots
 * holding group numbers and cached hashes.
 *
 * <p>Fixed-width keys are longs ({@link KeyTable}). String keys (bit {@code i} of the {@code
 * stringKeys} mask for key {@code i}) are UTF-8 bytes: the prober passes their address in Arrow
 * memory and their byte length ({@link #find(long[], int[], long)}); a new group copies the bytes
 * into a growable heap arena and stores the key as {@code arenaOffset << 32 | length}. Equality is
 * byte-wise, so the empty string and NULL (the null mask) are distinct keys.
 */
public final class CompositeKeyTable extends KeyTable {
  /** The largest arena the JVM allocates reliably. */
  private static final int MAX_ARENA = Integer.MAX_VALUE - 8;

  private final int width;
  private final long stringKeys;
  private int[] slotGroups = LongKeyTable.newSlots(1024);
  private long[] slotHashes = new long[1024];
  private long[] groupKeys;
  private long[] groupNullMasks = new long[256];
  private byte[] arena;
  private int arenaUsed;
  private int groupCount;

  /** A table of {@code width} fixed-width keys. */
  public CompositeKeyTable(int width) {
    this(width, 0L);
  }

  /** A table of {@code width} keys, key {@code i} a string when bit {@code i} of {@code stringKeys} is set. */
  public CompositeKeyTable(int width, long stringKeys) {
    if (width < 1 || width > 64) {
      throw new IllegalArgumentException("composite keys need 1 to 64 columns, got " + width);
    }
    if (width < 64 && (stringKeys >>> width) != 0) {
      throw new IllegalArgumentException("string key mask " + Long.toBinaryString(stringKeys)
          + " names keys beyond the " + width + " keys");
    }
    this.width = width;
    this.stringKeys = stringKeys;
    this.groupKeys = new long[256 * width];
    this.arena = new byte[stringKeys == 0L ? 0 : 4096];
  }

  /**
   * The group of the fixed-width keys {@code keys[0..width-1]} with NULL keys marked in {@code
   * nullMask} (bit {@code i} for key {@code i}; a NULL key's value must be 0), created when new.
   */
  public int find(long[] keys, long nullMask) {
    return find(keys, null, nullMask);
  }

  /**
   * The group of the keys {@code keys[0..width-1]} (a string key as the address of its first UTF-8
   * byte with its byte length in {@code lengths}, which may be null without string keys; other
   * keys as longs, their lengths ignored) with NULL keys marked in {@code nullMask} (a NULL key's
   * value and length must be 0), created when new.
   */
  public int find(long[] keys, int[] lengths, long nullMask) {
    long hash = nullMask;
    for (int index = 0; index < width; index++) {
      long part = string(index) ? hashBytes(keys[index], lengths[index]) : keys[index];
      hash = mix(hash * 31 + part);
    }
    int mask = slotGroups.length - 1;
    int slot = (int) hash & mask;
    while (true) {
      int group = slotGroups[slot];
      if (group < 0) {
        return insert(slot, hash, keys, lengths, nullMask);
      }
      if (slotHashes[slot] == hash && groupNullMasks[group] == nullMask
          && equal(group, keys, lengths)) {
        return group;
      }
      slot = (slot + 1) & mask;
    }
  }

  private boolean string(int keyIndex) {
    return (stringKeys & (1L << keyIndex)) != 0;
  }

  /** A hash of {@code length} bytes at {@code address}, eight at a time. */
  static long hashBytes(long address, int length) {
    long hash = length;
    int index = 0;
    for (; index + 8 <= length; index += 8) {
      hash = mix(hash ^ MemoryUtil.getLong(address + index));
    }
    long tail = 0L;
    for (int shift = 0; index < length; index++, shift += 8) {
      tail |= (MemoryUtil.getByte(address + index) & 0xFFL) << shift;
    }
    return mix(hash ^ tail);
  }

  private boolean equal(int group, long[] keys, int[] lengths) {
    int base = group * width;
    for (int index = 0; index < width; index++) {
      long stored = groupKeys[base + index];
      if (string(index) ? !bytesEqual(stored, keys[index], lengths[index])
          : stored != keys[index]) {
        return false;
      }
    }
    return true;
  }

  /** Whether the arena key {@code stored} holds the {@code length} bytes at {@code address}. */
  private boolean bytesEqual(long stored, long address, int length) {
    if ((int) stored != length) {
      return false;
    }
    int offset = (int) (stored >>> 32);
    int index = 0;
    for (; index + 8 <= length; index += 8) {
      if (MemoryUtil.getLong(address + index) != MemoryUtil.getLong(arena, offset + index)) {
        return false;
      }
    }
    for (; index < length; index++) {
      if (MemoryUtil.getByte(address + index) != arena[offset + index]) {
        return false;
      }
    }
    return true;
  }

  private int insert(int slot, long hash, long[] keys, int[] lengths, long nullMask) {
    if (groupCount == groupNullMasks.length) {
      groupNullMasks = Arrays.copyOf(groupNullMasks, groupCount * 2);
      groupKeys = Arrays.copyOf(groupKeys, groupCount * 2 * width);
    }
    int group = groupCount++;
    int base = group * width;
    System.arraycopy(keys, 0, groupKeys, base, width);
    for (int index = 0; index < width; index++) {
      if (string(index)) {
        groupKeys[base + index] = store(keys[index], lengths[index]);
      }
    }
    groupNullMasks[group] = nullMask;
    slotGroups[slot] = group;
    slotHashes[slot] = hash;
    if (groupCount * 2 > slotGroups.length) {
      rehash();
    }
    return group;
  }

  /** Copies {@code length} bytes at {@code address} into the arena; returns the stored key. */
  private long store(long address, int length) {
    long needed = (long) arenaUsed + length;
    if (needed > arena.length) {
      if (needed > MAX_ARENA) {
        throw new SpateException(SpateException.ErrorClass.RESOURCES, "a generated aggregation"
            + " cannot hold more than " + MAX_ARENA + " bytes of string keys; disable codegen"
            + " (spate.codegen.enabled=false) for this query");
      }
      arena = Arrays.copyOf(arena, (int) Math.min(MAX_ARENA, Math.max(needed, 2L * arena.length)));
    }
    int offset = arenaUsed;
    MemoryUtil.copyFromMemory(address, arena, offset, length);
    arenaUsed += length;
    return ((long) offset << 32) | (length & 0xFFFFFFFFL);
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

  /** Key {@code keyIndex} of {@code group}; for a string key, its arena offset and length packed. */
  @Override
  public long key(int group, int keyIndex) {
    return groupKeys[group * width + keyIndex];
  }

  @Override
  public boolean isNull(int group, int keyIndex) {
    return (groupNullMasks[group] & (1L << keyIndex)) != 0;
  }

  /** Writes string key {@code keyIndex} of {@code group} (not NULL) at {@code row} of {@code out}. */
  public void writeString(int group, int keyIndex, VarCharVector out, int row) {
    long stored = key(group, keyIndex);
    out.setSafe(row, arena, (int) (stored >>> 32), (int) stored);
  }
}
