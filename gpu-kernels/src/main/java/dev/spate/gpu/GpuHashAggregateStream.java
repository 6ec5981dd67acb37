package dev.spate.gpu;

import static java.util.Objects.requireNonNull;

import dev.spate.SpateException;
import dev.spate.cpu.CpuBackend;
import dev.spate.cpu.expr.Errors;
import dev.spate.planner.batch.BatchStream;
import dev.spate.planner.batch.ColumnarBatch;
import dev.spate.planner.batch.VectorGather;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.physical.HashAggregateExec;
import dev.spate.planner.physical.PhysicalNode;
import dev.spate.planner.spi.ExecContext;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.TransferPair;

/**
 * A {@link HashAggregateExec} on the GPU ({@link GpuAggregation} says which). On the first {@code
 * next()} it consumes the whole input: each batch's key and value columns are copied to the device,
 * a {@link DeviceGroupTable} maps its rows to group slots and one {@code spate_agg_update_*} launch
 * per accumulator adds them to device-resident accumulators ({@link Accumulators}). A full table is
 * replaced by one of twice the capacity: its groups are re-inserted on the device, and the
 * accumulators move to their new slots through the host (a rare, amortised step). At the end of
 * input {@code spate_hashagg_groups} lists the groups, the key and finalize kernels write the
 * result columns, and they are copied down once, then emitted in batches of at most {@code
 * spate.batch.maxRows} rows.
 *
 * <p>Semantics are the CPU backend's: NULL keys form a group, float keys are normalised (-0.0 as
 * 0.0, one NaN), NULL values are skipped, a group without values has NULL sum/avg/min/max and count
 * 0, a global aggregate yields one row also for empty input and a grouped one none. Differences,
 * documented: integral sums are exact 128-bit totals, so ANSI mode raises the CPU's overflow error
 * when a group's total does not fit BIGINT (the CPU also raises when a running sum overflows and
 * comes back); DOUBLE sums and averages are added in atomic order, which may differ from the CPU's
 * sequential sum in the last bits. Min/max keep the first of equal values in input order, as the
 * CPU and Spark do, so a zero result is -0.0 or 0.0 as the group's first zero row was (the update
 * kernels get each batch's first row number); every NaN is the canonical one. Shared-memory
 * pre-aggregation is used once the group count is known to be low (measured after the first batch
 * and after every growth; always for a global aggregate).
 *
 * <p>Device memory: a batch whose accumulation hits the pool's limit ({@link
 * GpuOutOfMemoryException}) is split in halves and retried, down to {@link
 * GpuConfig#RETRY_MIN_ROWS} rows; the update of a batch is all-or-nothing (every value is evaluated
 * before the first accumulator changes, and a growth that fails leaves the old table and
 * accumulators as they were). When even that does not fit, the groups so far are written out and
 * the aggregation finishes on the CPU ({@link GpuAggregateFallback}), after the device state is
 * released; a fused aggregation first runs the rest of its input through the absorbed Filter /
 * Project nodes on the CPU backend.
 */
final class GpuHashAggregateStream implements BatchStream {
  /** The initial number of hash slots of a grouped aggregate. */
  static final int INITIAL_CAPACITY = 1024;

  private final GpuDevice device;
  private final GpuAggregation aggregation;
  private final Schema schema;
  private final BatchStream input;
  private final ExecContext context;
  private final String operator;
  private final HashAggregateExec node;
  private final GpuRetry retry;
  /** The absorbed GPU Filter / Project nodes, bottom-up (empty when nothing was absorbed). */
  private final List<PhysicalNode> chain;
  /** The fused per-row program of {@link #chain}, or null (no chain). */
  private final GpuProgram program;
  /** An upper bound of the groups in {@link #table}: the fused kernel must never find it full. */
  private int groupBound;
  private DeviceGroupTable table;
  private BatchStream fallback;
  private final List<DeviceBuffer> accumulators = new ArrayList<>();
  private int estimatedGroups;
  /** Input rows accumulated so far (the row number of the next batch's first row). */
  private long rowsBefore;
  private boolean consumed;
  private boolean inputClosed;
  private List<FieldVector> result = List.of();
  private int resultRows;
  private int emitted;

