package dev.spate.streaming.runtime;

import dev.spate.Row;
import java.util.List;
import java.util.function.LongSupplier;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The runtime of {@link dev.spate.streaming.MemoryStream}: offsets are chunk counts written as
 * plain numbers.
 */
public final class MemoryStreamSupport {
  /** The rows of chunks (from, to]. */
  @FunctionalInterface
  public interface ChunkReader {
    List<Row> rows(long fromExclusive, long toInclusive);
  }

  private MemoryStreamSupport() {}

  public static StreamSource source(Schema schema, String description, ChunkReader reader,
      LongSupplier latest) {
    return new RowListSource(schema) {
      @Override
      public String description() {
        return description;
      }

      @Override
      public String latestOffset(long batchId, String startOrNull, boolean limited) {
        long available = latest.getAsLong();
        long start = startOrNull == null ? 0 : Long.parseLong(startOrNull);
        return available > start ? Long.toString(available) : startOrNull;
      }

      @Override
      List<Row> rowsBetween(String startOrNull, String end) {
        return reader.rows(startOrNull == null ? 0 : Long.parseLong(startOrNull),
            Long.parseLong(end));
      }
    };
  }
}
