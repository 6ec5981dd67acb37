package dev.spate.streaming;

import static dev.spate.functions.col;
import static dev.spate.functions.current_timestamp;
import static dev.spate.functions.input_file_name;
import static dev.spate.functions.window;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spate.DataFrame;
import dev.spate.Row;
import dev.spate.SpateSession;
import dev.spate.demo.SensorEventGenerator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The talk's sensor notebooks end to end on generated sensor data. Notebook 1 (spark-semantics.md
 * §3.2): streaming JSON -> Parquet ETL with input_file_name() and current_timestamp(), the Parquet
 * output re-read as a stream with a processing-time watermark, and the aggregations Q1.5-Q1.8 in
 * complete mode. Notebook 3 (§5): event-time aggregations Q3.1-Q3.5 over the JSON stream. The
 * oracle is the same query run as a batch query over the same files.
 */
class SensorNotebookTest {
  private static final String PARQUET_SCHEMA = SensorEventGenerator.SCHEMA
      + ", INPUT_FILE_NAME STRING, PROCESSED_TIME TIMESTAMP";

  @TempDir Path dir;
  private SpateSession spate;

  @BeforeEach
  void setUp() {
    spate = SpateSession.builder().appName("notebook-1").getOrCreate();
  }

  @AfterEach
  void tearDown() {
    spate.close();
  }

  @Test
  void notebookOneAggregationsMatchTheBatchQueries() {
    Path in = dir.resolve("in");
    Path out = dir.resolve("out");
    new SensorEventGenerator(1_470_187_880_400L, 3).writeFiles(in, 1, 6, 50);
    StreamingQuery etl = spate.readStream().schema(SensorEventGenerator.SCHEMA)
        .option("maxFilesPerTrigger", 1).json(in.toString())
        .withColumn("INPUT_FILE_NAME", input_file_name())
        .withColumn("PROCESSED_TIME", current_timestamp())
        .withWatermark("PROCESSED_TIME", "1 minute")
        .writeStream().format("parquet").option("checkpointLocation", dir.resolve("etl").toString())
        .trigger(Trigger.AvailableNow()).start(out.toString());
    etl.awaitTermination();
    assertThat(etl.recentProgress()).hasSize(6);

    DataFrame devices = spate.readStream().schema(PARQUET_SCHEMA).option("maxFilesPerTrigger", 1)
        .parquet(out.toString()).withWatermark("PROCESSED_TIME", "1 minute");
    devices.createOrReplaceTempView("sensors");
    DataFrame batch = spate.read().parquet(out.toString());
    batch.createOrReplaceTempView("batch_sensors");

    // Q1.5: files being processed, newest first
    check("files", devices, batch, frame -> frame.select("INPUT_FILE_NAME", "PROCESSED_TIME")
        .groupBy("INPUT_FILE_NAME", "PROCESSED_TIME").count()
        .orderBy(col("PROCESSED_TIME").desc()), true);
    // Q1.6: SQL over the streaming view
    checkSql("total", "SELECT count(*) FROM %s");
    checkSql("types", "SELECT count(*), deviceType, min(signalStrength), max(signalStrength),"
        + " avg(signalStrength) FROM %s GROUP BY deviceType ORDER BY deviceType ASC");
    // Q1.7 + Q1.8: 5-second windows per device, then the signal-loss alert filter
    Function<DataFrame, DataFrame> lost = frame -> frame
        .groupBy(window(col("timestamp"), "5 seconds"), col("deviceId")).count()
        .filter(col("count").lt(5))
        .select(col("window.start"), col("window.end"), col("deviceId"), col("count"));
    check("lost", devices, batch, lost, false);
  }

