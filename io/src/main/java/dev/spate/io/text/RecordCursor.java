package dev.spate.io.text;

import java.io.Closeable;
import java.io.IOException;

/**
 * The records of one text file, one at a time. Created by a {@link RecordFormat}; used by one thread;
 * {@link #close()} closes the underlying reader.
 */
public interface RecordCursor extends Closeable {
  /** Advances to the next record; false at the end of the file. */
  boolean next() throws IOException;

  /** The raw text of the current record, for the corrupt-record column and error reports. */
  String raw();

  /** The 1-based line number where the current record starts. */
  long lineNumber();

  /**
   * Converts the current record into {@code values} (indexed like {@link RowLayout#fields()}, in the
   * internal representation of {@code DataTypes}); fields that cannot be converted stay null.
   *
   * @return null when the record is well formed, otherwise a short reason it is malformed
   */
  String parse(Object[] values);
}
