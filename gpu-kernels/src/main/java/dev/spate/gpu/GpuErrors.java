package dev.spate.gpu;

import dev.spate.SpateException;
import java.util.function.Supplier;
import jcuda.CudaException;

/** Turns CUDA driver failures inside an operator into {@code SpateException}s of class GPU. */
final class GpuErrors {
  private GpuErrors() {}

  static <T> T onDevice(String operator, Supplier<T> work) {
    try {
      return work.get();
    } catch (CudaException e) {
      throw new SpateException(SpateException.ErrorClass.GPU, "GPU operator " + operator
          + " failed in the CUDA driver: " + e.getMessage(), e);
    }
  }
}
