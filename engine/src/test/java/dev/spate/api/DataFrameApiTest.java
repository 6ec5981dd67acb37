package dev.spate.api;

import static dev.spate.functions.avg;
import static dev.spate.functions.col;
import static dev.spate.functions.count;
import static dev.spate.functions.lit;
import static dev.spate.functions.sum;
import static dev.spate.functions.when;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spate.DataFrame;
import dev.spate.Row;
import dev.spate.RowFactory;
import dev.spate.SpateException;
import dev.spate.SpateSession;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The DataFrame API end to end on the interpreted CPU path; expectations are hand-computed. */
class DataFrameApiTest {
  private SpateSession spate;
  private DataFrame people;

  @BeforeEach
  void setUp() {
    spate = SpateSession.builder().appName("api-test").getOrCreate();
    people = spate.createDataFrame(List.of(
        RowFactory.create(1, "ann", "eng", 100L, LocalDate.of(2020, 1, 2)),
        RowFactory.create(2, "bob", "eng", 80L, null),
        RowFactory.create(3, "cid", "ops", null, LocalDate.of(1969, 12, 31)),
        RowFactory.create(4, null, "ops", 50L, LocalDate.of(2021, 6, 30))),
        "id INT, name STRING, dept STRING, salary BIGINT, joined DATE");
  }

  @AfterEach
  void tearDown() {
    spate.close();
  }

  private static List<List<Object>> values(List<Row> rows) {
    List<List<Object>> result = new ArrayList<>();
    for (Row row : rows) {
      Object[] values = new Object[row.size()];
      for (int index = 0; index < values.length; index++) {
        values[index] = row.get(index);
      }
      result.add(Arrays.asList(values));
    }
    return result;
  }

  @Test
  void selectWhereOrderBy() {
    List<Row> rows = people.where(col("salary").gt(60)).select(col("name"), col("salary"))
        .orderBy(col("salary").desc()).collectAsList();
    assertThat(values(rows)).containsExactly(List.of("ann", 100L), List.of("bob", 80L));
    assertThat(rows.get(0).<String>getAs("name")).isEqualTo("ann");
  }

  @Test
  void groupByAggregatesWithSparkNames() {
    DataFrame result = people.groupBy("dept").agg(sum("salary"), avg("salary"), count("*"))
        .orderBy("dept");
    assertThat(result.columns()).containsExactly("dept", "sum(salary)", "avg(salary)", "count(1)");
    assertThat(values(result.collectAsList())).containsExactly(
        List.of("eng", 180L, 90.0, 1L + 1L), List.of("ops", 50L, 50.0, 2L));
    assertThat(values(people.groupBy("dept").count().orderBy("dept").collectAsList()))
        .containsExactly(List.of("eng", 2L), List.of("ops", 2L));
  }

