package dev.spate;

import static java.util.Objects.requireNonNull;

import dev.spate.planner.types.DdlParser;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * What {@link DataFrameReader} and {@link dev.spate.streaming.DataStreamReader} share: the format,
 * the schema and the options of a source, set fluently, and the per-format shortcuts. Subclasses
 * decide what {@link #load(String...)} builds. Not thread safe.
 *
 * @param <R> the concrete reader, returned by every setter
 */
public abstract class SourceReader<R extends SourceReader<R>> {
  private final Map<String, String> options = new LinkedHashMap<>();
  private String format = "parquet";
  private Schema schema;

  protected SourceReader() {}

  /** This reader, typed as the subclass. */
  protected abstract R self();

  /** A DataFrame over the source at {@code paths}. */
  public abstract DataFrame load(String... paths);

  public R format(String source) {
    this.format = requireNonNull(source, "source is null").trim().toLowerCase(Locale.ROOT);
    return self();
  }

  /** The schema as DDL: {@code "timestamp TIMESTAMP, deviceId BIGINT"}. */
  public R schema(String ddl) {
    this.schema = DdlParser.parseSchema(ddl);
    return self();
  }

  public R schema(Schema arrowSchema) {
    this.schema = requireNonNull(arrowSchema, "arrowSchema is null");
    return self();
  }

  public R option(String key, String value) {
    options.put(key, value);
    return self();
  }

  public R option(String key, long value) {
    return option(key, Long.toString(value));
  }

  public R option(String key, double value) {
    return option(key, Double.toString(value));
  }

  public R option(String key, boolean value) {
    return option(key, Boolean.toString(value));
  }

  public R options(Map<String, String> values) {
    options.putAll(values);
    return self();
  }

  public DataFrame parquet(String... paths) {
    return format("parquet").load(paths);
  }

  public DataFrame json(String... paths) {
    return format("json").load(paths);
  }

  public DataFrame csv(String... paths) {
    return format("csv").load(paths);
  }

  public DataFrame text(String... paths) {
    return format("text").load(paths);
  }

  /** The format, lower case. */
  protected String sourceFormat() {
    return format;
  }

  /** The declared schema, or null. */
  protected Schema declaredSchema() {
    return schema;
  }

  /** The options as given (keys as written). */
  protected Map<String, String> sourceOptions() {
    return options;
  }
}
