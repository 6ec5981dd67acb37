package dev.spate.gpu;

import static java.util.Objects.requireNonNull;

import dev.spate.cpu.expr.Errors;
import dev.spate.cpu.expr.TypeKind;
import dev.spate.planner.expr.Alias;
import dev.spate.planner.expr.Call;
import dev.spate.planner.expr.Cast;
import dev.spate.planner.expr.ColumnRef;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.expr.FunctionNames;
import dev.spate.planner.expr.Literal;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Which expressions the kernels compute exactly as Spark does, and their evaluation on a {@link
 * DeviceBatch} as a chain of single-operator kernels: comparisons ({@code spate_compare_*}),
 * arithmetic ({@code spate_arith_*}, ANSI overflow and division by zero through the error word),
 * Kleene boolean logic and IS [NOT] NULL ({@code spate_bool_op}) and widening casts ({@code
 * spate_cast_*}). Everything else has a full-sentence reason and stays on the CPU.
 */
final class GpuExpressions {
  static final Map<String, Integer> COMPARISONS = Map.of(
      FunctionNames.EQUAL, KernelCodes.CMP_EQ, FunctionNames.NOT_EQUAL, KernelCodes.CMP_NE,
      FunctionNames.LESS_THAN, KernelCodes.CMP_LT,
      FunctionNames.LESS_THAN_OR_EQUAL, KernelCodes.CMP_LE,
      FunctionNames.GREATER_THAN, KernelCodes.CMP_GT,
      FunctionNames.GREATER_THAN_OR_EQUAL, KernelCodes.CMP_GE,
      FunctionNames.EQUAL_NULL_SAFE, KernelCodes.CMP_EQ_NULL_SAFE);
  static final Map<String, Integer> ARITHMETIC = Map.of(
      FunctionNames.ADD, KernelCodes.ARITH_ADD, FunctionNames.SUBTRACT, KernelCodes.ARITH_SUB,
      FunctionNames.MULTIPLY, KernelCodes.ARITH_MUL, FunctionNames.DIVIDE, KernelCodes.ARITH_DIV,
      FunctionNames.INTEGRAL_DIVIDE, KernelCodes.ARITH_DIV,
      FunctionNames.REMAINDER, KernelCodes.ARITH_MOD, "mod", KernelCodes.ARITH_MOD);
  static final Map<String, String> TRY_NAMES = Map.of(
      FunctionNames.ADD, "try_add", FunctionNames.SUBTRACT, "try_subtract",
      FunctionNames.MULTIPLY, "try_multiply", FunctionNames.INTEGRAL_DIVIDE, "try_divide",
      FunctionNames.REMAINDER, "try_remainder", "mod", "try_remainder");
  static final Map<String, Integer> BOOLEAN_OPS = Map.of(
      FunctionNames.AND, KernelCodes.BOOL_AND, FunctionNames.OR, KernelCodes.BOOL_OR,
      FunctionNames.NOT, KernelCodes.BOOL_NOT, FunctionNames.IS_NULL, KernelCodes.BOOL_IS_NULL,
      FunctionNames.IS_NOT_NULL, KernelCodes.BOOL_IS_NOT_NULL);
  private static final String SUPPORTED = "GPU expressions are INT/BIGINT/FLOAT/DOUBLE columns and"
      + " non-null literals, comparisons (also of DATE/TIMESTAMP), + - * / div %, AND/OR/NOT,"
      + " IS [NOT] NULL and casts INT->BIGINT, INT/BIGINT/FLOAT->DOUBLE";

  private final GpuDevice device;
  private final DeviceBatch batch;
  private final boolean ansi;

  GpuExpressions(GpuDevice device, DeviceBatch batch, boolean ansi) {
    this.device = requireNonNull(device, "device is null");
    this.batch = requireNonNull(batch, "batch is null");
    this.ansi = ansi;
  }

  /** Empty when {@link #evaluate} can compute {@code expression}; otherwise why not. */
  static Optional<String> unsupportedReason(Expression expression) {
    Expression value = unalias(expression);
    if (value instanceof ColumnRef) {
      return GpuType.of(value.dataType().getType()).isPresent() ? Optional.empty()
          : Optional.of(unsupportedType(value));
    }
    if (value instanceof Literal) {
      Literal literal = (Literal) value;
      if (literal.isNull() || !(literal.value() instanceof Number)
          || GpuType.of(literal.dataType().getType()).filter(GpuType::isNumeric).isEmpty()) {
        return Optional.of("the literal " + literal.sql() + " is not a non-null numeric literal; "
            + SUPPORTED + ".");
      }
      return Optional.empty();
    }
    if (value instanceof Cast) {
      Cast cast = (Cast) value;
      if (castKernel(cast).isEmpty()) {
        return Optional.of("`" + cast.sql() + "` is not a widening cast the GPU kernels offer; "
            + SUPPORTED + ".");
      }
      return unsupportedReason(cast.child());
    }
    if (value instanceof Call) {
      return callReason((Call) value);
    }
    return Optional.of("`" + value.sql() + "` is not supported on GPU; " + SUPPORTED + ".");
  }

