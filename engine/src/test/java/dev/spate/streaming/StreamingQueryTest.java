package dev.spate.streaming;

import static dev.spate.functions.col;
import static dev.spate.functions.current_timestamp;
import static dev.spate.functions.input_file_name;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spate.DataFrame;
import dev.spate.Row;
import dev.spate.RowFactory;
import dev.spate.SpateException;
import dev.spate.SpateSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stateless streaming end to end over real files; expected values are hand-computed. */
class StreamingQueryTest {
  private static final String SCHEMA = "id BIGINT, kind STRING, value DOUBLE";

  @TempDir Path dir;
  private SpateSession spate;

  @BeforeEach
  void setUp() {
    spate = SpateSession.builder().appName("streaming-test").getOrCreate();
  }

  @AfterEach
  void tearDown() {
    spate.close();
  }

  /** Writes file {@code name} with rows id = first..first+count-1, kind a/b alternating. */
  private Path jsonFile(Path directory, String name, long first, int count, long mtimeMs)
      throws IOException {
    StringBuilder text = new StringBuilder();
    for (long id = first; id < first + count; id++) {
      text.append("{\"id\":").append(id).append(",\"kind\":\"").append(id % 2 == 0 ? "a" : "b")
          .append("\",\"value\":").append(id * 0.5).append("}\n");
    }
    // Like any producer for a streaming file source, write under a hidden name and rename, so a
    // running query never sees a partial file.
    Files.createDirectories(directory);
    Path hidden = directory.resolve("." + name + ".tmp");
    Files.writeString(hidden, text);
    Files.setLastModifiedTime(hidden, FileTime.fromMillis(mtimeMs));
    return Files.move(hidden, directory.resolve(name), StandardCopyOption.ATOMIC_MOVE);
  }

  @Test
  void fileSourceProcessesEachFileOnceInModificationTimeOrder() throws IOException {
    Path in = dir.resolve("in");
    // names sort the other way round than modification times
    jsonFile(in, "c.json", 0, 3, 1_000_000);
    jsonFile(in, "b.json", 3, 3, 2_000_000);
    jsonFile(in, "a.json", 6, 2, 3_000_000);
    DataFrame stream = spate.readStream().schema(SCHEMA).option("maxFilesPerTrigger", 1)
        .json(in.toString())
        .withColumn("file", input_file_name())
        .withColumn("processed", current_timestamp())
        .where("kind = 'a' OR id >= 6");
    assertThat(stream.isStreaming()).isTrue();
    StreamingQuery query = stream.writeStream().format("memory").queryName("events").start();
    query.processAllAvailable();
    List<Row> rows = spate.table("events").collectAsList();
    // kind a: ids 0, 2, 4; plus 6 and 7
    Map<Long, String> fileById = new HashMap<>();
    Map<String, Set<Object>> timestampsByFile = new HashMap<>();
    for (Row row : rows) {
      fileById.put(row.getLong(0), row.getString(3));
      timestampsByFile.computeIfAbsent(row.getString(3), key -> new HashSet<>()).add(row.get(4));
    }
    assertThat(fileById.keySet()).containsExactlyInAnyOrder(0L, 2L, 4L, 6L, 7L);
    assertThat(fileById.get(0L)).startsWith("file:").endsWith("/in/c.json");
    assertThat(fileById.get(4L)).endsWith("/in/b.json");
    assertThat(fileById.get(7L)).endsWith("/in/a.json");
    assertThat(timestampsByFile.values()).allSatisfy(set -> assertThat(set).hasSize(1));
    List<StreamingQueryProgress> progress = query.recentProgress();
    assertThat(progress).hasSize(3);
    assertThat(progress.get(0).numInputRows()).isEqualTo(3);
    assertThat(progress.get(2).numInputRows()).isEqualTo(2);
    assertThat(progress.get(2).batchId()).isEqualTo(2);
    assertThat(progress.get(1).sink().get("numOutputRows")).isEqualTo(1L);
    assertThat(progress.get(0).json()).contains("\"batchId\":0").contains("\"durationMs\"")
        .contains("FileStreamSource[json:");
    assertThat(progress.get(0).backend()).isNotEmpty();
    // idle: between polls it waits, during a poll it is getting offsets; either way no data
    assertThat(query.status().isDataAvailable()).isFalse();
    assertThat(query.status().message()).isIn("Waiting for data to arrive",
        "Getting offsets from sources");

    jsonFile(in, "d.json", 8, 2, 4_000_000);
    query.processAllAvailable();
    assertThat(spate.table("events").collectAsList()).hasSize(7);
    assertThat(spate.streams().active()).containsExactly(query);
    query.stop();
    assertThat(query.isActive()).isFalse();
    assertThat(spate.streams().active()).isEmpty();
    assertThat(query.exception()).isEmpty();
  }

