package dev.spate.planner.physical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spate.planner.Explain;
import dev.spate.planner.analysis.Analyzer;
import dev.spate.planner.config.SpateConfig;
import dev.spate.planner.expr.UnresolvedColumn;
import dev.spate.planner.logical.Distinct;
import dev.spate.planner.logical.LogicalPlan;
import dev.spate.planner.logical.Project;
import dev.spate.planner.optimizer.Optimizer;
import dev.spate.planner.sql.SqlParser;
import dev.spate.planner.testing.TestCatalog;
import java.util.List;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PhysicalPlannerTest {
  private final RootAllocator allocator = new RootAllocator();
  private final TestCatalog catalog = new TestCatalog()
      .table("t", "a INT, b BIGINT, s STRING")
      .table("u", "k BIGINT, c STRING");
  private final SpateConfig config = SpateConfig.defaults();

  @AfterEach
  void closeAllocator() {
    allocator.close();
  }

  private LogicalPlan optimized(LogicalPlan parsed) {
    return new Optimizer(config).optimize(new Analyzer(catalog, config).analyze(parsed));
  }

  private PhysicalNode plan(String sql) {
    return new PhysicalPlanner(config).plan(optimized(SqlParser.parseQuery(sql)));
  }

  @Test
  void aggregateBecomesHashAggregateWithFinalProject() {
    PhysicalNode node = plan("SELECT a, sum(b) + 1 AS total, count(*) FROM t GROUP BY a");
    assertThat(Explain.treeString(node)).isEqualTo(""
        + "Project [a, (sum(b) + 1L) AS total, count(1) AS count(1)]\n"
        + "  +- HashAggregate keys=[a], functions=[sum(b), count(1)]\n"
        + "    +- Scan test [t] [a, b]\n");
    assertThat(node.schema().getFields().get(1).getName()).isEqualTo("total");
    assertThat(Explain.treeString(plan("SELECT a, count(*) FROM t GROUP BY a")))
        .startsWith("HashAggregate keys=[a], functions=[count(1)]");
  }

  @Test
  void joinConditionSplitsIntoKeysAndResidual() {
    PhysicalNode node = plan("SELECT s, c FROM t JOIN u ON t.a = u.k AND t.b < u.k + 1");
    HashJoinExec join = (HashJoinExec) node.child();
    assertThat(join.leftKeys().toString()).isEqualTo("[CAST(a AS BIGINT)]");
    assertThat(join.rightKeys().toString()).isEqualTo("[k]");
    assertThat(((dev.spate.planner.expr.ColumnRef) join.rightKeys().get(0)).ordinal()).isZero();
    assertThat(join.residual().sql()).isEqualTo("(b < (k + 1L))");
    PhysicalNode cross = plan("SELECT s, c FROM t CROSS JOIN u");
    assertThat(Explain.treeString(cross)).isEqualTo(""
        + "NestedLoopJoin CROSS\n"
        + "  +- Scan test [t] [s]\n"
        + "  +- Scan test [u] [c]\n");
  }

  @Test
  void sortUnderLimitBecomesTopN() {
    assertThat(Explain.treeString(plan("SELECT a FROM t ORDER BY b DESC LIMIT 5"))).isEqualTo(""
        + "Project [a]\n"
        + "  +- TopN [b DESC NULLS LAST], limit=5\n"
        + "    +- Scan test [t] [a, b]\n");
    assertThat(Explain.treeString(plan("SELECT a FROM t ORDER BY a LIMIT 5 OFFSET 2")))
        .isEqualTo(""
            + "Limit 5 offset 2\n"
            + "  +- TopN [a ASC NULLS FIRST], limit=7\n"
            + "    +- Scan test [t] [a]\n");
  }

  @Test
  void distinctBecomesHashAggregate() {
    assertThat(Explain.treeString(plan("SELECT DISTINCT a, s FROM t"))).isEqualTo(""
        + "HashAggregate keys=[a, s], functions=[]\n"
        + "  +- Scan test [t] [a, s]\n");
    LogicalPlan analyzed = new Analyzer(catalog, config).analyze(
        new Distinct(List.of(2), new Project(List.of(UnresolvedColumn.of("a"),
            UnresolvedColumn.of("b"), UnresolvedColumn.of("s")),
            SqlParser.parseQuery("SELECT * FROM t"))));
    PhysicalNode dropDuplicates = new PhysicalPlanner(config).plan(
        new Optimizer(config).optimize(analyzed));
    assertThat(Explain.treeString(dropDuplicates)).isEqualTo(""
        + "Project [a, b, s]\n"
        + "  +- HashAggregate keys=[s], functions=[first(a), first(b)]\n"
        + "    +- Scan test [t] [a, b, s]\n");
    assertThat(dropDuplicates.schema()).isEqualTo(analyzed.schema());
  }

  @Test
  void unionAndGenerate() {
    PhysicalNode union = plan("SELECT a FROM t UNION ALL SELECT k FROM u");
    assertThat(union).isInstanceOf(UnionExec.class);
    assertThat(union.schema().getFields().get(0).getName()).isEqualTo("a");
    catalog.table("g", "id INT, xs ARRAY<STRING>");
    PhysicalNode generate = plan("SELECT id, explode(xs) AS x FROM g");
    assertThat(Explain.treeString(generate)).isEqualTo(""
        + "Project [id, x]\n"
        + "  +- Generate explode(xs)\n"
        + "    +- Scan test [g] [id, xs]\n");
    assertThat(generate.schema().getFields().get(1).getName()).isEqualTo("x");
  }

  @Test
  void explainModes() {
    LogicalPlan parsed = SqlParser.parseQuery("SELECT a FROM t WHERE b > 1");
    LogicalPlan analyzed = new Analyzer(catalog, config).analyze(parsed);
    LogicalPlan optimized = new Optimizer(config).optimize(analyzed);
    PhysicalNode physical = new PhysicalPlanner(config).plan(optimized);
    String extended = Explain.text("extended", parsed, analyzed, optimized, physical, null);
    assertThat(extended).startsWith("== Parsed Logical Plan ==\nProject [a]\n")
        .contains("\n== Analyzed Logical Plan ==\nProject [a]\n  +- Filter (b > CAST(1 AS BIGINT))")
        .contains("\n== Optimized Logical Plan ==\nProject [a]\n  +- Filter (b > 1L)")
        .endsWith("== Physical Plan ==\nProject [a]\n  +- Filter (b > 1L)\n"
            + "    +- Scan test [t] [a, b] PushedFilters: [(b > 1L)]\n");
    assertThat(Explain.text("SIMPLE", parsed, analyzed, optimized, physical, null))
        .startsWith("== Physical Plan ==\nProject [a]");
    assertThatThrownBy(() -> Explain.text("costs", parsed, analyzed, optimized, physical, null))
        .hasMessageContaining("Unknown explain mode: costs");
  }
}
