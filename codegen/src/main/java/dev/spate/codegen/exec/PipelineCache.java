package dev.spate.codegen.exec;

import static java.util.Objects.requireNonNull;

import dev.spate.codegen.CodegenConfig;
import dev.spate.codegen.compile.CodegenFailure;
import dev.spate.codegen.compile.CodegenMetrics;
import dev.spate.codegen.compile.PipelineCompiler;
import dev.spate.codegen.generate.GeneratedSource;
import dev.spate.codegen.generate.PipelineSpec;
import dev.spate.codegen.runtime.PipelineKernel;
import dev.spate.planner.config.SpateConfig;
import dev.spate.planner.physical.PhysicalNode;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The compiled pipelines of the plans being run, remembered per fused node chain so that a plan
 * opened again (every micro-batch of a streaming query opens its physical plan anew) finds its
 * class without generating the source again: planning and codegen happen once per query, not once
 * per batch. Chains are found by the identity of their nodes (physical nodes compare by identity),
 * so two plans of equal shape with other literals have separate entries, each with its own
 * literals, that share one class through the {@link PipelineCompiler}'s cache. Entries hold their
 * top node weakly and no node strongly, so they go when the plan is no longer used. Failures are
 * remembered too. Thread safe.
 */
public final class PipelineCache {
  private final PipelineCompiler compiler;
  private final Map<PhysicalNode, Entry> byTopNode = new WeakHashMap<>();

  public PipelineCache(PipelineCompiler compiler) {
    this.compiler = requireNonNull(compiler, "compiler is null");
  }

  /** Process-wide counters of the compiler behind this cache. */
  public CodegenMetrics metrics() {
    return compiler.metrics();
  }

  /**
   * The compiled pipeline of {@code spec} under {@code config}: remembered when this chain of
   * nodes was compiled before under the same settings, else generated and compiled (or found in
   * the class cache).
   *
   * @throws CodegenFailure when the generated class cannot be used (also when remembered)
   */
  public CompiledPipeline compile(PipelineSpec spec, SpateConfig config) throws CodegenFailure {
    List<PhysicalNode> nodes = spec.nodes();
    PhysicalNode top = nodes.get(nodes.size() - 1);
    Settings settings = Settings.of(config);
    Entry entry;
    synchronized (byTopNode) {
      entry = byTopNode.get(top);
    }
    if (entry != null && entry.matches(nodes, settings)) {
      compiler.metrics().hit();
      return entry.pipeline(spec);
    }
    try {
      CompiledPipeline compiled = CompiledPipeline.compile(spec, config, compiler);
      remember(top, new Entry(nodes, settings, compiled.generated(), compiled.kernelClass(), null));
      return compiled;
    } catch (CodegenFailure failure) {
      remember(top, new Entry(nodes, settings, null, null, failure));
      throw failure;
    }
  }

  private void remember(PhysicalNode top, Entry entry) {
    synchronized (byTopNode) {
      byTopNode.put(top, entry);
    }
  }

  /** The configuration values that change the generated source or the compiled class. */
  private record Settings(boolean ansi, int methodBudget, int maxMethodBytes,
      boolean forceCompileError, boolean vectorize) {
    static Settings of(SpateConfig config) {
      return new Settings(config.ansi(), config.get(CodegenConfig.METHOD_BUDGET),
          config.get(CodegenConfig.MAX_METHOD_BYTES),
          config.get(CodegenConfig.FORCE_COMPILE_ERROR), config.get(CodegenConfig.VECTORIZE));
    }
  }

  /**
   * One chain's class (or failure), found under its top node. It names the chain by its bottom
   * node (held weakly: it is reachable from the top node) and its length, and keeps no node
   * strongly, so the weak key can be cleared.
   */
  private static final class Entry {
    private final WeakReference<PhysicalNode> bottom;
    private final int length;
    private final Settings settings;
    private final GeneratedSource generated;
    private final Class<? extends PipelineKernel> kernelClass;
    private final CodegenFailure failure;

    Entry(List<PhysicalNode> nodes, Settings settings, GeneratedSource generated,
        Class<? extends PipelineKernel> kernelClass, CodegenFailure failure) {
      this.bottom = new WeakReference<>(nodes.get(0));
      this.length = nodes.size();
      this.settings = requireNonNull(settings, "settings is null");
      this.generated = generated;
      this.kernelClass = kernelClass;
      this.failure = failure;
    }

    boolean matches(List<PhysicalNode> nodes, Settings current) {
      return length == nodes.size() && bottom.get() == nodes.get(0) && settings.equals(current);
    }

    /** The pipeline of {@code spec} (this entry's chain), or a fresh copy of the failure. */
    CompiledPipeline pipeline(PipelineSpec spec) throws CodegenFailure {
      if (failure != null) {
        throw new CodegenFailure(failure.getMessage(), failure.source(), failure.getCause());
      }
      return new CompiledPipeline(spec, generated, kernelClass);
    }
  }
}
