package dev.spate.planner.batch;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;

/** Arrow buffers of a root allocator built over a {@link BufferPool}. */
class BufferPoolTest {
  private static final long BLOCK = 512 * 1024;

  private static BufferAllocator allocator(BufferPool pool) {
    return new RootAllocator(RootAllocator.configBuilder().allocationManagerFactory(pool).build());
  }

  @Test
  void aFreedBlockServesTheNextAllocationOfItsSize() {
    try (BufferPool pool = new BufferPool(4 * BLOCK); BufferAllocator allocator = allocator(pool)) {
      long first;
      try (ArrowBuf buffer = allocator.buffer(BLOCK)) {
        first = buffer.memoryAddress();
        buffer.setLong(BLOCK - 8, 42L);
      }
      assertThat(pool.waitingBytes()).isEqualTo(BLOCK);
      assertThat(allocator.getAllocatedMemory()).as("a waiting block is not accounted").isZero();
      try (ArrowBuf other = allocator.buffer(2 * BLOCK)) {
        assertThat(other.memoryAddress()).as("another size gets fresh memory").isNotEqualTo(first);
      }
      try (ArrowBuf again = allocator.buffer(BLOCK)) {
        assertThat(again.memoryAddress()).isEqualTo(first);
        assertThat(again.getLong(BLOCK - 8)).as("reused memory keeps its bytes").isEqualTo(42L);
        assertThat(allocator.getAllocatedMemory()).isEqualTo(BLOCK);
      }
    }
  }

  @Test
  void keepsAtMostItsCapacityAndNoSmallBlocks() {
    try (BufferPool pool = new BufferPool(2 * BLOCK); BufferAllocator allocator = allocator(pool)) {
      ArrowBuf[] buffers = new ArrowBuf[3];
      for (int index = 0; index < buffers.length; index++) {
        buffers[index] = allocator.buffer(BLOCK);
      }
      ArrowBuf small = allocator.buffer(BufferPool.MIN_POOLED_BYTES / 2);
      small.close();
      assertThat(pool.waitingBytes()).isZero();
      for (ArrowBuf buffer : buffers) {
        buffer.close();
      }
      assertThat(pool.waitingBytes()).isEqualTo(2 * BLOCK);
    }
  }

  @Test
  void closingFreesWaitingBlocksAndLaterReleasesDirectly() {
    BufferPool pool = new BufferPool(4 * BLOCK);
    try (BufferAllocator allocator = allocator(pool)) {
      allocator.buffer(BLOCK).close();
      ArrowBuf held = allocator.buffer(BLOCK);
      pool.close();
      assertThat(pool.waitingBytes()).isZero();
      held.close();
      assertThat(pool.waitingBytes()).isZero();
    }
  }

  @Test
  void aPoolOfNoCapacityFreesEverything() {
    try (BufferPool pool = new BufferPool(0); BufferAllocator allocator = allocator(pool)) {
      allocator.buffer(BLOCK).close();
      assertThat(pool.waitingBytes()).isZero();
    }
  }
}
