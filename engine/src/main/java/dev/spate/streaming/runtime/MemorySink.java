package dev.spate.streaming.runtime;

import dev.spate.Row;
import dev.spate.engine.ArrowInput;
import dev.spate.engine.BatchRows;
import dev.spate.engine.InMemoryTable;
import dev.spate.planner.batch.BatchStream;
import dev.spate.planner.batch.ColumnarBatch;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.spi.ExecContext;
import dev.spate.planner.spi.TableSource;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Keeps a query's output in memory as a table named after the query ({@code queryName}), readable
 * with {@code spate.sql}/{@code spate.table} while the query runs: in complete mode the latest
 * result, otherwise every row emitted so far. Exactly-once within one process (a batch id already
 * added is ignored). Thread safe: the query thread adds, readers take snapshots.
 */
public final class MemorySink implements Sink, TableSource {
  private final String name;
  private final Schema schema;
  private final boolean replaceEachBatch;
  private final List<Row> rows = new ArrayList<>();
  private long lastBatchId = -1;

  public MemorySink(String name, Schema schema, boolean replaceEachBatch) {
    this.name = name;
    this.schema = schema;
    this.replaceEachBatch = replaceEachBatch;
  }

  @Override
  public String description() {
    return "MemorySink[" + name + "]";
  }

  @Override
  public long addBatch(long batchId, BatchStream data, ExecContext context) {
    List<Row> batchRows = BatchRows.collect(data, schema);
    synchronized (rows) {
      if (batchId <= lastBatchId) {
        return 0;
      }
      if (replaceEachBatch) {
        rows.clear();
      }
      rows.addAll(batchRows);
      lastBatchId = batchId;
    }
    return batchRows.size();
  }

  /** A snapshot of the table's rows. */
  public List<Row> rows() {
    synchronized (rows) {
      return List.copyOf(rows);
    }
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public BatchStream scan(List<Integer> columns, List<Expression> filters, ExecContext context) {
    InMemoryTable table = ArrowInput.fromRows(rows(), schema, context.allocator());
    BatchStream stream = table.scan(columns, filters, context);
    return new BatchStream() {
      @Override
      public Schema schema() {
        return stream.schema();
      }

      @Override
      public ColumnarBatch next() {
        return stream.next();
      }

      @Override
      public void close() {
        stream.close();
        table.close();
      }
    };
  }
}
