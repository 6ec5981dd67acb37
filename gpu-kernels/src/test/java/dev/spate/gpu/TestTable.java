package dev.spate.gpu;

import static java.util.Objects.requireNonNull;

import dev.spate.planner.batch.BatchStream;
import dev.spate.planner.batch.ColumnarBatch;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.spi.ExecContext;
import dev.spate.planner.spi.TableSource;
import dev.spate.planner.types.DataTypes;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * An in-memory table {@code (a BIGINT, b BIGINT, x DOUBLE, y DOUBLE, i INT)} whose rows come from
 * arrays (null entries are SQL NULLs), scanned in batches of {@code batchRows}.
 */
final class TestTable implements TableSource {
  static final Schema SCHEMA = new Schema(List.of(
      DataTypes.field("a", DataTypes.BIGINT, true), DataTypes.field("b", DataTypes.BIGINT, true),
      DataTypes.field("x", DataTypes.DOUBLE, true), DataTypes.field("y", DataTypes.DOUBLE, true),
      DataTypes.field("i", DataTypes.INT, true)));

  private final Long[] a;
  private final Long[] b;
  private final Double[] x;
  private final Double[] y;
  private final Integer[] i;
  private final int batchRows;

  TestTable(Long[] a, Long[] b, Double[] x, Double[] y, Integer[] i, int batchRows) {
    this.a = requireNonNull(a, "a is null");
    this.b = requireNonNull(b, "b is null");
    this.x = requireNonNull(x, "x is null");
    this.y = requireNonNull(y, "y is null");
    this.i = requireNonNull(i, "i is null");
    this.batchRows = batchRows;
  }

  @Override
  public Schema schema() {
    return SCHEMA;
  }

  @Override
  public String description() {
    return "test table";
  }

  @Override
  public BatchStream scan(List<Integer> columns, List<Expression> filters, ExecContext context) {
    return new BatchStream() {
      private int offset;
      private boolean emptyReturned;

      @Override
      public Schema schema() {
        List<Field> fields = new ArrayList<>();
        for (int column : columns) {
          fields.add(SCHEMA.getFields().get(column));
        }
        return new Schema(fields);
      }

      @Override
      public ColumnarBatch next() {
        int rows = Math.min(batchRows, a.length - offset);
        if (rows <= 0) {
          if (emptyReturned) {
            return null;
          }
          emptyReturned = true; // one empty batch at the end: operators must pass it through
        }
        rows = Math.max(rows, 0);
        List<FieldVector> vectors = new ArrayList<>();
        for (int column : columns) {
          vectors.add(vector(column, offset, rows, context));
        }
        offset += rows;
        return ColumnarBatch.of(schema(), vectors, rows);
      }

      @Override
      public void close() {}
    };
  }

  private FieldVector vector(int column, int from, int rows, ExecContext context) {
    Field field = SCHEMA.getFields().get(column);
    FieldVector vector = field.createVector(context.allocator());
    vector.setInitialCapacity(rows);
    vector.allocateNew();
    for (int row = 0; row < rows; row++) {
      int source = from + row;
      switch (column) {
        case 0:
        case 1: {
          Long value = (column == 0 ? a : b)[source];
          if (value != null) {
            ((BigIntVector) vector).set(row, value);
          }
          break;
        }
        case 2:
        case 3: {
          Double value = (column == 2 ? x : y)[source];
          if (value != null) {
            ((Float8Vector) vector).set(row, value);
          }
          break;
        }
        default:
          if (i[source] != null) {
            ((IntVector) vector).set(row, i[source]);
          }
      }
    }
    vector.setValueCount(rows);
    return vector;
  }
}
