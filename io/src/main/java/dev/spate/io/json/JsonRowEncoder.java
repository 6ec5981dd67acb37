package dev.spate.io.json;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.spate.io.text.RowEncoder;
import dev.spate.io.text.TemporalValues;
import dev.spate.io.text.TextValues;
import dev.spate.planner.batch.ColumnarBatch;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Spark's JSON lines writer: one object per row, NULL fields omitted (also inside structs; NULL
 * array elements are written as {@code null}), timestamps as {@code 2020-01-01T00:00:00.000Z},
 * dates as {@code 2020-01-01}, decimals as plain numbers, binary as base64, maps as objects.
 */
public final class JsonRowEncoder implements RowEncoder {
  private final TemporalValues temporal;

  public JsonRowEncoder(TemporalValues temporal) {
    this.temporal = requireNonNull(temporal, "temporal is null");
  }

  @Override
  public Sink open(OutputStream output) throws IOException {
    JsonGenerator generator = JsonFormat.MAPPER.getFactory().createGenerator(output, JsonEncoding.UTF8);
    generator.enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
    generator.setRootValueSeparator(null);
    return new Sink() {
      @Override
      public void write(ColumnarBatch batch, int position) throws IOException {
        generator.writeStartObject();
        List<Field> fields = batch.schema().getFields();
        for (int column = 0; column < fields.size(); column++) {
          FieldVector vector = batch.column(column);
          if (!vector.isNull(position)) {
            generator.writeFieldName(fields.get(column).getName());
            writeValue(generator, vector, position);
          }
        }
        generator.writeEndObject();
        generator.writeRaw('\n');
      }

      @Override
      public void close() throws IOException {
        generator.close();
      }
    };
  }

  private void writeValue(JsonGenerator generator, FieldVector vector, int index) throws IOException {
    if (vector instanceof BigIntVector) {
      generator.writeNumber(((BigIntVector) vector).get(index));
    } else if (vector instanceof IntVector) {
      generator.writeNumber(((IntVector) vector).get(index));
    } else if (vector instanceof SmallIntVector) {
      generator.writeNumber(((SmallIntVector) vector).get(index));
    } else if (vector instanceof TinyIntVector) {
      generator.writeNumber(((TinyIntVector) vector).get(index));
    } else if (vector instanceof Float8Vector) {
      generator.writeNumber(((Float8Vector) vector).get(index));
    } else if (vector instanceof Float4Vector) {
      generator.writeNumber(((Float4Vector) vector).get(index));
    } else if (vector instanceof BitVector) {
      generator.writeBoolean(((BitVector) vector).get(index) != 0);
    } else if (vector instanceof DecimalVector) {
      generator.writeNumber(((DecimalVector) vector).getObject(index));
    } else if (vector instanceof VarBinaryVector) {
      generator.writeBinary(((VarBinaryVector) vector).get(index));
    } else if (vector instanceof MapVector) {
      MapVector map = (MapVector) vector;
      StructVector entries = (StructVector) map.getDataVector();
      FieldVector keys = (FieldVector) entries.getChildrenFromFields().get(0);
      FieldVector values = (FieldVector) entries.getChildrenFromFields().get(1);
      generator.writeStartObject();
      for (int entry = map.getElementStartIndex(index); entry < map.getElementEndIndex(index);
          entry++) {
        generator.writeFieldName(TextValues.format(keys, entry, temporal));
        writeNullable(generator, values, entry);
      }
      generator.writeEndObject();
    } else if (vector instanceof ListVector) {
      ListVector list = (ListVector) vector;
      generator.writeStartArray();
      for (int element = list.getElementStartIndex(index);
          element < list.getElementEndIndex(index); element++) {
        writeNullable(generator, list.getDataVector(), element);
      }
      generator.writeEndArray();
    } else if (vector instanceof StructVector) {
      generator.writeStartObject();
      for (FieldVector child : ((StructVector) vector).getChildrenFromFields()) {
        if (!child.isNull(index)) {
          generator.writeFieldName(child.getName());
          writeValue(generator, child, index);
        }
      }
      generator.writeEndObject();
    } else {
      generator.writeString(TextValues.format(vector, index, temporal));
    }
  }

  private void writeNullable(JsonGenerator generator, FieldVector vector, int index)
      throws IOException {
    if (vector.isNull(index)) {
      generator.writeNull();
    } else {
      writeValue(generator, vector, index);
    }
  }
}
