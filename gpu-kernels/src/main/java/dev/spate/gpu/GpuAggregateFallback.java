package dev.spate.gpu;

import static java.util.Objects.requireNonNull;

import dev.spate.SpateException;
import dev.spate.cpu.CpuBackend;
import dev.spate.planner.batch.BatchStream;
import dev.spate.planner.batch.ColumnarBatch;
import dev.spate.planner.expr.AggregateCall;
import dev.spate.planner.expr.ColumnRef;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.physical.HashAggregateExec;
import dev.spate.planner.spi.ExecContext;
import dev.spate.planner.types.DataTypes;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.TransferPair;

/**
 * How a GPU hash aggregation whose state no longer fits in device memory finishes on the CPU
 * without reading its input again. The aggregation is split into a <em>partial</em> one over the
 * same keys with, per accumulator input, {@code count}, and where the node uses them {@code sum},
 * {@code min} and {@code max} (the sum of an integral average is over the value cast to DOUBLE, as
 * in {@link GpuAggregation}). The GPU writes its groups so far in that form, the CPU backend
 * aggregates the rest of the input the same way, a CPU aggregation merges the two (sum of counts,
 * sum of sums, min of mins, max of maxes) and the final columns are taken from it, an average being
 * the merged sum over the merged count (NULL for no values). Sums and averages of DOUBLE are added
 * in a different order than the CPU's single pass (differences in the last bits, as on the GPU
 * path); everything else is exactly the CPU's result. Immutable.
 */
final class GpuAggregateFallback {
  /** One partial column: {@code function} over accumulator input {@code input}. */
  private record Partial(GpuAggregation.Function function, int input) {}

  private final HashAggregateExec node;
  private final GpuAggregation aggregation;
  private final HashAggregateExec partialNode;
  private final List<Partial> partials;
  private final HashAggregateExec mergeNode;

  GpuAggregateFallback(HashAggregateExec node, GpuAggregation aggregation) {
    this.node = requireNonNull(node, "node is null");
    this.aggregation = requireNonNull(aggregation, "aggregation is null");
    int keyCount = node.keys().size();
    List<String> keyNames = new ArrayList<>();
    for (Field field : node.schema().getFields().subList(0, keyCount)) {
      keyNames.add(field.getName());
    }
    List<Partial> columns = new ArrayList<>();
    List<AggregateCall> calls = new ArrayList<>();
    for (int input = 0; input < aggregation.inputs().size(); input++) {
      Expression value = aggregation.inputs().get(input).value();
      for (GpuAggregation.Function function : GpuAggregation.Function.values()) {
        if (function != GpuAggregation.Function.AVG && partialNeeded(function, input)) {
          columns.add(new Partial(function, input));
          calls.add(partialCall(function, value));
        }
      }
    }
    this.partials = List.copyOf(columns);
    this.partialNode = new HashAggregateExec(node.keys(), keyNames, calls, names(calls.size()),
        node.children().get(0));
    Schema partialSchema = partialNode.schema();
    List<Expression> mergeKeys = new ArrayList<>();
    for (int index = 0; index < keyCount; index++) {
      Field field = partialSchema.getFields().get(index);
      mergeKeys.add(new ColumnRef(index, field.getName(), field));
    }
    List<AggregateCall> merges = new ArrayList<>();
    for (int index = 0; index < columns.size(); index++) {
      Field field = partialSchema.getFields().get(keyCount + index);
      GpuAggregation.Function function = columns.get(index).function();
      String name = function == GpuAggregation.Function.MIN ? "min"
          : function == GpuAggregation.Function.MAX ? "max" : "sum";
      merges.add(new AggregateCall(name, List.of(new ColumnRef(keyCount + index, field.getName(),
          field)), false, DataTypes.field("", field.getType(), true)));
    }
    this.mergeNode = new HashAggregateExec(mergeKeys, keyNames, merges, names(merges.size()),
        partialNode);
  }

  private static List<String> names(int count) {
    List<String> names = new ArrayList<>();
    for (int index = 0; index < count; index++) {
      names.add("partial" + index);
    }
    return names;
  }

  /** Whether the partial aggregation computes {@code function} of input {@code input}. */
  private boolean partialNeeded(GpuAggregation.Function function, int input) {
    if (function == GpuAggregation.Function.COUNT) {
      return true;
    }
    for (GpuAggregation.Output output : aggregation.outputs()) {
      boolean average = output.function() == GpuAggregation.Function.AVG
          && function == GpuAggregation.Function.SUM;
      if (output.input() == input && (output.function() == function || average)) {
        return true;
      }
    }
    return false;
  }

