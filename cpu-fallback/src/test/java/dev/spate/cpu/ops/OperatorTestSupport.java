package dev.spate.cpu.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spate.cpu.CpuBackend;
import dev.spate.planner.batch.BatchStream;
import dev.spate.planner.batch.ColumnarBatch;
import dev.spate.planner.batch.VectorValues;
import dev.spate.planner.config.SpateConfig;
import dev.spate.planner.expr.ColumnRef;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.physical.GenerateExec;
import dev.spate.planner.physical.HashAggregateExec;
import dev.spate.planner.physical.PhysicalNode;
import dev.spate.planner.physical.ScanExec;
import dev.spate.planner.physical.SortExec;
import dev.spate.planner.spi.ExecContext;
import dev.spate.planner.spi.PlacedPlan;
import dev.spate.planner.spi.TableSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Builds in-memory inputs, runs plans on the CPU backend and collects rows; checks for leaks. */
abstract class OperatorTestSupport {
  protected BufferAllocator allocator;

  @BeforeEach
  void createAllocator() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void closeAllocator() {
    assertThat(allocator.getAllocatedMemory()).as("leaked bytes").isZero();
    allocator.close();
  }

  protected ExecContext context(int batchRows) {
    return new ExecContext(allocator,
        SpateConfig.defaults().with("spate.batch.maxRows", Integer.toString(batchRows)), 0L);
  }

  protected static Object[] row(Object... values) {
    return values;
  }

  protected static List<Object[]> batch(Object[]... rows) {
    return Arrays.asList(rows);
  }

  protected static ColumnRef column(int ordinal, String name, Field type) {
    return new ColumnRef(ordinal, name, type);
  }

  protected static ColumnRef column(Schema schema, int ordinal) {
    Field field = schema.getFields().get(ordinal);
    return new ColumnRef(ordinal, field.getName(), field);
  }

  /** A scan over batches of rows (each a list of rows, built when the scan runs). */
  @SafeVarargs
  protected static ScanExec scan(Schema schema, List<Object[]>... batches) {
    List<List<Object[]>> list = new ArrayList<>();
    for (List<Object[]> rows : batches) {
      list.add(rows);
    }
    return scan(schema, list);
  }

  protected static ScanExec scan(Schema schema, List<List<Object[]>> batches) {
    List<Integer> columns = new ArrayList<>();
    for (int index = 0; index < schema.getFields().size(); index++) {
      columns.add(index);
    }
    return new ScanExec(new RowsSource(schema, batches), columns, List.of());
  }

  /** Runs {@code plan} on the CPU backend and returns its live rows, checking every batch. */
  protected List<List<Object>> run(PhysicalNode plan, ExecContext context) {
    PlacedPlan placed = PlacedPlan.place(plan, List.of(new CpuBackend()), context.config());
    try (BatchStream stream = placed.open(context)) {
      assertThat(stream.schema()).isEqualTo(plan.schema());
      boolean bounded = plan instanceof HashAggregateExec || plan instanceof SortExec
          || plan instanceof GenerateExec;
      return collect(stream, bounded ? context.batchRows() : Integer.MAX_VALUE);
    }
  }

  protected static List<List<Object>> collect(BatchStream stream, int maxRows) {
    List<List<Object>> rows = new ArrayList<>();
    ColumnarBatch batch;
    while ((batch = stream.next()) != null) {
      try (ColumnarBatch current = batch) {
        assertThat(current.schema()).isEqualTo(stream.schema());
        assertThat(current.rowCount()).as("rows per batch").isLessThanOrEqualTo(maxRows);
        for (int index = 0; index < current.selectedCount(); index++) {
          int position = current.position(index);
          List<Object> values = new ArrayList<>();
          for (FieldVector column : current.columns()) {
            values.add(VectorValues.get(column, position));
          }
          rows.add(values);
        }
      }
    }
    assertThat(stream.next()).isNull();
    return rows;
  }

  protected static List<Object> values(Object... values) {
    return Arrays.asList(values);
  }

  /** An in-memory table: batches are built from rows with the scan's allocator on demand. */
  static final class RowsSource implements TableSource {
    private final Schema schema;
    private final List<List<Object[]>> batches;

    RowsSource(Schema schema, List<List<Object[]>> batches) {
      this.schema = schema;
      this.batches = batches;
    }

    @Override
    public Schema schema() {
      return schema;
    }

    @Override
    public String description() {
      return "rows";
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
          if (next >= batches.size()) {
            return null;
          }
          return build(schema, batches.get(next++), context.allocator());
        }

        @Override
        public void close() {
          next = batches.size();
        }
      };
    }
  }

  static ColumnarBatch build(Schema schema, List<Object[]> rows, BufferAllocator allocator) {
    List<FieldVector> vectors = new ArrayList<>();
    for (Field field : schema.getFields()) {
      FieldVector vector = field.createVector(allocator);
      vector.allocateNew();
      vectors.add(vector);
    }
    for (int row = 0; row < rows.size(); row++) {
      for (int column = 0; column < vectors.size(); column++) {
        VectorValues.set(vectors.get(column), row, rows.get(row)[column]);
      }
    }
    return ColumnarBatch.of(schema, vectors, rows.size());
  }
}
