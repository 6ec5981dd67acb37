package dev.spate.gpu;

import dev.spate.SpateException;
import java.util.List;

/**
 * The one group of an aggregate without grouping keys: every row's slot is 0 (a zeroed slot
 * array, no hash table), and slot 0 is listed even when no row arrived, so that a global aggregate
 * over empty input still yields one row. It never fills up.
 */
final class SingleGroupTable extends DeviceGroupTable {
  SingleGroupTable(GpuDevice device) {
    super(device);
  }

  @Override
  int slotCount() {
    return 1;
  }

  @Override
  int capacity() {
    return 1;
  }

  @Override
  DeviceBuffer build(List<DeviceValue> keys, int rows, boolean sharedPreaggregation) {
    return device.zeroed(4L * rows);
  }

  @Override
  void addFusedArguments(KernelArgs args) {
    args.pointer(null).i32(1).pointer(null);
  }

  @Override
  SlotList groups() {
    return new SlotList(device.zeroed(4), 1);
  }

  @Override
  List<DeviceValue> groupKeys(SlotList groups) {
    return List.of();
  }

  @Override
  DeviceGroupTable withCapacity(int capacity) {
    throw SpateException.internal("the single-group table never grows", null);
  }

  @Override
  public void close() {}
}
