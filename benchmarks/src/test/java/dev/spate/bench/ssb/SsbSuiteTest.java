package dev.spate.bench.ssb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spate.SpateSession;
import dev.spate.bench.Answers;
import dev.spate.bench.BenchContext;
import dev.spate.bench.BenchQuery;
import dev.spate.bench.QueryOutcome;
import dev.spate.bench.WrongAnswerException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The SSB suite at SF 0.01 (60 K lineorder rows) against DuckDB over the same generated files.
 */
class SsbSuiteTest {
  private static final double SCALE = 0.01;

  @TempDir
  static Path directory;

  private static BenchContext context;
  private static SsbData data;
  private static Map<String, List<String>> duckdb;

  @BeforeAll
  static void generate() throws Exception {
    context = new BenchContext(SCALE, directory.resolve("data"), directory.resolve("scratch"),
        SsbSuite.REFERENCE_SEED);
    new SsbSuite().prepare(context);
    data = new SsbGenerator(SCALE, SsbSuite.REFERENCE_SEED).prepare(context.dataDirectory());
    duckdb = SsbReferenceAnswers.compute(data);
  }

  @ParameterizedTest(name = "codegen {0}")
  @ValueSource(booleans = {true, false})
  void everyQueryOnBothStorageVariantsEqualsDuckDb(boolean codegen) throws Exception {
    List<BenchQuery> queries = new SsbSuite().queries(context);
    assertThat(queries).hasSize(26);
    assertThat(queries.get(0).name()).isEqualTo("q1.1/parquet");
    assertThat(queries.get(1).name()).isEqualTo("q1.1/arrow");
    try (SpateSession session = SpateSession.builder().appName("ssb-test")
        .config("spate.codegen.enabled", codegen).getOrCreate()) {
      for (BenchQuery benchQuery : queries) {
        SsbQuery query = (SsbQuery) benchQuery;
        String name = query.name().substring(0, query.name().indexOf('/'));
        List<String> expected = duckdb.get(name);
        Answers.expectEqual(query.name(), expected, query.answer(session), false);

        QueryOutcome outcome = query.run(session, context);
        assertThat(outcome.metrics()).containsEntry(SsbQuery.CHECKED, 1.0);
        assertThat(outcome.outputRows()).isEqualTo(expected.size());
        assertThat(outcome.inputRows()).isEqualTo(data.rows(SsbTable.LINEORDER));
        assertThat(outcome.inputBytes()).isGreaterThan(0);
      }
    }
  }

  @Test
  void shippedDigestsAreDuckDbsAnswersOverTodaysGenerator() {
    Properties shipped = shippedAnswers();
    assertThat(shipped.getProperty("seed")).isEqualTo(Long.toString(SsbSuite.REFERENCE_SEED));
    for (String query : SsbQueries.NAMES) {
      assertThat(shipped.getProperty(SsbAnswers.key(SCALE, query)))
          .as(query).isEqualTo(SsbAnswers.entry(duckdb.get(query)));
    }
    long nonEmpty = duckdb.values().stream().filter(lines -> !lines.isEmpty()).count();
    assertThat(nonEmpty).as("queries with rows at SF 0.01").isGreaterThanOrEqualTo(11);
  }

  @Test
  void tableSizesFollowTheScaleFactor() {
    assertThat(data.rows(SsbTable.CUSTOMER)).isEqualTo(300);
    assertThat(data.rows(SsbTable.SUPPLIER)).isEqualTo(SsbGenerator.MIN_SUPPLIERS);
    assertThat(data.rows(SsbTable.PART)).isEqualTo(SsbGenerator.MIN_PARTS);
    assertThat(data.rows(SsbTable.DATE)).isEqualTo(2_557);
    assertThat(data.rows(SsbTable.LINEORDER)).isBetween(55_000L, 65_000L);
    assertThat(new SsbGenerator(1, 1).parts()).isEqualTo(200_000);
    assertThat(new SsbGenerator(1, 1).suppliers()).isEqualTo(2_000);
    assertThat(new SsbGenerator(4, 1).parts()).isEqualTo(600_000);
    assertThat(new SsbGenerator(0.001, 1).parts()).isEqualTo(SsbGenerator.MIN_PARTS);
  }

