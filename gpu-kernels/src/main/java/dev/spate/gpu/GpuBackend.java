package dev.spate.gpu;

import dev.spate.SpateException;
import dev.spate.planner.batch.BatchStream;
import dev.spate.planner.config.ConfigKey;
import dev.spate.planner.config.SpateConfig;
import dev.spate.planner.expr.ColumnRef;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.physical.FilterExec;
import dev.spate.planner.physical.GenerateExec;
import dev.spate.planner.physical.HashAggregateExec;
import dev.spate.planner.physical.PhysicalNode;
import dev.spate.planner.physical.ProjectExec;
import dev.spate.planner.physical.ScanExec;
import dev.spate.planner.spi.Backend;
import dev.spate.planner.spi.ExecContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * The CUDA backend (JCuda driver API over the packaged PTX). It takes Filter and Project nodes whose
 * expressions {@link GpuExpressions} supports, HashAggregate nodes {@link GpuAggregation} supports
 * and the Generate nodes of event-time windows ({@link GpuTimeWindowStream}), when {@code
 * spate.gpu.enabled} is not false, a GPU was found ({@link GpuDevice#unavailableReason()}), and,
 * in {@code auto} mode, the calibrated {@link GpuCostModel} estimates the GPU no slower than the CPU
 * for the node's input (or, when {@link GpuConfig#MIN_INPUT_BYTES} is set, the input is at least
 * that large), and the operator's own switch ({@code spate.gpu.filter.enabled}, {@code
 * spate.gpu.project.enabled}, {@code spate.gpu.aggregate.enabled}, {@code
 * spate.gpu.window.enabled}) is not false. Every refusal is a full sentence for EXPLAIN; a node
 * switched off by its operator's key is not a fallback in strict mode (the user asked for it).
 *
 * <p>Strict mode: with {@code spate.test.failOnFallback=true} and {@code spate.gpu.enabled=true},
 * declining a node the GPU has work for (an unsupported expression, type or aggregate) throws a
 * {@code SpateException} of class GPU with the reason instead of leaving the node to the CPU, and
 * so does a batch that runs out of device memory at run time ({@link GpuRetry}); the cost model is
 * not consulted in that mode, so it never routes a node away. Stateless and thread safe.
 */
public final class GpuBackend implements Backend {
  @Override
  public Kind kind() {
    return Kind.GPU;
  }

  @Override
  public Optional<String> unsupportedReason(PhysicalNode node, SpateConfig config) {
    SpateConfig.GpuMode mode = config.get(SpateConfig.GPU_ENABLED);
    if (mode == SpateConfig.GpuMode.FALSE) {
      return Optional.of("the GPU backend is disabled by spate.gpu.enabled=false");
    }
    Optional<String> unavailable = GpuDevice.unavailableReason();
    if (unavailable.isPresent()) {
      return Optional.of("no GPU: " + unavailable.get());
    }
    Optional<String> switchedOff = operatorSwitch(node)
        .filter(key -> !config.get(key))
        .map(key -> "the GPU " + node.name() + " is disabled by " + key.name() + "=false");
    if (switchedOff.isPresent()) {
      return switchedOff;
    }
    Optional<String> reason = nodeReason(node, config);
    if (reason.isPresent() && offersGpuWork(node)) {
      GpuRetry.checkFallback(config, "GPU " + node.name() + " falls back to the CPU: "
          + reason.get(), null);
    }
    if (reason.isPresent() || mode == SpateConfig.GpuMode.TRUE) {
      return reason;
    }
    return costReason(node, config);
  }