  @Test
  void parquetSinkIsExactlyOnceAcrossRestartsAndReadableAsStream() throws IOException {
    Path in = dir.resolve("in");
    Path out = dir.resolve("out");
    Path checkpoint = dir.resolve("ckpt");
    jsonFile(in, "f1.json", 0, 5, 1_000_000);
    jsonFile(in, "f2.json", 5, 5, 2_000_000);
    StreamingQuery first = startEtl(in, out, checkpoint, Trigger.AvailableNow());
    first.awaitTermination();
    assertThat(first.recentProgress()).hasSize(2);
    jsonFile(in, "f3.json", 10, 5, 3_000_000);
    StreamingQuery second = startEtl(in, out, checkpoint, Trigger.Once());
    second.awaitTermination();
    assertThat(second.id()).isEqualTo(first.id());
    assertThat(second.runId()).isNotEqualTo(first.runId());
    assertThat(second.lastProgress().batchId()).isEqualTo(2);
    assertThat(second.lastProgress().numInputRows()).isEqualTo(5);
    List<Long> ids = new ArrayList<>();
    for (Row row : spate.read().parquet(out.toString()).collectAsList()) {
      ids.add(row.getLong(0));
    }
    assertThat(ids).containsExactlyInAnyOrder(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L,
        12L, 13L, 14L);
    assertThat(Files.exists(out.resolve("_spate_metadata").resolve("2"))).isTrue();

    // the sink directory read back as a stream, one committed file per batch
    StreamingQuery reread = spate.readStream().schema(SCHEMA).option("maxFilesPerTrigger", 1)
        .parquet(out.toString()).writeStream().format("memory").queryName("reread")
        .trigger(Trigger.AvailableNow()).start();
    reread.awaitTermination();
    assertThat(spate.table("reread").count()).isEqualTo(15);
    assertThat(reread.recentProgress()).hasSize(3);
  }

  private StreamingQuery startEtl(Path in, Path out, Path checkpoint, Trigger trigger) {
    return spate.readStream().schema(SCHEMA).option("maxFilesPerTrigger", 1).json(in.toString())
        .writeStream().format("parquet").option("checkpointLocation", checkpoint.toString())
        .trigger(trigger).start(out.toString());
  }

  @Test
  void memoryStreamForeachAndForeachBatch() {
    MemoryStream input = MemoryStream.of(spate, "id INT, word STRING");
    List<String> seen = new CopyOnWriteArrayList<>();
    List<String> epochs = new CopyOnWriteArrayList<>();
    StreamingQuery foreach = input.toDF().where("id > 1").writeStream()
        .foreach(new ForeachWriter<Row>() {
          @Override
          public boolean open(long partitionId, long epochId) {
            epochs.add("open " + epochId);
            return true;
          }

          @Override
          public void process(Row value) {
            seen.add(value.getInt(0) + value.getString(1));
          }

          @Override
          public void close(Throwable errorOrNull) {
            epochs.add("close " + errorOrNull);
          }
        }).start();
    List<String> batches = new CopyOnWriteArrayList<>();
    StreamingQuery foreachBatch = input.toDF().writeStream()
        .foreachBatch((batch, batchId) -> batches.add(batchId + ":" + batch.count()))
        .start();
    input.addData(RowFactory.create(1, "x"), RowFactory.create(2, "y"));
    foreach.processAllAvailable();
    foreachBatch.processAllAvailable();
    input.addData(RowFactory.create(3, "z"));
    foreach.processAllAvailable();
    foreachBatch.processAllAvailable();
    assertThat(seen).containsExactly("2y", "3z");
    assertThat(epochs).containsExactly("open 0", "close null", "open 1", "close null");
    assertThat(batches).containsExactly("0:2", "1:1");
    assertThat(spate.streams().active()).hasSize(2);
    foreach.stop();
    foreachBatch.stop();
  }

