package dev.spate.codegen.generate;

import dev.spate.codegen.runtime.CompositeKeyTable;
import dev.spate.codegen.runtime.DirectKeyTable;
import dev.spate.codegen.runtime.LongKeyTable;
import dev.spate.codegen.runtime.NoKeyTable;
import dev.spate.codegen.runtime.PipelineKernel;
import dev.spate.codegen.source.CodeBlock;
import dev.spate.codegen.source.JavaClassBuilder;
import dev.spate.codegen.source.JavaType;
import dev.spate.codegen.source.Names;
import dev.spate.cpu.expr.TypeKind;
import dev.spate.planner.expr.AggregateCall;
import dev.spate.planner.expr.ColumnRef;
import dev.spate.planner.expr.Expression;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Generates the class of one {@link PipelineSpec}: a {@link PipelineKernel} whose {@code process}
 * (filter and project) or {@code consume} (filter and aggregate) runs one loop over the live rows,
 * reading Arrow buffers by address. When the pipeline's expressions exceed {@code methodBudget}
 * expression nodes, the work is split: one loop selects the rows, then each chunk of projections or
 * aggregate updates runs in its own method over the selected rows, keeping every method well below
 * HotSpot's 8,000-byte JIT limit (a single oversized expression is detected after compilation).
 */
public final class PipelineGenerator {
  /** The name of every generated class (each compiled in its own class loader). */
  public static final String CLASS_NAME = "GeneratedPipeline";
  private static final String ROW_OF_SELECTION = "selection == null ? i : selection[i]";
  private static final int INITIAL_GROUPS = 64;

  private final PipelineSpec spec;
  private final boolean ansi;
  private final int methodBudget;
  private final Names names = new Names();
  private final Parameters parameters = new Parameters();
  private final ExpressionGenerator expressions;
  private final JavaClassBuilder builder =
      new JavaClassBuilder(CLASS_NAME, PipelineKernel.class.getName());
  private final List<String> methodHeaders = new ArrayList<>();
  private final List<CodeBlock> methodBodies = new ArrayList<>();
  private final List<AggregateLayout> layouts = new ArrayList<>();

  private PipelineGenerator(PipelineSpec spec, boolean ansi, int methodBudget) {
    this.spec = spec;
    this.ansi = ansi;
    this.methodBudget = methodBudget;
    this.expressions = new ExpressionGenerator(names, parameters, ansi);
  }

  /** The source of {@code spec}'s class; {@code ansi} is Spark's ANSI mode. */
  public static GeneratedSource generate(PipelineSpec spec, boolean ansi, int methodBudget) {
    return new PipelineGenerator(spec, ansi, methodBudget).generate();
  }

  private GeneratedSource generate() {
    builder.addImport("org.apache.arrow.memory.util.MemoryUtil")
        .addImport("dev.spate.codegen.runtime.Checked")
        .addImport("dev.spate.cpu.expr.functions.Comparisons")
        .addImport("java.util.Arrays");
    int outputs = spec.projections().size();
    int[] passThrough = new int[outputs];
    int[] computed = new int[outputs];
    List<Expression> computedExpressions = new ArrayList<>();
    for (int output = 0; output < outputs; output++) {
      Expression projection = spec.projections().get(output);
      passThrough[output] = projection instanceof ColumnRef ? ((ColumnRef) projection).ordinal() : -1;
      computed[output] = passThrough[output] >= 0 ? -1 : computedExpressions.size();
      if (passThrough[output] < 0) {
        computedExpressions.add(projection);
      }
    }
    boolean[] neverNull = new boolean[computedExpressions.size()];
    if (spec.isAggregation()) {
      generateAggregation();
    } else {
      generateProjection(computedExpressions, neverNull);
    }
    for (int index = 0; index < methodHeaders.size(); index++) {
      CodeBlock body = new CodeBlock();
      if (methodHeaders.get(index).contains("long[] data, long[] validity")) {
        for (int column : expressions.columns()) {
          body.declareFinal(JavaType.LONG, "d" + column, "data[" + column + "]");
          body.declareFinal(JavaType.LONG, "v" + column, "validity[" + column + "]");
        }
      }
      builder.method(methodHeaders.get(index), body.append(methodBodies.get(index)));
    }
    parameters.declare(builder);
    return new GeneratedSource(builder.build(), parameters.values(), passThrough, computed,
        neverNull, layouts, new ArrayList<>(expressions.columns()));
  }

