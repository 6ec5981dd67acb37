package dev.spate.gpu;

import java.util.ArrayList;
import java.util.List;
import jcuda.NativePointerObject;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;

/** Builds the {@code void**} parameter array of a launch, one pointer per kernel parameter. */
final class KernelArgs {
  private final List<NativePointerObject> values = new ArrayList<>();

  /** A device pointer parameter; null passes a NULL pointer ("no nulls", "column absent"). */
  KernelArgs pointer(DeviceBuffer buffer) {
    values.add(Pointer.to(buffer == null ? new CUdeviceptr() : buffer.pointer()));
    return this;
  }

  KernelArgs i32(int value) {
    values.add(Pointer.to(new int[] {value}));
    return this;
  }

  /** A scalar of kernel type {@code type} (zero when {@code value} is null: the column is used). */
  KernelArgs scalar(GpuType type, Number value) {
    switch (type) {
      case INT32:
        values.add(Pointer.to(new int[] {value == null ? 0 : value.intValue()}));
        break;
      case INT64:
        values.add(Pointer.to(new long[] {value == null ? 0 : value.longValue()}));
        break;
      case FLOAT32:
        values.add(Pointer.to(new float[] {value == null ? 0 : value.floatValue()}));
        break;
      case FLOAT64:
        values.add(Pointer.to(new double[] {value == null ? 0 : value.doubleValue()}));
        break;
      default:
        throw new IllegalArgumentException("no scalar parameter of type " + type);
    }
    return this;
  }

  List<NativePointerObject> list() {
    return List.copyOf(values);
  }
}
