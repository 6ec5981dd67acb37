package dev.spate.io;

import dev.spate.SpateException;
import java.util.Locale;

/** How a JSON or CSV reader treats a malformed record (Spark's {@code mode} option). */
public enum ParseMode {
  /** Malformed fields become NULL; the raw record goes to the corrupt-record column if present. */
  PERMISSIVE,
  /** Malformed records are left out. */
  DROPMALFORMED,
  /** The first malformed record fails the read. */
  FAILFAST;

  /** Parses the option value case-insensitively; null means {@link #PERMISSIVE}. */
  public static ParseMode of(String value) {
    if (value == null) {
      return PERMISSIVE;
    }
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw SpateException.analysis(
          "option mode expects PERMISSIVE, DROPMALFORMED or FAILFAST, got '%s'", value);
    }
  }
}
