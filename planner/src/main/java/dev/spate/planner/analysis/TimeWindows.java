package dev.spate.planner.analysis;

import static java.util.Objects.requireNonNull;

import dev.spate.SpateException;
import dev.spate.planner.expr.Call;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.expr.FunctionNames;
import dev.spate.planner.expr.Literal;
import dev.spate.planner.expr.UnresolvedColumn;
import dev.spate.planner.expr.UnresolvedFunction;
import dev.spate.planner.logical.Attribute;
import dev.spate.planner.logical.Generate;
import dev.spate.planner.logical.LogicalPlan;
import dev.spate.planner.types.DataTypes;
import dev.spate.planner.types.Intervals;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Spark's time-window rewrite: {@code GROUP BY window(ts, size[, slide])} becomes a {@link
 * Generate} below the aggregation that adds the column {@code window struct<start, end>} (one row
 * per window containing the row, none for a NULL timestamp), and every occurrence of the {@code
 * window(...)} call in the grouping keys and the select list becomes a reference to that column.
 * Windows are aligned to the epoch and half-open; a tumbling {@code window} is non-nullable, a
 * sliding one nullable, as in Spark.
 */
final class TimeWindows {
  static final String COLUMN = "window";

  /** The aggregation's rewritten input, grouping keys and select list. */
  static final class Rewrite {
    final LogicalPlan child;
    final List<Expression> groupings;
    final List<Expression> items;

    Rewrite(LogicalPlan child, List<Expression> groupings, List<Expression> items) {
      this.child = requireNonNull(child, "child is null");
      this.groupings = List.copyOf(groupings);
      this.items = List.copyOf(items);
    }
  }

  private TimeWindows() {}

  /** Null when no grouping key is a {@code window(...)} call. */
  static Rewrite rewrite(List<Expression> groupings, List<Expression> items, LogicalPlan child,
      ExpressionResolver resolver) {
    UnresolvedFunction window = null;
    for (Expression grouping : groupings) {
      if (isWindow(grouping)) {
        if (window != null && !window.equals(grouping)) {
          throw SpateException.analysis("Multiple time/session window expressions would result"
              + " in a cartesian product of rows, therefore they are currently not supported:"
              + " %s, %s", window.sql(), grouping.sql());
        }
        window = (UnresolvedFunction) grouping;
      }
    }
    if (window == null) {
      return null;
    }
    Generate generate = new Generate(generator(window, child.output(), resolver), false,
        List.of(COLUMN), child);
    UnresolvedFunction found = window;
    UnresolvedColumn reference = new UnresolvedColumn(List.of(COLUMN));
    List<Expression> newGroupings = new ArrayList<>();
    for (Expression grouping : groupings) {
      newGroupings.add(grouping.transformUp(node -> node.equals(found) ? reference : node));
    }
    List<Expression> newItems = new ArrayList<>();
    for (Expression item : items) {
      newItems.add(item.transformUp(node -> node.equals(found) ? reference : node));
    }
    return new Rewrite(generate, newGroupings, newItems);
  }

  private static boolean isWindow(Expression expression) {
    return expression instanceof UnresolvedFunction
        && ((UnresolvedFunction) expression).name().toLowerCase(Locale.ROOT).equals(COLUMN);
  }

  private static Call generator(UnresolvedFunction window, List<Attribute> input,
      ExpressionResolver resolver) {
    List<Expression> arguments = window.arguments();
    if (arguments.size() < 2 || arguments.size() > 3) {
      throw SpateException.analysis("[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `window` requires"
          + " 2 or 3 parameters (time column, window duration[, slide duration]) but the actual"
          + " number is %d.", arguments.size());
    }
    Expression time = resolver.resolve(arguments.get(0), input);
    if (!(time.dataType().getType() instanceof ArrowType.Timestamp)) {
      throw SpateException.analysis("[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve"
          + " \"%s\" due to data type mismatch: The first parameter requires the \"TIMESTAMP\""
          + " type, however \"%s\" has the type \"%s\".", window.sql(), time.sql(),
          FunctionRegistry.typeName(time));
    }
    long size = duration(window, arguments.get(1), "window duration");
    long slide = arguments.size() == 3 ? duration(window, arguments.get(2), "slide duration")
        : size;
    if (slide > size) {
      throw SpateException.analysis("The slide duration (%d microseconds) must be less than or"
          + " equal to the window duration (%d microseconds) in %s.", slide, size, window.sql());
    }
    boolean sliding = slide != size;
    Field timestamp = DataTypes.field("", DataTypes.TIMESTAMP, true);
    Field struct = DataTypes.structOf("element", List.of(DataTypes.rename(timestamp, "start"),
        DataTypes.rename(timestamp, "end")), sliding);
    return new Call(FunctionNames.TIME_WINDOW, List.of(time, Literal.ofLong(size),
        Literal.ofLong(slide)), DataTypes.listOf("", struct, true));
  }

  private static long duration(UnresolvedFunction window, Expression argument, String what) {
    if (!(argument instanceof Literal) || !(((Literal) argument).value() instanceof String)) {
      throw SpateException.analysis("The %s of %s must be a string literal such as '5 minutes',"
          + " got %s.", what, window.sql(), argument.sql());
    }
    long micros = Intervals.toMicros((String) ((Literal) argument).value());
    if (micros <= 0) {
      throw SpateException.analysis("The %s of %s must be greater than 0, got %s.", what,
          window.sql(), argument.sql());
    }
    return micros;
  }
}
