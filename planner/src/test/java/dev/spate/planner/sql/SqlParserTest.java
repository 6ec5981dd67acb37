package dev.spate.planner.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spate.SpateException;
import dev.spate.planner.batch.BatchStream;
import dev.spate.planner.batch.ColumnarBatch;
import dev.spate.planner.config.SpateConfig;
import dev.spate.planner.expr.Alias;
import dev.spate.planner.expr.Cast;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.expr.Literal;
import dev.spate.planner.expr.UnresolvedColumn;
import dev.spate.planner.expr.UnresolvedFunction;
import dev.spate.planner.logical.LogicalPlan;
import dev.spate.planner.logical.UnresolvedRelation;
import dev.spate.planner.spi.ExecContext;
import dev.spate.planner.types.DataTypes;
import java.math.BigDecimal;
import java.util.List;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SqlParserTest {
  private final RootAllocator allocator = new RootAllocator();

  @AfterEach
  void closeAllocator() {
    allocator.close();
  }

  @Test
  void buildsClausesInSqlOrder() {
    LogicalPlan plan = SqlParser.parseQuery("SELECT a, count(*) AS n FROM t WHERE b > 1"
        + " GROUP BY a HAVING count(*) > 2 ORDER BY n DESC LIMIT 10 OFFSET 5");
    assertThat(plan.treeString()).isEqualTo(""
        + "Limit 10 OFFSET 5\n"
        + "  +- Sort [n DESC NULLS LAST]\n"
        + "    +- Filter (count(*) > 2)\n"
        + "      +- Aggregate [a] [a, count(*) AS n]\n"
        + "        +- Filter (b > 1)\n"
        + "          +- UnresolvedRelation t\n");
  }

  @Test
  void parsesFileTablesJoinsAndSubqueries() {
    LogicalPlan plan = SqlParser.parseQuery("SELECT x.*, y.v FROM parquet.`/data/my events` x"
        + " LEFT OUTER JOIN (SELECT k, v FROM u) AS y ON x.k = y.k"
        + " JOIN w USING (k) CROSS JOIN z");
    assertThat(plan.treeString()).isEqualTo(""
        + "Project [x.*, v]\n"
        + "  +- Join CROSS\n"
        + "    +- Join INNER USING [k]\n"
        + "      +- Join LEFT_OUTER (k = k)\n"
        + "        +- SubqueryAlias x\n"
        + "          +- UnresolvedRelation parquet./data/my events\n"
        + "        +- SubqueryAlias y\n"
        + "          +- Project [k, v]\n"
        + "            +- UnresolvedRelation u\n"
        + "      +- UnresolvedRelation w\n"
        + "    +- UnresolvedRelation z\n");
    UnresolvedRelation relation = (UnresolvedRelation) plan.child().child().child().child()
        .child();
    assertThat(relation.nameParts()).containsExactly("parquet", "/data/my events");
  }

  @Test
  void parsesLeftSemiCommaJoinUnionAndDistinct() {
    assertThat(SqlParser.parseQuery("SELECT a FROM t LEFT SEMI JOIN u ON t.a = u.a").treeString())
        .contains("Join LEFT_SEMI (a = a)");
    assertThat(SqlParser.parseQuery("SELECT a FROM t LEFT ANTI JOIN u ON t.a = u.a").treeString())
        .contains("Join LEFT_ANTI (a = a)").contains("UnresolvedRelation t\n");
    assertThat(SqlParser.parseQuery("SELECT a FROM t anti\n join u ON t.a = u.a").treeString())
        .contains("Join LEFT_ANTI (a = a)");
    assertThat(SqlParser.parseQuery("SELECT 'left anti join' AS s FROM t").treeString())
        .contains("left anti join");
    assertThat(SqlParser.parseExpression("from_json(s, 'a INT').a").sql())
        .isEqualTo("from_json(s, a INT).a");
    assertThat(SqlParser.parseExpression("a IN (1, 2, 5) AND a <> 2").sql())
        .isEqualTo("((a IN (1, 2, 5)) AND (NOT (a = 2)))");
    assertThatThrownBy(() -> SqlParser.parseQuery("SELECT a FROM t STRAIGHT_JOIN u"))
        .hasMessageContaining("STRAIGHT_JOIN is not supported");
    assertThat(SqlParser.parseQuery("SELECT * FROM t, u").treeString()).contains("Join INNER\n");
    assertThat(SqlParser.parseQuery("SELECT a FROM t UNION SELECT b FROM u UNION ALL SELECT c"
        + " FROM v").treeString()).isEqualTo(""
        + "Union\n"
        + "  +- Distinct\n"
        + "    +- Union\n"
        + "      +- Project [a]\n"
        + "        +- UnresolvedRelation t\n"
        + "      +- Project [b]\n"
        + "        +- UnresolvedRelation u\n"
        + "  +- Project [c]\n"
        + "    +- UnresolvedRelation v\n");
    assertThat(SqlParser.parseQuery("SELECT DISTINCT a FROM t").treeString())
        .startsWith("Distinct\n  +- Project [a]");
  }

  @Test
  void replacesOrdinalsInGroupByAndOrderBy() {
    LogicalPlan plan = SqlParser.parseQuery(
        "SELECT a + 1 AS b, count(x) FROM t GROUP BY 1 ORDER BY 1, 2 NULLS FIRST");
    assertThat(plan.treeString()).isEqualTo(""
        + "Sort [b ASC NULLS FIRST, count(x) ASC NULLS FIRST]\n"
        + "  +- Aggregate [(a + 1)] [(a + 1) AS b, count(x)]\n"
        + "    +- UnresolvedRelation t\n");
    assertThatThrownBy(() -> SqlParser.parseQuery("SELECT a FROM t GROUP BY 2"))
        .hasMessageContaining("GROUP BY position 2 is not in select list (valid range is [1, 1])");
  }

  @Test
  void inlineTablesAreUnionsOfOneRowProjects() {
    LogicalPlan plan = SqlParser.parseQuery("SELECT * FROM VALUES (1, 'a'), (2, 'b') AS v(id, s)");
    assertThat(plan.treeString()).isEqualTo(""
        + "Project [*]\n"
        + "  +- SubqueryAlias v\n"
        + "    +- Union\n"
        + "      +- Project [1 AS id, a AS s]\n"
        + "        +- Scan OneRowRelation []\n"
        + "      +- Project [2 AS id, b AS s]\n"
        + "        +- Scan OneRowRelation []\n");
    assertThat(SqlParser.parseQuery("SELECT * FROM (VALUES (1, 2)) t").treeString())
        .contains("Project [1 AS col1, 2 AS col2]");
    assertThat(SqlParser.parseQuery("SELECT 1").treeString())
        .isEqualTo("Project [1]\n  +- Scan OneRowRelation []\n");
  }

  @Test
  void oneRowRelationProducesOneEmptyRow() {
    ExecContext context = new ExecContext(allocator, SpateConfig.defaults(), 0);
    try (BatchStream stream = OneRowTable.INSTANCE.scan(List.of(), List.of(), context)) {
      try (ColumnarBatch batch = stream.next()) {
        assertThat(batch.rowCount()).isEqualTo(1);
        assertThat(batch.columns()).isEmpty();
      }
      assertThat(stream.next()).isNull();
    }
  }

  @Test
  void literalsGetSparkTypes() {
    assertThat(literal("1").dataType().getType()).isEqualTo(DataTypes.INT);
    assertThat(literal("3000000000").dataType().getType()).isEqualTo(DataTypes.BIGINT);
    assertThat(literal("-2147483648").value()).isEqualTo(Integer.MIN_VALUE);
    assertThat(literal("-2147483648").dataType().getType()).isEqualTo(DataTypes.INT);
    assertThat(literal("1.5").dataType().getType()).isEqualTo(DataTypes.decimal(2, 1));
    assertThat(literal("1.5").value()).isEqualTo(new BigDecimal("1.5"));
    assertThat(literal("0.05").dataType().getType()).isEqualTo(DataTypes.decimal(2, 2));
    assertThat(literal("1.5e0").dataType().getType()).isEqualTo(DataTypes.DOUBLE);
    assertThat(literal("1e10").value()).isEqualTo(1e10);
    assertThat(literal("'it''s'").value()).isEqualTo("it's");
    assertThat(literal("\"dq\"").value()).isEqualTo("dq");
    assertThat(literal("TRUE").value()).isEqualTo(true);
    assertThat(literal("NULL").isNull()).isTrue();
    assertThat(literal("DATE '2020-01-02'").value()).isEqualTo(18263);
    assertThat(literal("TIMESTAMP '1970-01-01 00:00:01.5'").value()).isEqualTo(1_500_000L);
    assertThat((byte[]) literal("X'0aFF'").value()).containsExactly(10, -1);
    assertThatThrownBy(() -> SqlParser.parseExpression("DATE '2020-13-01'"))
        .hasMessageContaining("[INVALID_TYPED_LITERAL]");
  }

  @Test
  void operatorsBecomeCanonicalFunctions() {
    assertThat(SqlParser.parseExpression("a BETWEEN 1 AND 3").sql())
        .isEqualTo("((a >= 1) AND (a <= 3))");
    assertThat(SqlParser.parseExpression("a NOT BETWEEN 1 AND 3").sql())
        .isEqualTo("(NOT ((a >= 1) AND (a <= 3)))");
    assertThat(SqlParser.parseExpression("a NOT IN (1, 2)").sql()).isEqualTo("(NOT (a IN (1, 2)))");
    assertThat(SqlParser.parseExpression("s NOT LIKE 'x%'").sql()).isEqualTo("(NOT s LIKE x%)");
    assertThat(SqlParser.parseExpression("a <=> b").sql()).isEqualTo("(a <=> b)");
    assertThat(SqlParser.parseExpression("a != b").sql()).isEqualTo("(NOT (a = b))");
    assertThat(SqlParser.parseExpression("-a % 2 div 3").sql()).isEqualTo("(((- a) % 2) div 3)");
    assertThat(SqlParser.parseExpression("CASE a WHEN 1 THEN 'x' ELSE 'y' END").sql())
        .isEqualTo("CASE WHEN (a = 1) THEN x ELSE y END");
    assertThat(SqlParser.parseExpression("CASE WHEN a > 1 THEN 2 END").sql())
        .isEqualTo("CASE WHEN (a > 1) THEN 2 ELSE NULL END");
    assertThat(SqlParser.parseExpression("a IS NOT NULL AND NOT b IS NULL").sql())
        .isEqualTo("((a IS NOT NULL) AND (NOT (b IS NULL)))");
    assertThat(SqlParser.parseExpression("m['k']")).isEqualTo(UnresolvedFunction.of("get_item",
        UnresolvedColumn.of("m"), Literal.ofString("k")));
    assertThat(SqlParser.parseExpression("arr[0]").sql()).isEqualTo("arr[0]");
    assertThat(SqlParser.parseExpression("t.s.a")).isEqualTo(UnresolvedColumn.of("t", "s", "a"));
    assertThat(SqlParser.parseExpression("window.start"))
        .isEqualTo(UnresolvedColumn.of("window", "start"));
    assertThat(SqlParser.parseExpression("`My Col`")).isEqualTo(UnresolvedColumn.of("My Col"));
    assertThat(SqlParser.parseExpression("count(DISTINCT x)").sql())
        .isEqualTo("count(DISTINCT x)");
    assertThat(SqlParser.parseExpression("count(*)").sql()).isEqualTo("count(*)");
    assertThat(SqlParser.parseExpression("window(ts, '10 minutes')").sql())
        .isEqualTo("window(ts, 10 minutes)");
    assertThat(SqlParser.parseExpression("current_timestamp").sql())
        .isEqualTo("current_timestamp()");
  }

  @Test
  void castsAndAliases() {
    Expression cast = SqlParser.parseExpression("CAST(a AS DECIMAL(10, 2))");
    assertThat(cast).isInstanceOf(Cast.class);
    assertThat(cast.dataType().getType()).isEqualTo(DataTypes.decimal(10, 2));
    Expression tryCast = SqlParser.parseExpression("TRY_CAST(a AS BIGINT)");
    assertThat(((Cast) tryCast).tryCast()).isTrue();
    Expression aliased = SqlParser.parseExpression("a + 1 AS b");
    assertThat(aliased).isInstanceOf(Alias.class);
    assertThat(((Alias) aliased).name()).isEqualTo("b");
  }

  @Test
  void createTempView() {
    SqlStatement statement = SqlParser.parseStatement(
        "CREATE OR REPLACE TEMPORARY VIEW v AS SELECT a FROM t");
    assertThat(statement).isInstanceOf(CreateTempView.class);
    CreateTempView view = (CreateTempView) statement;
    assertThat(view.name()).isEqualTo("v");
    assertThat(view.replace()).isTrue();
    assertThat(view.plan().treeString()).isEqualTo("Project [a]\n  +- UnresolvedRelation t\n");
    CreateTempView plain = (CreateTempView) SqlParser.parseStatement(
        "CREATE TEMP VIEW w AS SELECT 1");
    assertThat(plain.replace()).isFalse();
    assertThat(SqlParser.parseStatement("SELECT 1")).isInstanceOf(QueryStatement.class);
  }

  @Test
  void syntaxErrorsNameLineColumnAndToken() {
    assertThatThrownBy(() -> SqlParser.parseQuery("SELECT a\nFROM t WHERE )"))
        .isInstanceOf(SpateException.class)
        .hasMessageContaining("[ANALYSIS] [PARSE_SYNTAX_ERROR] Syntax error at line 2, column 8:"
            + " unexpected 'WHERE'");
    assertThatThrownBy(() -> SqlParser.parseQuery("SELEC x"))
        .hasMessageContaining("line 1, column 1: unexpected 'SELEC'");
  }

  @Test
  void unsupportedConstructsAreNamed() {
    assertThatThrownBy(() -> SqlParser.parseQuery("SELECT a FROM t WHERE a IN (SELECT b FROM u)"))
        .hasMessageContaining("IN with a sub-query is not supported");
    assertThatThrownBy(() -> SqlParser.parseQuery("SELECT a FROM t INTERSECT SELECT b FROM u"))
        .hasMessageContaining("INTERSECT is not supported");
    assertThatThrownBy(() -> SqlParser.parseQuery("WITH x AS (SELECT 1) SELECT * FROM x"))
        .hasMessageContaining("WITH (common table expressions) is not supported");
    assertThatThrownBy(() -> SqlParser.parseStatement("DROP TABLE t"))
        .hasMessageContaining("the statement DROP is not supported");
    assertThatThrownBy(() -> SqlParser.parseExpression("INTERVAL 1 DAY"))
        .hasMessageContaining("IntervalExpression) is not supported");
  }

  private static Literal literal(String text) {
    return (Literal) SqlParser.parseExpression(text);
  }
}
