package dev.spate.planner.physical;

import static java.util.Objects.requireNonNull;

import dev.spate.planner.expr.SortOrder;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A stable sort by {@code order}; with {@code limit >= 0} only the first {@code limit} rows are
 * produced (top-N).
 */
public final class SortExec extends PhysicalNode {
  private final List<SortOrder> order;
  private final long limit;
  private final PhysicalNode child;

  public SortExec(List<SortOrder> order, long limit, PhysicalNode child) {
    this.order = List.copyOf(order);
    this.limit = limit;
    this.child = requireNonNull(child, "child is null");
  }

  public List<SortOrder> order() {
    return order;
  }

  /** The row limit, or -1 for none. */
  public long limit() {
    return limit;
  }

  @Override
  public List<PhysicalNode> children() {
    return List.of(child);
  }

  @Override
  public PhysicalNode withChildren(List<PhysicalNode> children) {
    return new SortExec(order, limit, children.get(0));
  }

  @Override
  public Schema schema() {
    return child.schema();
  }

  @Override
  public String name() {
    return limit >= 0 ? "TopN" : "Sort";
  }

  @Override
  public String explainParams() {
    return order + (limit >= 0 ? ", limit=" + limit : "");
  }
}
