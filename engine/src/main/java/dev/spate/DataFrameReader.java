package dev.spate;

import static java.util.Objects.requireNonNull;

import dev.spate.io.FileFormats;
import dev.spate.planner.types.DdlParser;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.Schema;

/** Reads files into a batch DataFrame: {@code spate.read().schema("...").json("in/")}. */
public final class DataFrameReader {
  private final SpateSession session;
  private String format = "parquet";
  private Schema schema;
  private final Map<String, String> options = new LinkedHashMap<>();

  DataFrameReader(SpateSession session) {
    this.session = requireNonNull(session, "session is null");
  }

  public DataFrameReader format(String source) {
    this.format = source.toLowerCase(Locale.ROOT);
    return this;
  }

  /** The schema as a DDL string: "timestamp TIMESTAMP, deviceId BIGINT". */
  public DataFrameReader schema(String ddl) {
    this.schema = DdlParser.parseSchema(ddl);
    return this;
  }

  public DataFrameReader schema(Schema arrowSchema) {
    this.schema = requireNonNull(arrowSchema, "arrowSchema is null");
    return this;
  }

  public DataFrameReader option(String key, String value) {
    options.put(key, value);
    return this;
  }

  public DataFrameReader option(String key, long value) {
    return option(key, Long.toString(value));
  }

  public DataFrameReader option(String key, double value) {
    return option(key, Double.toString(value));
  }

  public DataFrameReader option(String key, boolean value) {
    return option(key, Boolean.toString(value));
  }

  public DataFrameReader options(Map<String, String> values) {
    options.putAll(values);
    return this;
  }

  public DataFrame load(String... paths) {
    if (paths.length == 0) {
      throw SpateException.analysis("load() needs at least one path");
    }
    return session.readTable(FileFormats.source(format, List.of(paths), schema, options));
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
}
