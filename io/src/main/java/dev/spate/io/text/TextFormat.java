package dev.spate.io.text;

import dev.spate.planner.types.DataTypes;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Schema;

/** Spark's text format: every line is one row of a single STRING column {@code value}. */
public final class TextFormat implements RecordFormat {
  public static final Schema SCHEMA = new Schema(List.of(DataTypes.field("value", DataTypes.STRING, true)));

  @Override
  public String name() {
    return "text";
  }

  @Override
  public RecordCursor open(BufferedReader reader, RowLayout layout, TemporalValues temporal) {
    return new LineCursor(reader) {
      @Override
      public String parse(Object[] values) {
        values[0] = raw();
        return null;
      }
    };
  }

  /** A cursor over the lines of a file; subclasses parse each line. */
  public abstract static class LineCursor implements RecordCursor {
    private final BufferedReader reader;
    private String line;
    private long lineNumber;

    protected LineCursor(BufferedReader reader) {
      this.reader = reader;
    }

    @Override
    public boolean next() throws IOException {
      line = reader.readLine();
      lineNumber++;
      return line != null;
    }

    @Override
    public String raw() {
      return line;
    }

    @Override
    public long lineNumber() {
      return lineNumber;
    }

    @Override
    public void close() throws IOException {
      reader.close();
    }
  }
}
