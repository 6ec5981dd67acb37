package dev.spate.planner.physical;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.apache.arrow.vector.types.pojo.Schema;

/** Skips {@code offset} rows, then produces at most {@code limit} rows, then stops pulling. */
public final class LimitExec extends PhysicalNode {
  private final long limit;
  private final long offset;
  private final PhysicalNode child;

  public LimitExec(long limit, long offset, PhysicalNode child) {
    this.limit = limit;
    this.offset = offset;
    this.child = requireNonNull(child, "child is null");
  }

  public long limit() {
    return limit;
  }

  public long offset() {
    return offset;
  }

  @Override
  public List<PhysicalNode> children() {
    return List.of(child);
  }

  @Override
  public PhysicalNode withChildren(List<PhysicalNode> children) {
    return new LimitExec(limit, offset, children.get(0));
  }

  @Override
  public Schema schema() {
    return child.schema();
  }

  @Override
  public String name() {
    return "Limit";
  }

  @Override
  public String explainParams() {
    return limit + (offset == 0 ? "" : " offset " + offset);
  }
}
