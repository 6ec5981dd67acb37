package dev.spate.gpu;

import static java.util.Objects.requireNonNull;

import dev.spate.planner.batch.BatchStream;
import dev.spate.planner.batch.ColumnarBatch;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.spi.ExecContext;
import dev.spate.planner.spi.TableSource;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * An in-memory table of any schema of BIGINT, INT, DOUBLE, FLOAT, DATE (Integer days) and TIMESTAMP
 * (Long micros) columns; rows are arrays (null entries are SQL NULLs), scanned in batches of {@code
 * batchRows}, optionally followed by one batch of zero rows.
 */
final class RowsTable implements TableSource {
  private final Schema schema;
  private final List<Object[]> rows;
  private final int batchRows;
  private final boolean trailingEmptyBatch;

  RowsTable(Schema schema, List<Object[]> rows, int batchRows) {
    this(schema, rows, batchRows, false);
  }

  RowsTable(Schema schema, List<Object[]> rows, int batchRows, boolean trailingEmptyBatch) {
    this.schema = requireNonNull(schema, "schema is null");
    this.rows = List.copyOf(rows);
    this.batchRows = batchRows;
    this.trailingEmptyBatch = trailingEmptyBatch;
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public String description() {
    return "rows table";
  }

  @Override
  public BatchStream scan(List<Integer> columns, List<Expression> filters, ExecContext context) {
    List<Field> fields = new ArrayList<>();
    for (int column : columns) {
      fields.add(schema.getFields().get(column));
    }
    Schema projected = new Schema(fields);
    return new BatchStream() {
      private int offset;
      private boolean emptyReturned = !trailingEmptyBatch;

      @Override
      public Schema schema() {
        return projected;
      }

      @Override
      public ColumnarBatch next() {
        int count = Math.min(batchRows, rows.size() - offset);
        if (count <= 0) {
          if (emptyReturned) {
            return null;
          }
          emptyReturned = true;
          count = 0;
        }
        List<FieldVector> vectors = new ArrayList<>();
        for (int column : columns) {
          vectors.add(vector(column, offset, count, context));
        }
        offset += count;
        return ColumnarBatch.of(projected, vectors, count);
      }

      @Override
      public void close() {}
    };
  }

  private FieldVector vector(int column, int from, int count, ExecContext context) {
    FieldVector vector = schema.getFields().get(column).createVector(context.allocator());
    vector.setInitialCapacity(count);
    vector.allocateNew();
    for (int row = 0; row < count; row++) {
      Object value = rows.get(from + row)[column];
      if (value == null) {
        continue;
      }
      if (vector instanceof BigIntVector) {
        ((BigIntVector) vector).set(row, (Long) value);
      } else if (vector instanceof IntVector) {
        ((IntVector) vector).set(row, (Integer) value);
      } else if (vector instanceof Float8Vector) {
        ((Float8Vector) vector).set(row, (Double) value);
      } else if (vector instanceof Float4Vector) {
        ((Float4Vector) vector).set(row, (Float) value);
      } else if (vector instanceof DateDayVector) {
        ((DateDayVector) vector).set(row, (Integer) value);
      } else {
        ((TimeStampMicroTZVector) vector).set(row, (Long) value);
      }
    }
    vector.setValueCount(count);
    return vector;
  }
}
