package dev.spate.engine;

import dev.spate.Row;
import dev.spate.planner.expr.TimestampFormat;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** Formats public row values the way Spark's {@code show()} prints them. */
public final class ValueFormatter {
  private ValueFormatter() {}

  public static String format(Object value) {
    if (value == null) {
      return "NULL";
    }
    if (value instanceof BigDecimal) {
      return ((BigDecimal) value).toPlainString();
    }
    if (value instanceof Instant) {
      Instant instant = (Instant) value;
      return TimestampFormat.format(instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1000);
    }
    if (value instanceof byte[]) {
      return "[" + HexFormat.ofDelimiter(" ").withUpperCase().formatHex((byte[]) value) + "]";
    }
    if (value instanceof Row) {
      Row row = (Row) value;
      List<String> parts = new ArrayList<>();
      for (int index = 0; index < row.size(); index++) {
        parts.add(format(row.get(index)));
      }
      return "{" + String.join(", ", parts) + "}";
    }
    if (value instanceof List) {
      List<String> parts = new ArrayList<>();
      for (Object item : (List<?>) value) {
        parts.add(format(item));
      }
      return "[" + String.join(", ", parts) + "]";
    }
    if (value instanceof Map) {
      List<String> parts = new ArrayList<>();
      for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
        parts.add(format(entry.getKey()) + " -> " + format(entry.getValue()));
      }
      return "{" + String.join(", ", parts) + "}";
    }
    return value.toString();
  }

  public static List<String> formatAll(Object[] values) {
    List<String> result = new ArrayList<>(values.length);
    for (Object value : values) {
      result.add(format(value));
    }
    return result;
  }

  /**
   * Spark's {@code show()} table: a header, right-aligned cells truncated to {@code truncate}
   * characters (0 for no truncation).
   */
  public static String table(List<String> header, List<List<String>> rows, int truncate) {
    int[] widths = new int[header.size()];
    List<List<String>> cells = new ArrayList<>();
    cells.add(header);
    for (List<String> row : rows) {
      List<String> truncated = new ArrayList<>(row.size());
      for (String cell : row) {
        truncated.add(truncate > 3 && cell.length() > truncate
            ? cell.substring(0, truncate - 3) + "..." : cell);
      }
      cells.add(truncated);
    }
    for (List<String> row : cells) {
      for (int column = 0; column < widths.length; column++) {
        widths[column] = Math.max(Math.max(widths[column], 3),
            row.get(column).codePointCount(0, row.get(column).length()));
      }
    }
    StringBuilder separator = new StringBuilder("+");
    for (int width : widths) {
      separator.append("-".repeat(width)).append('+');
    }
    StringBuilder text = new StringBuilder();
    text.append(separator).append('\n');
    for (int rowIndex = 0; rowIndex < cells.size(); rowIndex++) {
      List<String> row = cells.get(rowIndex);
      text.append('|');
      for (int column = 0; column < widths.length; column++) {
        String cell = row.get(column);
        int padding = widths[column] - cell.codePointCount(0, cell.length());
        text.append(" ".repeat(padding)).append(cell).append('|');
      }
      text.append('\n');
      if (rowIndex == 0) {
        text.append(separator).append('\n');
      }
    }
    text.append(separator).append('\n');
    return text.toString();
  }
}
