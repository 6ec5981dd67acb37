package dev.spate.io.parquet;

import dev.spate.SpateException;
import dev.spate.planner.types.DataTypes;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;

/**
 * Writers of one Arrow vector's non-null values to a Parquet {@link RecordConsumer}, matching the
 * schema of {@link ParquetSchemas#toParquet}. One writer per vector and batch, with a
 * type-specialised body and no boxing for fixed-width types.
 */
final class ValueWriters {
  /** Writes the (non-null) value at {@code index}. */
  interface ValueWriter {
    void write(RecordConsumer consumer, int index);
  }

  private ValueWriters() {}

  static ValueWriter create(FieldVector vector) {
    if (vector instanceof BigIntVector) {
      BigIntVector typed = (BigIntVector) vector;
      return (consumer, index) -> consumer.addLong(typed.get(index));
    }
    if (vector instanceof IntVector) {
      IntVector typed = (IntVector) vector;
      return (consumer, index) -> consumer.addInteger(typed.get(index));
    }
    if (vector instanceof Float8Vector) {
      Float8Vector typed = (Float8Vector) vector;
      return (consumer, index) -> consumer.addDouble(typed.get(index));
    }
    if (vector instanceof Float4Vector) {
      Float4Vector typed = (Float4Vector) vector;
      return (consumer, index) -> consumer.addFloat(typed.get(index));
    }
    if (vector instanceof BitVector) {
      BitVector typed = (BitVector) vector;
      return (consumer, index) -> consumer.addBoolean(typed.get(index) != 0);
    }
    if (vector instanceof SmallIntVector) {
      SmallIntVector typed = (SmallIntVector) vector;
      return (consumer, index) -> consumer.addInteger(typed.get(index));
    }
    if (vector instanceof TinyIntVector) {
      TinyIntVector typed = (TinyIntVector) vector;
      return (consumer, index) -> consumer.addInteger(typed.get(index));
    }
    if (vector instanceof DateDayVector) {
      DateDayVector typed = (DateDayVector) vector;
      return (consumer, index) -> consumer.addInteger(typed.get(index));
    }
    if (vector instanceof TimeStampVector) {
      return timestampWriter((TimeStampVector) vector);
    }
    if (vector instanceof VarCharVector) {
      VarCharVector typed = (VarCharVector) vector;
      return (consumer, index) -> consumer.addBinary(Binary.fromConstantByteArray(typed.get(index)));
    }
    if (vector instanceof VarBinaryVector) {
      VarBinaryVector typed = (VarBinaryVector) vector;
      return (consumer, index) -> consumer.addBinary(Binary.fromConstantByteArray(typed.get(index)));
    }
    if (vector instanceof DecimalVector) {
      return decimalWriter((DecimalVector) vector);
    }
    if (vector instanceof MapVector) {
      return mapWriter((MapVector) vector);
    }
    if (vector instanceof ListVector) {
      return listWriter((ListVector) vector);
    }
    if (vector instanceof StructVector) {
      return structWriter((StructVector) vector);
    }
    throw SpateException.analysis("[UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE] The Parquet datasource"
        + " doesn't support the column %s of the type %s.", vector.getName(),
        DataTypes.sqlName(vector.getField()));
  }

  private static ValueWriter timestampWriter(TimeStampVector vector) {
    TimeUnit unit = ((ArrowType.Timestamp) vector.getField().getType()).getUnit();
    long multiplier = unit == TimeUnit.SECOND ? 1_000_000L : unit == TimeUnit.MILLISECOND ? 1000L : 1L;
    if (unit == TimeUnit.NANOSECOND) {
      return (consumer, index) -> consumer.addLong(Math.floorDiv(vector.get(index), 1000L));
    }
    return (consumer, index) -> consumer.addLong(vector.get(index) * multiplier);
  }

  private static ValueWriter decimalWriter(DecimalVector vector) {
    int precision = vector.getPrecision();
    if (precision <= 9) {
      return (consumer, index) ->
          consumer.addInteger(vector.getObject(index).unscaledValue().intValue());
    }
    if (precision <= 18) {
      return (consumer, index) ->
          consumer.addLong(vector.getObject(index).unscaledValue().longValue());
    }
    int length = ParquetSchemas.decimalBytes(precision);
    return (consumer, index) -> consumer.addBinary(Binary.fromConstantByteArray(
        ParquetValues.decimalBytes(vector.getObject(index), length)));
  }

  private static ValueWriter listWriter(ListVector vector) {
    FieldVector elements = vector.getDataVector();
    ValueWriter elementWriter = create(elements);
    return (consumer, index) -> {
      consumer.startGroup();
      int start = vector.getElementStartIndex(index);
      int end = vector.getElementEndIndex(index);
      if (end > start) {
        consumer.startField("list", 0);
        for (int element = start; element < end; element++) {
          consumer.startGroup();
          writeField(consumer, "element", 0, elements, elementWriter, element);
          consumer.endGroup();
        }
        consumer.endField("list", 0);
      }
      consumer.endGroup();
    };
  }

  private static ValueWriter mapWriter(MapVector vector) {
    StructVector entries = (StructVector) vector.getDataVector();
    FieldVector keys = (FieldVector) entries.getChildrenFromFields().get(0);
    FieldVector values = (FieldVector) entries.getChildrenFromFields().get(1);
    ValueWriter keyWriter = create(keys);
    ValueWriter valueWriter = create(values);
    return (consumer, index) -> {
      consumer.startGroup();
      int start = vector.getElementStartIndex(index);
      int end = vector.getElementEndIndex(index);
      if (end > start) {
        consumer.startField("key_value", 0);
        for (int entry = start; entry < end; entry++) {
          consumer.startGroup();
          writeField(consumer, "key", 0, keys, keyWriter, entry);
          writeField(consumer, "value", 1, values, valueWriter, entry);
          consumer.endGroup();
        }
        consumer.endField("key_value", 0);
      }
      consumer.endGroup();
    };
  }

  private static ValueWriter structWriter(StructVector vector) {
    List<FieldVector> children = vector.getChildrenFromFields();
    List<ValueWriter> writers = new ArrayList<>(children.size());
    for (FieldVector child : children) {
      writers.add(create(child));
    }
    return (consumer, index) -> {
      consumer.startGroup();
      for (int child = 0; child < children.size(); child++) {
        FieldVector childVector = children.get(child);
        writeField(consumer, childVector.getName(), child, childVector, writers.get(child), index);
      }
      consumer.endGroup();
    };
  }

  /** Writes field {@code name} (position {@code fieldIndex}) unless the value is null. */
  static void writeField(RecordConsumer consumer, String name, int fieldIndex, FieldVector vector,
      ValueWriter writer, int index) {
    if (vector.isNull(index)) {
      return;
    }
    consumer.startField(name, fieldIndex);
    writer.write(consumer, index);
    consumer.endField(name, fieldIndex);
  }
}
