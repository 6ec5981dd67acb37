package dev.spate.cpu.expr.functions;

import static java.util.Objects.requireNonNull;

import dev.spate.SpateException;
import dev.spate.cpu.expr.Errors;
import dev.spate.cpu.expr.EvalContext;
import dev.spate.cpu.expr.EvalNode;
import dev.spate.cpu.expr.KernelFactory;
import dev.spate.cpu.expr.LiteralNode;
import dev.spate.cpu.expr.Operand;
import dev.spate.cpu.expr.RowSet;
import dev.spate.cpu.expr.TypeKind;
import dev.spate.cpu.expr.Vectors;
import dev.spate.planner.expr.FunctionNames;
import dev.spate.planner.types.DataTypes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.pojo.Field;

/** Struct fields, array elements and map values; building structs and arrays. */
public final class ComplexFunctions {
  private ComplexFunctions() {}

  public static void register(Map<String, KernelFactory> factories) {
    factories.put(FunctionNames.GET_FIELD, (call, arguments) -> {
      Field struct = arguments.get(0).type();
      Object name = arguments.get(1) instanceof LiteralNode
          ? ((LiteralNode) arguments.get(1)).value() : null;
      for (int child = 0; child < struct.getChildren().size(); child++) {
        if (struct.getChildren().get(child).getName().equalsIgnoreCase(String.valueOf(name))) {
          return new GetField(call.dataType(), arguments.get(0), child);
        }
      }
      throw SpateException.plan("get_field: %s has no field '%s'", DataTypes.sqlName(struct), name);
    });
    factories.put(FunctionNames.GET_ITEM, (call, arguments) -> {
      boolean map = TypeKind.of(arguments.get(0).type()) == TypeKind.MAP;
      return new RowFunction(call.dataType(), arguments, true, (values, context) -> map
          ? ((Map<?, ?>) values[0]).get(values[1])
          : element((List<?>) values[0], ((Number) values[1]).longValue(), context));
    });
    factories.put("struct", (call, arguments) -> new MakeStruct(call.dataType(), arguments));
    factories.put("named_struct", (call, arguments) -> {
      List<EvalNode> values = new ArrayList<>();
      for (int index = 1; index < arguments.size(); index += 2) {
        values.add(arguments.get(index));
      }
      return new MakeStruct(call.dataType(), values);
    });
    factories.put("array", (call, arguments) -> new RowFunction(call.dataType(), arguments, false,
        (values, context) -> Arrays.asList(values.clone())));
    factories.put("array_concat", (call, arguments) -> new RowFunction(call.dataType(),
        arguments, true, (values, context) -> {
          List<Object> elements = new ArrayList<>();
          for (Object value : values) {
            elements.addAll((List<?>) value);
          }
          return elements;
        }));
    factories.put("map", (call, arguments) -> new RowFunction(call.dataType(), arguments, false,
        (values, context) -> {
          Map<Object, Object> map = new java.util.LinkedHashMap<>();
          for (int index = 0; index < values.length; index += 2) {
            if (values[index] == null) {
              throw SpateException.execution("[NULL_MAP_KEY] Cannot use null as map key.");
            }
            map.put(values[index], values[index + 1]);
          }
          return map;
        }));
    factories.put("size", (call, arguments) -> new RowFunction(call.dataType(), arguments, false,
        (values, context) -> values[0] == null ? (context.ansi() ? null : -1)
            : values[0] instanceof Map
            ? ((Map<?, ?>) values[0]).size() : ((List<?>) values[0]).size()));
  }

  private static Object element(List<?> array, long index, EvalContext context) {
    if (index < 0 || index >= array.size()) {
      if (context.ansi()) {
        throw Errors.invalidArrayIndex(index, array.size());
      }
      return null;
    }
    return array.get((int) index);
  }

  /** A field of a struct: NULL where the struct is NULL. */
  private static final class GetField implements EvalNode {
    private final Field type;
    private final EvalNode struct;
    private final int child;

    GetField(Field type, EvalNode struct, int child) {
      this.type = requireNonNull(type, "type is null");
      this.struct = requireNonNull(struct, "struct is null");
      this.child = child;
    }

    @Override
    public Field type() {
      return type;
    }

    @Override
    public Operand evaluate(EvalContext context, RowSet rows) {
      try (Operand input = struct.evaluate(context, rows)) {
        FieldVector structVector = input.vector();
        FieldVector field = ((StructVector) structVector).getChildrenFromFields().get(child);
        FieldVector result = Vectors.allocate(type, context, rows.length());
        try {
          for (int index = 0; index < rows.count(); index++) {
            int row = rows.position(index);
            if (!Vectors.isNull(structVector, row)) {
              Vectors.copyRow(field, row, result);
            }
          }
          result.setValueCount(rows.length());
          return Operand.owned(result);
        } catch (RuntimeException e) {
          result.close();
          throw e;
        }
      }
    }
  }

  /** {@code struct(a, b, ...)}: a non-null struct of the values. */
  private static final class MakeStruct implements EvalNode {
    private final Field type;
    private final List<EvalNode> values;

    MakeStruct(Field type, List<EvalNode> values) {
      this.type = requireNonNull(type, "type is null");
      this.values = List.copyOf(values);
    }

    @Override
    public Field type() {
      return type;
    }

    @Override
    public Operand evaluate(EvalContext context, RowSet rows) {
      StructVector result = (StructVector) Vectors.allocate(type, context, rows.length());
      try {
        List<FieldVector> children = result.getChildrenFromFields();
        for (int child = 0; child < values.size(); child++) {
          try (Operand value = values.get(child).evaluate(context, rows)) {
            FieldVector target = children.get(child);
            for (int index = 0; index < rows.count(); index++) {
              int row = rows.position(index);
              Vectors.copyRow(value.vector(), row, target);
            }
            target.setValueCount(rows.length());
          }
        }
        for (int index = 0; index < rows.count(); index++) {
          result.setIndexDefined(rows.position(index));
        }
        result.setValueCount(rows.length());
        return Operand.owned(result);
      } catch (RuntimeException e) {
        result.close();
        throw e;
      }
    }
  }
}
