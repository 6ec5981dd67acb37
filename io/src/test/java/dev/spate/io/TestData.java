package dev.spate.io;

import dev.spate.planner.batch.BatchStream;
import dev.spate.planner.batch.ColumnarBatch;
import dev.spate.planner.batch.VectorValues;
import dev.spate.planner.config.SpateConfig;
import dev.spate.planner.spi.ExecContext;
import dev.spate.planner.spi.TableSource;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/** Helpers for io tests: building batches from rows, reading sources back into rows. */
final class TestData {
  private TestData() {}

  static ExecContext context(BufferAllocator allocator) {
    return context(allocator, SpateConfig.defaults());
  }

  static ExecContext context(BufferAllocator allocator, SpateConfig config) {
    return new ExecContext(allocator, config, 0L);
  }

  /** A batch holding {@code rows} (internal representation values). */
  static ColumnarBatch batch(BufferAllocator allocator, Schema schema, List<List<Object>> rows) {
    List<FieldVector> vectors = new ArrayList<>();
    for (Field field : schema.getFields()) {
      FieldVector vector = field.createVector(allocator);
      vector.allocateNew();
      vectors.add(vector);
    }
    for (int row = 0; row < rows.size(); row++) {
      for (int column = 0; column < vectors.size(); column++) {
        VectorValues.set(vectors.get(column), row, rows.get(row).get(column));
      }
    }
    return ColumnarBatch.of(schema, vectors, rows.size());
  }

  /** A stream over prepared batches; closing it closes the batches not handed out. */
  static BatchStream stream(Schema schema, List<ColumnarBatch> batches) {
    Deque<ColumnarBatch> pending = new ArrayDeque<>(batches);
    return new BatchStream() {
      @Override
      public Schema schema() {
        return schema;
      }

      @Override
      public ColumnarBatch next() {
        return pending.poll();
      }

      @Override
      public void close() {
        while (!pending.isEmpty()) {
          pending.poll().close();
        }
      }
    };
  }

  /** Every row of a full scan of {@code source}, byte arrays shown as hex strings. */
  static List<List<Object>> readAll(TableSource source, BufferAllocator allocator) {
    List<Integer> columns = IntStream.range(0, source.schema().getFields().size()).boxed()
        .collect(Collectors.toList());
    return read(source, columns, List.of(), context(allocator));
  }

  static List<List<Object>> read(TableSource source, List<Integer> columns,
      List<dev.spate.planner.expr.Expression> filters, ExecContext context) {
    List<List<Object>> rows = new ArrayList<>();
    try (BatchStream stream = source.scan(columns, filters, context)) {
      ColumnarBatch batch;
      while ((batch = stream.next()) != null) {
        try (ColumnarBatch current = batch) {
          for (int index = 0; index < current.selectedCount(); index++) {
            int position = current.position(index);
            List<Object> row = new ArrayList<>();
            for (FieldVector vector : current.columns()) {
              row.add(normalize(VectorValues.get(vector, position)));
            }
            rows.add(row);
          }
        }
      }
    }
    return rows;
  }

  private static Object normalize(Object value) {
    if (value instanceof byte[]) {
      return HexFormat.of().formatHex((byte[]) value);
    }
    if (value instanceof List) {
      return ((List<?>) value).stream().map(TestData::normalize).collect(Collectors.toList());
    }
    if (value instanceof Map) {
      Map<Object, Object> result = new java.util.LinkedHashMap<>();
      ((Map<?, ?>) value).forEach((key, entry) -> result.put(normalize(key), normalize(entry)));
      return result;
    }
    return value;
  }

  static List<Object> row(Object... values) {
    return java.util.Arrays.asList(values);
  }
}
