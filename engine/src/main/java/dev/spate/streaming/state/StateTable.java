package dev.spate.streaming.state;

import static java.util.Objects.requireNonNull;

import dev.spate.engine.InMemoryTable;
import dev.spate.planner.batch.BatchStream;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.spi.ExecContext;
import dev.spate.planner.spi.TableSource;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A table whose contents the streaming runtime replaces between micro-batches (the state of an
 * operator, the rows a batch emits) under a plan that is built once: scans read the contents
 * current when they start. Owns its contents and closes them when replaced or closed.
 */
final class StateTable implements TableSource, AutoCloseable {
  private final Schema schema;
  private final String description;
  private InMemoryTable contents;
  private long rows;

  StateTable(Schema schema, String description) {
    this.schema = requireNonNull(schema, "schema is null");
    this.description = requireNonNull(description, "description is null");
    this.contents = empty(schema);
  }

  private static InMemoryTable empty(Schema schema) {
    return new InMemoryTable(schema, List.of(), List.of(), "empty");
  }

  /** Replaces the contents: dense column lists matching the schema, now owned by this table. */
  void replace(List<List<FieldVector>> batches, List<Integer> rowCounts) {
    InMemoryTable next = new InMemoryTable(schema, batches, rowCounts, description);
    contents.close();
    contents = next;
    long total = 0;
    for (int count : rowCounts) {
      total += count;
    }
    rows = total;
  }

  long rowCount() {
    return rows;
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public long estimatedBytes() {
    return contents.estimatedBytes();
  }

  @Override
  public BatchStream scan(List<Integer> columns, List<Expression> filters, ExecContext context) {
    return contents.scan(columns, filters, context);
  }

  /** Every column index of the schema, for a full scan. */
  List<Integer> allColumns() {
    List<Integer> columns = new ArrayList<>();
    for (int index = 0; index < schema.getFields().size(); index++) {
      columns.add(index);
    }
    return columns;
  }

  @Override
  public void close() {
    contents.close();
    contents = empty(schema);
    rows = 0;
  }
}
