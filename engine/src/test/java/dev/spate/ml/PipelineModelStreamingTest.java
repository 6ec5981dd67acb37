package dev.spate.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.spate.DataFrame;
import dev.spate.Row;
import dev.spate.SpateException;
import dev.spate.SpateSession;
import dev.spate.gpu.GpuDevice;
import dev.spate.streaming.StreamingQuery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Notebook 2's streaming query: the fitted pipeline over a file stream (maxFilesPerTrigger 1),
 * {@code groupBy("label", "prediction").count().sort(...)} in complete mode into a memory sink;
 * after every file the confusion matrix equals the one from Spark's own predictions.
 */
class PipelineModelStreamingTest {
  @TempDir
  Path temp;

  @ParameterizedTest
  @ValueSource(strings = {"codegen", "interpreted", "gpu"})
  void confusionMatrixAfterEveryBatchMatchesSpark(String backend) {
    Map<String, String> config = Map.of("spate.codegen.enabled",
        Boolean.toString(!backend.equals("interpreted")), "spate.gpu.enabled",
        backend.equals("gpu") ? "true" : "false", "spate.gpu.minInputBytes", "0");
    if (backend.equals("gpu")) {
      Assumptions.assumeTrue(GpuDevice.unavailableReason().isEmpty(),
          () -> "no GPU or emulated driver: " + GpuDevice.unavailableReason().orElse(""));
    }
    Map<Integer, FraudFixture.Prediction> oracle = FraudFixture.oracle();
    try (SpateSession spate = session(config)) {
      Path input = temp.resolve("in");
      StreamingQuery query = start(spate, input, "fraud_" + backend);
      try {
        for (int file = 0; file < FraudFixture.FILES; file++) {
          arrive(FraudFixture.testFile(file), input, file);
          query.processAllAvailable();
          assertThat(matrix(spate, "fraud_" + backend)).as("after file %d", file)
              .isEqualTo(FraudFixture.confusion(oracle, file));
        }
        assertThat(query.lastProgress().batchId()).isEqualTo(FraudFixture.FILES - 1);
      } finally {
        query.stop();
      }
      List<List<Object>> matrix = matrix(spate, "fraud_" + backend);
      long truePositives = count(matrix, 1, 1.0);
      long falsePositives = count(matrix, 0, 1.0);
      long falseNegatives = count(matrix, 1, 0.0);
      double precision = (double) truePositives / (truePositives + falsePositives);
      double recall = (double) truePositives / (truePositives + falseNegatives);
      double f1 = 2 * precision * recall / (precision + recall);
      // Spark's predictions on the fixture: 22 true positives, 4 false positives, 8 misses.
      assertThat(precision).isCloseTo(22.0 / 26, within(1e-15));
      assertThat(recall).isCloseTo(22.0 / 30, within(1e-15));
      assertThat(f1).isCloseTo(2 * (22.0 / 26) * (22.0 / 30) / (22.0 / 26 + 22.0 / 30),
          within(1e-15));
    }
  }

  @Test
  void queryFailsOnAnUnseenCategoryAndItsCheckpointStaysUsable() throws IOException {
    Map<Integer, FraudFixture.Prediction> oracle = FraudFixture.oracle();
    Path input = temp.resolve("in");
    Path badFile;
    try (SpateSession spate = session(Map.of())) {
      StreamingQuery query = start(spate, input, "fraud_failing");
      arrive(FraudFixture.testFile(0), input, 0);
      query.processAllAvailable();
      badFile = arrive(writeRow(spate, 8), input, 1);
      assertThatThrownBy(query::awaitTermination).isInstanceOf(SpateException.class)
          .hasMessageContaining("Unseen value: 8.0. To handle unseen values, set Param"
              + " handleInvalid to keep.");
    }
    // The failed batch is replayed from the checkpoint with the file now holding valid rows.
    Files.copy(FraudFixture.testFile(1), badFile, StandardCopyOption.REPLACE_EXISTING);
    try (SpateSession spate = session(Map.of())) {
      StreamingQuery query = start(spate, input, "fraud_restarted");
      try {
        query.processAllAvailable();
        assertThat(matrix(spate, "fraud_restarted")).isEqualTo(FraudFixture.confusion(oracle, 1));
      } finally {
        query.stop();
      }
    }
  }

  /** A one-row Parquet file with {@code amountRange} and otherwise valid values. */
  private Path writeRow(SpateSession spate, int amountRange) throws IOException {
    List<Double> vector = new ArrayList<>();
    for (int index = 0; index < 28; index++) {
      vector.add(0.5);
    }
    Path directory = temp.resolve("bad");
    spate.createDataFrame(List.of(dev.spate.RowFactory.create(12_348, amountRange, 0, vector)),
        FraudFixture.SCHEMA).write().parquet(directory.toString());
    try (var files = Files.list(directory)) {
      return files.filter(file -> file.getFileName().toString().endsWith(".parquet"))
          .findFirst().orElseThrow();
    }
  }

  private static SpateSession session(Map<String, String> config) {
    SpateSession.Builder builder = SpateSession.builder().appName("ml-streaming");
    config.forEach(builder::config);
    return builder.getOrCreate();
  }

  private StreamingQuery start(SpateSession spate, Path input, String name) {
    try {
      Files.createDirectories(input);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    PipelineModel model = PipelineModel.load(spate, FraudFixture.model());
    DataFrame stream = spate.readStream().schema(FraudFixture.SCHEMA)
        .option("maxFilesPerTrigger", 1).parquet(input.toString());
    return model.transform(stream).groupBy("label", "prediction").count()
        .sort("label", "prediction").writeStream().format("memory").outputMode("complete")
        .queryName(name).option("checkpointLocation", temp.resolve("checkpoint").toString())
        .start();
  }

  /** Moves a copy of {@code source} into {@code input} atomically, with mtime ordered by index. */
  private Path arrive(Path source, Path input, int index) {
    try {
      Path staged = temp.resolve("staged-" + index + ".parquet");
      Files.copy(source, staged, StandardCopyOption.REPLACE_EXISTING);
      Files.setLastModifiedTime(staged, FileTime.fromMillis(1_700_000_000_000L + index * 1000L));
      return Files.move(staged, input.resolve(String.format("part-%02d.parquet", index)),
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static List<List<Object>> matrix(SpateSession spate, String table) {
    List<List<Object>> matrix = new ArrayList<>();
    for (Row row : spate.table(table).collectAsList()) {
      matrix.add(List.of(row.getInt(0), row.getDouble(1), row.getLong(2)));
    }
    return matrix;
  }

  private static long count(List<List<Object>> matrix, int label, double prediction) {
    return matrix.stream().filter(row -> row.get(0).equals(label) && row.get(1).equals(prediction))
        .mapToLong(row -> (Long) row.get(2)).sum();
  }
}
