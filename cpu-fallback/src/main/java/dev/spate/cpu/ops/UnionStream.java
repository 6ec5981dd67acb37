package dev.spate.cpu.ops;

import dev.spate.planner.batch.BatchStream;
import dev.spate.planner.batch.ColumnarBatch;
import dev.spate.planner.physical.UnionExec;
import java.util.List;

/** Runs a {@link UnionExec}: every batch of each input in turn, renamed to the union's schema. */
public final class UnionStream extends OperatorStream {
  private final int inputCount;
  private int current;

  public UnionStream(UnionExec node, List<BatchStream> inputs) {
    super(node.schema(), inputs);
    this.inputCount = inputs.size();
  }

  @Override
  protected ColumnarBatch computeNext() {
    while (current < inputCount) {
      ColumnarBatch batch = input(current).next();
      if (batch != null) {
        return Batches.withSchema(batch, schema());
      }
      closeInput(current);
      current++;
    }
    return null;
  }
}
