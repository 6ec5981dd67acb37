package dev.spate.codegen.exec;

import static java.util.Objects.requireNonNull;

import dev.spate.SpateException;
import dev.spate.codegen.CodegenConfig;
import dev.spate.codegen.compile.CodegenFailure;
import dev.spate.codegen.compile.PipelineCompiler;
import dev.spate.codegen.generate.GeneratedSource;
import dev.spate.codegen.generate.PipelineGenerator;
import dev.spate.codegen.generate.PipelineSpec;
import dev.spate.codegen.generate.VectorApi;
import dev.spate.codegen.runtime.PipelineKernel;
import dev.spate.planner.config.SpateConfig;
import java.lang.reflect.InvocationTargetException;
import java.util.Optional;

/** A pipeline's generated source with its compiled class; creates bound kernel instances. */
public final class CompiledPipeline {
  /** Appended to the source under {@code spate.codegen.test.forceCompileError=true}. */
  private static final String FORCED_ERROR = "class ForcedCompileError { int broken = ; }\n";

  private final PipelineSpec spec;
  private final GeneratedSource generated;
  private final Class<? extends PipelineKernel> kernelClass;

  CompiledPipeline(PipelineSpec spec, GeneratedSource generated,
      Class<? extends PipelineKernel> kernelClass) {
    this.spec = requireNonNull(spec, "spec is null");
    this.generated = requireNonNull(generated, "generated is null");
    this.kernelClass = requireNonNull(kernelClass, "kernelClass is null");
  }

  /** Generates and compiles (or finds in the cache) the class of {@code spec} under {@code config}. */
  public static CompiledPipeline compile(PipelineSpec spec, SpateConfig config,
      PipelineCompiler compiler) throws CodegenFailure {
    GeneratedSource generated = PipelineGenerator.generate(spec, config.ansi(),
        config.get(CodegenConfig.METHOD_BUDGET), config.get(CodegenConfig.VECTORIZE)
            ? VectorApi.available() : Optional.empty());
    compiler.metrics().generated();
    String source = generated.source();
    if (config.get(CodegenConfig.FORCE_COMPILE_ERROR)) {
      source = source + FORCED_ERROR;
    }
    Class<? extends PipelineKernel> kernelClass = compiler.compile(source,
        config.get(CodegenConfig.MAX_METHOD_BYTES), config.get(CodegenConfig.DUMP_SOURCE));
    return new CompiledPipeline(spec, generated, kernelClass);
  }

  /** The error thrown instead of falling back under {@code spate.test.failOnFallback=true}. */
  public static SpateException fallbackForbidden(PipelineSpec spec, CodegenFailure failure) {
    return new SpateException(SpateException.ErrorClass.CODEGEN, "codegen of pipeline "
        + spec.description() + " failed and spate.test.failOnFallback=true forbids falling back: "
        + failure.getMessage(), failure);
  }

  /** The first line of a failure, for placement reasons (the source is not repeated there). */
  public static String reason(PipelineSpec spec, CodegenFailure failure) {
    String message = failure.getMessage();
    int newline = message.indexOf('\n');
    return "the generated code for " + spec.description() + " cannot be used, so it runs"
        + " interpreted: " + (newline < 0 ? message : message.substring(0, newline))
        + " (spate.codegen.dumpSource writes the source)";
  }

  public PipelineSpec spec() {
    return spec;
  }

  public GeneratedSource generated() {
    return generated;
  }

  /** The compiled class (not yet bound to literals). */
  Class<? extends PipelineKernel> kernelClass() {
    return kernelClass;
  }

  /** A new kernel instance with this plan's literals bound. */
  public PipelineKernel newKernel() {
    try {
      PipelineKernel kernel = kernelClass.getDeclaredConstructor().newInstance();
      kernel.bind(generated.parameters());
      return kernel;
    } catch (InstantiationException | IllegalAccessException | NoSuchMethodException
        | InvocationTargetException e) {
      throw SpateException.internal("cannot instantiate the generated class of "
          + spec.description(), e);
    }
  }
}