  /**
   * Whether the GPU backend implements {@code node}'s operator and the node has work for it, so
   * that declining it is a fallback (which strict mode forbids) rather than a node the GPU never
   * runs: a Filter reading a column, a Project computing one, a HashAggregate, and the Generate of
   * event-time windows.
   */
  private static boolean offersGpuWork(PhysicalNode node) {
    if (node instanceof FilterExec) {
      return !GpuExpressions.isConstant(((FilterExec) node).condition());
    }
    if (node instanceof ProjectExec) {
      for (Expression projection : ((ProjectExec) node).projections()) {
        if (!(GpuExpressions.unalias(projection) instanceof ColumnRef)) {
          return true;
        }
      }
      return false;
    }
    if (node instanceof GenerateExec) {
      return GpuTimeWindowStream.isTimeWindow((GenerateExec) node);
    }
    return node instanceof HashAggregateExec;
  }

  /** The per-operator switch of {@code node}'s operator ({@link GpuConfig}), if it has one. */
  private static Optional<ConfigKey<Boolean>> operatorSwitch(PhysicalNode node) {
    if (node instanceof FilterExec) {
      return Optional.of(GpuConfig.FILTER_ENABLED);
    }
    if (node instanceof ProjectExec) {
      return Optional.of(GpuConfig.PROJECT_ENABLED);
    }
    if (node instanceof HashAggregateExec) {
      return Optional.of(GpuConfig.AGGREGATE_ENABLED);
    }
    if (node instanceof GenerateExec && GpuTimeWindowStream.isTimeWindow((GenerateExec) node)) {
      return Optional.of(GpuConfig.WINDOW_ENABLED);
    }
    return Optional.empty();
  }

  private static Optional<String> nodeReason(PhysicalNode node, SpateConfig config) {
    if (node instanceof FilterExec) {
      Expression condition = ((FilterExec) node).condition();
      if (!(condition.dataType().getType() instanceof ArrowType.Bool)) {
        return Optional.of("GPU Filter needs a BOOLEAN condition, not " + condition.sql() + ".");
      }
      if (GpuExpressions.isConstant(condition)) {
        return Optional.of("the Filter condition " + condition.sql() + " reads no column, so there"
            + " is no GPU work.");
      }
      return GpuExpressions.unsupportedReason(condition)
          .map(text -> "GPU Filter cannot evaluate its condition: " + text);
    }
    if (node instanceof ProjectExec) {
      boolean computes = false;
      for (Expression projection : ((ProjectExec) node).projections()) {
        Expression value = GpuExpressions.unalias(projection);
        if (!(value instanceof ColumnRef)) {
          if (GpuExpressions.isConstant(value)) {
            return Optional.of("GPU Project computes columns from columns; `" + value.sql()
                + "` is a constant.");
          }
          computes = true;
          Optional<String> reason = GpuExpressions.unsupportedReason(value);
          if (reason.isPresent()) {
            return reason.map(text -> "GPU Project cannot compute a column: " + text);
          }
        }
      }
      return computes ? Optional.empty() : Optional.of("the Project only passes columns through,"
          + " so there is no GPU work.");
    }
    if (node instanceof HashAggregateExec) {
      return GpuAggregation.unsupportedReason((HashAggregateExec) node);
    }
    if (node instanceof GenerateExec) {
      return GpuTimeWindowStream.unsupportedReason((GenerateExec) node,
          config.get(GpuConfig.WINDOW_ITEMS_PER_LAUNCH));
    }
    return Optional.of(node.name() + " is not implemented by the GPU backend (it runs Filter,"
        + " Project, HashAggregate and the Generate of time windows).");
  }

  private static Optional<String> costReason(PhysicalNode node, SpateConfig config) {
    long estimate = inputBytes(node);
    if (config.values().containsKey(GpuConfig.MIN_INPUT_BYTES.name())) {
      return thresholdReason(estimate, config.get(GpuConfig.MIN_INPUT_BYTES));
    }
    if (estimate < 0) {
      return Optional.of("the input size is unknown, so the GPU cost model cannot weigh the"
          + " transfers and spate.gpu.enabled=auto keeps the node on the CPU (set"
          + " spate.gpu.minInputBytes to override).");
    }
    GpuCostModel.Profile profile = GpuCostModel.Profile.of(node)
        .withCpuBytesPerSecond(config.get(GpuConfig.CPU_BYTES_PER_SECOND));
    return GpuCostModel.cpuReason(profile, estimate, GpuDevice.get().calibration());
  }

