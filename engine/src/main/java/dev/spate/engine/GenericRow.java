package dev.spate.engine;

import dev.spate.Row;
import dev.spate.SpateException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/** An immutable {@link Row} over an array of external Java values, with an optional schema. */
public final class GenericRow implements Row {
  private final Object[] values;
  private final Schema schema;

  public GenericRow(Object[] values, Schema schema) {
    this.values = values;
    this.schema = schema;
  }

  @Override
  public int size() {
    return values.length;
  }

  @Override
  public Object get(int index) {
    if (index < 0 || index >= values.length) {
      throw SpateException.analysis("row index %d is out of range for a row of %d fields", index,
          values.length);
    }
    return values[index];
  }

  @Override
  public boolean isNullAt(int index) {
    return get(index) == null;
  }

  @Override
  public boolean getBoolean(int index) {
    return (Boolean) nonNull(index);
  }

  @Override
  public int getInt(int index) {
    return ((Number) nonNull(index)).intValue();
  }

  @Override
  public long getLong(int index) {
    return ((Number) nonNull(index)).longValue();
  }

  @Override
  public double getDouble(int index) {
    return ((Number) nonNull(index)).doubleValue();
  }

  @Override
  public String getString(int index) {
    Object value = get(index);
    return value == null ? null : value.toString();
  }

  @Override
  public Row getStruct(int index) {
    return (Row) get(index);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> List<T> getList(int index) {
    return (List<T>) get(index);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T getAs(String fieldName) {
    return (T) get(fieldIndex(fieldName));
  }

  @Override
  public int fieldIndex(String fieldName) {
    if (schema == null) {
      throw SpateException.analysis("field '%s' cannot be looked up: the row has no schema",
          fieldName);
    }
    List<Field> fields = schema.getFields();
    for (int index = 0; index < fields.size(); index++) {
      if (fields.get(index).getName().equals(fieldName)) {
        return index;
      }
    }
    List<String> names = new ArrayList<>();
    fields.forEach(field -> names.add(field.getName()));
    throw SpateException.analysis("field '%s' does not exist; the row has fields %s", fieldName,
        names);
  }

  @Override
  public Schema schema() {
    return schema;
  }

  private Object nonNull(int index) {
    Object value = get(index);
    if (value == null) {
      throw SpateException.execution("value at index %d is null", index);
    }
    return value;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof GenericRow && Arrays.deepEquals(values, ((GenericRow) other).values);
  }

  @Override
  public int hashCode() {
    return Arrays.deepHashCode(values);
  }

  @Override
  public String toString() {
    return "[" + String.join(",", ValueFormatter.formatAll(values)) + "]";
  }
}
