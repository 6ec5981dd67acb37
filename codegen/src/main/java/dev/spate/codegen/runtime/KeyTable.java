package dev.spate.codegen.runtime;

/**
 * The groups of a generated aggregation: numbers distinct keys densely from 0 in order of first
 * appearance. Keys are fixed-width values widened to long (floating keys by {@link
 * Checked#keyBits}), or strings in a {@link CompositeKeyTable}; NULL keys equal each other. Heap
 * only; not thread safe.
 */
public abstract class KeyTable {
  /** The number of groups so far. */
  public abstract int groupCount();

  /** Key {@code keyIndex} of {@code group}, as a long (meaningless when NULL). */
  public abstract long key(int group, int keyIndex);

  /** Whether key {@code keyIndex} of {@code group} is NULL. */
  public abstract boolean isNull(int group, int keyIndex);

  /**
   * Murmur3's 64-bit finalizer: spreads sequential keys (and keys differing only in high bits) over
   * the whole table.
   */
  static long mix(long value) {
    long hash = value * 0xff51afd7ed558ccdL;
    hash ^= hash >>> 33;
    hash *= 0xc4ceb9fe1a85ec53L;
    return hash ^ (hash >>> 33);
  }
}
