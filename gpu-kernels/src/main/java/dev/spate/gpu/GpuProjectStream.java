package dev.spate.gpu;

import static java.util.Objects.requireNonNull;

import dev.spate.planner.batch.BatchStream;
import dev.spate.planner.batch.ColumnarBatch;
import dev.spate.planner.expr.ColumnRef;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.physical.ProjectExec;
import dev.spate.planner.spi.ExecContext;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A projection on the GPU: the input is compacted (so rows a filter dropped cannot raise ANSI
 * errors), column references pass the input vectors through, and every computed column is
 * evaluated by {@link GpuExpressions} and copied back into a new Arrow vector (values and
 * validity, nothing else). A batch that does not fit in device memory is split and retried, then
 * projected on the CPU ({@link GpuRetry}); the pieces come out as batches of their own, in order.
 */
final class GpuProjectStream implements FusibleStream {
  private final GpuDevice device;
  private final List<Expression> projections;
  private final Schema schema;
  private final BatchStream input;
  private final ProjectExec node;
  private boolean absorbed;
  private final ExecContext context;
  private final GpuRetry retry;
  private final ArrayDeque<ColumnarBatch> pending = new ArrayDeque<>();

  GpuProjectStream(GpuDevice device, ProjectExec node, BatchStream input, ExecContext context) {
    this.device = requireNonNull(device, "device is null");
    this.projections = List.copyOf(node.projections());
    this.schema = node.schema();
    this.input = requireNonNull(input, "input is null");
    this.node = node;
    this.context = requireNonNull(context, "context is null");
    this.retry = new GpuRetry(node, "Project", context);
  }

  @Override
  public ProjectExec node() {
    return node;
  }

  @Override
  public BatchStream input() {
    return input;
  }

  @Override
  public BatchStream absorb() {
    absorbed = true;
    return input;
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public ColumnarBatch next() {
    if (pending.isEmpty()) {
      ColumnarBatch next = input.next();
      if (next == null) {
        return null;
      }
      try (ColumnarBatch batch = next.compact(context.allocator())) {
        retry.run(batch, (piece, start) -> List.of(project(piece)),
            (piece, start) -> retry.onCpu(piece), pending::addAll);
      }
    }
    return pending.poll();
  }

  /**
   * The projection of {@code batch}, which it consumes: the computed columns' copies back to the
   * host are queued and complete at the batch's one synchronisation.
   */
  private ColumnarBatch project(ColumnarBatch batch) {
    List<FieldVector> columns = new ArrayList<>();
    List<FieldVector> owned = new ArrayList<>();
    try (DeviceBatch deviceBatch = new DeviceBatch(device, batch)) {
      GpuErrors.onDevice(device, "Project", () -> {
        for (int index = 0; index < projections.size(); index++) {
          Expression value = GpuExpressions.unalias(projections.get(index));
          if (value instanceof ColumnRef) {
            columns.add(batch.column(((ColumnRef) value).ordinal()));
          } else {
            FieldVector vector = schema.getFields().get(index).createVector(context.allocator());
            owned.add(vector);
            columns.add(vector);
            compute(value, deviceBatch, vector);
          }
        }
        return null;
      });
      return ColumnarBatch.withResources(schema, columns, batch.rowCount(), null,
          batch.rowCount(), owned, List.of(batch));
    } catch (RuntimeException e) {
      owned.forEach(FieldVector::close);
      batch.close();
      throw e;
    }
  }

  /** Evaluates {@code value} into {@code vector}, whose buffers are filled at the next sync. */
  private void compute(Expression value, DeviceBatch deviceBatch, FieldVector vector) {
    int rows = deviceBatch.rowCount();
    vector.setInitialCapacity(rows);
    vector.allocateNew();
    if (rows > 0) {
      try (DeviceValue result = new GpuExpressions(device, deviceBatch, context.ansi())
              .evaluate(value)) {
        device.downloadDeferred(result.values(), vector.getDataBuffer(),
            result.type().valueBytes(rows));
        if (result.validity() == null) {
          vector.getValidityBuffer().setOne(0, GpuType.validityBytes(rows));
        } else {
          device.downloadDeferred(result.validity(), vector.getValidityBuffer(),
              GpuType.validityBytes(rows));
        }
      }
    }
    vector.setValueCount(rows);
  }

  @Override
  public void close() {
    if (absorbed) {
      return;
    }
    pending.forEach(ColumnarBatch::close);
    pending.clear();
    input.close();
  }
}
