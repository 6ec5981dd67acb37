package dev.spate.streaming.state;

import static java.util.Objects.requireNonNull;

import dev.spate.engine.InMemoryTable;
import dev.spate.planner.batch.BatchStream;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.spi.ExecContext;
import dev.spate.planner.spi.TableSource;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A table whose contents the streaming runtime replaces between micro-batches (a batch's rows, the
 * rows it emits) under a plan that is built once: scans read the contents current when they start.
 * Owns the contents it is given by {@link #replace} and closes them when replaced or closed; a
 * {@link #show view} of another table stays its owner's.
 */
final class StateTable implements TableSource, AutoCloseable {
  private final Schema schema;
  private final String description;
  private TableSource contents;
  /** The contents when this table owns them, else null. */
  private InMemoryTable owned;

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
    close();
    owned = next;
    contents = next;
  }

  /** Shows {@code view} (same schema), which stays its owner's, until replaced or closed. */
  void show(TableSource view) {
    close();
    contents = view;
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

  @Override
  public void close() {
    if (owned != null) {
      owned.close();
      owned = null;
    }
    contents = empty(schema);
  }
}
