package dev.spate.codegen;

import dev.spate.cpu.CpuBackend;
import dev.spate.planner.batch.BatchStream;
import dev.spate.planner.batch.ColumnarBatch;
import dev.spate.planner.batch.VectorValues;
import dev.spate.planner.config.SpateConfig;
import dev.spate.planner.expr.Call;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.physical.PhysicalNode;
import dev.spate.planner.physical.ScanExec;
import dev.spate.planner.spi.ExecContext;
import dev.spate.planner.spi.PlacedPlan;
import dev.spate.planner.spi.TableSource;
import dev.spate.planner.types.DataTypes;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Test helpers: an in-memory table of rows split into batches, running placed plans, and building
 * expressions (calls with their result fields, the configuration that fails instead of falling
 * back).
 */
final class PlanRunner {
  /** Unnamed nullable result fields for {@link #call}. */
  static final Field BIGINT = DataTypes.field("", DataTypes.BIGINT, true);
  static final Field INT = DataTypes.field("", DataTypes.INT, true);
  static final Field DOUBLE = DataTypes.field("", DataTypes.DOUBLE, true);
  static final Field BOOLEAN = DataTypes.field("", DataTypes.BOOLEAN, true);
  /** The defaults (ANSI mode) with every fallback from codegen an error. */
  static final SpateConfig ANSI = SpateConfig.defaults().with("spate.test.failOnFallback", "true");

  private PlanRunner() {}

  /** A call of function {@code name} returning {@code type}. */
  static Expression call(String name, Field type, Expression... arguments) {
    return new Call(name, List.of(arguments), type);
  }

  /** A table whose scans produce {@code rows} in batches of {@code batchRows} rows. */
  static TableSource table(Schema schema, List<List<Object>> rows, int batchRows) {
    return new TableSource() {
      @Override
      public Schema schema() {
        return schema;
      }

      @Override
      public String description() {
        return "memory";
      }

      @Override
      public BatchStream scan(List<Integer> columns, List<Expression> filters,
          ExecContext context) {
        return new BatchStream() {
          private int next;

          @Override
          public Schema schema() {
            return schema;
          }

          @Override
          public ColumnarBatch next() {
            if (next >= rows.size()) {
              return null;
            }
            int count = Math.min(batchRows, rows.size() - next);
            List<FieldVector> vectors = new ArrayList<>();
            for (int column = 0; column < schema.getFields().size(); column++) {
              Field field = schema.getFields().get(column);
              FieldVector vector = field.createVector(context.allocator());
              vector.setInitialCapacity(count);
              vector.allocateNew();
              for (int row = 0; row < count; row++) {
                Object value = rows.get(next + row).get(column);
                if (value == null) {
                  VectorValues.setNull(vector, row);
                } else {
                  VectorValues.set(vector, row, value);
                }
              }
              vectors.add(vector);
            }
            next += count;
            return ColumnarBatch.of(schema, vectors, count);
          }

          @Override
          public void close() {}
        };
      }
    };
  }

  static ScanExec scan(TableSource table) {
    List<Integer> columns = new ArrayList<>();
    for (int index = 0; index < table.schema().getFields().size(); index++) {
      columns.add(index);
    }
    return new ScanExec(table, columns, List.of());
  }

  static PlacedPlan place(PhysicalNode plan, SpateConfig config) {
    return PlacedPlan.place(plan, List.of(new CodegenBackend(), new CpuBackend()), config);
  }

  /** Runs {@code plan} and returns its live rows as internal values. */
  static List<List<Object>> run(PlacedPlan plan, SpateConfig config, BufferAllocator allocator) {
    List<List<Object>> result = new ArrayList<>();
    ExecContext context = new ExecContext(allocator, config, 0L);
    try (BatchStream stream = plan.open(context)) {
      while (true) {
        ColumnarBatch next = stream.next();
        if (next == null) {
          break;
        }
        try (ColumnarBatch batch = next) {
          for (int index = 0; index < batch.selectedCount(); index++) {
            int row = batch.position(index);
            List<Object> values = new ArrayList<>();
            for (FieldVector column : batch.columns()) {
              values.add(VectorValues.get(column, row));
            }
            result.add(values);
          }
        }
      }
    }
    return result;
  }
}