  @Test
  void generationIsDeterministicAndReusedOnlyWhenComplete() throws Exception {
    Path again = directory.resolve("again");
    new SsbGenerator(SCALE, SsbSuite.REFERENCE_SEED).prepare(again);
    for (SsbTable table : SsbTable.values()) {
      assertThat(partFileContents(again.resolve(table.tableName())))
          .as(table.tableName())
          .isEqualTo(partFileContents(data.tableDirectory(table)));
    }

    List<Path> before = partFiles(again.resolve("lineorder"));
    new SsbGenerator(SCALE, SsbSuite.REFERENCE_SEED).prepare(again);
    assertThat(partFiles(again.resolve("lineorder"))).as("reused").isEqualTo(before);

    Files.delete(again.resolve(SsbGenerator.MARKER));
    new SsbGenerator(SCALE, SsbSuite.REFERENCE_SEED).prepare(again);
    assertThat(partFiles(again.resolve("lineorder"))).as("regenerated")
        .doesNotContainAnyElementsOf(before);
    assertThat(again.resolve(SsbGenerator.MARKER)).exists();

    new SsbGenerator(SCALE, SsbSuite.REFERENCE_SEED + 1).prepare(again);
    assertThat(partFileContents(again.resolve("lineorder")))
        .as("another seed")
        .isNotEqualTo(partFileContents(data.tableDirectory(SsbTable.LINEORDER)));
  }

  @Test
  void aWrongAnswerIsDetected() throws IOException {
    Properties tampered = shippedAnswers();
    String otherAnswer = tampered.getProperty(SsbAnswers.key(SCALE, "q2.2"));
    tampered.setProperty(SsbAnswers.key(SCALE, "q2.1"), otherAnswer);
    SsbQuery query = new SsbQuery("q2.1", StorageVariant.PARQUET,
        new SsbViews(data, "tampered"), new SsbAnswers(tampered));
    try (SpateSession session = SpateSession.builder().appName("ssb-test").getOrCreate()) {
      assertThatThrownBy(() -> query.run(session, context))
          .isInstanceOf(WrongAnswerException.class)
          .hasMessageContaining("q2.1/parquet: wrong answer at SF 0.01: expected "
              + otherAnswer.substring(0, otherAnswer.indexOf(':')) + " rows")
          .hasMessageContaining(duckdb.get("q2.1").size() + " rows with SHA-256");
    }
  }

  @Test
  void aScaleFactorWithoutReferenceIsReportedAsUnchecked() throws IOException {
    SsbQuery query = new SsbQuery("q1.1", StorageVariant.ARROW,
        new SsbViews(data, "unchecked"), new SsbAnswers(new Properties()));
    PrintStream standardError = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try (SpateSession session = SpateSession.builder().appName("ssb-test").getOrCreate()) {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      QueryOutcome first = query.run(session, context);
      QueryOutcome second = query.run(session, context);
      assertThat(first.metrics()).containsEntry(SsbQuery.CHECKED, 0.0);
      assertThat(second.metrics()).containsEntry(SsbQuery.CHECKED, 0.0);
    } finally {
      System.setErr(standardError);
    }
    String message = captured.toString(StandardCharsets.UTF_8);
    assertThat(message).contains("answers at SF 0.01 with seed " + SsbSuite.REFERENCE_SEED
        + " are NOT checked");
    assertThat(message.split("NOT checked", -1)).as("said once").hasSize(2);
  }

  private static Properties shippedAnswers() {
    Properties properties = new Properties();
    try (InputStream in = SsbAnswers.class.getResourceAsStream(SsbAnswers.RESOURCE)) {
      properties.load(in);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return properties;
  }

  private static List<Path> partFiles(Path tableDirectory) throws IOException {
    try (Stream<Path> files = Files.list(tableDirectory)) {
      return files.filter(file -> file.getFileName().toString().endsWith(".parquet")).sorted()
          .toList();
    }
  }

  /** SHA-256 of each Parquet file of a table in part-number order (file names are random). */
  private static List<String> partFileContents(Path tableDirectory) throws Exception {
    List<Path> files = new ArrayList<>(partFiles(tableDirectory));
    files.sort((left, right) -> left.getFileName().toString().substring(0, 10)
        .compareTo(right.getFileName().toString().substring(0, 10)));
    List<String> contents = new ArrayList<>();
    for (Path file : files) {
      contents.add(HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file))));
    }
    return contents;
  }
}
