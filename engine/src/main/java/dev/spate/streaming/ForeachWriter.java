package dev.spate.streaming;

/**
 * Receives the rows a streaming query emits, one call to {@link #process} per row, Spark's {@code
 * ForeachWriter}. For each micro-batch (epoch) the runtime calls {@link #open}; when it returns true
 * every row of the batch goes to {@link #process}, and {@link #close} is called at the end with the
 * error that stopped the batch, or null. Calls happen on the query's thread. Delivery is
 * at-least-once: a batch that is re-run after a failure is delivered again with the same epoch id,
 * which {@code open} can use to skip it.
 */
public abstract class ForeachWriter<T> {
  /** Returns false to skip the rows of this epoch. */
  public abstract boolean open(long partitionId, long epochId);

  public abstract void process(T value);

  /** @param errorOrNull the failure that ended this epoch, or null when it completed */
  public abstract void close(Throwable errorOrNull);
}
