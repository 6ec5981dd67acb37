package dev.spate.codegen.runtime;

import static java.util.Objects.requireNonNull;

/**
 * The base class of every generated pipeline class. A generated class is compiled once per plan
 * shape and instantiated once per execution; {@link #bind} hands it the literal values of its plan
 * (literals are parameters, so equal shapes with other literals share the class). An instance is
 * used by one thread.
 *
 * <p>Column arguments are Arrow buffer addresses indexed by input column ordinal: {@code data[k]}
 * the data buffer, {@code validity[k]} the validity buffer of column {@code k} (0 for columns the
 * pipeline does not read). {@code selection} lists the live rows (null: rows {@code 0..count-1}).
 * STRING (UTF-8) columns also have an offset buffer, whose address is {@code offsets[k]} of the
 * array bound by {@link #bindOffsets} (the runner refills it before each call).
 */
public abstract class PipelineKernel {
  /** The offset buffer addresses of STRING columns by input column ordinal (0 for others). */
  protected long[] offsets = new long[0];

  /** Binds the array the runner fills with the STRING columns' offset buffer addresses. */
  public final void bindOffsets(long[] addresses) {
    this.offsets = requireNonNull(addresses, "addresses is null");
  }

  /** Binds the plan's literal values (parameter {@code i} is {@code parameters[i]}). */
  public abstract void bind(Object[] parameters);

  /**
   * Filter and projection pipelines: evaluates the filters over the live rows, writes the kept rows'
   * positions to {@code outSelection} in increasing order and the computed projections at those
   * positions into the output buffers ({@code outData[j]}, {@code outValidity[j]} of computed output
   * {@code j}, pre-sized to the batch's physical length, validity zeroed). Returns the kept count.
   */
  public int process(long[] data, long[] validity, int[] selection, int count, int[] outSelection,
      long[] outData, long[] outValidity) {
    throw new UnsupportedOperationException("not a projection pipeline");
  }

  /** Aggregation pipelines: filters the live rows and adds them to their groups. */
  public void consume(long[] data, long[] validity, int[] selection, int count) {
    throw new UnsupportedOperationException("not an aggregation pipeline");
  }

  /** Aggregation pipelines: the groups seen so far. */
  public KeyTable groups() {
    throw new UnsupportedOperationException("not an aggregation pipeline");
  }

  /**
   * Aggregation pipelines: the per-group state, one row of slots per group (group {@code g} at
   * {@code g * stride}; the slots are described by the pipeline's {@code StateLayout}). At least
   * {@code groups().groupCount()} rows are initialised.
   */
  public long[] state() {
    throw new UnsupportedOperationException("not an aggregation pipeline");
  }
}
