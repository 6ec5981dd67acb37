package dev.spate.planner.logical;

import dev.spate.planner.expr.Expression;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * An immutable logical plan node. Built unresolved by the front ends, resolved by the analyzer
 * (every expression resolved, {@link dev.spate.planner.expr.ColumnRef} ordinals indexing the
 * node's input: the single child's {@link #output()}, or for a join the left output followed by
 * the right), rewritten by the optimizer, and turned into physical nodes by the physical planner.
 */
public abstract class LogicalPlan {
  public abstract List<LogicalPlan> children();

  /** A copy with other children (same count). */
  public abstract LogicalPlan withChildren(List<LogicalPlan> children);

  /** The expressions this node holds (not its children's), for generic traversals. */
  public abstract List<Expression> expressions();

  /** The output columns; only valid when {@link #resolved()}. */
  public abstract List<Attribute> output();

  /** One line for EXPLAIN, without children. */
  public abstract String describe();

  /** True when this node, its expressions and its children are resolved. */
  public boolean resolved() {
    for (Expression expression : expressions()) {
      if (!expression.resolved()) {
        return false;
      }
    }
    for (LogicalPlan child : children()) {
      if (!child.resolved()) {
        return false;
      }
    }
    return true;
  }

  /** True when any source below is a stream. */
  public boolean isStreaming() {
    for (LogicalPlan child : children()) {
      if (child.isStreaming()) {
        return true;
      }
    }
    return false;
  }

  public Schema schema() {
    List<Field> fields = new ArrayList<>();
    for (Attribute attribute : output()) {
      fields.add(attribute.field());
    }
    return new Schema(fields);
  }

  public LogicalPlan child() {
    return children().get(0);
  }

  /** Applies {@code rule} to every node bottom-up. */
  public LogicalPlan transformUp(Function<LogicalPlan, LogicalPlan> rule) {
    List<LogicalPlan> children = children();
    LogicalPlan current = this;
    if (!children.isEmpty()) {
      List<LogicalPlan> rewritten = new ArrayList<>(children.size());
      boolean changed = false;
      for (LogicalPlan child : children) {
        LogicalPlan newChild = child.transformUp(rule);
        changed |= newChild != child;
        rewritten.add(newChild);
      }
      if (changed) {
        current = withChildren(rewritten);
      }
    }
    return rule.apply(current);
  }

  /** The indented tree, one node per line. */
  public String treeString() {
    StringBuilder text = new StringBuilder();
    appendTree(text, 0);
    return text.toString();
  }

  private void appendTree(StringBuilder text, int depth) {
    text.append("  ".repeat(depth)).append(depth == 0 ? "" : "+- ").append(describe()).append('\n');
    for (LogicalPlan child : children()) {
      child.appendTree(text, depth + 1);
    }
  }

  @Override
  public String toString() {
    return treeString();
  }
}
