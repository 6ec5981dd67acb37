package dev.spate.cpu.expr.functions;

import static java.util.Objects.requireNonNull;

import dev.spate.cpu.expr.EvalContext;
import dev.spate.cpu.expr.EvalNode;
import dev.spate.cpu.expr.KernelFactory;
import dev.spate.cpu.expr.Operand;
import dev.spate.cpu.expr.RowSet;
import dev.spate.cpu.expr.Selections;
import dev.spate.cpu.expr.TypeKind;
import dev.spate.cpu.expr.Vectors;
import dev.spate.planner.expr.FunctionNames;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Three-valued logic ({@code AND}, {@code OR} lazy in their right side), {@code NOT}, {@code IS
 * [NOT] NULL}, {@code isnan} and {@code IN}.
 */
public final class Predicates {
  private Predicates() {}

  public static void register(Map<String, KernelFactory> factories) {
    factories.put(FunctionNames.AND, (call, arguments) ->
        new Junction(true, call.dataType(), arguments.get(0), arguments.get(1)));
    factories.put(FunctionNames.OR, (call, arguments) ->
        new Junction(false, call.dataType(), arguments.get(0), arguments.get(1)));
    factories.put(FunctionNames.NOT, (call, arguments) ->
        new Unary(Test.NOT, call.dataType(), arguments.get(0)));
    factories.put(FunctionNames.IS_NULL, (call, arguments) ->
        new Unary(Test.IS_NULL, call.dataType(), arguments.get(0)));
    factories.put(FunctionNames.IS_NOT_NULL, (call, arguments) ->
        new Unary(Test.IS_NOT_NULL, call.dataType(), arguments.get(0)));
    factories.put("isnan", (call, arguments) ->
        new Unary(Test.IS_NAN, call.dataType(), arguments.get(0)));
    factories.put(FunctionNames.IN, (call, arguments) ->
        new In(call.dataType(), arguments.get(0), arguments.subList(1, arguments.size())));
  }

  /** {@code AND} ({@code conjunction}) or {@code OR}; the right side sees only undecided rows. */
  private static final class Junction implements EvalNode {
    private final boolean conjunction;
    private final Field type;
    private final EvalNode left;
    private final EvalNode right;

    Junction(boolean conjunction, Field type, EvalNode left, EvalNode right) {
      this.conjunction = conjunction;
      this.type = requireNonNull(type, "type is null");
      this.left = requireNonNull(left, "left is null");
      this.right = requireNonNull(right, "right is null");
    }

    @Override
    public Field type() {
      return type;
    }

    @Override
    public Operand evaluate(EvalContext context, RowSet rows) {
      // the value that decides the result on its own: FALSE for AND, TRUE for OR
      boolean deciding = !conjunction;
      boolean[] nulls = new boolean[rows.length()];
      boolean[] values = new boolean[rows.length()];
      boolean[] undecided = new boolean[rows.length()];
      try (Operand leftValue = left.evaluate(context, rows)) {
        FieldVector a = leftValue.vector();
        boolean[] leftTrue = Vectors.trueRows(a, rows);
        Vectors.orNulls(nulls, rows, a);
        for (int index = 0; index < rows.count(); index++) {
          int row = rows.position(index);
          boolean decided = !nulls[row] && leftTrue[row] == deciding;
          values[row] = decided ? deciding : !deciding;
          undecided[row] = !decided;
        }
      }
      RowSet rest = rows.select(undecided);
      if (rest.count() > 0) {
        try (Operand rightValue = right.evaluate(context, rest)) {
          FieldVector b = rightValue.vector();
          boolean[] rightTrue = Vectors.trueRows(b, rest);
          for (int index = 0; index < rest.count(); index++) {
            int row = rest.position(index);
            boolean rightNull = Vectors.isNull(b, row);
            if (!rightNull && rightTrue[row] == deciding) {
              values[row] = deciding;
              nulls[row] = false;
            } else {
              nulls[row] |= rightNull;
            }
          }
        }
      }
      return Operand.owned(Vectors.fromBooleans(type, values, nulls, rows, context));
    }