  @Test
  void failureSurfacesThroughAwaitTerminationAndListener() {
    MemoryStream input = MemoryStream.of(spate, "id INT");
    List<String> events = new CopyOnWriteArrayList<>();
    spate.streams().addListener(new StreamingQueryListener() {
      @Override
      public void onQueryStarted(QueryStartedEvent event) {
        events.add("started");
      }

      @Override
      public void onQueryProgress(QueryProgressEvent event) {
        events.add("progress " + event.progress().batchId());
      }

      @Override
      public void onQueryTerminated(QueryTerminatedEvent event) {
        events.add("terminated " + (event.exception() != null));
      }
    });
    StreamingQuery query = input.toDF().writeStream().foreachBatch((batch, id) -> {
      if (id == 1) {
        throw new IllegalStateException("boom in batch " + id);
      }
    }).start();
    input.addData(RowFactory.create(1));
    query.processAllAvailable();
    input.addData(RowFactory.create(2));
    assertThatThrownBy(query::awaitTermination).isInstanceOf(SpateException.class)
        .hasMessageContaining("boom in batch 1").hasMessageContaining(query.id().toString());
    assertThat(query.exception()).isPresent();
    assertThat(events).containsExactly("started", "progress 0", "terminated true");
  }

  @Test
  void analysisRejectionsUseSparkMessages() throws IOException {
    Path in = dir.resolve("in");
    Files.createDirectories(in);
    assertThatThrownBy(() -> spate.readStream().json(in.toString()))
        .isInstanceOf(SpateException.class).hasMessageContaining("Schema must be specified");
    DataFrame stream = spate.readStream().schema(SCHEMA).json(in.toString());
    assertThatThrownBy(stream::collectAsList).isInstanceOf(SpateException.class)
        .hasMessageContaining("collectAsList")
        .satisfies(e -> assertThat(((SpateException) e).errorClass())
            .isEqualTo(SpateException.ErrorClass.ANALYSIS));
    assertThatThrownBy(() -> spate.read().json(in.toString()).writeStream())
        .hasMessageContaining("writeStream");
    assertThatThrownBy(() -> stream.orderBy("id").writeStream().format("noop").start())
        .hasMessageEndingWith("Sorting is not supported on streaming DataFrames/Datasets, unless it is on"
            + " aggregated DataFrame/Dataset in Complete output mode");
    assertThatThrownBy(() -> stream.groupBy("kind").count().writeStream().format("noop")
        .outputMode("append").start())
        .hasMessageContaining("[STREAMING_OUTPUT_MODE.UNSUPPORTED_OPERATION] Invalid streaming"
            + " output mode: append");
    assertThatThrownBy(() -> stream.groupBy("kind").count().writeStream().format("noop")
        .outputMode("update").trigger(Trigger.Continuous("1 second")).start())
        .hasMessageEndingWith("Continuous processing does not support Aggregate operations.");
    assertThatThrownBy(() -> stream.writeStream().format("parquet").start(dir.toString()))
        .hasMessageContaining("checkpointLocation must be specified");
    assertThat(spate.streams().active()).isEmpty();
  }

  @Test
  void restartRefusesCheckpointOfAnotherQuery() throws IOException {
    Path in = dir.resolve("in");
    jsonFile(in, "f1.json", 0, 2, 1_000_000);
    Path checkpoint = dir.resolve("ckpt");
    spate.readStream().schema(SCHEMA).json(in.toString()).writeStream().format("noop")
        .option("checkpointLocation", checkpoint.toString()).trigger(Trigger.Once()).start()
        .awaitTermination();
    assertThatThrownBy(() -> spate.readStream().schema(SCHEMA).json(in.toString())
        .select("id").writeStream().format("noop")
        .option("checkpointLocation", checkpoint.toString()).start())
        .isInstanceOf(SpateException.class)
        .hasMessageContaining("incompatible query").hasMessageContaining("output columns");
  }

