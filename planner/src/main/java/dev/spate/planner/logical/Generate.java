package dev.spate.planner.logical;

import static java.util.Objects.requireNonNull;

import dev.spate.planner.expr.Expression;
import dev.spate.planner.types.DataTypes;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * {@code explode(array)} / {@code explode_outer(array)}: one output row per element, the child's
 * columns followed by the element column named {@code outputName} ({@code col} by default). Without
 * {@code outer}, rows with a NULL or empty array produce nothing; with it, one row with a NULL
 * element. Map explosion ({@code key}, {@code value} columns) follows the same rules.
 */
public final class Generate extends LogicalPlan {
  private final Expression generator;
  private final boolean outer;
  private final List<String> outputNames;
  private final LogicalPlan child;

  /**
   * @param generator the resolved array (or map) expression to explode
   * @param outputNames one name for an array, two (key, value) for a map
   */
  public Generate(Expression generator, boolean outer, List<String> outputNames,
      LogicalPlan child) {
    this.generator = requireNonNull(generator, "generator is null");
    this.outer = outer;
    this.outputNames = List.copyOf(outputNames);
    this.child = requireNonNull(child, "child is null");
  }

  public Expression generator() {
    return generator;
  }

  public boolean outer() {
    return outer;
  }

  public List<String> outputNames() {
    return outputNames;
  }

  @Override
  public List<LogicalPlan> children() {
    return List.of(child);
  }

  @Override
  public LogicalPlan withChildren(List<LogicalPlan> children) {
    return new Generate(generator, outer, outputNames, children.get(0));
  }

  @Override
  public List<Expression> expressions() {
    return List.of(generator);
  }

  @Override
  public List<Attribute> output() {
    List<Attribute> output = new ArrayList<>(child.output());
    for (Field field : generatedFields()) {
      output.add(new Attribute(null, field));
    }
    return output;
  }

  /** The generated columns: the element, or the key and value of a map. */
  public List<Field> generatedFields() {
    Field type = generator.dataType();
    if (type.getType() instanceof ArrowType.Map) {
      List<Field> entry = type.getChildren().get(0).getChildren();
      return List.of(DataTypes.rename(entry.get(0), outputNames.get(0)),
          DataTypes.rename(DataTypes.withNullable(entry.get(1), true), outputNames.get(1)));
    }
    Field element = type.getChildren().get(0);
    return List.of(DataTypes.rename(
        outer ? DataTypes.withNullable(element, true) : element, outputNames.get(0)));
  }

  @Override
  public String describe() {
    return "Generate " + (outer ? "explode_outer(" : "explode(") + generator.sql() + ") "
        + outputNames;
  }
}
