package dev.spate.cpu.expr.functions;

import static java.util.Objects.requireNonNull;

import dev.spate.SpateException;
import dev.spate.cpu.expr.EvalContext;
import dev.spate.cpu.expr.EvalNode;
import dev.spate.cpu.expr.KernelFactory;
import dev.spate.cpu.expr.Operand;
import dev.spate.cpu.expr.RowSet;
import dev.spate.cpu.expr.Vectors;
import dev.spate.planner.expr.FunctionNames;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * {@code CASE WHEN}, {@code if} and {@code coalesce}, lazily: each branch value is evaluated only on
 * the rows that reach it, so it raises no error for other rows; {@code raise_error(message)} fails
 * the query with the message for the first row that reaches it.
 */
public final class Conditionals {
  private Conditionals() {}

  public static void register(Map<String, KernelFactory> factories) {
    factories.put(FunctionNames.CASE_WHEN, (call, arguments) -> caseWhen(call.dataType(), arguments));
    factories.put("if", (call, arguments) -> caseWhen(call.dataType(), arguments));
    factories.put("iff", factories.get("if"));
    factories.put(FunctionNames.COALESCE, (call, arguments) -> new Coalesce(call.dataType(),
        arguments));
    factories.put("nvl", factories.get(FunctionNames.COALESCE));
    factories.put("ifnull", factories.get(FunctionNames.COALESCE));
    factories.put("raise_error", (call, arguments) -> new RowFunction(call.dataType(), arguments,
        false, (values, context) -> {
          throw SpateException.execution("[USER_RAISED_EXCEPTION] %s SQLSTATE: P0001",
              values[0]);
        }));
  }

  private static EvalNode caseWhen(Field type, List<EvalNode> arguments) {
    List<EvalNode> conditions = new ArrayList<>();
    List<EvalNode> values = new ArrayList<>();
    for (int index = 0; index + 1 < arguments.size(); index += 2) {
      conditions.add(arguments.get(index));
      values.add(arguments.get(index + 1));
    }
    EvalNode otherwise = arguments.size() % 2 == 1 ? arguments.get(arguments.size() - 1) : null;
    return new CaseWhen(type, conditions, values, otherwise);
  }

  /**
   * Gathers the result row by row, in increasing row order, from the branch each row took ({@code
   * source[row]}, -1 for NULL), then closes the branch results.
   */
  private static Operand gather(Field type, List<Operand> branches, int[] source, RowSet rows,
      EvalContext context) {
    FieldVector result = Vectors.allocate(type, context, rows.length());
    try {
      for (int index = 0; index < rows.count(); index++) {
        int row = rows.position(index);
        if (source[row] >= 0) {
          Vectors.copyRow(branches.get(source[row]).vector(), row, result);
        }
      }
      result.setValueCount(rows.length());
      return Operand.owned(result);
    } catch (RuntimeException e) {
      result.close();
      throw e;
    }
  }

  private static void closeAll(List<Operand> operands) {
    for (Operand operand : operands) {
      operand.close();
    }
  }

  private static final class CaseWhen implements EvalNode {
    private final Field type;
    private final List<EvalNode> conditions;
    private final List<EvalNode> values;
    private final EvalNode otherwise;

    CaseWhen(Field type, List<EvalNode> conditions, List<EvalNode> values, EvalNode otherwise) {
      this.type = requireNonNull(type, "type is null");
      this.conditions = List.copyOf(conditions);
      this.values = List.copyOf(values);
      this.otherwise = otherwise;
    }

    @Override
    public Field type() {
      return type;
    }

    @Override
    public Operand evaluate(EvalContext context, RowSet rows) {
      int[] source = new int[rows.length()];
      Arrays.fill(source, -1);
      List<Operand> branches = new ArrayList<>();
      try {
        RowSet remaining = rows;
        for (int branch = 0; branch < conditions.size() && remaining.count() > 0; branch++) {
          boolean[] taken;
          try (Operand condition = conditions.get(branch).evaluate(context, remaining)) {
            taken = Vectors.trueRows(condition.vector(), remaining);
          }
          RowSet takenRows = remaining.select(taken);
          if (takenRows.count() > 0) {
            branches.add(values.get(branch).evaluate(context, takenRows));
            mark(source, takenRows, branches.size() - 1);
          }
          for (int index = 0; index < remaining.count(); index++) {
            int row = remaining.position(index);
            taken[row] = !taken[row];
          }
          remaining = remaining.select(taken);
        }
        if (otherwise != null && remaining.count() > 0) {
          branches.add(otherwise.evaluate(context, remaining));
          mark(source, remaining, branches.size() - 1);
        }
        return gather(type, branches, source, rows, context);
      } finally {
        closeAll(branches);
      }
    }

    private static void mark(int[] source, RowSet rows, int branch) {
      for (int index = 0; index < rows.count(); index++) {
        source[rows.position(index)] = branch;
      }
    }
  }

  private static final class Coalesce implements EvalNode {
    private final Field type;
    private final List<EvalNode> arguments;

    Coalesce(Field type, List<EvalNode> arguments) {
      this.type = requireNonNull(type, "type is null");
      this.arguments = List.copyOf(arguments);
    }

    @Override
    public Field type() {
      return type;
    }

    @Override
    public Operand evaluate(EvalContext context, RowSet rows) {
      int[] source = new int[rows.length()];
      Arrays.fill(source, -1);
      List<Operand> branches = new ArrayList<>();
      try {
        RowSet remaining = rows;
        for (int argument = 0; argument < arguments.size() && remaining.count() > 0; argument++) {
          Operand value = arguments.get(argument).evaluate(context, remaining);
          branches.add(value);
          boolean[] stillNull = Vectors.nulls(remaining, value.vector());
          for (int index = 0; index < remaining.count(); index++) {
            int row = remaining.position(index);
            if (!stillNull[row]) {
              source[row] = branches.size() - 1;
            }
          }
          remaining = remaining.select(stillNull);
        }
        return gather(type, branches, source, rows, context);
      } finally {
        closeAll(branches);
      }
    }
  }
}
