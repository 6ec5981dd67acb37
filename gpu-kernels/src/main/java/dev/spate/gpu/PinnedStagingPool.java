package dev.spate.gpu;

import dev.spate.SpateException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import jcuda.Pointer;
import jcuda.driver.JCudaDriver;

/**
 * Page-locked host memory ({@code cuMemHostAlloc}) for the asynchronous copies between Arrow
 * buffers and the device: every transfer is staged through one of these buffers, since a copy on a
 * stream overlaps with the host only from pinned memory. Sizes are rounded up to a power-of-two
 * class (at least 64 KiB); a released buffer goes back to its class's free list for reuse while the
 * cached bytes stay within {@link #cacheLimitBytes()}, and is freed to the driver otherwise.
 * Accounting: live buffers and bytes, bytes held from the driver, driver allocations and reuses
 * (hits). {@link #close()} frees the cache and throws when buffers are still live. Thread safe; the
 * caller must have the device's context current (the {@link GpuDevice} binds it).
 */
final class PinnedStagingPool implements AutoCloseable {
  /** The cached bytes the process's staging pool keeps for reuse (64 MiB). */
  static final long DEFAULT_CACHE_LIMIT_BYTES = 64L << 20;
  private static final long MIN_CLASS_BYTES = 64L << 10;

  private final long cacheLimitBytes;
  private final Map<Long, ArrayDeque<Pointer>> freeBySize = new HashMap<>();
  private long liveBuffers;
  private long liveBytes;
  private long cachedBytes;
  private long driverAllocations;
  private long reuses;
  private boolean closed;

  PinnedStagingPool(long cacheLimitBytes) {
    if (cacheLimitBytes < 0) {
      throw SpateException.internal("the staging cache limit must not be negative", null);
    }
    this.cacheLimitBytes = cacheLimitBytes;
  }

  /** A page-locked buffer of at least {@code bytes} bytes (contents undefined). */
  synchronized StagingBuffer acquire(long bytes) {
    if (closed) {
      throw SpateException.internal("the GPU staging pool is closed", null);
    }
    long size = DeviceMemoryPool.sizeClass(Math.max(bytes, MIN_CLASS_BYTES));
    ArrayDeque<Pointer> free = freeBySize.get(size);
    Pointer pointer;
    if (free != null && !free.isEmpty()) {
      pointer = free.pop();
      cachedBytes -= size;
      reuses++;
    } else {
      pointer = new Pointer();
      JCudaDriver.cuMemHostAlloc(pointer, size, 0);
      driverAllocations++;
    }
    liveBuffers++;
    liveBytes += size;
    return new StagingBuffer(this, pointer, size);
  }

  synchronized void release(StagingBuffer buffer) {
    liveBuffers--;
    liveBytes -= buffer.capacity();
    if (closed || cachedBytes + buffer.capacity() > cacheLimitBytes) {
      JCudaDriver.cuMemFreeHost(buffer.pointer());
      return;
    }
    freeBySize.computeIfAbsent(buffer.capacity(), size -> new ArrayDeque<>())
        .push(buffer.pointer());
    cachedBytes += buffer.capacity();
  }

  /** The most bytes released buffers are cached for reuse. */
  long cacheLimitBytes() {
    return cacheLimitBytes;
  }

  /** Buffers handed out and not yet released. */
  synchronized long liveBuffers() {
    return liveBuffers;
  }

  /** Bytes of the buffers handed out and not yet released (rounded to size classes). */
  synchronized long liveBytes() {
    return liveBytes;
  }

  /** Bytes of released buffers kept for reuse. */
  synchronized long cachedBytes() {
    return cachedBytes;
  }

  /** How many buffers came from {@code cuMemHostAlloc}. */
  synchronized long driverAllocations() {
    return driverAllocations;
  }

  /** How many acquisitions a cached buffer served (the hits). */
  synchronized long reuses() {
    return reuses;
  }

  /**
   * Frees every cached buffer to the driver; throws (after freeing them) when buffers are still
   * live, which are then freed as they are released.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (ArrayDeque<Pointer> free : freeBySize.values()) {
      for (Pointer pointer : free) {
        JCudaDriver.cuMemFreeHost(pointer);
      }
    }
    freeBySize.clear();
    cachedBytes = 0;
    if (liveBuffers != 0) {
      throw SpateException.internal("the GPU staging pool was closed with " + liveBuffers
          + " live buffers (" + liveBytes + " bytes); they are freed when they are released",
          null);
    }
  }
}
