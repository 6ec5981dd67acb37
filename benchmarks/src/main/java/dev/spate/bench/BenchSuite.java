package dev.spate.bench;

import java.io.IOException;
import java.util.List;

/**
 * A benchmark suite: a data generator plus a list of queries that each check their own answer.
 *
 * <p>The runner calls {@link #prepare} once per scale factor, then runs every query of
 * {@link #queries} on every requested backend, several times. A suite holds no per-run state
 * itself; what {@code prepare} produces lives under {@link BenchContext#dataDirectory()}.
 */
public interface BenchSuite {
  /** The name used on the command line and in reports, e.g. {@code ssb}. */
  String name();

  /** One line for {@code spate bench --help} and the report. */
  String description();

  /**
   * Generates (or reuses, when a complete earlier generation is present) the suite's data for
   * {@code context.scaleFactor()} under {@code context.dataDirectory()}. Deterministic: the same
   * scale factor always gives the same data, so shipped reference answers stay valid.
   */
  void prepare(BenchContext context) throws IOException;

  /** The queries to run after {@link #prepare}, in report order. */
  List<BenchQuery> queries(BenchContext context);
}
