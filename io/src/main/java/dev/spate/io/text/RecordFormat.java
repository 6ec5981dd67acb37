package dev.spate.io.text;

import java.io.BufferedReader;

/** A line- or record-oriented text format (JSON lines, CSV, text) as seen by {@link RecordFileSource}. */
public interface RecordFormat {
  /** The format name for descriptions and messages: {@code json}, {@code csv}, {@code text}. */
  String name();

  /** Opens the records of one file; the cursor owns {@code reader}. */
  RecordCursor open(BufferedReader reader, RowLayout layout, TemporalValues temporal);
}
