package dev.spate.gpu;

import dev.spate.SpateException;

/**
 * A device allocation the {@link DeviceMemoryPool} refused: it would take the pool's live bytes
 * over its limit ({@link GpuConfig#MEMORY_LIMIT_BYTES}), or the driver itself ran out of memory.
 * GPU operators catch it, release what the failed attempt held, and retry on halves of the batch or
 * fall back to the CPU ({@link GpuRetry}); it reaches a query only where that is impossible.
 */
public final class GpuOutOfMemoryException extends SpateException {
  private static final long serialVersionUID = 1L;

  GpuOutOfMemoryException(String message) {
    super(ErrorClass.GPU, message);
  }
}
