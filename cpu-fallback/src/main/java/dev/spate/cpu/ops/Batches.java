package dev.spate.cpu.ops;

import dev.spate.SpateException;
import dev.spate.planner.batch.ColumnarBatch;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Schema;

/** Small helpers shared by the operators. */
public final class Batches {
  private Batches() {}

  /**
   * The physical positions of the live rows of {@code batch} (its selection, or {@code 0..rowCount}
   * when it has none); only the first {@code batch.selectedCount()} entries are meaningful.
   */
  public static int[] livePositions(ColumnarBatch batch) {
    if (batch.selection() != null) {
      return batch.selection();
    }
    int[] positions = new int[batch.rowCount()];
    for (int index = 0; index < positions.length; index++) {
      positions[index] = index;
    }
    return positions;
  }

  /** The same rows under {@code schema} (same types, other names); takes {@code batch} over. */
  public static ColumnarBatch withSchema(ColumnarBatch batch, Schema schema) {
    if (batch.schema().equals(schema)) {
      return batch;
    }
    return ColumnarBatch.withResources(schema, batch.columns(), batch.rowCount(),
        batch.selection(), batch.selectedCount(), List.of(), List.of(batch));
  }

  /** Closes every resource, also when some fail, and rethrows the first failure. */
  public static void closeAll(List<? extends AutoCloseable> resources) {
    RuntimeException failure = null;
    for (AutoCloseable resource : resources) {
      if (resource == null) {
        continue;
      }
      try {
        resource.close();
      } catch (Exception e) {
        if (failure == null) {
          failure = e instanceof RuntimeException ? (RuntimeException) e
              : SpateException.internal("failed to close " + resource, e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
