package dev.spate.gpu;

import java.util.ArrayList;
import java.util.List;

/**
 * Groups by one or more fixed-width keys ({@code spate_hashagg_pack_*}, {@code
 * spate_hashagg_composite_*}, {@code spate_hashagg_unpack_*}): each row's keys are packed into one
 * canonical word per key (-0.0 as 0.0, one NaN, as Spark's NormalizeFloatingNumbers) plus a word of
 * null bits, and whole packed rows are compared. Used for several keys and for a single FLOAT/DOUBLE
 * key.
 */
final class CompositeGroupTable extends DeviceGroupTable {
  private final List<GpuType> keyTypes;
  private final int capacity;
  private final int width;
  private final DeviceBuffer tableKeys;
  private final DeviceBuffer slotState;
  private final DeviceBuffer counts;

  CompositeGroupTable(GpuDevice device, List<GpuType> keyTypes, int capacity) {
    super(device);
    this.keyTypes = List.copyOf(keyTypes);
    this.capacity = capacity;
    this.width = keyTypes.size() + 1;
    List<DeviceBuffer> buffers = new ArrayList<>();
    try {
      buffers.add(device.pool().allocate(8L * capacity * width));
      buffers.add(device.pool().allocate(4L * capacity));
      buffers.add(device.pool().allocate(8L * capacity));
      device.launch("spate_hashagg_composite_init", capacity, new KernelArgs()
          .pointer(buffers.get(0)).pointer(buffers.get(1)).pointer(buffers.get(2)).i32(capacity)
          .i32(width).list());
    } catch (RuntimeException e) {
      buffers.forEach(DeviceBuffer::close);
      throw e;
    }
    this.tableKeys = buffers.get(0);
    this.slotState = buffers.get(1);
    this.counts = buffers.get(2);
  }

  @Override
  int slotCount() {
    return capacity;
  }

  @Override
  int capacity() {
    return capacity;
  }

  @Override
  DeviceBuffer build(List<DeviceValue> keys, int rows, boolean sharedPreaggregation) {
    return slotsOf(rows, (slots, errors) -> {
      try (DeviceBuffer rowKeys = device.pool().allocate(8L * rows * width)) {
        // Column 0 first: its pack kernel initialises each row's null word.
        for (int column = 0; column < keys.size(); column++) {
          DeviceValue key = keys.get(column);
          device.launch("spate_hashagg_pack_" + key.type().suffix(), rows, new KernelArgs()
              .pointer(key.values()).pointer(key.validity()).i32(rows).i32(column).i32(width)
              .pointer(rowKeys).list());
        }
        device.launch("spate_hashagg_composite_build", rows, new KernelArgs().pointer(rowKeys)
            .i32(width).i32(rows).pointer(tableKeys).pointer(slotState).i32(capacity)
            .pointer(counts).pointer(slots).pointer(errors).i32(sharedPreaggregation ? 1 : 0)
            .list());
      }
    });
  }

  @Override
  SlotList groups() {
    return occupied(counts, capacity);
  }

  @Override
  List<DeviceValue> groupKeys(SlotList groups) {
    int count = groups.count();
    List<DeviceValue> columns = new ArrayList<>();
    try {
      for (int column = 0; column < keyTypes.size(); column++) {
        GpuType type = keyTypes.get(column);
        DeviceValue value = allocateColumn(type, count);
        columns.add(value);
        device.launch("spate_hashagg_unpack_" + type.suffix(), count, new KernelArgs()
            .pointer(groups.slots()).i32(count).pointer(tableKeys).i32(width).i32(column)
            .pointer(value.values()).pointer(value.validity()).list());
      }
      return columns;
    } catch (RuntimeException e) {
      columns.forEach(DeviceValue::close);
      throw e;
    }
  }

  @Override
  DeviceGroupTable withCapacity(int newCapacity) {
    return new CompositeGroupTable(device, keyTypes, newCapacity);
  }

  @Override
  public void close() {
    tableKeys.close();
    slotState.close();
    counts.close();
  }
}
