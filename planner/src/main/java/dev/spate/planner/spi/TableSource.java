package dev.spate.planner.spi;

import dev.spate.planner.batch.BatchStream;
import dev.spate.planner.expr.Expression;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A table a query reads: files (Parquet, JSON, CSV, text) or in-memory Arrow data. Implementations
 * live in {@code io/} and {@code engine/}; the planner sees only this interface.
 *
 * <p>Contract: {@link #schema()} is known without reading data beyond metadata. {@link #scan}
 * creates a lazy stream (no I/O until its first {@code next()}) of batches with exactly the
 * requested columns, in the requested order. A source may be used by several scans at once.
 */
public interface TableSource {
  /** The full schema of the table. */
  Schema schema();

  /** One line for EXPLAIN, for example {@code parquet [file:/data/events]}. */
  String description();

  /**
   * Opens a scan.
   *
   * @param columns indexes into {@link #schema()} of the columns to produce, in output order
   * @param filters resolved predicates whose {@link dev.spate.planner.expr.ColumnRef} ordinals index
   *     {@link #schema()}; a source may use them to skip data (row groups, files) but need not apply
   *     them row by row: the engine filters again
   * @param context the execution context (allocator, batch size)
   */
  BatchStream scan(List<Integer> columns, List<Expression> filters, ExecContext context);

  /** An estimate of the table's size in bytes for planning, or -1 if unknown. */
  default long estimatedBytes() {
    return -1;
  }
}
