package dev.spate.streaming;

import dev.spate.SpateException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A running streaming query, Spark's {@code StreamingQuery}. Thread safe. No method declares a
 * checked exception: failures are {@link SpateException}s.
 */
public interface StreamingQuery {
  /** The id kept in the checkpoint: the same across restarts. */
  UUID id();

  /** The id of this run: new at every start. */
  UUID runId();

  /** The query name, or null. */
  String name();

  boolean isActive();

  /** Waits until the query stops; rethrows its failure as a {@link SpateException}. */
  void awaitTermination();

  /** Waits at most {@code timeoutMs}; returns whether the query stopped; rethrows its failure. */
  boolean awaitTermination(long timeoutMs);

  /**
   * Waits until every piece of data available in the sources at the time of the call has been
   * processed and committed (or the query stopped); rethrows the query's failure.
   */
  void processAllAvailable();

  /**
   * Stops the query: a batch in progress finishes and commits first, so the checkpoint stays
   * consistent; returns when the query thread has ended.
   */
  void stop();

  /** The progress of the last batch, or null before the first one. */
  StreamingQueryProgress lastProgress();

  /** The progress of the most recent batches (up to {@code spate.streaming.numRecentProgress}). */
  List<StreamingQueryProgress> recentProgress();

  StreamingQueryStatus status();

  Optional<SpateException> exception();

  /** Prints the physical plan the query runs at every trigger. */
  void explain();

  /** What {@link #explain()} prints. */
  String explainString();
}
