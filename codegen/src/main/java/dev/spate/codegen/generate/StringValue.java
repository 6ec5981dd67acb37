package dev.spate.codegen.generate;

import static java.util.Objects.requireNonNull;

/**
 * A STRING value read by generated code ({@link ExpressionGenerator#stringColumn}): Java
 * expressions for the address of its UTF-8 bytes in Arrow memory, their byte length, and whether it
 * is NULL (address and length are 0 then).
 */
public final class StringValue {
  private final String address;
  private final String length;
  private final String isNull;

  StringValue(String address, String length, String isNull) {
    this.address = requireNonNull(address, "address is null");
    this.length = requireNonNull(length, "length is null");
    this.isNull = requireNonNull(isNull, "isNull is null");
  }

  public String address() {
    return address;
  }

  public String length() {
    return length;
  }

  public String isNull() {
    return isNull;
  }
}
