package dev.spate.streaming.runtime;

import static java.util.Objects.requireNonNull;

import dev.spate.SpateException;
import dev.spate.io.FormatOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A streaming file source as declared: {@code format} (parquet, json, csv, text) over the
 * directories {@code paths}, with the user's schema and options (Spark's names, case-insensitive):
 * {@code maxFilesPerTrigger}, {@code maxBytesPerTrigger}, {@code latestFirst}, {@code maxFileAge}
 * plus the format's own options ({@code mode}, {@code badRecordsPath}, ...).
 */
public final class FileSourceSpec implements StreamSourceSpec {
  private final String format;
  private final List<String> paths;
  private final Schema schema;
  private final Map<String, String> options;

  public FileSourceSpec(String format, List<String> paths, Schema schema,
      Map<String, String> options) {
    this.format = requireNonNull(format, "format is null").toLowerCase(Locale.ROOT);
    this.paths = List.copyOf(paths);
    this.schema = requireNonNull(schema, "schema is null");
    Map<String, String> sorted = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    sorted.putAll(options);
    this.options = sorted;
    if (this.paths.isEmpty()) {
      throw SpateException.analysis("a streaming %s source needs a path", format);
    }
    FormatOptions formatOptions = new FormatOptions(options);
    long maxFiles = formatOptions.getLong("maxFilesPerTrigger", 1);
    if (maxFiles <= 0) {
      throw SpateException.analysis("Invalid value '%d' for option 'maxFilesPerTrigger', must be a"
          + " positive integer", maxFiles);
    }
  }

  public String format() {
    return format;
  }

  public List<String> paths() {
    return paths;
  }

  public Map<String, String> options() {
    return options;
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public String description() {
    return "FileStreamSource[" + format + ":" + String.join(",", paths) + "]";
  }

  @Override
  public StreamSource open(Path stateDirectory) {
    return new FileStreamSource(this, stateDirectory);
  }
}
