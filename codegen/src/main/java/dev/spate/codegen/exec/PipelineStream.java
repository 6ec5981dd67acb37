package dev.spate.codegen.exec;

import static java.util.Objects.requireNonNull;

import dev.spate.codegen.compile.CodegenFailure;
import dev.spate.codegen.generate.PipelineSpec;
import dev.spate.cpu.ops.FilterStream;
import dev.spate.cpu.ops.ProjectStream;
import dev.spate.cpu.ops.aggregate.HashAggregateStream;
import dev.spate.planner.batch.BatchStream;
import dev.spate.planner.batch.ColumnarBatch;
import dev.spate.planner.config.SpateConfig;
import dev.spate.planner.physical.FilterExec;
import dev.spate.planner.physical.HashAggregateExec;
import dev.spate.planner.physical.PhysicalNode;
import dev.spate.planner.physical.ProjectExec;
import dev.spate.planner.spi.ExecContext;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The stream of a fused pipeline. Opening a codegen node whose input is a pipeline stream that has
 * not started and does not end in an aggregation absorbs that stream (its nodes join this pipeline,
 * its input becomes this stream's input), so a chain of Filter / Project / HashAggregate nodes
 * placed on codegen runs as one generated loop. The class is compiled (or found in the cache of
 * the plan's pipelines, without generating the source again) on the first {@code next()}; when it cannot be used the nodes run on the interpreted operators, or,
 * under {@code spate.test.failOnFallback=true}, an error is thrown.
 */
public final class PipelineStream implements BatchStream {
  private final List<PhysicalNode> nodes;
  private final BatchStream input;
  private final ExecContext context;
  private final PipelineCache pipelines;
  private BatchStream running;
  private boolean absorbed;
  private boolean closed;

  private PipelineStream(List<PhysicalNode> nodes, BatchStream input, ExecContext context,
      PipelineCache pipelines) {
    this.nodes = List.copyOf(nodes);
    this.input = requireNonNull(input, "input is null");
    this.context = requireNonNull(context, "context is null");
    this.pipelines = requireNonNull(pipelines, "pipelines is null");
  }

  /** Opens {@code node} over {@code input}, fusing with {@code input} when it is an open pipeline. */
  public static PipelineStream open(PhysicalNode node, BatchStream input, ExecContext context,
      PipelineCache pipelines) {
    if (input instanceof PipelineStream && ((PipelineStream) input).canAbsorb()) {
      PipelineStream below = (PipelineStream) input;
      below.absorbed = true;
      List<PhysicalNode> nodes = new ArrayList<>(below.nodes);
      nodes.add(node);
      return new PipelineStream(nodes, below.input, context, pipelines);
    }
    return new PipelineStream(List.of(node), input, context, pipelines);
  }

  private boolean canAbsorb() {
    return running == null && !absorbed && !closed
        && !(nodes.get(nodes.size() - 1) instanceof HashAggregateExec);
  }

  /** The fused nodes, bottom-up. */
  public List<PhysicalNode> nodes() {
    return nodes;
  }

  @Override
  public Schema schema() {
    return nodes.get(nodes.size() - 1).schema();
  }

  @Override
  public ColumnarBatch next() {
    if (closed || absorbed) {
      return null;
    }
    if (running == null) {
      running = start();
    }
    return running.next();
  }

  private BatchStream start() {
    PipelineSpec spec = PipelineSpec.of(nodes);
    SpateConfig config = context.config();
    try {
      CompiledPipeline pipeline = pipelines.compile(spec, config);
      return spec.isAggregation() ? new AggregationRunner(pipeline, input, context)
          : new ProjectionRunner(pipeline, input, context);
    } catch (CodegenFailure failure) {
      if (config.get(SpateConfig.FAIL_ON_FALLBACK)) {
        throw CompiledPipeline.fallbackForbidden(spec, failure);
      }
      return interpreted();
    }
  }

  /** The same nodes on the interpreted operators (the fallback). */
  private BatchStream interpreted() {
    BatchStream stream = input;
    for (PhysicalNode node : nodes) {
      if (node instanceof FilterExec) {
        stream = new FilterStream((FilterExec) node, stream, context);
      } else if (node instanceof ProjectExec) {
        stream = new ProjectStream((ProjectExec) node, stream, context);
      } else {
        stream = new HashAggregateStream((HashAggregateExec) node, stream, context);
      }
    }
    return stream;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (absorbed) {
      return;
    }
    if (running != null) {
      running.close();
    } else {
      input.close();
    }
  }
}
