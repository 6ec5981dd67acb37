package dev.spate.gpu;

import static java.util.Objects.requireNonNull;

import dev.spate.planner.batch.ColumnarBatch;
import java.util.HashMap;
import java.util.Map;
import org.apache.arrow.vector.FieldVector;

/**
 * The columns of one host batch, copied to the device on first use (physical rows {@code
 * 0..rowCount-1}, ignoring any selection). Closing releases the device copies, not the host batch.
 */
final class DeviceBatch implements AutoCloseable {
  private final GpuDevice device;
  private final ColumnarBatch batch;
  private final Map<Integer, DeviceValue> columns = new HashMap<>();

  DeviceBatch(GpuDevice device, ColumnarBatch batch) {
    this.device = requireNonNull(device, "device is null");
    this.batch = requireNonNull(batch, "batch is null");
  }

  int rowCount() {
    return batch.rowCount();
  }

  /** The device copy of column {@code ordinal}, borrowed: this batch releases it. */
  DeviceValue column(int ordinal, GpuType type) {
    DeviceValue value = columns.get(ordinal);
    if (value == null) {
      FieldVector vector = batch.column(ordinal);
      int rows = batch.rowCount();
      DeviceBuffer values = device.upload(vector.getDataBuffer(), type.valueBytes(rows));
      DeviceBuffer validity = null;
      try {
        if (vector.getNullCount() > 0) {
          validity = device.upload(vector.getValidityBuffer(), GpuType.validityBytes(rows));
        }
      } catch (RuntimeException e) {
        values.close();
        throw e;
      }
      value = DeviceValue.column(type, values, validity, true);
      columns.put(ordinal, value);
    }
    return value.borrow();
  }

  @Override
  public void close() {
    for (DeviceValue value : columns.values()) {
      value.close();
    }
    columns.clear();
  }
}
