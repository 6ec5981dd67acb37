package dev.spate.gpu;

import dev.spate.SpateException;
import java.util.List;
import org.apache.arrow.vector.FieldVector;

/**
 * Groups by one int64 key ({@code spate_hashagg_i64_*}): {@code capacity} hash slots plus slot
 * {@code capacity} for the NULL key and {@code capacity + 1} for {@code Long.MIN_VALUE} (the free
 * marker). INT and DATE keys are widened to int64 by the caller and narrowed back in {@link
 * #writeKeys}.
 */
final class Int64GroupTable extends DeviceGroupTable {
  private final GpuType keyType;
  private final int capacity;
  private final DeviceBuffer keys;
  private final DeviceBuffer counts;

  Int64GroupTable(GpuDevice device, GpuType keyType, int capacity) {
    super(device);
    this.keyType = keyType;
    this.capacity = capacity;
    this.keys = device.pool().allocate(8L * capacity);
    DeviceBuffer rowCounts = null;
    try {
      rowCounts = device.pool().allocate(8L * slotCount());
      device.launch("spate_hashagg_i64_init", slotCount(), new KernelArgs().pointer(keys)
          .pointer(rowCounts).i32(capacity).list());
    } catch (RuntimeException e) {
      keys.close();
      if (rowCounts != null) {
        rowCounts.close();
      }
      throw e;
    }
    this.counts = rowCounts;
  }

  @Override
  int slotCount() {
    return capacity + 2;
  }

  @Override
  int capacity() {
    return capacity;
  }

  @Override
  DeviceBuffer build(List<DeviceValue> keyColumns, int rows, boolean sharedPreaggregation) {
    DeviceValue key = keyColumns.get(0);
    if (key.type() != GpuType.INT64) {
      throw SpateException.internal("the int64 group table got a " + key.type() + " key", null);
    }
    return slotsOf(rows, (slots, errors) -> device.launch("spate_hashagg_i64_build", rows,
        new KernelArgs().pointer(key.values()).pointer(key.validity()).i32(rows).pointer(keys)
            .i32(capacity).pointer(counts).pointer(slots).pointer(errors)
            .i32(sharedPreaggregation ? 1 : 0).list()));
  }

  @Override
  void addFusedArguments(KernelArgs args) {
    args.pointer(keys).i32(capacity).pointer(counts);
  }

  @Override
  SlotList groups() {
    return occupied(counts, slotCount());
  }

  @Override
  List<DeviceValue> groupKeys(SlotList groups) {
    int count = groups.count();
    DeviceValue column = allocateColumn(GpuType.INT64, count);
    try {
      device.launch("spate_hashagg_i64_keys", count, new KernelArgs().pointer(groups.slots())
          .i32(count).pointer(keys).i32(capacity).pointer(column.values())
          .pointer(column.validity()).list());
      return List.of(column);
    } catch (RuntimeException e) {
      column.close();
      throw e;
    }
  }

  @Override
  void writeKeys(SlotList groups, List<FieldVector> vectors) {
    if (keyType == GpuType.INT64) {
      super.writeKeys(groups, vectors);
      return;
    }
    FieldVector vector = vectors.get(0);
    try (DeviceValue key = groupKeys(groups).get(0)) {
      long[] wide = device.downloadLongs(key.values(), groups.count());
      for (int index = 0; index < wide.length; index++) {
        vector.getDataBuffer().setInt(4L * index, (int) wide[index]);
      }
      device.download(key.validity(), vector.getValidityBuffer(),
          GpuType.validityBytes(groups.count()));
    }
  }

  @Override
  DeviceGroupTable withCapacity(int newCapacity) {
    return new Int64GroupTable(device, keyType, newCapacity);
  }

  @Override
  public void close() {
    keys.close();
    counts.close();
  }
}
