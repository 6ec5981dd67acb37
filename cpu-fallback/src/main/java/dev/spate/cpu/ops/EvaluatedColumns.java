package dev.spate.cpu.ops;

import dev.spate.planner.batch.ColumnarBatch;
import dev.spate.planner.spi.ExecContext;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;

/**
 * The values of several {@link BoundExpression}s over one batch. Closing releases the vectors that
 * were evaluated (not the batch's own, passed-through columns); idempotent.
 */
public final class EvaluatedColumns implements AutoCloseable {
  private final List<FieldVector> vectors;
  private final List<FieldVector> owned;

  private EvaluatedColumns(List<FieldVector> vectors, List<FieldVector> owned) {
    this.vectors = vectors;
    this.owned = owned;
  }

  public static EvaluatedColumns evaluate(List<BoundExpression> expressions, ColumnarBatch batch,
      ExecContext context) {
    List<FieldVector> vectors = new ArrayList<>(expressions.size());
    List<FieldVector> owned = new ArrayList<>();
    try {
      for (BoundExpression expression : expressions) {
        FieldVector vector = expression.evaluate(batch, context);
        vectors.add(vector);
        if (!expression.isColumn()) {
          owned.add(vector);
        }
      }
      return new EvaluatedColumns(vectors, owned);
    } catch (RuntimeException e) {
      owned.forEach(FieldVector::close);
      throw e;
    }
  }

  public List<FieldVector> vectors() {
    return vectors;
  }

  public FieldVector get(int index) {
    return vectors.get(index);
  }

  @Override
  public void close() {
    for (FieldVector vector : owned) {
      vector.close();
    }
    owned.clear();
  }
}
