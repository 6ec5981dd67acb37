package dev.spate.codegen.source;

/** The Java types generated code declares: the primitives of fixed-width columns and a few helpers. */
public enum JavaType {
  BOOLEAN("boolean", "false"),
  BYTE("byte", "(byte) 0"),
  SHORT("short", "(short) 0"),
  INT("int", "0"),
  LONG("long", "0L"),
  FLOAT("float", "0.0f"),
  DOUBLE("double", "0.0d"),
  LONG_ARRAY("long[]", "null"),
  DOUBLE_ARRAY("double[]", "null"),
  INT_ARRAY("int[]", "null"),
  /** The Vector API's lanes of longs, of doubles, and a lane mask (see VectorKeylessLoop). */
  LONG_LANES("LongVector", "null"),
  DOUBLE_LANES("DoubleVector", "null"),
  MASK("VectorMask", "null");

  private final String sourceName;
  private final String defaultValue;

  JavaType(String sourceName, String defaultValue) {
    this.sourceName = sourceName;
    this.defaultValue = defaultValue;
  }

  /** The type as written in Java source. */
  public String sourceName() {
    return sourceName;
  }

  /** The zero value, as a Java expression of this type. */
  public String defaultValue() {
    return defaultValue;
  }

  public boolean isFloating() {
    return this == FLOAT || this == DOUBLE;
  }
}
