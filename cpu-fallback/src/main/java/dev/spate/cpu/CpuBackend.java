package dev.spate.cpu;

import dev.spate.SpateException;
import dev.spate.cpu.ops.FilterStream;
import dev.spate.cpu.ops.GenerateStream;
import dev.spate.cpu.ops.LimitStream;
import dev.spate.cpu.ops.ProjectStream;
import dev.spate.cpu.ops.UnionStream;
import dev.spate.cpu.ops.aggregate.HashAggregateStream;
import dev.spate.cpu.ops.join.HashJoinStream;
import dev.spate.cpu.ops.sort.SortStream;
import dev.spate.planner.batch.BatchStream;
import dev.spate.planner.config.SpateConfig;
import dev.spate.planner.physical.FilterExec;
import dev.spate.planner.physical.GenerateExec;
import dev.spate.planner.physical.HashAggregateExec;
import dev.spate.planner.physical.HashJoinExec;
import dev.spate.planner.physical.LimitExec;
import dev.spate.planner.physical.PhysicalNode;
import dev.spate.planner.physical.ProjectExec;
import dev.spate.planner.physical.ScanExec;
import dev.spate.planner.physical.SortExec;
import dev.spate.planner.physical.UnionExec;
import dev.spate.planner.spi.Backend;
import dev.spate.planner.spi.ExecContext;
import java.util.List;
import java.util.Optional;

/**
 * The vectorized interpreted CPU backend: the reference semantics, able to run every physical node.
 * Stateless; each {@link #open} creates a new stream (one class per node) that does no work until
 * its first {@code next()} and owns the input streams it is given.
 */
public final class CpuBackend implements Backend {
  @Override
  public Kind kind() {
    return Kind.CPU;
  }

  @Override
  public Optional<String> unsupportedReason(PhysicalNode node, SpateConfig config) {
    return Optional.empty();
  }

  @Override
  public BatchStream open(PhysicalNode node, List<BatchStream> inputs, ExecContext context) {
    if (inputs.size() != node.children().size()) {
      throw SpateException.internal(node.name() + " expects " + node.children().size()
          + " inputs, got " + inputs.size(), null);
    }
    if (node instanceof ScanExec) {
      ScanExec scan = (ScanExec) node;
      return scan.source().scan(scan.columns(), scan.filters(), context);
    }
    if (node instanceof FilterExec) {
      return new FilterStream((FilterExec) node, inputs.get(0), context);
    }
    if (node instanceof ProjectExec) {
      return new ProjectStream((ProjectExec) node, inputs.get(0), context);
    }
    if (node instanceof HashAggregateExec) {
      return new HashAggregateStream((HashAggregateExec) node, inputs.get(0), context);
    }
    if (node instanceof SortExec) {
      return new SortStream((SortExec) node, inputs.get(0), context);
    }
    if (node instanceof LimitExec) {
      return new LimitStream((LimitExec) node, inputs.get(0));
    }
    if (node instanceof HashJoinExec) {
      return new HashJoinStream((HashJoinExec) node, inputs.get(0), inputs.get(1), context);
    }
    if (node instanceof UnionExec) {
      return new UnionStream((UnionExec) node, inputs);
    }
    if (node instanceof GenerateExec) {
      return new GenerateStream((GenerateExec) node, inputs.get(0), context);
    }
    throw SpateException.plan("the interpreted backend does not know the physical node %s",
        node.name());
  }
}
