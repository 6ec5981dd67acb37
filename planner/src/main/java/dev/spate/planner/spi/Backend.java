package dev.spate.planner.spi;

import dev.spate.planner.batch.BatchStream;
import dev.spate.planner.config.SpateConfig;
import dev.spate.planner.physical.PhysicalNode;
import java.util.List;
import java.util.Optional;

/**
 * An execution backend (interpreted CPU, Janino codegen, GPU), registered through {@link
 * java.util.ServiceLoader} under {@code META-INF/services/dev.spate.planner.spi.Backend}. The
 * planner asks each backend, fastest first, whether it can run a node, and records why the faster
 * ones could not (DESIGN.md section 2: placement is data, with reasons).
 *
 * <p>Implementations are stateless and thread safe; the interpreted CPU backend supports every node.
 */
public interface Backend {
  /** The kind of backend, which orders preference: GPU, then CODEGEN, then CPU. */
  enum Kind { GPU, CODEGEN, CPU }

  Kind kind();

  /**
   * Empty when this backend can run {@code node} under {@code config}; otherwise a full sentence
   * saying why not, naming the operator, expression or type and the configuration key that
   * changes it, for example "codegen is disabled by spate.codegen.enabled=false".
   */
  Optional<String> unsupportedReason(PhysicalNode node, SpateConfig config);

  /**
   * Opens {@code node}, consuming {@code inputs} (the opened children, in order; the returned
   * stream owns and closes them). Does no work until the first {@code next()}.
   */
  BatchStream open(PhysicalNode node, List<BatchStream> inputs, ExecContext context);
}
