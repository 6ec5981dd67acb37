package dev.spate.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spate.planner.batch.BatchStream;
import dev.spate.planner.batch.ColumnarBatch;
import dev.spate.planner.batch.VectorValues;
import dev.spate.planner.config.SpateConfig;
import dev.spate.planner.expr.AggregateCall;
import dev.spate.planner.expr.ColumnRef;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.expr.SortOrder;
import dev.spate.planner.logical.JoinType;
import dev.spate.planner.physical.FilterExec;
import dev.spate.planner.physical.GenerateExec;
import dev.spate.planner.physical.HashAggregateExec;
import dev.spate.planner.physical.HashJoinExec;
import dev.spate.planner.physical.LimitExec;
import dev.spate.planner.physical.PhysicalNode;
import dev.spate.planner.physical.ProjectExec;
import dev.spate.planner.physical.ScanExec;
import dev.spate.planner.physical.SortExec;
import dev.spate.planner.physical.UnionExec;
import dev.spate.planner.spi.Backend;
import dev.spate.planner.spi.Backends;
import dev.spate.planner.spi.ExecContext;
import dev.spate.planner.spi.PlacedPlan;
import dev.spate.planner.spi.TableSource;
import dev.spate.planner.types.DataTypes;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

class CpuBackendTest {
  private static final Field ID = DataTypes.field("id", DataTypes.BIGINT, true);
  private static final Field FLAG = DataTypes.field("flag", DataTypes.BOOLEAN, true);
  private static final Field ITEMS = DataTypes.listOf("items", ID, true);
  private static final Schema SCHEMA = new Schema(List.of(ID, FLAG, ITEMS));

  /** A source of {@code batches} batches of 3 rows that counts the batches it produced. */
  private static final class CountingSource implements TableSource {
    private final int batches;
    private int produced;

    CountingSource(int batches) {
      this.batches = batches;
    }

    @Override
    public Schema schema() {
      return SCHEMA;
    }

    @Override
    public String description() {
      return "counting";
    }

    @Override
    public BatchStream scan(List<Integer> columns, List<Expression> filters, ExecContext context) {
      return new BatchStream() {
        private int next;

        @Override
        public Schema schema() {
          return SCHEMA;
        }

        @Override
        public ColumnarBatch next() {
          if (next >= batches) {
            return null;
          }
          BufferAllocator allocator = context.allocator();
          List<FieldVector> vectors = new ArrayList<>();
          for (Field field : SCHEMA.getFields()) {
            FieldVector vector = field.createVector(allocator);
            vector.allocateNew();
            vectors.add(vector);
          }
          for (int row = 0; row < 3; row++) {
            long id = next * 3L + row;
            VectorValues.set(vectors.get(0), row, id);
            VectorValues.set(vectors.get(1), row, id % 2 == 0);
            VectorValues.set(vectors.get(2), row, List.of(id, id + 1));
          }
          next++;
          produced++;
          return ColumnarBatch.of(SCHEMA, vectors, 3);
        }

        @Override
        public void close() {
          next = batches;
        }
      };
    }
  }

  private static List<PhysicalNode> everyNode(ScanExec scan, ScanExec other) {
    ColumnRef id = new ColumnRef(0, "id", ID);
    ColumnRef flag = new ColumnRef(1, "flag", FLAG);
    Field count = DataTypes.field("", DataTypes.BIGINT, false);
    return List.of(scan, new FilterExec(flag, scan), new ProjectExec(List.of(id), scan),
        new HashAggregateExec(List.of(flag), List.of("flag"),
            List.of(new AggregateCall("count", List.of(), false, count)), List.of("count"), scan),
        new SortExec(List.of(SortOrder.of(id, false)), -1, scan), new LimitExec(2, 1, scan),
        new HashJoinExec(JoinType.FULL_OUTER, List.of(id), List.of(id), null, scan, other),
        new UnionExec(List.of(scan, other), SCHEMA),
        new GenerateExec(new ColumnRef(2, "items", ITEMS), true,
            List.of(DataTypes.field("col", DataTypes.BIGINT, true)), scan));
  }

  @Test
  void isRegisteredAndSupportsEveryNode() {
    List<Backend> backends = Backends.load();
    assertThat(backends).anySatisfy(backend -> assertThat(backend).isInstanceOf(CpuBackend.class));
    CpuBackend backend = new CpuBackend();
    assertThat(backend.kind()).isEqualTo(Backend.Kind.CPU);
    ScanExec scan = new ScanExec(new CountingSource(1), List.of(0, 1, 2), List.of());
    for (PhysicalNode node : everyNode(scan, scan)) {
      assertThat(backend.unsupportedReason(node, SpateConfig.defaults())).isEmpty();
    }
  }

  @Test
  void opensLazilyAndReleasesEverythingWhenClosedEarly() {
    try (RootAllocator allocator = new RootAllocator()) {
      ExecContext context = new ExecContext(allocator,
          SpateConfig.defaults().with("spate.batch.maxRows", "2"), 0L);
      CountingSource source = new CountingSource(4);
      CountingSource otherSource = new CountingSource(2);
      ScanExec scan = new ScanExec(source, List.of(0, 1, 2), List.of());
      ScanExec other = new ScanExec(otherSource, List.of(0, 1, 2), List.of());
      for (PhysicalNode node : everyNode(scan, other)) {
        PlacedPlan placed = PlacedPlan.place(node, List.of(new CpuBackend()),
            context.config());
        BatchStream stream = placed.open(context);
        assertThat(source.produced).as("work before next() in %s", node.name()).isZero();
        ColumnarBatch first = stream.next();
        assertThat(first).as("first batch of %s", node.name()).isNotNull();
        assertThat(first.schema()).isEqualTo(node.schema());
        first.close();
        stream.close();
        stream.close();
        assertThat(stream.next()).isNull();
        assertThat(allocator.getAllocatedMemory()).as("leak after closing %s", node.name())
            .isZero();
        source.produced = 0;
      }
    }
  }
}