  private static AggregateCall partialCall(GpuAggregation.Function function, Expression value) {
    List<Expression> arguments = value == null ? List.of() : List.of(value);
    switch (function) {
      case COUNT:
        return new AggregateCall("count", arguments, false,
            DataTypes.field("", DataTypes.BIGINT, false));
      case SUM:
        ArrowType sum = value.dataType().getType() instanceof ArrowType.FloatingPoint
            ? DataTypes.DOUBLE : DataTypes.BIGINT;
        return new AggregateCall("sum", arguments, false, DataTypes.field("", sum, true));
      default:
        return new AggregateCall(function == GpuAggregation.Function.MIN ? "min" : "max",
            arguments, false, DataTypes.field("", value.dataType().getType(), true));
    }
  }

  /** The partial aggregation of the node's input, which the GPU writes its groups in. */
  HashAggregateExec partialNode() {
    return partialNode;
  }

  /** The GPU layout of {@link #partialNode()}: the node's accumulator inputs, in the same order. */
  GpuAggregation partialLayout() {
    GpuAggregation layout = GpuAggregation.of(partialNode);
    if (!layout.inputs().equals(aggregation.inputs())) {
      throw SpateException.internal("the partial GPU aggregation reads " + layout.inputs()
          + ", not the accumulators " + aggregation.inputs(), null);
    }
    return layout;
  }

  /**
   * The node's result: {@code gpuPartial} (the GPU's groups so far in the partial form, consumed)
   * merged with the CPU's partial aggregation of {@code rest}, which the returned stream owns.
   */
  BatchStream open(List<ColumnarBatch> gpuPartial, BatchStream rest, ExecContext context) {
    CpuBackend cpu = new CpuBackend();
    BatchStream cpuPartial = cpu.open(partialNode, List.of(rest), context);
    BatchStream merged = cpu.open(mergeNode,
        List.of(new PrefixedStream(partialNode.schema(), gpuPartial, cpuPartial)), context);
    return new BatchStream() {
      @Override
      public Schema schema() {
        return node.schema();
      }

      @Override
      public ColumnarBatch next() {
        ColumnarBatch next = merged.next();
        if (next == null) {
          return null;
        }
        try (ColumnarBatch batch = next.compact(context.allocator())) {
          return finalBatch(batch, context);
        }
      }

      @Override
      public void close() {
        merged.close();
      }
    };
  }

  /** The node's output columns computed from one merged batch. */
  private ColumnarBatch finalBatch(ColumnarBatch merged, ExecContext context) {
    int keyCount = node.keys().size();
    int rows = merged.rowCount();
    List<Field> fields = node.schema().getFields();
    List<FieldVector> vectors = new ArrayList<>();
    try {
      for (int index = 0; index < keyCount; index++) {
        vectors.add(transfer(merged.column(index), fields.get(index), rows, context));
      }
      List<GpuAggregation.Output> outputs = aggregation.outputs();
      for (int index = 0; index < outputs.size(); index++) {
        GpuAggregation.Output output = outputs.get(index);
        Field field = fields.get(keyCount + index);
        FieldVector count = merged.column(keyCount
            + partials.indexOf(new Partial(GpuAggregation.Function.COUNT, output.input())));
        if (output.function() == GpuAggregation.Function.AVG) {
          FieldVector sum = merged.column(keyCount
              + partials.indexOf(new Partial(GpuAggregation.Function.SUM, output.input())));
          vectors.add(average((BigIntVector) count, (Float8Vector) sum, field, rows, context));
        } else {
          int column = partials.indexOf(new Partial(output.function(), output.input()));
          if (column < 0) {
            throw SpateException.internal("no partial column for " + output.description(), null);
          }
          vectors.add(transfer(merged.column(keyCount + column), field, rows, context));
        }
      }
    } catch (RuntimeException e) {
      vectors.forEach(FieldVector::close);
      throw e;
    }
    return ColumnarBatch.of(node.schema(), vectors, rows);
  }

  private static FieldVector transfer(FieldVector source, Field field, int rows,
      ExecContext context) {
    TransferPair pair = source.getTransferPair(field, context.allocator());
    pair.splitAndTransfer(0, rows);
    return (FieldVector) pair.getTo();
  }

  private static FieldVector average(BigIntVector counts, Float8Vector sums, Field field, int rows,
      ExecContext context) {
    Float8Vector averages = (Float8Vector) field.createVector(context.allocator());
    try {
      averages.allocateNew(rows);
      for (int row = 0; row < rows; row++) {
        if (counts.get(row) == 0 || sums.isNull(row)) {
          averages.setNull(row);
        } else {
          averages.set(row, sums.get(row) / counts.get(row));
        }
      }
      averages.setValueCount(rows);
      return averages;
    } catch (RuntimeException e) {
      averages.close();
      throw e;
    }
  }
}
