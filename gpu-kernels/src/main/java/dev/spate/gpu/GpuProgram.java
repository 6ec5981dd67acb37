package dev.spate.gpu;

import static java.util.Objects.requireNonNull;

import dev.spate.SpateException;
import dev.spate.cpu.expr.Errors;
import dev.spate.planner.expr.Call;
import dev.spate.planner.expr.Cast;
import dev.spate.planner.expr.ColumnRef;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.expr.Literal;
import dev.spate.planner.physical.FilterExec;
import dev.spate.planner.physical.PhysicalNode;
import dev.spate.planner.physical.ProjectExec;
import dev.spate.cpu.expr.TypeKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The per-row program of {@code spate_fused_aggregate} ({@code spate_fused.cu}) for a GPU
 * HashAggregate over a chain of GPU Filter / Project nodes: the chain's conditions (FILTER drops a
 * row whose condition is false or NULL), every computed projection (into registers, so that each is
 * evaluated once and its ANSI errors are raised for the rows the CPU evaluates it on), then the
 * grouping key and the accumulator values as outputs. Immutable once compiled.
 *
 * <p>Limits (otherwise {@link #unsupportedReason} names them and the operators run separately): no
 * key or one INT/BIGINT/DATE/TIMESTAMP key, at most {@value #MAX_COLUMNS} scan columns, {@value
 * #MAX_ACCUMULATORS} accumulators, {@value #MAX_REGISTERS} computed projections and a stack depth
 * of {@value #MAX_STACK}.
 */
final class GpuProgram {
  static final int MAX_COLUMNS = 8;
  static final int MAX_ACCUMULATORS = 8;
  static final int MAX_REGISTERS = 16;
  static final int MAX_STACK = 15;

  private static final int LOAD = 1;
  private static final int CONST = 2;
  private static final int ARITH = 3;
  private static final int CMP = 4;
  private static final int BOOL = 5;
  private static final int CAST = 6;
  private static final int FILTER = 7;
  private static final int STORE = 8;
  private static final int LOAD_REG = 9;
  private static final int OUT = 10;

  /** An overflowing operation: its program position + 1 (errors[1]) names the CPU's message. */
  private record Overflow(TypeKind type, String tryFunction) {}

  private final List<Integer> code = new ArrayList<>();
  private final List<Long> constants = new ArrayList<>();
  private final List<Integer> scanOrdinals = new ArrayList<>();
  private final List<GpuType> scanTypes = new ArrayList<>();
  private final Map<Integer, Overflow> overflows = new HashMap<>();
  private int registers;
  private int depth;
  private int maxDepth;

  private GpuProgram() {}

  /**
   * Empty when {@code chain} (Filter / Project nodes, bottom-up, each GPU-supported) under {@code
   * aggregation} compiles into one program; otherwise why the operators run separately.
   */
  static Optional<String> unsupportedReason(List<PhysicalNode> chain, GpuAggregation aggregation) {
    if (aggregation.keys().size() > 1 || aggregation.keys().size() == 1
        && !DeviceGroupTable.usesInt64Key(aggregation.keyTypes().get(0))) {
      return Optional.of("the fused GPU aggregation groups by no key or one INT/BIGINT/DATE/"
          + "TIMESTAMP key, not " + aggregation.keys() + ".");
    }
    if (aggregation.inputs().size() > MAX_ACCUMULATORS) {
      return Optional.of("the fused GPU aggregation updates at most " + MAX_ACCUMULATORS
          + " accumulators, not " + aggregation.inputs().size() + ".");
    }
    GpuProgram program = new GpuProgram();
    program.compile(chain, aggregation);
    if (program.scanOrdinals.size() > MAX_COLUMNS) {
      return Optional.of("the fused GPU aggregation reads at most " + MAX_COLUMNS
          + " columns, not " + program.scanOrdinals.size() + ".");
    }
    if (program.registers > MAX_REGISTERS) {
      return Optional.of("the fused GPU aggregation keeps at most " + MAX_REGISTERS
          + " computed projections, not " + program.registers + ".");
    }
    if (program.maxDepth > MAX_STACK) {
      return Optional.of("an expression of the fused GPU aggregation nests " + program.maxDepth
          + " values deep; the program stack holds " + MAX_STACK + ".");
    }
    return Optional.empty();
  }

  /** The program of a chain {@link #unsupportedReason} accepts. */
  static GpuProgram of(List<PhysicalNode> chain, GpuAggregation aggregation) {
    Optional<String> reason = unsupportedReason(chain, aggregation);
    if (reason.isPresent()) {
      throw SpateException.internal("the fused GPU aggregation cannot run: " + reason.get(), null);
    }
    GpuProgram program = new GpuProgram();
    program.compile(chain, aggregation);
    return program;
  }

  private void compile(List<PhysicalNode> chain, GpuAggregation aggregation) {
    // Where each column of the current node's input comes from: >= 0 a scan ordinal, < 0 -(reg+1).
    List<Integer> sources = null;
    for (PhysicalNode node : chain) {
      if (sources == null) {
        sources = new ArrayList<>();
        for (int ordinal = 0; ordinal < node.children().get(0).schema().getFields().size();
            ordinal++) {
          sources.add(ordinal);
        }
      }
      if (node instanceof FilterExec) {
        expression(((FilterExec) node).condition(), sources);
        emit(FILTER);
        depth--;
      } else {
        List<Integer> next = new ArrayList<>();
        for (Expression projection : ((ProjectExec) node).projections()) {
          Expression value = GpuExpressions.unalias(projection);
          if (value instanceof ColumnRef) {
            next.add(sources.get(((ColumnRef) value).ordinal()));
          } else {
            expression(value, sources);
            emit(STORE, registers);
            depth--;
            next.add(-(registers + 1));
            registers++;
          }
        }
        sources = next;
      }
    }
    int output = 0;
    for (Expression key : aggregation.keys()) {
      expression(key, sources);
      emit(OUT, output++);
      depth--;
    }
    for (GpuAggregation.Input input : aggregation.inputs()) {
      if (input.value() != null) {
        expression(input.value(), sources);
        emit(OUT, output);
        depth--;
      }
      output++;
    }
  }

  private void expression(Expression expression, List<Integer> sources) {
    Expression value = GpuExpressions.unalias(expression);
    if (value instanceof ColumnRef) {
      int source = sources.get(((ColumnRef) value).ordinal());
      if (source < 0) {
        emit(LOAD_REG, -source - 1);
      } else {
        int slot = scanOrdinals.indexOf(source);
        if (slot < 0) {
          slot = scanOrdinals.size();
          scanOrdinals.add(source);
          scanTypes.add(GpuType.of(value.dataType().getType()).orElseThrow());
        }
        emit(LOAD, slot);
      }
      push();
    } else if (value instanceof Literal) {
      GpuType type = GpuType.of(value.dataType().getType()).orElseThrow();
      Number number = (Number) ((Literal) value).value();
      constants.add(type == GpuType.FLOAT32 || type == GpuType.FLOAT64
          ? Double.doubleToRawLongBits(number.doubleValue()) : number.longValue());
      emit(CONST, constants.size() - 1);
      push();
    } else if (value instanceof Cast) {
      Cast cast = (Cast) value;
      expression(cast.child(), sources);
      emit(CAST, typeOf(cast.child()), typeOf(cast));
    } else {
      Call call = (Call) value;
      for (Expression argument : call.arguments()) {
        expression(argument, sources);
      }
      String name = call.name();
      if (GpuExpressions.COMPARISONS.containsKey(name)) {
        emit(CMP, typeOf(call.argument(0)), GpuExpressions.COMPARISONS.get(name));
      } else if (GpuExpressions.ARITHMETIC.containsKey(name)) {
        int type = typeOf(call.argument(0));
        if (type == GpuType.INT32.ordinal() || type == GpuType.INT64.ordinal()) {
          overflows.put(code.size() + 1, new Overflow(type == GpuType.INT32.ordinal()
              ? TypeKind.INT32 : TypeKind.INT64, GpuExpressions.TRY_NAMES.get(name)));
        }
        emit(ARITH, type, GpuExpressions.ARITHMETIC.get(name));
      } else {
        emit(BOOL, GpuExpressions.BOOLEAN_OPS.get(name));
      }
      depth -= call.arguments().size() - 1;
    }
  }

  private static int typeOf(Expression expression) {
    return GpuType.of(expression.dataType().getType()).orElseThrow().ordinal();
  }

  private void push() {
    depth++;
    maxDepth = Math.max(maxDepth, depth);
  }

  private void emit(int... words) {
    for (int word : words) {
      code.add(word);
    }
  }

  int[] code() {
    return code.stream().mapToInt(Integer::intValue).toArray();
  }

  long[] constants() {
    return constants.stream().mapToLong(Long::longValue).toArray();
  }

  /** The scan columns the program loads, by load slot. */
  List<Integer> scanOrdinals() {
    return List.copyOf(scanOrdinals);
  }

  List<GpuType> scanTypes() {
    return List.copyOf(scanTypes);
  }

  /** The CPU's error for a launch's error words {@code flags} and {@code overflowAt} (non-zero). */
  SpateException error(int flags, int overflowAt) {
    if ((flags & KernelCodes.ERR_OVERFLOW) != 0) {
      Overflow overflow = requireNonNull(overflows.get(overflowAt), "no overflow at " + overflowAt);
      return Errors.arithmeticOverflow(overflow.type(), overflow.tryFunction());
    }
    return Errors.divideByZero();
  }
}
