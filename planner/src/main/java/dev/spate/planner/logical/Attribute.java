package dev.spate.planner.logical;

import static java.util.Objects.requireNonNull;

import org.apache.arrow.vector.types.pojo.Field;

/**
 * One output column of a logical plan: its field (name, type, nullability) and the relation name
 * that qualifies it ({@code t} in {@code t.x}), or null.
 */
public final class Attribute {
  private final String qualifier;
  private final Field field;

  public Attribute(String qualifier, Field field) {
    this.qualifier = qualifier;
    this.field = requireNonNull(field, "field is null");
  }

  public String qualifier() {
    return qualifier;
  }

  public Field field() {
    return field;
  }

  public String name() {
    return field.getName();
  }

  public Attribute withQualifier(String newQualifier) {
    return new Attribute(newQualifier, field);
  }

  @Override
  public String toString() {
    return (qualifier == null ? "" : qualifier + ".") + field.getName();
  }
}
