package dev.spate.ml;

import dev.spate.DataFrame;

/**
 * A fitted stage of a Spark ML pipeline applied as ordinary Spate expressions: {@link
 * #transform} returns the input with the stage's output columns added (or, for a size check, the
 * checked column replaced), so the result works unchanged on batch and streaming DataFrames and
 * on every backend. Vectors are {@code ARRAY<DOUBLE>} columns of a known size.
 */
public interface Transformer {
  /** The stage's Spark uid, e.g. {@code gbtc_d7dd10e8defa}. */
  String uid();

  /**
   * The input with this stage's columns added.
   *
   * @throws dev.spate.SpateException ANALYSIS when an input column is missing or mistyped; rows
   *     the stage rejects fail the query at run time with Spark's message
   */
  DataFrame transform(DataFrame input);
}
