package dev.spate.streaming;

import static java.util.Objects.requireNonNull;

import dev.spate.DataFrame;
import dev.spate.SpateException;
import dev.spate.SpateSession;
import dev.spate.StreamingSupport;
import dev.spate.io.text.TextFormat;
import dev.spate.planner.types.DdlParser;
import dev.spate.streaming.runtime.FileSourceSpec;
import dev.spate.streaming.runtime.RateSourceSpec;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Declares a streaming source, Spark's {@code DataStreamReader}: {@code spate.readStream()
 * .schema(...).option("maxFilesPerTrigger", 1).json("in/")}. Formats: parquet, json, csv, text (file
 * sources over a directory; every format but text needs an explicit schema), rate. For tests see
 * {@link MemoryStream}. Not thread safe.
 */
public final class DataStreamReader {
  private final SpateSession session;
  private final Map<String, String> options = new LinkedHashMap<>();
  private String format = "parquet";
  private Schema schema;

  public DataStreamReader(SpateSession session) {
    this.session = requireNonNull(session, "session is null");
  }

  public DataStreamReader format(String source) {
    this.format = requireNonNull(source, "source is null").trim().toLowerCase(Locale.ROOT);
    return this;
  }

  /** The schema as DDL: {@code "timestamp TIMESTAMP, deviceId BIGINT"}. */
  public DataStreamReader schema(String ddl) {
    this.schema = DdlParser.parseSchema(ddl);
    return this;
  }

  public DataStreamReader schema(Schema arrowSchema) {
    this.schema = requireNonNull(arrowSchema, "arrowSchema is null");
    return this;
  }

  public DataStreamReader option(String key, String value) {
    options.put(key, value);
    return this;
  }

  public DataStreamReader option(String key, long value) {
    return option(key, Long.toString(value));
  }

  public DataStreamReader option(String key, double value) {
    return option(key, Double.toString(value));
  }

  public DataStreamReader option(String key, boolean value) {
    return option(key, Boolean.toString(value));
  }

  public DataStreamReader options(Map<String, String> more) {
    options.putAll(more);
    return this;
  }

  /** A streaming DataFrame over the source; file formats read the directories {@code paths}. */
  public DataFrame load(String... paths) {
    switch (format) {
      case "rate":
        return StreamingSupport.streamingDataFrame(session, new RateSourceSpec(options));
      case "memory":
        throw SpateException.analysis("the memory source is created in code: use"
            + " MemoryStream.of(spate, ddlSchema).toDF()");
      case "parquet":
      case "json":
      case "csv":
      case "text":
        List<String> all = paths.length == 0 && options.containsKey("path")
            ? List.of(options.get("path")) : Arrays.asList(paths);
        Schema declared = format.equals("text") ? TextFormat.SCHEMA : schema;
        if (declared == null) {
          throw SpateException.analysis("Schema must be specified when creating a streaming"
              + " source DataFrame. If some files already exist in the directory, then depending"
              + " on the file format you may be able to create a static DataFrame on that"
              + " directory with 'spate.read().load(directory)' and infer schema from it.");
        }
        return StreamingSupport.streamingDataFrame(session,
            new FileSourceSpec(format, all, declared, options));
      default:
        throw SpateException.analysis("[DATA_SOURCE_NOT_FOUND] Failed to find the data source:"
            + " %s. Streaming sources are parquet, json, csv, text, rate (and MemoryStream).",
            format);
    }
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
