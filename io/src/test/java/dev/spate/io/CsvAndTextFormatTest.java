package dev.spate.io;

import static dev.spate.io.TestData.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

class CsvAndTextFormatTest {
  private static final Schema SCHEMA = new Schema(List.of(
      DataTypes.field("i", DataTypes.INT, true),
      DataTypes.field("l", DataTypes.BIGINT, true),
      DataTypes.field("d", DataTypes.DOUBLE, true),
      DataTypes.field("flag", DataTypes.BOOLEAN, true),
      DataTypes.field("ts", DataTypes.TIMESTAMP, true),
      DataTypes.field("s", DataTypes.STRING, true)));
  private static final Schema WITH_CORRUPT = new Schema(List.of(
      DataTypes.field("a", DataTypes.INT, true), DataTypes.field("b", DataTypes.STRING, true),
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
  void csvRoundTripWithHeaderAndInferredTypes() throws IOException {
    Path out = temp.resolve("csv");
    ColumnarBatch batch = TestData.batch(allocator, SCHEMA, List.of(
        row(1, 1L << 40, 1.5, true, 1577836800000000L, "a,b"),
        Arrays.asList(new Object[6]),
        row(-2, 3L, -0.25, false, 0L, "plain")));
    WriteResult result = FileFormats.write("csv", out.toString(), "overwrite",
        Map.of("header", "true"), TestData.stream(SCHEMA, List.of(batch)),
        TestData.context(allocator));
    assertThat(result.rows()).isEqualTo(3);
    assertThat(partLines(out)).containsExactly("i,l,d,flag,ts,s",
        "1,1099511627776,1.5,true,2020-01-01T00:00:00.000Z,\"a,b\"",
        ",,,,,",
        "-2,3,-0.25,false,1970-01-01T00:00:00.000Z,plain");

    TableSource inferred = FileFormats.source("csv", List.of(out.toString()), null,
        Map.of("header", "true", "inferSchema", "true"));
    assertThat(inferred.schema().getFields().stream()
        .map(field -> field.getName() + ":" + DataTypes.sqlName(field)).collect(Collectors.toList()))
        .containsExactly("i:int", "l:bigint", "d:double", "flag:boolean", "ts:timestamp",
            "s:string");
    assertThat(TestData.readAll(inferred, allocator)).containsExactly(
        row(1, 1L << 40, 1.5, true, 1577836800000000L, "a,b"),
        Arrays.asList(new Object[6]),
        row(-2, 3L, -0.25, false, 0L, "plain"));
  }

  @Test
  void csvWithoutHeaderIsAllStringsNamedByPosition() throws IOException {
    Path file = temp.resolve("plain.csv");
    Files.writeString(file, "1;x\n2;\n");
    TableSource source = FileFormats.source("csv", List.of(file.toString()), null,
        Map.of("sep", ";"));
    assertThat(source.schema().getFields().stream().map(field -> field.getName() + ":"
        + DataTypes.sqlName(field)).collect(Collectors.toList()))
        .containsExactly("_c0:string", "_c1:string");
    assertThat(TestData.readAll(source, allocator)).containsExactly(row("1", "x"), row("2", null));
  }

  private Path malformedCsv() throws IOException {
    Path file = temp.resolve("bad.csv");
    Files.writeString(file, "1,x\noops,y\n3\n4,z,extra\n");
    return file;
  }

  @Test
  void csvMalformedRecordsUnderEachMode() throws IOException {
    Path file = malformedCsv();
    assertThat(TestData.readAll(FileFormats.source("csv", List.of(file.toString()), WITH_CORRUPT,
        Map.of()), allocator)).containsExactly(
        row(1, "x", null), row(null, "y", "oops,y"), row(3, null, "3"), row(4, "z", "4,z,extra"));
    assertThat(TestData.readAll(FileFormats.source("csv", List.of(file.toString()), WITH_CORRUPT,
        Map.of("mode", "dropMalformed")), allocator)).containsExactly(row(1, "x", null));
    TableSource failFast = FileFormats.source("csv", List.of(file.toString()), WITH_CORRUPT,
        Map.of("mode", "FAILFAST"));
    assertThatThrownBy(() -> TestData.readAll(failFast, allocator))
        .isInstanceOf(SpateException.class)
        .hasMessageContaining("Malformed records are detected in record parsing")
        .hasMessageContaining("file:" + file + " line 2: oops,y");
    assertThatThrownBy(() -> FileFormats.source("csv", List.of(file.toString()), WITH_CORRUPT,
        Map.of("mode", "sometimes")))
        .isInstanceOf(SpateException.class).hasMessageContaining("sometimes");
  }

  @Test
  void csvBadRecordsPath() throws IOException {
    Path file = malformedCsv();
    Path bad = temp.resolve("bad");
    Schema schema = new Schema(WITH_CORRUPT.getFields().subList(0, 2));
    assertThat(TestData.readAll(FileFormats.source("csv", List.of(file.toString()), schema,
        Map.of("badRecordsPath", bad.toString())), allocator)).containsExactly(row(1, "x"));
    List<String> lines;
    try (Stream<Path> files = Files.walk(bad)) {
      lines = Files.readAllLines(files.filter(Files::isRegularFile).findFirst().orElseThrow());
    }
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).startsWith("{\"path\":\"file:" + file + "\",\"record\":\"oops,y\","
        + "\"reason\":\"field a: cannot read 'oops' as int\"}");
  }

  @Test
  void csvRejectsNestedColumnsAndTextNeedsOneStringColumn() {
    Schema nested = new Schema(List.of(DataTypes.listOf("xs",
        DataTypes.field("element", DataTypes.INT, true), true)));
    ColumnarBatch batch = TestData.batch(allocator, nested, List.of(row(List.of(1))));
    assertThatThrownBy(() -> FileFormats.write("csv", temp.resolve("n").toString(), null, Map.of(),
        TestData.stream(nested, List.of(batch)), TestData.context(allocator)))
        .isInstanceOf(SpateException.class).hasMessageContaining("column xs")
        .hasMessageContaining("array<int>");
    assertThat(Files.exists(temp.resolve("n"))).isFalse();

    ColumnarBatch two = TestData.batch(allocator, SCHEMA, List.of());
    assertThatThrownBy(() -> FileFormats.write("text", temp.resolve("t").toString(), null,
        Map.of(), TestData.stream(SCHEMA, List.of(two)), TestData.context(allocator)))
        .isInstanceOf(SpateException.class)
        .hasMessageContaining("only a single column, and you have 6 columns");
  }

  @Test
  void textRoundTripAcrossFiles() throws IOException {
    Path directory = temp.resolve("texts");
    Files.createDirectories(directory.resolve("sub"));
    Files.writeString(directory.resolve("a.txt"), "first\n\nthird");
    Files.writeString(directory.resolve("sub/b.txt"), "fourth\n");
    Files.writeString(directory.resolve("_SUCCESS"), "");
    TableSource source = FileFormats.source("text", List.of(directory.toString()), null, Map.of());
    assertThat(source.schema()).isEqualTo(new Schema(List.of(
        DataTypes.field("value", DataTypes.STRING, true))));
    List<List<Object>> rows = TestData.readAll(source, allocator);
    assertThat(rows).containsExactly(row("first"), row(""), row("third"), row("fourth"));

    Path out = temp.resolve("text-out");
    Schema schema = source.schema();
    ColumnarBatch batch = TestData.batch(allocator, schema, List.of(row("x"), row((Object) null),
        row("z")));
    FileFormats.write("text", out.toString(), null, Map.of("compression", "gzip"),
        TestData.stream(schema, List.of(batch)), TestData.context(allocator));
    assertThat(TestData.readAll(FileFormats.source("text", List.of(out.toString()), null,
        Map.of()), allocator)).containsExactly(row("x"), row(""), row("z"));
  }

  @Test
  void decimalAndDateFromCsvWithUserFormats() throws IOException {
    Path file = temp.resolve("d.csv");
    Files.writeString(file, "12.345,01/02/2020\n");
    Schema schema = new Schema(List.of(DataTypes.field("amount", DataTypes.decimal(6, 2), true),
        DataTypes.field("day", DataTypes.DATE, true)));
    assertThat(TestData.readAll(FileFormats.source("csv", List.of(file.toString()), schema,
        Map.of("dateFormat", "MM/dd/yyyy")), allocator))
        .containsExactly(row(new BigDecimal("12.35"), 18263));
  }
}
