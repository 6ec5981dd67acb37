package dev.spate.codegen.generate;

import static java.util.Objects.requireNonNull;

/**
 * The generated form of an evaluated expression: a Java expression for its value (a local, a field
 * or a constant) and one for whether it is NULL ({@code "false"} when it never is, {@code "true"}
 * for a NULL literal). The value is meaningless when NULL.
 */
public final class ExprValue {
  private final String value;
  private final String isNull;

  ExprValue(String value, String isNull) {
    this.value = requireNonNull(value, "value is null");
    this.isNull = requireNonNull(isNull, "isNull is null");
  }

  public String value() {
    return value;
  }

  public String isNull() {
    return isNull;
  }

  public boolean neverNull() {
    return isNull.equals("false");
  }

  /** A Java condition that holds when the value is non-NULL and TRUE (BOOLEAN values only). */
  String isTrue() {
    if (neverNull()) {
      return value;
    }
    if (isNull.equals("true")) {
      return "false";
    }
    return "!" + isNull + " && " + value;
  }
}
