package dev.spate.gpu;

import static java.util.Objects.requireNonNull;

import dev.spate.SpateException;
import dev.spate.planner.expr.AggregateCall;
import dev.spate.planner.expr.Cast;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.expr.Literal;
import dev.spate.planner.physical.HashAggregateExec;
import dev.spate.planner.types.DataTypes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Which {@link HashAggregateExec}s the hash-aggregation kernels run exactly as the CPU backend does,
 * and how: the grouping keys (non-constant INT/BIGINT/FLOAT/DOUBLE/DATE/TIMESTAMP expressions that
 * {@link GpuExpressions} evaluates, at most {@value #MAX_KEYS}; none for a global aggregate) and the
 * accumulator {@link Input}s the aggregates read, shared between aggregates over the same value
 * ({@code sum(x)}, {@code avg(x)} and {@code max(x)} update one accumulator).
 *
 * <p>Supported aggregates, without DISTINCT: {@code count(*)}, {@code count(x)}, {@code sum}, {@code
 * min}, {@code max} and {@code avg}/{@code mean} over INT/BIGINT/FLOAT/DOUBLE (min, max and count
 * also over DATE/TIMESTAMP), with Spark's result types. {@code avg} of an integral value
 * accumulates the value cast to DOUBLE, as the CPU does. Everything else has a full-sentence reason.
 * Immutable.
 */
final class GpuAggregation {
  /** The most grouping keys: the composite table packs one null bit per key into one word. */
  static final int MAX_KEYS = 63;

  /** What an output column computes from its input's accumulator. */
  enum Function { COUNT, SUM, AVG, MIN, MAX }

  /**
   * One accumulator: the value its update kernel reads, as kernel type {@code type}; a null value
   * is {@code count(*)}, which accumulates the (never NULL) row slots themselves.
   */
  record Input(Expression value, GpuType type) {
    Input {
      requireNonNull(type, "type is null");
    }
  }

  /** One aggregate: its function over input {@code input}; {@code description} names it in errors. */
  record Output(Function function, int input, String description) {
    Output {
      requireNonNull(function, "function is null");
      requireNonNull(description, "description is null");
    }
  }

  private static final String SUPPORTED = "the GPU aggregates are count(*), count(x), and sum, avg,"
      + " min and max over INT/BIGINT/FLOAT/DOUBLE (min, max and count also over DATE/TIMESTAMP),"
      + " without DISTINCT";

  private final List<Expression> keys;
  private final List<GpuType> keyTypes;
  private final List<Input> inputs;
  private final List<Output> outputs;

  private GpuAggregation(List<Expression> keys, List<GpuType> keyTypes, List<Input> inputs,
      List<Output> outputs) {
    this.keys = List.copyOf(keys);
    this.keyTypes = List.copyOf(keyTypes);
    this.inputs = List.copyOf(inputs);
    this.outputs = List.copyOf(outputs);
  }

  /** Empty when the kernels can run {@code node}; otherwise a full sentence saying why not. */
  static Optional<String> unsupportedReason(HashAggregateExec node) {
    if (node.keys().size() > MAX_KEYS) {
      return Optional.of("GPU HashAggregate takes at most " + MAX_KEYS + " grouping keys, not "
          + node.keys().size() + ".");
    }
    for (Expression key : node.keys()) {
      Optional<String> reason = keyReason(key);
      if (reason.isPresent()) {
        return reason;
      }
    }
    for (AggregateCall call : node.aggregates()) {
      Optional<String> reason = callReason(call);
      if (reason.isPresent()) {
        return reason.map(text -> "GPU HashAggregate cannot compute `" + call.sql() + "`: " + text);
      }
    }
    return Optional.empty();
  }

  /** The layout of a node {@link #unsupportedReason} accepts. */
  static GpuAggregation of(HashAggregateExec node) {
    Optional<String> reason = unsupportedReason(node);
    if (reason.isPresent()) {
      throw SpateException.internal("the GPU cannot run this HashAggregate: " + reason.get(), null);
    }
    List<GpuType> keyTypes = new ArrayList<>();
    for (Expression key : node.keys()) {
      keyTypes.add(GpuType.of(key.dataType().getType()).orElseThrow());
    }
    List<Input> inputs = new ArrayList<>();
    List<Output> outputs = new ArrayList<>();
    for (AggregateCall call : node.aggregates()) {
      Function function = function(call);
      Input input = inputOf(call, function);
      int index = inputs.indexOf(input);
      if (index < 0) {
        index = inputs.size();
        inputs.add(input);
      }
      outputs.add(new Output(function, index, call.sql()));
    }
    return new GpuAggregation(node.keys(), keyTypes, inputs, outputs);
  }

  private static Optional<String> keyReason(Expression key) {
    Optional<GpuType> type = GpuType.of(key.dataType().getType());
    if (type.isEmpty() || type.get() == GpuType.BOOLEAN) {
      return Optional.of("GPU HashAggregate groups by INT/BIGINT/FLOAT/DOUBLE/DATE/TIMESTAMP keys;"
          + " the key `" + key.sql() + "` has type " + key.dataType().getType() + ".");
    }
    if (GpuExpressions.isConstant(key)) {
      return Optional.of("GPU HashAggregate needs grouping keys that read a column; `" + key.sql()
          + "` is a constant.");
    }
    return GpuExpressions.unsupportedReason(key)
        .map(text -> "GPU HashAggregate cannot evaluate the grouping key: " + text);
  }

  private static Optional<String> callReason(AggregateCall call) {
    if (call.distinct()) {
      return Optional.of("DISTINCT aggregates stay on the CPU; " + SUPPORTED + ".");
    }
    Function function = function(call);
    if (function == null) {
      return Optional.of(call.name() + " is not a GPU aggregate; " + SUPPORTED + ".");
    }
    if (function == Function.COUNT && isCountStar(call)) {
      return Optional.empty();
    }
    if (call.arguments().size() != 1) {
      return Optional.of("it takes " + call.arguments().size() + " arguments; " + SUPPORTED + ".");
    }
    Expression argument = call.arguments().get(0);
    ArrowType type = argument.dataType().getType();
    boolean orderedOnly = function == Function.COUNT || function == Function.MIN
        || function == Function.MAX;
    Optional<GpuType> kernelType = orderedOnly ? GpuType.of(type) : GpuType.arithmetic(type);
    if (kernelType.isEmpty() || kernelType.get() == GpuType.BOOLEAN) {
      return Optional.of("its argument has type " + type + "; " + SUPPORTED + ".");
    }
    ArrowType expected = resultType(function, argument.dataType());
    if (!call.dataType().getType().equals(expected)) {
      return Optional.of("its result type " + call.dataType().getType() + " is not the "
          + expected + " the kernels produce.");
    }
    if (GpuExpressions.isConstant(argument)) {
      return Optional.of("its argument is a constant, which the update kernels do not take.");
    }
    return GpuExpressions.unsupportedReason(argument);
  }

  private static Function function(AggregateCall call) {
    switch (call.name().toLowerCase(Locale.ROOT)) {
      case "count":
        return Function.COUNT;
      case "sum":
        return Function.SUM;
      case "avg":
      case "mean":
        return Function.AVG;
      case "min":
        return Function.MIN;
      case "max":
        return Function.MAX;
      default:
        return null;
    }
  }

  /** {@code count(*)}, also written {@code count(1)}: no argument, or a non-NULL literal. */
  private static boolean isCountStar(AggregateCall call) {
    return call.arguments().isEmpty() || call.arguments().size() == 1
        && call.arguments().get(0) instanceof Literal
        && !((Literal) call.arguments().get(0)).isNull();
  }

  private static ArrowType resultType(Function function, Field argument) {
    switch (function) {
      case COUNT:
        return DataTypes.BIGINT;
      case SUM:
        return argument.getType() instanceof ArrowType.FloatingPoint ? DataTypes.DOUBLE
            : DataTypes.BIGINT;
      case AVG:
        return DataTypes.DOUBLE;
      default:
        return argument.getType();
    }
  }

  private static Input inputOf(AggregateCall call, Function function) {
    if (function == Function.COUNT && isCountStar(call)) {
      return new Input(null, GpuType.INT32);
    }
    Expression argument = GpuExpressions.unalias(call.arguments().get(0));
    GpuType type = GpuType.of(argument.dataType().getType()).orElseThrow();
    if (function == Function.AVG && (type == GpuType.INT32 || type == GpuType.INT64)) {
      // Spark (and the CPU backend) average integers in DOUBLE.
      return new Input(new Cast(argument, DataTypes.field("", DataTypes.DOUBLE, true)),
          GpuType.FLOAT64);
    }
    return new Input(argument, type);
  }

  List<Expression> keys() {
    return keys;
  }

  List<GpuType> keyTypes() {
    return keyTypes;
  }

  List<Input> inputs() {
    return inputs;
  }

  List<Output> outputs() {
    return outputs;
  }
}
