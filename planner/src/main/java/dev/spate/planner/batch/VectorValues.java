package dev.spate.planner.batch;

import dev.spate.SpateException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.NullVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;

/**
 * Reads and writes single values of any supported vector in Spate's internal representation (see
 * {@link dev.spate.planner.types.DataTypes}). This is the slow, general path for row conversion,
 * literals and tests; operators use type-specialised loops over the vectors instead.
 */
public final class VectorValues {
  private VectorValues() {}

  /** The value at {@code index}, or null. */
  public static Object get(FieldVector vector, int index) {
    if (vector.isNull(index)) {
      return null;
    }
    if (vector instanceof BitVector) {
      return ((BitVector) vector).get(index) != 0;
    }
    if (vector instanceof TinyIntVector) {
      return ((TinyIntVector) vector).get(index);
    }
    if (vector instanceof SmallIntVector) {
      return ((SmallIntVector) vector).get(index);
    }
    if (vector instanceof IntVector) {
      return ((IntVector) vector).get(index);
    }
    if (vector instanceof BigIntVector) {
      return ((BigIntVector) vector).get(index);
    }
    if (vector instanceof Float4Vector) {
      return ((Float4Vector) vector).get(index);
    }
    if (vector instanceof Float8Vector) {
      return ((Float8Vector) vector).get(index);
    }
    if (vector instanceof DecimalVector) {
      return ((DecimalVector) vector).getObject(index);
    }
    if (vector instanceof VarCharVector) {
      return new String(((VarCharVector) vector).get(index), StandardCharsets.UTF_8);
    }
    if (vector instanceof VarBinaryVector) {
      return ((VarBinaryVector) vector).get(index);
    }
    if (vector instanceof DateDayVector) {
      return ((DateDayVector) vector).get(index);
    }
    if (vector instanceof TimeStampVector) {
      return ((TimeStampVector) vector).get(index);
    }
    if (vector instanceof MapVector) {
      MapVector map = (MapVector) vector;
      StructVector entries = (StructVector) map.getDataVector();
      FieldVector keys = (FieldVector) entries.getChildrenFromFields().get(0);
      FieldVector values = (FieldVector) entries.getChildrenFromFields().get(1);
      Map<Object, Object> result = new LinkedHashMap<>();
      for (int entry = map.getElementStartIndex(index); entry < map.getElementEndIndex(index);
          entry++) {
        result.put(get(keys, entry), get(values, entry));
      }
      return result;
    }
    if (vector instanceof ListVector) {
      ListVector list = (ListVector) vector;
      FieldVector elements = list.getDataVector();
      List<Object> result = new ArrayList<>();
      for (int element = list.getElementStartIndex(index);
          element < list.getElementEndIndex(index); element++) {
        result.add(get(elements, element));
      }
      return result;
    }
    if (vector instanceof StructVector) {
      List<FieldVector> children = ((StructVector) vector).getChildrenFromFields();
      List<Object> result = new ArrayList<>(children.size());
      for (FieldVector child : children) {
        result.add(get(child, index));
      }
      return result;
    }
    throw SpateException.internal("unsupported vector type " + vector.getField(), null);
  }

  /**
   * Sets the value at {@code index} (null sets a null), growing the vector as needed. The caller
   * sets the final value count. Numbers are converted to the vector's width.
   */
  public static void set(FieldVector vector, int index, Object value) {
    if (value == null) {
      setNull(vector, index);
      return;
    }
    if (vector instanceof BitVector) {
      ((BitVector) vector).setSafe(index, ((Boolean) value) ? 1 : 0);
    } else if (vector instanceof TinyIntVector) {
      ((TinyIntVector) vector).setSafe(index, ((Number) value).byteValue());
    } else if (vector instanceof SmallIntVector) {
      ((SmallIntVector) vector).setSafe(index, ((Number) value).shortValue());
    } else if (vector instanceof IntVector) {
      ((IntVector) vector).setSafe(index, ((Number) value).intValue());
    } else if (vector instanceof BigIntVector) {
      ((BigIntVector) vector).setSafe(index, ((Number) value).longValue());
    } else if (vector instanceof Float4Vector) {
      ((Float4Vector) vector).setSafe(index, ((Number) value).floatValue());
    } else if (vector instanceof Float8Vector) {
      ((Float8Vector) vector).setSafe(index, ((Number) value).doubleValue());
    } else if (vector instanceof DecimalVector) {
      DecimalVector decimal = (DecimalVector) vector;
      decimal.setSafe(index, ((BigDecimal) value).setScale(decimal.getScale()));
    } else if (vector instanceof VarCharVector) {
      ((VarCharVector) vector).setSafe(index, ((String) value).getBytes(StandardCharsets.UTF_8));
    } else if (vector instanceof VarBinaryVector) {
      ((VarBinaryVector) vector).setSafe(index, (byte[]) value);
    } else if (vector instanceof DateDayVector) {
      ((DateDayVector) vector).setSafe(index, ((Number) value).intValue());
    } else if (vector instanceof TimeStampVector) {
      ((TimeStampVector) vector).setSafe(index, ((Number) value).longValue());
    } else if (vector instanceof MapVector) {
      setMap((MapVector) vector, index, (Map<?, ?>) value);
    } else if (vector instanceof ListVector) {
      ListVector list = (ListVector) vector;
      List<?> elements = (List<?>) value;
      int start = list.startNewValue(index);
      FieldVector data = list.getDataVector();
      for (int element = 0; element < elements.size(); element++) {
        set(data, start + element, elements.get(element));
      }
      data.setValueCount(Math.max(data.getValueCount(), start + elements.size()));
      list.endValue(index, elements.size());
    } else if (vector instanceof StructVector) {
      StructVector struct = (StructVector) vector;
      List<?> fields = (List<?>) value;
      List<FieldVector> children = struct.getChildrenFromFields();
      for (int child = 0; child < children.size(); child++) {
        set(children.get(child), index, fields.get(child));
        children.get(child).setValueCount(Math.max(children.get(child).getValueCount(), index + 1));
      }
      struct.setIndexDefined(index);
    } else {
      throw SpateException.internal("unsupported vector type " + vector.getField(), null);
    }
  }

  private static void setMap(MapVector map, int index, Map<?, ?> value) {
    int start = map.startNewValue(index);
    StructVector entries = (StructVector) map.getDataVector();
    FieldVector keys = (FieldVector) entries.getChildrenFromFields().get(0);
    FieldVector values = (FieldVector) entries.getChildrenFromFields().get(1);
    int offset = start;
    for (Map.Entry<?, ?> entry : value.entrySet()) {
      set(keys, offset, entry.getKey());
      set(values, offset, entry.getValue());
      entries.setIndexDefined(offset);
      offset++;
    }
    keys.setValueCount(Math.max(keys.getValueCount(), offset));
    values.setValueCount(Math.max(values.getValueCount(), offset));
    entries.setValueCount(Math.max(entries.getValueCount(), offset));
    map.endValue(index, value.size());
  }

  /** Marks {@code index} null, growing the vector as needed. */
  public static void setNull(FieldVector vector, int index) {
    if (vector instanceof NullVector) {
      return;
    }
    while (index >= vector.getValueCapacity()) {
      vector.reAlloc();
    }
    if (vector instanceof ListVector) {
      ((ListVector) vector).setNull(index);
    } else if (vector instanceof StructVector) {
      ((StructVector) vector).setNull(index);
    } else {
      vector.setNull(index);
    }
  }
}
