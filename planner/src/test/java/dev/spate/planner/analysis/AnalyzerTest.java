package dev.spate.planner.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spate.SpateException;
import dev.spate.planner.config.SpateConfig;
import dev.spate.planner.expr.Alias;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.logical.Aggregate;
import dev.spate.planner.logical.Attribute;
import dev.spate.planner.logical.Generate;
import dev.spate.planner.logical.LogicalPlan;
import dev.spate.planner.logical.Project;
import dev.spate.planner.sql.SqlParser;
import dev.spate.planner.testing.TestCatalog;
import dev.spate.planner.types.DataTypes;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AnalyzerTest {
  private final RootAllocator allocator = new RootAllocator();
  private final TestCatalog catalog = new TestCatalog()
      .table("t", "a INT, b BIGINT, s STRING, d DECIMAL(10,2), x DOUBLE,"
          + " st STRUCT<f: INT, g: STRUCT<h: STRING>>, arr ARRAY<INT>, m MAP<STRING, INT>,"
          + " dt DATE, ts TIMESTAMP, flag BOOLEAN NOT NULL")
      .table("u", "a INT, c STRING")
      .file("parquet", "/data/events", "deviceId BIGINT, signalStrength DOUBLE");

  @AfterEach
  void closeAllocator() {
    allocator.close();
  }

  private LogicalPlan analyze(String sql) {
    LogicalPlan plan = new Analyzer(catalog, SpateConfig.defaults()).analyze(
        SqlParser.parseQuery(sql));
    assertThat(plan.resolved()).as("resolved: %s", plan).isTrue();
    return plan;
  }

  private List<String> columns(String sql) {
    List<String> names = new ArrayList<>();
    for (Attribute attribute : analyze(sql).output()) {
      names.add(attribute.name() + ":" + DataTypes.sqlName(attribute.field()));
    }
    return names;
  }

  private Expression only(String sql) {
    LogicalPlan plan = analyze(sql);
    Expression projection = ((Project) plan).projections().get(0);
    return projection instanceof Alias ? ((Alias) projection).child() : projection;
  }

  @Test
  void resolvesNamesCaseInsensitivelyWithSparkOutputNames() {
    assertThat(columns("SELECT A, t.b, S AS name, a + 1, st.f, st.g.h, count_star FROM"
        + " (SELECT *, 1 AS count_star FROM t) t")).containsExactly("a:int", "b:bigint",
            "name:string", "(a + 1):int", "f:int", "h:string", "count_star:int");
    assertThat(columns("SELECT count(*), avg(X), sum(a), max(s) FROM t")).containsExactly(
        "count(1):bigint", "avg(x):double", "sum(a):bigint", "max(s):string");
    assertThat(columns("SELECT deviceId FROM parquet.`/data/events`"))
        .containsExactly("deviceId:bigint");
    assertThat(columns("SELECT u.* FROM t JOIN u ON t.a = u.a"))
        .containsExactly("a:int", "c:string");
  }

  @Test
  void caseSensitiveModeRejectsOtherCase() {
    Analyzer analyzer = new Analyzer(catalog,
        SpateConfig.defaults().with("spate.sql.caseSensitive", "true"));
    assertThatThrownBy(() -> analyzer.analyze(SqlParser.parseQuery("SELECT A FROM t")))
        .hasMessageContaining("[UNRESOLVED_COLUMN.WITH_SUGGESTION]");
  }

  @Test
  void unknownColumnSuggestsClosestNames() {
    assertThatThrownBy(() -> analyze("SELECT cc FROM u"))
        .isInstanceOf(SpateException.class)
        .hasMessage("[ANALYSIS] [UNRESOLVED_COLUMN.WITH_SUGGESTION] A column or function"
            + " parameter with name `cc` cannot be resolved. Did you mean one of the following?"
            + " [`u`.`c`, `u`.`a`].");
    assertThatThrownBy(() -> analyze("SELECT c FROM u WHERE c = 'x' AND zz > 1"))
        .hasMessageContaining("name `zz` cannot be resolved");
  }

  @Test
  void ambiguousAndUnknownNames() {
    assertThatThrownBy(() -> analyze("SELECT a FROM t JOIN u ON t.a = u.a"))
        .hasMessage("[ANALYSIS] [AMBIGUOUS_REFERENCE] Reference `a` is ambiguous, could be:"
            + " [`t`.`a`, `u`.`a`].");
    assertThatThrownBy(() -> analyze("SELECT foo(a) FROM t"))
        .hasMessageContaining("[UNRESOLVED_ROUTINE] Cannot resolve routine `foo`");
    assertThatThrownBy(() -> analyze("SELECT a FROM nope"))
        .hasMessageContaining("[TABLE_OR_VIEW_NOT_FOUND] The table or view `nope` cannot be found");
    assertThatThrownBy(() -> analyze("SELECT st.zz FROM t"))
        .hasMessageContaining("[FIELD_NOT_FOUND] No such struct field `zz` in `f`, `g`.");
  }

  @Test
  void arithmeticCoercionFollowsSpark() {
    assertThat(only("SELECT a + b FROM t").sql()).isEqualTo("(CAST(a AS BIGINT) + b)");
    assertThat(only("SELECT a + b FROM t").dataType().getType()).isEqualTo(DataTypes.BIGINT);
    assertThat(only("SELECT a / a FROM t").sql())
        .isEqualTo("(CAST(a AS DOUBLE) / CAST(a AS DOUBLE))");
    assertThat(only("SELECT a / a FROM t").dataType().getType()).isEqualTo(DataTypes.DOUBLE);
    // int + decimal(10,2): int is DECIMAL(10,0); result DECIMAL(max(10,8)+2+1, 2) = DECIMAL(13,2)
    assertThat(only("SELECT a + d FROM t").dataType().getType())
        .isEqualTo(DataTypes.decimal(13, 2));
    // decimal(10,2) * decimal(10,2) = DECIMAL(21,4)
    assertThat(only("SELECT d * d FROM t").dataType().getType()).isEqualTo(DataTypes.decimal(21, 4));
    // decimal(10,2) / decimal(10,2): scale max(6, 2+10+1) = 13, precision 10-2+2+13 = 23
    assertThat(only("SELECT d / d FROM t").dataType().getType()).isEqualTo(DataTypes.decimal(23, 13));
    // 1.5 is DECIMAL(2,1); with bigint b as DECIMAL(20,0): max(1,20)+1+1 = 22 digits, scale 1
    assertThat(only("SELECT b + 1.5 FROM t").dataType().getType())
        .isEqualTo(DataTypes.decimal(22, 1));
    assertThat(only("SELECT d + x FROM t").dataType().getType()).isEqualTo(DataTypes.DOUBLE);
    assertThat(only("SELECT a div 2 FROM t").dataType().getType()).isEqualTo(DataTypes.BIGINT);
    assertThat(only("SELECT -a FROM t").dataType().getType()).isEqualTo(DataTypes.INT);
  }

  @Test
  void comparisonCoercion() {
    assertThat(only("SELECT s = 1 FROM t").sql()).isEqualTo("(CAST(s AS BIGINT) = CAST(1 AS BIGINT))");
    assertThat(only("SELECT s < x FROM t").sql()).isEqualTo("(CAST(s AS DOUBLE) < x)");
    assertThat(only("SELECT dt < ts FROM t").sql()).isEqualTo("(CAST(dt AS TIMESTAMP) < ts)");
    assertThat(only("SELECT a = NULL FROM t").sql()).isEqualTo("(a = NULL)");
    assertThat(only("SELECT a IN (1, b) FROM t").sql())
        .isEqualTo("(CAST(a AS BIGINT) IN (CAST(1 AS BIGINT), b))");
    assertThat(only("SELECT flag = true FROM t").nullable()).isFalse();
    assertThat(only("SELECT a <=> NULL FROM t").nullable()).isFalse();
    assertThatThrownBy(() -> analyze("SELECT a + flag FROM t"))
        .hasMessage("[ANALYSIS] [DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES] Cannot resolve"
            + " \"(a + flag)\" due to data type mismatch: the left and right operands of the"
            + " binary operator have incompatible types (\"INT\" and \"BOOLEAN\").");
  }

  @Test
  void functionsGetResultTypes() {
    assertThat(only("SELECT coalesce(a, b) FROM t").dataType().getType())
        .isEqualTo(DataTypes.BIGINT);
    assertThat(only("SELECT nvl(a, 0) FROM t").sql()).isEqualTo("coalesce(a, 0)");
    assertThat(only("SELECT if(flag, a, NULL) FROM t").sql())
        .isEqualTo("CASE WHEN flag THEN a ELSE NULL END");
    assertThat(only("SELECT CASE WHEN flag THEN 1 ELSE 2.5 END FROM t").dataType().getType())
        .isEqualTo(DataTypes.decimal(11, 1));
    assertThat(only("SELECT substring(s, 2) FROM t").sql())
        .isEqualTo("substring(s, 2, 2147483647)");
    assertThat(only("SELECT length(s) FROM t").dataType().getType()).isEqualTo(DataTypes.INT);
    assertThat(only("SELECT year(ts) FROM t").sql()).isEqualTo("year(CAST(ts AS DATE))");
    assertThat(only("SELECT hour(ts) FROM t").dataType().getType()).isEqualTo(DataTypes.INT);
    assertThat(only("SELECT log(x) FROM t").sql()).isEqualTo("ln(x)");
    assertThat(only("SELECT sqrt(a) FROM t").sql()).isEqualTo("sqrt(CAST(a AS DOUBLE))");
    assertThat(only("SELECT floor(x) FROM t").dataType().getType()).isEqualTo(DataTypes.BIGINT);
    assertThat(only("SELECT round(d, 1) FROM t").dataType().getType())
        .isEqualTo(DataTypes.decimal(10, 1));
    assertThat(DataTypes.sqlName(only("SELECT split(s, ',') FROM t").dataType()))
        .isEqualTo("array<string>");
    assertThat(DataTypes.sqlName(only("SELECT struct(a, s AS n, a + 1) FROM t").dataType()))
        .isEqualTo("struct<a:int,n:string,col3:int>");
    assertThat(DataTypes.sqlName(only("SELECT named_struct('p', a) FROM t").dataType()))
        .isEqualTo("struct<p:int>");
    assertThat(DataTypes.sqlName(only("SELECT array(a, b) FROM t").dataType()))
        .isEqualTo("array<bigint>");
    assertThat(DataTypes.sqlName(only("SELECT from_json(s, 'k INT, v STRING') FROM t")
        .dataType())).isEqualTo("struct<k:int,v:string>");
    assertThat(only("SELECT arr[1] FROM t").dataType().getType()).isEqualTo(DataTypes.INT);
    assertThat(only("SELECT m['k'] FROM t").nullable()).isTrue();
    assertThat(only("SELECT CAST(s AS INT) FROM t").nullable()).isTrue();
    assertThat(only("SELECT current_timestamp() FROM t").nullable()).isFalse();
    assertThatThrownBy(() -> analyze("SELECT CAST(arr AS INT) FROM t"))
        .hasMessageContaining("[DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION]")
        .hasMessageContaining("cannot cast \"ARRAY<INT>\" to \"INT\"");
    assertThatThrownBy(() -> analyze("SELECT upper(s, s) FROM t"))
        .hasMessageContaining("[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `upper` requires 1"
            + " parameters but the actual number is 2.");
  }

  @Test
  void aggregatesHavingAndOrderByHiddenColumns() {
    LogicalPlan plan = analyze("SELECT a, count(*) AS n FROM t GROUP BY a"
        + " HAVING sum(b) > 10 ORDER BY max(x) DESC");
    assertThat(plan.treeString()).isEqualTo(""
        + "Project [a, n]\n"
        + "  +- Sort [max(x) DESC NULLS LAST]\n"
        + "    +- Project [a, n, max(x)]\n"
        + "      +- Filter (sum(b) > CAST(10 AS BIGINT))\n"
        + "        +- Aggregate [a] [a, count(1) AS n, sum(b) AS sum(b), max(x) AS max(x)]\n"
        + "          +- SubqueryAlias t\n"
        + "            +- Scan test [t] [a, b, s, d, x, st, arr, m, dt, ts, flag]\n");
    assertThat(columns("SELECT a, count(*) AS n FROM t GROUP BY a HAVING n > 1 ORDER BY n"))
        .containsExactly("a:int", "n:bigint");
    assertThat(columns("SELECT a + 1 AS k, sum(d) FROM t GROUP BY a + 1 ORDER BY k"))
        .containsExactly("k:int", "sum(d):decimal(20,2)");
    assertThat(columns("SELECT avg(d) FROM t")).containsExactly("avg(d):decimal(14,6)");
    assertThat(columns("SELECT s AS g, count(a) FROM t GROUP BY g")).containsExactly("g:string",
        "count(a):bigint");
    assertThat(analyze("SELECT count(*) FROM t")).isInstanceOf(Aggregate.class);
  }

  @Test
  void orderByColumnsNotInSelectList() {
    LogicalPlan plan = analyze("SELECT s FROM t ORDER BY a + 1");
    assertThat(plan.treeString()).startsWith(""
        + "Project [s]\n"
        + "  +- Sort [(a + 1) ASC NULLS FIRST]\n"
        + "    +- Project [s, (a + 1) AS (a + 1)]\n");
    assertThat(columns("SELECT a AS z FROM t ORDER BY a")).containsExactly("z:int");
    assertThat(analyze("SELECT a AS z FROM t ORDER BY a").treeString())
        .startsWith("Sort [z ASC NULLS FIRST]");
  }

  @Test
  void aggregationErrors() {
    assertThatThrownBy(() -> analyze("SELECT a, b FROM t GROUP BY a"))
        .hasMessageContaining("[MISSING_AGGREGATION] The non-aggregating expression \"b\" is"
            + " based on columns which are not participating in the GROUP BY clause.");
    assertThatThrownBy(() -> analyze("SELECT a FROM t WHERE count(*) > 1"))
        .hasMessageContaining("[INVALID_WHERE_CONDITION]");
    assertThatThrownBy(() -> analyze("SELECT sum(count(a)) FROM t"))
        .hasMessageContaining("[NESTED_AGGREGATE_FUNCTION]");
    assertThatThrownBy(() -> analyze("SELECT sum(flag) FROM t"))
        .hasMessageContaining("[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve"
            + " \"sum(flag)\"");
    assertThatThrownBy(() -> analyze("SELECT a FROM t WHERE a"))
        .hasMessage("[ANALYSIS] [DATATYPE_MISMATCH.FILTER_NOT_BOOLEAN] Cannot resolve \"a\" due"
            + " to data type mismatch: Filter expression \"a\" of type \"INT\" is not a boolean.");
  }

  @Test
  void joinUsingKeepsOneKeyColumn() {
    LogicalPlan plan = analyze("SELECT * FROM t JOIN u USING (a)");
    assertThat(plan.output().get(0).name()).isEqualTo("a");
    assertThat(plan.output()).hasSize(12);
    assertThat(plan.output().get(11).name()).isEqualTo("c");
    assertThat(plan.treeString()).contains("Join INNER (a = a)");
    LogicalPlan full = analyze("SELECT * FROM t FULL JOIN u USING (a)");
    assertThat(((Project) full.child()).projections().get(0).sql()).isEqualTo("coalesce(a, a) AS a");
    assertThatThrownBy(() -> analyze("SELECT * FROM t JOIN u USING (c)"))
        .hasMessageContaining("[UNRESOLVED_USING_COLUMN_FOR_JOIN] USING column `c` cannot be"
            + " resolved on the left side of the join.");
  }

  @Test
  void unionWidensTypes() {
    LogicalPlan plan = analyze("SELECT a FROM t UNION ALL SELECT b FROM t");
    assertThat(plan.output().get(0).field().getType()).isEqualTo(DataTypes.BIGINT);
    assertThat(plan.treeString()).contains("Project [CAST(a AS BIGINT) AS a]");
    assertThat(columns("SELECT * FROM VALUES (1, 'a'), (NULL, 'b'), (3000000000, NULL) AS v(i, s)"))
        .containsExactly("i:bigint", "s:string");
    assertThatThrownBy(() -> analyze("SELECT a, s FROM t UNION SELECT a FROM t"))
        .hasMessageContaining("[NUM_COLUMNS_MISMATCH] UNION can only be performed on inputs with"
            + " the same number of columns, but the first input has 2 columns and the second"
            + " input has 1 columns.");
    assertThatThrownBy(() -> analyze("SELECT arr FROM t UNION SELECT a FROM t"))
        .hasMessageContaining("[INCOMPATIBLE_COLUMN_TYPE]");
  }

  @Test
  void unionAndArraysMergeNestedNullability() {
    LogicalPlan plan = analyze("SELECT * FROM VALUES (array(1, 2)), (array(3, CAST(NULL AS INT)))"
        + " AS v(a)");
    assertThat(plan.output().get(0).field().getChildren().get(0).isNullable()).isTrue();
    LogicalPlan exploded = analyze("SELECT explode(a) AS e FROM (SELECT * FROM VALUES"
        + " (array(1, 2)), (array(3, CAST(NULL AS INT))) AS v(a))");
    assertThat(exploded.output().get(0).field().isNullable()).isTrue();
    LogicalPlan single = analyze("SELECT array(1, 2) AS a");
    assertThat(single.output().get(0).field().getChildren().get(0).isNullable()).isFalse();
  }

  @Test
  void explodeBecomesGenerate() {
    LogicalPlan plan = analyze("SELECT a, explode(arr) AS e FROM t");
    assertThat(plan.child()).isInstanceOf(Generate.class);
    assertThat(columns("SELECT a, explode(arr) AS e FROM t")).containsExactly("a:int", "e:int");
    assertThat(columns("SELECT explode_outer(m) FROM t")).containsExactly("key:string",
        "value:int");
    assertThatThrownBy(() -> analyze("SELECT a FROM t WHERE explode(arr) > 1"))
        .hasMessageContaining("[UNSUPPORTED_GENERATOR.OUTSIDE_SELECT]");
  }

  @Test
  void viewsAndReanalysis() {
    catalog.view("v", SqlParser.parseQuery("SELECT a AS k, s FROM t WHERE a > 0"));
    LogicalPlan plan = analyze("SELECT v.k FROM v WHERE s = 'x'");
    assertThat(plan.output().get(0).name()).isEqualTo("k");
    LogicalPlan again = new Analyzer(catalog, SpateConfig.defaults()).analyze(plan);
    assertThat(again.treeString()).isEqualTo(plan.treeString());
    assertThat(columns("SELECT 1, 'x', NULL")).containsExactly("1:int", "x:string", "NULL:void");
  }
}
