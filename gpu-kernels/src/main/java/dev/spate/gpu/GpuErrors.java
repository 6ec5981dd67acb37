package dev.spate.gpu;

import dev.spate.SpateException;
import java.util.function.Supplier;
import jcuda.CudaException;

/**
 * The frame of an operator's device work on one batch: the work's queued copies and launches are
 * synchronised once at its end ({@link GpuDevice#synchronize()}), or abandoned when it fails, so
 * that no staging buffer outlives it; CUDA driver failures become {@code SpateException}s of class
 * GPU.
 */
final class GpuErrors {
  private GpuErrors() {}

  static <T> T onDevice(GpuDevice device, String operator, Supplier<T> work) {
    try {
      T result = work.get();
      device.synchronize();
      return result;
    } catch (CudaException e) {
      device.abandon();
      throw new SpateException(SpateException.ErrorClass.GPU, "GPU operator " + operator
          + " failed in the CUDA driver: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      device.abandon();
      throw e;
    }
  }
}
