package dev.spate.codegen.generate;

import static java.util.Objects.requireNonNull;

import dev.spate.codegen.source.CodeBlock;
import dev.spate.codegen.source.JavaType;
import dev.spate.codegen.source.Names;
import dev.spate.cpu.expr.TypeKind;
import dev.spate.planner.expr.Alias;
import dev.spate.planner.expr.Call;
import dev.spate.planner.expr.Cast;
import dev.spate.planner.expr.ColumnRef;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.expr.FunctionNames;
import dev.spate.planner.expr.Literal;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Emits Java statements that evaluate resolved expressions for one row ({@code row}) with Spark's
 * semantics, matching the interpreted backend: three-valued logic, lazy {@code AND}/{@code OR}/
 * {@code CASE}/{@code COALESCE} (a branch no row needs raises no error), ANSI overflow and
 * division-by-zero errors (through {@link dev.spate.codegen.runtime.Checked}), NaN equal to NaN and
 * above every other value. Columns are read from Arrow buffers at addresses held in locals {@code
 * d<k>} (data) and {@code v<k>} (validity) of column {@code k}. Columns without NULLs in a batch are
 * not null-checked: the runner passes validity address 0 for them and the loop-invariant test
 * {@code v<k> != 0} skips the bitmap (declared nullability is not trusted; the vector's NULLs
 * count); in {@link #assumeNoNulls} mode, for loops that run only when every column they read has
 * validity address 0, columns are generated as never NULL, so no NULL test is left at all.
 * Literals become parameters ({@link Parameters}), so the source depends only on the plan's shape. Common subexpressions are computed once per row: a value is reused within the block that
 * computed it and the blocks nested in it (see {@link #pushScope()}).
 *
 * <p>In {@link #branchFree} mode, for the branch-free loops of {@link PipelineGenerator}, values are
 * computed without guarding them by their NULL flag and AND/OR evaluate both sides; only
 * expressions accepted by {@link ExpressionSupport#branchFree} (which cannot throw) may be generated
 * so.
 */
public final class ExpressionGenerator {
  private final Names names;
  private final Parameters parameters;
  private final boolean ansi;
  private final SortedSet<Integer> columns = new TreeSet<>();
  private final SortedSet<Integer> columnsSinceMark = new TreeSet<>();
  private final Deque<Map<Expression, ExprValue>> scopes = new ArrayDeque<>();
  private boolean branchFree;
  private boolean unchecked;
  private boolean noNulls;

  public ExpressionGenerator(Names names, Parameters parameters, boolean ansi) {
    this.names = requireNonNull(names, "names is null");
    this.parameters = requireNonNull(parameters, "parameters is null");
    this.ansi = ansi;
    scopes.push(new HashMap<>());
  }

  /** The input columns read so far (their address locals must be declared by the method). */
  public SortedSet<Integer> columns() {
    return columns;
  }

  /**
   * Switches branch-free generation on or off; call {@link #resetScopes()} when switching, as
   * computed values of the other mode must not be reused.
   */
  public void branchFree(boolean on) {
    branchFree = on;
  }

  /**
   * Generates integral {@code + - *} and negation without ANSI overflow checks (for a loop over a
   * batch proven free of overflow by {@link RangeProof}), or with them again; call {@link
   * #resetScopes()} when switching.
   */
  public void uncheckedArithmetic(boolean on) {
    unchecked = on;
  }

  /**
   * Generates every column as never NULL (for a loop that runs only when no column it reads has a
   * NULL in the batch), or as read from its bitmap again; call {@link #resetScopes()} when
   * switching.
   */
  public void assumeNoNulls(boolean on) {
    noNulls = on;
  }

  /** Whether columns are generated as never NULL ({@link #assumeNoNulls}). */
  public boolean assumesNoNulls() {
    return noNulls;
  }

  /** Starts collecting the columns read from now on ({@link #columnsSinceMark()}). */
  public void markColumns() {
    columnsSinceMark.clear();
  }

  /** The input columns read since the last {@link #markColumns()}. */
  public SortedSet<Integer> columnsSinceMark() {
    return new TreeSet<>(columnsSinceMark);
  }

  /** Whether integral arithmetic is generated with ANSI overflow checks. */
  public boolean checksOverflow() {
    return ansi && !unchecked;
  }

  /** Opens a nested block: values computed until {@link #popScope()} are forgotten after it. */
  public void pushScope() {
    scopes.push(new HashMap<>(scopes.peek()));
  }

  public void popScope() {
    scopes.pop();
  }

  /** Forgets every computed value (a new method starts, whose locals are not visible here). */
  public void resetScopes() {
    scopes.clear();
    scopes.push(new HashMap<>());
  }

  /** Emits {@code expression}'s evaluation into {@code code} and returns where its value is. */
  public ExprValue generate(Expression expression, CodeBlock code) {
    if (expression instanceof Alias) {
      return generate(((Alias) expression).child(), code);
    }
    ExprValue known = scopes.peek().get(expression);
    if (known != null) {
      return known;
    }
    ExprValue value = generateNew(expression, code);
    scopes.peek().put(expression, value);
    return value;
  }

  private ExprValue generateNew(Expression expression, CodeBlock code) {
    if (expression instanceof ColumnRef) {
      return column((ColumnRef) expression, code);
    }
    if (expression instanceof Literal) {
      return literal((Literal) expression);
    }
    if (expression instanceof Cast) {
      Cast cast = (Cast) expression;
      ExprValue child = generate(cast.child(), code);
      TypeKind kind = TypeKind.of(cast.dataType());
      return simple(kind, child.isNull(), CodegenTypes.cast(kind, child.value()), code);
    }
    if (!(expression instanceof Call)) {
      throw new IllegalArgumentException("codegen cannot generate " + expression.sql());
    }
    Call call = (Call) expression;
    switch (call.name()) {
      case FunctionNames.AND:
        return andOr(call, code, true);
      case FunctionNames.OR:
        return andOr(call, code, false);
      case FunctionNames.CASE_WHEN:
        return caseWhen(call, code);
      case FunctionNames.COALESCE:
        return coalesce(call, code);
      case FunctionNames.IN:
        return in(call, code);
      case FunctionNames.IS_NULL:
        return new ExprValue(generate(call.argument(0), code).isNull(), "false");
      case FunctionNames.IS_NOT_NULL: {
        ExprValue argument = generate(call.argument(0), code);
        return new ExprValue(argument.neverNull() ? "true" : "!" + argument.isNull(), "false");
      }
      case FunctionNames.NOT: {
        ExprValue argument = generate(call.argument(0), code);
        return simple(TypeKind.BOOLEAN, argument.isNull(), "!" + argument.value(), code);
      }
      case FunctionNames.NEGATIVE:
        return negative(call, code);
      case FunctionNames.EQUAL_NULL_SAFE:
        return equalNullSafe(call, code);
      case FunctionNames.DIVIDE:
      case FunctionNames.REMAINDER:
        return division(call, code);
      default:
        break;
    }
    ExprValue left = generate(call.argument(0), code);
    ExprValue right = generate(call.argument(1), code);
    String isNull = Arithmetic.eitherNull(left, right, names, code);
    TypeKind argumentKind = TypeKind.of(call.argument(0).dataType());
    String comparison = comparison(call.name(), argumentKind, call.argument(0), left,
        call.argument(1), right);
    if (comparison != null) {
      return simple(TypeKind.BOOLEAN, isNull, comparison, code);
    }
    TypeKind kind = TypeKind.of(call.dataType());
    return simple(kind, isNull,
        Arithmetic.binary(call.name(), kind, left.value(), right.value(),
            checksOverflow()), code);
  }

  /**
   * The Java comparison {@code name} (or null if not a comparison) of the generated {@code left}
   * and {@code right} values of {@code leftArgument} and {@code rightArgument}, both of {@code
   * kind}. A floating comparison with a non-NULL literal gets the literal's NaN-ness as a parameter
   * of its own ({@link Arithmetic#floatingLiteralComparison}); the class stays shared by plans
   * with other literals.
   */
  private String comparison(String name, TypeKind kind, Expression leftArgument, ExprValue left,
      Expression rightArgument, ExprValue right) {
    String general = Arithmetic.comparison(name, kind, left.value(), right.value());
    if (general == null || !CodegenTypes.floating(kind)) {
      return general;
    }
    if (isNumberLiteral(rightArgument)) {
      return Arithmetic.floatingLiteralComparison(name, left.value(), right.value(),
          literalIsNaN((Literal) rightArgument));
    }
    if (isNumberLiteral(leftArgument)) {
      return Arithmetic.floatingLiteralComparison(FunctionNames.mirrored(name), right.value(),
          left.value(), literalIsNaN((Literal) leftArgument));
    }
    return general;
  }

  private static boolean isNumberLiteral(Expression expression) {
    return expression instanceof Literal && !((Literal) expression).isNull();
  }

  private String literalIsNaN(Literal literal) {
    return parameters.add(JavaType.BOOLEAN,
        Double.isNaN(((Number) literal.value()).doubleValue()));
  }

  private ExprValue column(ColumnRef column, CodeBlock code) {
    int ordinal = column.ordinal();
    TypeKind kind = TypeKind.of(column.dataType());
    String value = names.fresh("c");
    code.declareFinal(CodegenTypes.javaType(kind), value,
        CodegenTypes.read(kind, "d" + ordinal, "row"));
    return new ExprValue(value, columnIsNull(ordinal, code));
  }

  /** Registers column {@code ordinal} as read and declares whether it is NULL at {@code row}. */
  private String columnIsNull(int ordinal, CodeBlock code) {
    columns.add(ordinal);
    columnsSinceMark.add(ordinal);
    if (noNulls) {
      return "false";
    }
    String isNull = names.fresh("cn");
    code.declareFinal(JavaType.BOOLEAN, isNull, "v" + ordinal + " != 0L && "
        + CodegenTypes.readNull("v" + ordinal, "row"));
    return isNull;
  }

  /**
   * Emits the reading of STRING column {@code column} at {@code row}: the address of its UTF-8
   * bytes in the data buffer and their length (both 0 when NULL), from the offsets at {@code
   * s<k>} (see {@link dev.spate.codegen.runtime.PipelineKernel#bindOffsets}).
   */
  public StringValue stringColumn(ColumnRef column, CodeBlock code) {
    int ordinal = column.ordinal();
    String isNull = columnIsNull(ordinal, code);
    String offsetAddress = names.fresh("so");
    code.declareFinal(JavaType.LONG, offsetAddress, "s" + ordinal + " + ((long) row << 2)");
    String start = names.fresh("ss");
    code.declareFinal(JavaType.INT, start, "MemoryUtil.getInt(" + offsetAddress + ")");
    String address = names.fresh("sa");
    code.declareFinal(JavaType.LONG, address, isNull + " ? 0L : d" + ordinal + " + " + start);
    String length = names.fresh("sl");
    code.declareFinal(JavaType.INT, length, isNull + " ? 0 : MemoryUtil.getInt(" + offsetAddress
        + " + 4L) - " + start);
    return new StringValue(address, length, isNull);
  }

  private ExprValue literal(Literal literal) {
    TypeKind kind = TypeKind.of(literal.dataType());
    JavaType type = CodegenTypes.javaType(kind);
    if (literal.isNull()) {
      return new ExprValue(type.defaultValue(), "true");
    }
    return new ExprValue(parameters.add(type, literal.value()), "false");
  }

  /**
   * A value computed by one Java expression that may only run when {@code isNull} is false (an
   * ANSI check must not see the garbage behind a NULL).
   */
  private ExprValue simple(TypeKind kind, String isNull, String expression, CodeBlock code) {
    JavaType type = CodegenTypes.javaType(kind);
    String value = names.fresh("e");
    if (isNull.equals("false") || (branchFree && !isNull.equals("true"))) {
      code.declareFinal(type, value, expression);
    } else if (isNull.equals("true")) {
      return new ExprValue(type.defaultValue(), "true");
    } else {
      code.declareFinal(type, value, isNull + " ? " + type.defaultValue() + " : " + expression);
    }
    return new ExprValue(value, isNull);
  }

  private ExprValue negative(Call call, CodeBlock code) {
    ExprValue argument = generate(call.argument(0), code);
    TypeKind kind = TypeKind.of(call.dataType());
    String expression;
    if (CodegenTypes.floating(kind) || !checksOverflow()) {
      expression = CodegenTypes.cast(kind, "-" + argument.value());
    } else {
      expression = CodegenTypes.cast(kind, "Checked.negate(" + argument.value() + ", "
          + Arithmetic.bits(kind) + ")");
    }
    return simple(kind, argument.isNull(), expression, code);
  }

  private ExprValue equalNullSafe(Call call, CodeBlock code) {
    ExprValue left = generate(call.argument(0), code);
    ExprValue right = generate(call.argument(1), code);
    String equal = comparison(FunctionNames.EQUAL, TypeKind.of(call.argument(0).dataType()),
        call.argument(0), left, call.argument(1), right);
    String value = names.fresh("e");
    code.declareFinal(JavaType.BOOLEAN, value, "(" + left.isNull() + " && " + right.isNull()
        + ") || (!" + left.isNull() + " && !" + right.isNull() + " && " + equal + ")");
    return new ExprValue(value, "false");
  }

  /** {@code /} and {@code %}: a zero divisor raises DIVIDE_BY_ZERO in ANSI mode, else gives NULL. */
  private ExprValue division(Call call, CodeBlock code) {
    ExprValue left = generate(call.argument(0), code);
    ExprValue right = generate(call.argument(1), code);
    TypeKind kind = TypeKind.of(call.dataType());
    JavaType type = CodegenTypes.javaType(kind);
    String value = names.fresh("e");
    String inputsNull = Arithmetic.eitherNull(left, right, names, code);
    // in ANSI mode a zero divisor throws, so the result is NULL only for a NULL input
    String isNull = ansi ? inputsNull : names.fresh("en");
    if (!ansi) {
      code.declare(JavaType.BOOLEAN, isNull, inputsNull);
    }
    code.declare(type, value, type.defaultValue());
    code.beginIf("!" + isNull);
    code.beginIf(right.value() + " == 0");
    if (ansi) {
      code.statement("throw Checked.divideByZero()");
    } else {
      code.assign(isNull, "true");
    }
    code.beginElse();
    String operator = call.name().equals(FunctionNames.DIVIDE) ? " / " : " % ";
    code.assign(value, CodegenTypes.cast(kind, left.value() + operator + right.value()));
    code.end().end();
    return new ExprValue(value, isNull);
  }

  private ExprValue andOr(Call call, CodeBlock code, boolean and) {
    if (branchFree) {
      return eagerAndOr(call, code, and);
    }
    ExprValue left = generate(call.argument(0), code);
    String value = names.fresh("e");
    String isNull = names.fresh("en");
    code.declare(JavaType.BOOLEAN, value, Boolean.toString(!and));
    code.declare(JavaType.BOOLEAN, isNull, "false");
    String decided = and ? "!" + left.isNull() + " && !" + left.value() : left.isTrue();
    code.beginIf("!(" + decided + ")");
    pushScope();
    ExprValue right = generate(call.argument(1), code);
    String rightDecides = and ? "!" + right.isNull() + " && !" + right.value() : right.isTrue();
    code.beginIf("!(" + rightDecides + ")");
    code.assign(isNull, left.isNull() + " || " + right.isNull());
    code.assign(value, and ? "!" + isNull : "false");
    code.end();
    popScope();
    code.end();
    return new ExprValue(value, isNull);
  }

  /**
   * AND / OR in branch-free mode, both sides evaluated, without branches: the result is decided by a
   * non-NULL FALSE (AND) or TRUE (OR) side, else NULL when a side is NULL.
   */
  private ExprValue eagerAndOr(Call call, CodeBlock code, boolean and) {
    ExprValue left = generate(call.argument(0), code);
    ExprValue right = generate(call.argument(1), code);
    String decides = and ? "false" : "true";
    String leftDecides = "(!" + left.isNull() + " & " + (and ? "!" : "") + left.value() + ")";
    String rightDecides = "(!" + right.isNull() + " & " + (and ? "!" : "") + right.value() + ")";
    String decided = names.fresh("e");
    code.declareFinal(JavaType.BOOLEAN, decided, leftDecides + " | " + rightDecides);
    String value = names.fresh("e");
    code.declareFinal(JavaType.BOOLEAN, value, and ? "!" + decided : decided);
    if (left.neverNull() && right.neverNull()) {
      return new ExprValue(value, "false");
    }
    String isNull = names.fresh("en");
    code.declareFinal(JavaType.BOOLEAN, isNull, "!" + decided + " & (" + left.isNull() + " | "
        + right.isNull() + ")");
    return new ExprValue(value, isNull);
  }

  private ExprValue caseWhen(Call call, CodeBlock code) {
    if (ExpressionSupport.branchFree(call, ansi && !branchFree)) {
      return selectedCase(call, code);
    }
    JavaType type = CodegenTypes.javaType(TypeKind.of(call.dataType()));
    String value = names.fresh("e");
    String isNull = names.fresh("en");
    code.declare(type, value, type.defaultValue());
    code.declare(JavaType.BOOLEAN, isNull, "true");
    caseBranch(call.arguments(), 0, value, isNull, code);
    return new ExprValue(value, isNull);
  }

  /**
   * A CASE whose arguments cannot throw (in {@link #branchFree} mode: can throw only where the loop
   * is speculative), as a chain of conditional expressions over all its eagerly computed
   * conditions and values, which the JIT compiles to conditional moves: a condition true for a
   * random half of the rows would otherwise mispredict half the time.
   */
  private ExprValue selectedCase(Call call, CodeBlock code) {
    List<Expression> arguments = call.arguments();
    ExprValue otherwise = generate(arguments.get(arguments.size() - 1), code);
    String value = otherwise.value();
    String isNull = otherwise.isNull();
    for (int index = arguments.size() - 3; index >= 0; index -= 2) {
      ExprValue condition = generate(arguments.get(index), code);
      ExprValue result = generate(arguments.get(index + 1), code);
      String test = condition.neverNull() ? "(" + condition.value() + ")"
          : "(!" + condition.isNull() + " & " + condition.value() + ")";
      value = "(" + test + " ? " + result.value() + " : " + value + ")";
      isNull = result.isNull().equals(isNull) ? isNull
          : "(" + test + " ? " + result.isNull() + " : " + isNull + ")";
    }
    JavaType type = CodegenTypes.javaType(TypeKind.of(call.dataType()));
    String selected = names.fresh("e");
    code.declareFinal(type, selected, value);
    if (isNull.equals("false") || isNull.equals("true")) {
      return new ExprValue(selected, isNull);
    }
    String selectedNull = names.fresh("en");
    code.declareFinal(JavaType.BOOLEAN, selectedNull, isNull);
    return new ExprValue(selected, selectedNull);
  }

  private void caseBranch(List<Expression> arguments, int index, String value, String isNull,
      CodeBlock code) {
    if (index == arguments.size() - 1) {
      assignResult(arguments.get(index), value, isNull, code);
      return;
    }
    ExprValue condition = generate(arguments.get(index), code);
    code.beginIf(condition.isTrue());
    assignResult(arguments.get(index + 1), value, isNull, code);
    code.beginElse();
    pushScope();
    caseBranch(arguments, index + 2, value, isNull, code);
    popScope();
    code.end();
  }

  private ExprValue coalesce(Call call, CodeBlock code) {
    JavaType type = CodegenTypes.javaType(TypeKind.of(call.dataType()));
    String value = names.fresh("e");
    String isNull = names.fresh("en");
    code.declare(type, value, type.defaultValue());
    code.declare(JavaType.BOOLEAN, isNull, "true");
    List<Expression> arguments = call.arguments();
    int open = 0;
    for (int index = 0; index < arguments.size(); index++) {
      if (index > 0) {
        code.beginIf(isNull);
        pushScope();
        open++;
      }
      assignResult(arguments.get(index), value, isNull, code);
    }
    for (int index = 0; index < open; index++) {
      popScope();
      code.end();
    }
    return new ExprValue(value, isNull);
  }

  /** Evaluates {@code expression} in a nested scope and copies it into the result locals. */
  private void assignResult(Expression expression, String value, String isNull, CodeBlock code) {
    pushScope();
    ExprValue result = generate(expression, code);
    code.assign(value, result.value());
    code.assign(isNull, result.isNull());
    popScope();
  }

  /** {@code x IN (list)}: TRUE on a match, else NULL when x or an element is NULL, else FALSE. */
  private ExprValue in(Call call, CodeBlock code) {
    ExprValue tested = generate(call.argument(0), code);
    TypeKind kind = TypeKind.of(call.argument(0).dataType());
    String value = names.fresh("e");
    String isNull = names.fresh("en");
    code.declare(JavaType.BOOLEAN, value, "false");
    code.declare(JavaType.BOOLEAN, isNull, tested.isNull());
    code.beginIf("!" + isNull);
    pushScope();
    for (Expression element : call.arguments().subList(1, call.arguments().size())) {
      ExprValue item = generate(element, code);
      String equal = comparison(FunctionNames.EQUAL, kind, call.argument(0), tested, element,
          item);
      if (item.neverNull()) {
        code.beginIf(equal).assign(value, "true").end();
      } else {
        code.beginIf(item.isNull()).assign(isNull, "true").beginElse().beginIf(equal)
            .assign(value, "true").end().end();
      }
    }
    code.beginIf(value).assign(isNull, "false").end();
    popScope();
    code.end();
    return new ExprValue(value, isNull);
  }
}
