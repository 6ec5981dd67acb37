package dev.spate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spate.Row;
import dev.spate.SpateSession;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner's failure handling: a fast wrong answer and an error are failures, loudly. */
class BenchRunnerTest {
  @TempDir
  Path directory;

  /** A suite whose first query is right, second wrong (1 + 1 is not 3) and third fails. */
  static class CheckedArithmeticSuite implements BenchSuite {
    @Override
    public String name() {
      return "arithmetic";
    }

    @Override
    public String description() {
      return "test suite";
    }

    @Override
    public void prepare(BenchContext context) {}

    @Override
    public List<BenchQuery> queries(BenchContext context) {
      return List.of(query("right", "SELECT 1 + 1", "2"), query("wrong", "SELECT 1 + 1", "3"),
          query("error", "SELECT no_such_column", "0"));
    }

    private static BenchQuery query(String name, String sql, String expected) {
      return new BenchQuery() {
        @Override
        public String name() {
          return name;
        }

        @Override
        public QueryOutcome run(SpateSession session, BenchContext context) {
          List<Row> rows = session.sql(sql).collectAsList();
          Answers.expectEqual(name, List.of(expected), Answers.lines(rows), true);
          return QueryOutcome.of(1, 0, rows.size());
        }
      };
    }
  }

  @Test
  void wrongAnswersAndErrorsFailTheRunAndAreReported() throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    BenchSettings settings = new BenchSettings(List.of(new CheckedArithmeticSuite()),
        List.of(1.0), List.of(BenchBackend.CODEGEN, BenchBackend.INTERPRETED), 1, 2,
        directory.resolve("data"), directory.resolve("report"), Pattern.compile(".*"), 1);
    BenchReport report = new BenchRunner(settings,
        new Progress(new PrintStream(log, true, StandardCharsets.UTF_8), false)).run();

    assertThat(report.failed()).isTrue();
    assertThat(report.results()).extracting(QueryResult::query, QueryResult::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("right", QueryResult.Status.OK),
            org.assertj.core.groups.Tuple.tuple("wrong", QueryResult.Status.WRONG_ANSWER),
            org.assertj.core.groups.Tuple.tuple("error", QueryResult.Status.ERROR),
            org.assertj.core.groups.Tuple.tuple("right", QueryResult.Status.OK),
            org.assertj.core.groups.Tuple.tuple("wrong", QueryResult.Status.WRONG_ANSWER),
            org.assertj.core.groups.Tuple.tuple("error", QueryResult.Status.ERROR));
    QueryResult wrong = report.results().get(1);
    assertThat(wrong.message()).contains("wrong: wrong answer", "missing [3]", "unexpected [2]");
    assertThat(report.results().get(2).message()).contains("no_such_column");
    assertThat(report.results().get(0).runMillis()).hasSize(2);
    assertThat(log.toString(StandardCharsets.UTF_8)).contains("WRONG_ANSWER", "ERROR");
    String html = HtmlReport.render(report);
    assertThat(html).contains("4 failed", "wrong answer");
    assertThat(ResultsJson.toJson(report).get("failed").asBoolean()).isTrue();
  }

  @Test
  void backendsTakeTurnsRunByRunInOneSessionSoNoneIsMeasuredColder() throws Exception {
    List<String> order = new java.util.ArrayList<>();
    BenchQuery recording = new BenchQuery() {
      @Override
      public String name() {
        return "recording";
      }

      @Override
      public QueryOutcome run(SpateSession session, BenchContext context) {
        order.add(session.config().get(dev.spate.planner.config.SpateConfig.CODEGEN_ENABLED)
            ? "codegen" : "interpreted");
        return QueryOutcome.of(1, 0, 1);
      }
    };
    BenchSuite suite = new CheckedArithmeticSuite() {
      @Override
      public List<BenchQuery> queries(BenchContext context) {
        return List.of(recording);
      }
    };
    BenchSettings settings = new BenchSettings(List.of(suite), List.of(1.0),
        List.of(BenchBackend.CODEGEN, BenchBackend.INTERPRETED), 1, 2, directory.resolve("data"),
        directory.resolve("report"), Pattern.compile(".*"), 1);
    BenchReport report = new BenchRunner(settings,
        new Progress(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            false)).run();
    assertThat(order).containsExactly("codegen", "interpreted", "interpreted", "codegen",
        "codegen", "interpreted");
    assertThat(report.results()).extracting(result -> result.runMillis().size())
        .containsExactly(2, 2);
  }

  @Test
  void answersCompareAsMultisetsAndDigestsIgnoreOrderWhenSorted() {
    List<String> lines = List.of("b|2", "a|1.5000", "b|2");
    assertThat(Answers.digest(lines, true))
        .isEqualTo(Answers.digest(List.of("a|1.5000", "b|2", "b|2"), true))
        .isNotEqualTo(Answers.digest(List.of("a|1.5000", "b|2"), true));
    Answers.expectEqual("q", lines, List.of("b|2", "b|2", "a|1.5000"), false);
    org.assertj.core.api.Assertions.assertThatThrownBy(() ->
            Answers.expectEqual("q", lines, List.of("b|2", "a|1.5000"), false))
        .isInstanceOf(WrongAnswerException.class).hasMessageContaining("missing [b|2]");
    org.assertj.core.api.Assertions.assertThatThrownBy(() ->
            Answers.expectEqual("q", List.of("a", "b"), List.of("b", "a"), true))
        .hasMessageContaining("same rows in a different order");
    assertThat(Answers.value(1.00005)).isEqualTo("1.0001");
    assertThat(Answers.value(null)).isEqualTo("NULL");
    assertThat(Answers.value(42L)).isEqualTo("42");
  }
}
