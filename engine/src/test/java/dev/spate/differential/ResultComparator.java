package dev.spate.differential;

import dev.spate.Row;
import java.math.BigDecimal;
import java.math.MathContext;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Normalises rows of both engines to comparable values and compares them: numbers of any type as
 * doubles with a relative tolerance of 1e-9 (Spark's BIGINT sum and DuckDB's HUGEINT sum compare
 * equal), dates as ISO text, strings and booleans as they are. Unordered results compare as
 * multisets keyed by values rounded to 10 significant digits; ordered ones row by row.
 */
final class ResultComparator {
  private static final double RELATIVE_TOLERANCE = 1e-9;
  private static final int MAX_SHOWN_ROWS = 25;

  private ResultComparator() {}

  static List<List<Object>> fromSpate(List<Row> rows) {
    List<List<Object>> result = new ArrayList<>(rows.size());
    for (Row row : rows) {
      List<Object> values = new ArrayList<>(row.size());
      for (int index = 0; index < row.size(); index++) {
        values.add(normalize(row.get(index)));
      }
      result.add(values);
    }
    return result;
  }

  static List<List<Object>> fromDuckDb(ResultSet resultSet) throws SQLException {
    int columns = resultSet.getMetaData().getColumnCount();
    List<List<Object>> result = new ArrayList<>();
    while (resultSet.next()) {
      List<Object> values = new ArrayList<>(columns);
      for (int index = 1; index <= columns; index++) {
        values.add(normalize(resultSet.getObject(index)));
      }
      result.add(values);
    }
    return result;
  }

  private static Object normalize(Object value) {
    if (value instanceof Number) {
      return ((Number) value).doubleValue();
    }
    if (value instanceof Temporal || value instanceof java.util.Date) {
      return value.toString();
    }
    return value;
  }

  /** Null when both results match, else a description of the difference. */
  static String difference(List<List<Object>> expected, List<List<Object>> actual,
      boolean ordered) {
    return ordered ? orderedDifference(expected, actual) : multisetDifference(expected, actual);
  }

  private static String orderedDifference(List<List<Object>> expected,
      List<List<Object>> actual) {
    for (int index = 0; index < Math.min(expected.size(), actual.size()); index++) {
      if (!rowsMatch(expected.get(index), actual.get(index))) {
        return "row " + (index + 1) + " differs: DuckDB " + expected.get(index) + " Spate "
            + actual.get(index) + "\nDuckDB rows:\n" + show(expected) + "Spate rows:\n"
            + show(actual);
      }
    }
    if (expected.size() != actual.size()) {
      return "DuckDB returned " + expected.size() + " rows, Spate " + actual.size()
          + "\nDuckDB rows:\n" + show(expected) + "Spate rows:\n" + show(actual);
    }
    return null;
  }

  private static String multisetDifference(List<List<Object>> expected,
      List<List<Object>> actual) {
    Map<List<Object>, Integer> counts = new HashMap<>();
    for (List<Object> row : expected) {
      counts.merge(key(row), 1, Integer::sum);
    }
    List<List<Object>> extra = new ArrayList<>();
    for (List<Object> row : actual) {
      List<Object> key = key(row);
      Integer count = counts.get(key);
      if (count == null) {
        extra.add(row);
      } else if (count == 1) {
        counts.remove(key);
      } else {
        counts.put(key, count - 1);
      }
    }
    if (extra.isEmpty() && counts.isEmpty()) {
      return null;
    }
    List<List<Object>> missing = new ArrayList<>();
    counts.forEach((row, count) -> {
      for (int copy = 0; copy < count; copy++) {
        missing.add(row);
      }
    });
    return "DuckDB returned " + expected.size() + " rows, Spate " + actual.size() + "\nmissing from"
        + " Spate (" + missing.size() + "):\n" + show(missing) + "extra in Spate (" + extra.size()
        + "):\n" + show(extra);
  }

  private static List<Object> key(List<Object> row) {
    List<Object> key = new ArrayList<>(row.size());
    for (Object value : row) {
      key.add(value instanceof Double ? rounded((Double) value) : value);
    }
    return key;
  }

  private static Object rounded(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return value;
    }
    BigDecimal number = new BigDecimal(value).round(new MathContext(10));
    return number.signum() == 0 ? BigDecimal.ZERO : number.stripTrailingZeros();
  }

  private static boolean rowsMatch(List<Object> expected, List<Object> actual) {
    if (expected.size() != actual.size()) {
      return false;
    }
    for (int index = 0; index < expected.size(); index++) {
      Object want = expected.get(index);
      Object got = actual.get(index);
      if (want instanceof Double && got instanceof Double) {
        double a = (Double) want;
        double b = (Double) got;
        if (!(a == b || Math.abs(a - b) <= RELATIVE_TOLERANCE * Math.max(Math.abs(a),
            Math.abs(b)))) {
          return false;
        }
      } else if (want == null ? got != null : !want.equals(got)) {
        return false;
      }
    }
    return true;
  }

  private static String show(List<List<Object>> rows) {
    StringBuilder text = new StringBuilder();
    for (int index = 0; index < Math.min(rows.size(), MAX_SHOWN_ROWS); index++) {
      text.append("  ").append(rows.get(index)).append('\n');
    }
    if (rows.size() > MAX_SHOWN_ROWS) {
      text.append("  ... ").append(rows.size() - MAX_SHOWN_ROWS).append(" more\n");
    }
    return text.toString();
  }
}
