package dev.spate.io;

import static java.util.Objects.requireNonNull;

import dev.spate.SpateException;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reader and writer options with case-insensitive keys (Spark's option names), and typed getters
 * that reject malformed values with a {@code SpateException} naming the option.
 */
public final class FormatOptions {
  public static final String MODE = "mode";
  public static final String CORRUPT_RECORD_COLUMN = "columnNameOfCorruptRecord";
  public static final String DEFAULT_CORRUPT_RECORD_COLUMN = "_corrupt_record";
  public static final String BAD_RECORDS_PATH = "badRecordsPath";
  public static final String TIMESTAMP_FORMAT = "timestampFormat";
  public static final String DATE_FORMAT = "dateFormat";
  public static final String COMPRESSION = "compression";
  public static final String MAX_FILE_BYTES = "maxFileBytes";

  private final Map<String, String> values;

  public FormatOptions(Map<String, String> options) {
    requireNonNull(options, "options is null");
    TreeMap<String, String> sorted = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    sorted.putAll(options);
    this.values = sorted;
  }

  /** The value of {@code key}, or null. */
  public String get(String key) {
    return values.get(key);
  }

  public String get(String key, String defaultValue) {
    String value = values.get(key);
    return value == null ? defaultValue : value;
  }

  public boolean getBoolean(String key, boolean defaultValue) {
    String value = values.get(key);
    if (value == null) {
      return defaultValue;
    }
    String lower = value.trim().toLowerCase(Locale.ROOT);
    if (lower.equals("true")) {
      return true;
    }
    if (lower.equals("false")) {
      return false;
    }
    throw SpateException.analysis("option %s expects true or false, got '%s'", key, value);
  }

  public long getLong(String key, long defaultValue) {
    String value = values.get(key);
    if (value == null) {
      return defaultValue;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw SpateException.analysis("option %s expects an integer, got '%s'", key, value);
    }
  }

  /** A single character option such as {@code sep} or {@code quote}; {@code \t} is accepted. */
  public char getChar(String key, char defaultValue) {
    String value = values.get(key);
    if (value == null) {
      return defaultValue;
    }
    if (value.equals("\\t")) {
      return '\t';
    }
    if (value.length() != 1) {
      throw SpateException.analysis("option %s expects a single character, got '%s'", key, value);
    }
    return value.charAt(0);
  }

  public ParseMode mode() {
    return ParseMode.of(values.get(MODE));
  }

  public String corruptRecordColumn() {
    return get(CORRUPT_RECORD_COLUMN, DEFAULT_CORRUPT_RECORD_COLUMN);
  }
}
