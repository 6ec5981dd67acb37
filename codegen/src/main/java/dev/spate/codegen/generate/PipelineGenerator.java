package dev.spate.codegen.generate;

import dev.spate.codegen.runtime.CompositeKeyTable;
import dev.spate.codegen.runtime.DirectKeyTable;
import dev.spate.codegen.runtime.GroupStates;
import dev.spate.codegen.runtime.KeyTable;
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
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Generates the class of one {@link PipelineSpec}: a {@link PipelineKernel} whose {@code process}
 * (filter and project) or {@code consume} (filter and aggregate) runs one loop over the live rows,
 * reading Arrow buffers by address. When the pipeline's expressions exceed {@code methodBudget}
 * expression nodes, the work is split: one loop selects the rows, then each chunk of projections or
 * aggregate updates runs in its own method over the selected rows, keeping every method well below
 * HotSpot's 8,000-byte JIT limit (a single oversized expression is detected after compilation).
 * Every loop is also generated without NULL tests, for batches in which the columns it reads have
 * no NULL (see {@code addWithNoNullsVariant} and {@code generateProjection}).
 */
public final class PipelineGenerator {
  /** The name of every generated class (each compiled in its own class loader). */
  public static final String CLASS_NAME = "GeneratedPipeline";
  private static final String ROW_OF_SELECTION = "selection == null ? i : selection[i]";
  private static final String CONSUME_HEADER = "public void consume(long[] data, long[] validity,"
      + " int[] selection, int count)";

  private final PipelineSpec spec;
  private final boolean ansi;
  private final int methodBudget;
  private final Optional<VectorApi> vectors;
  private final Names names = new Names();
  private final Parameters parameters = new Parameters();
  private final ExpressionGenerator expressions;
  private final JavaClassBuilder builder =
      new JavaClassBuilder(CLASS_NAME, PipelineKernel.class.getName());
  private final List<String> methodHeaders = new ArrayList<>();
  private final List<CodeBlock> methodBodies = new ArrayList<>();
  private final List<AggregateLayout> layouts = new ArrayList<>();
  /** The state slots of an aggregation pipeline (set by {@link #generateAggregation}). */
  private StateLayout state = StateLayout.of(List.of(), List.of());
  /** The key table class of an aggregation pipeline. */
  private String tableClass;

  private PipelineGenerator(PipelineSpec spec, boolean ansi, int methodBudget,
      Optional<VectorApi> vectors) {
    this.spec = spec;
    this.ansi = ansi;
    this.methodBudget = methodBudget;
    this.vectors = vectors;
    this.expressions = new ExpressionGenerator(names, parameters, ansi);
  }

