package dev.spate.codegen;

import dev.spate.codegen.compile.CodegenFailure;
import dev.spate.codegen.compile.CodegenMetrics;
import dev.spate.codegen.compile.PipelineCompiler;
import dev.spate.codegen.exec.CompiledPipeline;
import dev.spate.codegen.exec.PipelineCache;
import dev.spate.codegen.exec.PipelineStream;
import dev.spate.codegen.generate.PipelineSpec;
import dev.spate.planner.batch.BatchStream;
import dev.spate.planner.config.SpateConfig;
import dev.spate.planner.physical.FilterExec;
import dev.spate.planner.physical.PhysicalNode;
import dev.spate.planner.physical.ProjectExec;
import dev.spate.planner.spi.Backend;
import dev.spate.planner.spi.ExecContext;
import dev.spate.planner.spi.PlacedPlan;
import dev.spate.planner.spi.PlacementRefiner;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Janino code generation backend. It takes Filter, Project and HashAggregate nodes whose
 * expressions it generates; a chain of such nodes (up to a HashAggregate, the pipeline breaker)
 * runs as one generated class with one loop over the Arrow buffers ({@link PipelineStream}). As a
 * {@link PlacementRefiner} it compiles each pipeline of a placed plan once (classes are cached by
 * their normalised source, so equal shapes with other literals share a class) and moves the nodes
 * of a pipeline whose class cannot be used onto the next backend, with the reason; under {@code
 * spate.test.failOnFallback=true} it throws instead. Opening the plan (once per micro-batch of a
 * streaming query) finds each pipeline's class by its nodes ({@link PipelineCache}) without
 * generating the source again. Stateless apart from the process-wide caches; thread safe.
 */
public final class CodegenBackend implements Backend, PlacementRefiner {
  private static final PipelineCache PIPELINES = new PipelineCache(new PipelineCompiler());

  /** Process-wide codegen counters (sources generated, compiles, cache hits, failures). */
  public static CodegenMetrics.Snapshot metrics() {
    return PIPELINES.metrics().snapshot();
  }

  /** The codegen counters of the work done on the calling thread. */
  public static CodegenMetrics.Snapshot threadMetrics() {
    return PIPELINES.metrics().threadSnapshot();
  }

  @Override
  public Kind kind() {
    return Kind.CODEGEN;
  }

  @Override
  public Optional<String> unsupportedReason(PhysicalNode node, SpateConfig config) {
    if (!config.get(SpateConfig.CODEGEN_ENABLED)) {
      return Optional.of("codegen is disabled by spate.codegen.enabled=false");
    }
    return NodeSupport.unsupportedReason(node);
  }

  @Override
  public BatchStream open(PhysicalNode node, List<BatchStream> inputs, ExecContext context) {
    if (inputs.size() != 1) {
      throw dev.spate.SpateException.internal("codegen node " + node.name() + " expects one input,"
          + " got " + inputs.size(), null);
    }
    return PipelineStream.open(node, inputs.get(0), context, PIPELINES);
  }

  @Override
  public PlacedPlan refine(PlacedPlan plan, List<Backend> backends, SpateConfig config) {
    return refine(plan, false, backends, config);
  }

  private PlacedPlan refine(PlacedPlan placed, boolean inParentPipeline, List<Backend> backends,
      SpateConfig config) {
    boolean mine = placed.backend() instanceof CodegenBackend;
    List<PlacedPlan> children = new ArrayList<>();
    boolean changed = false;
    for (PlacedPlan child : placed.children()) {
      PlacedPlan refined = refine(child, mine && joinsParent(child), backends, config);
      changed |= refined != child;
      children.add(refined);
    }
    PlacedPlan current = changed
        ? new PlacedPlan(placed.node(), placed.backend(), placed.reasons(), children) : placed;
    if (!mine || inParentPipeline) {
      return current;
    }
    List<PhysicalNode> chain = new ArrayList<>();
    for (PlacedPlan node = current; ; node = node.children().get(0)) {
      chain.add(0, node.node());
      if (node.children().size() != 1 || !joinsParent(node.children().get(0))) {
        break;
      }
    }
    PipelineSpec spec = PipelineSpec.of(chain);
    try {
      PIPELINES.compile(spec, config);
      return current;
    } catch (CodegenFailure failure) {
      if (config.get(SpateConfig.FAIL_ON_FALLBACK)) {
        throw CompiledPipeline.fallbackForbidden(spec, failure);
      }
      return fallBack(current, chain.size(), CompiledPipeline.reason(spec, failure), backends,
          config);
    }
  }

  /** Whether {@code child} is fused into its parent's pipeline (a codegen Filter or Project). */
  private static boolean joinsParent(PlacedPlan child) {
    return child.backend() instanceof CodegenBackend
        && (child.node() instanceof FilterExec || child.node() instanceof ProjectExec);
  }

  /** Re-places the top {@code depth} nodes of {@code placed} on the backends after codegen. */
  private static PlacedPlan fallBack(PlacedPlan placed, int depth, String reason,
      List<Backend> backends, SpateConfig config) {
    List<PlacedPlan> children = placed.children();
    if (depth > 1) {
      children = List.of(fallBack(children.get(0), depth - 1, reason, backends, config));
    }
    List<String> reasons = new ArrayList<>(placed.reasons());
    reasons.add("codegen: " + reason);
    for (Backend backend : backends) {
      if (backend.kind().compareTo(Kind.CODEGEN) > 0
          && backend.unsupportedReason(placed.node(), config).isEmpty()) {
        return new PlacedPlan(placed.node(), backend, reasons, children);
      }
    }
    throw dev.spate.SpateException.plan("no backend after codegen can run %s: %s",
        placed.node().name(), reasons);
  }
}