  // ---- filter and project ----

  private void generateProjection(List<Expression> computed, boolean[] neverNull) {
    String outputs = "long[] outData, long[] outValidity";
    if (cost(spec.filters()) + cost(computed) <= methodBudget) {
      CodeBlock body = outputLocals(computed.size());
      body.declare(JavaType.INT, "kept", "0");
      body.append(loop(ROW_OF_SELECTION, "count", code -> {
        emitFilters(code);
        for (int index = 0; index < computed.size(); index++) {
          neverNull[index] = emitProjection(index, computed.get(index), code);
        }
        code.statement("outSelection[kept++] = row");
      }));
      body.statement("return kept");
      addMethod("public int process(long[] data, long[] validity, int[] selection, int count,"
          + " int[] outSelection, " + outputs + ")", body);
      return;
    }
    CodeBlock process = new CodeBlock();
    process.declareFinal(JavaType.INT, "kept",
        "selectRows(data, validity, selection, count, outSelection)");
    for (List<Integer> chunk : chunks(computed)) {
      String method = names.fresh("project");
      process.statement(method + "(data, validity, outSelection, kept, outData, outValidity)");
      expressions.resetScopes();
      CodeBlock body = outputLocals(computed.size());
      body.append(loop("rows[i]", "count", code -> {
        for (int index : chunk) {
          neverNull[index] = emitProjection(index, computed.get(index), code);
        }
      }));
      addMethod("private void " + method + "(long[] data, long[] validity, int[] rows, int count, "
          + outputs + ")", body);
    }
    process.statement("return kept");
    addSelectRows();
    addMethod("public int process(long[] data, long[] validity, int[] selection, int count,"
        + " int[] outSelection, " + outputs + ")", process);
  }

  private CodeBlock outputLocals(int count) {
    CodeBlock code = new CodeBlock();
    for (int index = 0; index < count; index++) {
      code.declareFinal(JavaType.LONG, "o" + index, "outData[" + index + "]");
      code.declareFinal(JavaType.LONG, "ov" + index, "outValidity[" + index + "]");
    }
    return code;
  }

  /** Writes computed output {@code index}; returns whether it is never NULL. */
  private boolean emitProjection(int index, Expression expression, CodeBlock code) {
    ExprValue value = expressions.generate(expression, code);
    TypeKind kind = TypeKind.of(expression.dataType());
    if (value.isNull().equals("true")) {
      return false;
    }
    if (!value.neverNull()) {
      code.beginIf("!" + value.isNull());
      code.statement(CodegenTypes.setBit("ov" + index, "row"));
    }
    if (kind == TypeKind.BOOLEAN) {
      code.beginIf(value.value()).statement(CodegenTypes.setBit("o" + index, "row")).end();
    } else {
      code.statement(CodegenTypes.write(kind, "o" + index, "row", value.value()));
    }
    if (!value.neverNull()) {
      code.end();
    }
    return value.neverNull();
  }

  // ---- filter and aggregate ----

