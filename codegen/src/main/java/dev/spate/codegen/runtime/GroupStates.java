package dev.spate.codegen.runtime;

import dev.spate.SpateException;
import java.util.Arrays;

/**
 * Growth of the row-per-group state array of a generated aggregation (see {@link
 * PipelineKernel#state}): called by generated code once per batch, not per row.
 */
public final class GroupStates {
  /** The largest array length the JVM allocates reliably. */
  private static final long MAX_LENGTH = Integer.MAX_VALUE - 8;

  private GroupStates() {}

  /**
   * {@code state}, or a copy at least twice as long, holding {@code groups} rows of {@code stride}
   * slots; the added slots are zero.
   */
  public static long[] ensure(long[] state, int groups, int stride) {
    long needed = (long) groups * stride;
    if (needed <= state.length) {
      return state;
    }
    if (needed > MAX_LENGTH) {
      throw new SpateException(SpateException.ErrorClass.RESOURCES, "a generated aggregation"
          + " cannot hold " + groups + " groups of " + stride + " state slots in one array ("
          + MAX_LENGTH + " slots at most); disable codegen (spate.codegen.enabled=false) for"
          + " this query");
    }
    return Arrays.copyOf(state, (int) Math.min(MAX_LENGTH, Math.max(needed, 2L * state.length)));
  }
}
