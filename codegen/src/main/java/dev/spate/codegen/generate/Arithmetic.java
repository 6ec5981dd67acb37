package dev.spate.codegen.generate;

import dev.spate.codegen.source.CodeBlock;
import dev.spate.codegen.source.JavaType;
import dev.spate.codegen.source.Names;
import dev.spate.cpu.expr.TypeKind;
import dev.spate.planner.expr.FunctionNames;

/** The Java expressions of comparisons and of {@code + - *} for each type family. */
final class Arithmetic {
  private Arithmetic() {}

  /** The Java comparison for {@code name} over values of {@code kind}, or null if not a comparison. */
  static String comparison(String name, TypeKind kind, String left, String right) {
    String operator;
    switch (name) {
      case FunctionNames.EQUAL:
        operator = " == ";
        break;
      case FunctionNames.NOT_EQUAL:
        operator = " != ";
        break;
      case FunctionNames.LESS_THAN:
        operator = " < ";
        break;
      case FunctionNames.LESS_THAN_OR_EQUAL:
        operator = " <= ";
        break;
      case FunctionNames.GREATER_THAN:
        operator = " > ";
        break;
      case FunctionNames.GREATER_THAN_OR_EQUAL:
        operator = " >= ";
        break;
      default:
        return null;
    }
    if (CodegenTypes.floating(kind)) {
      return floatingComparison(name, left, right);
    }
    if (kind == TypeKind.BOOLEAN) {
      return "(" + left + " ? 1 : 0)" + operator + "(" + right + " ? 1 : 0)";
    }
    return left + operator + right;
  }

  /**
   * Spark's order of floating values (NaN equals NaN and is above everything, -0.0 equals 0.0)
   * without branches: Java's comparisons plus NaN tests joined by non-short-circuit operators, so
   * the JIT emits flag-setting instructions instead of unpredictable jumps.
   */
  private static String floatingComparison(String name, String left, String right) {
    String equal = "((" + left + " == " + right + ") | (" + left + " != " + left + " & " + right
        + " != " + right + "))";
    String less = "((" + left + " < " + right + ") | (" + left + " == " + left + " & " + right
        + " != " + right + "))";
    String greater = "((" + left + " > " + right + ") | (" + left + " != " + left + " & " + right
        + " == " + right + "))";
    switch (name) {
      case FunctionNames.EQUAL:
        return equal;
      case FunctionNames.NOT_EQUAL:
        return "!" + equal;
      case FunctionNames.LESS_THAN:
        return less;
      case FunctionNames.LESS_THAN_OR_EQUAL:
        return "!" + greater;
      case FunctionNames.GREATER_THAN:
        return greater;
      default:
        return "!" + less;
    }
  }

  /**
   * Comparison {@code name} of floating {@code value} with a non-NULL literal in Spark's order,
   * given {@code literalIsNaN}, a parameter the JIT hoists out of the loop. Against a number, a
   * single Java comparison decides (a NaN value fails {@code <} and {@code <=}, so {@code >} is
   * {@code !(value <= literal)}); against NaN, the answer depends only on whether {@code value} is
   * NaN. Half the instructions of {@link #comparison}'s general form.
   */
  static String floatingLiteralComparison(String name, String value, String literal,
      String literalIsNaN) {
    String isNaN = "(" + value + " != " + value + ")";
    String isNumber = "(" + value + " == " + value + ")";
    String againstNaN;
    String againstNumber;
    switch (name) {
      case FunctionNames.EQUAL:
        againstNaN = isNaN;
        againstNumber = value + " == " + literal;
        break;
      case FunctionNames.NOT_EQUAL:
        againstNaN = isNumber;
        againstNumber = value + " != " + literal;
        break;
      case FunctionNames.LESS_THAN:
        againstNaN = isNumber;
        againstNumber = value + " < " + literal;
        break;
      case FunctionNames.LESS_THAN_OR_EQUAL:
        againstNaN = "true";
        againstNumber = value + " <= " + literal;
        break;
      case FunctionNames.GREATER_THAN:
        againstNaN = "false";
        againstNumber = "!(" + value + " <= " + literal + ")";
        break;
      case FunctionNames.GREATER_THAN_OR_EQUAL:
        againstNaN = isNaN;
        againstNumber = "!(" + value + " < " + literal + ")";
        break;
      default:
        throw new IllegalArgumentException("not a comparison: " + name);
    }
    return "(" + literalIsNaN + " ? " + againstNaN + " : " + againstNumber + ")";
  }

  /** {@code + - *} of two values of integral or floating {@code kind}, with ANSI overflow checks. */
  static String binary(String name, TypeKind kind, String left, String right, boolean ansi) {
    String operator;
    String tryName;
    String exact;
    switch (name) {
      case FunctionNames.ADD:
        operator = " + ";
        tryName = "try_add";
        exact = "addLong";
        break;
      case FunctionNames.SUBTRACT:
        operator = " - ";
        tryName = "try_subtract";
        exact = "subtractLong";
        break;
      case FunctionNames.MULTIPLY:
        operator = " * ";
        tryName = "try_multiply";
        exact = "multiplyLong";
        break;
      default:
        throw new IllegalArgumentException("not a generated arithmetic function: " + name);
    }
    if (CodegenTypes.floating(kind) || !ansi) {
      return CodegenTypes.cast(kind, left + operator + right);
    }
    if (kind == TypeKind.INT64) {
      return "Checked." + exact + "(" + left + ", " + right + ")";
    }
    String narrow = kind == TypeKind.INT32 ? "toInt" : kind == TypeKind.INT16 ? "toShort" : "toByte";
    return "Checked." + narrow + "((long) " + left + operator + "(long) " + right + ", \"" + tryName
        + "\")";
  }

  /** A Java condition that is true when either value is NULL (declaring a local when needed). */
  static String eitherNull(ExprValue left, ExprValue right, Names names, CodeBlock code) {
    if (left.isNull().equals("true") || right.isNull().equals("true")) {
      return "true";
    }
    if (left.neverNull()) {
      return right.isNull();
    }
    if (right.neverNull()) {
      return left.isNull();
    }
    String isNull = names.fresh("en");
    code.declareFinal(JavaType.BOOLEAN, isNull, left.isNull() + " || " + right.isNull());
    return isNull;
  }

  static int bits(TypeKind kind) {
    switch (kind) {
      case INT8:
        return 8;
      case INT16:
        return 16;
      case INT32:
        return 32;
      default:
        return 64;
    }
  }
}
