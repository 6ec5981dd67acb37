package dev.spate;

import org.apache.arrow.vector.types.pojo.Schema;

/**
 * One row of a result ({@code collectAsList()}) or of an input ({@code createDataFrame}). Values are
 * Java objects: Boolean, Byte, Short, Integer, Long, Float, Double, BigDecimal, String, byte[],
 * LocalDate (DATE), Instant (TIMESTAMP), List (ARRAY), Row (STRUCT), Map (MAP), or null.
 */
public interface Row {
  int size();

  Object get(int index);

  boolean isNullAt(int index);

  boolean getBoolean(int index);

  int getInt(int index);

  long getLong(int index);

  double getDouble(int index);

  String getString(int index);

  Row getStruct(int index);

  <T> java.util.List<T> getList(int index);

  /** The value of the field named {@code fieldName}; throws if the row has no schema or no such field. */
  <T> T getAs(String fieldName);

  /** The index of {@code fieldName}; throws {@code SpateException} when there is no such field. */
  int fieldIndex(String fieldName);

  /** The Arrow schema of the row (field names and types), or null for a row built without one. */
  Schema schema();
}
