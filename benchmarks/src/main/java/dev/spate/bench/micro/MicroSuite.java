package dev.spate.bench.micro;

import dev.spate.SpateSession;
import dev.spate.bench.BenchContext;
import dev.spate.bench.BenchQuery;
import dev.spate.bench.BenchSuite;
import dev.spate.bench.QueryOutcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.arrow.vector.ipc.ArrowReader;

/**
 * The micro suite: filter at four selectivities, a projection, a fused filter-project-sum and
 * grouped aggregation at 100, 10,000 and 1,000,000 groups over an in-memory Arrow table
 * ({@link MicroData}, 10 M rows at scale factor 1). Results are drained as Arrow and compared by
 * {@link Fingerprint} with references computed by plain loops over the generator's formulas.
 */
public final class MicroSuite implements BenchSuite {
  /** Column positions in {@link MicroData#row}. */
  private static final int ID = 0;
  private static final int U = 1;
  private static final int V = 5;

  private final Map<String, Fingerprint> expected = new LinkedHashMap<>();
  private MicroData data;
  private SpateSession loadedInto;

  @Override
  public String name() {
    return "micro";
  }

  @Override
  public String description() {
    return "filter / project / grouped aggregation over in-memory Arrow; sf 1 = 10 M rows";
  }

  @Override
  public void prepare(BenchContext context) {
    data = new MicroData(Math.max(1, Math.round(context.scaleFactor()
        * MicroData.ROWS_PER_SCALE_FACTOR)), context.seed());
    loadedInto = null;
    expected.clear();
    Map<String, Reference> references = new LinkedHashMap<>();
    for (Definition definition : definitions()) {
      references.put(definition.name, definition.reference.get());
    }
    for (long id = 0; id < data.rows(); id++) {
      long[] row = data.row(id);
      for (Reference reference : references.values()) {
        reference.accept(row);
      }
    }
    references.forEach((name, reference) -> expected.put(name, reference.finish()));
  }

  @Override
  public List<BenchQuery> queries(BenchContext context) {
    List<BenchQuery> queries = new ArrayList<>();
    for (Definition definition : definitions()) {
      queries.add(new MicroQuery(definition));
    }
    return queries;
  }

  /** Builds the expected fingerprint of one query from the table's rows, in row order. */
  private interface Reference {
    void accept(long[] row);

    Fingerprint finish();
  }

  /** One query: its SQL, the bytes per row it reads, and how to compute its reference. */
  private static final class Definition {
    final String name;
    final String sql;
    final int bytesPerRow;
    final Supplier<Reference> reference;

    Definition(String name, String sql, int bytesPerRow, Supplier<Reference> reference) {
      this.name = name;
      this.sql = sql;
      this.bytesPerRow = bytesPerRow;
      this.reference = reference;
    }
  }

  private static List<Definition> definitions() {
    List<Definition> definitions = new ArrayList<>();
    for (int percent : new int[] {1, 10, 50, 90}) {
      int bound = percent * 100;
      definitions.add(new Definition("filter/sel" + percent,
          "SELECT id, v FROM micro WHERE u < " + bound, 20,
          () -> rowwise(2, row -> row[U] < bound ? new long[] {row[ID], row[V]} : null)));
    }
    definitions.add(new Definition("project",
        "SELECT id * 3 + v AS a, v * v - u AS b, CASE WHEN u < 5000 THEN v ELSE -v END AS c"
            + " FROM micro", 20, () -> rowwise(3, row -> new long[] {row[ID] * 3 + row[V],
                row[V] * row[V] - row[U], row[U] < 5000 ? row[V] : -row[V]})));
    definitions.add(new Definition("filter-project-sum",
        "SELECT sum(v * 2 + u) AS s, count(*) AS n FROM micro WHERE u < 5000", 12,
        MicroSuite::filterProjectSum));
    int[] keyColumns = {2, 3, 4};
    int[] groups = {100, 10_000, 1_000_000};
    String[] names = {"k100", "k10k", "k1m"};
    for (int index = 0; index < keyColumns.length; index++) {
      int keyColumn = keyColumns[index];
      int groupCount = groups[index];
      definitions.add(new Definition("group/" + names[index],
          "SELECT " + names[index] + " AS k, count(*) AS n, sum(v) AS s, min(v) AS lo,"
              + " max(v) AS hi FROM micro GROUP BY " + names[index], 16,
          () -> grouped(keyColumn, groupCount)));
    }
    return definitions;
  }

  /** A reference whose expected rows are {@code projection} of each input row, or none for null. */
  private static Reference rowwise(int columns, java.util.function.Function<long[], long[]> projection) {
    Fingerprint fingerprint = new Fingerprint(columns);
    return new Reference() {
      @Override
      public void accept(long[] row) {
        long[] output = projection.apply(row);
        if (output != null) {
          fingerprint.add(output);
        }
      }

      @Override
      public Fingerprint finish() {
        return fingerprint;
      }
    };
  }

  private static Reference filterProjectSum() {
    long[] totals = new long[2];
    return new Reference() {
      @Override
      public void accept(long[] row) {
        if (row[U] < 5000) {
          totals[0] += row[V] * 2 + row[U];
          totals[1]++;
        }
      }

      @Override
      public Fingerprint finish() {
        Fingerprint fingerprint = new Fingerprint(2);
        fingerprint.add(totals[0], totals[1]);
        return fingerprint;
      }
    };
  }

  private static Reference grouped(int keyColumn, int groupCount) {
    long[] counts = new long[groupCount];
    long[] sums = new long[groupCount];
    long[] minimums = new long[groupCount];
    long[] maximums = new long[groupCount];
    java.util.Arrays.fill(minimums, Long.MAX_VALUE);
    java.util.Arrays.fill(maximums, Long.MIN_VALUE);
    return new Reference() {
      @Override
      public void accept(long[] row) {
        int key = (int) row[keyColumn];
        counts[key]++;
        sums[key] += row[V];
        minimums[key] = Math.min(minimums[key], row[V]);
        maximums[key] = Math.max(maximums[key], row[V]);
      }

      @Override
      public Fingerprint finish() {
        Fingerprint fingerprint = new Fingerprint(5);
        for (int key = 0; key < groupCount; key++) {
          if (counts[key] > 0) {
            fingerprint.add(key, counts[key], sums[key], minimums[key], maximums[key]);
          }
        }
        return fingerprint;
      }
    };
  }

  /** Runs one definition's SQL against the in-memory table and checks its fingerprint. */
  private final class MicroQuery implements BenchQuery {
    private final Definition definition;

    MicroQuery(Definition definition) {
      this.definition = definition;
    }

    @Override
    public String name() {
      return definition.name;
    }

    @Override
    public void setUp(SpateSession session, BenchContext context) throws Exception {
      if (loadedInto != session) {
        data.register(session);
        loadedInto = session;
      }
    }

    @Override
    public QueryOutcome run(SpateSession session, BenchContext context) throws Exception {
      Fingerprint actual;
      try (ArrowReader reader = session.sql(definition.sql).toArrow()) {
        actual = Fingerprint.of(reader);
      }
      expected.get(definition.name).expectSame(definition.name, actual);
      return QueryOutcome.of(data.rows(), data.rows() * definition.bytesPerRow, actual.rows());
    }
  }
}