  private static Optional<String> callReason(Call call) {
    String name = call.name();
    if (COMPARISONS.containsKey(name) || ARITHMETIC.containsKey(name)) {
      ArrowType left = call.argument(0).dataType().getType();
      ArrowType right = call.argument(1).dataType().getType();
      Optional<GpuType> type = COMPARISONS.containsKey(name) ? GpuType.of(left)
          : GpuType.arithmetic(left);
      boolean sameTypes = left.equals(right) && type.filter(GpuType::isNumeric).isPresent();
      boolean arithmeticResult = COMPARISONS.containsKey(name)
          || call.dataType().getType().equals(left);
      if (!sameTypes || !arithmeticResult) {
        return Optional.of("`" + call.sql() + "` on " + left + " and " + right
            + " is not supported on GPU; " + SUPPORTED + ".");
      }
      if (name.equals(FunctionNames.DIVIDE)
          && (type.get() == GpuType.INT32 || type.get() == GpuType.INT64)) {
        return Optional.of("`" + call.sql() + "` divides integers, which Spark does in DOUBLE;"
            + " the GPU divides only FLOAT/DOUBLE with / and integers with div.");
      }
      if (call.argument(0) instanceof Literal && call.argument(1) instanceof Literal) {
        return Optional.of("`" + call.sql() + "` has only literal operands; the GPU kernels need"
            + " a column.");
      }
    } else if (BOOLEAN_OPS.containsKey(name)) {
      for (Expression argument : call.arguments()) {
        if (isConstant(argument)) {
          return Optional.of("`" + call.sql() + "` has a constant operand, which the GPU boolean"
              + " kernel does not take.");
        }
      }
    } else {
      return Optional.of("`" + call.sql() + "` (" + name + ") is not supported on GPU; "
          + SUPPORTED + ".");
    }
    for (Expression argument : call.arguments()) {
      Optional<String> reason = unsupportedReason(argument);
      if (reason.isPresent()) {
        return reason;
      }
    }
    return Optional.empty();
  }

  private static String unsupportedType(Expression value) {
    return "`" + value.sql() + "` has type " + value.dataType().getType()
        + ", which the GPU kernels do not take; " + SUPPORTED + ".";
  }

  /** The cast kernel for {@code cast}, or empty; an identity cast maps to the empty name "". */
  private static Optional<String> castKernel(Cast cast) {
    Optional<GpuType> from = GpuType.arithmetic(cast.child().dataType().getType());
    Optional<GpuType> to = GpuType.arithmetic(cast.dataType().getType());
    if (from.isEmpty() || to.isEmpty()) {
      return Optional.empty();
    }
    if (from.get() == to.get()) {
      return Optional.of("");
    }
    String name = "spate_cast_" + from.get().suffix() + "_" + to.get().suffix();
    switch (name) {
      case "spate_cast_i32_i64":
      case "spate_cast_i32_f64":
      case "spate_cast_i64_f64":
      case "spate_cast_f32_f64":
        return Optional.of(name);
      default:
        return Optional.empty();
    }
  }

  /** Whether {@code expression} reads no column (its value is a scalar, not a device column). */
  static boolean isConstant(Expression expression) {
    return !expression.anyMatch(node -> node instanceof ColumnRef);
  }

  static Expression unalias(Expression expression) {
    Expression value = expression;
    while (value instanceof Alias) {
      value = ((Alias) value).child();
    }
    return value;
  }

  /**
   * The value of {@code expression} (which {@link #unsupportedReason} accepts) over every physical
   * row of the batch; the caller closes it.
   */
  DeviceValue evaluate(Expression expression) {
    Expression value = unalias(expression);
    if (value instanceof ColumnRef) {
      ColumnRef column = (ColumnRef) value;
      return batch.column(column.ordinal(), GpuType.of(column.dataType().getType()).orElseThrow());
    }
    if (value instanceof Literal) {
      return DeviceValue.scalar(GpuType.of(value.dataType().getType()).orElseThrow(),
          (Number) ((Literal) value).value());
    }
    if (value instanceof Cast) {
      return cast((Cast) value);
    }
    Call call = (Call) value;
    if (COMPARISONS.containsKey(call.name())) {
      return compare(call);
    }
    if (ARITHMETIC.containsKey(call.name())) {
      return arithmetic(call);
    }
    return booleanOp(call);
  }

