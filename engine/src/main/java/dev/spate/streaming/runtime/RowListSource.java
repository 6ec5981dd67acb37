package dev.spate.streaming.runtime;

import dev.spate.Row;
import dev.spate.engine.ArrowInput;
import dev.spate.engine.InMemoryTable;
import dev.spate.planner.batch.BatchStream;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.spi.ExecContext;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A streaming source whose batches are lists of public rows (the memory and rate sources); scans
 * convert the prepared rows to Arrow.
 */
abstract class RowListSource implements StreamSource {
  private final Schema schema;
  private List<Row> batchRows = List.of();
  private long rowsRead;

  RowListSource(Schema schema) {
    this.schema = schema;
  }

  /** The rows in (startOrNull, end]. */
  abstract List<Row> rowsBetween(String startOrNull, String end);

  @Override
  public final Schema schema() {
    return schema;
  }

  @Override
  public final void prepareBatch(long batchId, String startOrNull, String end) {
    rowsRead = 0;
    batchRows = end == null || end.equals(startOrNull) ? List.of() : rowsBetween(startOrNull, end);
  }

  @Override
  public final long rowsRead() {
    return rowsRead;
  }

  @Override
  public final BatchStream scan(List<Integer> columns, List<Expression> filters,
      ExecContext context) {
    InMemoryTable table = ArrowInput.fromRows(batchRows, schema, context.allocator());
    BatchStream stream = table.scan(columns, filters, context);
    return new RowCountingStream(stream, rows -> rowsRead += rows, table::close);
  }
}
