package dev.spate.codegen.exec;

import static java.util.Objects.requireNonNull;

import dev.spate.codegen.generate.AggregateLayout;
import dev.spate.codegen.generate.CodegenTypes;
import dev.spate.codegen.generate.GeneratedSource;
import dev.spate.codegen.generate.StateLayout;
import dev.spate.codegen.runtime.CompositeKeyTable;
import dev.spate.codegen.runtime.KeyTable;
import dev.spate.codegen.runtime.PipelineKernel;
import dev.spate.cpu.expr.TypeKind;
import dev.spate.planner.batch.BatchStream;
import dev.spate.planner.batch.ColumnarBatch;
import dev.spate.planner.batch.VectorGather;
import dev.spate.planner.spi.ExecContext;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Runs a filter-and-aggregate pipeline: the first {@code next()} feeds every input batch to the
 * generated {@code consume} (the input is closed as soon as it ends), then the groups are emitted
 * in batches of at most {@code context.batchRows()} rows, keys first, with the interpreted
 * backend's NULL rules (a sum, average, minimum or maximum without a non-NULL input is NULL).
 */
final class AggregationRunner implements BatchStream {
  private final Schema schema;
  private final GeneratedSource generated;
  private final PipelineKernel kernel;
  private final BatchStream input;
  private final ExecContext context;
  private final int keyCount;
  private final long[] data;
  private final long[] validity;
  private final long[] offsets;
  private boolean consumed;
  private int emitted;
  private boolean closed;

  AggregationRunner(CompiledPipeline pipeline, BatchStream input, ExecContext context) {
    this.schema = pipeline.spec().outputSchema();
    this.generated = pipeline.generated();
    this.kernel = pipeline.newKernel();
    this.input = requireNonNull(input, "input is null");
    this.context = requireNonNull(context, "context is null");
    this.keyCount = pipeline.spec().keys().size();
    int inputColumns = pipeline.spec().inputSchema().getFields().size();
    this.data = new long[inputColumns];
    this.validity = new long[inputColumns];
    this.offsets = new long[inputColumns];
    kernel.bindOffsets(offsets);
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public ColumnarBatch next() {
    if (closed) {
      return null;
    }
    if (!consumed) {
      consume();
      consumed = true;
    }
    KeyTable groups = kernel.groups();
    int total = groups.groupCount();
    if (emitted >= total) {
      return null;
    }
    int count = Math.min(Math.max(1, context.batchRows()), total - emitted);
    List<FieldVector> columns = new ArrayList<>(schema.getFields().size());
    try {
      for (int key = 0; key < keyCount; key++) {
        columns.add(writeKey(groups, key, count));
      }
      long[] state = kernel.state();
      for (int index = 0; index < generated.layouts().size(); index++) {
        columns.add(writeAggregate(index, state, count));
      }
    } catch (RuntimeException e) {
      columns.forEach(FieldVector::close);
      throw e;
    }
    emitted += count;
    return ColumnarBatch.of(schema, columns, count);
  }

  private void consume() {
    while (true) {
      ColumnarBatch batch = input.next();
      if (batch == null) {
        break;
      }
      try (batch) {
        int live = batch.selectedCount();
        if (live == 0) {
          continue;
        }
        for (int column : generated.columns()) {
          FieldVector vector = batch.column(column);
          data[column] = vector.getDataBufferAddress();
          if (vector instanceof VarCharVector) {
            offsets[column] = vector.getOffsetBufferAddress();
          }
          validity[column] =
            vector.getNullCount() == 0 ? 0L : vector.getValidityBufferAddress();
        }
        kernel.consume(data, validity, batch.selection(), live);
      }
    }
    input.close();
  }

  private FieldVector writeKey(KeyTable groups, int key, int count) {
    Field field = schema.getFields().get(key);
    TypeKind kind = TypeKind.of(field);
    boolean floating = CodegenTypes.floating(kind);
    FieldVector vector = VectorGather.allocate(field, count, context.allocator());
    try {
      OutputColumn output = new OutputColumn(vector);
      for (int index = 0; index < count; index++) {
        int group = emitted + index;
        if (groups.isNull(group, key)) {
          continue;
        }
        if (kind == TypeKind.STRING) {
          ((CompositeKeyTable) groups).writeString(group, key, (VarCharVector) vector, index);
        } else if (floating) {
          output.writeDouble(index, Double.longBitsToDouble(groups.key(group, key)));
        } else {
          output.writeLong(index, groups.key(group, key));
        }
      }
      return vector;
    } catch (RuntimeException e) {
      vector.close();
      throw e;
    }
  }

  private FieldVector writeAggregate(int index, long[] state, int count) {
    AggregateLayout layout = generated.layouts().get(index);
    StateLayout slots = generated.stateLayout();
    int stride = slots.stride();
    int countSlot = slots.countSlot(index);
    int valueSlot = slots.valueSlot(index);
    FieldVector vector = VectorGather.allocate(schema.getFields().get(keyCount + index), count,
        context.allocator());
    try {
      OutputColumn output = new OutputColumn(vector);
      int base = emitted * stride;
      for (int row = 0; row < count; row++, base += stride) {
        long inputs = state[base + countSlot];
        if (layout == AggregateLayout.COUNT) {
          output.writeLong(row, inputs);
        } else if (inputs == 0) {
          continue;
        } else if (layout == AggregateLayout.AVERAGE) {
          output.writeDouble(row, Double.longBitsToDouble(state[base + valueSlot]) / inputs);
        } else if (layout.doubleState()) {
          output.writeDouble(row, Double.longBitsToDouble(state[base + valueSlot]));
        } else {
          output.writeLong(row, state[base + valueSlot]);
        }
      }
      return vector;
    } catch (RuntimeException e) {
      vector.close();
      throw e;
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      input.close();
    }
  }
}
