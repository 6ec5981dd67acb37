package dev.spate.bench.ssb;

import java.util.Locale;

/** Where a query's tables live while it runs. */
public enum StorageVariant {
  /** Temporary views over the generated Parquet files, read by every run. */
  PARQUET,
  /** The same tables loaded once into the session's memory as Arrow batches. */
  ARROW;

  /** The name used in query names ({@code q1.1/parquet}) and view names. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
