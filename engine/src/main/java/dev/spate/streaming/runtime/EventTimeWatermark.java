package dev.spate.streaming.runtime;

import static java.util.Objects.requireNonNull;

import dev.spate.planner.expr.Expression;
import dev.spate.planner.logical.Attribute;
import dev.spate.planner.logical.LogicalPlan;
import java.util.List;

/**
 * {@code withWatermark(column, delay)} on a streaming DataFrame: passes its child's rows through
 * and declares column {@code ordinal} the event time, with the watermark trailing the largest
 * event time seen by {@code delayMs}. Only the streaming runtime interprets it; it removes the node
 * before the plan is optimized and run.
 */
public final class EventTimeWatermark extends LogicalPlan {
  private final int ordinal;
  private final long delayMs;
  private final LogicalPlan child;

  public EventTimeWatermark(int ordinal, long delayMs, LogicalPlan child) {
    this.ordinal = ordinal;
    this.delayMs = delayMs;
    this.child = requireNonNull(child, "child is null");
  }

  public int ordinal() {
    return ordinal;
  }

  public long delayMs() {
    return delayMs;
  }

  @Override
  public List<LogicalPlan> children() {
    return List.of(child);
  }

  @Override
  public LogicalPlan withChildren(List<LogicalPlan> children) {
    return new EventTimeWatermark(ordinal, delayMs, children.get(0));
  }

  @Override
  public List<Expression> expressions() {
    return List.of();
  }

  @Override
  public List<Attribute> output() {
    return child.output();
  }

  @Override
  public String describe() {
    return "EventTimeWatermark " + child.output().get(ordinal).name() + ", " + delayMs + " ms";
  }

  /** {@code plan} without its watermark nodes. */
  public static LogicalPlan strip(LogicalPlan plan) {
    return plan.transformUp(node -> node instanceof EventTimeWatermark ? node.child() : node);
  }
}
