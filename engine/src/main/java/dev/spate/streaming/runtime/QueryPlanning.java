package dev.spate.streaming.runtime;

import dev.spate.engine.QueryExecution;
import dev.spate.planner.config.SpateConfig;
import dev.spate.planner.logical.LogicalPlan;
import org.apache.arrow.memory.BufferAllocator;

/** What a streaming query needs from its session to plan and run: one instance per query. */
public interface QueryPlanning {
  /** Resolves {@code plan} (names, functions, types) with the session's analyzer. */
  LogicalPlan analyze(LogicalPlan plan);

  /** The planning pipeline (optimize, plan, place, run) of an analyzed plan. */
  QueryExecution execution(LogicalPlan analyzed);

  /** A new child of the session's allocator, for memory that outlives one micro-batch. */
  BufferAllocator newAllocator(String name);

  SpateConfig config();
}
