package dev.spate.planner.optimizer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spate.planner.analysis.Analyzer;
import dev.spate.planner.config.SpateConfig;
import dev.spate.planner.logical.Filter;
import dev.spate.planner.logical.LogicalPlan;
import dev.spate.planner.logical.Scan;
import dev.spate.planner.sql.SqlParser;
import dev.spate.planner.testing.TestCatalog;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OptimizerTest {
  private final RootAllocator allocator = new RootAllocator();
  private final TestCatalog catalog = new TestCatalog()
      .table("t", "a INT, b BIGINT, s STRING, x DOUBLE")
      .table("u", "a INT, c STRING");

  @AfterEach
  void closeAllocator() {
    allocator.close();
  }

  private LogicalPlan optimize(String sql) {
    return optimize(catalog, sql);
  }

  private LogicalPlan optimize(TestCatalog tables, String sql) {
    LogicalPlan analyzed = new Analyzer(tables, SpateConfig.defaults()).analyze(
        SqlParser.parseQuery(sql));
    LogicalPlan optimized = new Optimizer(SpateConfig.defaults()).optimize(analyzed);
    assertThat(optimized.schema()).isEqualTo(analyzed.schema());
    return optimized;
  }

  @Test
  void pushesFilterIntoScanAndPrunesColumns() {
    LogicalPlan plan = optimize("SELECT s FROM (SELECT s, b AS k FROM t) WHERE k > 5");
    assertThat(plan.treeString()).isEqualTo(""
        + "Project [s]\n"
        + "  +- Filter (b > 5L)\n"
        + "    +- Scan test [t] [b, s] PushedFilters: [(b > 5L)]\n");
    Scan scan = (Scan) plan.child().child();
    assertThat(scan.columns()).containsExactly(1, 2);
    // the scan's filter indexes the full source schema: b is column 1 of t
    assertThat(scan.filters().get(0).children().get(0).toString()).isEqualTo("b");
    assertThat(((dev.spate.planner.expr.ColumnRef) scan.filters().get(0).children().get(0))
        .ordinal()).isEqualTo(1);
    // the Filter above the pruned scan references the pruned position
    assertThat(((dev.spate.planner.expr.ColumnRef) ((Filter) plan.child()).condition()
        .children().get(0)).ordinal()).isEqualTo(0);
  }

  @Test
  void pushesIntoJoinSidesRespectingOuterJoins() {
    assertThat(optimize("SELECT t.s, u.c FROM t JOIN u ON t.a = u.a WHERE t.b > 1 AND u.c = 'x'")
        .treeString()).isEqualTo(""
        + "Project [s, c]\n"
        + "  +- Join INNER (a = a)\n"
        + "    +- Filter (b > 1L)\n"
        + "      +- Scan test [t] [a, b, s] PushedFilters: [(b > 1L)]\n"
        + "    +- Filter (c = x)\n"
        + "      +- Scan test [u] [a, c] PushedFilters: [(c = x)]\n");
    // a WHERE on the null-supplying side of a left join stays above the join
    assertThat(optimize("SELECT t.s FROM t LEFT JOIN u ON t.a = u.a WHERE u.c IS NULL"
        + " AND t.b > 1").treeString()).isEqualTo(""
        + "Project [s]\n"
        + "  +- Filter (c IS NULL)\n"
        + "    +- Join LEFT_OUTER (a = a)\n"
        + "      +- Filter (b > 1L)\n"
        + "        +- Scan test [t] [a, b, s] PushedFilters: [(b > 1L)]\n"
        + "      +- Scan test [u] [a, c]\n");
    // an ON conjunct on the null-supplying side goes into that side; one on the preserved side stays
    assertThat(optimize("SELECT t.s FROM t LEFT JOIN u ON t.a = u.a AND u.c = 'x' AND t.b > 1")
        .treeString()).isEqualTo(""
        + "Project [s]\n"
        + "  +- Join LEFT_OUTER ((a = a) AND (b > 1L))\n"
        + "    +- Scan test [t] [a, b, s]\n"
        + "    +- Filter (c = x)\n"
        + "      +- Scan test [u] [a, c] PushedFilters: [(c = x)]\n");
    // a comma join with a cross-side WHERE becomes an inner join on that condition
    assertThat(optimize("SELECT t.s FROM t, u WHERE t.a = u.a").treeString())
        .contains("Join INNER (a = a)");
  }

  @Test
  void commaJoinsInAnyOrderJoinThroughTheirConditionsWithTheLargestTableStreamed() {
    TestCatalog star = new TestCatalog()
        .table("dates", "dk INT, year INT")
        .table("customers", "ck INT, nation STRING")
        .table("facts", "fd INT, fc INT, revenue BIGINT");
    String sql = "SELECT nation, year, revenue FROM dates, customers, facts"
        + " WHERE dk = fd AND ck = fc AND year = 1997";
    // sizes unknown: start with the first table, then the first one a condition connects
    LogicalPlan unknownSizes = optimize(star, sql);
    assertThat(unknownSizes.treeString()).doesNotContain("CROSS").isEqualTo(""
        + "Project [nation, year, revenue]\n"
        + "  +- Join INNER (ck = fc)\n"
        + "    +- Join INNER (dk = fd)\n"
        + "      +- Filter (year = 1997)\n"
        + "        +- Scan test [dates] [dk, year] PushedFilters: [(year = 1997)]\n"
        + "      +- Scan test [facts] [fd, fc, revenue]\n"
        + "    +- Scan test [customers] [ck, nation]\n");
    // sizes known: the fact table streams, every dimension is a build side
    TestCatalog sized = new TestCatalog()
        .table("dates", "dk INT, year INT", 1_000)
        .table("customers", "ck INT, nation STRING", 50_000)
        .table("facts", "fd INT, fc INT, revenue BIGINT", 10_000_000);
    assertThat(optimize(sized, sql).treeString()).isEqualTo(""
        + "Project [nation, year, revenue]\n"
        + "  +- Join INNER (ck = fc)\n"
        + "    +- Join INNER (dk = fd)\n"
        + "      +- Scan test [facts] [fd, fc, revenue]\n"
        + "      +- Filter (year = 1997)\n"
        + "        +- Scan test [dates] [dk, year] PushedFilters: [(year = 1997)]\n"
        + "    +- Scan test [customers] [ck, nation]\n");
    // a table no condition reaches is joined last, as a cross join
    assertThat(optimize(star, "SELECT year FROM dates, customers, facts WHERE dk = fd")
        .treeString()).contains("Join CROSS\n", "Join INNER (dk = fd)");
  }

  @Test
  void foldsConstantsButLeavesRuntimeErrors() {
    assertThat(optimize("SELECT a FROM t WHERE 1 + 1 = 2 AND a > 0").treeString())
        .isEqualTo("Filter (a > 0)\n  +- Scan test [t] [a] PushedFilters: [(a > 0)]\n");
    assertThat(optimize("SELECT 1 / 0 AS q, 2147483647 + 1 AS o, 2 * 3 AS six FROM t")
        .treeString()).startsWith(
            "Project [(1.0 / 0.0) AS q, (2147483647 + 1) AS o, 6 AS six]");
    assertThat(optimize("SELECT a FROM t WHERE false OR a IS NOT NULL").treeString())
        .startsWith("Filter (a IS NOT NULL)");
    assertThat(optimize("SELECT coalesce(NULL, a, 1) AS c FROM t").treeString())
        .startsWith("Project [coalesce(a, 1) AS c]");
  }

  @Test
  void foldsCastsOfLiteralsThatCannotFail() {
    assertThat(optimize("SELECT a FROM t WHERE x < 0.25").treeString())
        .contains("Filter (x < 0.25)\n");
    assertThat(optimize("SELECT a FROM t WHERE b > CAST(7 AS SMALLINT)").treeString())
        .contains("Filter (b > 7L)\n");
    assertThat(optimize("SELECT a FROM t WHERE a > CAST('7' AS INT)").treeString())
        .contains("Filter (a > CAST(7 AS INT))");
  }

  @Test
  void pushesFiltersOnGroupingColumnsBelowAggregates() {
    assertThat(optimize("SELECT a, count(*) AS n FROM t GROUP BY a HAVING a > 1 AND n > 2")
        .treeString()).isEqualTo(""
        + "Filter (n > 2L)\n"
        + "  +- Aggregate [a] [a, count(1) AS n]\n"
        + "    +- Filter (a > 1)\n"
        + "      +- Scan test [t] [a] PushedFilters: [(a > 1)]\n");
  }

  @Test
  void limitMovesNextToSortAndProjectsCombine() {
    assertThat(optimize("SELECT s, a + 1 AS k FROM (SELECT * FROM t) ORDER BY a LIMIT 3")
        .treeString()).isEqualTo(""
        + "Project [s, k]\n"
        + "  +- Limit 3\n"
        + "    +- Sort [a ASC NULLS FIRST]\n"
        + "      +- Project [s, (a + 1) AS k, a]\n"
        + "        +- Scan test [t] [a, s]\n");
  }

  @Test
  void projectsCombineUnlessAComputedColumnWouldBeCopied() {
    assertThat(optimize("SELECT m + 1 AS p, s FROM (SELECT a * b AS m, s FROM t)").treeString())
        .isEqualTo(""
            + "Project [((CAST(a AS BIGINT) * b) + 1L) AS p, s]\n"
            + "  +- Scan test [t] [a, b, s]\n");
    assertThat(optimize("SELECT m + 1 AS p, m - 1 AS q FROM (SELECT a * b AS m FROM t)")
        .treeString()).isEqualTo(""
            + "Project [(m + 1L) AS p, (m - 1L) AS q]\n"
            + "  +- Project [(CAST(a AS BIGINT) * b) AS m]\n"
            + "    +- Scan test [t] [a, b]\n");
  }
}
