package dev.spate.planner.spi;

import dev.spate.planner.config.SpateConfig;
import java.util.List;

/**
 * An optional capability of a {@link Backend}: once every node of a plan is placed, revisit the
 * whole placed tree. A code-generating backend uses it to compile each fused pipeline once per query
 * (it can see where a pipeline ends only in the whole tree) and to move the nodes of a pipeline whose
 * generated code cannot be used onto the next backend that supports them, recording why ("codegen:
 * ..."), so that EXPLAIN shows the fallback.
 *
 * <p>Contract: {@link PlacedPlan#place} applies every backend that implements this interface, in
 * backend order, to the root. A refiner keeps the tree's nodes and shape (it may only change the
 * backend and reasons of nodes placed on itself), returns {@code plan} unchanged when it has nothing
 * to do, and is stateless and thread safe like its backend. It may throw a {@link
 * dev.spate.SpateException} only where falling back is forbidden ({@code spate.test.failOnFallback}).
 */
public interface PlacementRefiner {
  /**
   * The refined placement of {@code plan}.
   *
   * @param backends every registered backend, fastest first (the ones to fall back to)
   */
  PlacedPlan refine(PlacedPlan plan, List<Backend> backends, SpateConfig config);
}
