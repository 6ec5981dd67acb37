package dev.spate.cpu.ops;

import dev.spate.planner.batch.BatchStream;
import dev.spate.planner.batch.ColumnarBatch;
import dev.spate.planner.physical.LimitExec;
import java.util.List;

/**
 * Runs a {@link LimitExec}: skips {@code offset} live rows, passes at most {@code limit} (all when
 * negative) by narrowing selections, and closes its input as soon as the limit is reached.
 */
public final class LimitStream extends OperatorStream {
  private final long limit;
  private long toSkip;
  private long produced;

  public LimitStream(LimitExec node, BatchStream input) {
    super(node.schema(), List.of(input));
    this.limit = node.limit();
    this.toSkip = Math.max(0, node.offset());
  }

  @Override
  protected ColumnarBatch computeNext() {
    while (limit < 0 || produced < limit) {
      ColumnarBatch batch = input(0).next();
      if (batch == null) {
        return null;
      }
      int live = batch.selectedCount();
      int skip = (int) Math.min(toSkip, live);
      toSkip -= skip;
      long wanted = limit < 0 ? Long.MAX_VALUE : limit - produced;
      int take = (int) Math.min(wanted, live - skip);
      if (take == 0) {
        batch.close();
        continue;
      }
      produced += take;
      if (limit >= 0 && produced >= limit) {
        closeInput(0);
      }
      if (skip == 0 && take == live) {
        return batch;
      }
      int[] selection = new int[take];
      for (int index = 0; index < take; index++) {
        selection[index] = batch.position(skip + index);
      }
      return batch.withSelection(selection, take);
    }
    closeInput(0);
    return null;
  }
}
