package dev.spate.planner.expr;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Objects;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * A resolved reference to column {@code ordinal} of the input of the operator that evaluates it
 * (for a join condition: the left columns followed by the right columns). {@code name} is for
 * display only.
 */
public final class ColumnRef extends Expression {
  private final int ordinal;
  private final String name;
  private final Field type;

  public ColumnRef(int ordinal, String name, Field type) {
    this.ordinal = ordinal;
    this.name = requireNonNull(name, "name is null");
    this.type = requireNonNull(type, "type is null");
  }

  public int ordinal() {
    return ordinal;
  }

  public String name() {
    return name;
  }

  /** The same column at another ordinal (after the input's columns were reordered or pruned). */
  public ColumnRef withOrdinal(int newOrdinal) {
    return new ColumnRef(newOrdinal, name, type);
  }

  @Override
  public List<Expression> children() {
    return List.of();
  }

  @Override
  public Expression withChildren(List<Expression> children) {
    checkChildCount(children, 0);
    return this;
  }

  @Override
  public Field dataType() {
    return type;
  }

  @Override
  public String sql() {
    return name;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ColumnRef && ((ColumnRef) other).ordinal == ordinal
        && ((ColumnRef) other).type.equals(type);
  }

  @Override
  public int hashCode() {
    return Objects.hash(ordinal, type);
  }
}
