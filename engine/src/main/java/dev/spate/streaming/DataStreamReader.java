package dev.spate.streaming;

import static java.util.Objects.requireNonNull;

import dev.spate.DataFrame;
import dev.spate.SpateException;
import dev.spate.SourceReader;
import dev.spate.SpateSession;
import dev.spate.StreamingSupport;
import dev.spate.io.text.TextFormat;
import dev.spate.streaming.runtime.FileSourceSpec;
import dev.spate.streaming.runtime.RateSourceSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Declares a streaming source, Spark's {@code DataStreamReader}: {@code spate.readStream()
 * .schema(...).option("maxFilesPerTrigger", 1).json("in/")}. Formats: parquet, json, csv, text (file
 * sources over a directory; every format but text needs an explicit schema), rate. For tests see
 * {@link MemoryStream}. Not thread safe.
 */
public final class DataStreamReader extends SourceReader<DataStreamReader> {
  private final SpateSession session;

  public DataStreamReader(SpateSession session) {
    this.session = requireNonNull(session, "session is null");
  }

  @Override
  protected DataStreamReader self() {
    return this;
  }

  /** A streaming DataFrame over the source; file formats read the directories {@code paths}. */
  @Override
  public DataFrame load(String... paths) {
    String format = sourceFormat();
    Map<String, String> options = sourceOptions();
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
        Schema declared = format.equals("text") ? TextFormat.SCHEMA : declaredSchema();
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
}
