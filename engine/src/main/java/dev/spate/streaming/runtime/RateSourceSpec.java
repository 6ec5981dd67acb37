package dev.spate.streaming.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spate.Row;
import dev.spate.RowFactory;
import dev.spate.SpateException;
import dev.spate.io.FormatOptions;
import dev.spate.planner.types.DdlParser;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Spark's rate source: {@code rowsPerSecond} rows per second (default 1) with columns {@code
 * timestamp TIMESTAMP, value BIGINT}; value n has timestamp {@code start + n / rowsPerSecond}. The
 * offset is {@code {"startMs": ..., "value": next value}}, so a restarted query continues the same
 * sequence.
 */
public final class RateSourceSpec implements StreamSourceSpec {
  private static final Schema SCHEMA = DdlParser.parseSchema("timestamp TIMESTAMP, value BIGINT");

  private final long rowsPerSecond;

  public RateSourceSpec(Map<String, String> options) {
    this.rowsPerSecond = new FormatOptions(options).getLong("rowsPerSecond", 1);
    if (rowsPerSecond <= 0) {
      throw SpateException.analysis("Invalid value '%d' for option 'rowsPerSecond', must be"
          + " positive", rowsPerSecond);
    }
  }

  @Override
  public Schema schema() {
    return SCHEMA;
  }

  @Override
  public String description() {
    return "RateStreamSource[rowsPerSecond=" + rowsPerSecond + "]";
  }

  @Override
  public StreamSource open(Path stateDirectory) {
    return new RowListSource(SCHEMA) {
      @Override
      public String description() {
        return RateSourceSpec.this.description();
      }

      @Override
      public String latestOffset(long batchId, String startOrNull, boolean limited) {
        long now = System.currentTimeMillis();
        long startMs = startOrNull == null ? now : parse(startOrNull).get("startMs").asLong();
        long available = (now - startMs) * rowsPerSecond / 1000;
        long startValue = startOrNull == null ? 0 : parse(startOrNull).get("value").asLong();
        if (startOrNull != null && available <= startValue) {
          return startOrNull;
        }
        ObjectNode offset = Checkpoint.JSON.createObjectNode();
        offset.put("startMs", startMs);
        offset.put("value", Math.max(available, startValue));
        return offset.toString();
      }

      @Override
      List<Row> rowsBetween(String startOrNull, String end) {
        JsonNode last = parse(end);
        long startMs = last.get("startMs").asLong();
        long from = startOrNull == null ? 0 : parse(startOrNull).get("value").asLong();
        List<Row> rows = new ArrayList<>();
        for (long value = from; value < last.get("value").asLong(); value++) {
          rows.add(RowFactory.create(Instant.ofEpochMilli(startMs + value * 1000 / rowsPerSecond),
              value));
        }
        return rows;
      }
    };
  }

  private static JsonNode parse(String offset) {
    try {
      return Checkpoint.JSON.readTree(offset);
    } catch (IOException e) {
      throw SpateException.io("cannot parse the rate source offset " + offset, e);
    }
  }
}
