package dev.spate.io.csv;

import dev.spate.io.FormatOptions;
import org.apache.commons.csv.CSVFormat;

/** Spark's CSV options turned into a commons-csv {@link CSVFormat}: sep/delimiter, quote, escape, header, nullValue. */
final class CsvOptions {
  private CsvOptions() {}

  static CSVFormat format(FormatOptions options) {
    char separator = options.getChar("sep", options.getChar("delimiter", ','));
    return CSVFormat.DEFAULT.builder()
        .setDelimiter(separator)
        .setQuote(options.getChar("quote", '"'))
        .setEscape(options.getChar("escape", '\\'))
        .setIgnoreEmptyLines(true)
        .setRecordSeparator("\n")
        .setNullString(null)
        .get();
  }

  static boolean header(FormatOptions options) {
    return options.getBoolean("header", false);
  }

  static String nullValue(FormatOptions options) {
    return options.get("nullValue", "");
  }
}