  @Test
  void malformedLinesFollowTheSourceMode() throws IOException {
    Path in = dir.resolve("in");
    Files.createDirectories(in);
    Files.writeString(in.resolve("bad.json"), "{\"id\":1,\"kind\":\"a\",\"value\":1.0}\n"
        + "{\"id\":2,\"kind\n{\"id\":3,\"kind\":\"b\",\"value\":2.0}\n");
    StreamingQuery dropping = spate.readStream().schema(SCHEMA).option("mode", "DROPMALFORMED")
        .json(in.toString()).writeStream().format("memory").queryName("dropped")
        .trigger(Trigger.AvailableNow()).start();
    dropping.awaitTermination();
    assertThat(spate.table("dropped").count()).isEqualTo(2);
    assertThat(dropping.lastProgress().sources().get(0).get("numMalformedRecords")).isEqualTo(1L);
    assertThat(dropping.lastProgress().numInputRows()).isEqualTo(2);
    StreamingQuery keeping = spate.readStream().schema(SCHEMA + ", _corrupt_record STRING")
        .json(in.toString()).writeStream().format("memory").queryName("kept")
        .trigger(Trigger.AvailableNow()).start();
    keeping.awaitTermination();
    assertThat(texts(spate.sql("SELECT id, _corrupt_record FROM kept ORDER BY id NULLS LAST")
        .collectAsList())).containsExactly("1|null", "3|null", "null|{\"id\":2,\"kind");
    assertThat(keeping.lastProgress().sources().get(0).get("numMalformedRecords")).isEqualTo(1L);
    assertThat(keeping.lastProgress().json()).contains("\"numMalformedRecords\":1");
    StreamingQuery failing = spate.readStream().schema(SCHEMA).option("mode", "FAILFAST")
        .json(in.toString()).writeStream().format("noop")
        .option("checkpointLocation", dir.resolve("ckpt").toString())
        .trigger(Trigger.AvailableNow()).start();
    assertThatThrownBy(failing::awaitTermination).isInstanceOf(SpateException.class)
        .hasMessageContaining("bad.json");
    // the failed batch was planned but not committed: offsets/0 exists, commits/0 does not
    assertThat(Files.exists(dir.resolve("ckpt/offsets/0"))).isTrue();
    assertThat(Files.exists(dir.resolve("ckpt/commits/0"))).isFalse();
  }

  @Test
  void fileSinkRemovesWhatACrashedAttemptLeftWhenTheQueryRestarts() throws IOException {
    Path out = dir.resolve("sink");
    Path checkpoint = dir.resolve("sink-ckpt");
    MemoryStream input = MemoryStream.of(spate, SCHEMA);
    StreamingQuery first = input.toDF().writeStream().format("parquet")
        .option("checkpointLocation", checkpoint.toString()).start(out.toString());
    input.addData(RowFactory.create(1L, "a", 1.0));
    first.processAllAvailable();
    first.stop();
    // what a SIGKILL between writing and logging batch 1 leaves behind
    Files.writeString(out.resolve(".part-00000001-00000-dead.parquet.inprogress"), "partial");
    Files.writeString(out.resolve("part-00000001-00000-dead.parquet"), "not logged");
    StreamingQuery second = input.toDF().writeStream().format("parquet")
        .option("checkpointLocation", checkpoint.toString()).start(out.toString());
    input.addData(RowFactory.create(2L, "b", 2.0));
    second.processAllAvailable();
    second.stop();
    try (java.util.stream.Stream<Path> files = Files.list(out)) {
      assertThat(files.map(file -> file.getFileName().toString()))
          .noneMatch(name -> name.contains("dead"))
          .filteredOn(name -> name.startsWith("part-")).hasSize(2);
    }
    assertThat(spate.read().parquet(out.toString()).count()).isEqualTo(2);
  }

