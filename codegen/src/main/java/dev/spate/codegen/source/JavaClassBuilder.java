package dev.spate.codegen.source;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds the source of one generated class: imports, fields and methods, each method a {@link
 * CodeBlock}. The result is a complete compilation unit for Janino.
 */
public final class JavaClassBuilder {
  private final String className;
  private final String superClass;
  private final List<String> imports = new ArrayList<>();
  private final List<String> fields = new ArrayList<>();
  private final List<String> methodHeaders = new ArrayList<>();
  private final List<CodeBlock> methodBodies = new ArrayList<>();

  public JavaClassBuilder(String className, String superClass) {
    this.className = requireNonNull(className, "className is null");
    this.superClass = requireNonNull(superClass, "superClass is null");
  }

  public JavaClassBuilder addImport(String qualifiedName) {
    imports.add(requireNonNull(qualifiedName, "qualifiedName is null"));
    return this;
  }

  /** A private instance field {@code type name = initializer} (initializer may be null). */
  public JavaClassBuilder field(String type, String name, String initializer) {
    fields.add("private " + type + " " + name + (initializer == null ? "" : " = " + initializer)
        + ";");
    return this;
  }

  /** A constant: {@code private static final type name = initializer}. */
  public JavaClassBuilder constant(String type, String name, String initializer) {
    fields.add("private static final " + type + " " + name + " = " + initializer + ";");
    return this;
  }

  /**
   * A method: {@code header} is everything before the body, for example {@code public int
   * process(long[] data)}.
   */
  public JavaClassBuilder method(String header, CodeBlock body) {
    methodHeaders.add(requireNonNull(header, "header is null"));
    methodBodies.add(requireNonNull(body, "body is null"));
    return this;
  }

  public String className() {
    return className;
  }

  public String build() {
    StringBuilder out = new StringBuilder();
    for (String name : imports) {
      out.append("import ").append(name).append(";\n");
    }
    out.append("\npublic final class ").append(className).append(" extends ").append(superClass)
        .append(" {\n");
    for (String field : fields) {
      out.append("  ").append(field).append('\n');
    }
    for (int index = 0; index < methodHeaders.size(); index++) {
      out.append('\n').append("  ").append(methodHeaders.get(index)).append(" {\n");
      methodBodies.get(index).writeTo(out, 2);
      out.append("  }\n");
    }
    return out.append("}\n").toString();
  }
}
