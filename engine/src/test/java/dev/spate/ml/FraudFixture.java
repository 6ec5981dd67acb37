package dev.spate.ml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Spark-made fixtures of the notebook-2 tests (tools/spark-fixtures): the saved model, the 20
 * test Parquet files and Spark's per-row predictions ({@code oracle.csv}).
 */
final class FraudFixture {
  static final String SCHEMA = "time INT, amountRange INT, label INT, pcaVector ARRAY<DOUBLE>";
  static final int FILES = 20;

  /** One row of Spark's output. */
  static final class Prediction {
    final int time;
    final int file;
    final int label;
    final double prediction;
    final double probability1;
    final double rawPrediction1;

    Prediction(String line) {
      String[] fields = line.split(",");
      time = Integer.parseInt(fields[0]);
      file = Integer.parseInt(fields[1]);
      label = Integer.parseInt(fields[3]);
      prediction = Double.parseDouble(fields[4]);
      probability1 = Double.parseDouble(fields[5]);
      rawPrediction1 = Double.parseDouble(fields[6]);
    }
  }

  private FraudFixture() {}

  static Path root() {
    try {
      return Path.of(FraudFixture.class.getResource("/ml/oracle.csv").toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static String model() {
    return root().resolve("model").toString();
  }

  static Path testFile(int file) {
    return root().resolve("test").resolve(String.format("part-%02d.parquet", file));
  }

  /** Spark's predictions by time. */
  static Map<Integer, Prediction> oracle() {
    try {
      List<String> lines = Files.readAllLines(root().resolve("oracle.csv"));
      Map<Integer, Prediction> byTime = new TreeMap<>();
      for (String line : lines.subList(1, lines.size())) {
        Prediction prediction = new Prediction(line);
        byTime.put(prediction.time, prediction);
      }
      return byTime;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The confusion matrix {@code [label, prediction, count]} sorted by label and prediction, from
   * Spark's predictions for the rows of files {@code 0..lastFile}.
   */
  static List<List<Object>> confusion(Map<Integer, Prediction> oracle, int lastFile) {
    Map<String, long[]> counts = new TreeMap<>();
    for (Prediction row : oracle.values()) {
      if (row.file <= lastFile) {
        counts.computeIfAbsent(row.label + "," + row.prediction, key -> new long[1])[0]++;
      }
    }
    List<List<Object>> matrix = new ArrayList<>();
    counts.forEach((key, count) -> {
      String[] parts = key.split(",");
      matrix.add(List.of(Integer.parseInt(parts[0]), Double.parseDouble(parts[1]), count[0]));
    });
    return matrix;
  }
}
