package dev.spate.cpu.expr;

import static java.util.Objects.requireNonNull;

import dev.spate.planner.batch.ColumnarBatch;
import dev.spate.planner.spi.ExecContext;
import java.time.ZoneId;
import org.apache.arrow.memory.BufferAllocator;

/** What a node sees while it evaluates one batch: the batch and the execution context. */
public final class EvalContext {
  private final ColumnarBatch batch;
  private final ExecContext exec;
  private final ZoneId timeZone;

  public EvalContext(ColumnarBatch batch, ExecContext exec) {
    this.batch = requireNonNull(batch, "batch is null");
    this.exec = requireNonNull(exec, "exec is null");
    this.timeZone = exec.timeZone();
  }

  public ColumnarBatch batch() {
    return batch;
  }

  public ExecContext exec() {
    return exec;
  }

  public BufferAllocator allocator() {
    return exec.allocator();
  }

  public boolean ansi() {
    return exec.ansi();
  }

  public ZoneId timeZone() {
    return timeZone;
  }

  /** Physical length of the batch's vectors and of every result vector. */
  public int rowCount() {
    return batch.rowCount();
  }
}
