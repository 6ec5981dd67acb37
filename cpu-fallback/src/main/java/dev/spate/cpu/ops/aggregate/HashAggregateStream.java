package dev.spate.cpu.ops.aggregate;

import static java.util.Objects.requireNonNull;

import dev.spate.cpu.ops.Batches;
import dev.spate.cpu.ops.BoundExpression;
import dev.spate.cpu.ops.EvaluatedColumns;
import dev.spate.cpu.ops.OperatorStream;
import dev.spate.cpu.ops.hash.GroupTable;
import dev.spate.planner.batch.VectorGather;
import dev.spate.planner.batch.BatchStream;
import dev.spate.planner.batch.ColumnarBatch;
import dev.spate.planner.expr.AggregateCall;
import dev.spate.planner.physical.HashAggregateExec;
import dev.spate.planner.spi.ExecContext;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Runs a {@link HashAggregateExec}: consumes its whole input on the first {@code next()}, numbering
 * groups with a {@link GroupTable} and updating one {@link Accumulator} per aggregate, then emits
 * the groups in batches of at most {@code context.batchRows()} rows. With no keys there is exactly
 * one group, so empty input still yields one row.
 */
public final class HashAggregateStream extends OperatorStream {
  private final HashAggregateExec node;
  private final ExecContext context;
  private final List<BoundExpression> keys;
  private final List<List<BoundExpression>> arguments;
  private final List<Field> keyFields;
  private GroupTable table;
  private final List<Accumulator> accumulators = new ArrayList<>();
  private boolean consumed;
  private int emitted;

  public HashAggregateStream(HashAggregateExec node, BatchStream input, ExecContext context) {
    super(node.schema(), List.of(input));
    this.node = requireNonNull(node, "node is null");
    this.context = requireNonNull(context, "context is null");
    this.keys = BoundExpression.bindAll(node.keys());
    this.arguments = new ArrayList<>();
    for (AggregateCall call : node.aggregates()) {
      arguments.add(BoundExpression.bindAll(call.arguments()));
    }
    this.keyFields = node.schema().getFields().subList(0, keys.size());
  }

  @Override
  protected ColumnarBatch computeNext() {
    if (!consumed) {
      consume();
      consumed = true;
    }
    int groups = table.groupCount();
    if (emitted >= groups) {
      return null;
    }
    int count = Math.min(Math.max(1, context.batchRows()), groups - emitted);
    List<FieldVector> columns = new ArrayList<>(schema().getFields().size());
    try {
      columns.addAll(table.keyVectors(emitted, count, keyFields, context.allocator()));
      for (int index = 0; index < accumulators.size(); index++) {
        Field field = schema().getFields().get(keys.size() + index);
        FieldVector out = VectorGather.allocate(field, count, context.allocator());
        columns.add(out);
        accumulators.get(index).write(out, emitted, count);
      }
    } catch (RuntimeException e) {
      columns.forEach(FieldVector::close);
      throw e;
    }
    emitted += count;
    return ColumnarBatch.of(schema(), columns, count);
  }

  private void consume() {
    table = GroupTable.create(keyFields, context.allocator());
    for (AggregateCall call : node.aggregates()) {
      accumulators.add(Accumulators.create(call, context.ansi(), context.allocator()));
    }
    for (Accumulator accumulator : accumulators) {
      accumulator.ensureGroups(table.groupCount());
    }
    int[] groupIds = new int[0];
    while (true) {
      ColumnarBatch batch = input(0).next();
      if (batch == null) {
        break;
      }
      try (batch) {
        int count = batch.selectedCount();
        if (count == 0) {
          continue;
        }
        int[] positions = Batches.livePositions(batch);
        if (groupIds.length < count) {
          groupIds = new int[count];
        }
        try (EvaluatedColumns keyValues = EvaluatedColumns.evaluate(keys, batch, context)) {
          table.findGroups(keyValues.vectors(), positions, count, true, groupIds);
        }
        for (int index = 0; index < accumulators.size(); index++) {
          Accumulator accumulator = accumulators.get(index);
          accumulator.ensureGroups(table.groupCount());
          try (EvaluatedColumns values =
              EvaluatedColumns.evaluate(arguments.get(index), batch, context)) {
            accumulator.update(values.vectors(), positions, groupIds, count);
          }
        }
      }
    }
    closeInput(0);
  }

  @Override
  protected void releaseState() {
    List<AutoCloseable> resources = new ArrayList<>(accumulators);
    resources.add(table);
    accumulators.clear();
    table = null;
    Batches.closeAll(resources);
  }
}
