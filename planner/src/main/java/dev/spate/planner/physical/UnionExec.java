package dev.spate.planner.physical;

import java.util.List;
import org.apache.arrow.vector.types.pojo.Schema;

/** Concatenates its inputs' batches (all of {@link #schema()}'s types, in input order). */
public final class UnionExec extends PhysicalNode {
  private final List<PhysicalNode> inputs;
  private final Schema schema;

  public UnionExec(List<PhysicalNode> inputs, Schema schema) {
    this.inputs = List.copyOf(inputs);
    this.schema = schema;
  }

  @Override
  public List<PhysicalNode> children() {
    return inputs;
  }

  @Override
  public PhysicalNode withChildren(List<PhysicalNode> children) {
    return new UnionExec(children, schema);
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public String name() {
    return "Union";
  }

  @Override
  public String explainParams() {
    return "";
  }
}
