package dev.spate.engine;

import static java.util.Objects.requireNonNull;

import dev.spate.SpateException;
import dev.spate.io.FileNameColumnSource;
import dev.spate.io.FileSource;
import dev.spate.planner.Explain;
import dev.spate.planner.batch.BatchStream;
import dev.spate.planner.config.SpateConfig;
import dev.spate.planner.logical.LogicalPlan;
import dev.spate.planner.logical.Scan;
import dev.spate.planner.optimizer.Optimizer;
import dev.spate.planner.physical.PhysicalNode;
import dev.spate.planner.physical.PhysicalPlanner;
import dev.spate.planner.spi.Backend;
import dev.spate.planner.spi.ExecContext;
import dev.spate.planner.spi.PlacedPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.apache.arrow.memory.BufferAllocator;

/**
 * The planning pipeline of one analyzed query: optimize, plan physically, place on backends, run.
 * Each stage is computed once, on first use.
 */
public final class QueryExecution {
  private final LogicalPlan parsed;
  private final LogicalPlan analyzed;
  private final SpateConfig config;
  private final List<Backend> backends;
  private final BufferAllocator sessionAllocator;
  private LogicalPlan optimized;
  private PhysicalNode physical;
  private PlacedPlan placed;

  /**
   * @param parsed the plan as the user wrote it (for EXPLAIN extended)
   * @param analyzed the same plan after analysis
   */
  public QueryExecution(LogicalPlan parsed, LogicalPlan analyzed, SpateConfig config,
      List<Backend> backends, BufferAllocator sessionAllocator) {
    this.parsed = requireNonNull(parsed, "parsed is null");
    this.analyzed = requireNonNull(analyzed, "analyzed is null");
    this.config = requireNonNull(config, "config is null");
    this.backends = List.copyOf(backends);
    this.sessionAllocator = requireNonNull(sessionAllocator, "sessionAllocator is null");
  }

  public LogicalPlan analyzed() {
    return analyzed;
  }

  public synchronized LogicalPlan optimized() {
    if (optimized == null) {
      optimized = new Optimizer(config).optimize(
          InputFileNames.bind(analyzed, QueryExecution::withFileColumn));
    }
    return optimized;
  }

  public synchronized PhysicalNode physical() {
    if (physical == null) {
      physical = new PhysicalPlanner(config).plan(optimized());
    }
    return physical;
  }

  public synchronized PlacedPlan placed() {
    if (placed == null) {
      requireGpuWhenDemanded();
      placed = PlacedPlan.place(physical(), backends, config);
    }
    return placed;
  }

  /** A scan of a file source reading, as its last column, each row's file URI; else null. */
  private static Scan withFileColumn(Scan scan) {
    if (!(scan.source() instanceof FileSource)) {
      return null;
    }
    FileNameColumnSource source = ((FileSource) scan.source()).withFileNames();
    List<Integer> columns = new ArrayList<>(scan.columns());
    columns.add(source.schema().getFields().size() - 1);
    return new Scan(source, columns, scan.filters(), scan.isStreaming());
  }

  /**
   * {@code spate.gpu.enabled=true} means "on the GPU or not at all" (API.md): with no GPU backend
   * registered, or no usable GPU, the query fails with the probe's reason.
   */
  private void requireGpuWhenDemanded() {
    if (config.get(SpateConfig.GPU_ENABLED) != SpateConfig.GpuMode.TRUE) {
      return;
    }
    for (Backend backend : backends) {
      if (backend.kind() == Backend.Kind.GPU) {
        java.util.Optional<String> unavailable = dev.spate.gpu.GpuDevice.unavailableReason();
        if (unavailable.isEmpty()) {
          return;
        }
        throw new SpateException(SpateException.ErrorClass.GPU, "spate.gpu.enabled=true but no"
            + " GPU backend is usable: no GPU: " + unavailable.get() + " Set spate.gpu.enabled to"
            + " auto or false to run on the CPU.");
      }
    }
    throw new SpateException(SpateException.ErrorClass.GPU, "spate.gpu.enabled=true but no GPU"
        + " backend is available (this build has none); set spate.gpu.enabled to auto or false");
  }

  /** The EXPLAIN text for {@code mode}: simple, extended or placement. */
  public String explain(String mode) {
    return Explain.text(mode, parsed, analyzed, optimized(), physical(), placed());
  }

  /**
   * Runs the query and hands its output stream and context to {@code consumer}; the stream, and every buffer
   * the query allocated, are released when {@code consumer} returns or throws. A leak is reported
   * as an INTERNAL error.
   */
  public <T> T run(BiFunction<BatchStream, ExecContext, T> consumer) {
    return run(consumer, currentMicros());
  }

  /**
   * As {@link #run(BiFunction)}, with {@code current_timestamp()} fixed to {@code
   * currentTimestampMicros} (a streaming query runs each micro-batch with its batch timestamp).
   */
  public <T> T run(BiFunction<BatchStream, ExecContext, T> consumer,
      long currentTimestampMicros) {
    PlacedPlan plan = placed();
    BufferAllocator allocator = sessionAllocator.newChildAllocator("query", 0, Long.MAX_VALUE);
    T result;
    try {
      ExecContext context = new ExecContext(allocator, config, currentTimestampMicros);
      try (BatchStream stream = plan.open(context)) {
        result = consumer.apply(stream, context);
      }
    } catch (OutOfMemoryError | org.apache.arrow.memory.OutOfMemoryException e) {
      allocator.close();
      throw new SpateException(SpateException.ErrorClass.RESOURCES,
          "out of memory while running the query: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly(allocator, e);
      throw e;
    }
    try {
      allocator.close();
    } catch (IllegalStateException e) {
      throw SpateException.internal("the query leaked Arrow memory: " + e.getMessage(), e);
    }
    return result;
  }

  /**
   * Starts the query and returns its output as an Arrow reader; closing the reader stops the query
   * and releases its memory.
   */
  public org.apache.arrow.vector.ipc.ArrowReader openArrowReader() {
    PlacedPlan plan = placed();
    BufferAllocator allocator = sessionAllocator.newChildAllocator("arrow-output", 0, Long.MAX_VALUE);
    try {
      return new ArrowOutput(plan.open(new ExecContext(allocator, config, currentMicros())),
          allocator);
    } catch (RuntimeException e) {
      closeQuietly(allocator, e);
      throw e;
    }
  }

  private static void closeQuietly(BufferAllocator allocator, RuntimeException failure) {
    try {
      allocator.close();
    } catch (RuntimeException suppressed) {
      failure.addSuppressed(suppressed);
    }
  }

  private static long currentMicros() {
    java.time.Instant now = java.time.Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000L;
  }
}
