package dev.spate.bench.ssb;

import dev.spate.bench.BenchContext;
import dev.spate.bench.BenchQuery;
import dev.spate.bench.BenchSettings;
import dev.spate.bench.BenchSuite;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The Star Schema Benchmark: the 13 queries Q1.1 to Q4.3 over data from {@link SsbGenerator},
 * each on Parquet files ({@code q1.1/parquet}) and on the same tables held in memory as Arrow
 * ({@code q1.1/arrow}, loaded by the session's first in-memory query's {@code setUp} and kept for
 * the session's life). Every run checks its answer against DuckDB's, shipped for the reference seed at some scale
 * factors; at other scale factors or seeds a run reports {@code checked} = 0 and the suite says
 * on standard error that its answers are not checked.
 */
public final class SsbSuite implements BenchSuite {
  /**
   * The generator seed the shipped reference answers hold for, the runner's default: runs with
   * another seed are not checked.
   */
  public static final long REFERENCE_SEED = BenchSettings.DEFAULT_SEED;

  private final SsbAnswers answers = SsbAnswers.shipped();

  /** The suite, found by the runner through its name. */
  public SsbSuite() {}

  @Override
  public String name() {
    return "ssb";
  }

  @Override
  public String description() {
    return "Star Schema Benchmark: 13 star-join queries (SF 1 = 6 M lineorder rows) on Parquet"
        + " files and in-memory Arrow, answers checked against DuckDB";
  }

  @Override
  public void prepare(BenchContext context) throws IOException {
    generator(context).prepare(context.dataDirectory());
  }

  /**
   * The 26 queries over the generation {@link #prepare} made (which this generates first if it is
   * missing): {@code q1.1/parquet}, {@code q1.1/arrow}, {@code q1.2/parquet}, ...
   */
  @Override
  public List<BenchQuery> queries(BenchContext context) {
    SsbData data;
    try {
      data = generator(context).prepare(context.dataDirectory());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    SsbViews views = new SsbViews(data, "sf" + SsbGenerator.scaleText(context.scaleFactor())
        .replace('.', '_') + "_" + Long.toUnsignedString(context.seed(), 36));
    List<BenchQuery> queries = new ArrayList<>();
    for (String query : SsbQueries.NAMES) {
      for (StorageVariant variant : StorageVariant.values()) {
        queries.add(new SsbQuery(query, variant, views, answers));
      }
    }
    return List.copyOf(queries);
  }

  private static SsbGenerator generator(BenchContext context) {
    return new SsbGenerator(context.scaleFactor(), context.seed());
  }
}
