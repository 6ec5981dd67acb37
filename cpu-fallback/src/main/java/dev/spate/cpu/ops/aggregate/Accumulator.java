package dev.spate.cpu.ops.aggregate;

import java.util.List;
import org.apache.arrow.vector.FieldVector;

/**
 * The running state of one aggregate function for every group, in primitive arrays indexed by
 * group id (BigDecimal only for decimals). Not thread safe.
 */
interface Accumulator extends AutoCloseable {
  /** Grows the state to hold groups {@code 0..groupCount-1}; new groups start empty. */
  void ensureGroups(int groupCount);

  /**
   * Adds rows: for each {@code i < count}, row {@code positions[i]} of {@code arguments} (the
   * evaluated arguments, possibly none) belongs to group {@code groupIds[i]}.
   */
  void update(List<FieldVector> arguments, int[] positions, int[] groupIds, int count);

  /** Writes the results of groups {@code from..from+count} to rows {@code 0..count} of out. */
  void write(FieldVector out, int from, int count);

  @Override
  default void close() {}
}
