package dev.spate.bench.sensor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The generated sensor events read back with Jackson, independently of Spate's JSON reader, as
 * the input of the reference answers. Timestamps are UTC epoch milliseconds.
 */
final class SensorEvents {
  private static final DateTimeFormatter TIMESTAMP_TEXT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

  /** One event, plus the name of the file it came from. */
  record Event(String file, long millis, long deviceId, String deviceType, double signalStrength) {}

  private SensorEvents() {}

  /** Every event of the JSON files {@code files}, in file order. */
  static List<Event> read(List<Path> files) throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    List<Event> events = new ArrayList<>();
    for (Path file : files) {
      String name = file.getFileName().toString();
      try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          JsonNode node = mapper.readTree(line);
          long millis = LocalDateTime.parse(node.get("timestamp").asText(), TIMESTAMP_TEXT)
              .toInstant(ZoneOffset.UTC).toEpochMilli();
          events.add(new Event(name, millis, node.get("deviceId").asLong(),
              node.get("deviceType").asText(), node.get("signalStrength").asDouble()));
        }
      }
    }
    return events;
  }
}
