package dev.spate.ml;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spate.Row;
import dev.spate.SpateException;
import dev.spate.SpateSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The {@code metadata/part-*} JSON of a saved Spark ML stage ({@code class}, {@code uid}, {@code
 * paramMap} over {@code defaultParamMap}) and access to the stage's Parquet data.
 */
final class StageMetadata {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path directory;
  private final String label;
  private final JsonNode root;
  private final ObjectNode params;

  private StageMetadata(Path directory, String label, JsonNode root, ObjectNode params) {
    this.directory = requireNonNull(directory, "directory is null");
    this.label = requireNonNull(label, "label is null");
    this.root = requireNonNull(root, "root is null");
    this.params = requireNonNull(params, "params is null");
  }

  /**
   * Reads {@code directory/metadata/part-*}.
   *
   * @param label how messages name the stage, e.g. {@code "stage 3"}
   */
  static StageMetadata read(Path directory, String label) {
    Path file = firstPart(directory.resolve("metadata"), "");
    JsonNode root;
    try {
      root = JSON.readTree(Files.readString(file));
    } catch (IOException e) {
      throw SpateException.io("cannot read the Spark ML metadata " + file + ": " + e.getMessage(),
          e);
    }
    if (!root.path("class").isTextual() || !root.path("uid").isTextual()) {
      throw SpateException.plan("%s: %s is not Spark ML metadata (no class or uid)", label, file);
    }
    ObjectNode params = JSON.createObjectNode();
    if (root.path("defaultParamMap").isObject()) {
      params.setAll((ObjectNode) root.get("defaultParamMap"));
    }
    if (root.path("paramMap").isObject()) {
      params.setAll((ObjectNode) root.get("paramMap"));
    }
    return new StageMetadata(directory, label, root, params);
  }

  String className() {
    return root.get("class").asText();
  }

  String uid() {
    return root.get("uid").asText();
  }

  /** A top-level field of the metadata other than the params ({@code numFeatures}). */
  JsonNode field(String name) {
    return root.path(name);
  }

  boolean has(String param) {
    return params.hasNonNull(param);
  }

  String string(String param) {
    return value(param).asText();
  }

  int integer(String param) {
    JsonNode value = value(param);
    if (!value.canConvertToInt()) {
      throw unsupported("param " + param + " = " + value);
    }
    return value.asInt();
  }

  boolean bool(String param) {
    JsonNode value = value(param);
    if (!value.isBoolean()) {
      throw unsupported("param " + param + " = " + value);
    }
    return value.asBoolean();
  }

  List<String> strings(String param) {
    JsonNode value = value(param);
    if (!value.isArray()) {
      throw unsupported("param " + param + " = " + value);
    }
    List<String> result = new ArrayList<>();
    value.forEach(element -> result.add(element.asText()));
    return List.copyOf(result);
  }

  /** Refuses {@code param} unless its value is one of {@code supported}; returns the value. */
  String oneOf(String param, String... supported) {
    String value = string(param);
    for (String candidate : supported) {
      if (candidate.equals(value)) {
        return value;
      }
    }
    throw unsupported("param " + param + " = \"" + value + "\" (supported: "
        + String.join(", ", supported) + ")");
  }

  /** The rows of {@code directory/<subdirectory>/*.parquet}, read with Spate's Parquet reader. */
  List<Row> data(SpateSession session, String subdirectory) {
    Path data = directory.resolve(subdirectory);
    firstPart(data, ".parquet");
    return session.read().parquet(data.toString()).collectAsList();
  }

  /** The error for a param value or model shape Spate does not apply. */
  SpateException unsupported(String what) {
    return SpateException.plan("%s (%s, %s): unsupported %s", label, uid(), className(), what);
  }

  private JsonNode value(String param) {
    JsonNode value = params.get(param);
    if (value == null || value.isNull()) {
      throw SpateException.plan("%s (%s, %s): the metadata has no param %s", label, uid(),
          className(), param);
    }
    return value;
  }

  private static Path firstPart(Path directory, String suffix) {
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(file -> file.getFileName().toString().startsWith("part-")
          && file.getFileName().toString().endsWith(suffix)).sorted().findFirst()
          .orElseThrow(() -> SpateException.plan("no part-*%s file in %s", suffix, directory));
    } catch (IOException e) {
      throw SpateException.io("cannot list the Spark ML model directory " + directory + ": "
          + e.getMessage(), e);
    }
  }
}