  @Test
  void inputFileNameIsTheUriOfEachRowsFileThroughFiltersAndProjections(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path directory) {
    java.nio.file.Path out = directory.resolve("parts");
    people.where("id <= 2").write().parquet(out.resolve("low").toString());
    people.where("id > 2").write().parquet(out.resolve("high").toString());
    List<Row> rows = spate.read().parquet(out.toString())
        .withColumn("file", dev.spate.functions.input_file_name())
        .where(dev.spate.functions.input_file_name().like("%/high/%"))
        .select(col("id"), col("file")).orderBy("id").collectAsList();
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).getInt(0)).isEqualTo(3);
    assertThat(rows.get(1).getInt(0)).isEqualTo(4);
    for (Row row : rows) {
      assertThat(row.getString(1)).startsWith("file:").contains("/parts/high/part-")
          .endsWith(".parquet");
    }
  }

  @Test
  void groupByAnAliasedColumnNamesTheKeyByItsAlias() {
    DataFrame result = people.groupBy(col("dept").alias("team"), col("salary").gt(60).alias("high"))
        .count().orderBy("team", "high");
    assertThat(result.columns()).containsExactly("team", "high", "count");
    // ops has salaries NULL and 50: NULL > 60 is NULL, which sorts first
    assertThat(values(result.collectAsList())).containsExactly(List.of("eng", true, 2L),
        java.util.Arrays.asList("ops", null, 1L), List.of("ops", false, 1L));
  }

  @Test
  void withColumnReplacesInPlaceAndAppends() {
    DataFrame result = people.withColumn("salary", col("salary").multiply(2))
        .withColumn("band", when(col("salary").geq(150), "high").otherwise(lit("low")))
        .drop("joined", "dept").orderBy("id");
    assertThat(result.columns()).containsExactly("id", "name", "salary", "band");
    List<List<Object>> rows = values(result.collectAsList());
    assertThat(rows.get(0)).containsExactly(1, "ann", 200L, "high");
    assertThat(rows.get(2)).containsExactly(3, "cid", null, "low");
  }

  @Test
  void datesAndNullsRoundTripAsJavaTypes() {
    Row first = people.orderBy("id").collectAsList().get(0);
    assertThat(first.get(4)).isEqualTo(LocalDate.of(2020, 1, 2));
    Row third = people.where("id = 3").collectAsList().get(0);
    assertThat(third.isNullAt(3)).isTrue();
    assertThat(third.get(4)).isEqualTo(LocalDate.of(1969, 12, 31));
  }

  @Test
  void joinsAndUnion() {
    DataFrame depts = spate.createDataFrame(List.of(RowFactory.create("eng", "Engineering"),
        RowFactory.create("hr", "People")), "dept STRING, title STRING");
    List<Row> inner = people.join(depts, "dept").select("id", "title").orderBy("id").collectAsList();
    assertThat(values(inner)).containsExactly(List.of(1, "Engineering"), List.of(2, "Engineering"));
    DataFrame left = people.alias("p").join(depts.alias("d"),
        col("p.dept").equalTo(col("d.dept")), "left_outer");
    assertThat(left.count()).isEqualTo(4);
    assertThat(people.union(people).count()).isEqualTo(8);
    assertThat(people.select("dept").distinct().count()).isEqualTo(2);
  }

  @Test
  void sqlOverTempViews() {
    people.createOrReplaceTempView("people");
    List<Row> rows = spate.sql("SELECT dept, max(salary) AS top FROM people GROUP BY dept"
        + " HAVING count(*) > 1 ORDER BY top DESC").collectAsList();
    assertThat(values(rows)).containsExactly(List.of("eng", 100L), List.of("ops", 50L));
    assertThat(spate.table("people").count()).isEqualTo(4);
  }

  @Test
  void allTypesSurviveCreateAndCollect() {
    Instant instant = Instant.parse("2024-02-29T12:34:56.789012Z");
    DataFrame frame = spate.createDataFrame(List.of(RowFactory.create(true, (byte) 1, (short) 2,
        3, 4L, 5.5f, 6.25, new BigDecimal("7.50"), "s", new byte[] {1, 2},
        LocalDate.of(2024, 2, 29), instant, List.of(1, 2), RowFactory.create(9, "x"))),
        "a BOOLEAN, b TINYINT, c SMALLINT, d INT, e BIGINT, f FLOAT, g DOUBLE, h DECIMAL(5,2),"
            + " i STRING, j BINARY, k DATE, l TIMESTAMP, m ARRAY<INT>, n STRUCT<x: INT, y: STRING>");
    Row row = frame.collectAsList().get(0);
    assertThat(row.get(0)).isEqualTo(true);
    assertThat(row.get(1)).isEqualTo((byte) 1);
    assertThat(row.get(5)).isEqualTo(5.5f);
    assertThat(row.get(7)).isEqualTo(new BigDecimal("7.50"));
    assertThat((byte[]) row.get(9)).containsExactly(1, 2);
    assertThat(row.get(11)).isEqualTo(instant);
    assertThat(row.<Integer>getList(12)).containsExactly(1, 2);
    assertThat(row.getStruct(13).<String>getAs("y")).isEqualTo("x");
  }

  @Test
  void showPrintsSparkStyleTable() {
    String table = people.select("id", "name").orderBy("id").showString(2, 20);
    assertThat(table).isEqualTo(String.join("\n",
        "+---+----+",
        "| id|name|",
        "+---+----+",
        "|  1| ann|",
        "|  2| bob|",
        "+---+----+",
        "only showing top 2 rows", ""));
  }

  @Test
  void explainModesShowThePlanAndPlacement() {
    DataFrame query = people.where("salary > 60").groupBy("dept").count();
    assertThat(query.explainString("simple")).contains("HashAggregate").contains("Filter");
    assertThat(query.explainString("extended")).contains("== Analyzed Logical Plan ==")
        .contains("== Physical Plan ==");
    assertThat(query.explainString("placement")).contains("[cpu]");
    assertThatThrownBy(() -> query.explainString("fancy")).isInstanceOf(SpateException.class)
        .hasMessageContaining("Unknown explain mode: fancy");
  }

  @Test
  void analysisErrorsNameTheColumnAndCandidates() {
    assertThatThrownBy(() -> people.select("salry"))
        .isInstanceOfSatisfying(SpateException.class,
            e -> assertThat(e.errorClass()).isEqualTo(SpateException.ErrorClass.ANALYSIS))
        .hasMessageContaining("`salry`").hasMessageContaining("`salary`");
    assertThatThrownBy(() -> spate.sql("SELEC 1")).isInstanceOf(SpateException.class)
        .hasMessageContaining("Syntax error");
    assertThatThrownBy(() -> spate.table("nope")).hasMessageContaining("TABLE_OR_VIEW_NOT_FOUND");
  }

  @Test
  void ansiErrorsAreExecutionErrors() {
    assertThatThrownBy(() -> spate.sql("SELECT 1 / 0").collectAsList())
        .isInstanceOfSatisfying(SpateException.class,
            e -> assertThat(e.errorClass()).isEqualTo(SpateException.ErrorClass.EXECUTION))
        .hasMessageContaining("DIVIDE_BY_ZERO");
  }

  @Test
  void createDataFrameRejectsRowsThatDoNotFit() {
    assertThatThrownBy(() -> spate.createDataFrame(List.of(RowFactory.create(1, 2)), "a INT"))
        .hasMessageContaining("row 0 has 2 values but the schema has 1 columns");
    assertThatThrownBy(() -> spate.createDataFrame(List.of(RowFactory.create("x")), "a INT"))
        .hasMessageContaining("does not fit column a of type int");
  }
}