  /** The explicit gate {@link GpuConfig#MIN_INPUT_BYTES} over an input of {@code estimate}. */
  private static Optional<String> thresholdReason(long estimate, long minimum) {
    if (minimum <= 0) {
      return Optional.empty();
    }
    if (estimate < 0) {
      return Optional.of("the input size is unknown, and spate.gpu.enabled=auto uses the GPU only"
          + " for inputs of at least spate.gpu.minInputBytes=" + minimum + " bytes.");
    }
    if (estimate < minimum) {
      return Optional.of(String.format(java.util.Locale.ROOT, "the input of about %.1f MB is"
          + " below the GPU transfer break-even spate.gpu.minInputBytes=%d bytes.",
          estimate / 1e6, minimum));
    }
    return Optional.empty();
  }

  /** The estimated bytes of the tables below {@code node}, or -1 when one is unknown. */
  private static long inputBytes(PhysicalNode node) {
    if (node instanceof ScanExec) {
      return ((ScanExec) node).source().estimatedBytes();
    }
    long total = 0;
    for (PhysicalNode child : node.children()) {
      long bytes = inputBytes(child);
      if (bytes < 0) {
        return -1;
      }
      total += bytes;
    }
    return total;
  }

  /**
   * A HashAggregate whose input is a chain of GPU Filter / Project streams that {@link GpuProgram}
   * compiles runs them in its fused kernel (the streams are absorbed); otherwise it runs over them.
   */
  private static BatchStream openAggregate(GpuDevice device, HashAggregateExec node,
      BatchStream input, ExecContext context) {
    List<FusibleStream> streams = new ArrayList<>();
    for (BatchStream below = input; below instanceof FusibleStream;
        below = ((FusibleStream) below).input()) {
      streams.add(0, (FusibleStream) below);
    }
    List<PhysicalNode> chain = new ArrayList<>();
    streams.forEach(stream -> chain.add(stream.node()));
    if (chain.isEmpty() || fusionReason(node, chain).isPresent()) {
      return new GpuHashAggregateStream(device, node, input, context);
    }
    BatchStream source = streams.get(0).absorb();
    streams.forEach(FusibleStream::absorb);
    return new GpuHashAggregateStream(device, node, chain, source, context);
  }

  /** Empty when the HashAggregate {@code node} fuses {@code chain} (bottom-up); else why not. */
  static Optional<String> fusionReason(HashAggregateExec node, List<PhysicalNode> chain) {
    return GpuProgram.unsupportedReason(chain, GpuAggregation.of(node));
  }

  @Override
  public BatchStream open(PhysicalNode node, List<BatchStream> inputs, ExecContext context) {
    if (inputs.size() != 1) {
      throw SpateException.internal("GPU node " + node.name() + " expects one input, got "
          + inputs.size(), null);
    }
    GpuDevice device = GpuDevice.get();
    device.applyMemoryLimit(context.config().get(GpuConfig.MEMORY_LIMIT_BYTES));
    if (node instanceof FilterExec) {
      return new GpuFilterStream(device, (FilterExec) node, inputs.get(0), context);
    }
    if (node instanceof ProjectExec) {
      return new GpuProjectStream(device, (ProjectExec) node, inputs.get(0), context);
    }
    if (node instanceof HashAggregateExec) {
      return openAggregate(device, (HashAggregateExec) node, inputs.get(0), context);
    }
    if (node instanceof GenerateExec) {
      return new GpuTimeWindowStream(device, (GenerateExec) node, inputs.get(0), context);
    }
    throw SpateException.internal("the GPU backend cannot open " + node.name(), null);
  }
}
