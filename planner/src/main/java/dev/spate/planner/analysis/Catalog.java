package dev.spate.planner.analysis;

import dev.spate.planner.logical.LogicalPlan;
import dev.spate.planner.spi.TableSource;

/**
 * What the analyzer asks the engine about names in a query. Implemented by the engine's session
 * (temp views, memory-sink tables, file sources); called on the analyzing thread only.
 */
public interface Catalog {
  /**
   * The plan of the temp view (or memory table) {@code name}, resolved or not, or null when there
   * is none. Names are matched case-insensitively unless {@code spate.sql.caseSensitive} is set; that
   * is the implementation's business.
   */
  LogicalPlan view(String name);

  /**
   * The table for {@code format.`path`} in a FROM clause ({@code parquet.`/data/events`}): {@code
   * format} is lower-case ({@code parquet}, {@code json}, {@code csv}, {@code text}). Throws a
   * {@code SpateException} (IO or ANALYSIS) naming the path when it cannot be read.
   */
  TableSource fileTable(String format, String path);
}
