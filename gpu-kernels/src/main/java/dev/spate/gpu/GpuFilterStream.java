package dev.spate.gpu;

import static java.util.Objects.requireNonNull;

import dev.spate.planner.batch.BatchStream;
import dev.spate.planner.batch.ColumnarBatch;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.physical.FilterExec;
import dev.spate.planner.spi.ExecContext;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A filter on the GPU: the condition is evaluated into a boolean column over every physical row,
 * {@code spate_filter_mask} compacts the TRUE rows into an int32 selection vector (order
 * preserving), and the output is the input batch with that selection (intersected with the input's
 * own selection). Only the selection crosses back to the host. A batch that does not fit in device
 * memory is split and retried, then filtered on the CPU ({@link GpuRetry}).
 */
final class GpuFilterStream implements FusibleStream {
  private final GpuDevice device;
  private final Expression condition;
  private final BatchStream input;
  private final FilterExec node;
  private boolean absorbed;
  private final ExecContext context;
  private final GpuRetry retry;

  GpuFilterStream(GpuDevice device, FilterExec node, BatchStream input, ExecContext context) {
    this.device = requireNonNull(device, "device is null");
    this.condition = node.condition();
    this.input = requireNonNull(input, "input is null");
    this.node = node;
    this.context = requireNonNull(context, "context is null");
    this.retry = new GpuRetry(node, "Filter " + condition.sql(), context);
  }

  @Override
  public FilterExec node() {
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
    return input.schema();
  }

  @Override
  public ColumnarBatch next() {
    ColumnarBatch batch = input.next();
    if (batch == null || batch.selectedCount() == 0) {
      return batch;
    }
    try {
      List<int[]> parts = new ArrayList<>();
      retry.run(batch, this::selectOnDevice, this::selectOnCpu, parts::add);
      int[] selected = concat(parts);
      int[] selection = intersect(selected, batch);
      return batch.withSelection(selection, selection.length);
    } catch (RuntimeException e) {
      batch.close();
      throw e;
    }
  }

  private int[] selectOnDevice(ColumnarBatch piece, int start) {
    try (piece) {
      return offset(GpuErrors.onDevice(device, "Filter " + condition.sql(), () -> select(piece)), start);
    }
  }

  private int[] selectOnCpu(ColumnarBatch piece, int start) {
    List<ColumnarBatch> outputs = retry.onCpu(piece);
    try {
      List<int[]> selections = new ArrayList<>();
      for (ColumnarBatch output : outputs) {
        int[] rows = new int[output.selectedCount()];
        for (int index = 0; index < rows.length; index++) {
          rows[index] = output.position(index);
        }
        selections.add(rows);
      }
      return offset(concat(selections), start);
    } finally {
      outputs.forEach(ColumnarBatch::close);
    }
  }

  private static int[] offset(int[] rows, int start) {
    for (int index = 0; index < rows.length; index++) {
      rows[index] += start;
    }
    return rows;
  }

  private static int[] concat(List<int[]> parts) {
    if (parts.size() == 1) {
      return parts.get(0);
    }
    int[] all = new int[parts.stream().mapToInt(part -> part.length).sum()];
    int length = 0;
    for (int[] part : parts) {
      System.arraycopy(part, 0, all, length, part.length);
      length += part.length;
    }
    return all;
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
    if (absorbed) {
      return;
    }
    input.close();
  }
}
