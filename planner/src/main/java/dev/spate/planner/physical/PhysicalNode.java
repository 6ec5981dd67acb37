package dev.spate.planner.physical;

import java.util.List;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * An immutable physical operator description: what to compute, never runtime state. A backend turns
 * a node into a running {@link dev.spate.planner.batch.BatchStream} through {@link
 * dev.spate.planner.spi.Backend#open}. Expressions inside a node are resolved against the node's
 * input: the single child's schema, or for a join the left schema followed by the right.
 */
public abstract class PhysicalNode {
  public abstract List<PhysicalNode> children();

  public abstract PhysicalNode withChildren(List<PhysicalNode> children);

  /** The schema of every batch this node produces. */
  public abstract Schema schema();

  /** The operator name shown by EXPLAIN, for example {@code HashAggregate}. */
  public abstract String name();

  /** The operator's parameters for EXPLAIN, on one line. */
  public abstract String explainParams();

  public PhysicalNode child() {
    return children().get(0);
  }

  @Override
  public String toString() {
    return name() + " " + explainParams();
  }
}
