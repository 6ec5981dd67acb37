package dev.spate.demo;

import dev.spate.SpateException;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Random;

/**
 * Generates the IoT sensor events of the talk's notebooks (spark-semantics.md section 2): JSON
 * lines with {@code timestamp, deviceId, deviceType, signalStrength}, one file per minute of event
 * time, each covering +-10 s around its minute, unordered within the file. Deterministic for a seed.
 */
public final class SensorEventGenerator {
  /** The schema of the events, as DDL. */
  public static final String SCHEMA =
      "timestamp TIMESTAMP, deviceId BIGINT, deviceType STRING, signalStrength DOUBLE";
  public static final List<String> DEVICE_TYPES =
      List.of("SensorTypeA", "SensorTypeB", "SensorTypeC", "SensorTypeD");

  private static final DateTimeFormatter TIMESTAMP_TEXT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

  private final long baseMillis;
  private final long seed;

  /**
   * @param baseMillis event time of file 0 in milliseconds since the epoch (UTC)
   * @param seed random seed
   */
  public SensorEventGenerator(long baseMillis, long seed) {
    this.baseMillis = baseMillis;
    this.seed = seed;
  }

  /**
   * Writes files {@code streaming-sensor_file-<k>.json} for k in [firstFile, firstFile + files)
   * into {@code directory}, each with {@code rowsPerFile} events. Each file appears atomically
   * (written under a hidden name, then renamed), so a streaming reader never sees a partial file.
   */
  public void writeFiles(Path directory, int firstFile, int files, int rowsPerFile) {
    try {
      Files.createDirectories(directory);
      for (int file = firstFile; file < firstFile + files; file++) {
        Path target = directory.resolve("streaming-sensor_file-" + file + ".json");
        Path temporary = directory.resolve(".streaming-sensor_file-" + file + ".json.tmp");
        try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
          writeFile(writer, file, rowsPerFile);
        }
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (IOException e) {
      throw SpateException.io("cannot write sensor events under " + directory + ": "
          + e.getMessage(), e);
    }
  }

  private void writeFile(Writer writer, int file, int rows) throws IOException {
    Random random = new Random(seed * 1_000_003L + file);
    StringBuilder line = new StringBuilder(128);
    for (int row = 0; row < rows; row++) {
      long millis = baseMillis + file * 60_000L + (random.nextInt() % 10_000);
      line.setLength(0);
      line.append("{\"timestamp\":\"").append(TIMESTAMP_TEXT.format(Instant.ofEpochMilli(millis)))
          .append("\",\"deviceId\":").append(random.nextInt(100))
          .append(",\"deviceType\":\"").append(DEVICE_TYPES.get(random.nextInt(4)))
          .append("\",\"signalStrength\":").append(Math.abs(random.nextDouble() % 100))
          .append("}\n");
      writer.write(line.toString());
    }
  }
}
