package dev.spate.differential;

import static org.assertj.core.api.Assertions.fail;

import dev.spate.DataFrame;
import dev.spate.SpateSession;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * Differential test with DuckDB as an independent oracle: the same seeded random tables are loaded
 * into Spate and an in-memory DuckDB, and each generated query (see {@link QueryGenerator}) runs on
 * both; results must match as multisets (in order for ORDER BY over a total order). One dynamic
 * test per query; {@code -Ddifferential.seed=N} and {@code -Ddifferential.queries=N} change the
 * seed (default 20241124) and the number of queries (default 180). This class runs with
 * {@code spate.codegen.enabled=true}; {@link DuckDbDifferentialInterpretedTest} runs the same
 * queries on the interpreted backend.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DuckDbDifferentialTest {
  private static final long SEED = Long.getLong("differential.seed", 20241124L);
  private static final int QUERIES = Integer.getInteger("differential.queries", 180);

  private SpateSession spate;
  private Connection duckdb;

  @BeforeAll
  void loadTables() throws SQLException {
    spate = SpateSession.builder().appName("duckdb-differential")
        .config("spate.batch.maxRows", "100")
        .config("spate.codegen.enabled", Boolean.toString(codegenEnabled()))
        .config("spate.test.failOnFallback", "false").getOrCreate();
    duckdb = DriverManager.getConnection("jdbc:duckdb:");
    new RandomTables(SEED).load(spate, duckdb);
  }

  /** Whether this run uses the codegen backend ({@link DuckDbDifferentialInterpretedTest}: no). */
  boolean codegenEnabled() {
    return true;
  }

  @AfterAll
  void close() throws SQLException {
    try {
      duckdb.close();
    } finally {
      spate.close();
    }
  }

  @TestFactory
  Stream<DynamicTest> spateMatchesDuckDb() {
    List<GeneratedQuery> queries = new QueryGenerator(SEED).generate(QUERIES);
    return queries.stream().map(query -> DynamicTest.dynamicTest(
        (queries.indexOf(query) + 1) + " " + query.template() + ": " + query.spateSql(),
        () -> check(query)));
  }

  private void check(GeneratedQuery query) throws SQLException {
    List<List<Object>> expected;
    try (Statement statement = duckdb.createStatement();
        ResultSet resultSet = statement.executeQuery(query.duckdbSql())) {
      expected = ResultComparator.fromDuckDb(resultSet);
    }
    List<List<Object>> actual;
    try {
      DataFrame frame = spate.sql(query.spateSql());
      actual = ResultComparator.fromSpate(frame.collectAsList());
    } catch (RuntimeException e) {
      throw new AssertionError("Spate failed on " + query.spateSql() + "\n(DuckDB: "
          + query.duckdbSql() + ", " + expected.size() + " rows)\n" + e, e);
    }
    String difference = ResultComparator.difference(expected, actual, query.ordered());
    if (difference != null) {
      fail("Spate and DuckDB disagree on (seed " + SEED + ")\nSpate SQL:  " + query.spateSql()
          + "\nDuckDB SQL: " + query.duckdbSql() + "\n" + difference);
    }
  }
}
