package dev.spate.codegen.generate;

import static java.util.Objects.requireNonNull;

import dev.spate.codegen.source.CodeBlock;
import dev.spate.codegen.source.JavaType;
import dev.spate.codegen.source.Names;
import dev.spate.cpu.expr.TypeKind;
import dev.spate.planner.expr.AggregateCall;
import dev.spate.planner.expr.Call;
import dev.spate.planner.expr.Cast;
import dev.spate.planner.expr.ColumnRef;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.expr.FunctionNames;
import dev.spate.planner.expr.Literal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Proves, after a keyless branch-free loop ran over a batch without ANSI overflow checks (plain
 * {@code + - *}, which the JIT compiles without the checks' branches and exceptions), that no check
 * could have fired, so that the loop's result stands; otherwise the batch runs again on the checked
 * loops. Ranges are propagated as DuckDB propagates statistics: the loop bounds each integral input
 * column's values over the rows it read (NULL slots included, so the garbage the loop computes
 * behind a NULL is covered too; see {@link #accumulate} for the bound), literals are their value,
 * widening casts keep the range, and {@code + - *} and negation combine their arguments' ranges
 * with exact long arithmetic; every checked node's range must fit its type. An integral sum whose
 * values lie in {@code [lo, hi]} stays within {@code state + count * min(lo, 0)} and {@code state
 * + count * max(hi, 0)} after any number of the batch's {@code count} rows (a filtered row adds
 * 0). The proof fails as soon as a bound does not fit (an exact operation of the proof overflows).
 * Proving the ranges in a pre-pass over the batch instead was measured slower than the checked
 * loop: it reads the columns a second time.
 */
final class RangeProof {
  private final Parameters parameters;
  private final Names names;
  /** The {@code {lo, hi}} locals of each integral column scanned, by ordinal. */
  private final Map<Integer, String[]> columns = new TreeMap<>();
  private final Map<Integer, TypeKind> columnKinds = new HashMap<>();
  private final Map<Expression, String[]> ranges = new HashMap<>();
  private final CodeBlock bounds = new CodeBlock();

  private RangeProof(Parameters parameters, Names names) {
    this.parameters = requireNonNull(parameters, "parameters is null");
    this.names = requireNonNull(names, "names is null");
  }

  /**
   * The proof for keyless aggregation {@code spec}: that that no integral
   * arithmetic in the filters and aggregate arguments overflows and that no integral sum (a {@link
   * AggregateLayout#SUM_LONG} at its {@code state} slot) leaves the long range; empty when an
   * expression has a node whose range is not propagated.
   */
  static Optional<RangeProof> generate(PipelineSpec spec, List<AggregateLayout> layouts,
      StateLayout state, Parameters parameters, Names names) {
    RangeProof proof = new RangeProof(parameters, names);
    List<Expression> checked = new ArrayList<>(spec.filters());
    for (AggregateCall call : spec.aggregates()) {
      checked.addAll(call.arguments());
    }
    for (Expression expression : checked) {
      if (!proof.checkedNodesInRange(expression)) {
        return Optional.empty();
      }
    }
    for (int index = 0; index < layouts.size(); index++) {
      if (layouts.get(index) != AggregateLayout.SUM_LONG) {
        continue;
      }
      String[] range = proof.range(spec.aggregates().get(index).arguments().get(0));
      if (range == null) {
        return Optional.empty();
      }
      String sum = "this.state[" + state.valueSlot(index) + "]";
      proof.bounds.statement("Math.addExact(" + sum + ", Math.multiplyExact((long) count,"
          + " Math.min(" + range[0] + ", 0L)))");
      proof.bounds.statement("Math.addExact(" + sum + ", Math.multiplyExact((long) count,"
          + " Math.max(" + range[1] + ", 0L)))");
    }
    return Optional.of(proof);
  }

  /** Declares the magnitude locals, before the loop. */
  CodeBlock magnitudes() {
    CodeBlock code = new CodeBlock();
    for (Map.Entry<Integer, String[]> column : columns.entrySet()) {
      code.declare(wide(column.getKey()) ? JavaType.LONG : JavaType.INT, magnitude(column),
          "0");
    }
    return code;
  }

  /**
   * For the loop's row {@code row}: ORs each column's value, sign-folded ({@code x ^ (x >> 63)} is
   * {@code x} or {@code -x - 1}, never negative), into its magnitude, whose highest bit {@code b}
   * bounds the column's values to {@code [-2^b, 2^b - 1]} (the JIT reuses the loop's own reads).
   */
  CodeBlock accumulate() {
    CodeBlock code = new CodeBlock();
    for (Map.Entry<Integer, String[]> column : columns.entrySet()) {
      int ordinal = column.getKey();
      String value = names.fresh("x");
      boolean wide = wide(ordinal);
      code.declareFinal(wide ? JavaType.LONG : JavaType.INT, value,
          CodegenTypes.read(columnKinds.get(ordinal), "d" + ordinal, "row"));
      String magnitude = magnitude(column);
      code.assign(magnitude, magnitude + " | (" + value + " ^ (" + value + " >> "
          + (wide ? 63 : 31) + "))");
    }
    return code;
  }

  /**
   * After the loop over {@code count} rows and before the state is stored: {@code return false}
   * unless the magnitudes prove that no checked operation overflowed for any row.
   */
  CodeBlock verdict() {
    CodeBlock code = new CodeBlock();
    for (Map.Entry<Integer, String[]> column : columns.entrySet()) {
      String magnitude = magnitude(column);
      String[] range = column.getValue();
      code.declareFinal(JavaType.LONG, range[1], magnitude + " == 0 ? 0L : ("
          + (wide(column.getKey()) ? "Long" : "Integer") + ".highestOneBit(" + magnitude
          + ") * 2L) - 1L");
      code.declareFinal(JavaType.LONG, range[0], "-" + range[1] + " - 1L");
    }
    return code.beginTry().append(bounds)
        .beginCatch(ArithmeticException.class.getName(), "overflow").statement("return false")
        .end();
  }

  /** The ordinals of the integral columns whose magnitudes the proof needs. */
  Set<Integer> columns() {
    return Collections.unmodifiableSet(columns.keySet());
  }

  /** Whether column {@code ordinal} is scanned as long (INT64) rather than int. */
  boolean wide(int ordinal) {
    return columnKinds.get(ordinal) == TypeKind.INT64;
  }

  private static String magnitude(Map.Entry<Integer, String[]> column) {
    return magnitude(column.getKey());
  }

  /** The long or int local holding column {@code ordinal}'s magnitude, read by {@link #verdict}. */
  static String magnitude(int ordinal) {
    return "mag" + ordinal;
  }

  /** Whether every overflow-checked node of {@code expression} has a propagated range. */
  private boolean checkedNodesInRange(Expression expression) {
    Expression value = PipelineSpec.unalias(expression);
    if (value instanceof Call && ExpressionSupport.overflowChecked((Call) value)
        && range(value) == null) {
      return false;
    }
    for (Expression child : value.children()) {
      if (!checkedNodesInRange(child)) {
        return false;
      }
    }
    return true;
  }

  /** The {@code {lo, hi}} locals bounding {@code expression}'s values, or null if not known. */
  private String[] range(Expression expression) {
    Expression value = PipelineSpec.unalias(expression);
    String[] known = ranges.get(value);
    if (known == null) {
      known = newRange(value);
      if (known != null) {
        ranges.put(value, known);
      }
    }
    return known;
  }

  private String[] newRange(Expression value) {
    TypeKind kind = TypeKind.of(value.dataType());
    if (kind == TypeKind.BOOLEAN) {
      return new String[] {"0L", "1L"};
    }
    if (!CodegenTypes.integral(kind)) {
      return null;
    }
    if (value instanceof ColumnRef) {
      int ordinal = ((ColumnRef) value).ordinal();
      columnKinds.put(ordinal, kind);
      return columns.computeIfAbsent(ordinal,
          key -> new String[] {names.fresh("lo"), names.fresh("hi")});
    }
    if (value instanceof Literal) {
      Literal literal = (Literal) value;
      if (literal.isNull()) {
        return new String[] {"0L", "0L"};
      }
      String parameter = parameters.add(JavaType.LONG, literal.value());
      return new String[] {parameter, parameter};
    }
    if (value instanceof Cast) {
      return range(((Cast) value).child());
    }
    if (value instanceof Call) {
      return callRange((Call) value, kind);
    }
    return null;
  }

  private String[] callRange(Call call, TypeKind kind) {
    String[] left = range(call.argument(0));
    if (left == null) {
      return null;
    }
    if (call.name().equals(FunctionNames.NEGATIVE)) {
      return fitting(kind, "Math.negateExact(" + left[1] + ")", "Math.negateExact(" + left[0]
          + ")");
    }
    String[] right = call.arguments().size() == 2 ? range(call.argument(1)) : null;
    if (right == null) {
      return null;
    }
    switch (call.name()) {
      case FunctionNames.ADD:
        return fitting(kind, "Math.addExact(" + left[0] + ", " + right[0] + ")",
            "Math.addExact(" + left[1] + ", " + right[1] + ")");
      case FunctionNames.SUBTRACT:
        return fitting(kind, "Math.subtractExact(" + left[0] + ", " + right[1] + ")",
            "Math.subtractExact(" + left[1] + ", " + right[0] + ")");
      case FunctionNames.MULTIPLY: {
        String[] corners = new String[4];
        for (int corner = 0; corner < 4; corner++) {
          corners[corner] = names.fresh("m");
          bounds.declareFinal(JavaType.LONG, corners[corner], "Math.multiplyExact("
              + left[corner >> 1] + ", " + right[corner & 1] + ")");
        }
        return fitting(kind, extreme("min", corners), extreme("max", corners));
      }
      default:
        return null;
    }
  }

  private static String extreme(String function, String[] values) {
    return "Math." + function + "(Math." + function + "(" + values[0] + ", " + values[1]
        + "), Math." + function + "(" + values[2] + ", " + values[3] + "))";
  }

  /** Declares a range's bounds; below 64 bits, the proof fails unless they fit {@code kind}. */
  private String[] fitting(TypeKind kind, String lowest, String highest) {
    String[] range = {names.fresh("lo"), names.fresh("hi")};
    bounds.declareFinal(JavaType.LONG, range[0], lowest);
    bounds.declareFinal(JavaType.LONG, range[1], highest);
    if (kind != TypeKind.INT64) {
      long limit = 1L << (Arithmetic.bits(kind) - 1);
      bounds.beginIf(range[0] + " < " + -limit + "L || " + range[1] + " > " + (limit - 1) + "L")
          .statement("return false").end();
    }
    return range;
  }
}