  private void generateAggregation() {
    List<Expression> arguments = new ArrayList<>();
    for (AggregateCall call : spec.aggregates()) {
      layouts.add(AggregateLayout.of(call).orElseThrow(() -> new IllegalArgumentException(
          "codegen cannot generate aggregate " + call.sql())));
      arguments.addAll(call.arguments());
    }
    boolean keyed = !spec.keys().isEmpty();
    String tableClass = declareState(keyed);
    String consumeHeader = "public void consume(long[] data, long[] validity, int[] selection,"
        + " int count)";
    if (cost(spec.filters()) + cost(spec.keys()) + cost(arguments) <= methodBudget) {
      CodeBlock body = stateLocals(keyed, tableClass);
      body.append(loop(ROW_OF_SELECTION, "count", code -> {
        emitFilters(code);
        if (keyed) {
          emitGroup(code);
        }
        for (int index = 0; index < layouts.size(); index++) {
          emitUpdate(index, keyed, code);
        }
      }));
      addMethod(consumeHeader, body.append(storeScalars(keyed)));
      return;
    }
    builder.field("int[]", "rows", "new int[0]").field("int[]", "groupIds", "new int[0]");
    CodeBlock consume = new CodeBlock();
    consume.beginIf("rows.length < count").assign("rows", "new int[count]")
        .assign("groupIds", "new int[count]").end();
    consume.declareFinal(JavaType.INT, "kept", "selectRows(data, validity, selection, count, rows)");
    addSelectRows();
    if (keyed) {
      consume.statement("groupRows(data, validity, rows, kept, groupIds)");
      expressions.resetScopes();
      CodeBlock body = stateLocals(true, tableClass);
      body.append(loop("rows[i]", "count", code -> {
        emitGroup(code);
        code.assign("groups[i]", "g");
      }));
      addMethod("private void groupRows(long[] data, long[] validity, int[] rows, int count,"
          + " int[] groups)", body);
    }
    List<Expression> perAggregate = new ArrayList<>();
    for (AggregateCall call : spec.aggregates()) {
      perAggregate.add(call);
    }
    for (List<Integer> chunk : chunks(perAggregate)) {
      String method = names.fresh("update");
      consume.statement(method + "(data, validity, rows, groupIds, kept)");
      expressions.resetScopes();
      CodeBlock body = stateLocals(keyed, tableClass);
      body.append(loop("rows[i]", "count", code -> {
        if (keyed) {
          code.declareFinal(JavaType.INT, "g", "groups[i]");
        }
        for (int index : chunk) {
          emitUpdate(index, keyed, code);
        }
      }));
      addMethod("private void " + method + "(long[] data, long[] validity, int[] rows,"
          + " int[] groups, int count)", body.append(storeScalars(keyed)));
    }
    addMethod(consumeHeader, consume);
  }

  /** Declares the state fields, {@code groups()}, {@code states()} and {@code grow}; returns the table class. */
  private String declareState(boolean keyed) {
    String tableClass;
    String tableArguments = "";
    if (!keyed) {
      tableClass = NoKeyTable.class.getName();
    } else if (spec.keys().size() > 1) {
      tableClass = CompositeKeyTable.class.getName();
      tableArguments = Integer.toString(spec.keys().size());
      builder.field("long[]", "keys", "new long[" + spec.keys().size() + "]");
    } else {
      TypeKind kind = TypeKind.of(spec.keys().get(0).dataType());
      long[] domain = smallDomain(kind);
      tableClass = domain == null ? LongKeyTable.class.getName() : DirectKeyTable.class.getName();
      tableArguments = domain == null ? "" : domain[0] + "L, " + domain[1] + "L";
    }
    builder.field(tableClass, "table", "new " + tableClass + "(" + tableArguments + ")");
    int initial = keyed ? INITIAL_GROUPS : 1;
    builder.field("int", "capacity", Integer.toString(initial));
    CodeBlock states = new CodeBlock();
    CodeBlock grow = new CodeBlock();
    grow.declareFinal(JavaType.INT, "size", "Math.max(groups, capacity * 2)");
    List<String> stateNames = new ArrayList<>();
    for (int index = 0; index < layouts.size(); index++) {
      builder.field("long[]", "cnt" + index, "new long[" + initial + "]");
      grow.assign("cnt" + index, "Arrays.copyOf(cnt" + index + ", size)");
      stateNames.add("cnt" + index);
      if (layouts.get(index) == AggregateLayout.COUNT) {
        stateNames.add("null");
        continue;
      }
      String type = layouts.get(index).doubleState() ? "double[]" : "long[]";
      String initialValue = layouts.get(index).doubleState() ? "double" : "long";
      builder.field(type, "val" + index, "new " + initialValue + "[" + initial + "]");
      grow.assign("val" + index, "Arrays.copyOf(val" + index + ", size)");
      stateNames.add("val" + index);
    }
    grow.assign("capacity", "size");
    states.statement("return new Object[] {" + String.join(", ", stateNames) + "}");
    builder.method("public Object[] states()", states);
    builder.method("public " + dev.spate.codegen.runtime.KeyTable.class.getName() + " groups()",
        new CodeBlock().statement("return table"));
    builder.method("private void grow(int groups)", grow);
    return tableClass;
  }

