package dev.spate.codegen.generate;

import static java.util.Objects.requireNonNull;

import dev.spate.codegen.source.CodeBlock;
import dev.spate.codegen.source.JavaClassBuilder;
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
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The keyless aggregation loop over SIMD lanes (the JDK's Vector API, see {@link VectorApi}), for
 * the batches it can take: dense rows, no NULL in the columns read. Filters become lane masks,
 * {@code + - *} and negation lane-wise operations, and the updates masked lane-wise sums, minimums
 * and maximums, reduced across lanes after the loop; {@code count}s add the masks' population
 * counts. The last partial vector of a batch loads only the lanes in range. Under ANSI it returns
 * false, leaving the state as it was, unless the {@link RangeProof} shows that no overflow check
 * could have fired, as the scalar unchecked loop does; it also returns false when a floating
 * literal a filter compares with is NaN (the scalar loops answer those).
 *
 * <p>It takes only what it computes exactly as the scalar loops do: BIGINT, DOUBLE and INT
 * columns (INT widened to long lanes on load, so only compared or cast to BIGINT, never in INT
 * arithmetic, which wraps at 32 bits), non-NULL literals, BIGINT {@code + - *} (wrapping, as Java
 * does and the proof allows), DOUBLE {@code + - *}, comparisons of BIGINT or INT values or of a
 * DOUBLE value with a literal, AND, OR, NOT, and {@code count}, and {@code sum}, {@code min} and
 * {@code max} of BIGINT values. Floating sums are left to the scalar loops: adding in lanes
 * changes the rounding.
 */
final class VectorKeylessLoop {
  /**
   * The long, double and int species, constants of the generated class so that the JIT folds
   * them; the int species has as many lanes as the long one (INT columns widen on load).
   */
  private static final String LONGS = "LONG_LANES";
  private static final String DOUBLES = "DOUBLE_LANES";
  private static final String INTS = "INT_LANES";
  private static final Set<AggregateLayout> TAKEN =
      EnumSet.of(AggregateLayout.COUNT, AggregateLayout.SUM_LONG, AggregateLayout.MIN_LONG,
          AggregateLayout.MAX_LONG);
  private static final Map<String, String> COMPARISONS = Map.of(
      FunctionNames.EQUAL, "EQ", FunctionNames.NOT_EQUAL, "NE", FunctionNames.LESS_THAN, "LT",
      FunctionNames.LESS_THAN_OR_EQUAL, "LE", FunctionNames.GREATER_THAN, "GT",
      FunctionNames.GREATER_THAN_OR_EQUAL, "GE");

  /** What a generated value is: a vector of longs or doubles, a scalar, or a lane mask. */
  private enum Shape { LONG_LANES, DOUBLE_LANES, LONG, DOUBLE, MASK }

  private record Value(Shape shape, String code) {
    boolean scalar() {
      return shape == Shape.LONG || shape == Shape.DOUBLE;
    }
  }

  /** The generated method's body and the columns it reads. */
  record Loop(CodeBlock body, Set<Integer> columns) {}

  private final PipelineSpec spec;
  private final List<AggregateLayout> layouts;
  private final StateLayout state;
  private final Parameters parameters;
  private final Names names;
  private final VectorApi api;
  /** Scalars (literals and their arithmetic) and NaN guards, computed once before the loops. */
  private final CodeBlock prelude = new CodeBlock();
  private final Map<Expression, Value> scalars = new HashMap<>();
  private final Set<String> guarded = new HashSet<>();
  private final Map<Integer, String> views = new TreeMap<>();
  /** The current loop body's values; the body is generated twice (full vectors, then the tail). */
  private Map<Expression, Value> lanes = new HashMap<>();
  private Map<Integer, Value> columns = new HashMap<>();
  /** The mask of the rows in range in the tail's body; null in the full vectors' body. */
  private String inRange;

  private VectorKeylessLoop(PipelineSpec spec, List<AggregateLayout> layouts, StateLayout state,
      Parameters parameters, Names names, VectorApi api) {
    this.spec = spec;
    this.layouts = layouts;
    this.state = state;
    this.parameters = parameters;
    this.names = names;
    this.api = api;
  }

  /**
   * The body of {@code boolean <name>(long[] data, long[] validity, int count)}, declaring the
   * species constants in {@code builder}; empty when some filter, aggregate or argument is not
   * taken. {@code proof} is required when {@code checked} (ANSI overflow checks could fire).
   */
  static Optional<Loop> generate(PipelineSpec spec, List<AggregateLayout> layouts,
      StateLayout state, Parameters parameters, Names names, VectorApi api,
      Optional<RangeProof> proof, boolean checked, JavaClassBuilder builder) {
    requireNonNull(api, "api is null");
    if (!taken(spec, layouts) || (checked && proof.isEmpty())) {
      return Optional.empty();
    }
    VectorKeylessLoop loop =
        new VectorKeylessLoop(spec, layouts, state, parameters, names, api);
    builder.addImport("jdk.incubator.vector.DoubleVector")
        .addImport("jdk.incubator.vector.IntVector")
        .addImport("jdk.incubator.vector.LongVector")
        .addImport("jdk.incubator.vector.VectorMask")
        .addImport("jdk.incubator.vector.VectorOperators")
        .addImport("jdk.incubator.vector.VectorShape")
        .addImport("jdk.incubator.vector.VectorSpecies")
        .constant("VectorSpecies", LONGS, "LongVector.SPECIES_PREFERRED")
        .constant("VectorSpecies", DOUBLES, "DoubleVector.SPECIES_PREFERRED")
        .constant("VectorSpecies", INTS, "VectorSpecies.of(int.class, VectorShape.forBitSize("
            + LONGS + ".vectorBitSize() / 2))");
    return Optional.of(loop.body(checked ? proof.get() : null));
  }

  private static boolean taken(PipelineSpec spec, List<AggregateLayout> layouts) {
    for (Expression filter : spec.filters()) {
      if (!taken(filter) || TypeKind.of(filter.dataType()) != TypeKind.BOOLEAN) {
        return false;
      }
    }
    for (int index = 0; index < layouts.size(); index++) {
      AggregateCall call = spec.aggregates().get(index);
      if (!TAKEN.contains(layouts.get(index))) {
        return false;
      }
      for (Expression argument : call.arguments()) {
        TypeKind kind = TypeKind.of(argument.dataType());
        if (!taken(argument) || (layouts.get(index) != AggregateLayout.COUNT
            && kind != TypeKind.INT64)) {
          return false;
        }
      }
    }
    return true;
  }

  /** Whether {@code expression} is generated here (see the class comment). */
  private static boolean taken(Expression expression) {
    Expression value = PipelineSpec.unalias(expression);
    TypeKind kind = TypeKind.of(value.dataType());
    if (value instanceof ColumnRef) {
      return wide(kind) || kind == TypeKind.INT32;
    }
    if (value instanceof Cast) {
      return literal(value) != null || widenedColumn((Cast) value);
    }
    if (value instanceof Literal) {
      return literal(value) != null;
    }
    if (!(value instanceof Call)) {
      return false;
    }
    Call call = (Call) value;
    for (Expression argument : call.arguments()) {
      if (!taken(argument)) {
        return false;
      }
    }
    switch (call.name()) {
      case FunctionNames.ADD:
      case FunctionNames.SUBTRACT:
      case FunctionNames.MULTIPLY:
      case FunctionNames.NEGATIVE:
        return wide(kind) && sameKind(call, kind);
      case FunctionNames.AND:
      case FunctionNames.OR:
      case FunctionNames.NOT:
        return sameKind(call, TypeKind.BOOLEAN);
      default:
        if (!COMPARISONS.containsKey(call.name()) || call.arguments().size() != 2) {
          return false;
        }
        TypeKind compared = TypeKind.of(call.argument(0).dataType());
        boolean leftScalar = scalar(call.argument(0));
        boolean rightScalar = scalar(call.argument(1));
        if (!sameKind(call, compared) || (leftScalar && rightScalar)) {
          return false;
        }
        return compared == TypeKind.INT64 || compared == TypeKind.INT32
            || (compared == TypeKind.FLOAT64
                && (literal(call.argument(0)) != null || literal(call.argument(1)) != null));
    }
  }

  private static boolean wide(TypeKind kind) {
    return kind == TypeKind.INT64 || kind == TypeKind.FLOAT64;
  }

  private static boolean sameKind(Call call, TypeKind kind) {
    for (Expression argument : call.arguments()) {
      if (TypeKind.of(argument.dataType()) != kind) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code cast} widens an INT column to BIGINT (its lanes, widened on load). */
  private static boolean widenedColumn(Cast cast) {
    return cast.child() instanceof ColumnRef
        && TypeKind.of(cast.child().dataType()) == TypeKind.INT32
        && TypeKind.of(cast.dataType()) == TypeKind.INT64;
  }

  private static void columnsOf(Expression expression, Set<Integer> columns) {
    if (expression instanceof ColumnRef) {
      columns.add(((ColumnRef) expression).ordinal());
    }
    for (Expression child : expression.children()) {
      columnsOf(child, columns);
    }
  }

  /** Whether {@code expression} reads no column. */
  private static boolean scalar(Expression expression) {
    if (expression instanceof ColumnRef) {
      return false;
    }
    for (Expression child : expression.children()) {
      if (!scalar(child)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The non-NULL literal {@code expression} stands for, as a BIGINT, INT or DOUBLE value: a
   * literal of that type, or an integral literal cast to BIGINT or DOUBLE, or a floating one cast
   * to DOUBLE (Java's widening conversions, which are Spark's); null otherwise.
   */
  private static Literal literal(Expression expression) {
    Expression value = PipelineSpec.unalias(expression);
    TypeKind kind = TypeKind.of(value.dataType());
    Expression source = value instanceof Cast ? ((Cast) value).child() : value;
    if (!(source instanceof Literal) || ((Literal) source).isNull()
        || !(wide(kind) || kind == TypeKind.INT32)) {
      return null;
    }
    TypeKind from = TypeKind.of(source.dataType());
    boolean exact = CodegenTypes.integral(from)
        || (kind == TypeKind.FLOAT64 && CodegenTypes.floating(from));
    return exact ? (Literal) source : null;
  }

  private Loop body(RangeProof proof) {
    CodeBlock loops = new CodeBlock();
    Set<Integer> magnitudes = proof == null ? Set.of() : proof.columns();
    for (int column : magnitudes) {
      loops.declare(JavaType.LONG_LANES, "v" + RangeProof.magnitude(column),
          "LongVector.zero(" + LONGS + ")");
    }
    List<String> accumulators = new ArrayList<>();
    for (int index = 0; index < layouts.size(); index++) {
      String accumulator = layouts.get(index) == AggregateLayout.COUNT ? null
          : names.fresh("lanes");
      accumulators.add(accumulator);
      String initial;
      switch (layouts.get(index)) {
        case SUM_LONG:
          initial = "0L";
          break;
        case MIN_LONG:
          initial = "Long.MAX_VALUE";
          break;
        case MAX_LONG:
          initial = "Long.MIN_VALUE";
          break;
        default:
          continue;
      }
      loops.declare(JavaType.LONG_LANES, accumulator,
          "LongVector.broadcast(" + LONGS + ", " + initial + ")");
    }
    loops.declare(JavaType.LONG, "kept", "0L");
    loops.declareFinal(JavaType.INT, "bound", LONGS + ".loopBound(count)");
    loops.declare(JavaType.INT, "i", "0");
    loops.beginWhile("i < bound");
    row(loops, magnitudes, accumulators);
    loops.assign("i", "i + " + LONGS + ".length()");
    loops.end();
    lanes = new HashMap<>();
    columns = new HashMap<>();
    loops.beginIf("i < count");
    inRange = "inRange";
    loops.declareFinal(JavaType.MASK, inRange, LONGS + ".indexInRange(i, count)");
    row(loops, magnitudes, accumulators);
    loops.end();

    CodeBlock body = new CodeBlock();
    // the views' byte sizes are ints
    body.beginIf("count > (Integer.MAX_VALUE >> 3)").statement("return false").end();
    body.append(prelude);
    for (Map.Entry<Integer, String> view : views.entrySet()) {
      body.statement(api.view(view.getValue(), "d" + view.getKey(),
          "count << " + shift(view.getKey())));
    }
    body.append(loops);
    for (int column : magnitudes) {
      String reduced = "v" + RangeProof.magnitude(column) + ".reduceLanes(VectorOperators.OR)";
      if (proof.wide(column)) {
        body.declareFinal(JavaType.LONG, RangeProof.magnitude(column), reduced);
      } else {
        // an INT column's lanes hold its values sign-extended: their folds fit an int
        body.declareFinal(JavaType.INT, RangeProof.magnitude(column), "(int) " + reduced);
      }
    }
    if (proof != null) {
      body.append(proof.verdict());
    }
    for (int index = 0; index < layouts.size(); index++) {
      if (state.ownsCount(index)) {
        String slot = "this.state[" + state.countSlot(index) + "]";
        body.assign(slot, slot + " + kept");
      }
      String slot = "this.state[" + state.valueSlot(index) + "]";
      String accumulator = accumulators.get(index);
      switch (layouts.get(index)) {
        case SUM_LONG:
          body.assign(slot, slot + " + " + accumulator + ".reduceLanes(VectorOperators.ADD)");
          break;
        case MIN_LONG:
          body.assign(slot, "Math.min(" + slot + ", " + accumulator
              + ".reduceLanes(VectorOperators.MIN))");
          break;
        case MAX_LONG:
          body.assign(slot, "Math.max(" + slot + ", " + accumulator
              + ".reduceLanes(VectorOperators.MAX))");
          break;
        default:
          break;
      }
    }
    Set<Integer> read = new TreeSet<>();
    for (Expression filter : spec.filters()) {
      columnsOf(filter, read);
    }
    for (AggregateCall call : spec.aggregates()) {
      for (Expression argument : call.arguments()) {
        columnsOf(argument, read); // a count's too: it counts kept rows, so they must be non-NULL
      }
    }
    return new Loop(body.statement("return true"), read);
  }

  /** One vector of rows, at row {@code i}: all lanes, or those of {@code inRange} in the tail. */
  private void row(CodeBlock code, Set<Integer> magnitudes, List<String> accumulators) {
    for (int column : magnitudes) {
      String value = column(column, code).code();
      String magnitude = "v" + RangeProof.magnitude(column);
      code.assign(magnitude, magnitude + ".or(" + value + ".lanewise(VectorOperators.XOR, "
          + value + ".lanewise(VectorOperators.ASHR, 63L)))");
    }
    List<String> masks = new ArrayList<>();
    for (Expression filter : spec.filters()) {
      masks.add(generate(filter, code).code());
    }
    if (inRange != null) {
      masks.add(inRange);
    }
    String keep = names.fresh("keep");
    code.declareFinal(JavaType.MASK, keep, masks.isEmpty() ? LONGS + ".maskAll(true)"
        : String.join(".and(", masks) + ")".repeat(masks.size() - 1));
    code.assign("kept", "kept + " + keep + ".trueCount()");
    for (int index = 0; index < layouts.size(); index++) {
      String accumulator = accumulators.get(index);
      if (accumulator == null) {
        continue; // a count's arguments are never NULL here: it adds the kept rows
      }
      String argument = longLanes(generate(spec.aggregates().get(index).arguments().get(0),
          code));
      code.assign(accumulator, layouts.get(index) == AggregateLayout.SUM_LONG
          ? accumulator + ".add(" + argument + ", " + keep + ")"
          : accumulator + ".lanewise(VectorOperators." + (layouts.get(index)
              == AggregateLayout.MIN_LONG ? "MIN" : "MAX") + ", " + argument + ", " + keep + ")");
    }
  }

  private static String longLanes(Value value) {
    return value.scalar() ? "LongVector.broadcast(" + LONGS + ", " + value.code() + ")"
        : value.code();
  }

  private Value generate(Expression expression, CodeBlock code) {
    Expression value = PipelineSpec.unalias(expression);
    Value known = scalars.containsKey(value) ? scalars.get(value) : lanes.get(value);
    if (known != null) {
      return known;
    }
    boolean scalar = scalar(value);
    Value generated = scalar ? newScalar(value) : newLanes(value, code);
    (scalar ? scalars : lanes).put(value, generated);
    return generated;
  }

  private Value newScalar(Expression value) {
    TypeKind kind = TypeKind.of(value.dataType());
    Literal literal = literal(value);
    if (literal != null) {
      return kind == TypeKind.FLOAT64
          ? new Value(Shape.DOUBLE, parameters.add(JavaType.DOUBLE, literal.value()))
          : new Value(Shape.LONG, parameters.add(JavaType.LONG, literal.value()));
    }
    Call call = (Call) value;
    JavaType type = kind == TypeKind.INT64 ? JavaType.LONG : JavaType.DOUBLE;
    String left = generate(call.argument(0), prelude).code();
    // unchecked: wrapping without ANSI, proven in range with it
    String computed = call.name().equals(FunctionNames.NEGATIVE)
        ? CodegenTypes.cast(kind, "-" + left)
        : Arithmetic.binary(call.name(), kind, left, generate(call.argument(1), prelude).code(),
            false);
    String name = names.fresh("scalar");
    prelude.declareFinal(type, name, computed);
    return new Value(type == JavaType.LONG ? Shape.LONG : Shape.DOUBLE, name);
  }

  private Value newLanes(Expression value, CodeBlock code) {
    if (value instanceof ColumnRef) {
      return column(((ColumnRef) value).ordinal(), code);
    }
    if (value instanceof Cast) {
      return column(((ColumnRef) ((Cast) value).child()).ordinal(), code);
    }
    Call call = (Call) value;
    List<Value> arguments = new ArrayList<>();
    for (Expression argument : call.arguments()) {
      arguments.add(generate(argument, code));
    }
    String computed;
    Shape shape;
    switch (call.name()) {
      case FunctionNames.AND:
      case FunctionNames.OR:
        shape = Shape.MASK;
        computed = arguments.get(0).code() + "." + call.name() + "(" + arguments.get(1).code()
            + ")";
        break;
      case FunctionNames.NOT:
        shape = Shape.MASK;
        computed = arguments.get(0).code() + ".not()";
        break;
      case FunctionNames.NEGATIVE:
        shape = arguments.get(0).shape();
        computed = arguments.get(0).code() + ".neg()";
        break;
      case FunctionNames.ADD:
      case FunctionNames.SUBTRACT:
      case FunctionNames.MULTIPLY:
        shape = TypeKind.of(call.dataType()) == TypeKind.INT64 ? Shape.LONG_LANES
            : Shape.DOUBLE_LANES;
        computed = arithmetic(call.name(), shape, arguments.get(0), arguments.get(1));
        break;
      default:
        shape = Shape.MASK;
        computed = comparison(call.name(), arguments.get(0), arguments.get(1));
        break;
    }
    String name = names.fresh("lane");
    code.declareFinal(shape == Shape.MASK ? JavaType.MASK : shape == Shape.LONG_LANES
        ? JavaType.LONG_LANES : JavaType.DOUBLE_LANES, name, computed);
    return new Value(shape, name);
  }

  /** {@code + - *} lane-wise, with a scalar operand broadcast to every lane. */
  private static String arithmetic(String name, Shape shape, Value left, Value right) {
    String method = name.equals(FunctionNames.ADD) ? "add"
        : name.equals(FunctionNames.SUBTRACT) ? "sub" : "mul";
    if (left.scalar()) {
      String species = shape == Shape.LONG_LANES ? LONGS : DOUBLES;
      String vector = shape == Shape.LONG_LANES ? "LongVector" : "DoubleVector";
      return vector + ".broadcast(" + species + ", " + left.code() + ")." + method + "("
          + right.code() + ")";
    }
    return left.code() + "." + method + "(" + right.code() + ")";
  }

  /**
   * A comparison as a mask of the long species. BIGINT lanes compare as Java does; DOUBLE lanes
   * against a literal follow {@link Arithmetic#floatingLiteralComparison}'s answers for a number
   * (the prelude returns false for a NaN literal), so a NaN lane is above every number.
   */
  private String comparison(String name, Value left, Value right) {
    Value lanesSide = left.scalar() ? right : left;
    Value other = left.scalar() ? left : right;
    String comparison = left.scalar() ? FunctionNames.mirrored(name) : name;
    if (lanesSide.shape() == Shape.LONG_LANES) {
      return lanesSide.code() + ".compare(VectorOperators." + COMPARISONS.get(comparison) + ", "
          + other.code() + ")";
    }
    if (guarded.add(other.code())) {
      prelude.beginIf(other.code() + " != " + other.code()).statement("return false").end();
    }
    String compare = lanesSide.code() + ".compare(VectorOperators.";
    switch (comparison) {
      case FunctionNames.GREATER_THAN:
        compare += "LE, " + other.code() + ").not()";
        break;
      case FunctionNames.GREATER_THAN_OR_EQUAL:
        compare += "LT, " + other.code() + ").not()";
        break;
      default:
        compare += COMPARISONS.get(comparison) + ", " + other.code() + ")";
        break;
    }
    return compare + ".cast(" + LONGS + ")";
  }

  /**
   * Column {@code ordinal}'s lanes at row {@code i}, loaded once per body: BIGINT as long lanes,
   * DOUBLE as double lanes, INT widened to long lanes.
   */
  private Value column(int ordinal, CodeBlock code) {
    Value known = columns.get(ordinal);
    if (known != null) {
      return known;
    }
    String view = views.computeIfAbsent(ordinal, column -> "view" + column);
    String name = names.fresh("col");
    TypeKind kind = kind(ordinal);
    Value loaded;
    if (kind == TypeKind.FLOAT64) {
      code.declareFinal(JavaType.DOUBLE_LANES, name, api.load("DoubleVector", DOUBLES, view, "i",
          3, inRange == null ? null : inRange + ".cast(" + DOUBLES + ")"));
      loaded = new Value(Shape.DOUBLE_LANES, name);
    } else if (kind == TypeKind.INT32) {
      code.declareFinal(JavaType.LONG_LANES, name, "(LongVector) " + api.load("IntVector", INTS,
          view, "i", 2, inRange == null ? null : inRange + ".cast(" + INTS + ")")
          + ".convertShape(VectorOperators.I2L, " + LONGS + ", 0)");
      loaded = new Value(Shape.LONG_LANES, name);
    } else {
      code.declareFinal(JavaType.LONG_LANES, name,
          api.load("LongVector", LONGS, view, "i", 3, inRange));
      loaded = new Value(Shape.LONG_LANES, name);
    }
    columns.put(ordinal, loaded);
    return loaded;
  }

  private TypeKind kind(int ordinal) {
    return TypeKind.of(spec.inputSchema().getFields().get(ordinal));
  }

  /** log2 of column {@code ordinal}'s value width in bytes. */
  private int shift(int ordinal) {
    return kind(ordinal) == TypeKind.INT32 ? 2 : 3;
  }
}
