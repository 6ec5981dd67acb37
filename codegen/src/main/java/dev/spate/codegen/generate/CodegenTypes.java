package dev.spate.codegen.generate;

import dev.spate.codegen.source.JavaType;
import dev.spate.cpu.expr.TypeKind;
import java.util.EnumSet;
import java.util.Set;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * The column types generated code handles (fixed width: BOOLEAN, integral, floating, DATE,
 * TIMESTAMP) and how it reads and writes them straight from Arrow buffer addresses.
 */
public final class CodegenTypes {
  private static final Set<TypeKind> SUPPORTED = EnumSet.of(TypeKind.BOOLEAN, TypeKind.INT8,
      TypeKind.INT16, TypeKind.INT32, TypeKind.INT64, TypeKind.FLOAT32, TypeKind.FLOAT64,
      TypeKind.DATE, TypeKind.TIMESTAMP);

  private CodegenTypes() {}

  public static boolean supported(Field field) {
    return field.getChildren().isEmpty() && SUPPORTED.contains(TypeKind.of(field));
  }

  public static boolean integral(TypeKind kind) {
    return kind == TypeKind.INT8 || kind == TypeKind.INT16 || kind == TypeKind.INT32
        || kind == TypeKind.INT64;
  }

  public static boolean floating(TypeKind kind) {
    return kind == TypeKind.FLOAT32 || kind == TypeKind.FLOAT64;
  }

  public static JavaType javaType(TypeKind kind) {
    switch (kind) {
      case BOOLEAN:
        return JavaType.BOOLEAN;
      case INT8:
        return JavaType.BYTE;
      case INT16:
        return JavaType.SHORT;
      case INT32:
      case DATE:
        return JavaType.INT;
      case INT64:
      case TIMESTAMP:
        return JavaType.LONG;
      case FLOAT32:
        return JavaType.FLOAT;
      case FLOAT64:
        return JavaType.DOUBLE;
      default:
        throw new IllegalArgumentException("codegen has no Java type for " + kind);
    }
  }

  /** Java code reading the value of type {@code kind} at {@code row} of the data buffer at {@code address}. */
  static String read(TypeKind kind, String address, String row) {
    switch (javaType(kind)) {
      case BOOLEAN:
        return bit(address, row) + " != 0";
      case BYTE:
        return "MemoryUtil.getByte(" + address + " + " + row + ")";
      case SHORT:
        return "MemoryUtil.getShort(" + address + " + ((long) " + row + " << 1))";
      case INT:
        return "MemoryUtil.getInt(" + address + " + ((long) " + row + " << 2))";
      case LONG:
        return "MemoryUtil.getLong(" + address + " + ((long) " + row + " << 3))";
      case FLOAT:
        return "Float.intBitsToFloat(MemoryUtil.getInt(" + address + " + ((long) " + row
            + " << 2)))";
      default:
        return "Double.longBitsToDouble(MemoryUtil.getLong(" + address + " + ((long) " + row
            + " << 3)))";
    }
  }

  /** Java code testing whether {@code row} is NULL in the validity buffer at {@code address}. */
  static String readNull(String address, String row) {
    return bit(address, row) + " == 0";
  }

  /** A statement writing {@code value} of type {@code kind} at {@code row} of the buffer at {@code address}. */
  static String write(TypeKind kind, String address, String row, String value) {
    switch (javaType(kind)) {
      case BOOLEAN:
        return "if (" + value + ") { " + setBit(address, row) + "; }";
      case BYTE:
        return "MemoryUtil.putByte(" + address + " + " + row + ", " + value + ");";
      case SHORT:
        return "MemoryUtil.putShort(" + address + " + ((long) " + row + " << 1), " + value + ");";
      case INT:
        return "MemoryUtil.putInt(" + address + " + ((long) " + row + " << 2), " + value + ");";
      case LONG:
        return "MemoryUtil.putLong(" + address + " + ((long) " + row + " << 3), " + value + ");";
      case FLOAT:
        return "MemoryUtil.putInt(" + address + " + ((long) " + row + " << 2),"
            + " Float.floatToRawIntBits(" + value + "));";
      default:
        return "MemoryUtil.putLong(" + address + " + ((long) " + row + " << 3),"
            + " Double.doubleToRawLongBits(" + value + "));";
    }
  }

  /** A statement setting bit {@code row} of the bitmap at {@code address}. */
  static String setBit(String address, String row) {
    return orBit(address, row, "1");
  }

  /**
   * Sets bit {@code row} of the bitmap at {@code address} when {@code bit} (an int expression, 1
   * or 0) is 1, without a branch.
   */
  static String orBit(String address, String row, String bit) {
    return "MemoryUtil.putByte(" + address + " + (" + row + " >>> 3), (byte) (MemoryUtil.getByte("
        + address + " + (" + row + " >>> 3)) | (" + bit + " << (" + row + " & 7))))";
  }

  private static String bit(String address, String row) {
    return "((MemoryUtil.getByte(" + address + " + (" + row + " >>> 3)) >> (" + row + " & 7)) & 1)";
  }

  /** The Java cast of an expression to {@code kind}'s Java type. */
  static String cast(TypeKind kind, String expression) {
    return "((" + javaType(kind).sourceName() + ") (" + expression + "))";
  }
}
