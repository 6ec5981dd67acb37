package dev.spate.gpu;

import static java.util.Objects.requireNonNull;

import dev.spate.cpu.expr.Errors;
import dev.spate.planner.batch.VectorGather;
import dev.spate.planner.config.SpateConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.TransferPair;

/**
 * The merged state of a streaming aggregation kept in device memory across micro-batches: a
 * {@link DeviceGroupTable} over the state's keys and one set of {@link Accumulators} per partial
 * aggregate column. {@link #merge} takes rows of the state's schema (keys, then partial aggregates)
 * with distinct keys, such as a micro-batch's partial aggregation or the rows of a restored state,
 * copies only them to the device, merges them into their groups (counts and sums add, min and max
 * combine, as {@link Merge} says per column) and, when asked, copies back the merged rows of exactly
 * those groups. Groups are never removed: a caller that drops groups from its own copy of the state
 * {@link #clear}s this one and merges the remaining rows again.
 *
 * <p>Keys: INT/BIGINT/FLOAT/DOUBLE/DATE/TIMESTAMP columns, and structs of them (an event-time
 * window) compared field by field; a NULL struct key is not taken (the merge falls back as below). Semantics are those of
 * {@link GpuHashAggregateStream}: NULL partials are skipped, a group without a non-NULL partial has
 * a NULL sum/min/max, DOUBLE sums are added in atomic order (last-bit differences from the CPU's
 * sequential merge), integral sums are exact and raise the CPU's overflow error in ANSI mode when a
 * total does not fit BIGINT, and min/max keep the first of equal values in merge order (rows are
 * numbered across every merge).
 *
 * <p>Device memory: when a merge does not fit ({@link GpuOutOfMemoryException}), or has a NULL
 * struct key, the device state is released and {@link #merge} returns null with a {@link #fallbackReason()}; the caller goes on
 * with its own copy of the state on the CPU. Under {@code spate.test.failOnFallback=true} with
 * {@code spate.gpu.enabled=true} that is an error instead. Not thread safe; closing frees the
 * device memory.
 */
public final class GpuResidentState implements AutoCloseable {
  /** How a partial aggregate column merges across rows of the same group. */
  public enum Merge { SUM, MIN, MAX }

  private static final String OPERATOR = "resident streaming aggregation state";

  private final GpuDevice device;
  private final SpateConfig config;
  private final Schema schema;
  private final int keyCount;
  private final List<Merge> merges;
  private final List<GpuType> keyTypes;
  private final List<GpuType> partialTypes;
  private final List<DeviceBuffer> accumulators = new ArrayList<>();
  private DeviceGroupTable table;
  /** Rows merged so far (the row number of the next merge's first row). */
  private long rowsBefore;
  private long hostToDeviceBytes;
  private long deviceToHostBytes;
  private String fallbackReason;

  private GpuResidentState(GpuDevice device, SpateConfig config, Schema schema, int keyCount,
      List<Merge> merges) {
    this.device = requireNonNull(device, "device is null");
    this.config = requireNonNull(config, "config is null");
    this.schema = requireNonNull(schema, "schema is null");
    this.keyCount = keyCount;
    this.merges = List.copyOf(merges);
    List<GpuType> keys = new ArrayList<>();
    for (Field key : schema.getFields().subList(0, keyCount)) {
      for (Field column : keyColumns(key)) {
        keys.add(GpuType.of(column.getType()).orElseThrow());
      }
    }
    this.keyTypes = List.copyOf(keys);
    List<GpuType> partials = new ArrayList<>();
    for (Field partial : schema.getFields().subList(keyCount, schema.getFields().size())) {
      partials.add(GpuType.of(partial.getType()).orElseThrow());
    }
    this.partialTypes = List.copyOf(partials);
  }

