package dev.spate.bench.ssb;

/** The rows of one generated table, produced batch by batch in a fixed order. */
interface TableRows {
  /**
   * Writes the next rows at positions {@code 0..} of {@code columns}, at most {@code capacity},
   * and returns how many it wrote: 0 once the table is complete.
   */
  int fill(BatchColumns columns, int capacity);
}
