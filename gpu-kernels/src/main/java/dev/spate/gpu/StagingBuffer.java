package dev.spate.gpu;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jcuda.Pointer;

/**
 * A page-locked host buffer from a {@link PinnedStagingPool}: the source or target of one
 * asynchronous copy. Closing hands it back to its pool (idempotent); the caller closes it only once
 * the stream has finished the copy.
 */
final class StagingBuffer implements AutoCloseable {
  private final PinnedStagingPool pool;
  private final Pointer pointer;
  private final long capacity;
  private boolean closed;

  StagingBuffer(PinnedStagingPool pool, Pointer pointer, long capacity) {
    this.pool = requireNonNull(pool, "pool is null");
    this.pointer = requireNonNull(pointer, "pointer is null");
    this.capacity = capacity;
  }

  Pointer pointer() {
    return pointer;
  }

  long capacity() {
    return capacity;
  }

  /** The first {@code bytes} bytes as a little-endian view at position 0. */
  ByteBuffer bytes(long bytes) {
    return pointer.getByteBuffer(0, bytes).order(ByteOrder.LITTLE_ENDIAN);
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      pool.release(this);
    }
  }
}
