package dev.spate.gpu;

import static java.util.Objects.requireNonNull;

import dev.spate.SpateException;
import dev.spate.planner.batch.BatchStream;
import dev.spate.planner.batch.ColumnarBatch;
import dev.spate.planner.batch.VectorGather;
import dev.spate.planner.expr.Call;
import dev.spate.planner.expr.ColumnRef;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.expr.FunctionNames;
import dev.spate.planner.expr.Literal;
import dev.spate.planner.physical.GenerateExec;
import dev.spate.planner.spi.ExecContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Spark's event-time windows on the GPU: a {@link GenerateExec} whose generator is {@link
 * FunctionNames#TIME_WINDOW} ({@code window(ts, size, slide)} over a TIMESTAMP column, planned by
 * the analyzer's time-window rewrite).
 *
 * <p>Per input batch, the live timestamps go to the device (the input's selection is compacted on
 * the host first; without one the Arrow buffers are copied as they are), {@code
 * spate_window_tumbling} (slide = size) or {@code spate_window_sliding} assigns the windows, and
 * the (row, start) pairs come back; each end is {@code start + size}, added on the host exactly as
 * the kernels add it, so the end column never crosses PCIe. Windows are aligned to the epoch
 * (kernel offset 0: the planner has no {@code startTime} argument).
 *
 * <p>The output is what cpu-fallback's {@code GenerateStream} produces: the input's columns
 * gathered by row, then the {@code window struct<start, end>} column; one row per (row, window),
 * rows in input order, each row's windows latest start first, none for a NULL timestamp; batches
 * of at most {@code context.batchRows()} rows and never an empty one. Batches whose candidate
 * (row, window) pairs exceed {@link GpuConfig#WINDOW_ITEMS_PER_LAUNCH} run as several launches.
 */
final class GpuTimeWindowStream implements BatchStream {
  /** The window shape of a supported node: the timestamp column and durations in microseconds. */
  private record Spec(int timeOrdinal, long size, long slide) {
    boolean tumbling() {
      return size == slide;
    }

    /** Spark's candidate windows per row, {@code ceil(size / slide)}. */
    long windowsPerRow() {
      return size / slide + (size % slide == 0 ? 0 : 1);
    }
  }

  private final GpuDevice device;
  private final Spec spec;
  private final BatchStream input;
  private final ExecContext context;
  private final Schema schema;
  private final int childColumns;
  private final int itemsPerLaunch;

  private ColumnarBatch batch;
  private Windows windows;
  private int emitted;

  GpuTimeWindowStream(GpuDevice device, GenerateExec node, BatchStream input,
      ExecContext context) {
    this.device = requireNonNull(device, "device is null");
    this.input = requireNonNull(input, "input is null");
    this.context = requireNonNull(context, "context is null");
    this.itemsPerLaunch = context.config().get(GpuConfig.WINDOW_ITEMS_PER_LAUNCH);
    this.spec = spec(node, itemsPerLaunch);
    this.schema = node.schema();
    this.childColumns = node.child().schema().getFields().size();
  }

  /**
   * Empty when the GPU runs {@code node} with at most {@code itemsPerLaunch} candidate windows per
   * launch; otherwise a full sentence saying why not.
   */
  /** Whether {@code node} generates event-time windows ({@code window(ts, size[, slide])}). */
  static boolean isTimeWindow(GenerateExec node) {
    return node.generator() instanceof Call
        && ((Call) node.generator()).name().equals(FunctionNames.TIME_WINDOW);
  }

  static Optional<String> unsupportedReason(GenerateExec node, int itemsPerLaunch) {
    Expression generator = node.generator();
    if (!isTimeWindow(node)) {
      return Optional.of("GPU Generate runs only event-time windows (window(ts, size[, slide]));"
          + " `" + node.explainParams() + "` generates something else.");
    }
    if (node.outer()) {
      return Optional.of("GPU Generate does not keep rows without windows (an outer generator).");
    }
    List<Expression> arguments = ((Call) generator).arguments();
    Expression time = arguments.get(0);
    if (!(time instanceof ColumnRef)) {
      return Optional.of("GPU time windows read the timestamp from a column; `" + time.sql()
          + "` is an expression, which the CPU evaluates.");
    }
    ArrowType type = time.dataType().getType();
    if (!(type instanceof ArrowType.Timestamp)
        || ((ArrowType.Timestamp) type).getUnit() != TimeUnit.MICROSECOND) {
      return Optional.of("GPU time windows need a TIMESTAMP column of microseconds; `"
          + time.sql() + "` has type " + type + ".");
    }
    if (!isLong(arguments.get(1)) || !isLong(arguments.get(2))) {
      return Optional.of("GPU time windows need constant durations in microseconds; `"
          + generator.sql() + "` has others.");
    }
    long size = longValue(arguments.get(1));
    long slide = longValue(arguments.get(2));
    if (size <= 0 || slide <= 0 || slide > size) {
      return Optional.of("GPU time windows need 0 < slide <= size; `" + generator.sql()
          + "` has size " + size + " and slide " + slide + " microseconds.");
    }
    long perRow = new Spec(0, size, slide).windowsPerRow();
    if (perRow > itemsPerLaunch) {
      return Optional.of("GPU sliding windows examine at most spate.gpu.window.itemsPerLaunch="
          + itemsPerLaunch + " candidate windows per row; `" + generator.sql() + "` has " + perRow
          + ".");
    }
    return Optional.empty();
  }

  private static boolean isLong(Expression argument) {
    return argument instanceof Literal && ((Literal) argument).value() instanceof Long;
  }

  private static long longValue(Expression argument) {
    return (Long) ((Literal) argument).value();
  }

  private static Spec spec(GenerateExec node, int itemsPerLaunch) {
    Optional<String> reason = unsupportedReason(node, itemsPerLaunch);
    if (reason.isPresent()) {
      throw SpateException.internal("the GPU cannot run " + node.explainParams() + ": "
          + reason.get(), null);
    }
    List<Expression> arguments = ((Call) node.generator()).arguments();
    return new Spec(((ColumnRef) arguments.get(0)).ordinal(), longValue(arguments.get(1)),
        longValue(arguments.get(2)));
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public ColumnarBatch next() {
    while (true) {
      if (batch == null) {
        ColumnarBatch next = input.next();
        if (next == null) {
          return null;
        }
        batch = next;
        emitted = 0;
        try {
          windows = GpuErrors.onDevice(device, "Generate window", () -> assign(next));
        } catch (RuntimeException e) {
          releaseBatch();
          throw e;
        }
      }
      if (emitted < windows.count) {
        int count = Math.min(Math.max(1, context.batchRows()), windows.count - emitted);
        ColumnarBatch output = gather(emitted, count);
        emitted += count;
        if (emitted == windows.count) {
          releaseBatch();
        }
        return output;
      }
      releaseBatch();
    }
  }

  /** The (row, window start) pairs of the live rows of {@code current}, in output order. */
  private Windows assign(ColumnarBatch current) {
    int live = current.selectedCount();
    Windows result = new Windows(live);
    TimeStampVector time = (TimeStampVector) current.column(spec.timeOrdinal());
    int perRow = (int) spec.windowsPerRow();
    int chunkRows = itemsPerLaunch / perRow;
    for (int from = 0; from < live; from += chunkRows) {
      int count = Math.min(chunkRows, live - from);
      int[] positions = positions(current, from, count);
      FieldVector timestamps = positions == null ? time
          : VectorGather.gather(time, positions, count, time.getField(), context.allocator());
      try (DeviceBuffer values = device.upload(timestamps.getDataBuffer(), 8L * count);
          DeviceBuffer validity = timestamps.getNullCount() == 0 ? null
              : device.upload(timestamps.getValidityBuffer(), GpuType.validityBytes(count))) {
        if (spec.tumbling()) {
          tumbling(values, validity, count, positions, result);
        } else {
          sliding(values, validity, count, perRow, positions, result);
        }
      } finally {
        if (timestamps != time) {
          timestamps.close();
        }
      }
    }
    return result;
  }

  /**
   * The physical rows of live rows {@code from..from+count} of {@code current}, or null when they
   * are the whole batch in order (the column is uploaded as it is).
   */
  private static int[] positions(ColumnarBatch current, int from, int count) {
    int[] selection = current.selection();
    if (selection == null && from == 0 && count == current.rowCount()) {
      return null;
    }
    int[] positions = new int[count];
    for (int index = 0; index < count; index++) {
      positions[index] = current.position(from + index);
    }
    return positions;
  }

  private void tumbling(DeviceBuffer values, DeviceBuffer validity, int count, int[] positions,
      Windows result) {
    try (DeviceBuffer starts = device.pool().allocate(8L * count);
        DeviceBuffer windowValidity = validity == null ? null
            : device.pool().allocate(GpuType.validityBytes(count))) {
      device.launch("spate_window_tumbling", count, new KernelArgs().pointer(values)
          .pointer(validity).i32(count).scalar(GpuType.INT64, spec.size())
          .scalar(GpuType.INT64, 0L).pointer(starts).pointer(null).pointer(windowValidity).list());
      long[] start = device.downloadLongs(starts, count);
      byte[] valid = windowValidity == null ? null
          : device.downloadBytes(windowValidity, (int) GpuType.validityBytes(count));
      for (int row = 0; row < count; row++) {
        if (valid == null || ((valid[row >> 3] >> (row & 7)) & 1) != 0) {
          result.add(positions == null ? row : positions[row], start[row]);
        }
      }
    }
  }

  private void sliding(DeviceBuffer values, DeviceBuffer validity, int count, int perRow,
      int[] positions, Windows result) {
    int items = count * perRow;
    long tileItems = (long) GpuDevice.BLOCK_THREADS * KernelCodes.ITEMS_PER_THREAD;
    long tiles = (items + tileItems - 1) / tileItems;
    try (DeviceBuffer rows = device.pool().allocate(4L * items);
        DeviceBuffer starts = device.pool().allocate(8L * items);
        DeviceBuffer state = device.zeroed(8 * (2 + tiles))) {
      device.launch("spate_window_sliding", items, new KernelArgs().pointer(values)
          .pointer(validity).i32(count).scalar(GpuType.INT64, spec.size())
          .scalar(GpuType.INT64, spec.slide()).scalar(GpuType.INT64, 0L).i32(perRow)
          .pointer(rows).pointer(starts).pointer(null).pointer(state).list());
      int produced = Math.toIntExact(device.downloadLongs(state, 2)[1]);
      int[] row = device.downloadInts(rows, produced);
      long[] start = device.downloadLongs(starts, produced);
      for (int index = 0; index < produced; index++) {
        result.add(positions == null ? row[index] : positions[row[index]], start[index]);
      }
    }
  }

  /** Output rows {@code from..from+count}: the input columns by row, then the window struct. */
  private ColumnarBatch gather(int from, int count) {
    int[] rows = Arrays.copyOfRange(windows.rows, from, from + count);
    List<Field> fields = schema.getFields();
    List<FieldVector> columns = new ArrayList<>(fields.size());
    try {
      for (int column = 0; column < childColumns; column++) {
        columns.add(VectorGather.gather(batch.column(column), rows, count, fields.get(column),
            context.allocator()));
      }
      columns.add(windowColumn(fields.get(childColumns), from, count));
      return ColumnarBatch.of(schema, columns, count);
    } catch (RuntimeException e) {
      columns.forEach(FieldVector::close);
      throw e;
    }
  }

  private FieldVector windowColumn(Field field, int from, int count) {
    StructVector struct = (StructVector) VectorGather.allocate(field, count, context.allocator());
    try {
      TimeStampVector starts = (TimeStampVector) struct.getChildByOrdinal(0);
      TimeStampVector ends = (TimeStampVector) struct.getChildByOrdinal(1);
      for (int index = 0; index < count; index++) {
        long start = windows.starts[from + index];
        struct.setIndexDefined(index);
        starts.setSafe(index, start);
        ends.setSafe(index, start + spec.size());
      }
      starts.setValueCount(count);
      ends.setValueCount(count);
      struct.setValueCount(count);
      return struct;
    } catch (RuntimeException e) {
      struct.close();
      throw e;
    }
  }

  private void releaseBatch() {
    windows = null;
    if (batch != null) {
      batch.close();
      batch = null;
    }
  }

  @Override
  public void close() {
    releaseBatch();
    input.close();
  }

  /** A growing list of (physical row, window start) pairs. */
  private static final class Windows {
    private int[] rows;
    private long[] starts;
    private int count;

    Windows(int capacity) {
      rows = new int[Math.max(capacity, 1)];
      starts = new long[rows.length];
    }

    void add(int row, long start) {
      if (count == rows.length) {
        rows = Arrays.copyOf(rows, 2 * count);
        starts = Arrays.copyOf(starts, rows.length);
      }
      rows[count] = row;
      starts[count] = start;
      count++;
    }
  }
}