  /** {@code [minimum, maximum]} of a key type small enough for a direct-indexed table, or null. */
  private static long[] smallDomain(TypeKind kind) {
    switch (kind) {
      case BOOLEAN:
        return new long[] {0, 1};
      case INT8:
        return new long[] {Byte.MIN_VALUE, Byte.MAX_VALUE};
      case INT16:
        return new long[] {Short.MIN_VALUE, Short.MAX_VALUE};
      default:
        return null;
    }
  }

  /** Locals for the state: the arrays when keyed, else the single group's values as scalars. */
  private CodeBlock stateLocals(boolean keyed, String tableClass) {
    CodeBlock code = new CodeBlock();
    if (keyed) {
      code.declareFinal(JavaType.LONG_ARRAY, "keyScratch", spec.keys().size() > 1 ? "keys" : "null");
      code.statement("final " + tableClass + " table = this.table");
      code.declare(JavaType.INT, "capacity", "this.capacity");
    }
    for (int index = 0; index < layouts.size(); index++) {
      boolean hasValue = layouts.get(index) != AggregateLayout.COUNT;
      JavaType valueType = layouts.get(index).doubleState() ? JavaType.DOUBLE : JavaType.LONG;
      if (keyed) {
        code.declare(JavaType.LONG_ARRAY, "cnt" + index, "this.cnt" + index);
        if (hasValue) {
          code.declare(valueType == JavaType.DOUBLE ? JavaType.DOUBLE_ARRAY : JavaType.LONG_ARRAY,
              "val" + index, "this.val" + index);
        }
      } else {
        code.declare(JavaType.LONG, "cnt" + index, "this.cnt" + index + "[0]");
        if (hasValue) {
          code.declare(valueType, "val" + index, "this.val" + index + "[0]");
        }
      }
    }
    return code;
  }

  private CodeBlock storeScalars(boolean keyed) {
    CodeBlock code = new CodeBlock();
    if (keyed) {
      return code;
    }
    for (int index = 0; index < layouts.size(); index++) {
      code.assign("this.cnt" + index + "[0]", "cnt" + index);
      if (layouts.get(index) != AggregateLayout.COUNT) {
        code.assign("this.val" + index + "[0]", "val" + index);
      }
    }
    return code;
  }

  /** Finds the row's group {@code g}, growing the state arrays for a new group. */
  private void emitGroup(CodeBlock code) {
    List<Expression> keys = spec.keys();
    if (keys.size() == 1) {
      ExprValue key = expressions.generate(keys.get(0), code);
      code.declareFinal(JavaType.INT, "g", "table.find(" + keyBits(keys.get(0), key) + ", "
          + key.isNull() + ")");
    } else {
      code.declare(JavaType.LONG, "mask", "0L");
      for (int index = 0; index < keys.size(); index++) {
        ExprValue key = expressions.generate(keys.get(index), code);
        code.assign("keyScratch[" + index + "]", keyBits(keys.get(index), key));
        if (!key.neverNull()) {
          code.beginIf(key.isNull()).assign("mask", "mask | " + (1L << index) + "L").end();
        }
      }
      code.declareFinal(JavaType.INT, "g", "table.find(keyScratch, mask)");
    }
    code.beginIf("g >= capacity").statement("grow(g + 1)").assign("capacity", "this.capacity");
    for (int index = 0; index < layouts.size(); index++) {
      code.assign("cnt" + index, "this.cnt" + index);
      if (layouts.get(index) != AggregateLayout.COUNT) {
        code.assign("val" + index, "this.val" + index);
      }
    }
    code.end();
  }

  /** A key as a long (0 when NULL): integral widened, BOOLEAN 0/1, floating by normalised bits. */
  private static String keyBits(Expression key, ExprValue value) {
    TypeKind kind = TypeKind.of(key.dataType());
    String bits = kind == TypeKind.BOOLEAN ? "(" + value.value() + " ? 1L : 0L)"
        : CodegenTypes.floating(kind) ? "Checked.keyBits((double) " + value.value() + ")"
        : "((long) " + value.value() + ")";
    return value.neverNull() ? bits : "(" + value.isNull() + " ? 0L : " + bits + ")";
  }

