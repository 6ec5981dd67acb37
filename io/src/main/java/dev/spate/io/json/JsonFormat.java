package dev.spate.io.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spate.io.text.RecordCursor;
import dev.spate.io.text.RecordFormat;
import dev.spate.io.text.RowLayout;
import dev.spate.io.text.TemporalValues;
import dev.spate.io.text.TextFormat;
import java.io.BufferedReader;
import java.io.IOException;

/**
 * JSON lines: one JSON object per line, blank lines skipped. A line that is not a JSON object, or
 * a field whose value does not fit its column's type, makes the record malformed (see {@link
 * JsonValues} for the accepted values).
 */
public final class JsonFormat implements RecordFormat {
  static final ObjectMapper MAPPER = new ObjectMapper();

  @Override
  public String name() {
    return "json";
  }

  @Override
  public RecordCursor open(BufferedReader reader, RowLayout layout, TemporalValues temporal) {
    return new TextFormat.LineCursor(reader) {
      @Override
      public boolean next() throws IOException {
        while (super.next()) {
          if (!raw().isBlank()) {
            return true;
          }
        }
        return false;
      }

      @Override
      public String parse(Object[] values) {
        JsonNode record;
        try {
          record = MAPPER.readTree(raw());
        } catch (JsonProcessingException e) {
          return "malformed JSON: " + e.getOriginalMessage();
        }
        if (record == null || !record.isObject()) {
          return "not a JSON object";
        }
        String reason = null;
        for (int index = 0; index < layout.size(); index++) {
          if (!layout.isData(index) || !layout.needed(index)) {
            continue;
          }
          JsonNode value = record.get(layout.field(index).getName());
          if (value == null || value.isNull()) {
            continue;
          }
          try {
            values[index] = JsonValues.convert(value, layout.field(index), temporal);
          } catch (RuntimeException e) {
            if (reason == null) {
              reason = "field " + layout.field(index).getName() + ": " + e.getMessage();
            }
          }
        }
        return reason;
      }
    };
  }
}
