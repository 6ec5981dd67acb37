package dev.spate.streaming.runtime;

import java.util.List;
import java.util.Map;

/** Creates the exactly-once file sinks ({@link FileStreamSink}). */
public final class FileSinks {
  /** The formats a streaming file sink writes. */
  public static final List<String> FORMATS = List.of("parquet", "json", "csv");

  private FileSinks() {}

  public static Sink create(String format, String path, Map<String, String> options) {
    Map<String, String> writeOptions = new java.util.LinkedHashMap<>(options);
    writeOptions.remove("path");
    writeOptions.remove("checkpointLocation");
    return new FileStreamSink(format, path, writeOptions);
  }
}
