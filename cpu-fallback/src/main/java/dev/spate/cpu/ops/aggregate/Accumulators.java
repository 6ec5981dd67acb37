package dev.spate.cpu.ops.aggregate;

import dev.spate.SpateException;
import dev.spate.planner.expr.AggregateCall;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.expr.Literal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Field;

/** Creates the {@link Accumulator} of an {@link AggregateCall}. */
final class Accumulators {
  private Accumulators() {}

  static Accumulator create(AggregateCall call, boolean ansi, BufferAllocator allocator) {
    Accumulator accumulator = createPlain(call, ansi);
    if (!call.distinct() || call.arguments().isEmpty()) {
      return accumulator;
    }
    List<Field> argumentTypes = new ArrayList<>();
    for (Expression argument : call.arguments()) {
      argumentTypes.add(argument.dataType());
    }
    return new DistinctAccumulator(accumulator, argumentTypes, allocator);
  }

  private static Accumulator createPlain(AggregateCall call, boolean ansi) {
    String name = call.name().toLowerCase(Locale.ROOT);
    if (name.equals("count")) {
      return new CountAccumulator();
    }
    if (name.equals("max_by") || name.equals("min_by")) {
      return new ExtremumByAccumulator(name.equals("max_by"),
          GroupValues.create(call.arguments().get(0).dataType(), false),
          GroupValues.create(call.arguments().get(1).dataType(), true));
    }
    boolean firstOrLast = name.equals("first") || name.equals("last");
    if (call.arguments().size() != 1 && !(firstOrLast && call.arguments().size() == 2)) {
      throw SpateException.plan("aggregate %s takes one argument, got %d", call.sql(),
          call.arguments().size());
    }
    Field argument = call.arguments().get(0).dataType();
    boolean ignoreNulls = call.arguments().size() == 2
        && Boolean.TRUE.equals(((Literal) call.arguments().get(1)).value());
    switch (name) {
      case "sum":
        return new SumAverageAccumulator(false, argument.getType(), call.dataType().getType(), ansi,
            call.sql());
      case "avg":
      case "mean":
        return new SumAverageAccumulator(true, argument.getType(), call.dataType().getType(), ansi,
            call.sql());
      case "min":
        return new ValueAccumulator(ValueAccumulator.Mode.MIN, GroupValues.create(argument, true),
            true);
      case "max":
        return new ValueAccumulator(ValueAccumulator.Mode.MAX, GroupValues.create(argument, true),
            true);
      case "first":
        return new ValueAccumulator(ValueAccumulator.Mode.FIRST,
            GroupValues.create(argument, false), ignoreNulls);
      case "last":
        return new ValueAccumulator(ValueAccumulator.Mode.LAST,
            GroupValues.create(argument, false), ignoreNulls);
      default:
        throw SpateException.plan("aggregate function %s is not supported by the interpreted"
            + " backend", call.sql());
    }
  }
}
