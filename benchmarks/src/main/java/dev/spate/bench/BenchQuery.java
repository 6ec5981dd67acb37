package dev.spate.bench;

import dev.spate.SpateSession;

/**
 * One benchmark query. {@link #run} executes it once from start to end on the given session
 * (whose configuration selects the backend), checks the answer, and reports what it processed.
 * The runner times the whole call; a query does nothing expensive in {@code run} that it should
 * not be timed for.
 */
public interface BenchQuery {
  /** The name in reports, unique in its suite, e.g. {@code q1.1/parquet}. */
  String name();

  /**
   * Prepares {@code session} for this query before its runs on that session (for example loads
   * in-memory tables or registers views); not timed. Called once per query and session, before
   * the warm-up runs. Does nothing by default.
   */
  default void setUp(SpateSession session, BenchContext context) throws Exception {}

  /**
   * Runs the query once and checks its answer.
   *
   * @throws WrongAnswerException when the answer differs from the reference; the message says
   *     which rows differ
   * @throws Exception on any other failure, which the runner reports as an error of this query
   */
  QueryOutcome run(SpateSession session, BenchContext context) throws Exception;
}
