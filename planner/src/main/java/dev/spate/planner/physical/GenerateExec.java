package dev.spate.planner.physical;

import static java.util.Objects.requireNonNull;

import dev.spate.planner.expr.Expression;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * {@code explode}/{@code explode_outer} of {@code generator} (an array or map over the child's
 * schema): the child's columns followed by {@code generatedFields}; see {@link
 * dev.spate.planner.logical.Generate} for the rules.
 */
public final class GenerateExec extends PhysicalNode {
  private final Expression generator;
  private final boolean outer;
  private final List<Field> generatedFields;
  private final PhysicalNode child;

  public GenerateExec(Expression generator, boolean outer, List<Field> generatedFields,
      PhysicalNode child) {
    this.generator = requireNonNull(generator, "generator is null");
    this.outer = outer;
    this.generatedFields = List.copyOf(generatedFields);
    this.child = requireNonNull(child, "child is null");
  }

  public Expression generator() {
    return generator;
  }

  public boolean outer() {
    return outer;
  }

  public List<Field> generatedFields() {
    return generatedFields;
  }

  @Override
  public List<PhysicalNode> children() {
    return List.of(child);
  }

  @Override
  public PhysicalNode withChildren(List<PhysicalNode> children) {
    return new GenerateExec(generator, outer, generatedFields, children.get(0));
  }

  @Override
  public Schema schema() {
    List<Field> fields = new ArrayList<>(child.schema().getFields());
    fields.addAll(generatedFields);
    return new Schema(fields);
  }

  @Override
  public String name() {
    return "Generate";
  }

  @Override
  public String explainParams() {
    return (outer ? "explode_outer(" : "explode(") + generator.sql() + ")";
  }
}
