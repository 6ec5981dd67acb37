package dev.spate.io;

import static dev.spate.io.TestData.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spate.SpateException;
import dev.spate.planner.batch.ColumnarBatch;
import dev.spate.planner.spi.TableSource;
import dev.spate.planner.types.DataTypes;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonFormatTest {
  private static final Schema SCHEMA = new Schema(List.of(
      DataTypes.field("b", DataTypes.BOOLEAN, true),
      DataTypes.field("i", DataTypes.INT, true),
      DataTypes.field("l", DataTypes.BIGINT, true),
      DataTypes.field("d", DataTypes.DOUBLE, true),
      DataTypes.field("dec", DataTypes.decimal(10, 2), true),
      DataTypes.field("s", DataTypes.STRING, true),
      DataTypes.field("day", DataTypes.DATE, true),
      DataTypes.field("ts", DataTypes.TIMESTAMP, true),
      DataTypes.listOf("arr", DataTypes.field("element", DataTypes.BIGINT, true), true),
      DataTypes.structOf("st", List.of(DataTypes.field("x", DataTypes.INT, true),
          DataTypes.field("y", DataTypes.STRING, true)), true)));
  private static final Schema WITH_CORRUPT = new Schema(List.of(
      DataTypes.field("a", DataTypes.BIGINT, true), DataTypes.field("b", DataTypes.STRING, true),
      DataTypes.field("_corrupt_record", DataTypes.STRING, true)));

  @TempDir
  Path temp;
  private BufferAllocator allocator;

  @BeforeEach
  void setUp() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void tearDown() {
    allocator.close();
  }

  private static List<String> partLines(Path directory) throws IOException {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.filter(f -> f.getFileName().toString().startsWith("part-")).sorted()
          .collect(Collectors.toList())) {
        lines.addAll(Files.readAllLines(file));
      }
    }
    return lines;
  }

  @Test
  void roundTripsEveryTypeWithNullsInSparkFormat() throws IOException {
    Path out = temp.resolve("json");
    List<Object> nulls = Arrays.asList(new Object[SCHEMA.getFields().size()]);
    ColumnarBatch batch = TestData.batch(allocator, SCHEMA, List.of(
        row(true, 7, 1L << 40, 0.5, new BigDecimal("12.30"), "a\"b", 18262, 1577836800000000L,
            Arrays.asList(1L, null), row(3, null)),
        nulls));
    WriteResult result = FileFormats.write("json", out.toString(), null, Map.of(),
        TestData.stream(SCHEMA, List.of(batch)), TestData.context(allocator));
    assertThat(result.rows()).isEqualTo(2);
    assertThat(result.files()).hasSize(1).allMatch(file -> file.endsWith(".json"));
    assertThat(partLines(out)).containsExactly(
        "{\"b\":true,\"i\":7,\"l\":1099511627776,\"d\":0.5,\"dec\":12.30,\"s\":\"a\\\"b\","
            + "\"day\":\"2020-01-01\",\"ts\":\"2020-01-01T00:00:00.000Z\",\"arr\":[1,null],"
            + "\"st\":{\"x\":3}}",
        "{}");

    List<List<Object>> rows = TestData.readAll(
        FileFormats.source("json", List.of(out.toString()), SCHEMA, Map.of()), allocator);
    assertThat(rows).containsExactly(
        row(true, 7, 1L << 40, 0.5, new BigDecimal("12.30"), "a\"b", 18262, 1577836800000000L,
            Arrays.asList(1L, null), Arrays.asList(3, null)),
        nulls);
  }

  @Test
  void infersSparkSchema() throws IOException {
    Path file = temp.resolve("in.json");
    Files.writeString(file, String.join("\n",
        "{\"a\": 1, \"b\": \"x\", \"c\": {\"z\": 1, \"y\": [1, 2]}, \"e\": 1}",
        "",
        "{\"a\": 2.5, \"b\": null, \"d\": true, \"e\": \"text\", \"n\": null}",
        "{\"c\": {\"z\": 2, \"y\": []}, \"ts\": \"2020-01-01 00:00:00\"}"));
    TableSource source = FileFormats.source("json", List.of(file.toString()), null, Map.of());
    assertThat(source.schema().getFields().stream()
        .map(field -> field.getName() + ":" + DataTypes.sqlName(field)).collect(Collectors.toList()))
        .containsExactly("a:double", "b:string", "c:struct<y:array<bigint>,z:bigint>", "d:boolean",
            "e:string", "n:string", "ts:string");
    assertThat(TestData.readAll(source, allocator)).containsExactly(
        row(1.0, "x", Arrays.asList(Arrays.asList(1L, 2L), 1L), null, "1", null, null),
        row(2.5, null, null, true, "text", null, null),
        row(null, null, Arrays.asList(List.of(), 2L), null, null, null, "2020-01-01 00:00:00"));
  }

  private Path malformedFile() throws IOException {
    Path file = temp.resolve("bad.json");
    Files.writeString(file, String.join("\n", "{\"a\": 1, \"b\": \"x\"}", "{bad json",
        "{\"a\": \"notanumber\", \"b\": \"y\"}", "{\"a\": 3}") + "\n");
    return file;
  }

  private List<List<Object>> readMalformed(Path file, Map<String, String> options) {
    return TestData.readAll(FileFormats.source("json", List.of(file.toString()), WITH_CORRUPT,
        options), allocator);
  }

  @Test
  void permissiveModeKeepsRawRecordInCorruptColumn() throws IOException {
    Path file = malformedFile();
    assertThat(readMalformed(file, Map.of())).containsExactly(
        row(1L, "x", null),
        row(null, null, "{bad json"),
        row(null, "y", "{\"a\": \"notanumber\", \"b\": \"y\"}"),
        row(3L, null, null));
    assertThat(TestData.readAll(FileFormats.source("json", List.of(file.toString()), null,
        Map.of("MODE", "permissive")), allocator)).containsExactly(
        // inferred: _corrupt_record sorts first, and a is STRING (1 conflicts with "notanumber")
        row(null, "1", "x"),
        row("{bad json", null, null),
        row(null, "notanumber", "y"),
        row(null, "3", null));
  }

  @Test
  void dropMalformedAndFailFast() throws IOException {
    Path file = malformedFile();
    assertThat(readMalformed(file, Map.of("mode", "DROPMALFORMED")))
        .containsExactly(row(1L, "x", null), row(3L, null, null));
    assertThatThrownBy(() -> readMalformed(file, Map.of("mode", "FAILFAST")))
        .isInstanceOf(SpateException.class)
        .hasMessageContaining("[IO]")
        .hasMessageContaining("Malformed records are detected in record parsing")
        .hasMessageContaining("file:" + file + " line 2: {bad json");
  }

  @Test
  void badRecordsPathReceivesMalformedLines() throws IOException {
    Path file = malformedFile();
    Path bad = temp.resolve("bad-records");
    assertThat(readMalformed(file, Map.of("badRecordsPath", bad.toString())))
        .containsExactly(row(1L, "x", null), row(3L, null, null));
    List<Path> written;
    try (Stream<Path> files = Files.walk(bad)) {
      written = files.filter(Files::isRegularFile).collect(Collectors.toList());
    }
    assertThat(written).hasSize(1);
    ObjectMapper mapper = new ObjectMapper();
    List<String> lines = Files.readAllLines(written.get(0));
    assertThat(lines).hasSize(2);
    JsonNode first = mapper.readTree(lines.get(0));
    assertThat(first.get("path").asText()).isEqualTo("file:" + file);
    assertThat(first.get("record").asText()).isEqualTo("{bad json");
    assertThat(first.get("reason").asText()).startsWith("malformed JSON");
    JsonNode second = mapper.readTree(lines.get(1));
    assertThat(second.get("record").asText()).isEqualTo("{\"a\": \"notanumber\", \"b\": \"y\"}");
    assertThat(second.get("reason").asText()).contains("field a");
  }

  @Test
  void timestampsHonourSessionTimeZoneAndFormats() throws IOException {
    Path file = temp.resolve("ts.json");
    Files.writeString(file, String.join("\n", "{\"t\": \"2020-01-01 01:00:00.5\"}",
        "{\"t\": \"2020-01-01T00:00:00Z\"}", "{\"t\": \"2020-01-01T00:00:00+01:00\"}"));
    Schema schema = new Schema(List.of(DataTypes.field("t", DataTypes.TIMESTAMP, true)));
    TableSource source = FileFormats.source("json", List.of(file.toString()), schema, Map.of());
    Map<String, String> berlin = new HashMap<>();
    berlin.put("spate.sql.session.timeZone", "Europe/Berlin");
    List<List<Object>> rows = TestData.read(source, List.of(0), List.of(), TestData.context(
        allocator, new dev.spate.planner.config.SpateConfig(berlin)));
    long midnightUtc = 1577836800000000L;
    assertThat(rows).containsExactly(row(midnightUtc + 500_000L), row(midnightUtc),
        row(midnightUtc - 3_600_000_000L));
  }
}