  /**
   * The source of {@code spec}'s class; {@code ansi} is Spark's ANSI mode, {@code vectors} the
   * Vector API the class may use ({@link VectorApi#available}), or empty for scalar loops only.
   */
  public static GeneratedSource generate(PipelineSpec spec, boolean ansi, int methodBudget,
      Optional<VectorApi> vectors) {
    return new PipelineGenerator(spec, ansi, methodBudget, vectors).generate();
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
    boolean[][] neverNull = new boolean[2][computedExpressions.size()];
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
          if (TypeKind.of(spec.inputSchema().getFields().get(column)) == TypeKind.STRING) {
            body.declareFinal(JavaType.LONG, "s" + column, "this.offsets[" + column + "]");
          }
        }
      }
      builder.method(methodHeaders.get(index), body.append(methodBodies.get(index)));
    }
    parameters.declare(builder);
    return new GeneratedSource(builder.build(), parameters.values(), passThrough, computed,
        neverNull[0], neverNull[1], layouts, state, new ArrayList<>(expressions.columns()));
  }

  // ---- filter and project ----

  /**
   * The projection is generated twice, as {@code processWithNulls} and as {@code processNoNulls}
   * (every column never NULL, so neither NULL tests nor per-row validity writes where an output
   * cannot be NULL without NULL inputs); {@code process} runs the second when no column the
   * pipeline reads has a NULL in the batch. {@code neverNull[0]} and {@code neverNull[1]} receive,
   * per computed output, whether each variant leaves it never NULL (its validity set in bulk).
   */
  private void generateProjection(List<Expression> computed, boolean[][] neverNull) {
    String parameters = "long[] data, long[] validity, int[] selection, int count,"
        + " int[] outSelection, long[] outData, long[] outValidity";
    String arguments = "(data, validity, selection, count, outSelection, outData, outValidity)";
    projectionVariant("processWithNulls", parameters, computed, neverNull[0]);
    CodeBlock process = new CodeBlock();
    if (!expressions.columns().isEmpty()) {
      Set<Integer> read = new TreeSet<>(expressions.columns());
      expressions.assumeNoNulls(true);
      projectionVariant("processNoNulls", parameters, computed, neverNull[1]);
      expressions.assumeNoNulls(false);
      process.beginIf(noNulls(read))
          .statement("return processNoNulls" + arguments).end();
    } else {
      System.arraycopy(neverNull[0], 0, neverNull[1], 0, computed.size());
    }
    addMethod("public int process(" + parameters + ")",
        process.statement("return processWithNulls" + arguments));
  }

  /** Adds method {@code name}, the whole projection in the current NULL mode of the expressions. */
  private void projectionVariant(String name, String parameters, List<Expression> computed,
      boolean[] neverNull) {
    String outputs = "long[] outData, long[] outValidity";
    if (MethodBudget.cost(spec.filters()) + MethodBudget.cost(computed) <= methodBudget) {
      expressions.resetScopes();
      CodeBlock body = outputLocals(computed.size());
      body.declare(JavaType.INT, "kept", "0");
      body.append(loop(ROW_OF_SELECTION, "count", code -> {
        if (computed.isEmpty()) {
          emitSelect("outSelection", code);
          return;
        }
        emitFilters(code);
        for (int index = 0; index < computed.size(); index++) {
          neverNull[index] = emitProjection(index, computed.get(index), code);
        }
        code.statement("outSelection[kept++] = row");
      }));
      addMethod("private int " + name + "(" + parameters + ")", body.statement("return kept"));
      return;
    }
    CodeBlock process = new CodeBlock();
    process.declareFinal(JavaType.INT, "kept",
        addSelectRows() + "(data, validity, selection, count, outSelection)");
    for (List<Integer> chunk : MethodBudget.chunks(computed, methodBudget)) {
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
    addMethod("private int " + name + "(" + parameters + ")", process);
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
      // without a branch: a predicate true for half the rows would mispredict half the time
      code.statement(CodegenTypes.orBit("o" + index, "row", "(" + value.value() + " ? 1 : 0)"));
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
    state = StateLayout.of(spec.aggregates(), layouts);
    boolean keyed = !spec.keys().isEmpty();
    declareState(keyed);
    if (!keyed
        && MethodBudget.cost(spec.filters()) + MethodBudget.cost(arguments) <= methodBudget) {
      generateFusedKeyless(arguments);
    } else {
      generateStaged(keyed);
    }
  }

  /**
   * Without keys, within the method budget: one loop per batch over the live rows (dense rows and
   * listed rows in separate methods). When nothing in the filters and arguments can throw except
   * ANSI overflow checks ({@link ExpressionSupport#branchFree} without ANSI), the loop has no
   * data-dependent branch: every live row is evaluated and the filter result masks the updates. If
   * any check can throw (ANSI), that loop is speculative: it keeps the state in locals and stores
   * them only at its end, so when it throws (possibly for a row the filters drop, or for the
   * garbage behind a NULL) the batch runs again on the exact loop, which evaluates lazily and
   * raises exactly the interpreted backend's errors. Before both, the branch-free loop runs
   * without checks (which keep the JIT from vectorizing) and keeps its result only when {@link
   * RangeProof} proves from the values it read that no check could have fired.
   */
  private void generateFusedKeyless(List<Expression> arguments) {
    if (!branchFree(spec.filters(), false) || !branchFree(arguments, false)) {
      addMethod(CONSUME_HEADER, dispatch("selection", keylessLoops("exact", false)));
      return;
    }
    boolean speculative = !branchFree(spec.filters(), ansi) || !branchFree(arguments, ansi)
        || (ansi && layouts.contains(AggregateLayout.SUM_LONG));
    if (!speculative) {
      addMethod(CONSUME_HEADER, vectorizedFirst(Optional.empty(), false)
          .append(dispatch("selection", keylessLoops("branchFree", true))));
      return;
    }
    CodeBlock speculation = new CodeBlock().beginTry()
        .append(dispatch("selection", keylessLoops("branchFree", true)))
        .beginCatch(RuntimeException.class.getName(), "speculationFailed")
        .append(dispatch("selection", keylessLoops("exact", false))).end();
    Optional<RangeProof> proof = RangeProof.generate(spec, layouts, state, parameters, names);
    if (proof.isEmpty()) {
      addMethod(CONSUME_HEADER, speculation);
      return;
    }
    CodeBlock consume = vectorizedFirst(proof, true);
    expressions.uncheckedArithmetic(true);
    String[] proven = addLoopPair("boolean", "unchecked", "", "", "selection", "count",
        row -> provenKeylessBody(proof.get(), row));
    expressions.uncheckedArithmetic(false);
    addMethod(CONSUME_HEADER, consume.beginIf("!(selection == null ? " + proven[0]
        + " : " + proven[1] + ")").append(speculation).end());
  }

  /**
   * Adds the {@link VectorKeylessLoop} when the Vector API is available and the loop takes this
   * pipeline, and returns the code that runs it first for dense batches without NULLs in the
   * columns it reads, returning when it did the batch; otherwise returns empty code.
   */
  private CodeBlock vectorizedFirst(Optional<RangeProof> proof, boolean checked) {
    Optional<VectorKeylessLoop.Loop> loop = vectors.flatMap(api -> VectorKeylessLoop.generate(
        spec, layouts, state, parameters, names, api, proof, checked, builder));
    if (loop.isEmpty()) {
      return new CodeBlock();
    }
    String method = names.fresh("vectorized");
    addMethod("private boolean " + method + "(long[] data, long[] validity, int count)",
        loop.get().body());
    String dense = "selection == null";
    if (!loop.get().columns().isEmpty()) {
      dense += " && " + noNulls(loop.get().columns());
    }
    return new CodeBlock().beginIf(dense + " && " + method + "(data, validity, count)")
        .statement("return").end();
  }

  private String[] keylessLoops(String name, boolean branchFree) {
    return addLoopPair("void", name, "", "", "selection", "count",
        row -> fusedKeylessBody(branchFree, row));
  }

  /**
   * The branch-free keyless loop without overflow checks, which stores the state and returns true
   * only when {@code proof} shows, from the values the loop read, that no check could have fired.
   */
  private CodeBlock provenKeylessBody(RangeProof proof, String row) {
    expressions.resetScopes();
    CodeBlock body = stateLocals(false).append(proof.magnitudes());
    body.append(loop(row, "count", code -> {
      code.append(proof.accumulate());
      emitBranchFreeRow(code);
    }));
    return body.append(proof.verdict()).append(storeScalars(false)).statement("return true");
  }

  private CodeBlock fusedKeylessBody(boolean branchFree, String row) {
    expressions.resetScopes();
    CodeBlock body = stateLocals(false);
    body.append(loop(row, "count", code -> {
      if (branchFree) {
        emitBranchFreeRow(code);
        return;
      }
      emitFilters(code);
      for (int index = 0; index < layouts.size(); index++) {
        emitUpdate(index, false, code);
      }
    }));
    return body.append(storeScalars(false));
  }

  /** One row of the branch-free keyless loop: {@code keep} (1 or 0) masks every update. */
  private void emitBranchFreeRow(CodeBlock code) {
    expressions.branchFree(true);
    code.declareFinal(JavaType.LONG, "keep", spec.filters().isEmpty() ? "1L"
        : branchFreeFilters(code) + " ? 1L : 0L");
    for (int index = 0; index < layouts.size(); index++) {
      emitBranchFreeUpdate(index, code);
    }
    expressions.branchFree(false);
  }

  /**
   * Updates aggregate {@code index} for a row of the branch-free loop. Whether the row counts is 1
   * or 0 in a long ({@code keep}, and with the arguments' NULL flags, {@code valid<n>}), and values
   * are masked arithmetically with it: the JIT turns one conditional into a conditional move, but
   * merges several conditionals on the same flag back into a branch, mispredicted half the time
   * for a filter passing half the rows (measured: twice as slow).
   */
  private void emitBranchFreeUpdate(int index, CodeBlock code) {
    AggregateCall call = spec.aggregates().get(index);
    AggregateLayout layout = layouts.get(index);
    List<String> nulls = new ArrayList<>();
    List<ExprValue> values = arguments(call, nulls, code);
    String valid = names.fresh("valid");
    code.declareFinal(JavaType.LONG, valid, nulls.isEmpty() ? "keep"
        : "keep & (" + String.join(" | ", nulls) + " ? 0L : 1L)");
    String value = slotLocal(state.valueSlot(index));
    if (layout == AggregateLayout.SUM_LONG) {
      String masked = "(" + asLong(call, values.get(0)) + " & -" + valid + ")";
      code.assign(value, expressions.checksOverflow() ? "Checked.sum(" + value + ", " + masked + ", "
          + parameters.addString(call.sql()) + ")" : value + " + " + masked);
    } else if (layout == AggregateLayout.SUM_DOUBLE || layout == AggregateLayout.AVERAGE) {
      // a masked row adds +0.0, which leaves the sum unchanged: it starts at +0.0, never is -0.0
      code.assign(value, value + " + Double.longBitsToDouble(Double.doubleToRawLongBits((double) "
          + values.get(0).value() + ") & -" + valid + ")");
    } else if (layout != AggregateLayout.COUNT) {
      code.beginIf(valid + " != 0L");
      emitExtreme(index, false, call, values.get(0), code);
      code.end();
    }
    if (state.ownsCount(index)) {
      String count = slotLocal(state.countSlot(index));
      code.assign(count, count + " + " + valid);
    }
  }

  /**
   * With keys, or over the method budget: per batch, a loop selects the rows passing the filters
   * (skipped without filters; the input rows stay dense when every row passes), a loop finds each
   * live row's group into a scratch array, then each chunk of aggregates runs its own loop. The
   * scratch arrays are fields of the kernel instance, which belongs to one stream.
   */
  private void generateStaged(boolean keyed) {
    builder.field("int[]", "liveRows", "new int[0]").field("int[]", "groupIds", "new int[0]");
    CodeBlock consume = new CodeBlock();
    consume.beginIf("liveRows.length < count").assign("liveRows", "new int[count]")
        .assign("groupIds", "new int[count]").end();
    consume.declare(JavaType.INT_ARRAY, "live", "selection");
    consume.declare(JavaType.INT, "n", "count");
    if (!spec.filters().isEmpty()) {
      String[] select = addLoopPair("int", "select", ", int[] out", ", liveRows", "selection",
          "count", this::selectBody);
      consume.assign("n", "selection == null ? " + select[0] + " : " + select[1]);
      consume.assign("live", "selection == null && n == count ? null : liveRows");
    }
    if (keyed) {
      String[] group = addLoopPair("void", "group", ", int[] groups", ", groupIds", "live", "n",
          this::groupBody);
      consume.append(dispatch("live", group));
      consume.beginIf("table.groupCount() > initialized").statement("prepare(table.groupCount())")
          .end();
    }
    List<Expression> perAggregate = new ArrayList<>(spec.aggregates());
    for (List<Integer> chunk : MethodBudget.chunks(perAggregate, methodBudget)) {
      String[] update = addLoopPair("void", "update", ", int[] groups", ", groupIds", "live", "n",
          row -> updateBody(chunk, keyed, row));
      consume.append(dispatch("live", update));
    }
    addMethod(CONSUME_HEADER, consume);
  }

  private CodeBlock selectBody(String row) {
    expressions.resetScopes();
    CodeBlock body = new CodeBlock();
    body.declare(JavaType.INT, "kept", "0");
    body.append(loop(row, "count", code -> emitSelect("out", code)));
    return body.statement("return kept");
  }

  private CodeBlock groupBody(String row) {
    expressions.resetScopes();
    CodeBlock body = new CodeBlock();
    body.statement("final " + tableClass + " table = this.table");
    ColumnRef directKey = directKey();
    if (directKey != null) {
      body.append(DirectGroupLoops.generate(directKey, row, expressions));
      expressions.resetScopes();
    }
    if (inlineProbe()) {
      body.declare(JavaType.LONG_ARRAY, "slots", "table.slots()");
      body.declare(JavaType.INT, "mask", "table.mask()");
      body.declare(JavaType.INT, "shift", "table.shift()");
    } else if (compositeKeys()) {
      body.declareFinal(JavaType.LONG_ARRAY, "keyScratch", "keys");
      if (stringKeyMask() != 0L) {
        body.declareFinal(JavaType.INT_ARRAY, "lengthScratch", "keyLengths");
      }
    }
    return body.append(loop(row, "count", code -> {
      emitGroup(code);
      code.assign("groups[i]", "g");
    }));
  }

  /** The single key column served by a {@link LongKeyTable}'s direct index, or null. */
  private ColumnRef directKey() {
    return inlineProbe() ? DirectGroupLoops.directKey(spec.keys().get(0)) : null;
  }

  private CodeBlock updateBody(List<Integer> chunk, boolean keyed, String row) {
    expressions.resetScopes();
    CodeBlock body = stateLocals(keyed);
    body.append(loop(row, "count", code -> {
      if (keyed) {
        code.declareFinal(JavaType.INT, "b", "groups[i] * " + state.stride());
      }
      for (int index : chunk) {
        emitUpdate(index, keyed, code);
      }
    }));
    return body.append(storeScalars(keyed));
  }

  /** Whether the group probe is generated inline (one key of a {@link LongKeyTable}). */
  private boolean inlineProbe() {
    return tableClass.equals(LongKeyTable.class.getName());
  }

  /**
   * Declares the state fields, {@code groups()}, {@code state()} and, when keyed, {@code
   * prepare(groups)}, which grows the state to {@code groups} rows and initialises the new ones;
   * sets {@link #tableClass}.
   */
  private void declareState(boolean keyed) {
    String tableArguments = "";
    if (!keyed) {
      tableClass = NoKeyTable.class.getName();
    } else if (compositeKeys()) {
      tableClass = CompositeKeyTable.class.getName();
      tableArguments = spec.keys().size() + ", " + stringKeyMask() + "L";
      builder.field("long[]", "keys", "new long[" + spec.keys().size() + "]");
      builder.field("int[]", "keyLengths", "new int[" + spec.keys().size() + "]");
    } else {
      TypeKind kind = TypeKind.of(spec.keys().get(0).dataType());
      long[] domain = smallDomain(kind);
      tableClass = domain == null ? LongKeyTable.class.getName() : DirectKeyTable.class.getName();
      tableArguments = domain == null ? "" : domain[0] + "L, " + domain[1] + "L";
    }
    builder.field(tableClass, "table", "new " + tableClass + "(" + tableArguments + ")");
    long[] initialRow = state.initialRow();
    if (!keyed) {
      List<String> slots = new ArrayList<>();
      for (long bits : initialRow) {
        slots.add(bits + "L");
      }
      builder.field("long[]", "state", "new long[] {" + String.join(", ", slots) + "}");
    } else {
      builder.field("long[]", "state", "new long[0]").field("int", "initialized", "0");
      CodeBlock prepare = new CodeBlock();
      prepare.assign("state", GroupStates.class.getName() + ".ensure(state, groups, "
          + state.stride() + ")");
      if (state.needsInitialization()) {
        prepare.declareFinal(JavaType.LONG_ARRAY, "groupState", "state");
        prepare.beginFor("g", "initialized", "groups");
        prepare.declareFinal(JavaType.INT, "b", "g * " + state.stride());
        for (int slot = 0; slot < initialRow.length; slot++) {
          if (initialRow[slot] != 0L) {
            prepare.assign("groupState[b + " + slot + "]", initialRow[slot] + "L");
          }
        }
        prepare.end();
      }
      prepare.assign("initialized", "groups");
      builder.method("private void prepare(int groups)", prepare);
    }
    builder.method("public long[] state()", new CodeBlock().statement("return state"));
    builder.method("public " + KeyTable.class.getName() + " groups()",
        new CodeBlock().statement("return table"));
  }

  /** Whether the keys are grouped by a {@link CompositeKeyTable}: several keys, or a string key. */
  private boolean compositeKeys() {
    return spec.keys().size() > 1 || stringKeyMask() != 0L;
  }

  /** Bit {@code i} set when key {@code i} is a STRING column. */
  private long stringKeyMask() {
    long mask = 0L;
    for (int index = 0; index < spec.keys().size(); index++) {
      if (ExpressionSupport.stringColumn(spec.keys().get(index))) {
        mask |= 1L << index;
      }
    }
    return mask;
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

  /**
   * Locals for the state: the array when keyed (a row's slots are {@code groupState[b + slot]}),
   * else the single group's slots as scalars ({@link #slotLocal}), doubles for floating values.
   */
  private CodeBlock stateLocals(boolean keyed) {
    CodeBlock code = new CodeBlock();
    if (keyed) {
      return code.declareFinal(JavaType.LONG_ARRAY, "groupState", "this.state");
    }
    for (int slot = 0; slot < state.stride(); slot++) {
      String stored = "this.state[" + slot + "]";
      if (doubleSlot(slot)) {
        code.declare(JavaType.DOUBLE, slotLocal(slot), "Double.longBitsToDouble(" + stored + ")");
      } else {
        code.declare(JavaType.LONG, slotLocal(slot), stored);
      }
    }
    return code;
  }

  private CodeBlock storeScalars(boolean keyed) {
    CodeBlock code = new CodeBlock();
    if (keyed) {
      return code;
    }
    for (int slot = 0; slot < state.stride(); slot++) {
      code.assign("this.state[" + slot + "]", doubleSlot(slot)
          ? "Double.doubleToRawLongBits(" + slotLocal(slot) + ")" : slotLocal(slot));
    }
    return code;
  }

  /** The local of a keyless aggregation's state slot. */
  private static String slotLocal(int slot) {
    return "st" + slot;
  }

  /** Whether {@code slot} holds a double's bits (the value slot of a floating layout). */
  private boolean doubleSlot(int slot) {
    for (int index = 0; index < layouts.size(); index++) {
      if (state.valueSlot(index) == slot) {
        return layouts.get(index).doubleState();
      }
    }
    return false;
  }

  /** Reads state {@code slot} of the row's group as its Java type. */
  private String readSlot(int slot, boolean keyed) {
    if (!keyed) {
      return slotLocal(slot);
    }
    String stored = "groupState[b + " + slot + "]";
    return doubleSlot(slot) ? "Double.longBitsToDouble(" + stored + ")" : stored;
  }

  /** Writes {@code value} (of the slot's Java type) to state {@code slot} of the row's group. */
  private void writeSlot(int slot, boolean keyed, String value, CodeBlock code) {
    if (!keyed) {
      code.assign(slotLocal(slot), value);
    } else if (doubleSlot(slot)) {
      code.assign("groupState[b + " + slot + "]", "Double.doubleToRawLongBits(" + value + ")");
    } else {
      code.assign("groupState[b + " + slot + "]", value);
    }
  }

  /**
   * Finds the row's group {@code g}. For one key of a {@link LongKeyTable} the probe is inline
   * (locals {@code slots}, {@code mask} and {@code shift} reloaded after an insert, which may
   * rehash).
   */
  private void emitGroup(CodeBlock code) {
    List<Expression> keys = spec.keys();
    if (compositeKeys()) {
      code.declare(JavaType.LONG, "mask", "0L");
      for (int index = 0; index < keys.size(); index++) {
        String isNull;
        if (ExpressionSupport.stringColumn(keys.get(index))) {
          StringValue key = expressions.stringColumn(
              (ColumnRef) PipelineSpec.unalias(keys.get(index)), code);
          code.assign("keyScratch[" + index + "]", key.address());
          code.assign("lengthScratch[" + index + "]", key.length());
          isNull = key.isNull();
        } else {
          ExprValue key = expressions.generate(keys.get(index), code);
          code.assign("keyScratch[" + index + "]", keyBits(keys.get(index), key));
          isNull = key.isNull();
        }
        if (!isNull.equals("false")) {
          code.beginIf(isNull).assign("mask", "mask | " + (1L << index) + "L").end();
        }
      }
      code.declareFinal(JavaType.INT, "g", stringKeyMask() == 0L ? "table.find(keyScratch, mask)"
          : "table.find(keyScratch, lengthScratch, mask)");
      return;
    }
    ExprValue key = expressions.generate(keys.get(0), code);
    if (!inlineProbe()) {
      code.declareFinal(JavaType.INT, "g", "table.find(" + keyBits(keys.get(0), key) + ", "
          + key.isNull() + ")");
      return;
    }
    code.declareFinal(JavaType.LONG, "k", keyBits(keys.get(0), key));
    code.declare(JavaType.INT, "g", "-1");
    if (!key.neverNull()) {
      code.beginIf(key.isNull()).assign("g", "table.nullGroup()").beginElse();
    }
    code.declare(JavaType.INT, "slot", LongKeyTable.class.getName() + ".home(k, shift)");
    code.beginWhile("g < 0");
    code.declareFinal(JavaType.LONG, "stored", "slots[(slot << 1) + 1]");
    code.beginIf("stored == 0L").assign("g", "table.insert(k, slot)")
        .assign("slots", "table.slots()").assign("mask", "table.mask()")
        .assign("shift", "table.shift()")
        .beginElse().beginIf("slots[slot << 1] == k").assign("g", "(int) stored - 1")
        .beginElse().assign("slot", "(slot + 1) & mask").end().end();
    code.end();
    if (!key.neverNull()) {
      code.end();
    }
  }

  /** A key as a long (0 when NULL): integral widened, BOOLEAN 0/1, floating by normalised bits. */
  private static String keyBits(Expression key, ExprValue value) {
    TypeKind kind = TypeKind.of(key.dataType());
    String bits = kind == TypeKind.BOOLEAN ? "(" + value.value() + " ? 1L : 0L)"
        : CodegenTypes.floating(kind) ? "Checked.keyBits((double) " + value.value() + ")"
        : "((long) " + value.value() + ")";
    return value.neverNull() ? bits : "(" + value.isNull() + " ? 0L : " + bits + ")";
  }

  /** Evaluates {@code call}'s arguments; adds the NULL tests of those that may be NULL to {@code nulls}. */
  private List<ExprValue> arguments(AggregateCall call, List<String> nulls, CodeBlock code) {
    List<ExprValue> values = new ArrayList<>();
    for (Expression argument : call.arguments()) {
      ExprValue value = expressions.generate(argument, code);
      values.add(value);
      if (!value.neverNull()) {
        nulls.add(value.isNull());
      }
    }
    return values;
  }

  private static String asLong(AggregateCall call, ExprValue value) {
    return TypeKind.of(call.arguments().get(0).dataType()) == TypeKind.BOOLEAN
        ? "(" + value.value() + " ? 1L : 0L)" : "(long) " + value.value();
  }

  private void emitUpdate(int index, boolean keyed, CodeBlock code) {
    AggregateCall call = spec.aggregates().get(index);
    AggregateLayout layout = layouts.get(index);
    List<String> nulls = new ArrayList<>();
    List<ExprValue> values = arguments(call, nulls, code);
    if (!nulls.isEmpty()) {
      code.beginIf("!(" + String.join(" || ", nulls) + ")");
    }
    int slot = state.valueSlot(index);
    if (layout == AggregateLayout.SUM_LONG) {
      String asLong = asLong(call, values.get(0));
      String current = readSlot(slot, keyed);
      writeSlot(slot, keyed, ansi ? "Checked.sum(" + current + ", " + asLong + ", "
          + parameters.addString(call.sql()) + ")" : current + " + " + asLong, code);
    } else if (layout == AggregateLayout.SUM_DOUBLE || layout == AggregateLayout.AVERAGE) {
      writeSlot(slot, keyed, readSlot(slot, keyed) + " + (double) " + values.get(0).value(), code);
    } else if (layout != AggregateLayout.COUNT) {
      emitExtreme(index, keyed, call, values.get(0), code);
    }
    if (state.ownsCount(index)) {
      int count = state.countSlot(index);
      writeSlot(count, keyed, readSlot(count, keyed) + " + 1L", code);
    }
    if (!nulls.isEmpty()) {
      code.end();
    }
  }

  /**
   * Updates the minimum or maximum of aggregate {@code index} with a non-NULL {@code value}: the
   * state starts at the value every input replaces ({@link StateLayout}), so no count is tested.
   */
  private void emitExtreme(int index, boolean keyed, AggregateCall call, ExprValue value,
      CodeBlock code) {
    AggregateLayout layout = layouts.get(index);
    boolean minimum = layout == AggregateLayout.MIN_LONG || layout == AggregateLayout.MIN_DOUBLE;
    int slot = state.valueSlot(index);
    String current = readSlot(slot, keyed);
    if (!layout.doubleState()) {
      writeSlot(slot, keyed, (minimum ? "Math.min(" : "Math.max(") + current + ", "
          + asLong(call, value) + ")", code);
      return;
    }
    String asDouble = "(double) " + value.value();
    code.beginIf("Comparisons.compareDoubles(" + asDouble + ", " + current + ")"
        + (minimum ? " < 0" : " > 0"));
    writeSlot(slot, keyed, asDouble, code);
    code.end();
  }

  /**
   * Adds {@code <name>Dense} (rows 0..count-1) and {@code <name>Rows} (the rows listed in {@code
   * rows}) with the loop {@code body} (given the row expression), each with its {@link
   * #addWithNoNullsVariant no-NULL variant}; returns the two calls, over the rows in {@code
   * rowsVariable} and {@code countVariable} rows.
   */
  private String[] addLoopPair(String returnType, String name, String extraParameters,
      String extraArguments, String rowsVariable, String countVariable,
      Function<String, CodeBlock> body) {
    String method = names.fresh(name);
    addWithNoNullsVariant(returnType, method + "Dense",
        "long[] data, long[] validity" + extraParameters + ", int count", () -> body.apply("i"));
    addWithNoNullsVariant(returnType, method + "Rows",
        "long[] data, long[] validity, int[] rows" + extraParameters + ", int count",
        () -> body.apply("rows[i]"));
    return new String[] {
        method + "Dense(data, validity" + extraArguments + ", " + countVariable + ")",
        method + "Rows(data, validity, " + rowsVariable + extraArguments + ", " + countVariable
            + ")"};
  }

  /**
   * Adds private method {@code name} returning {@code returnType} with the loops of {@code body}
   * and, when they read columns, {@code <name>NoNulls}: the same loops generated with every column
   * never NULL, which {@code name} runs instead when none of those columns has a NULL in the
   * batch (all their validity addresses 0). A column without NULLs then costs no test at all,
   * where the general loop still tests its address for every row. {@code body} is generated twice
   * and must start by resetting the expression scopes.
   */
  private void addWithNoNullsVariant(String returnType, String name, String parameters,
      Supplier<CodeBlock> body) {
    expressions.markColumns();
    CodeBlock general = body.get();
    Set<Integer> read = expressions.columnsSinceMark();
    if (read.isEmpty()) {
      addMethod("private " + returnType + " " + name + "(" + parameters + ")", general);
      return;
    }
    expressions.assumeNoNulls(true);
    CodeBlock withoutNulls = body.get();
    expressions.assumeNoNulls(false);
    List<String> arguments = new ArrayList<>();
    for (String parameter : parameters.split(",")) {
      String[] words = parameter.trim().split(" ");
      arguments.add(words[words.length - 1]);
    }
    String call = name + "NoNulls(" + String.join(", ", arguments) + ")";
    CodeBlock dispatch = new CodeBlock().beginIf(noNulls(read));
    if (returnType.equals("void")) {
      dispatch.statement(call).statement("return");
    } else {
      dispatch.statement("return " + call);
    }
    addMethod("private " + returnType + " " + name + "NoNulls(" + parameters + ")", withoutNulls);
    addMethod("private " + returnType + " " + name + "(" + parameters + ")",
        dispatch.end().append(general));
  }

  /** The Java condition that none of {@code columns} has a NULL in the batch. */
  private static String noNulls(Set<Integer> columns) {
    List<String> validity = new ArrayList<>();
    for (int column : columns) {
      validity.add("v" + column);
    }
    return "(" + String.join(" | ", validity) + ") == 0L";
  }

  /** {@code if (rows == null) dense; else rows;} for a pair from {@link #addLoopPair}. */
  private static CodeBlock dispatch(String rowsVariable, String[] calls) {
    return new CodeBlock().beginIf(rowsVariable + " == null").statement(calls[0]).beginElse()
        .statement(calls[1]).end();
  }

  /** Whether every expression is {@link ExpressionSupport#branchFree} under {@code ansi}. */
  private static boolean branchFree(List<Expression> expressions, boolean ansi) {
    for (Expression expression : expressions) {
      if (!ExpressionSupport.branchFree(expression, ansi)) {
        return false;
      }
    }
    return true;
  }

  // ---- shared ----

  /**
   * Adds {@code int selectRows<n>(...)}, which writes the rows passing every filter to {@code out}
   * and returns their number; returns its name.
   */
  private String addSelectRows() {
    String method = names.fresh("selectRows");
    expressions.resetScopes();
    CodeBlock body = new CodeBlock();
    body.declare(JavaType.INT, "kept", "0");
    body.append(loop(ROW_OF_SELECTION, "count", code -> emitSelect("out", code)));
    body.statement("return kept");
    addMethod("private int " + method + "(long[] data, long[] validity, int[] selection,"
        + " int count, int[] out)", body);
    return method;
  }

  /**
   * In branch-free mode, evaluates every filter and returns the Java condition that the row passes
   * them all (non-short-circuit {@code &}).
   */
  private String branchFreeFilters(CodeBlock code) {
    List<String> conditions = new ArrayList<>();
    for (Expression filter : spec.filters()) {
      ExprValue condition = expressions.generate(filter, code);
      conditions.add(condition.neverNull() ? condition.value()
          : "(!" + condition.isNull() + " & " + condition.value() + ")");
    }
    return String.join(" & ", conditions);
  }

  /**
   * Appends the row to {@code out} at {@code kept} when it passes the filters. When no filter can
   * throw, without a branch: the row is always written and {@code kept} advances by 0 or 1 (a
   * filter passing half the rows would mispredict half the time).
   */
  private void emitSelect(String out, CodeBlock code) {
    if (spec.filters().isEmpty() || !branchFree(spec.filters(), ansi)) {
      emitFilters(code);
      code.statement(out + "[kept++] = row");
      return;
    }
    expressions.branchFree(true);
    String passes = branchFreeFilters(code);
    expressions.branchFree(false);
    code.assign(out + "[kept]", "row");
    code.assign("kept", "kept + (" + passes + " ? 1 : 0)");
  }

  private void emitFilters(CodeBlock code) {
    for (Expression filter : spec.filters()) {
      ExprValue condition = expressions.generate(filter, code);
      code.beginIf("!(" + condition.isTrue() + ")").statement("continue").end();
    }
  }

  /** {@code for (int i = 0; i < count; i++) { final int row = <row>; <body> }}. */
  static CodeBlock loop(String row, String count, Consumer<CodeBlock> body) {
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
}
