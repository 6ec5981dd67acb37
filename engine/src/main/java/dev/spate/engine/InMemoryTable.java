package dev.spate.engine;

import static java.util.Objects.requireNonNull;

import dev.spate.planner.batch.BatchStream;
import dev.spate.planner.batch.ColumnarBatch;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.spi.ExecContext;
import dev.spate.planner.spi.TableSource;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A table held in memory as dense Arrow batches ({@code createDataFrame}, {@code fromArrow}). The
 * table owns its vectors (allocated from the session's allocator) until {@link #close()}; each scan
 * hands out slices that share the buffers, so scans copy nothing and the table stays intact.
 */
public final class InMemoryTable implements TableSource, AutoCloseable {
  private final Schema schema;
  private final List<List<FieldVector>> batches;
  private final List<Integer> rowCounts;
  private final String description;

  /**
   * @param batches dense column lists, each matching {@code schema}; the table takes ownership
   */
  public InMemoryTable(Schema schema, List<List<FieldVector>> batches, List<Integer> rowCounts,
      String description) {
    this.schema = requireNonNull(schema, "schema is null");
    this.batches = List.copyOf(batches);
    this.rowCounts = List.copyOf(rowCounts);
    this.description = requireNonNull(description, "description is null");
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
    long bytes = 0;
    for (List<FieldVector> batch : batches) {
      for (FieldVector vector : batch) {
        bytes += vector.getBufferSize();
      }
    }
    return bytes;
  }

  @Override
  public BatchStream scan(List<Integer> columns, List<Expression> filters, ExecContext context) {
    List<Field> fields = new ArrayList<>();
    for (int column : columns) {
      fields.add(schema.getFields().get(column));
    }
    Schema projected = new Schema(fields);
    return new BatchStream() {
      private int next;

      @Override
      public Schema schema() {
        return projected;
      }

      @Override
      public ColumnarBatch next() {
        while (next < batches.size()) {
          int batchIndex = next++;
          int rows = rowCounts.get(batchIndex);
          if (rows == 0) {
            continue;
          }
          List<FieldVector> slices = new ArrayList<>(columns.size());
          for (int column : columns) {
            FieldVector source = batches.get(batchIndex).get(column);
            org.apache.arrow.vector.util.TransferPair pair =
                source.getTransferPair(context.allocator());
            pair.splitAndTransfer(0, rows);
            slices.add((FieldVector) pair.getTo());
          }
          return ColumnarBatch.of(projected, slices, rows);
        }
        return null;
      }

      @Override
      public void close() {
        next = batches.size();
      }
    };
  }

  @Override
  public void close() {
    for (List<FieldVector> batch : batches) {
      batch.forEach(FieldVector::close);
    }
  }
}
