package dev.spate.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spate.Row;
import dev.spate.SpateException;
import dev.spate.SpateSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input through the public API: each case gets a SpateException with a precise message, or the
 * documented bad-records handling, and the session stays usable.
 */
class BadInputTest {
  private static final String SCHEMA = "id BIGINT, name STRING";
  @TempDir
  Path directory;
  private SpateSession spate;

  @BeforeEach
  void setUp() {
    spate = SpateSession.builder().appName("bad-input").getOrCreate();
  }

  @AfterEach
  void tearDown() {
    spate.close();
  }

  private Path jsonWithOneBadLine() throws IOException {
    Path file = directory.resolve("in.json");
    Files.writeString(file, "{\"id\":1,\"name\":\"a\"}\n{\"id\":2,\"name\":\n{\"id\":3,\"name\":\"c\"}\n",
        StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void malformedJsonPermissiveKeepsRowWithNullsAndCorruptRecord() throws IOException {
    Path file = jsonWithOneBadLine();
    List<Row> rows = spate.read().schema(SCHEMA + ", _corrupt_record STRING")
        .json(file.toString()).orderBy("id").collectAsList();
    assertThat(rows).hasSize(3);
    Row bad = rows.get(0);
    assertThat(bad.isNullAt(0)).isTrue();
    assertThat(bad.getString(2)).isEqualTo("{\"id\":2,\"name\":");
    assertThat(rows.get(1).isNullAt(2)).isTrue();
  }

  @Test
  void malformedJsonDropMalformedAndFailFast() throws IOException {
    Path file = jsonWithOneBadLine();
    assertThat(spate.read().schema(SCHEMA).option("mode", "DROPMALFORMED").json(file.toString())
        .count()).isEqualTo(2);
    assertThatThrownBy(() -> spate.read().schema(SCHEMA).option("mode", "FAILFAST")
        .json(file.toString()).collectAsList())
        .isInstanceOfSatisfying(SpateException.class,
            e -> assertThat(e.errorClass()).isEqualTo(SpateException.ErrorClass.IO))
        .hasMessageContaining("Malformed records are detected");
  }

  @Test
  void badRecordsPathCollectsMalformedLines() throws IOException {
    Path file = jsonWithOneBadLine();
    Path bad = directory.resolve("bad");
    assertThat(spate.read().schema(SCHEMA).option("badRecordsPath", bad.toString())
        .json(file.toString()).count()).isEqualTo(2);
    String written;
    try (Stream<Path> files = Files.walk(bad)) {
      written = files.filter(Files::isRegularFile).map(BadInputTest::read)
          .collect(Collectors.joining());
    }
    assertThat(written).contains("{\\\"id\\\":2,\\\"name\\\":").contains("in.json");
  }

  @Test
  void malformedCsvUnderEachMode() throws IOException {
    Path file = directory.resolve("in.csv");
    Files.writeString(file, "1,a\nnot-a-number,b\n3,c\n", StandardCharsets.UTF_8);
    assertThat(spate.read().schema(SCHEMA).csv(file.toString()).where("id IS NULL").count())
        .isEqualTo(1);
    assertThat(spate.read().schema(SCHEMA).option("mode", "DROPMALFORMED").csv(file.toString())
        .count()).isEqualTo(2);
    assertThatThrownBy(() -> spate.read().schema(SCHEMA).option("mode", "FAILFAST")
        .csv(file.toString()).collectAsList()).hasMessageContaining("Malformed records");
  }

  @Test
  void truncatedParquetFileIsAnIoErrorNamingTheFile() throws IOException {
    Path good = directory.resolve("good");
    spate.createDataFrame(List.of(dev.spate.RowFactory.create(1L, "a")), SCHEMA).write()
        .parquet(good.toString());
    Path part;
    try (Stream<Path> files = Files.list(good)) {
      part = files.filter(path -> path.toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(part);
    Path truncated = directory.resolve("truncated.parquet");
    Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    assertThatThrownBy(() -> spate.read().parquet(truncated.toString()).collectAsList())
        .isInstanceOfSatisfying(SpateException.class,
            e -> assertThat(e.errorClass()).isEqualTo(SpateException.ErrorClass.IO))
        .hasMessageContaining("truncated.parquet");
    assertThat(spate.read().parquet(good.toString()).count()).isEqualTo(1);
  }

  @Test
  void missingPathWrongSchemaAndInvalidSql() {
    assertThatThrownBy(() -> spate.read().parquet(directory.resolve("nope").toString()))
        .hasMessageContaining("PATH_NOT_FOUND").hasMessageContaining("nope");
    assertThatThrownBy(() -> spate.read().schema("id BIGINT, name STRIN"))
        .isInstanceOf(SpateException.class).hasMessageContaining("STRIN");
    assertThatThrownBy(() -> spate.sql("SELECT FROM WHERE"))
        .isInstanceOf(SpateException.class).hasMessageContaining("Syntax error");
  }

  @Test
  void parquetWithIncompatibleUserSchemaNamesColumnAndTypes() {
    Path good = directory.resolve("typed");
    spate.createDataFrame(List.of(dev.spate.RowFactory.create(1L, "a")), SCHEMA).write()
        .parquet(good.toString());
    assertThatThrownBy(() -> spate.read().schema("id BIGINT, name INT").parquet(good.toString())
        .collectAsList())
        .isInstanceOf(SpateException.class).hasMessageContaining("name");
  }

  private static String read(Path path) {
    try {
      return Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
