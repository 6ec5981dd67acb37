package dev.spate.cpu.ops;

import static java.util.Objects.requireNonNull;

import dev.spate.planner.batch.BatchStream;
import dev.spate.planner.batch.ColumnarBatch;
import dev.spate.planner.physical.ProjectExec;
import dev.spate.planner.spi.ExecContext;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;

/**
 * Runs a {@link ProjectExec}: column references pass the input vectors through (the output batch
 * keeps the input batch as a resource), other projections are evaluated; the selection is kept.
 */
public final class ProjectStream extends OperatorStream {
  private final List<BoundExpression> projections;
  private final ExecContext context;

  public ProjectStream(ProjectExec node, BatchStream input, ExecContext context) {
    super(node.schema(), List.of(input));
    this.projections = BoundExpression.bindAll(node.projections());
    this.context = requireNonNull(context, "context is null");
  }

  @Override
  protected ColumnarBatch computeNext() {
    ColumnarBatch batch = input(0).next();
    if (batch == null) {
      return null;
    }
    List<FieldVector> columns = new ArrayList<>(projections.size());
    List<FieldVector> owned = new ArrayList<>();
    try {
      for (BoundExpression projection : projections) {
        FieldVector vector = projection.evaluate(batch, context);
        columns.add(vector);
        if (!projection.isColumn()) {
          owned.add(vector);
        }
      }
    } catch (RuntimeException e) {
      owned.forEach(FieldVector::close);
      batch.close();
      throw e;
    }
    return ColumnarBatch.withResources(schema(), columns, batch.rowCount(), batch.selection(),
        batch.selectedCount(), owned, List.of(batch));
  }
}
