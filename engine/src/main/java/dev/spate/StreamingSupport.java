package dev.spate;

import dev.spate.engine.QueryExecution;
import dev.spate.planner.logical.LogicalPlan;
import dev.spate.planner.logical.Scan;
import dev.spate.planner.spi.TableSource;
import dev.spate.streaming.runtime.StreamSourceSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The few session and DataFrame internals the streaming runtime ({@code dev.spate.streaming})
 * needs. Not part of the public API: application code should not call it.
 */
public final class StreamingSupport {
  private StreamingSupport() {}

  /** A streaming DataFrame reading every column of {@code source}. */
  public static DataFrame streamingDataFrame(SpateSession session, StreamSourceSpec source) {
    List<Integer> columns = new ArrayList<>();
    for (int index = 0; index < source.schema().getFields().size(); index++) {
      columns.add(index);
    }
    return new DataFrame(session, new Scan(source, columns, List.of(), true));
  }

  /** A batch DataFrame scanning {@code source}. */
  public static DataFrame batchDataFrame(SpateSession session, TableSource source) {
    return session.readTable(source);
  }

  /** Analysis and planning with the session's catalog, configuration and memory. */
  public static dev.spate.streaming.runtime.QueryPlanning planning(SpateSession session) {
    return new dev.spate.streaming.runtime.QueryPlanning() {
      @Override
      public LogicalPlan analyze(LogicalPlan plan) {
        return session.analyze(plan);
      }

      @Override
      public QueryExecution execution(LogicalPlan analyzed) {
        return session.execution(analyzed, analyzed);
      }

      @Override
      public org.apache.arrow.memory.BufferAllocator newAllocator(String name) {
        return session.newChildAllocator(name);
      }

      @Override
      public dev.spate.planner.config.SpateConfig config() {
        return session.config();
      }
    };
  }

  /** Makes {@code source} readable as the table {@code name} ({@code spate.table}, SQL). */
  public static void registerTable(SpateSession session, String name, TableSource source) {
    session.catalog().registerView(name, Scan.of(source));
  }
}
