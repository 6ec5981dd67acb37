package dev.spate.gpu;

import dev.spate.planner.batch.BatchStream;
import dev.spate.planner.physical.PhysicalNode;

/**
 * A GPU Filter or Project stream that a GPU HashAggregate opened over it may absorb into its fused
 * kernel ({@link GpuProgram}): the aggregate reads the absorbed stream's input directly, and the
 * absorbed stream, never read, no longer owns (or closes) that input.
 */
interface FusibleStream extends BatchStream {
  /** The Filter or Project node this stream runs. */
  PhysicalNode node();

  /** Hands this stream's input to the caller; must be called before the first {@code next()}. */
  BatchStream absorb();

  /** This stream's input, without absorbing it (to look further down the chain). */
  BatchStream input();
}
