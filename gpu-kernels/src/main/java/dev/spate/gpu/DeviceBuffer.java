package dev.spate.gpu;

import static java.util.Objects.requireNonNull;

import jcuda.driver.CUdeviceptr;

/**
 * A block of device memory from a {@link DeviceMemoryPool}; {@link #close()} returns it to the pool
 * and is idempotent. Not thread safe.
 */
public final class DeviceBuffer implements AutoCloseable {
  private final DeviceMemoryPool pool;
  private final CUdeviceptr pointer;
  private final long capacity;
  private boolean closed;

  DeviceBuffer(DeviceMemoryPool pool, CUdeviceptr pointer, long capacity) {
    this.pool = requireNonNull(pool, "pool is null");
    this.pointer = requireNonNull(pointer, "pointer is null");
    this.capacity = capacity;
  }

  CUdeviceptr pointer() {
    return pointer;
  }

  /** The usable size in bytes (the size class, at least what was asked for). */
  public long capacity() {
    return capacity;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      pool.release(this);
    }
  }
}
