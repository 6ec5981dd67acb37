package dev.spate.codegen.generate;

import dev.spate.codegen.source.CodeBlock;
import dev.spate.codegen.source.JavaClassBuilder;
import dev.spate.codegen.source.JavaType;
import java.util.ArrayList;
import java.util.List;

/**
 * The literal values of one plan, passed to its generated class as parameters (fields set by {@code
 * bind(Object[])}) rather than written into the source, so plans of equal shape share a class.
 */
public final class Parameters {
  private final List<String> fieldTypes = new ArrayList<>();
  private final List<String> conversions = new ArrayList<>();
  private final List<Object> values = new ArrayList<>();

  /** A new parameter of primitive {@code type} holding {@code value}; returns its field name. */
  public String add(JavaType type, Object value) {
    String conversion;
    switch (type) {
      case BOOLEAN:
        conversion = "((Boolean) %s).booleanValue()";
        break;
      case BYTE:
        conversion = "((Number) %s).byteValue()";
        break;
      case SHORT:
        conversion = "((Number) %s).shortValue()";
        break;
      case INT:
        conversion = "((Number) %s).intValue()";
        break;
      case LONG:
        conversion = "((Number) %s).longValue()";
        break;
      case FLOAT:
        conversion = "((Number) %s).floatValue()";
        break;
      case DOUBLE:
        conversion = "((Number) %s).doubleValue()";
        break;
      default:
        throw new IllegalArgumentException("no literal parameter of type " + type);
    }
    return add(type.sourceName(), conversion, value);
  }

  /** A new String parameter; returns its field name. */
  public String addString(String value) {
    return add("String", "(String) %s", value);
  }

  private String add(String fieldType, String conversion, Object value) {
    fieldTypes.add(fieldType);
    conversions.add(conversion);
    values.add(value);
    return "p" + (values.size() - 1);
  }

  /** The values, in parameter order, for {@code bind}. */
  public Object[] values() {
    return values.toArray();
  }

  /** Declares the parameter fields and the {@code bind} method. */
  public void declare(JavaClassBuilder builder) {
    CodeBlock bind = new CodeBlock();
    for (int index = 0; index < values.size(); index++) {
      builder.field(fieldTypes.get(index), "p" + index, null);
      bind.assign("p" + index, String.format(conversions.get(index), "parameters[" + index + "]"));
    }
    builder.method("public void bind(Object[] parameters)", bind);
  }
}
