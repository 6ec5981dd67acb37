package dev.spate.planner.batch;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import org.apache.arrow.memory.AllocationManager;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.unsafe.UnsafeAllocationManager;
import org.apache.arrow.memory.util.MemoryUtil;

/**
 * The memory behind a session's Arrow buffers: an {@link AllocationManager.Factory} that keeps
 * freed blocks for reuse instead of handing them back to the C library at once. A query allocates
 * the same buffer sizes batch after batch (a 64 K-row batch's vectors), and the C library returns
 * freed blocks of a few hundred KB to the system, so without the pool every batch pays a page
 * fault for each 4 KB of every output buffer it writes (a ten-column projection ran at a third of
 * its speed).
 *
 * <p>Freed blocks of at least {@link #MIN_POOLED_BYTES} wait here, by exact size, up to {@code
 * capacityBytes} in all; smaller blocks, and blocks beyond the capacity, are freed. A block is
 * counted by Arrow's allocators only while a buffer uses it, so allocation limits and leak checks
 * are unchanged. Reused memory is not cleared, exactly as memory from the C library is not. Thread
 * safe; {@link #close()} frees the waiting blocks, and blocks released after it are freed at once.
 */
public final class BufferPool implements AllocationManager.Factory, AutoCloseable {
  /** Blocks smaller than this go back to the C library, which serves them without page faults. */
  public static final long MIN_POOLED_BYTES = 64 * 1024;

  private final long capacityBytes;
  private final Map<Long, ArrayDeque<Long>> waiting = new HashMap<>();
  private long waitingBytes;
  private boolean closed;

  /** A pool keeping at most {@code capacityBytes} of freed blocks (0: none, every block is freed). */
  public BufferPool(long capacityBytes) {
    if (capacityBytes < 0) {
      throw new IllegalArgumentException("capacityBytes is negative: " + capacityBytes);
    }
    this.capacityBytes = capacityBytes;
  }

  /** The bytes of freed blocks waiting for reuse. */
  public synchronized long waitingBytes() {
    return waitingBytes;
  }

  @Override
  public AllocationManager create(BufferAllocator accountingAllocator, long size) {
    Long address = reuse(size);
    return new Block(accountingAllocator, size,
        address != null ? address : MemoryUtil.allocateMemory(size));
  }

  @Override
  public ArrowBuf empty() {
    return UnsafeAllocationManager.FACTORY.empty();
  }

  /** Frees every waiting block; blocks released later are freed at once. */
  @Override
  public synchronized void close() {
    closed = true;
    for (ArrayDeque<Long> blocks : waiting.values()) {
      for (long address : blocks) {
        MemoryUtil.freeMemory(address);
      }
    }
    waiting.clear();
    waitingBytes = 0;
  }

  private synchronized Long reuse(long size) {
    ArrayDeque<Long> blocks = waiting.get(size);
    if (blocks == null || blocks.isEmpty()) {
      return null;
    }
    waitingBytes -= size;
    return blocks.pop();
  }

  private void release(long address, long size) {
    synchronized (this) {
      if (!closed && size >= MIN_POOLED_BYTES && waitingBytes + size <= capacityBytes) {
        waiting.computeIfAbsent(size, unused -> new ArrayDeque<>()).push(address);
        waitingBytes += size;
        return;
      }
    }
    MemoryUtil.freeMemory(address);
  }

  /** One block, pooled when Arrow releases it. */
  private final class Block extends AllocationManager {
    private final long size;
    private final long address;

    Block(BufferAllocator accountingAllocator, long size, long address) {
      super(accountingAllocator);
      this.size = size;
      this.address = address;
    }

    @Override
    public long getSize() {
      return size;
    }

    @Override
    protected long memoryAddress() {
      return address;
    }

    @Override
    protected void release0() {
      release(address, size);
    }
  }
}
