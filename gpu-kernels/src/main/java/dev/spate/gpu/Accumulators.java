package dev.spate.gpu;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The device accumulators of one aggregated column ({@code spate_hashagg.cu}): {@value #WORDS}
 * words per group slot, struct of arrays (count of non-NULL values, sum low word, sum high word,
 * min order key, max order key), indexed by the slots of a {@link DeviceGroupTable}.
 */
final class Accumulators {
  /** Accumulator words per slot: count, sum low, sum high, min key, max key. */
  static final int WORDS = 5;
  private static final int MIN_WORD = 3;

  private Accumulators() {}

  /** New accumulators for {@code slots} slots, initialised as no value seen. */
  static DeviceBuffer empty(GpuDevice device, int slots) {
    DeviceBuffer buffer = device.pool().allocate(8L * WORDS * slots);
    try {
      device.launch("spate_agg_init", slots, new KernelArgs().pointer(buffer).i32(slots).list());
      return buffer;
    } catch (RuntimeException e) {
      buffer.close();
      throw e;
    }
  }

  /**
   * Replaces the full {@code table} (closed on success) by one of twice the capacity and each of
   * {@code accumulators} (replaced in place) by its values at the groups' new slots; on failure
   * the table and accumulators are left as they were.
   */
  static DeviceGroupTable.Growth grow(GpuDevice device, DeviceGroupTable table,
      List<DeviceBuffer> accumulators) {
    DeviceGroupTable.Growth growth = table.grow();
    DeviceGroupTable bigger = growth.table();
    List<DeviceBuffer> moved = new ArrayList<>();
    try {
      for (DeviceBuffer old : accumulators) {
        moved.add(moved(device, old, table.slotCount(), bigger.slotCount(), growth));
      }
    } catch (RuntimeException e) {
      moved.forEach(DeviceBuffer::close);
      bigger.close();
      throw e;
    }
    accumulators.forEach(DeviceBuffer::close);
    accumulators.clear();
    accumulators.addAll(moved);
    table.close();
    return growth;
  }

  /**
   * New accumulators for the grown table of {@code growth} ({@code newSlots} slots) holding the
   * values of {@code accumulator} ({@code oldSlots} slots) at each group's new slot; the values
   * move through the host (a rare, amortised step).
   */
  private static DeviceBuffer moved(GpuDevice device, DeviceBuffer accumulator, int oldSlots,
      int newSlots, DeviceGroupTable.Growth growth) {
    long[] old = device.downloadLongs(accumulator, WORDS * oldSlots);
    long[] moved = new long[WORDS * newSlots];
    Arrays.fill(moved, MIN_WORD * newSlots, (MIN_WORD + 1) * newSlots, -1L); // as spate_agg_init
    for (int group = 0; group < growth.from().length; group++) {
      for (int word = 0; word < WORDS; word++) {
        moved[word * newSlots + growth.to()[group]] = old[word * oldSlots + growth.from()[group]];
      }
    }
    return device.uploadLongs(moved);
  }
}