  /**
   * Empty when state of {@code schema} (its first {@code keyCount} columns the keys, then one
   * partial column per entry of {@code merges}) can live on the device; otherwise a full sentence
   * saying why not. The GPU's availability is not checked here.
   */
  public static Optional<String> unsupportedReason(Schema schema, int keyCount,
      List<Merge> merges) {
    List<Field> fields = schema.getFields();
    if (fields.size() != keyCount + merges.size()) {
      return Optional.of("the state has " + fields.size() + " columns for " + keyCount
          + " keys and " + merges.size() + " partial aggregates.");
    }
    if (keyCount > GpuAggregation.MAX_KEYS) {
      return Optional.of("GPU-resident state takes at most " + GpuAggregation.MAX_KEYS
          + " grouping keys, not " + keyCount + ".");
    }
    for (Field key : fields.subList(0, keyCount)) {
      for (Field column : keyColumns(key)) {
        Optional<GpuType> type = GpuType.of(column.getType());
        if (type.isEmpty() || type.get() == GpuType.BOOLEAN) {
          return Optional.of("GPU-resident state groups by INT/BIGINT/FLOAT/DOUBLE/DATE/TIMESTAMP"
              + " keys and structs of them; the key " + key.getName() + " has type "
              + key.getType() + ".");
        }
      }
    }
    for (int index = 0; index < merges.size(); index++) {
      Field partial = fields.get(keyCount + index);
      Optional<GpuType> type = GpuType.of(partial.getType());
      boolean sums = merges.get(index) == Merge.SUM;
      boolean fits = type.isPresent() && (sums ? type.get() == GpuType.INT64
          || type.get() == GpuType.FLOAT64 : type.get() != GpuType.BOOLEAN);
      if (!fits) {
        return Optional.of("GPU-resident state merges " + (sums ? "BIGINT/DOUBLE sums"
            : "min/max of INT/BIGINT/FLOAT/DOUBLE/DATE/TIMESTAMP") + "; the partial aggregate "
            + partial.getName() + " has type " + partial.getType() + ".");
      }
    }
    return Optional.empty();
  }

  /**
   * Records that an aggregation's state stays on the CPU for {@code reason}, or throws a {@code
   * SpateException} of class GPU where {@code spate.test.failOnFallback=true} with {@code
   * spate.gpu.enabled=true} forbids that.
   */
  public static void checkFallback(SpateConfig config, String reason) {
    GpuRetry.checkFallback(config, reason, null);
  }

  /**
   * An empty device state for rows of {@code schema} ({@link #unsupportedReason} accepts it) on
   * the process's GPU; device memory is taken by the first {@link #merge}.
   */
  public static GpuResidentState open(Schema schema, int keyCount, List<Merge> merges,
      SpateConfig config) {
    Optional<String> reason = unsupportedReason(schema, keyCount, merges);
    if (reason.isPresent()) {
      throw dev.spate.SpateException.internal("the state cannot live on the GPU: "
          + reason.get(), null);
    }
    GpuDevice device = GpuDevice.get();
    device.applyMemoryLimit(config.get(GpuConfig.MEMORY_LIMIT_BYTES));
    return new GpuResidentState(device, config, schema, keyCount, merges);
  }

  /** The key columns the table compares for a key field: the field, or a struct's fields. */
  private static List<Field> keyColumns(Field key) {
    return key.getType() instanceof ArrowType.Struct ? key.getChildren() : List.of(key);
  }

  /**
   * Merges {@code rows} rows of dense {@code columns} of the state's schema, with distinct keys,
   * into their groups; returns the merged rows of those groups in the same order (the caller
   * closes them) when {@code collect}, else an empty list; null when the device ran out of memory,
   * after which the device state is released and {@link #fallbackReason()} says why.
   */
  public List<FieldVector> merge(List<FieldVector> columns, int rows, BufferAllocator allocator,
      boolean collect) {
    if (fallbackReason != null) {
      throw dev.spate.SpateException.internal("the GPU-resident state was released: "
          + fallbackReason, null);
    }
    if (rows == 0) {
      return List.of();
    }
    for (FieldVector key : columns.subList(0, keyCount)) {
      if (key instanceof StructVector && key.getNullCount() > 0) {
        return fallBack("GPU-resident streaming aggregation state met a NULL " + key.getName()
            + " key, which it does not group, so the state stays on the CPU from this"
            + " micro-batch on.", null);
      }
    }
    try {
      return GpuErrors.onDevice(device, OPERATOR,
          () -> mergeQueued(columns, rows, allocator, collect));
    } catch (GpuOutOfMemoryException e) {
      return fallBack("GPU-resident streaming aggregation state ran out of device memory ("
          + e.getMessage() + "), so the state stays on the CPU from this micro-batch on.", e);
    }
  }

