package dev.spate.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spate.Row;
import dev.spate.RowFactory;
import dev.spate.SpateException;
import dev.spate.SpateSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The file sink compacts small files so file sizes do not depend on the trigger interval, and
 * every reader of its directory still sees each row exactly once: batch reads, a stream that
 * follows the sink closely, one that lags behind a compaction, and one started afterwards.
 */
class FileSinkCompactionTest {
  private static final int BATCHES = 12;
  private static final int ROWS_PER_BATCH = 5;

  @TempDir Path dir;
  private final SpateSession spate = SpateSession.builder().appName("compaction").getOrCreate();

  @AfterEach
  void close() {
    spate.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"parquet", "json", "csv"})
  void smallFilesAreCompactedAndReadersSeeEachRowOnce(String format) throws Exception {
    Path out = dir.resolve("out");
    MemoryStream input = MemoryStream.of(spate, "id BIGINT, word STRING");
    StreamingQuery sink = startSink(input, out, "0s", format);
    StreamingQuery follower = follow(out, "follower", dir.resolve("follower-ckpt"), format);
    for (int batch = 0; batch < BATCHES; batch++) {
      input.addData(rows(batch));
      sink.processAllAvailable();
      follower.processAllAvailable();
    }
    sink.stop();
    follower.stop();

    // 12 one-file batches with compaction from 4 small files: far fewer files than batches
    List<Path> parts = partFiles(out);
    assertThat(parts.size()).isLessThan(6);
    assertThat(parts).anyMatch(file -> file.getFileName().toString().matches(
        "part-\\d{8}-c.*\\." + format));
    assertThat(Files.readString(out.resolve("_spate_metadata").resolve("4")))
        .contains("\"compacted\"").contains("\"removed\"");
    assertEachRowOnce(spate.read().format(format).schema("id BIGINT, word STRING")
        .load(out.toString()).collectAsList());
    assertEachRowOnce(spate.table("follower").collectAsList());

    StreamingQuery latecomer = follow(out, "latecomer", dir.resolve("latecomer-ckpt"), format);
    latecomer.processAllAvailable();
    latecomer.stop();
    assertEachRowOnce(spate.table("latecomer").collectAsList());
  }

  @Test
  void aStreamThatLagsBehindACompactionReadsTheReplacedFilesItHasNotRead() throws Exception {
    Path out = dir.resolve("out");
    Path checkpoint = dir.resolve("lagging-ckpt");
    MemoryStream input = MemoryStream.of(spate, "id BIGINT, word STRING");
    StreamingQuery sink = startSink(input, out, "1h", "parquet");
    for (int batch = 0; batch < 2; batch++) {
      input.addData(rows(batch));
      sink.processAllAvailable();
    }
    StreamingQuery follower = follow(out, "before", checkpoint, "parquet");
    follower.processAllAvailable();
    follower.stop();
    for (int batch = 2; batch < BATCHES; batch++) {
      input.addData(rows(batch));
      sink.processAllAvailable();
    }
    sink.stop();
    StreamingQuery resumed = follow(out, "after", checkpoint, "parquet");
    resumed.processAllAvailable();
    resumed.stop();
    List<Row> read = new ArrayList<>(spate.table("before").collectAsList());
    assertThat(read).hasSize(2 * ROWS_PER_BATCH);
    read.addAll(spate.table("after").collectAsList());
    assertEachRowOnce(read);
    // the replaced files stay for the retention period; batch reads still see each row once
    assertThat(partFiles(out).size()).isGreaterThan(BATCHES);
    assertEachRowOnce(spate.read().parquet(out.toString()).collectAsList());
    assertEachRowOnce(spate.sql("SELECT * FROM parquet.`" + out + "`").collectAsList());
  }

  @Test
  void aLaggingStreamFailsClearlyWhenFilesItHasNotReadWereDeleted() throws Exception {
    Path out = dir.resolve("out");
    Path checkpoint = dir.resolve("late-ckpt");
    MemoryStream input = MemoryStream.of(spate, "id BIGINT, word STRING");
    StreamingQuery sink = startSink(input, out, "0s", "parquet");
    input.addData(rows(0));
    sink.processAllAvailable();
    StreamingQuery follower = follow(out, "early", checkpoint, "parquet");
    follower.processAllAvailable();
    follower.stop();
    for (int batch = 1; batch < BATCHES; batch++) {
      input.addData(rows(batch));
      sink.processAllAvailable();
    }
    sink.stop();
    StreamingQuery resumed = follow(out, "too-late", checkpoint, "parquet");
    assertThatThrownBy(resumed::processAllAvailable)
        .satisfies(error -> assertThat(rootSpateMessage(error))
            .contains("which this query has not read yet")
            .contains("removedFileRetention"));
    resumed.stop();
  }

  @Test
  void compactionCanBeTurnedOff() throws Exception {
    Path out = dir.resolve("out");
    MemoryStream input = MemoryStream.of(spate, "id BIGINT, word STRING");
    StreamingQuery sink = input.toDF().writeStream().format("json")
        .option("checkpointLocation", dir.resolve("ckpt").toString())
        .option("autoCompact", "false").option("autoCompactMinFiles", "2")
        .start(out.toString());
    for (int batch = 0; batch < 6; batch++) {
      input.addData(rows(batch));
      sink.processAllAvailable();
    }
    sink.stop();
    assertThat(partFiles(out)).hasSize(6);
  }

  private StreamingQuery startSink(MemoryStream input, Path out, String retention,
      String format) {
    return input.toDF().writeStream().format(format)
        .option("checkpointLocation", dir.resolve("sink-ckpt").toString())
        .option("autoCompactMinFiles", "4").option("removedFileRetention", retention)
        .start(out.toString());
  }

  private StreamingQuery follow(Path out, String name, Path checkpoint, String format) {
    return spate.readStream().format(format).schema("id BIGINT, word STRING")
        .option("maxFilesPerTrigger", 1).load(out.toString()).writeStream().format("memory").queryName(name)
        .option("checkpointLocation", checkpoint.toString()).outputMode("append").start();
  }

  private static List<Row> rows(int batch) {
    List<Row> rows = new ArrayList<>();
    for (int row = 0; row < ROWS_PER_BATCH; row++) {
      long id = (long) batch * ROWS_PER_BATCH + row;
      rows.add(RowFactory.create(id, "w" + id));
    }
    return rows;
  }

  private static void assertEachRowOnce(List<Row> rows) {
    Map<Long, Integer> copies = new HashMap<>();
    for (Row row : rows) {
      copies.merge(row.getLong(0), 1, Integer::sum);
      assertThat(row.getString(1)).isEqualTo("w" + row.getLong(0));
    }
    assertThat(copies).hasSize(BATCHES * ROWS_PER_BATCH);
    assertThat(copies.values()).containsOnly(1);
  }

  private static List<Path> partFiles(Path out) throws IOException {
    try (Stream<Path> files = Files.list(out)) {
      return files.filter(file -> file.getFileName().toString().startsWith("part-")).toList();
    }
  }

  private static String rootSpateMessage(Throwable error) {
    String message = "";
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof SpateException) {
        message = cause.getMessage();
      }
    }
    return message;
  }
}
