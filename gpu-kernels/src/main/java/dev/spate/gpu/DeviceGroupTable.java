package dev.spate.gpu;

import dev.spate.SpateException;
import static java.util.Objects.requireNonNull;

import java.util.List;
import org.apache.arrow.vector.FieldVector;

/**
 * A GROUP BY table in device memory that numbers groups by slot ({@code spate_hashagg.cu}): {@link
 * #build} maps every row of a batch to its group's slot (inserting new keys), {@link #groups} lists
 * the occupied slots, and {@link #writeKeys} copies the listed groups' keys into Arrow vectors.
 * Accumulators of {@link #slotCount()} slots are indexed by the same slots. A table whose {@link
 * #build} finds it full is replaced by {@link #grow()}. Not thread safe; closing frees the device
 * memory.
 */
abstract class DeviceGroupTable implements AutoCloseable {
  final GpuDevice device;

  DeviceGroupTable(GpuDevice device) {
    this.device = requireNonNull(device, "device is null");
  }

  /**
   * A table for grouping keys of {@code keyTypes}: none, one slot; one INT/BIGINT/DATE/TIMESTAMP
   * key, the int64 key kernels (INT32 keys widened by the caller); otherwise packed composite keys.
   */
  static DeviceGroupTable create(GpuDevice device, List<GpuType> keyTypes, int capacity) {
    if (keyTypes.isEmpty()) {
      return new SingleGroupTable(device);
    }
    if (keyTypes.size() == 1 && usesInt64Key(keyTypes.get(0))) {
      return new Int64GroupTable(device, keyTypes.get(0), capacity);
    }
    return new CompositeGroupTable(device, keyTypes, capacity);
  }

  /** Whether a single key of {@code type} goes to the int64 key table, widened to INT64 first. */
  static boolean usesInt64Key(GpuType type) {
    return type == GpuType.INT32 || type == GpuType.INT64;
  }

  /** The number of accumulator slots ({@code nslots} of the update and finalize kernels). */
  abstract int slotCount();

  /**
   * The int32 slot of each of {@code rows} rows with key columns {@code keys} (the caller closes
   * it), or null when the table is full; then some of the batch's keys may have been inserted
   * already, and the caller grows the table and builds the batch again.
   */
  abstract DeviceBuffer build(List<DeviceValue> keys, int rows, boolean sharedPreaggregation);

  /** The occupied slots in slot order; the caller closes them. */
  abstract SlotList groups();

  /** The key columns of the listed groups, in the form {@link #build} takes; the caller closes them. */
  abstract List<DeviceValue> groupKeys(SlotList groups);

  /** An empty table of the same kind with room for {@code capacity} groups. */
  abstract DeviceGroupTable withCapacity(int capacity);

  /**
   * Adds the table parameters of {@code spate_fused_aggregate} ({@code keys}, {@code cap}, {@code
   * counts}); only the one-group and int64-key tables take part in fused aggregation.
   */
  void addFusedArguments(KernelArgs args) {
    throw SpateException.internal(getClass().getSimpleName() + " has no fused kernel", null);
  }

  /** The number of groups the table holds before {@link #build} may find it full. */
  abstract int capacity();

  /**
   * Writes the keys of the listed groups into {@code vectors} (one per key column, allocated for at
   * least {@code groups.count()} rows); value counts are left to the caller.
   */
  void writeKeys(SlotList groups, List<FieldVector> vectors) {
    List<DeviceValue> keys = groupKeys(groups);
    try {
      for (int index = 0; index < keys.size(); index++) {
        DeviceValue key = keys.get(index);
        FieldVector vector = vectors.get(index);
        device.download(key.values(), vector.getDataBuffer(), key.type().valueBytes(groups.count()));
        device.download(key.validity(), vector.getValidityBuffer(),
            GpuType.validityBytes(groups.count()));
      }
    } finally {
      keys.forEach(DeviceValue::close);
    }
  }

