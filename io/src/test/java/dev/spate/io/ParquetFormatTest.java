package dev.spate.io;

import static dev.spate.io.TestData.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spate.SpateException;
import dev.spate.io.parquet.ParquetTableSource;
import dev.spate.planner.batch.BatchStream;
import dev.spate.planner.batch.ColumnarBatch;
import dev.spate.planner.expr.Call;
import dev.spate.planner.expr.ColumnRef;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.expr.FunctionNames;
import dev.spate.planner.expr.Literal;
import dev.spate.planner.spi.TableSource;
import dev.spate.planner.types.DataTypes;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetFormatTest {
  private static final Schema ALL_TYPES = new Schema(List.of(
      DataTypes.field("flag", DataTypes.BOOLEAN, true),
      DataTypes.field("tiny", DataTypes.TINYINT, true),
      DataTypes.field("small", DataTypes.SMALLINT, true),
      DataTypes.field("i", DataTypes.INT, true),
      DataTypes.field("big", DataTypes.BIGINT, true),
      DataTypes.field("f", DataTypes.FLOAT, true),
      DataTypes.field("d", DataTypes.DOUBLE, true),
      DataTypes.field("dec5", DataTypes.decimal(5, 1), true),
      DataTypes.field("dec12", DataTypes.decimal(12, 2), true),
      DataTypes.field("dec25", DataTypes.decimal(25, 3), true),
      DataTypes.field("s", DataTypes.STRING, true),
      DataTypes.field("bin", DataTypes.BINARY, true),
      DataTypes.field("day", DataTypes.DATE, true),
      DataTypes.field("ts", DataTypes.TIMESTAMP, true),
      DataTypes.listOf("ints", DataTypes.field("element", DataTypes.INT, true), true),
      DataTypes.structOf("point", List.of(DataTypes.field("x", DataTypes.INT, true),
          DataTypes.field("label", DataTypes.STRING, true)), true),
      DataTypes.mapOf("counts", DataTypes.field("key", DataTypes.STRING, false),
          DataTypes.field("value", DataTypes.BIGINT, true), true)));
  private static final Schema IDS = new Schema(List.of(
      DataTypes.field("id", DataTypes.BIGINT, true), DataTypes.field("name", DataTypes.STRING, true)));

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

  private static Map<Object, Object> map(Object... keysAndValues) {
    Map<Object, Object> map = new LinkedHashMap<>();
    for (int index = 0; index < keysAndValues.length; index += 2) {
      map.put(keysAndValues[index], keysAndValues[index + 1]);
    }
    return map;
  }

  private static List<List<Object>> allTypeRows() {
    List<Object> nulls = new ArrayList<>();
    for (int index = 0; index < ALL_TYPES.getFields().size(); index++) {
      nulls.add(null);
    }
    return List.of(
        row(true, (byte) 1, (short) 2, 3, 4L, 1.5f, 2.25, new BigDecimal("1234.5"),
            new BigDecimal("1234567890.12"), new BigDecimal("1234567890123456789012.345"),
            "héllo", new byte[] {1, 2, (byte) 255}, 18262, 1577836800123456L,
            java.util.Arrays.asList(1, null, 3), row(7, "x"), map("a", 1L, "b", null)),
        nulls,
        row(false, (byte) -128, (short) -32768, Integer.MIN_VALUE, Long.MAX_VALUE, -0.5f, -1e300,
            new BigDecimal("-0.1"), new BigDecimal("-0.01"), new BigDecimal("-1.000"), "",
            new byte[0], -1, -1L, List.of(), row(null, null), map()));
  }

  private WriteResult write(Path directory, Schema schema, List<List<List<Object>>> batches,
      String mode, Map<String, String> options) {
    List<ColumnarBatch> prepared = new ArrayList<>();
    for (List<List<Object>> rows : batches) {
      prepared.add(TestData.batch(allocator, schema, rows));
    }
    return FileFormats.write("parquet", directory.toString(), mode, options,
        TestData.stream(schema, prepared), TestData.context(allocator));
  }

  private static List<String> visibleFiles(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(file -> file.getFileName().toString()).sorted().collect(Collectors.toList());
    }
  }

  private static List<String> partFiles(Path directory) throws IOException {
    return visibleFiles(directory).stream().filter(name -> name.startsWith("part-"))
        .collect(Collectors.toList());
  }

  @Test
  void roundTripsEveryTypeWithNulls() throws IOException {
    Path out = temp.resolve("all");
    WriteResult result = write(out, ALL_TYPES, List.of(allTypeRows()), null, Map.of());

    assertThat(result.rows()).isEqualTo(3);
    assertThat(result.files()).hasSize(1);
    assertThat(result.files().get(0)).startsWith("file:" + out).endsWith(".snappy.parquet");
    assertThat(result.bytes()).isEqualTo(Files.size(out.resolve(partFiles(out).get(0))));
    assertThat(visibleFiles(out)).hasSize(2).contains("_SUCCESS")
        .noneMatch(name -> name.endsWith(".crc") || name.equals("_temporary"));

    TableSource source = FileFormats.source("PARQUET", List.of(out.toString()), null, Map.of());
    assertThat(source.description()).isEqualTo("parquet [file:" + out + "]");
    List<String> types = source.schema().getFields().stream().map(DataTypes::sqlName)
        .collect(Collectors.toList());
    assertThat(types).containsExactly("boolean", "tinyint", "smallint", "int", "bigint", "float",
        "double", "decimal(5,1)", "decimal(12,2)", "decimal(25,3)", "string", "binary", "date",
        "timestamp", "array<int>", "struct<x:int,label:string>", "map<string,bigint>");
    List<List<Object>> rows = TestData.readAll(source, allocator);
    assertThat(rows).hasSize(3);
    assertThat(rows.get(0)).containsExactly(true, (byte) 1, (short) 2, 3, 4L, 1.5f, 2.25,
        new BigDecimal("1234.5"), new BigDecimal("1234567890.12"),
        new BigDecimal("1234567890123456789012.345"), "héllo", "0102ff", 18262,
        1577836800123456L, java.util.Arrays.asList(1, null, 3), java.util.Arrays.asList(7, "x"),
        map("a", 1L, "b", null));
    assertThat(rows.get(1)).containsOnlyNulls();
    assertThat(rows.get(2)).containsExactly(false, (byte) -128, (short) -32768,
        Integer.MIN_VALUE, Long.MAX_VALUE, -0.5f, -1e300, new BigDecimal("-0.1"),
        new BigDecimal("-0.01"), new BigDecimal("-1.000"), "", "", -1, -1L, List.of(),
        java.util.Arrays.asList(null, null), map());
  }

  @Test
  void readsDirectoryOfSeveralFilesWithProjectionAndSmallBatches() throws IOException {
    Path out = temp.resolve("ids");
    write(out, IDS, List.of(List.of(row(1L, "a"), row(2L, null))), "append", Map.of());
    write(out, IDS, List.of(List.of(row(3L, "c"))), "append", Map.of());
    Files.createDirectories(out.resolve("_hidden"));
    Files.writeString(out.resolve(".ignored"), "not parquet");
    assertThat(partFiles(out)).hasSize(2);

    TableSource source = FileFormats.source("parquet", List.of("file://" + out), null, Map.of());
    List<List<Object>> rows = TestData.read(source, List.of(1, 0), List.of(),
        TestData.context(allocator, dev.spate.planner.config.SpateConfig.defaults()
            .with("spate.batch.maxRows", "1")));
    assertThat(rows).containsExactlyInAnyOrder(row("a", 1L), row(null, 2L), row("c", 3L));
    assertThat(source.estimatedBytes()).isGreaterThan(0);
  }

  @Test
  void skipsRowGroupsByStatistics() {
    Path out = temp.resolve("groups");
    List<List<Object>> rows = new ArrayList<>();
    for (long id = 0; id < 1000; id++) {
      rows.add(row(id, "n" + id));
    }
    write(out, IDS, List.of(rows), null, Map.of("parquet.block.rows", "100"));
    ParquetTableSource source = (ParquetTableSource) FileFormats.source("parquet",
        List.of(out.toString()), null, Map.of());
    Field idField = source.schema().getFields().get(0);
    Field bool = DataTypes.field("", DataTypes.BOOLEAN, true);
    Expression atLeast950 = new Call(FunctionNames.GREATER_THAN_OR_EQUAL,
        List.of(new ColumnRef(0, "id", idField), Literal.ofLong(950)), bool);

    List<List<Object>> read = TestData.read(source, List.of(0), List.of(atLeast950),
        TestData.context(allocator));
    assertThat(read).hasSize(100);
    assertThat(read.get(0)).containsExactly(900L);
    assertThat(source.metrics().rowGroupsRead()).isEqualTo(1);
    assertThat(source.metrics().rowGroupsSkipped()).isEqualTo(9);

    Expression inList = new Call(FunctionNames.IN, List.of(new ColumnRef(0, "id", idField),
        Literal.ofLong(5), Literal.ofLong(505)), bool);
    Expression literalFirst = new Call(FunctionNames.LESS_THAN,
        List.of(Literal.ofLong(650), new ColumnRef(0, "id", idField)), bool);
    assertThat(TestData.read(source, List.of(0), List.of(new Call(FunctionNames.AND,
        List.of(inList, literalFirst), bool)), TestData.context(allocator))).isEmpty();
    assertThat(source.metrics().rowGroupsRead()).isEqualTo(1);
    assertThat(TestData.read(source, List.of(0), List.of(inList), TestData.context(allocator)))
        .hasSize(200);
    assertThat(source.metrics().rowGroupsRead()).isEqualTo(3);
  }

  @Test
  void truncatedFileIsAnIoErrorNamingTheFile() throws IOException {
    Path out = temp.resolve("broken");
    write(out, IDS, List.of(List.of(row(1L, "a"), row(2L, "b"))), null, Map.of());
    Path part = out.resolve(partFiles(out).get(0));
    try (RandomAccessFile file = new RandomAccessFile(part.toFile(), "rw")) {
      file.setLength(file.length() / 2);
    }
    assertThatThrownBy(() -> FileFormats.source("parquet", List.of(out.toString()), null, Map.of()))
        .isInstanceOf(SpateException.class)
        .hasMessageContaining("[IO]").hasMessageContaining("file:" + part)
        .hasMessageContaining("not a Parquet file");

    TableSource withSchema = FileFormats.source("parquet", List.of(out.toString()), IDS, Map.of());
    assertThatThrownBy(() -> TestData.readAll(withSchema, allocator))
        .isInstanceOf(SpateException.class).hasMessageContaining("file:" + part)
        .hasMessageContaining("corrupt");
  }

  @Test
  void missingPathIsAnIoError() {
    Path missing = temp.resolve("nothing-here");
    assertThatThrownBy(() -> FileFormats.source("parquet", List.of(missing.toString()), null,
        Map.of()))
        .isInstanceOf(SpateException.class)
        .hasMessage("[IO] [PATH_NOT_FOUND] Path does not exist: file:" + missing + ".")
        .matches(e -> ((SpateException) e).errorClass() == SpateException.ErrorClass.IO);
  }

  @Test
  void fileSystemsThatAreNotOnTheClassPathNameTheMissingModule() {
    assertThatThrownBy(() -> FileFormats.source("parquet", List.of("s3a://bucket/events"), null,
        Map.of()))
        .isInstanceOf(SpateException.class).hasMessageContaining("s3a://bucket/events")
        .hasMessageContaining("needs org.apache.hadoop:hadoop-aws");
    assertThatThrownBy(() -> FileFormats.source("json", List.of("hdfs://localhost:1/in"), null,
        Map.of()))
        .isInstanceOf(SpateException.class)
        .hasMessageContaining("needs org.apache.hadoop:hadoop-hdfs-client");
  }

  @Test
  void userSchemaWithMissingColumnReadsNullsAndIncompatibleTypeFails() {
    Path out = temp.resolve("schema");
    write(out, IDS, List.of(List.of(row(1L, "a"))), null, Map.of());
    Schema withExtra = new Schema(List.of(DataTypes.field("ID", DataTypes.BIGINT, true),
        DataTypes.field("extra", DataTypes.INT, true)));
    assertThat(TestData.readAll(FileFormats.source("parquet", List.of(out.toString()), withExtra,
        Map.of()), allocator)).containsExactly(row(1L, null));

    Schema wrong = new Schema(List.of(DataTypes.field("id", DataTypes.STRING, true)));
    TableSource source = FileFormats.source("parquet", List.of(out.toString()), wrong, Map.of());
    assertThatThrownBy(() -> TestData.readAll(source, allocator))
        .isInstanceOf(SpateException.class)
        .hasMessageContaining("[IO]").hasMessageContaining("column id")
        .hasMessageContaining("file:" + out).hasMessageContaining("bigint")
        .hasMessageContaining("expects string");
  }

  @Test
  void saveModes() throws IOException {
    Path out = temp.resolve("modes");
    write(out, IDS, List.of(List.of(row(1L, "a"))), "error", Map.of());
    assertThatThrownBy(() -> write(out, IDS, List.of(List.of(row(2L, "b"))), null, Map.of()))
        .isInstanceOf(SpateException.class)
        .hasMessage("[ANALYSIS] [PATH_ALREADY_EXISTS] Path file:" + out + " already exists. Set"
            + " mode as \"overwrite\" to overwrite the existing path.");
    assertThat(write(out, IDS, List.of(List.of(row(2L, "b"))), "ignore", Map.of()).files())
        .isEmpty();
    write(out, IDS, List.of(List.of(row(3L, "c"))), "append", Map.of());
    assertThat(readIds(out)).containsExactlyInAnyOrder(row(1L, "a"), row(3L, "c"));
    write(out, IDS, List.of(List.of(row(4L, "d"))), "overwrite", Map.of());
    assertThat(readIds(out)).containsExactly(row(4L, "d"));
    assertThat(partFiles(out)).hasSize(1);
  }

  private List<List<Object>> readIds(Path out) {
    return TestData.readAll(FileFormats.source("parquet", List.of(out.toString()), null, Map.of()),
        allocator);
  }

  @Test
  void failedWriteLeavesNoVisibleFile() throws IOException {
    Path out = temp.resolve("failed");
    ColumnarBatch first = TestData.batch(allocator, IDS, List.of(row(1L, "a")));
    BatchStream failing = new BatchStream() {
      private boolean sent;

      @Override
      public Schema schema() {
        return IDS;
      }

      @Override
      public ColumnarBatch next() {
        if (!sent) {
          sent = true;
          return first;
        }
        throw SpateException.execution("boom in the upstream operator");
      }

      @Override
      public void close() {}
    };
    assertThatThrownBy(() -> FileFormats.write("parquet", out.toString(), null, Map.of(), failing,
        TestData.context(allocator))).hasMessageContaining("boom");
    assertThat(Files.exists(out) ? visibleFiles(out) : List.of()).isEmpty();
  }

  @Test
  void writesOnlySelectedRowsAndRollsFiles() throws IOException {
    Path out = temp.resolve("rolled");
    List<ColumnarBatch> batches = List.of(
        TestData.batch(allocator, IDS, List.of(row(1L, "a"), row(2L, "b"), row(3L, "c")))
            .withSelection(new int[] {0, 2}, 2),
        TestData.batch(allocator, IDS, List.of(row(4L, "d"))));
    WriteResult result = FileFormats.write("parquet", out.toString(), null,
        Map.of("maxFileBytes", "1", "compression", "none"), TestData.stream(IDS, batches),
        TestData.context(allocator));
    assertThat(result.rows()).isEqualTo(3);
    assertThat(result.files()).hasSize(2).allMatch(name -> name.endsWith("-" + name.substring(
        name.indexOf('-', name.lastIndexOf("part-") + 5) + 1)));
    assertThat(partFiles(out)).hasSize(2).allMatch(name -> name.endsWith(".parquet")
        && !name.contains("snappy"));
    assertThat(readIds(out)).containsExactlyInAnyOrder(row(1L, "a"), row(3L, "c"), row(4L, "d"));
  }

  @Test
  void unknownFormatIsAnAnalysisError() {
    assertThatThrownBy(() -> FileFormats.source("orc", List.of(temp.toString()), null, Map.of()))
        .isInstanceOf(SpateException.class)
        .hasMessageContaining("[ANALYSIS]").hasMessageContaining("orc")
        .hasMessageContaining("parquet, json, csv, text");
  }
}
