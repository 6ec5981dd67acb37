package dev.spate.cpu.ops.aggregate;

import dev.spate.SpateException;
import dev.spate.cpu.ops.vector.FixedWidthValues;
import dev.spate.cpu.ops.vector.ValueComparators;
import dev.spate.planner.batch.VectorValues;
import dev.spate.planner.types.DataTypes;
import java.math.BigDecimal;
import java.util.Arrays;
import org.apache.arrow.memory.util.ByteFunctionHelpers;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * One value (or NULL) per group of one column type, kept in the cheapest form: primitive longs for
 * integers, booleans, dates and timestamps; doubles for floats; BigDecimals for decimals; byte
 * arrays for strings and binary; values of {@link VectorValues} for nested types (which cannot be
 * compared). Backs {@code min}, {@code max}, {@code first} and {@code last}.
 */
abstract class GroupValues {
  private boolean[] assigned = new boolean[0];
  private boolean[] nulls = new boolean[0];
  /** The input vector of the current batch, set by {@link #bind}. */
  protected FieldVector input;

  static GroupValues create(Field type, boolean comparable) {
    ArrowType arrowType = type.getType();
    if (FixedWidthValues.isIntegerLike(arrowType)) {
      return new Longs();
    }
    if (arrowType instanceof ArrowType.FloatingPoint) {
      return new Doubles();
    }
    if (arrowType instanceof ArrowType.Decimal) {
      return new Decimals();
    }
    if (arrowType instanceof ArrowType.Utf8 || arrowType instanceof ArrowType.Binary) {
      return new Bytes();
    }
    if (comparable) {
      throw SpateException.plan("min/max over %s is not supported by the interpreted backend",
          DataTypes.sqlName(type));
    }
    return new NestedValues();
  }

  void ensureGroups(int groupCount) {
    if (assigned.length < groupCount) {
      int size = Math.max(groupCount, assigned.length * 2);
      assigned = Arrays.copyOf(assigned, size);
      nulls = Arrays.copyOf(nulls, size);
      grow(size);
    }
  }

  /** Reads from {@code vector} until the next bind. */
  void bind(FieldVector vector) {
    this.input = vector;
    onBind();
  }

  boolean isAssigned(int group) {
    return assigned[group];
  }

  boolean isNull(int group) {
    return nulls[group];
  }

  /** Stores the bound input's value (or NULL) at {@code row} for {@code group}. */
  void set(int group, int row) {
    assigned[group] = true;
    nulls[group] = input.isNull(row);
    if (!nulls[group]) {
      store(group, row);
    }
  }

  /** Writes the value (NULL when unassigned or NULL) to row {@code index} of {@code out}. */
  void write(FieldVector out, int index, int group) {
    if (!assigned[group] || nulls[group]) {
      VectorValues.setNull(out, index);
    } else {
      load(out, index, group);
    }
  }

  protected void onBind() {}

  protected abstract void grow(int size);

  protected abstract void store(int group, int row);

  protected abstract void load(FieldVector out, int index, int group);

  /** Compares the bound input's non-NULL value at {@code row} with the group's non-NULL value. */
  abstract int compare(int row, int group);

  private static final class Longs extends GroupValues {
    private long[] values = new long[0];
    private FixedWidthValues.LongReader reader;

    @Override
    protected void onBind() {
      reader = FixedWidthValues.longReader(input);
    }

    @Override
    protected void grow(int size) {
      values = Arrays.copyOf(values, size);
    }

    @Override
    protected void store(int group, int row) {
      values[group] = reader.get(row);
    }

    @Override
    protected void load(FieldVector out, int index, int group) {
      FixedWidthValues.writeLong(out, index, values[group]);
    }

    @Override
    int compare(int row, int group) {
      return Long.compare(reader.get(row), values[group]);
    }
  }

  private static final class Doubles extends GroupValues {
    private double[] values = new double[0];
    private FixedWidthValues.DoubleReader reader;

    @Override
    protected void onBind() {
      reader = FixedWidthValues.doubleReader(input);
    }

    @Override
    protected void grow(int size) {
      values = Arrays.copyOf(values, size);
    }

    @Override
    protected void store(int group, int row) {
      values[group] = reader.get(row);
    }

    @Override
    protected void load(FieldVector out, int index, int group) {
      FixedWidthValues.writeDouble(out, index, values[group]);
    }

    @Override
    int compare(int row, int group) {
      return ValueComparators.compareDoubles(reader.get(row), values[group]);
    }
  }

  private static final class Decimals extends GroupValues {
    private BigDecimal[] values = new BigDecimal[0];

    @Override
    protected void grow(int size) {
      values = Arrays.copyOf(values, size);
    }

    @Override
    protected void store(int group, int row) {
      values[group] = ((DecimalVector) input).getObject(row);
    }

    @Override
    protected void load(FieldVector out, int index, int group) {
      ((DecimalVector) out).setSafe(index, values[group]);
    }

    @Override
    int compare(int row, int group) {
      return ((DecimalVector) input).getObject(row).compareTo(values[group]);
    }
  }

  private static final class Bytes extends GroupValues {
    private byte[][] values = new byte[0][];

    @Override
    protected void grow(int size) {
      values = Arrays.copyOf(values, size);
    }

    @Override
    protected void store(int group, int row) {
      values[group] = ((BaseVariableWidthVector) input).get(row);
    }

    @Override
    protected void load(FieldVector out, int index, int group) {
      ((BaseVariableWidthVector) out).setSafe(index, values[group]);
    }

    @Override
    int compare(int row, int group) {
      BaseVariableWidthVector vector = (BaseVariableWidthVector) input;
      byte[] stored = values[group];
      return ByteFunctionHelpers.compare(vector.getDataBuffer(), vector.getStartOffset(row),
          vector.getEndOffset(row), stored, 0, stored.length);
    }
  }

  private static final class NestedValues extends GroupValues {
    private Object[] values = new Object[0];

    @Override
    protected void grow(int size) {
      values = Arrays.copyOf(values, size);
    }

    @Override
    protected void store(int group, int row) {
      values[group] = VectorValues.get(input, row);
    }

    @Override
    protected void load(FieldVector out, int index, int group) {
      VectorValues.set(out, index, values[group]);
    }

    @Override
    int compare(int row, int group) {
      throw SpateException.internal("nested values are not comparable", null);
    }
  }
}
