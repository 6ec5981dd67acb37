package dev.spate.gpu;

import static java.util.Objects.requireNonNull;

import dev.spate.planner.batch.BatchStream;
import dev.spate.planner.batch.ColumnarBatch;
import java.util.ArrayDeque;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The given batches, then the batches of {@code rest} (none when it is null). Owns both: closing
 * closes the batches not yet handed out and {@code rest}.
 */
final class PrefixedStream implements BatchStream {
  private final Schema schema;
  private final ArrayDeque<ColumnarBatch> first;
  private final BatchStream rest;

  PrefixedStream(Schema schema, List<ColumnarBatch> first, BatchStream rest) {
    this.schema = requireNonNull(schema, "schema is null");
    this.first = new ArrayDeque<>(first);
    this.rest = rest;
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public ColumnarBatch next() {
    if (!first.isEmpty()) {
      return first.poll();
    }
    return rest == null ? null : rest.next();
  }

  @Override
  public void close() {
    first.forEach(ColumnarBatch::close);
    first.clear();
    if (rest != null) {
      rest.close();
    }
  }
}
