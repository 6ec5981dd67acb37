package dev.spate.streaming.runtime;

import dev.spate.planner.types.Intervals;


/**
 * Parses Spark's interval strings for triggers and watermarks: {@code "5 seconds"}, {@code "1
 * minute"}, {@code "10 minutes"}, {@code "500 milliseconds"}, {@code "interval 2 hours"}, singular
 * or plural, and the short forms {@code 5s}, {@code 200ms}, {@code 10m}, {@code 1h}, {@code 1d}.
 */
public final class Durations {
  private Durations() {}

  /** The interval in milliseconds (microseconds are truncated). */
  public static long toMillis(String text) {
    return Intervals.toMicros(text) / 1_000;
  }
}
