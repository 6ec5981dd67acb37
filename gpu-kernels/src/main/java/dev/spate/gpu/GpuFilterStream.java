package dev.spate.gpu;

import static java.util.Objects.requireNonNull;

import dev.spate.planner.batch.BatchStream;
import dev.spate.planner.batch.ColumnarBatch;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.spi.ExecContext;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A filter on the GPU: the condition is evaluated into a boolean column over every physical row,
 * {@code spate_filter_mask} compacts the TRUE rows into an int32 selection vector (order
 * preserving), and the output is the input batch with that selection (intersected with the input's
 * own selection). Only the selection crosses back to the host.
 */
final class GpuFilterStream implements BatchStream {
  private final GpuDevice device;
  private final Expression condition;
  private final BatchStream input;
  private final ExecContext context;

  GpuFilterStream(GpuDevice device, Expression condition, BatchStream input, ExecContext context) {
    this.device = requireNonNull(device, "device is null");
    this.condition = requireNonNull(condition, "condition is null");
    this.input = requireNonNull(input, "input is null");
    this.context = requireNonNull(context, "context is null");
  }

  @Override
  public Schema schema() {
    return input.schema();
  }

  @Override
  public ColumnarBatch next() {
    ColumnarBatch batch = input.next();
    if (batch == null || batch.selectedCount() == 0) {
      return batch;
    }
    try {
      int[] selected = GpuErrors.onDevice("Filter " + condition.sql(),
          () -> select(batch));
      int[] selection = intersect(selected, batch);
      return batch.withSelection(selection, selection.length);
    } catch (RuntimeException e) {
      batch.close();
      throw e;
    }
  }

  private int[] select(ColumnarBatch batch) {
    int rows = batch.rowCount();
    long tiles = (rows + (long) GpuDevice.BLOCK_THREADS * KernelCodes.ITEMS_PER_THREAD - 1)
        / ((long) GpuDevice.BLOCK_THREADS * KernelCodes.ITEMS_PER_THREAD);
    try (DeviceBatch deviceBatch = new DeviceBatch(device, batch);
        DeviceValue mask = new GpuExpressions(device, deviceBatch, context.ansi())
            .evaluate(condition);
        DeviceBuffer selection = device.pool().allocate(4L * rows);
        DeviceBuffer state = device.zeroed(8 * (2 + tiles))) {
      device.launch("spate_filter_mask", rows, new KernelArgs().pointer(mask.values())
          .pointer(mask.validity()).i32(rows).pointer(selection).pointer(state).list());
      int count = Math.toIntExact(device.downloadLongs(state, 2)[1]);
      return device.downloadInts(selection, count);
    }
  }

  /** The rows of {@code selected} (ascending) that are also live in {@code batch}. */
  private static int[] intersect(int[] selected, ColumnarBatch batch) {
    int[] live = batch.selection();
    if (live == null) {
      return selected;
    }
    int[] both = new int[Math.min(selected.length, batch.selectedCount())];
    int count = 0;
    int liveIndex = 0;
    for (int row : selected) {
      while (liveIndex < batch.selectedCount() && live[liveIndex] < row) {
        liveIndex++;
      }
      if (liveIndex < batch.selectedCount() && live[liveIndex] == row) {
        both[count++] = row;
      }
    }
    return java.util.Arrays.copyOf(both, count);
  }

  @Override
  public void close() {
    input.close();
  }
}
