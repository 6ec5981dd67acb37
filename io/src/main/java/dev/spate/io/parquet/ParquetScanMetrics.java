package dev.spate.io.parquet;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of the scans of one Parquet source, cumulative over all its scans; thread safe. */
public final class ParquetScanMetrics {
  private final AtomicLong filesOpened = new AtomicLong();
  private final AtomicLong rowGroupsRead = new AtomicLong();
  private final AtomicLong rowGroupsSkipped = new AtomicLong();

  public long filesOpened() {
    return filesOpened.get();
  }

  /** Row groups whose data was read. */
  public long rowGroupsRead() {
    return rowGroupsRead.get();
  }

  /** Row groups skipped because their statistics showed that no row matches the pushed filters. */
  public long rowGroupsSkipped() {
    return rowGroupsSkipped.get();
  }

  void fileOpened() {
    filesOpened.incrementAndGet();
  }

  void rowGroupRead() {
    rowGroupsRead.incrementAndGet();
  }

  void rowGroupSkipped() {
    rowGroupsSkipped.incrementAndGet();
  }
}
