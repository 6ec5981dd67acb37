package dev.spate.gpu;

import static java.util.Objects.requireNonNull;

import dev.spate.SpateException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import jcuda.CudaException;
import jcuda.driver.CUdeviceptr;

/**
 * Device memory with reuse: allocations are rounded up to a power-of-two size class (at least 256
 * bytes), and a closed {@link DeviceBuffer} goes back to its class's free list for the next
 * allocation of that class instead of to the driver. Accounting: bytes in live buffers and bytes
 * held by the pool. {@link #close()} frees every cached block and throws when buffers are still
 * live. Thread safe.
 *
 * <p>Limit: an allocation that would take the live bytes over {@link #limitBytes()} is refused with
 * a {@link GpuOutOfMemoryException}, and so is one the driver cannot serve even after the cached
 * blocks were given back to it; the cache itself is trimmed whenever live plus cached bytes would
 * exceed the limit. The limit is process-wide (one device, one pool): {@link GpuBackend} sets it
 * from {@link GpuConfig#MEMORY_LIMIT_BYTES} when it opens an operator. Allocations a thread makes
 * inside {@link #beyondLimit} are exempt from the limit (only the driver can refuse them): an
 * operator leaving the GPU uses it to copy out what it already holds.
 */
public final class DeviceMemoryPool implements AutoCloseable {
  private static final long MIN_CLASS_BYTES = 256;

  private final GpuDevice device;
  private final Map<Long, ArrayDeque<CUdeviceptr>> freeBySize = new HashMap<>();
  private long liveBuffers;
  private long liveBytes;
  private long reservedBytes;
  private long reuses;
  private long limitBytes = Long.MAX_VALUE;
  private boolean closed;
  private final ThreadLocal<Boolean> exempt = ThreadLocal.withInitial(() -> Boolean.FALSE);

  DeviceMemoryPool(GpuDevice device) {
    this.device = requireNonNull(device, "device is null");
  }

  /** A buffer of at least {@code bytes} bytes (contents undefined); close it to return it. */
  public synchronized DeviceBuffer allocate(long bytes) {
    if (closed) {
      throw SpateException.internal("the GPU memory pool is closed", null);
    }
    long size = sizeClass(bytes);
    boolean limited = !exempt.get();
    if (limited && liveBytes + size > limitBytes) {
      throw new GpuOutOfMemoryException("the GPU memory pool cannot allocate " + size
          + " bytes: " + liveBytes + " bytes are live and spate.gpu.memoryLimitBytes is "
          + limitBytes + ".");
    }
    ArrayDeque<CUdeviceptr> free = freeBySize.get(size);
    CUdeviceptr pointer;
    if (free != null && !free.isEmpty()) {
      pointer = free.pop();
      reuses++;
    } else {
      if (limited && reservedBytes + size > limitBytes) {
        trim();
      }
      pointer = allocateFromDriver(size);
      reservedBytes += size;
    }
    liveBuffers++;
    liveBytes += size;
    return new DeviceBuffer(this, pointer, size);
  }

  /**
   * Runs {@code work} with this thread's allocations exempt from {@link #limitBytes()}, for the
   * bounded copy-out of state an operator hands to the CPU: the limit exists to make operators
   * split their input, and an operator that is giving up the GPU must still be able to leave it.
   */
  public <T> T beyondLimit(Supplier<T> work) {
    boolean outer = exempt.get();
    exempt.set(Boolean.TRUE);
    try {
      return work.get();
    } finally {
      exempt.set(outer);
    }
  }

  /** A block from the driver; when it is out of memory, the cache is given back and it is retried. */
  private CUdeviceptr allocateFromDriver(long size) {
    try {
      return device.allocateRaw(size);
    } catch (CudaException e) {
      if (!String.valueOf(e.getMessage()).contains("CUDA_ERROR_OUT_OF_MEMORY")) {
        throw e;
      }
      trim();
      try {
        return device.allocateRaw(size);
      } catch (CudaException again) {
        throw new GpuOutOfMemoryException("the GPU driver is out of memory allocating " + size
            + " bytes (" + liveBytes + " bytes live in the pool): " + again.getMessage());
      }
    }
  }

  /** Frees every cached block. */
  private void trim() {
    for (Map.Entry<Long, ArrayDeque<CUdeviceptr>> entry : freeBySize.entrySet()) {
      for (CUdeviceptr pointer : entry.getValue()) {
        device.freeRaw(pointer);
        reservedBytes -= entry.getKey();
      }
    }
    freeBySize.clear();
  }

  /**
   * Sets the most bytes live buffers may hold together (Long.MAX_VALUE: no limit); cached blocks
   * beyond it are freed at once.
   */
  public synchronized void limitBytes(long limit) {
    if (limit <= 0) {
      throw SpateException.execution("spate.gpu.memoryLimitBytes must be positive, got %d", limit);
    }
    limitBytes = limit;
    if (reservedBytes > limit) {
      trim();
    }
  }

  /** The most bytes live buffers may hold together. */
  public synchronized long limitBytes() {
    return limitBytes;
  }

  synchronized void release(DeviceBuffer buffer) {
    liveBuffers--;
    liveBytes -= buffer.capacity();
    if (closed) {
      device.freeRaw(buffer.pointer());
      reservedBytes -= buffer.capacity();
      return;
    }
    freeBySize.computeIfAbsent(buffer.capacity(), size -> new ArrayDeque<>())
        .push(buffer.pointer());
  }

  static long sizeClass(long bytes) {
    if (bytes <= MIN_CLASS_BYTES) {
      return MIN_CLASS_BYTES;
    }
    return Long.highestOneBit(bytes - 1) << 1;
  }

  /** Bytes in buffers handed out and not yet closed (rounded to size classes). */
  public synchronized long liveBytes() {
    return liveBytes;
  }

  /** Bytes the pool holds from the driver: live plus cached. */
  public synchronized long reservedBytes() {
    return reservedBytes;
  }

  /** How many allocations were served from a free list instead of the driver. */
  public synchronized long reuses() {
    return reuses;
  }

  /** Frees every cached block; throws (after freeing them) when buffers are still live. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    trim();
    if (liveBuffers != 0) {
      throw SpateException.internal("the GPU memory pool was closed with " + liveBuffers
          + " live buffers (" + liveBytes + " bytes); they are freed when they are closed", null);
    }
  }
}
