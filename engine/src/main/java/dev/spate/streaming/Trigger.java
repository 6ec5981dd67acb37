package dev.spate.streaming;

import dev.spate.SpateException;
import dev.spate.streaming.runtime.Durations;

/**
 * When a streaming query runs its micro-batches. The default (no trigger set) starts the next
 * batch as soon as the previous one finished and new data is there. {@link #ProcessingTime} starts
 * batches at a fixed interval; {@link #Once()} runs one batch over everything available (ignoring
 * {@code maxFilesPerTrigger}) and stops; {@link #AvailableNow()} runs as many batches as needed,
 * respecting the read limits, until the data available at start is processed, then stops.
 *
 * <p>{@link #Continuous} is accepted for stateless (map-like) queries only. Spate runs it as
 * low-latency micro-batches polled every interval, with the same exactly-once guarantees as the
 * micro-batch triggers, not as Spark's long-running continuous tasks.
 */
public final class Trigger {
  /** The kinds of trigger. */
  public enum Kind {
    DEFAULT, PROCESSING_TIME, ONCE, AVAILABLE_NOW, CONTINUOUS
  }

  private static final Trigger DEFAULT = new Trigger(Kind.DEFAULT, 0);

  private final Kind kind;
  private final long intervalMs;

  private Trigger(Kind kind, long intervalMs) {
    if (intervalMs < 0) {
      throw SpateException.analysis("the trigger interval must be >= 0, got %d ms", intervalMs);
    }
    this.kind = kind;
    this.intervalMs = intervalMs;
  }

  /** As fast as possible: the default trigger. */
  public static Trigger Default() {
    return DEFAULT;
  }

  /** Batches every {@code interval}, for example {@code "5 seconds"}. */
  public static Trigger ProcessingTime(String interval) {
    return new Trigger(Kind.PROCESSING_TIME, Durations.toMillis(interval));
  }

  public static Trigger ProcessingTime(long intervalMs) {
    return new Trigger(Kind.PROCESSING_TIME, intervalMs);
  }

  public static Trigger Once() {
    return new Trigger(Kind.ONCE, 0);
  }

  public static Trigger AvailableNow() {
    return new Trigger(Kind.AVAILABLE_NOW, 0);
  }

  /** Low-latency micro-batches for stateless queries, polling every {@code checkpointInterval}. */
  public static Trigger Continuous(String checkpointInterval) {
    return new Trigger(Kind.CONTINUOUS, Durations.toMillis(checkpointInterval));
  }

  public static Trigger Continuous(long checkpointIntervalMs) {
    return new Trigger(Kind.CONTINUOUS, checkpointIntervalMs);
  }

  public Kind kind() {
    return kind;
  }

  /** The interval in milliseconds (0 for the default, once and available-now triggers). */
  public long intervalMs() {
    return intervalMs;
  }

  /** True for the triggers that stop by themselves once the available data is processed. */
  public boolean terminatesWhenDrained() {
    return kind == Kind.ONCE || kind == Kind.AVAILABLE_NOW;
  }

  @Override
  public String toString() {
    return kind == Kind.PROCESSING_TIME || kind == Kind.CONTINUOUS
        ? kind + "(" + intervalMs + " ms)" : kind.toString();
  }
}