  GpuHashAggregateStream(GpuDevice device, HashAggregateExec node, BatchStream input,
      ExecContext context) {
    this(device, node, List.of(), input, context);
  }

  /**
   * An aggregation that also runs {@code chain} (GPU Filter / Project nodes, bottom-up, that {@link
   * GpuProgram#unsupportedReason} accepts; {@code input} is the chain's input) in one {@code
   * spate_fused_aggregate} launch per batch.
   */
  GpuHashAggregateStream(GpuDevice device, HashAggregateExec node, List<PhysicalNode> chain,
      BatchStream input, ExecContext context) {
    this.device = requireNonNull(device, "device is null");
    this.aggregation = GpuAggregation.of(node);
    this.schema = node.schema();
    this.input = requireNonNull(input, "input is null");
    this.context = requireNonNull(context, "context is null");
    this.operator = "HashAggregate " + node.explainParams();
    this.node = node;
    this.retry = new GpuRetry(node, operator, context);
    this.estimatedGroups = node.keys().isEmpty() ? 1 : -1;
    this.chain = List.copyOf(chain);
    this.program = chain.isEmpty() ? null : GpuProgram.of(chain, aggregation);
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public ColumnarBatch next() {
    if (!consumed) {
      consumed = true;
      result = GpuErrors.onDevice(device, operator, this::consume);
      resultRows = result.isEmpty() ? 0 : result.get(0).getValueCount();
    }
    if (fallback != null) {
      return fallback.next();
    }
    if (emitted >= resultRows) {
      return null;
    }
    int count = Math.min(Math.max(1, context.batchRows()), resultRows - emitted);
    List<FieldVector> slice = new ArrayList<>(result.size());
    try {
      for (FieldVector vector : result) {
        TransferPair pair = vector.getTransferPair(context.allocator());
        pair.splitAndTransfer(emitted, count);
        slice.add((FieldVector) pair.getTo());
      }
    } catch (RuntimeException e) {
      slice.forEach(FieldVector::close);
      throw e;
    }
    emitted += count;
    if (emitted >= resultRows) {
      releaseResult();
    }
    return ColumnarBatch.of(schema, slice, count);
  }

  private List<FieldVector> consume() {
    try {
      try {
        table = DeviceGroupTable.create(device, aggregation.keyTypes(), INITIAL_CAPACITY);
        for (int index = 0; index < aggregation.inputs().size(); index++) {
          accumulators.add(Accumulators.empty(device, table.slotCount()));
        }
      } catch (GpuOutOfMemoryException e) {
        releaseDeviceState();
        return fallBack(null, e);
      }
      for (ColumnarBatch next = input.next(); next != null; next = input.next()) {
        if (next.selectedCount() == 0) {
          next.close();
          continue;
        }
        try (ColumnarBatch batch = next.compact(context.allocator())) {
          Unfitting unfitting = accumulateRange(batch, 0, batch.rowCount());
          if (unfitting != null) {
            return fallBack(batch, unfitting);
          }
          rowsBefore += batch.rowCount();
        }
        estimateGroups();
      }
      closeInput();
      return finish(aggregation, schema);
    } finally {
      releaseDeviceState();
    }
  }

  /** The first row of a batch that did not fit on the device, and why. */
  private record Unfitting(int row, GpuOutOfMemoryException failure) {}

  /** Accumulates rows {@code start .. start + count - 1}; null when all of them fit. */
  private Unfitting accumulateRange(ColumnarBatch batch, int start, int count) {
    try {
      if (start == 0 && count == batch.rowCount()) {
        accumulate(batch, rowsBefore);
      } else {
        try (ColumnarBatch piece = retry.slice(batch, start, count)) {
          accumulate(piece, rowsBefore + start);
        }
      }
      return null;
    } catch (GpuOutOfMemoryException e) {
      if (count <= retry.minRows()) {
        return new Unfitting(start, e);
      }
      GpuMetrics.oomRetry();
      int half = count / 2;
      Unfitting first = accumulateRange(batch, start, half);
      return first != null ? first : accumulateRange(batch, start + half, count - half);
    }
  }

  /** Counts the groups once, to choose shared-memory pre-aggregation; skipped when memory is short. */
  private void estimateGroups() {
    if (estimatedGroups >= 0) {
      return;
    }
    try (DeviceGroupTable.SlotList groups = table.groups()) {
      estimatedGroups = groups.count();
    } catch (GpuOutOfMemoryException e) {
      // The estimate is an optimisation; the next batch tries again.
    }
  }

  /**
   * Hands the aggregation to the CPU ({@link GpuAggregateFallback}): the groups so far, the rows of
   * {@code batch} from the unfitting one on (none when {@code batch} is null) and the rest of the
   * input; the device state is released by the caller.
   */
  private List<FieldVector> fallBack(ColumnarBatch batch, Unfitting unfitting) {
    return fallBack(batch == null ? null
        : retry.slice(batch, unfitting.row(), batch.rowCount() - unfitting.row()),
        unfitting.failure());
  }

  private List<FieldVector> fallBack(ColumnarBatch rest, GpuOutOfMemoryException failure) {
    List<ColumnarBatch> first = new ArrayList<>();
    try {
      if (rest != null) {
        first.add(rest);
      }
      retry.fallBack("with its groups on the device (batches not split below"
          + " spate.gpu.retry.minRows=" + retry.minRows() + "), so the rest of its input was"
          + (chain.isEmpty() ? "" : " filtered and projected by the fused " + chainNames()
          + " and") + " aggregated on the CPU and merged with the GPU's groups", failure);
      GpuAggregateFallback merge = new GpuAggregateFallback(node, aggregation);
      List<ColumnarBatch> gpuPartial = new ArrayList<>();
      if (table != null) {
        HashAggregateExec partial = merge.partialNode();
        List<FieldVector> vectors = device.pool().beyondLimit(
            () -> finish(merge.partialLayout(), partial.schema()));
        if (!vectors.isEmpty()) {
          gpuPartial.add(ColumnarBatch.of(partial.schema(), vectors,
              vectors.get(0).getValueCount()));
        }
      }
      releaseDeviceState();
      inputClosed = true;
      fallback = merge.open(gpuPartial, onCpu(new PrefixedStream(input.schema(), first, input)),
          context);
      return List.of();
    } catch (RuntimeException e) {
      first.forEach(ColumnarBatch::close);
      throw e;
    }
  }

  /**
   * {@code raw} (the input, which the returned stream owns) through the absorbed Filter / Project
   * chain on the CPU backend; {@code raw} itself where nothing was absorbed.
   */
  private BatchStream onCpu(BatchStream raw) {
    CpuBackend cpu = new CpuBackend();
    BatchStream stream = raw;
    for (PhysicalNode absorbed : chain) {
      stream = cpu.open(absorbed, List.of(stream), context);
    }
    return stream;
  }

  /** The absorbed chain's operator names, bottom-up, e.g. {@code Filter/Project}. */
  private String chainNames() {
    List<String> names = new ArrayList<>();
    chain.forEach(absorbed -> names.add(absorbed.name()));
    return String.join("/", names);
  }

  private boolean sharedPreaggregation() {
    return estimatedGroups >= 0 && estimatedGroups <= KernelCodes.SHARED_GROUPS / 2;
  }

  /**
   * Adds the rows of {@code batch} to the accumulators, all or (on any failure) none of them; its
   * first row is row {@code firstRow} of the input (which orders -0.0 against 0.0 in min/max).
   */
  private void accumulate(ColumnarBatch batch, long firstRow) {
    GpuErrors.onDevice(device, operator, () -> {
      accumulateQueued(batch, firstRow);
      return null;
    });
  }

  /** Queues the work of {@link #accumulate} on the stream (one synchronisation per batch). */
  private void accumulateQueued(ColumnarBatch batch, long firstRow) {
    int rows = batch.rowCount();
    if (program != null) {
      accumulateFused(batch, firstRow);
      return;
    }
    try (DeviceBatch deviceBatch = new DeviceBatch(device, batch)) {
      GpuExpressions expressions = new GpuExpressions(device, deviceBatch, context.ansi());
      List<DeviceValue> keys = new ArrayList<>();
      List<DeviceValue> values = new ArrayList<>();
      try {
        for (Expression key : aggregation.keys()) {
          keys.add(keyColumn(expressions, key));
        }
        for (GpuAggregation.Input accumulatorInput : aggregation.inputs()) {
          values.add(accumulatorInput.value() == null ? null
              : expressions.evaluate(accumulatorInput.value()));
        }
        try (DeviceBuffer slots = assignSlots(keys, rows)) {
          for (int index = 0; index < accumulators.size(); index++) {
            update(index, values.get(index), slots, rows, firstRow);
          }
        }
      } finally {
        keys.forEach(DeviceValue::close);
        for (DeviceValue value : values) {
          if (value != null) {
            value.close();
          }
        }
      }
    }
  }

  /**
   * One {@code spate_fused_aggregate} launch over {@code batch}: the table is grown first so that
   * every row finds a slot (the launch updates the accumulators as it goes, so it cannot be redone).
   */
  private void accumulateFused(ColumnarBatch batch, long firstRow) {
    int rows = batch.rowCount();
    if (!aggregation.keys().isEmpty() && groupBound + (long) rows > table.capacity() / 2) {
      try (DeviceGroupTable.SlotList groups = table.groups()) {
        groupBound = groups.count();
      }
      while (groupBound + (long) rows > table.capacity() / 2) {
        grow();
      }
    }
    List<Integer> ordinals = program.scanOrdinals();
    int[] accumulatorTypes = new int[aggregation.inputs().size()];
    for (int index = 0; index < accumulatorTypes.length; index++) {
      GpuAggregation.Input accumulatorInput = aggregation.inputs().get(index);
      accumulatorTypes[index] = accumulatorInput.value() == null ? -1
          : accumulatorInput.type().ordinal();
    }
    int[] columnTypes = new int[GpuProgram.MAX_COLUMNS];
    for (int slot = 0; slot < ordinals.size(); slot++) {
      columnTypes[slot] = program.scanTypes().get(slot).ordinal();
    }
    boolean keyed = !aggregation.keys().isEmpty();
    try (DeviceBatch deviceBatch = new DeviceBatch(device, batch);
        DeviceBuffer code = device.uploadInts(program.code());
        DeviceBuffer constants = device.uploadLongs(program.constants());
        DeviceBuffer types = device.uploadInts(columnTypes);
        DeviceBuffer accumulatorTypeBuffer = device.uploadInts(accumulatorTypes);
        DeviceBuffer errors = device.zeroed(8)) {
      KernelArgs args = new KernelArgs();
      List<DeviceValue> columns = new ArrayList<>();
      try {
        for (int slot = 0; slot < GpuProgram.MAX_COLUMNS; slot++) {
          DeviceValue column = slot < ordinals.size()
              ? deviceBatch.column(ordinals.get(slot), program.scanTypes().get(slot)) : null;
          if (column != null) {
            columns.add(column);
          }
          args.pointer(column == null ? null : column.values())
              .pointer(column == null ? null : column.validity());
        }
        args.pointer(types).pointer(code).i32(program.code().length).pointer(constants).i32(rows)
            .scalar(GpuType.INT64, firstRow).i32(keyed ? 1 : 0);
        table.addFusedArguments(args);
        args.i32(table.slotCount()).i32(accumulators.size()).pointer(accumulatorTypeBuffer);
        for (int index = 0; index < GpuProgram.MAX_ACCUMULATORS; index++) {
          args.pointer(index < accumulators.size() ? accumulators.get(index) : null);
        }
        device.launch("spate_fused_aggregate", rows, args.pointer(errors).list());
      } finally {
        columns.forEach(DeviceValue::close);
      }
      int[] flags = device.downloadInts(errors, 2);
      if ((flags[0] & KernelCodes.ERR_TABLE_FULL) != 0) {
        throw SpateException.internal("the fused GPU aggregation found its group table full", null);
      }
      if (context.ansi() && flags[0] != 0) {
        throw program.error(flags[0], flags[1]);
      }
    }
    groupBound += rows;
  }

  /** The key's column as the table takes it: a single INT/DATE key is widened to int64. */
  private DeviceValue keyColumn(GpuExpressions expressions, Expression key) {
    DeviceValue value = expressions.evaluate(key);
    if (aggregation.keys().size() == 1 && value.type() == GpuType.INT32) {
      try (value) {
        return expressions.castColumn(value, "spate_cast_i32_i64", GpuType.INT64);
      }
    }
    return value;
  }

  private DeviceBuffer assignSlots(List<DeviceValue> keys, int rows) {
    DeviceBuffer slots = table.build(keys, rows, sharedPreaggregation());
    while (slots == null) {
      grow();
      slots = table.build(keys, rows, sharedPreaggregation());
    }
    return slots;
  }

  /** Replaces the full table by one of twice the capacity and moves the accumulators along. */
  private void grow() {
    DeviceGroupTable.Growth growth = Accumulators.grow(device, table, accumulators);
    table = growth.table();
    estimatedGroups = growth.from().length;
    groupBound = growth.from().length;
  }

  /** Adds {@code value} (null for count(*)) of each row to its slot's accumulator {@code index}. */
  private void update(int index, DeviceValue value, DeviceBuffer slots, int rows, long firstRow) {
    DeviceBuffer accumulator = accumulators.get(index);
    int preaggregate = sharedPreaggregation() ? 1 : 0;
    if (value == null) {
      // count(*): the row slots are a never-NULL int32 column of the right length.
      device.launch("spate_agg_update_i32", rows, new KernelArgs().pointer(slots).pointer(slots)
          .pointer(null).i32(rows).pointer(accumulator).i32(table.slotCount()).i32(preaggregate)
          .scalar(GpuType.INT64, firstRow).list());
      return;
    }
    device.launch("spate_agg_update_" + value.type().suffix(), rows, new KernelArgs()
        .pointer(slots).pointer(value.values()).pointer(value.validity()).i32(rows)
        .pointer(accumulator).i32(table.slotCount()).i32(preaggregate)
        .scalar(GpuType.INT64, firstRow).list());
  }

  /** The result columns of {@code layout} (this state's inputs) with {@code fields}' types. */
  private List<FieldVector> finish(GpuAggregation layout, Schema fields) {
    try (DeviceGroupTable.SlotList groups = table.groups()) {
      int count = groups.count();
      if (count == 0) {
        return List.of();
      }
      List<FieldVector> vectors = new ArrayList<>();
      try {
        for (Field field : fields.getFields()) {
          vectors.add(VectorGather.allocate(field, count, context.allocator()));
        }
        int keyCount = aggregation.keys().size();
        table.writeKeys(groups, vectors.subList(0, keyCount));
        for (int index = 0; index < accumulators.size(); index++) {
          new Finalizer(layout, index, groups).write(vectors.subList(keyCount, vectors.size()));
        }
        for (FieldVector vector : vectors) {
          vector.setValueCount(count);
        }
        return vectors;
      } catch (RuntimeException e) {
        vectors.forEach(FieldVector::close);
        throw e;
      }
    }
  }

  /** One {@code spate_agg_finalize_*} launch for one accumulator, written to its aggregates. */
  private final class Finalizer {
    private final GpuAggregation aggregation;
    private final int input;
    private final DeviceGroupTable.SlotList groups;
    private final GpuType type;

    Finalizer(GpuAggregation aggregation, int input, DeviceGroupTable.SlotList groups) {
      this.aggregation = requireNonNull(aggregation, "aggregation is null");
      this.input = input;
      this.groups = requireNonNull(groups, "groups is null");
      this.type = aggregation.inputs().get(input).type();
    }

    void write(List<FieldVector> outputVectors) {
      int count = groups.count();
      boolean counts = uses(GpuAggregation.Function.COUNT) || uses(GpuAggregation.Function.AVG);
      boolean sums = uses(GpuAggregation.Function.SUM) || uses(GpuAggregation.Function.AVG);
      boolean integral = type == GpuType.INT32 || type == GpuType.INT64;
      try (DeviceBuffer countOut = counts ? device.pool().allocate(8L * count) : null;
          DeviceBuffer sumOut = sums ? device.pool().allocate(8L * count) : null;
          DeviceBuffer valid = device.pool().allocate(GpuType.validityBytes(count));
          DeviceBuffer minOut = uses(GpuAggregation.Function.MIN)
              ? device.pool().allocate(type.valueBytes(count)) : null;
          DeviceBuffer maxOut = uses(GpuAggregation.Function.MAX)
              ? device.pool().allocate(type.valueBytes(count)) : null;
          DeviceBuffer errors = device.zeroed(4)) {
        device.launch("spate_agg_finalize_" + type.suffix(), count, new KernelArgs()
            .pointer(groups.slots()).i32(count).pointer(accumulators.get(input))
            .i32(table.slotCount()).i32(context.ansi() ? 1 : 0).pointer(countOut).pointer(sumOut)
            .pointer(valid).pointer(minOut).pointer(maxOut).pointer(errors).list());
        if (context.ansi() && sums && integral
            && (device.downloadInts(errors, 1)[0] & KernelCodes.ERR_OVERFLOW) != 0) {
          throw Errors.sumOverflow(firstSum());
        }
        List<GpuAggregation.Output> outputs = aggregation.outputs();
        for (int index = 0; index < outputs.size(); index++) {
          GpuAggregation.Output output = outputs.get(index);
          if (output.input() != input) {
            continue;
          }
          FieldVector vector = outputVectors.get(index);
          switch (output.function()) {
            case COUNT:
              device.download(countOut, vector.getDataBuffer(), 8L * count);
              vector.getValidityBuffer().setOne(0, GpuType.validityBytes(count));
              break;
            case AVG:
              writeAverages((Float8Vector) vector, countOut, sumOut);
              break;
            default:
              DeviceBuffer values = output.function() == GpuAggregation.Function.SUM ? sumOut
                  : output.function() == GpuAggregation.Function.MIN ? minOut : maxOut;
              long width = output.function() == GpuAggregation.Function.SUM ? 8L * count
                  : type.valueBytes(count);
              device.download(values, vector.getDataBuffer(), width);
              device.download(valid, vector.getValidityBuffer(), GpuType.validityBytes(count));
              break;
          }
        }
      }
    }

    private boolean uses(GpuAggregation.Function function) {
      for (GpuAggregation.Output output : aggregation.outputs()) {
        if (output.input() == input && output.function() == function) {
          return true;
        }
      }
      return false;
    }

    private String firstSum() {
      for (GpuAggregation.Output output : aggregation.outputs()) {
        if (output.input() == input && output.function() == GpuAggregation.Function.SUM) {
          return output.description();
        }
      }
      throw SpateException.internal("no sum reads accumulator " + input, null);
    }

    /** avg = sum / count in DOUBLE, NULL for a group without values, as the CPU divides. */
    private void writeAverages(Float8Vector vector, DeviceBuffer countOut, DeviceBuffer sumOut) {
      long[] counts = device.downloadLongs(countOut, groups.count());
      long[] sums = device.downloadLongs(sumOut, groups.count());
      for (int group = 0; group < counts.length; group++) {
        if (counts[group] == 0) {
          vector.setNull(group);
        } else {
          vector.set(group, Double.longBitsToDouble(sums[group]) / counts[group]);
        }
      }
    }
  }


  private void closeInput() {
    if (!inputClosed) {
      inputClosed = true;
      input.close();
    }
  }

  private void releaseDeviceState() {
    accumulators.forEach(DeviceBuffer::close);
    accumulators.clear();
    if (table != null) {
      table.close();
      table = null;
    }
  }

  private void releaseResult() {
    result.forEach(FieldVector::close);
    result = List.of();
  }

  @Override
  public void close() {
    try {
      if (fallback != null) {
        fallback.close();
      }
      releaseDeviceState();
      releaseResult();
    } finally {
      closeInput();
    }
  }
}
