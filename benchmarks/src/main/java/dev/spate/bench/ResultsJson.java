package dev.spate.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes a {@link BenchReport} as {@code results.json}: machine facts, settings, per-backend
 * notes, data preparation times, and per query and backend the status, median/min/max
 * milliseconds, every run's time, rows/s, bytes/s and the suite's own metrics (medians).
 * Numbers that were not measured (a failed query) are written as null.
 */
public final class ResultsJson {
  /** The version of this file's layout; bumped when a field changes meaning. */
  public static final int FORMAT_VERSION = 1;

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ResultsJson() {}

  /** Writes {@code report} to {@code file}, replacing it. */
  public static void write(BenchReport report, Path file) throws IOException {
    MAPPER.writeValue(file.toFile(), toJson(report));
  }

  /** The report as a JSON tree. */
  public static ObjectNode toJson(BenchReport report) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("formatVersion", FORMAT_VERSION);
    root.put("startedAt", report.startedAt().toString());
    root.put("elapsedSeconds", report.elapsedSeconds());
    root.set("machine", MAPPER.valueToTree(report.machine()));
    root.set("settings", settings(report.settings()));
    ObjectNode notes = root.putObject("backendNotes");
    report.backendNotes().forEach((backend, note) -> notes.put(backend.label(), note));
    ObjectNode preparation = root.putObject("preparationMillis");
    report.preparationMillis().forEach(preparation::put);
    ArrayNode results = root.putArray("results");
    for (QueryResult result : report.results()) {
      results.add(result(result));
    }
    root.put("failed", report.failed());
    return root;
  }

  private static ObjectNode settings(BenchSettings settings) {
    ObjectNode node = MAPPER.createObjectNode();
    ArrayNode suites = node.putArray("suites");
    settings.suites().forEach(suite -> suites.add(suite.name()));
    ArrayNode scaleFactors = node.putArray("scaleFactors");
    settings.scaleFactors().forEach(scaleFactors::add);
    ArrayNode backends = node.putArray("backends");
    settings.backends().forEach(backend -> backends.add(backend.label()));
    node.put("warmupRuns", settings.warmupRuns());
    node.put("repetitions", settings.repetitions());
    node.put("queryFilter", settings.queryFilter().pattern());
    node.put("seed", settings.seed());
    return node;
  }

  private static ObjectNode result(QueryResult result) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("suite", result.suite());
    node.put("scaleFactor", result.scaleFactor());
    node.put("query", result.query());
    node.put("backend", result.backend().label());
    node.put("status", result.status().name().toLowerCase(java.util.Locale.ROOT));
    node.put("message", result.message());
    boolean measured = !result.runMillis().isEmpty();
    putMeasured(node, "medianMillis", measured, result.medianMillis());
    putMeasured(node, "minMillis", measured, result.minMillis());
    putMeasured(node, "maxMillis", measured, result.maxMillis());
    putMeasured(node, "rowsPerSecond", measured, result.rowsPerSecond());
    putMeasured(node, "bytesPerSecond", measured, result.bytesPerSecond());
    ArrayNode runs = node.putArray("runMillis");
    result.runMillis().forEach(runs::add);
    node.put("inputRows", result.inputRows());
    node.put("inputBytes", result.inputBytes());
    node.put("outputRows", result.outputRows());
    ObjectNode metrics = node.putObject("metrics");
    for (Map.Entry<String, Double> metric : result.metricMedians().entrySet()) {
      metrics.put(metric.getKey(), metric.getValue());
    }
    return node;
  }

  private static void putMeasured(ObjectNode node, String field, boolean measured, double value) {
    if (measured && Double.isFinite(value)) {
      node.put(field, value);
    } else {
      node.putNull(field);
    }
  }
}