  /**
   * A table of twice the capacity holding this table's groups (this table is left as it was), with
   * the old and new slot of each group, so that the caller can move the accumulators.
   */
  Growth grow() {
    try (SlotList groups = groups()) {
      DeviceGroupTable bigger = withCapacity(Math.multiplyExact(capacity(), 2));
      try {
        int[] from = device.downloadInts(groups.slots(), groups.count());
        int[] to = new int[0];
        if (groups.count() > 0) {
          List<DeviceValue> keys = groupKeys(groups);
          try (DeviceBuffer slots = bigger.build(keys, groups.count(), false)) {
            if (slots == null) {
              throw SpateException.internal("a GPU group table of capacity "
                  + bigger.capacity() + " could not hold " + groups.count() + " groups", null);
            }
            to = device.downloadInts(slots, groups.count());
          } finally {
            keys.forEach(DeviceValue::close);
          }
        }
        return new Growth(bigger, from, to);
      } catch (RuntimeException e) {
        bigger.close();
        throw e;
      }
    }
  }

  /** The occupied slots of {@code counts} (row counts of {@code slots} slots), listed on the device. */
  SlotList occupied(DeviceBuffer counts, int slots) {
    long tiles = (slots + (long) GpuDevice.BLOCK_THREADS * KernelCodes.ITEMS_PER_THREAD - 1)
        / ((long) GpuDevice.BLOCK_THREADS * KernelCodes.ITEMS_PER_THREAD);
    DeviceBuffer list = device.pool().allocate(4L * slots);
    try (DeviceBuffer state = device.zeroed(8 * (2 + tiles))) {
      device.launch("spate_hashagg_groups", slots, new KernelArgs().pointer(counts).i32(slots)
          .pointer(list).pointer(state).list());
      return new SlotList(list, Math.toIntExact(device.downloadLongs(state, 2)[1]));
    } catch (RuntimeException e) {
      list.close();
      throw e;
    }
  }

  /** Frees the table's device memory. */
  @Override
  public abstract void close();

  /** A new owned device column of {@code rows} values of {@code type} with a validity bitmap. */
  DeviceValue allocateColumn(GpuType type, int rows) {
    DeviceBuffer values = device.pool().allocate(type.valueBytes(rows));
    try {
      return DeviceValue.column(type, values, device.pool().allocate(GpuType.validityBytes(rows)),
          true);
    } catch (RuntimeException e) {
      values.close();
      throw e;
    }
  }

  /** Whether {@code errors} (an error word of a build kernel) says the table is full. */
  boolean full(DeviceBuffer errors) {
    return (device.downloadInts(errors, 1)[0] & KernelCodes.ERR_TABLE_FULL) != 0;
  }

  /** Launches the build kernels of one batch into a slot buffer and a zeroed error word. */
  @FunctionalInterface
  interface BuildKernels {
    void launch(DeviceBuffer slots, DeviceBuffer errors);
  }

  /**
   * The slot buffer of {@code rows} rows filled by {@code kernels} (the caller closes it), or null
   * when they reported a full table; the buffer is freed on failure.
   */
  DeviceBuffer slotsOf(int rows, BuildKernels kernels) {
    DeviceBuffer slots = device.pool().allocate(4L * rows);
    try (DeviceBuffer errors = device.zeroed(4)) {
      kernels.launch(slots, errors);
      if (full(errors)) {
        slots.close();
        return null;
      }
      return slots;
    } catch (RuntimeException e) {
      slots.close();
      throw e;
    }
  }

  /** A device list of {@code count} int32 group slots; closing frees it. */
  record SlotList(DeviceBuffer slots, int count) implements AutoCloseable {
    SlotList {
      requireNonNull(slots, "slots is null");
    }

    @Override
    public void close() {
      slots.close();
    }
  }

  /** A grown table and, for each group of the old one, its old and new slot. */
  record Growth(DeviceGroupTable table, int[] from, int[] to) {
    Growth {
      requireNonNull(table, "table is null");
      requireNonNull(from, "from is null");
      requireNonNull(to, "to is null");
    }
  }
}