  private void emitUpdate(int index, boolean keyed, CodeBlock code) {
    AggregateCall call = spec.aggregates().get(index);
    AggregateLayout layout = layouts.get(index);
    String count = "cnt" + index + (keyed ? "[g]" : "");
    String state = "val" + index + (keyed ? "[g]" : "");
    List<String> nulls = new ArrayList<>();
    List<ExprValue> values = new ArrayList<>();
    for (Expression argument : call.arguments()) {
      ExprValue value = expressions.generate(argument, code);
      values.add(value);
      if (!value.neverNull()) {
        nulls.add(value.isNull());
      }
    }
    if (!nulls.isEmpty()) {
      code.beginIf("!(" + String.join(" || ", nulls) + ")");
    }
    if (layout != AggregateLayout.COUNT) {
      TypeKind kind = TypeKind.of(call.arguments().get(0).dataType());
      String value = values.get(0).value();
      String asLong = kind == TypeKind.BOOLEAN ? "(" + value + " ? 1L : 0L)" : "(long) " + value;
      switch (layout) {
        case SUM_LONG:
          code.assign(state, ansi ? "Checked.sum(" + state + ", " + asLong + ", "
              + parameters.addString(call.sql()) + ")" : state + " + " + asLong);
          break;
        case SUM_DOUBLE:
        case AVERAGE:
          code.assign(state, state + " + (double) " + value);
          break;
        case MIN_LONG:
        case MAX_LONG:
          code.beginIf(count + " == 0 || " + asLong + (layout == AggregateLayout.MIN_LONG ? " < "
              : " > ") + state).assign(state, asLong).end();
          break;
        default:
          code.beginIf(count + " == 0 || Comparisons.compareDoubles(" + value + ", " + state + ")"
              + (layout == AggregateLayout.MIN_DOUBLE ? " < 0" : " > 0")).assign(state, value).end();
          break;
      }
    }
    code.statement(count + "++");
    if (!nulls.isEmpty()) {
      code.end();
    }
  }

  // ---- shared ----

  /** {@code int selectRows(...)}: the rows passing every filter, into {@code out}. */
  private void addSelectRows() {
    expressions.resetScopes();
    CodeBlock body = new CodeBlock();
    body.declare(JavaType.INT, "kept", "0");
    body.append(loop(ROW_OF_SELECTION, "count", code -> {
      emitFilters(code);
      code.statement("out[kept++] = row");
    }));
    body.statement("return kept");
    addMethod("private int selectRows(long[] data, long[] validity, int[] selection, int count,"
        + " int[] out)", body);
  }

  private void emitFilters(CodeBlock code) {
    for (Expression filter : spec.filters()) {
      ExprValue condition = expressions.generate(filter, code);
      code.beginIf("!(" + condition.isTrue() + ")").statement("continue").end();
    }
  }

  private CodeBlock loop(String row, String count, Consumer<CodeBlock> body) {
    CodeBlock code = new CodeBlock();
    code.beginFor("i", "0", count);
    code.declareFinal(JavaType.INT, "row", row);
    body.accept(code);
    return code.end();
  }

  private void addMethod(String header, CodeBlock body) {
    methodHeaders.add(header);
    methodBodies.add(body);
  }

  /** Greedy groups of consecutive expression indexes whose total cost fits the method budget. */
  private List<List<Integer>> chunks(List<Expression> items) {
    List<List<Integer>> chunks = new ArrayList<>();
    List<Integer> current = new ArrayList<>();
    int used = 0;
    for (int index = 0; index < items.size(); index++) {
      int itemCost = cost(items.get(index));
      if (!current.isEmpty() && used + itemCost > methodBudget) {
        chunks.add(current);
        current = new ArrayList<>();
        used = 0;
      }
      current.add(index);
      used += itemCost;
    }
    if (!current.isEmpty()) {
      chunks.add(current);
    }
    return chunks;
  }

  private static int cost(List<? extends Expression> expressions) {
    int total = 0;
    for (Expression expression : expressions) {
      total += cost(expression);
    }
    return total;
  }

  private static int cost(Expression expression) {
    int total = 1;
    for (Expression child : expression.children()) {
      total += cost(child);
    }
    return total;
  }
}
