package dev.spate.io.text;

import dev.spate.SpateException;
import dev.spate.planner.batch.ColumnarBatch;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.util.List;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/** Spark's text writer: one line per row of a single STRING column; a NULL is an empty line. */
public final class TextRowEncoder implements RowEncoder {
  /** Checks that {@code schema} is a single STRING column, as Spark's text data source requires. */
  public static TextRowEncoder forSchema(Schema schema) {
    List<Field> fields = schema.getFields();
    if (fields.size() != 1) {
      throw SpateException.analysis("Text data source supports only a single column, and you have"
          + " %d columns.", fields.size());
    }
    if (!(fields.get(0).getType() instanceof ArrowType.Utf8)) {
      throw SpateException.analysis("Text data source does not support %s data type (column %s).",
          dev.spate.planner.types.DataTypes.sqlName(fields.get(0)), fields.get(0).getName());
    }
    return new TextRowEncoder();
  }

  @Override
  public Sink open(OutputStream output) {
    BufferedOutputStream buffered = new BufferedOutputStream(output, 1 << 16);
    return new Sink() {
      @Override
      public void write(ColumnarBatch batch, int position) throws java.io.IOException {
        VarCharVector vector = (VarCharVector) batch.column(0);
        if (!vector.isNull(position)) {
          buffered.write(vector.get(position));
        }
        buffered.write('\n');
      }

      @Override
      public void close() throws java.io.IOException {
        buffered.close();
      }
    };
  }
}
