package dev.spate.planner.logical;

import static java.util.Objects.requireNonNull;

import dev.spate.planner.expr.Expression;
import java.util.ArrayList;
import java.util.List;

/** Names a relation ({@code FROM t AS a}, {@code df.alias("a")}): its output gets qualifier {@code alias}. */
public final class SubqueryAlias extends LogicalPlan {
  private final String alias;
  private final LogicalPlan child;

  public SubqueryAlias(String alias, LogicalPlan child) {
    this.alias = requireNonNull(alias, "alias is null");
    this.child = requireNonNull(child, "child is null");
  }

  public String alias() {
    return alias;
  }

  @Override
  public List<LogicalPlan> children() {
    return List.of(child);
  }

  @Override
  public LogicalPlan withChildren(List<LogicalPlan> children) {
    return new SubqueryAlias(alias, children.get(0));
  }

  @Override
  public List<Expression> expressions() {
    return List.of();
  }

  @Override
  public List<Attribute> output() {
    List<Attribute> output = new ArrayList<>();
    for (Attribute attribute : child.output()) {
      output.add(attribute.withQualifier(alias));
    }
    return output;
  }

  @Override
  public String describe() {
    return "SubqueryAlias " + alias;
  }
}
