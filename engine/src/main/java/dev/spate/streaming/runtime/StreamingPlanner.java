package dev.spate.streaming.runtime;

import dev.spate.SpateException;
import dev.spate.engine.InputFileNames;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.logical.Aggregate;
import dev.spate.planner.logical.Distinct;
import dev.spate.planner.logical.Filter;
import dev.spate.planner.logical.Join;
import dev.spate.planner.logical.JoinType;
import dev.spate.planner.logical.Limit;
import dev.spate.planner.logical.LogicalPlan;
import dev.spate.planner.logical.Project;
import dev.spate.planner.logical.Scan;
import dev.spate.planner.logical.Sort;
import dev.spate.planner.logical.SubqueryAlias;
import dev.spate.streaming.OutputMode;
import dev.spate.streaming.Trigger;
import dev.spate.streaming.state.EventTimeColumns;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns the analyzed plan of a streaming DataFrame into the plan one query runs at every trigger:
 * checks the query against the output mode and trigger (Spark's {@code
 * UnsupportedOperationChecker} messages), replaces every declared source by the query's own {@link
 * StreamSource}, and wires {@code input_file_name()} to the file source's hidden file column.
 */
public final class StreamingPlanner {
  private StreamingPlanner() {}

  /** The checks Spark makes when a streaming query starts; throws ANALYSIS errors. */
  public static void check(LogicalPlan plan, OutputMode mode, Trigger trigger) {
    boolean aggregated = contains(plan, node -> node instanceof Aggregate && node.isStreaming());
    if (aggregated && trigger.kind() == Trigger.Kind.CONTINUOUS) {
      throw SpateException.analysis("Continuous processing does not support Aggregate"
          + " operations.");
    }
    if (contains(plan, node -> node instanceof Sort && node.isStreaming())
        && !(aggregated && mode == OutputMode.Complete())) {
      throw SpateException.analysis("Sorting is not supported on streaming DataFrames/Datasets,"
          + " unless it is on aggregated DataFrame/Dataset in Complete output mode");
    }
    if (!aggregated && mode == OutputMode.Complete()) {
      throw SpateException.analysis("Complete output mode not supported when there are no"
          + " streaming aggregations on streaming DataFrames/Datasets");
    }
    if (aggregated && mode == OutputMode.Append() && !hasEventTimeKey(plan)) {
      throw SpateException.analysis("[STREAMING_OUTPUT_MODE.UNSUPPORTED_OPERATION] Invalid"
          + " streaming output mode: append. This output mode is not supported for streaming"
          + " aggregations without watermark on streaming DataFrames/DataSets.");
    }
    checkDeduplication(plan, aggregated);
    if (contains(plan, node -> node instanceof Limit && node.isStreaming())) {
      throw SpateException.analysis("Limits are not supported on streaming DataFrames/Datasets in"
          + " %s output mode", mode);
    }
    checkJoins(plan);
  }

  /**
   * Streaming {@code dropDuplicates}/{@code distinct} runs as one stateful deduplication directly
   * over the stateless input: only projections, filters and aliases may sit above or below it.
   */
  private static void checkDeduplication(LogicalPlan plan, boolean aggregated) {
    if (!contains(plan, node -> node instanceof Distinct && node.isStreaming())) {
      return;
    }
    if (aggregated) {
      throw SpateException.analysis("dropDuplicates/distinct together with a streaming"
          + " aggregation in one query is not supported on streaming DataFrames/Datasets");
    }
    LogicalPlan node = plan;
    while (!(node instanceof Distinct)) {
      requireDeduplicationShape(node, "above");
      node = node.child();
    }
    for (LogicalPlan below = node.child(); !(below instanceof Scan); below = below.child()) {
      if (below instanceof Distinct) {
        throw SpateException.analysis("Multiple dropDuplicates/distinct operators are not"
            + " supported on streaming DataFrames/Datasets");
      }
      requireDeduplicationShape(below, "below");
    }
  }

  private static void requireDeduplicationShape(LogicalPlan node, String where) {
    boolean supported = node instanceof Project || node instanceof Filter
        || node instanceof SubqueryAlias || node instanceof EventTimeWatermark;
    if (!supported) {
      throw SpateException.analysis("dropDuplicates/distinct on a streaming DataFrame supports"
          + " only projections and filters %s it, not %s", where, node.describe());
    }
  }

  /** True when the streaming aggregation groups by an event-time column or a window over one. */
  private static boolean hasEventTimeKey(LogicalPlan plan) {
    if (plan instanceof Aggregate && plan.isStreaming()) {
      Map<Integer, Long> input = EventTimeColumns.of(plan.child());
      for (Expression grouping : ((Aggregate) plan).groupings()) {
        if (EventTimeColumns.delayOf(grouping, input) != null) {
          return true;
        }
      }
      return false;
    }
    for (LogicalPlan child : plan.children()) {
      if (hasEventTimeKey(child)) {
        return true;
      }
    }
    return false;
  }

  private static void checkJoins(LogicalPlan plan) {
    if (plan instanceof Join) {
      Join join = (Join) plan;
      boolean left = join.left().isStreaming();
      boolean right = join.right().isStreaming();
      if (left && right) {
        throw SpateException.analysis("stream-stream joins are not supported yet");
      }
      JoinType type = join.joinType();
      boolean supported = type == JoinType.INNER || type == JoinType.CROSS
          || (left && (type == JoinType.LEFT_OUTER || type == JoinType.LEFT_SEMI
              || type == JoinType.LEFT_ANTI))
          || (right && type == JoinType.RIGHT_OUTER);
      if ((left || right) && !supported) {
        throw SpateException.analysis("%s join with a streaming DataFrame on the %s side is not"
            + " supported", type, left ? "left" : "right");
      }
    }
    plan.children().forEach(StreamingPlanner::checkJoins);
  }

  /**
   * The plan with each declared source replaced by {@code opener}'s runtime source, in a stable
   * left-to-right order (the order of {@code opened}), and {@code input_file_name()} bound to the
   * file sources' hidden file column (see {@link InputFileNames}).
   */
  public static LogicalPlan bindSources(LogicalPlan plan,
      Function<StreamSourceSpec, StreamSource> opener, List<StreamSource> opened) {
    LogicalPlan bound = plan.transformUp(node -> {
      if (node instanceof Scan && ((Scan) node).source() instanceof StreamSourceSpec) {
        Scan scan = (Scan) node;
        StreamSource source = opener.apply((StreamSourceSpec) scan.source());
        opened.add(source);
        return new Scan(source, scan.columns(), scan.filters(), true);
      }
      return node;
    });
    return InputFileNames.bind(bound, scan -> {
      if (!(scan.source() instanceof FileStreamSource)) {
        return null;
      }
      List<Integer> columns = new ArrayList<>(scan.columns());
      columns.add(scan.source().schema().getFields().size() - 1);
      return new Scan(scan.source(), columns, scan.filters(), true);
    });
  }

  private static boolean contains(LogicalPlan plan,
      java.util.function.Predicate<LogicalPlan> predicate) {
    if (predicate.test(plan)) {
      return true;
    }
    for (LogicalPlan child : plan.children()) {
      if (contains(child, predicate)) {
        return true;
      }
    }
    return false;
  }
}
