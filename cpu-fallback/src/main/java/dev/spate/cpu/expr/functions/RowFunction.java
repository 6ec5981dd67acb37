package dev.spate.cpu.expr.functions;

import static java.util.Objects.requireNonNull;

import dev.spate.cpu.expr.EvalContext;
import dev.spate.cpu.expr.EvalNode;
import dev.spate.cpu.expr.Operand;
import dev.spate.cpu.expr.RowSet;
import dev.spate.cpu.expr.Vectors;
import dev.spate.planner.batch.VectorValues;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * A function evaluated value by value in the internal representation (see {@link
 * dev.spate.planner.types.DataTypes}): for strings, dates, nested values and JSON, where each row
 * allocates an object anyway. Rows are visited in increasing order, so variable-width results are
 * written sequentially.
 */
final class RowFunction implements EvalNode {
  /** The function of one row's argument values; returns the result value or null. */
  @FunctionalInterface
  interface Body {
    Object apply(Object[] arguments, EvalContext context);
  }

  private final Field type;
  private final List<EvalNode> arguments;
  private final boolean nullIntolerant;
  private final Body body;

  /**
   * @param nullIntolerant when true a NULL argument makes the result NULL without calling {@code
   *     body}
   */
  RowFunction(Field type, List<EvalNode> arguments, boolean nullIntolerant, Body body) {
    this.type = requireNonNull(type, "type is null");
    this.arguments = List.copyOf(arguments);
    this.nullIntolerant = nullIntolerant;
    this.body = requireNonNull(body, "body is null");
  }

  @Override
  public Field type() {
    return type;
  }

  @Override
  public Operand evaluate(EvalContext context, RowSet rows) {
    List<Operand> operands = new ArrayList<>(arguments.size());
    FieldVector result = null;
    try {
      for (EvalNode argument : arguments) {
        operands.add(argument.evaluate(context, rows));
      }
      result = Vectors.allocate(type, context, rows.length());
      Object[] values = new Object[operands.size()];
      rowLoop:
      for (int index = 0; index < rows.count(); index++) {
        int row = rows.position(index);
        for (int argument = 0; argument < values.length; argument++) {
          values[argument] = VectorValues.get(operands.get(argument).vector(), row);
          if (values[argument] == null && nullIntolerant) {
            continue rowLoop;
          }
        }
        Object value = body.apply(values, context);
        if (value != null) {
          VectorValues.set(result, row, value);
        }
      }
      result.setValueCount(rows.length());
      FieldVector done = result;
      result = null;
      return Operand.owned(done);
    } finally {
      if (result != null) {
        result.close();
      }
      for (Operand operand : operands) {
        operand.close();
      }
    }
  }
}
