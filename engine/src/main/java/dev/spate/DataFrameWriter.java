package dev.spate;

import static java.util.Objects.requireNonNull;

import dev.spate.io.FileFormats;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a batch DataFrame to files: {@code df.write().mode("overwrite").parquet("out/")}. The
 * output is a directory of part files and a {@code _SUCCESS} marker; no partial file is ever
 * visible.
 */
public final class DataFrameWriter {
  private static final List<String> MODES =
      List.of("append", "overwrite", "error", "errorifexists", "ignore");

  private final DataFrame frame;
  private String format = "parquet";
  private String mode = "error";
  private final Map<String, String> options = new LinkedHashMap<>();

  DataFrameWriter(DataFrame frame) {
    this.frame = requireNonNull(frame, "frame is null");
  }

  /** append, overwrite, error (errorifexists, the default) or ignore. */
  public DataFrameWriter mode(String saveMode) {
    String lower = saveMode.toLowerCase(Locale.ROOT);
    if (!MODES.contains(lower)) {
      throw SpateException.analysis("[INVALID_SAVE_MODE] The specified save mode \"%s\" is"
          + " invalid. Valid save modes include \"append\", \"overwrite\", \"ignore\", \"error\","
          + " \"errorifexists\" and \"default\".", saveMode);
    }
    this.mode = lower;
    return this;
  }

  public DataFrameWriter format(String source) {
    this.format = source.toLowerCase(Locale.ROOT);
    return this;
  }

  public DataFrameWriter option(String key, String value) {
    options.put(key, value);
    return this;
  }

  public DataFrameWriter option(String key, long value) {
    return option(key, Long.toString(value));
  }

  public DataFrameWriter option(String key, boolean value) {
    return option(key, Boolean.toString(value));
  }

  public void parquet(String path) {
    format("parquet").save(path);
  }

  public void json(String path) {
    format("json").save(path);
  }

  public void csv(String path) {
    format("csv").save(path);
  }

  public void text(String path) {
    format("text").save(path);
  }

  public void save(String path) {
    frame.queryExecution().run((stream, context) ->
        FileFormats.write(format, path, mode, options, stream, context));
  }
}