  /** Releases the device state for {@code reason} (or throws in strict mode); returns null. */
  private List<FieldVector> fallBack(String reason, RuntimeException cause) {
    release();
    GpuRetry.checkFallback(config, reason, cause);
    GpuMetrics.cpuFallback(reason);
    fallbackReason = reason;
    return null;
  }

  private List<FieldVector> mergeQueued(List<FieldVector> columns, int rows,
      BufferAllocator allocator, boolean collect) {
    if (table == null) {
      // A single INT/DATE key is not widened here, so it takes the composite table.
      table = keyTypes.size() == 1 && keyTypes.get(0) == GpuType.INT32
          ? new CompositeGroupTable(device, keyTypes, GpuHashAggregateStream.INITIAL_CAPACITY)
          : DeviceGroupTable.create(device, keyTypes, GpuHashAggregateStream.INITIAL_CAPACITY);
      for (int index = 0; index < partialTypes.size(); index++) {
        accumulators.add(Accumulators.empty(device, table.slotCount()));
      }
    }
    List<DeviceValue> keys = new ArrayList<>();
    List<DeviceValue> values = new ArrayList<>();
    try {
      for (int index = 0; index < keyCount; index++) {
        FieldVector key = columns.get(index);
        if (key instanceof StructVector) {
          for (int child = 0; child < key.getChildrenFromFields().size(); child++) {
            FieldVector field = key.getChildrenFromFields().get(child);
            keys.add(upload(field, keyTypes.get(keys.size()), rows));
          }
        } else {
          keys.add(upload(key, keyTypes.get(keys.size()), rows));
        }
      }
      for (int index = 0; index < partialTypes.size(); index++) {
        FieldVector partial = columns.get(keyCount + index);
        values.add(upload(partial, partialTypes.get(index), rows));
      }
      try (DeviceBuffer slots = assignSlots(keys, rows)) {
        for (int index = 0; index < values.size(); index++) {
          DeviceValue value = values.get(index);
          device.launch("spate_agg_update_" + value.type().suffix(), rows, new KernelArgs()
              .pointer(slots).pointer(value.values()).pointer(value.validity()).i32(rows)
              .pointer(accumulators.get(index)).i32(table.slotCount()).i32(0)
              .scalar(GpuType.INT64, rowsBefore).list());
        }
        rowsBefore += rows;
        return collect ? merged(columns, slots, rows, allocator) : List.of();
      }
    } finally {
      keys.forEach(DeviceValue::close);
      values.forEach(DeviceValue::close);
    }
  }

  /** A device copy of the first {@code rows} values of {@code vector}, counted as uploaded. */
  private DeviceValue upload(FieldVector vector, GpuType type, int rows) {
    long bytes = type.valueBytes(rows);
    DeviceBuffer values = device.upload(vector.getDataBuffer(), bytes);
    DeviceBuffer validity = null;
    try {
      if (vector.getNullCount() > 0) {
        validity = device.upload(vector.getValidityBuffer(), GpuType.validityBytes(rows));
        bytes += GpuType.validityBytes(rows);
      }
    } catch (RuntimeException e) {
      values.close();
      throw e;
    }
    hostToDeviceBytes += bytes;
    return DeviceValue.column(type, values, validity, true);
  }

