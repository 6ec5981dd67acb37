package dev.spate.gpu;

import static java.util.Objects.requireNonNull;

/**
 * The value of an expression on the device: a column (values, optional validity, NULL meaning no
 * nulls) or a non-null scalar. Closing releases the buffers it owns; a column borrowed from a
 * {@link DeviceBatch} is released by the batch.
 */
final class DeviceValue implements AutoCloseable {
  private final GpuType type;
  private final DeviceBuffer values;
  private final DeviceBuffer validity;
  private final Number scalar;
  private final boolean owned;

  private DeviceValue(GpuType type, DeviceBuffer values, DeviceBuffer validity, Number scalar,
      boolean owned) {
    this.type = requireNonNull(type, "type is null");
    this.values = values;
    this.validity = validity;
    this.scalar = scalar;
    this.owned = owned;
  }

  static DeviceValue column(GpuType type, DeviceBuffer values, DeviceBuffer validity,
      boolean owned) {
    return new DeviceValue(type, requireNonNull(values, "values is null"), validity, null, owned);
  }

  static DeviceValue scalar(GpuType type, Number value) {
    return new DeviceValue(type, null, null, requireNonNull(value, "value is null"), false);
  }

  GpuType type() {
    return type;
  }

  boolean isScalar() {
    return values == null;
  }

  /** The value buffer, or null for a scalar. */
  DeviceBuffer values() {
    return values;
  }

  /** The validity bitmap, or null when no row is NULL. */
  DeviceBuffer validity() {
    return validity;
  }

  /** The scalar, or null for a column. */
  Number scalar() {
    return scalar;
  }

  /** A view of the same buffers that does not release them. */
  DeviceValue borrow() {
    return new DeviceValue(type, values, validity, scalar, false);
  }

  /** Adds this value as a (column, validity, scalar) operand triple. */
  KernelArgs addOperand(KernelArgs args) {
    return args.pointer(values).pointer(validity).scalar(type, scalar);
  }

  @Override
  public void close() {
    if (owned) {
      values.close();
      if (validity != null) {
        validity.close();
      }
    }
  }
}
