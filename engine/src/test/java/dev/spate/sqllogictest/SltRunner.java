package dev.spate.sqllogictest;

import static java.util.Objects.requireNonNull;

import dev.spate.DataFrame;
import dev.spate.Row;
import dev.spate.RowFactory;
import dev.spate.SpateException;
import dev.spate.SpateSession;
import dev.spate.planner.types.DdlParser;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Runs one {@link SltFile} in a fresh {@link SpateSession} with a given configuration and collects
 * every mismatch (file:line, SQL, expected and actual rows). Closing the session closes its
 * allocator, so a leak fails the file too.
 */
final class SltRunner {
  private static final Pattern SET_STATEMENT = Pattern.compile(
      "(?is)\\s*SET\\s+([A-Za-z0-9_.]+)\\s*=\\s*(.*?)\\s*;?\\s*");
  private static final int MAX_SHOWN_ROWS = 40;

  private final SltFile file;
  private final Map<String, String> configuration;
  private final Path resources;
  private final List<String> failures = new ArrayList<>();

  SltRunner(SltFile file, Map<String, String> configuration, Path resources) {
    this.file = requireNonNull(file, "file is null");
    this.configuration = Map.copyOf(configuration);
    this.resources = requireNonNull(resources, "resources is null");
  }

  /** Runs every record; returns one message per failed record (empty when the file passes). */
  List<String> run() {
    SpateSession.Builder builder = SpateSession.builder().appName("slt " + file.name());
    configuration.forEach(builder::config);
    SpateSession session = builder.getOrCreate();
    try {
      for (SltRecord record : file.records()) {
        runRecord(session, record);
      }
    } finally {
      try {
        session.close();
      } catch (RuntimeException e) {
        failures.add(file.name() + ": closing the session failed (a memory leak?): " + e);
      }
    }
    return List.copyOf(failures);
  }

  private void runRecord(SpateSession session, SltRecord record) {
    if (record instanceof SltRecord.Statement) {
      runStatement(session, (SltRecord.Statement) record);
    } else if (record instanceof SltRecord.Query) {
      runQuery(session, (SltRecord.Query) record);
    } else {
      runTable(session, (SltRecord.Table) record);
    }
  }

  private void runStatement(SpateSession session, SltRecord.Statement statement) {
    String sql = substitute(statement.sql());
    try {
      Matcher set = SET_STATEMENT.matcher(sql);
      if (set.matches()) {
        session.setConfig(set.group(1), set.group(2));
      } else {
        session.sql(sql).collectAsList();
      }
      statement.errorPattern().ifPresent(pattern -> fail(statement.line(), sql,
          "expected an error matching /" + pattern + "/ but the statement succeeded"));
    } catch (SpateException e) {
      if (statement.errorPattern().isEmpty()) {
        fail(statement.line(), sql, "expected success but got " + describe(e));
      } else if (!Pattern.compile(statement.errorPattern().get()).matcher(
          String.valueOf(e.getMessage())).find()) {
        fail(statement.line(), sql, "expected an error matching /" + statement.errorPattern().get()
            + "/ but got " + describe(e));
      }
    } catch (RuntimeException | StackOverflowError e) {
      fail(statement.line(), sql, "expected " + (statement.errorPattern().isEmpty() ? "success"
          : "a SpateException matching /" + statement.errorPattern().get() + "/")
          + " but got a non-Spate exception " + describe(e));
    }
  }

  private void runTable(SpateSession session, SltRecord.Table table) {
    try {
      Schema schema = DdlParser.parseSchema(table.ddlSchema());
      List<Row> rows = new ArrayList<>();
      for (List<String> cells : table.rows()) {
        if (cells.size() != schema.getFields().size()) {
          throw new IllegalArgumentException("row " + cells + " does not have "
              + schema.getFields().size() + " values");
        }
        Object[] values = new Object[cells.size()];
        for (int index = 0; index < values.length; index++) {
          values[index] = parseCell(cells.get(index), schema.getFields().get(index));
        }
        rows.add(RowFactory.create(values));
      }
      session.createDataFrame(rows, table.ddlSchema()).createOrReplaceTempView(table.name());
    } catch (RuntimeException e) {
      fail(table.line(), "table " + table.name() + " " + table.ddlSchema(),
          "building the table failed: " + describe(e));
    }
  }

  private void runQuery(SpateSession session, SltRecord.Query query) {
    String sql = substitute(query.sql());
    List<Row> rows;
    String[] columns;
    try {
      DataFrame frame = session.sql(sql);
      columns = frame.columns();
      rows = frame.collectAsList();
    } catch (RuntimeException | StackOverflowError e) {
      fail(query.line(), sql, "the query failed: " + describe(e));
      return;
    }
    List<String> problems = new ArrayList<>();
    if (query.columnNames().isPresent() && !query.columnNames().get().equals(List.of(columns))) {
      problems.add("column names: expected " + query.columnNames().get() + " actual "
          + Arrays.toString(columns));
    }
    if (columns.length != query.types().length()) {
      problems.add("the query declares " + query.types().length() + " columns but the result has "
          + columns.length + " " + Arrays.toString(columns));
      fail(query.line(), sql, String.join("\n", problems));
      return;
    }
    List<List<String>> actual = new ArrayList<>();
    boolean[] exactDecimals = new boolean[columns.length];
    for (Row row : rows) {
      List<String> cells = new ArrayList<>();
      for (int index = 0; index < columns.length; index++) {
        Object value = row.get(index);
        String mismatch = SltValues.typeMismatch(query.types().charAt(index), value);
        if (mismatch != null && problems.size() < 3) {
          problems.add("column " + (index + 1) + " (" + columns[index] + "): " + mismatch);
        }
        exactDecimals[index] |= value instanceof BigDecimal;
        cells.add(SltValues.render(value));
      }
      actual.add(cells);
    }
    compareRows(query, sql, actual, exactDecimals, problems);
  }