    /**
     * AND: the right side selects among the rows where the left is TRUE; it is also evaluated
     * (for its errors) where the left is NULL, as {@link #evaluate} does. OR: the left's TRUE rows
     * plus the rows the right selects among the others.
     */
    @Override
    public RowSet select(EvalContext context, RowSet rows) {
      if (rows.count() == 0) {
        return rows;
      }
      if (!conjunction) {
        RowSet leftTrue = left.select(context, rows);
        RowSet rest = rows.minus(leftTrue);
        return rest.count() == 0 ? leftTrue : leftTrue.union(right.select(context, rest));
      }
      RowSet leftTrue;
      RowSet leftNull;
      try (Operand leftValue = left.evaluate(context, rows)) {
        leftTrue = Selections.trueRows(leftValue, rows);
        leftNull = Selections.nullRows(leftValue, rows);
      }
      if (leftNull.count() == 0) {
        return right.select(context, leftTrue);
      }
      try (Operand rightValue = right.evaluate(context, leftTrue.union(leftNull))) {
        return Selections.trueRows(rightValue, leftTrue);
      }
    }
  }

  /** The unary tests. */
  private enum Test { NOT, IS_NULL, IS_NOT_NULL, IS_NAN }

  private static final class Unary implements EvalNode {
    private final Test test;
    private final Field type;
    private final EvalNode child;

    Unary(Test test, Field type, EvalNode child) {
      this.test = requireNonNull(test, "test is null");
      this.type = requireNonNull(type, "type is null");
      this.child = requireNonNull(child, "child is null");
    }

    @Override
    public Field type() {
      return type;
    }

    @Override
    public Operand evaluate(EvalContext context, RowSet rows) {
      try (Operand operand = child.evaluate(context, rows)) {
        FieldVector input = operand.vector();
        boolean[] inputNulls = Vectors.nulls(rows, input);
        boolean[] values;
        boolean[] nulls = new boolean[rows.length()];
        switch (test) {
          case NOT:
            values = Vectors.trueRows(input, rows);
            for (int index = 0; index < rows.count(); index++) {
              int row = rows.position(index);
              values[row] = !values[row];
            }
            nulls = inputNulls;
            break;
          case IS_NULL:
            values = inputNulls;
            break;
          case IS_NOT_NULL:
            values = inputNulls;
            for (int index = 0; index < rows.count(); index++) {
              int row = rows.position(index);
              values[row] = !values[row];
            }
            break;
          default:
            values = new boolean[rows.length()];
            if (TypeKind.of(child.type()).isFloating()) {
              double[] doubles = Vectors.doubles(input, rows);
              for (int index = 0; index < rows.count(); index++) {
                int row = rows.position(index);
                values[row] = !inputNulls[row] && Double.isNaN(doubles[row]);
              }
            }
            break;
        }
        return Operand.owned(Vectors.fromBooleans(type, values, nulls, rows, context));
      }
    }
  }

  /**
   * {@code value IN (list)}: TRUE on a match; otherwise NULL when the value or an item is NULL, else
   * FALSE. An item is evaluated only on rows no earlier item matched.
   */
  private static final class In implements EvalNode {
    private final Field type;
    private final EvalNode value;
    private final List<EvalNode> items;

    In(Field type, EvalNode value, List<EvalNode> items) {
      this.type = requireNonNull(type, "type is null");
      this.value = requireNonNull(value, "value is null");
      this.items = List.copyOf(items);
    }

    @Override
    public Field type() {
      return type;
    }

    @Override
    public Operand evaluate(EvalContext context, RowSet rows) {
      boolean[] matched = new boolean[rows.length()];
      boolean[] sawNull = new boolean[rows.length()];
      try (Operand tested = value.evaluate(context, rows)) {
        FieldVector testedVector = tested.vector();
        Vectors.orNulls(sawNull, rows, testedVector);
        boolean[] open = new boolean[rows.length()];
        for (int index = 0; index < rows.count(); index++) {
          int row = rows.position(index);
          open[row] = !sawNull[row];
        }
        RowSet remaining = rows.select(open);
        for (EvalNode item : items) {
          if (remaining.count() == 0) {
            break;
          }
          try (Operand itemValue = item.evaluate(context, remaining)) {
            FieldVector itemVector = itemValue.vector();
            boolean[] nulls = Vectors.nulls(remaining, itemVector);
            int[] order = Comparisons.compare(testedVector, itemVector, nulls, remaining);
            for (int index = 0; index < remaining.count(); index++) {
              int row = remaining.position(index);
              if (nulls[row]) {
                sawNull[row] = true;
              } else if (order[row] == 0) {
                matched[row] = true;
                open[row] = false;
              }
            }
          }
          remaining = remaining.select(open);
        }
      }
      boolean[] nulls = new boolean[rows.length()];
      for (int index = 0; index < rows.count(); index++) {
        int row = rows.position(index);
        nulls[row] = !matched[row] && sawNull[row];
      }
      return Operand.owned(Vectors.fromBooleans(type, matched, nulls, rows, context));
    }
  }
}
