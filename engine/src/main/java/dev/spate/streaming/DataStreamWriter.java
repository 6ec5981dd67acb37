package dev.spate.streaming;

import static java.util.Objects.requireNonNull;

import dev.spate.DataFrame;
import dev.spate.Row;
import dev.spate.SpateException;
import dev.spate.SpateSession;
import dev.spate.StreamingSupport;
import dev.spate.streaming.runtime.CallbackSinks;
import dev.spate.streaming.runtime.Checkpoint;
import dev.spate.streaming.runtime.FileSinks;
import dev.spate.streaming.runtime.MemorySink;
import dev.spate.streaming.runtime.MicroBatchExecution;
import dev.spate.streaming.runtime.Sink;
import dev.spate.streaming.runtime.StreamingPlanner;
import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Starts a streaming query, Spark's {@code DataStreamWriter}: {@code df.writeStream()
 * .format("parquet").option("checkpointLocation", dir).start(out)}. Sinks: parquet, json, csv
 * (exactly-once file sinks; they need a path and a checkpoint location), console (options {@code
 * numRows}, {@code truncate}), memory (the query name becomes a table), foreach, foreachBatch, noop.
 * Without a checkpoint location other sinks use a temporary checkpoint deleted when the query
 * stops. Not thread safe.
 */
public final class DataStreamWriter {
  private final DataFrame frame;
  private final Map<String, String> options = new LinkedHashMap<>();
  private String format = "parquet";
  private OutputMode outputMode = OutputMode.Append();
  private Trigger trigger = Trigger.Default();
  private String queryName;
  private ForeachWriter<Row> foreachWriter;
  private VoidFunction2<DataFrame, Long> batchFunction;
  private List<String> partitionColumns = List.of();

  public DataStreamWriter(DataFrame frame) {
    this.frame = requireNonNull(frame, "frame is null");
  }

  public DataStreamWriter format(String sink) {
    this.format = requireNonNull(sink, "sink is null").trim().toLowerCase(Locale.ROOT);
    return this;
  }

  public DataStreamWriter outputMode(String mode) {
    this.outputMode = OutputMode.parse(mode);
    return this;
  }

  public DataStreamWriter outputMode(OutputMode mode) {
    this.outputMode = requireNonNull(mode, "mode is null");
    return this;
  }

  public DataStreamWriter trigger(Trigger newTrigger) {
    this.trigger = requireNonNull(newTrigger, "newTrigger is null");
    return this;
  }

  public DataStreamWriter queryName(String name) {
    this.queryName = requireNonNull(name, "name is null");
    return this;
  }

  public DataStreamWriter option(String key, String value) {
    options.put(key, value);
    return this;
  }

  public DataStreamWriter option(String key, long value) {
    return option(key, Long.toString(value));
  }

  public DataStreamWriter option(String key, boolean value) {
    return option(key, Boolean.toString(value));
  }

  public DataStreamWriter option(String key, double value) {
    return option(key, Double.toString(value));
  }

  public DataStreamWriter options(Map<String, String> more) {
    options.putAll(more);
    return this;
  }

  public DataStreamWriter partitionBy(String... columns) {
    this.partitionColumns = List.of(columns);
    return this;
  }

  /** Sends every output row to {@code writer}. */
  public DataStreamWriter foreach(ForeachWriter<Row> writer) {
    this.foreachWriter = requireNonNull(writer, "writer is null");
    this.format = "foreach";
    return this;
  }

  /** Hands every micro-batch's output, as a batch DataFrame, and its id to {@code function}. */
  public DataStreamWriter foreachBatch(VoidFunction2<DataFrame, Long> function) {
    this.batchFunction = requireNonNull(function, "function is null");
    this.format = "foreachbatch";
    return this;
  }

  public StreamingQuery start(String path) {
    options.put("path", path);
    return start();
  }

  /** Checks the query, plans it once and starts its thread. */
  public StreamingQuery start() {
    SpateSession session = frame.sparkSession();
    StreamingPlanner.check(frame.logicalPlan(), outputMode, trigger);
    if (!partitionColumns.isEmpty()) {
      throw SpateException.analysis("partitionBy(%s) is not supported by Spate's streaming file"
          + " sinks yet", String.join(", ", partitionColumns));
    }
    String location = options.get("checkpointLocation");
    boolean fileSink = FileSinks.FORMATS.contains(format);
    if (location == null && fileSink) {
      throw SpateException.analysis("checkpointLocation must be specified either through"
          + " option(\"checkpointLocation\", ...) or spate.sql.streaming.checkpointLocation");
    }
    boolean temporary = location == null;
    if (temporary) {
      try {
        location = Files.createTempDirectory("spate-checkpoint-").toString();
      } catch (IOException e) {
        throw SpateException.io("cannot create a temporary checkpoint: " + e.getMessage(), e);
      }
    }
    Sink sink = sink(session);
    MicroBatchExecution query = new MicroBatchExecution(queryName, Checkpoint.open(location),
        temporary, frame.logicalPlan(), outputMode, trigger, sink, session.streams(),
        StreamingSupport.planning(session));
    query.start();
    return query;
  }

  private Sink sink(SpateSession session) {
    switch (format) {
      case "parquet":
      case "json":
      case "csv":
        String path = options.get("path");
        if (path == null) {
          throw SpateException.analysis("'path' is not specified: the %s sink needs"
              + " start(path) or option(\"path\", ...)", format);
        }
        return FileSinks.create(format, path, options);
      case "console":
        return CallbackSinks.console(System.out,
            Integer.parseInt(options.getOrDefault("numRows", "20")),
            Boolean.parseBoolean(options.getOrDefault("truncate", "true")));
      case "memory":
        if (queryName == null) {
          throw SpateException.analysis("queryName must be specified for memory sink");
        }
        MemorySink memory = new MemorySink(queryName, frame.schema(),
            outputMode == OutputMode.Complete());
        StreamingSupport.registerTable(session, queryName, memory);
        return memory;
      case "foreach":
        if (foreachWriter == null) {
          throw SpateException.analysis("foreach() needs a ForeachWriter");
        }
        return CallbackSinks.foreach(foreachWriter);
      case "foreachbatch":
        return CallbackSinks.foreachBatch(batchFunction,
            table -> StreamingSupport.batchDataFrame(session, table));
      case "noop":
        return CallbackSinks.noop();
      default:
        throw SpateException.analysis("[DATA_SOURCE_NOT_FOUND] Failed to find the data source: %s."
            + " Streaming sinks are parquet, json, csv, console, memory, foreach, foreachBatch,"
            + " noop.", format);
    }
  }
}