  private DeviceValue cast(Cast cast) {
    String kernel = castKernel(cast).orElseThrow();
    DeviceValue input = evaluate(cast.child());
    if (kernel.isEmpty()) {
      return input;
    }
    GpuType to = GpuType.arithmetic(cast.dataType().getType()).orElseThrow();
    if (input.isScalar()) {
      // Widening casts of a constant: Java's conversions round as the kernels do.
      Number value = input.scalar();
      return DeviceValue.scalar(to, to == GpuType.INT64 ? (Number) value.longValue()
          : (Number) value.doubleValue());
    }
    try (input) {
      return castColumn(input, kernel, to);
    }
  }

  /**
   * The column {@code input} (not a scalar; left open) converted by the cast kernel {@code kernel}
   * (a {@code spate_cast_*} entry point) to {@code to}; the caller closes the result.
   */
  DeviceValue castColumn(DeviceValue input, String kernel, GpuType to) {
    return launchColumn(to, kernel, (args, out, outValidity) -> args.pointer(input.values())
        .pointer(input.validity()).i32(batch.rowCount()).pointer(out).pointer(outValidity));
  }

  private DeviceValue compare(Call call) {
    try (DeviceValue left = evaluate(call.argument(0));
        DeviceValue right = evaluate(call.argument(1))) {
      return launchColumn(GpuType.BOOLEAN, "spate_compare_" + left.type().suffix(),
          (args, out, outValidity) -> right.addOperand(left.addOperand(args))
              .i32(batch.rowCount()).i32(COMPARISONS.get(call.name())).pointer(out)
              .pointer(outValidity));
    }
  }

  private DeviceValue arithmetic(Call call) {
    try (DeviceValue left = evaluate(call.argument(0));
        DeviceValue right = evaluate(call.argument(1));
        DeviceBuffer errors = device.zeroed(4)) {
      DeviceValue result = launchColumn(left.type(), "spate_arith_" + left.type().suffix(),
          (args, out, outValidity) -> right.addOperand(left.addOperand(args))
              .i32(batch.rowCount()).i32(ARITHMETIC.get(call.name())).i32(ansi ? 1 : 0)
              .pointer(out).pointer(outValidity).pointer(errors));
      int flags = ansi ? device.downloadInts(errors, 1)[0] : 0;
      if (flags != 0) {
        result.close();
        if ((flags & KernelCodes.ERR_OVERFLOW) != 0) {
          throw Errors.arithmeticOverflow(left.type() == GpuType.INT32 ? TypeKind.INT32
              : TypeKind.INT64, TRY_NAMES.get(call.name()));
        }
        throw Errors.divideByZero();
      }
      return result;
    }
  }

  private DeviceValue booleanOp(Call call) {
    try (DeviceValue left = evaluate(call.argument(0));
        DeviceValue right = call.arguments().size() > 1 ? evaluate(call.argument(1)) : null) {
      return launchColumn(GpuType.BOOLEAN, "spate_bool_op", (args, out, outValidity) -> args
          // IS [NOT] NULL of a numeric column reads only validity; its value buffer is at least
          // as long as a bitmap, so passing it as "bits" stays inside the allocation.
          .pointer(left.values()).pointer(left.validity())
          .pointer(right == null ? null : right.values())
          .pointer(right == null ? null : right.validity())
          .i32(batch.rowCount()).i32(BOOLEAN_OPS.get(call.name())).pointer(out)
          .pointer(outValidity));
    }
  }

  /** Adds a kernel's parameters given its output buffers. */
  @FunctionalInterface
  private interface Parameters {
    KernelArgs add(KernelArgs args, DeviceBuffer out, DeviceBuffer outValidity);
  }

  private DeviceValue launchColumn(GpuType type, String kernel, Parameters parameters) {
    int rows = batch.rowCount();
    DeviceBuffer out = device.pool().allocate(type.valueBytes(rows));
    DeviceBuffer outValidity = null;
    try {
      outValidity = device.pool().allocate(GpuType.validityBytes(rows));
      device.launch(kernel, rows, parameters.add(new KernelArgs(), out, outValidity).list());
      return DeviceValue.column(type, out, outValidity, true);
    } catch (RuntimeException e) {
      out.close();
      if (outValidity != null) {
        outValidity.close();
      }
      throw e;
    }
  }
}
