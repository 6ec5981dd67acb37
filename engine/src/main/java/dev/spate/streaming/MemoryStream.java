package dev.spate.streaming;

import static java.util.Objects.requireNonNull;

import dev.spate.DataFrame;
import dev.spate.Row;
import dev.spate.SpateSession;
import dev.spate.StreamingSupport;
import dev.spate.streaming.runtime.StreamSource;
import dev.spate.streaming.runtime.StreamSourceSpec;
import dev.spate.planner.types.DdlParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * An in-process streaming source for tests and examples, like Spark's {@code MemoryStream}: rows
 * added with {@link #addData} become available to the queries reading {@link #toDF()}. Each call to
 * {@code addData} is one offset (its return value); a batch reads every chunk added since the
 * previous batch. The data lives in this object, so a query restarted from a checkpoint in the same
 * process re-reads it exactly; it is not durable across processes. Thread safe.
 *
 * <pre>{@code
 * MemoryStream input = MemoryStream.of(spate, "id INT, word STRING");
 * StreamingQuery query = input.toDF().writeStream().format("memory").queryName("t").start();
 * input.addData(RowFactory.create(1, "a"));
 * query.processAllAvailable();
 * }</pre>
 */
public final class MemoryStream implements StreamSourceSpec {
  private final SpateSession session;
  private final Schema schema;
  private final List<List<Row>> chunks = new ArrayList<>();

  private MemoryStream(SpateSession session, Schema schema) {
    this.session = requireNonNull(session, "session is null");
    this.schema = requireNonNull(schema, "schema is null");
  }

  /** A memory stream of rows with the DDL schema {@code ddlSchema}. */
  public static MemoryStream of(SpateSession session, String ddlSchema) {
    return new MemoryStream(session, DdlParser.parseSchema(ddlSchema));
  }

  /** Adds one chunk of rows; returns its offset (1 for the first chunk). */
  public long addData(Row... rows) {
    return addData(Arrays.asList(rows));
  }

  public synchronized long addData(List<Row> rows) {
    chunks.add(List.copyOf(rows));
    return chunks.size();
  }

  /** A streaming DataFrame over this stream. */
  public DataFrame toDF() {
    return StreamingSupport.streamingDataFrame(session, this);
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public String description() {
    return "MemoryStream[" + schema.getFields().size() + " columns]";
  }

  private synchronized long latest() {
    return chunks.size();
  }

  private synchronized List<Row> rowsBetween(long fromExclusive, long toInclusive) {
    List<Row> rows = new ArrayList<>();
    for (int chunk = (int) fromExclusive; chunk < toInclusive; chunk++) {
      rows.addAll(chunks.get(chunk));
    }
    return rows;
  }

  @Override
  public StreamSource open(Path stateDirectory) {
    return dev.spate.streaming.runtime.MemoryStreamSupport.source(schema, description(),
        (start, end) -> rowsBetween(start, end), this::latest);
  }
}