  private void compareRows(SltRecord.Query query, String sql, List<List<String>> actualRows,
      boolean[] exactDecimals, List<String> problems) {
    String types = query.types();
    List<List<String>> expected = query.expectedRows();
    List<List<String>> actual = actualRows;
    boolean[] exact = exactDecimals;
    if (query.sortMode() == SltRecord.SortMode.VALUESORT) {
      expected = flattenSorted(expected);
      actual = flattenSorted(actual);
      types = "R";
      exact = new boolean[1];
    } else if (query.sortMode() == SltRecord.SortMode.ROWSORT) {
      expected = sorted(expected, types);
      actual = sorted(actual, types);
    }
    String difference = firstDifference(types, exact, expected, actual);
    if (difference != null) {
      problems.add(difference);
    }
    if (!problems.isEmpty()) {
      fail(query.line(), sql, String.join("\n", problems) + "\nexpected (" + expected.size()
          + " rows" + sortNote(query) + "):\n" + show(expected) + "actual (" + actual.size()
          + " rows" + sortNote(query) + "):\n" + show(actual));
    }
  }

  private static String sortNote(SltRecord.Query query) {
    return query.sortMode() == SltRecord.SortMode.NOSORT ? ""
        : ", " + query.sortMode().name().toLowerCase(Locale.ROOT);
  }

  private static String firstDifference(String types, boolean[] exactDecimals,
      List<List<String>> expected, List<List<String>> actual) {
    for (int row = 0; row < Math.min(expected.size(), actual.size()); row++) {
      for (int column = 0; column < expected.get(row).size(); column++) {
        int index = Math.min(column, types.length() - 1);
        String want = expected.get(row).get(column);
        String got = actual.get(row).get(column);
        if (!SltValues.matches(types.charAt(index), want, got, exactDecimals[index])) {
          return "first difference at row " + (row + 1) + " column " + (column + 1)
              + ": expected '" + want + "' actual '" + got + "'";
        }
      }
    }
    if (expected.size() != actual.size()) {
      return "expected " + expected.size() + " rows but got " + actual.size();
    }
    return null;
  }

  private static List<List<String>> sorted(List<List<String>> rows, String types) {
    List<List<String>> copy = new ArrayList<>(rows);
    copy.sort(Comparator.comparing(row -> sortKey(row, types)));
    return copy;
  }

  private static String sortKey(List<String> row, String types) {
    List<String> keys = new ArrayList<>();
    for (int index = 0; index < row.size(); index++) {
      keys.add(SltValues.sortKey(types.charAt(Math.min(index, types.length() - 1)),
          row.get(index)));
    }
    return String.join("\t", keys);
  }

  /**
   * valuesort: every value becomes a one-value row; values are compared with the R rules, which
   * also accept exact text equality for other types.
   */
  private static List<List<String>> flattenSorted(List<List<String>> rows) {
    List<List<String>> values = new ArrayList<>();
    for (List<String> row : rows) {
      for (String value : row) {
        values.add(List.of(value));
      }
    }
    return sorted(values, "R");
  }

  private static String show(List<List<String>> rows) {
    StringBuilder text = new StringBuilder();
    for (int index = 0; index < Math.min(rows.size(), MAX_SHOWN_ROWS); index++) {
      text.append("  ").append(String.join("\t", rows.get(index))).append('\n');
    }
    if (rows.size() > MAX_SHOWN_ROWS) {
      text.append("  ... ").append(rows.size() - MAX_SHOWN_ROWS).append(" more\n");
    }
    return text.toString();
  }

  private String substitute(String sql) {
    return sql.replace("${RESOURCES}", resources.toString());
  }

  private void fail(int line, String sql, String message) {
    failures.add(file.name() + ":" + line + " " + configuration + "\nSQL: " + sql + "\n"
        + message);
  }

  private static String describe(Throwable error) {
    StringBuilder text = new StringBuilder(error.getClass().getName()).append(": ")
        .append(error.getMessage());
    if (!(error instanceof SpateException) || error.getCause() != null) {
      StackTraceElement[] trace = error.getStackTrace();
      for (int index = 0; index < Math.min(6, trace.length); index++) {
        text.append("\n    at ").append(trace[index]);
      }
    }
    return text.toString();
  }

  private static Object parseCell(String text, Field field) {
    if (text.equals("NULL")) {
      return null;
    }
    ArrowType type = field.getType();
    switch (type.getTypeID()) {
      case Bool:
        return Boolean.parseBoolean(text);
      case Int:
        switch (((ArrowType.Int) type).getBitWidth()) {
          case 8:
            return Byte.parseByte(text);
          case 16:
            return Short.parseShort(text);
          case 32:
            return Integer.parseInt(text);
          default:
            return Long.parseLong(text);
        }
      case FloatingPoint:
        return ((ArrowType.FloatingPoint) type).getPrecision() == FloatingPointPrecision.SINGLE
            ? (Object) Float.parseFloat(text) : (Object) Double.parseDouble(text);
      case Decimal:
        return new BigDecimal(text).setScale(((ArrowType.Decimal) type).getScale());
      case Utf8:
        return text.equals("(empty)") ? "" : text;
      case Date:
        return LocalDate.parse(text);
      case Timestamp:
        return LocalDateTime.parse(text.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
      default:
        throw new IllegalArgumentException("the table directive does not support " + type
            + " (column " + field.getName() + ")");
    }
  }

  static Optional<String> summary(List<String> failures) {
    return failures.isEmpty() ? Optional.empty()
        : Optional.of(failures.size() + " failed record(s):\n\n" + String.join("\n\n", failures));
  }
}