  @Test
  void notebookThreeEventTimeAggregationsMatchTheBatchQueries() {
    Path in = dir.resolve("in");
    int files = 6;
    int rowsPerFile = 50;
    new SensorEventGenerator(1_470_187_880_400L, 5).writeFiles(in, 1, files, rowsPerFile);
    DataFrame events = spate.readStream().schema(SensorEventGenerator.SCHEMA)
        .option("maxFilesPerTrigger", 1).json(in.toString());
    DataFrame batch = spate.read().schema(SensorEventGenerator.SCHEMA).json(in.toString());

    // Q3.1: standard aggregation
    check("q31", events, batch, frame -> frame.groupBy("deviceId").avg("signalStrength"), false);
    // Q3.2: tumbling window, with Spark's singular duration unit
    check("q32", events, batch,
        frame -> frame.groupBy(window(col("timestamp"), "5 minute")).count(), false);
    // Q3.3: sliding windows; every event falls in exactly size/slide = 2 windows
    check("q33", events, batch,
        frame -> frame.groupBy(window(col("timestamp"), "10 minutes", "5 minutes")).count(), false);
    long windowed = 0;
    for (Row row : spate.table("q33").collectAsList()) {
      windowed += row.getLong(1);
    }
    assertThat(windowed).isEqualTo(2L * files * rowsPerFile);
    // Q3.4: per device, with a derived column, newest windows first
    Function<DataFrame, DataFrame> perDevice = frame -> frame
        .groupBy(col("deviceId"), window(col("timestamp"), "10 minutes", "5 minutes")).count()
        .withColumn("window_size", col("window.end").cast("Long")
            .minus(col("window.start").cast("Long")).divide(60))
        .orderBy(col("window.end").desc());
    StreamingQuery q34 = check("q34", events, batch, perDevice, false);
    List<Row> sorted = spate.table("q34").collectAsList();
    for (int index = 0; index < sorted.size(); index++) {
      assertThat(sorted.get(index).getDouble(3)).isEqualTo(10.0);
      if (index > 0) {
        assertThat(sorted.get(index).getStruct(1).<java.time.Instant>getAs("end"))
            .isBeforeOrEqualTo(sorted.get(index - 1).getStruct(1).<java.time.Instant>getAs("end"));
      }
    }
    // Q3.5: with a watermark, but complete mode neither drops nor evicts: same rows, same state
    StreamingQuery q35 = check("q35", events.withWatermark("timestamp", "10 minutes"), batch,
        perDevice, false);
    assertThat(texts(spate.table("q35").collectAsList(), false))
        .isEqualTo(texts(spate.table("q34").collectAsList(), false));
    assertThat(stateRows(q35)).isEqualTo(stateRows(q34)).isEqualTo(sorted.size());
    // the generated events span 2016-08-03 01:31:20 +- 10 s to about 01:37:30
    assertThat(q35.lastProgress().eventTime().get("watermark")).startsWith("2016-08-03T01:2");
  }

  private static long stateRows(StreamingQuery query) {
    return query.lastProgress().stateOperators().get(0).get("numRowsTotal");
  }

  private void checkSql(String name, String template) {
    check(name, spate.sql(String.format(template, "sensors")),
        spate.sql(String.format(template, "batch_sensors")), Function.identity(), true);
  }

  private StreamingQuery check(String name, DataFrame stream, DataFrame batch,
      Function<DataFrame, DataFrame> query, boolean ordered) {
    StreamingQuery running = query.apply(stream).writeStream().format("memory").queryName(name)
        .outputMode("complete").trigger(Trigger.AvailableNow()).start();
    running.awaitTermination();
    assertThat(running.recentProgress()).as(name).hasSize(6);
    List<String> actual = texts(spate.table(name).collectAsList(), ordered);
    List<String> expected = texts(query.apply(batch).collectAsList(), ordered);
    assertThat(actual).as(name).isNotEmpty().isEqualTo(expected);
    return running;
  }

  private static List<String> texts(List<Row> rows, boolean ordered) {
    List<String> texts = new ArrayList<>();
    for (Row row : rows) {
      StringBuilder text = new StringBuilder();
      for (int index = 0; index < row.size(); index++) {
        Object value = row.get(index);
        // sums of doubles in another order may differ in the last bits
        text.append(value instanceof Double ? String.format("%.12g", value) : value).append('|');
      }
      texts.add(text.toString());
    }
    if (!ordered) {
      texts.sort(null);
    }
    return texts;
  }
}
