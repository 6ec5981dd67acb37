package dev.spate.cpu.expr;

import dev.spate.planner.batch.ColumnarBatch;
import dev.spate.planner.batch.VectorValues;
import dev.spate.planner.config.SpateConfig;
import dev.spate.planner.expr.Call;
import dev.spate.planner.expr.ColumnRef;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.spi.ExecContext;
import dev.spate.planner.types.DataTypes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Test support: one allocator per test (closed, so every test is a leak test), batches built from
 * column values, and evaluation of an expression into a list of values at the live rows.
 */
final class ExprFixture implements AutoCloseable {
  final BufferAllocator allocator = new RootAllocator();
  private final List<ColumnarBatch> batches = new ArrayList<>();

  static Field field(ArrowType type) {
    return DataTypes.field("", type, true);
  }

  static ColumnRef column(int ordinal, ArrowType type) {
    return new ColumnRef(ordinal, "c" + ordinal, field(type));
  }

  static ColumnRef column(int ordinal, Field type) {
    return new ColumnRef(ordinal, "c" + ordinal, type);
  }

  static Call call(String name, ArrowType resultType, Expression... arguments) {
    return new Call(name, List.of(arguments), field(resultType));
  }

  static Call call(String name, Field resultType, Expression... arguments) {
    return new Call(name, List.of(arguments), resultType);
  }

  ExecContext ansi() {
    return new ExecContext(allocator, SpateConfig.defaults(), 0L);
  }

  ExecContext legacy() {
    return new ExecContext(allocator, SpateConfig.defaults().with("spate.sql.ansi.enabled", "false"),
        0L);
  }

  ExecContext context(SpateConfig config, long nowMicros) {
    return new ExecContext(allocator, config, nowMicros);
  }

  /** A batch whose column {@code i} has type {@code types[i]} and the values {@code columns[i]}. */
  ColumnarBatch batch(List<Field> types, List<List<Object>> columns) {
    List<FieldVector> vectors = new ArrayList<>();
    List<Field> fields = new ArrayList<>();
    int rowCount = columns.isEmpty() ? 0 : columns.get(0).size();
    for (int column = 0; column < types.size(); column++) {
      Field field = DataTypes.rename(types.get(column), "c" + column);
      fields.add(field);
      FieldVector vector = field.createVector(allocator);
      vector.allocateNew();
      List<Object> values = columns.get(column);
      for (int row = 0; row < values.size(); row++) {
        VectorValues.set(vector, row, values.get(row));
      }
      vectors.add(vector);
    }
    ColumnarBatch batch = ColumnarBatch.of(new Schema(fields), vectors, rowCount);
    batches.add(batch);
    return batch;
  }

  /** A batch with one column. */
  ColumnarBatch batch(ArrowType type, Object... values) {
    return batch(List.of(field(type)), List.of(Arrays.asList(values)));
  }

  /** A batch with one column of a nested type. */
  ColumnarBatch batch(Field type, Object... values) {
    return batch(List.of(type), List.of(Arrays.asList(values)));
  }

  /** Two columns of the same length. */
  ColumnarBatch batch(ArrowType leftType, List<Object> left, ArrowType rightType,
      List<Object> right) {
    return batch(List.of(field(leftType), field(rightType)), List.of(left, right));
  }

  /** The same batch with only {@code live} rows selected. */
  ColumnarBatch select(ColumnarBatch batch, int... live) {
    batches.remove(batch);
    ColumnarBatch selected = batch.withSelection(live, live.length);
    batches.add(selected);
    return selected;
  }

  /** Evaluates and returns the values at the live rows, in order. */
  List<Object> eval(Expression expression, ColumnarBatch batch, ExecContext context) {
    CompiledExpression compiled = ExpressionEvaluator.compile(expression);
    try (FieldVector result = compiled.evaluate(batch, context)) {
      if (result.getValueCount() != batch.rowCount()) {
        throw new AssertionError("value count " + result.getValueCount() + " != row count "
            + batch.rowCount());
      }
      List<Object> values = new ArrayList<>();
      for (int index = 0; index < batch.selectedCount(); index++) {
        values.add(VectorValues.get(result, batch.position(index)));
      }
      return values;
    }
  }

  /** The physical positions of the live rows where the condition is TRUE (the filter path). */
  List<Integer> select(Expression condition, ColumnarBatch batch, ExecContext context) {
    RowSet rows = ExpressionEvaluator.compilePredicate(condition).select(batch, context);
    List<Integer> positions = new ArrayList<>();
    for (int index = 0; index < rows.count(); index++) {
      positions.add(rows.position(index));
    }
    return positions;
  }

  List<Integer> select(Expression condition, ColumnarBatch batch) {
    return select(condition, batch, ansi());
  }

  List<Object> eval(Expression expression, ColumnarBatch batch) {
    return eval(expression, batch, ansi());
  }

  @Override
  public void close() {
    for (ColumnarBatch batch : batches) {
      batch.close();
    }
    allocator.close();
  }
}
