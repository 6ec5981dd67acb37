package dev.spate.codegen.source;

import java.util.ArrayList;
import java.util.List;

/**
 * Statements of a generated method body, with structured blocks ({@code if}, {@code else}, {@code
 * for}, {@code while}, {@code try}/{@code catch}) that the builder opens and closes, so indentation
 * and braces are always balanced. Java 7 syntax only (Janino's language level): no lambdas, {@code
 * var} or switch expressions.
 */
public final class CodeBlock {
  private final List<String> lines = new ArrayList<>();
  private int depth;

  /** {@code type name = initializer;} */
  public CodeBlock declare(JavaType type, String name, String initializer) {
    return line(type.sourceName() + " " + name + " = " + initializer + ";");
  }

  /** {@code final type name = initializer;} */
  public CodeBlock declareFinal(JavaType type, String name, String initializer) {
    return line("final " + type.sourceName() + " " + name + " = " + initializer + ";");
  }

  /** {@code target = value;} */
  public CodeBlock assign(String target, String value) {
    return line(target + " = " + value + ";");
  }

  /** One statement; a trailing semicolon is added. */
  public CodeBlock statement(String statement) {
    return line(statement + ";");
  }

  /** Opens {@code if (condition) {}. */
  public CodeBlock beginIf(String condition) {
    line("if (" + condition + ") {");
    depth++;
    return this;
  }

  /** Closes the open block and opens its {@code else} block. */
  public CodeBlock beginElse() {
    depth--;
    line("} else {");
    depth++;
    return this;
  }

  /** Opens {@code for (int variable = from; variable < limit; variable++) {}. */
  public CodeBlock beginFor(String variable, String from, String limit) {
    line("for (int " + variable + " = " + from + "; " + variable + " < " + limit + "; " + variable
        + "++) {");
    depth++;
    return this;
  }

  /** Opens {@code try {}. */
  public CodeBlock beginTry() {
    line("try {");
    depth++;
    return this;
  }

  /** Closes the open {@code try} block and opens {@code catch (type name) {}. */
  public CodeBlock beginCatch(String type, String name) {
    depth--;
    line("} catch (" + type + " " + name + ") {");
    depth++;
    return this;
  }

  /** Opens {@code while (condition) {}. */
  public CodeBlock beginWhile(String condition) {
    line("while (" + condition + ") {");
    depth++;
    return this;
  }

  /** Closes the innermost open block. */
  public CodeBlock end() {
    if (depth == 0) {
      throw new IllegalStateException("no open block to close");
    }
    depth--;
    return line("}");
  }

  /** Appends the statements of {@code other} (which must have no open block) at this depth. */
  public CodeBlock append(CodeBlock other) {
    if (other.depth != 0) {
      throw new IllegalStateException("appended block has open blocks");
    }
    for (String text : other.lines) {
      line(text);
    }
    return this;
  }

  /** The number of statements, a cheap proxy for the bytecode size of the method. */
  public int size() {
    return lines.size();
  }

  void writeTo(StringBuilder out, int baseIndent) {
    if (depth != 0) {
      throw new IllegalStateException("method body has " + depth + " unclosed blocks");
    }
    for (String text : lines) {
      out.append("  ".repeat(baseIndent)).append(text).append('\n');
    }
  }

  private CodeBlock line(String text) {
    lines.add("  ".repeat(depth) + text);
    return this;
  }
}
