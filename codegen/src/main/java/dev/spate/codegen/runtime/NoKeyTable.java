package dev.spate.codegen.runtime;

/** The single group of an aggregation without grouping keys (present also for empty input). */
public final class NoKeyTable extends KeyTable {
  @Override
  public int groupCount() {
    return 1;
  }

  @Override
  public long key(int group, int keyIndex) {
    throw new IndexOutOfBoundsException("an aggregation without keys has no key " + keyIndex);
  }

  @Override
  public boolean isNull(int group, int keyIndex) {
    throw new IndexOutOfBoundsException("an aggregation without keys has no key " + keyIndex);
  }
}
