package dev.spate.planner.spi;

import static java.util.Objects.requireNonNull;

import dev.spate.planner.config.SpateConfig;
import java.time.ZoneId;
import org.apache.arrow.memory.BufferAllocator;

/**
 * What a running query gives its operators: the allocator every vector comes from (a child of the
 * session's root allocator, closed when the query ends, so leaks are caught), the configuration,
 * and the values fixed for one execution ({@code current_timestamp()}).
 *
 * <p>Operators of one query may run on one thread; the context itself is immutable.
 */
public final class ExecContext {
  private final BufferAllocator allocator;
  private final SpateConfig config;
  private final long currentTimestampMicros;

  public ExecContext(BufferAllocator allocator, SpateConfig config, long currentTimestampMicros) {
    this.allocator = requireNonNull(allocator, "allocator is null");
    this.config = requireNonNull(config, "config is null");
    this.currentTimestampMicros = currentTimestampMicros;
  }

  public BufferAllocator allocator() {
    return allocator;
  }

  public SpateConfig config() {
    return config;
  }

  /** Spark's ANSI mode ({@code spate.sql.ansi.enabled}). */
  public boolean ansi() {
    return config.ansi();
  }

  public ZoneId timeZone() {
    return config.timeZone();
  }

  /** Target number of rows per batch ({@code spate.batch.maxRows}). */
  public int batchRows() {
    return config.get(SpateConfig.BATCH_MAX_ROWS);
  }

  /** The value of {@code current_timestamp()} for this execution, in microseconds since the epoch UTC. */
  public long currentTimestampMicros() {
    return currentTimestampMicros;
  }
}
