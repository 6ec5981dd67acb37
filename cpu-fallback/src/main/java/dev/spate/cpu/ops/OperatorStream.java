package dev.spate.cpu.ops;

import static java.util.Objects.requireNonNull;

import dev.spate.planner.batch.BatchStream;
import dev.spate.planner.batch.ColumnarBatch;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Base of the interpreted operators' streams: owns the input streams, makes {@link #close()}
 * idempotent (operator state first, then every input, also when one fails) and turns {@link
 * #next()} after the end or after close into null.
 */
public abstract class OperatorStream implements BatchStream {
  private final Schema schema;
  private final List<BatchStream> inputs;
  private final boolean[] inputClosed;
  private boolean finished;
  private boolean closed;

  protected OperatorStream(Schema schema, List<BatchStream> inputs) {
    this.schema = requireNonNull(schema, "schema is null");
    this.inputs = List.copyOf(inputs);
    this.inputClosed = new boolean[inputs.size()];
  }

  @Override
  public final Schema schema() {
    return schema;
  }

  protected final BatchStream input(int index) {
    return inputs.get(index);
  }

  /** Closes one input early (for example a satisfied limit); later closes skip it. */
  protected final void closeInput(int index) {
    if (!inputClosed[index]) {
      inputClosed[index] = true;
      inputs.get(index).close();
    }
  }

  @Override
  public final ColumnarBatch next() {
    if (finished || closed) {
      return null;
    }
    ColumnarBatch batch = computeNext();
    if (batch == null) {
      finished = true;
      releaseState();
    }
    return batch;
  }

  /** The next batch, or null at the end (called at most until it returns null once). */
  protected abstract ColumnarBatch computeNext();

  /** Releases the operator's own state (buffers, hash tables, pending batches); idempotent. */
  protected void releaseState() {}

  @Override
  public final void close() {
    if (closed) {
      return;
    }
    closed = true;
    List<AutoCloseable> resources = new ArrayList<>();
    resources.add(this::releaseState);
    for (int index = 0; index < inputs.size(); index++) {
      if (!inputClosed[index]) {
        inputClosed[index] = true;
        resources.add(inputs.get(index));
      }
    }
    Batches.closeAll(resources);
  }
}