  /** The slot of each row, growing the table (and moving the accumulators) while it is full. */
  private DeviceBuffer assignSlots(List<DeviceValue> keys, int rows) {
    DeviceBuffer slots = table.build(keys, rows, false);
    while (slots == null) {
      table = Accumulators.grow(device, table, accumulators).table();
      slots = table.build(keys, rows, false);
    }
    return slots;
  }

  /** The merged rows of the groups at {@code slots}: the input's keys, the finalized partials. */
  private List<FieldVector> merged(List<FieldVector> columns, DeviceBuffer slots, int rows,
      BufferAllocator allocator) {
    List<FieldVector> vectors = new ArrayList<>();
    try {
      for (int index = 0; index < keyCount; index++) {
        TransferPair pair = columns.get(index).getTransferPair(allocator);
        pair.splitAndTransfer(0, rows);
        vectors.add((FieldVector) pair.getTo());
      }
      for (int index = 0; index < partialTypes.size(); index++) {
        FieldVector vector = VectorGather.allocate(schema.getFields().get(keyCount + index), rows,
            allocator);
        vectors.add(vector);
        finalizeInto(index, slots, rows, vector);
        vector.setValueCount(rows);
      }
      return vectors;
    } catch (RuntimeException e) {
      vectors.forEach(FieldVector::close);
      throw e;
    }
  }

  /** Writes partial column {@code index} of the groups at {@code slots} into {@code vector}. */
  private void finalizeInto(int index, DeviceBuffer slots, int rows, FieldVector vector) {
    GpuType type = partialTypes.get(index);
    Merge merge = merges.get(index);
    long width = merge == Merge.SUM ? 8L * rows : type.valueBytes(rows);
    try (DeviceBuffer out = device.pool().allocate(width);
        DeviceBuffer valid = device.pool().allocate(GpuType.validityBytes(rows));
        DeviceBuffer errors = device.zeroed(4)) {
      boolean ansi = config.ansi();
      device.launch("spate_agg_finalize_" + type.suffix(), rows, new KernelArgs()
          .pointer(slots).i32(rows).pointer(accumulators.get(index)).i32(table.slotCount())
          .i32(ansi ? 1 : 0).pointer(null).pointer(merge == Merge.SUM ? out : null).pointer(valid)
          .pointer(merge == Merge.MIN ? out : null).pointer(merge == Merge.MAX ? out : null)
          .pointer(errors).list());
      if (ansi && merge == Merge.SUM && type == GpuType.INT64
          && (device.downloadInts(errors, 1)[0] & KernelCodes.ERR_OVERFLOW) != 0) {
        throw Errors.sumOverflow("the merge of " + schema.getFields().get(keyCount + index)
            .getName());
      }
      device.download(out, vector.getDataBuffer(), width);
      device.download(valid, vector.getValidityBuffer(), GpuType.validityBytes(rows));
      deviceToHostBytes += width + GpuType.validityBytes(rows);
    }
  }

  /** The number of groups on the device (including any a caller has dropped but not cleared). */
  public int residentGroups() {
    if (table == null) {
      return 0;
    }
    return GpuErrors.onDevice(device, OPERATOR, () -> {
      try (DeviceGroupTable.SlotList groups = table.groups()) {
        return groups.count();
      }
    });
  }

  /** Bytes copied to the device by every {@link #merge} so far. */
  public long hostToDeviceBytes() {
    return hostToDeviceBytes;
  }

  /** Bytes of merged rows copied back from the device so far. */
  public long deviceToHostBytes() {
    return deviceToHostBytes;
  }

  /** Why the device state was released after running out of memory, or null while it is live. */
  public String fallbackReason() {
    return fallbackReason;
  }

  /** Drops every group (the device memory too); the next {@link #merge} starts a new table. */
  public void clear() {
    release();
  }

  private void release() {
    accumulators.forEach(DeviceBuffer::close);
    accumulators.clear();
    if (table != null) {
      table.close();
      table = null;
    }
  }

  @Override
  public void close() {
    release();
  }
}
