package dev.spate.bench.ssb;

import static java.util.Objects.requireNonNull;

import dev.spate.Row;
import dev.spate.SpateSession;
import dev.spate.bench.Answers;
import dev.spate.bench.BenchContext;
import dev.spate.bench.BenchQuery;
import dev.spate.bench.QueryOutcome;
import java.util.List;
import java.util.Map;

/**
 * One SSB query over one storage variant, e.g. {@code q2.1/arrow}. A run collects the result,
 * checks it against the shipped reference ({@link SsbAnswers}) and reports lineorder's rows as
 * input rows, the stored bytes of the tables read as input bytes, and a metric {@code checked}
 * (1 when the answer was checked against a reference, 0 when none exists for the scale factor).
 */
final class SsbQuery implements BenchQuery {
  /** The metric saying whether the answer was checked. */
  static final String CHECKED = "checked";

  private final String query;
  private final StorageVariant variant;
  private final SsbViews views;
  private final SsbAnswers answers;

  SsbQuery(String query, StorageVariant variant, SsbViews views, SsbAnswers answers) {
    this.query = requireNonNull(query, "query is null");
    this.variant = requireNonNull(variant, "variant is null");
    this.views = requireNonNull(views, "views is null");
    this.answers = requireNonNull(answers, "answers is null");
  }

  @Override
  public String name() {
    return query + "/" + variant.label();
  }

  /** Registers the tables' views in {@code session}, loading them into memory for {@code arrow}. */
  @Override
  public void setUp(SpateSession session, BenchContext context) {
    views.register(session, variant);
  }

  @Override
  public QueryOutcome run(SpateSession session, BenchContext context) {
    SsbViews.Registered tables = views.register(session, variant);
    List<String> lines = answer(session, tables);
    boolean checked = answers.check(query, name(), context.scaleFactor(), context.seed(), lines);
    return new QueryOutcome(views.data().rows(SsbTable.LINEORDER),
        tables.bytes(SsbQueries.tables(query)), lines.size(),
        Map.of(CHECKED, checked ? 1.0 : 0.0));
  }

  /** The canonical lines of the query's result on {@code session}, without checking them. */
  List<String> answer(SpateSession session) {
    return answer(session, views.register(session, variant));
  }

  private List<String> answer(SpateSession session, SsbViews.Registered tables) {
    List<Row> rows = session.sql(SsbQueries.sql(query, tables.prefix())).collectAsList();
    return Answers.lines(rows);
  }
}
