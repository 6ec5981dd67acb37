package dev.spate.io.csv;

import static java.util.Objects.requireNonNull;

import dev.spate.io.FormatOptions;
import dev.spate.io.text.RecordCursor;
import dev.spate.io.text.RecordFormat;
import dev.spate.io.text.RowLayout;
import dev.spate.io.text.TemporalValues;
import dev.spate.io.text.TextValues;
import dev.spate.planner.types.DataTypes;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.Iterator;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * CSV through commons-csv. Fields map to the schema's data columns by position (the header line,
 * with {@code header=true}, is skipped in every file). A record with another number of fields than
 * the schema, or a field that does not parse as its column's type, is malformed: missing fields are
 * NULL, extra fields are dropped. A field equal to {@code nullValue} (default empty) is NULL.
 */
public final class CsvFormat implements RecordFormat {
  private final CSVFormat csvFormat;
  private final boolean header;
  private final String nullValue;

  public CsvFormat(FormatOptions options) {
    requireNonNull(options, "options is null");
    this.csvFormat = CsvOptions.format(options);
    this.header = CsvOptions.header(options);
    this.nullValue = CsvOptions.nullValue(options);
  }

  @Override
  public String name() {
    return "csv";
  }

  @Override
  public RecordCursor open(BufferedReader reader, RowLayout layout, TemporalValues temporal) {
    try {
      return new CsvCursor(csvFormat.parse(reader), layout, temporal);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private final class CsvCursor implements RecordCursor {
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final RowLayout layout;
    private final TemporalValues temporal;
    private final int dataColumns;
    private CSVRecord record;
    private long lineNumber;
    private boolean headerSkipped;

    CsvCursor(CSVParser parser, RowLayout layout, TemporalValues temporal) {
      this.parser = parser;
      this.records = parser.iterator();
      this.layout = layout;
      this.temporal = temporal;
      this.dataColumns = layout.size() - (layout.corruptIndex() >= 0 ? 1 : 0);
    }

    @Override
    public boolean next() {
      if (header && !headerSkipped) {
        headerSkipped = true;
        if (records.hasNext()) {
          records.next();
        }
      }
      long startLine = parser.getCurrentLineNumber() + 1;
      if (!records.hasNext()) {
        return false;
      }
      record = records.next();
      lineNumber = startLine;
      return true;
    }

    @Override
    public String raw() {
      return String.join(String.valueOf(csvFormat.getDelimiterString()), record.values());
    }

    @Override
    public long lineNumber() {
      return lineNumber;
    }

    @Override
    public String parse(Object[] values) {
      String reason = record.size() == dataColumns ? null
          : "expected " + dataColumns + " fields but found " + record.size();
      int token = 0;
      for (int index = 0; index < layout.size() && token < record.size(); index++) {
        if (!layout.isData(index)) {
          continue;
        }
        String text = record.get(token++);
        if (!layout.needed(index) || text.equals(nullValue)) {
          continue;
        }
        try {
          values[index] = TextValues.parse(text, layout.field(index).getType(), temporal);
        } catch (RuntimeException e) {
          if (reason == null) {
            reason = "field " + layout.field(index).getName() + ": cannot read '" + text + "' as "
                + DataTypes.sqlName(layout.field(index));
          }
        }
      }
      return reason;
    }

    @Override
    public void close() throws IOException {
      parser.close();
    }
  }
}