  @Test
  void truncatedParquetFileFailsTheQueryCleanlyAndRestartResumesAfterTheLastCommit()
      throws IOException {
    Path in = dir.resolve("parquet-in");
    Files.createDirectories(in);
    Path staging = dir.resolve("staging");
    spate.createDataFrame(List.of(RowFactory.create(1L, "a", 1.0)), SCHEMA).write()
        .parquet(staging.resolve("good").toString());
    Path part;
    try (java.util.stream.Stream<Path> files = Files.list(staging.resolve("good"))) {
      part = files.filter(file -> file.toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(part);
    Files.write(in.resolve("a-good.parquet"), bytes);
    Files.setLastModifiedTime(in.resolve("a-good.parquet"), FileTime.fromMillis(1_000_000));
    Files.write(in.resolve("b-truncated.parquet"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
    Files.setLastModifiedTime(in.resolve("b-truncated.parquet"), FileTime.fromMillis(2_000_000));
    Path checkpoint = dir.resolve("parquet-ckpt");
    StreamingQuery failing = spate.readStream().schema(SCHEMA).option("maxFilesPerTrigger", 1)
        .parquet(in.toString()).writeStream().format("json")
        .option("checkpointLocation", checkpoint.toString()).trigger(Trigger.AvailableNow())
        .start(dir.resolve("json-out").toString());
    assertThatThrownBy(failing::awaitTermination).isInstanceOf(SpateException.class)
        .hasMessageContaining("b-truncated.parquet");
    // batch 0 (the good file) is committed; batch 1 is planned but not committed
    assertThat(Files.exists(checkpoint.resolve("commits/0"))).isTrue();
    assertThat(Files.exists(checkpoint.resolve("offsets/1"))).isTrue();
    assertThat(Files.exists(checkpoint.resolve("commits/1"))).isFalse();
    assertThat(spate.read().json(dir.resolve("json-out").toString()).count()).isEqualTo(1);
    // the producer replaces the broken file; the restart re-runs batch 1 with the same offsets
    Files.write(in.resolve("b-truncated.parquet"), bytes);
    StreamingQuery restarted = spate.readStream().schema(SCHEMA).option("maxFilesPerTrigger", 1)
        .parquet(in.toString()).writeStream().format("json")
        .option("checkpointLocation", checkpoint.toString()).trigger(Trigger.AvailableNow())
        .start(dir.resolve("json-out").toString());
    restarted.awaitTermination();
    assertThat(restarted.recentProgress().get(0).batchId()).isEqualTo(1);
    assertThat(spate.read().json(dir.resolve("json-out").toString()).count()).isEqualTo(2);
  }

  @Test
  void streamStaticJoinsEnrichEachBatch() {
    DataFrame kinds = spate.createDataFrame(List.of(RowFactory.create("a", "alpha"),
        RowFactory.create("c", "gamma")), "kind STRING, label STRING");
    MemoryStream input = MemoryStream.of(spate, SCHEMA);
    StreamingQuery inner = input.toDF().join(kinds, "kind").select("id", "label")
        .writeStream().format("memory").queryName("inner_joined").start();
    StreamingQuery left = input.toDF().alias("e").join(kinds.alias("k"),
            col("e.kind").equalTo(col("k.kind")), "left_outer").select("id", "label")
        .writeStream().format("memory").queryName("left_joined").start();
    input.addData(RowFactory.create(1L, "a", 1.0), RowFactory.create(2L, "b", 2.0));
    inner.processAllAvailable();
    left.processAllAvailable();
    input.addData(RowFactory.create(3L, "a", 3.0));
    inner.processAllAvailable();
    left.processAllAvailable();
    assertThat(texts(spate.sql("SELECT * FROM inner_joined ORDER BY id").collectAsList()))
        .containsExactly("1|alpha", "3|alpha");
    assertThat(texts(spate.sql("SELECT * FROM left_joined ORDER BY id").collectAsList()))
        .containsExactly("1|alpha", "2|null", "3|alpha");
    assertThat(inner.recentProgress()).hasSize(2);
    inner.stop();
    left.stop();
  }

  private static List<String> texts(List<Row> rows) {
    List<String> texts = new ArrayList<>();
    for (Row row : rows) {
      texts.add(row.get(0) + "|" + row.get(1));
    }
    return texts;
  }

  @Test
  void rateSourceProducesIncreasingValues() {
    StreamingQuery query = spate.readStream().format("rate").option("rowsPerSecond", 200).load()
        .writeStream().format("memory").queryName("rates")
        .trigger(Trigger.ProcessingTime("100 milliseconds")).start();
    long deadline = System.currentTimeMillis() + 10_000;
    while (spate.table("rates").count() < 20 && System.currentTimeMillis() < deadline) {
      query.awaitTermination(50);
    }
    query.stop();
    List<Row> rows = spate.table("rates").collectAsList();
    assertThat(rows.size()).isGreaterThanOrEqualTo(20);
    for (int index = 0; index < rows.size(); index++) {
      assertThat(rows.get(index).getLong(1)).isEqualTo(index);
    }
  }
}
