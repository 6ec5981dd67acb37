package dev.spate.sqllogictest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Parses {@code .slt} files (see {@code src/test/resources/slt/README.md}). Records are separated
 * by blank lines; lines starting with {@code #} between records and inside SQL are comments.
 */
public final class SltParser {
  private static final String RESULT_SEPARATOR = "----";

  private final Path path;
  private final List<String> lines;
  private int position;

  private SltParser(Path path, List<String> lines) {
    this.path = path;
    this.lines = lines;
  }

  public static SltFile parse(Path path, String name) {
    List<String> lines;
    try {
      lines = Files.readAllLines(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
    return new SltParser(path, lines).parseFile(name);
  }

  private SltFile parseFile(String name) {
    List<SltRecord> records = new ArrayList<>();
    boolean slow = false;
    while (skipBlankAndComments()) {
      int line = position + 1;
      String header = lines.get(position++).trim();
      String[] words = header.split("\\s+");
      switch (words[0]) {
        case "slow":
          slow = true;
          break;
        case "statement":
          records.add(statement(line, header, words));
          break;
        case "query":
          records.add(query(line, words));
          break;
        case "table":
          records.add(table(line, header, words));
          break;
        default:
          throw error(line, "unknown record '" + header + "'");
      }
    }
    return new SltFile(path, name, slow, records);
  }

  private SltRecord.Statement statement(int line, String header, String[] words) {
    if (words.length == 2 && words[1].equals("ok")) {
      return new SltRecord.Statement(line, sqlUntil(line, false), Optional.empty());
    }
    if (words.length >= 3 && words[1].equals("error")) {
      String pattern = header.substring(header.indexOf("error") + "error".length()).trim();
      return new SltRecord.Statement(line, sqlUntil(line, false), Optional.of(pattern));
    }
    throw error(line, "expected 'statement ok' or 'statement error <regex>', got '" + header + "'");
  }

  private SltRecord.Query query(int line, String[] words) {
    if (words.length < 2 || !words[1].matches("[IRTBD]+")) {
      throw error(line, "expected 'query <types>' with type letters I R T B D");
    }
    SltRecord.SortMode sortMode = SltRecord.SortMode.NOSORT;
    boolean columnNames = false;
    for (String option : Arrays.asList(words).subList(2, words.length)) {
      switch (option) {
        case "nosort":
        case "rowsort":
        case "valuesort":
          sortMode = SltRecord.SortMode.valueOf(option.toUpperCase(Locale.ROOT));
          break;
        case "colnames":
          columnNames = true;
          break;
        default:
          throw error(line, "unknown query option '" + option + "'");
      }
    }
    String sql = sqlUntil(line, true);
    List<List<String>> rows = rowsUntilBlank();
    Optional<List<String>> names = Optional.empty();
    if (columnNames) {
      if (rows.isEmpty()) {
        throw error(line, "a 'colnames' query needs a header row after ----");
      }
      names = Optional.of(rows.get(0));
      rows = rows.subList(1, rows.size());
    }
    for (List<String> row : rows) {
      if (row.size() != words[1].length() && sortMode != SltRecord.SortMode.VALUESORT) {
        throw error(line, "expected row " + row + " has " + row.size() + " values but the query"
            + " declares " + words[1].length() + " columns");
      }
    }
    return new SltRecord.Query(line, words[1], sortMode, names, sql, rows);
  }

  private SltRecord.Table table(int line, String header, String[] words) {
    if (words.length < 3) {
      throw error(line, "expected 'table <name> <ddl schema>'");
    }
    String afterKeyword = header.substring("table".length()).trim();
    String schema = afterKeyword.substring(words[1].length()).trim();
    return new SltRecord.Table(line, words[1], schema, rowsUntilBlank());
  }

  /** SQL lines up to a blank line (statements) or up to {@code ----} (queries). */
  private String sqlUntil(int line, boolean untilSeparator) {
    StringBuilder sql = new StringBuilder();
    while (position < lines.size()) {
      String text = lines.get(position);
      if (text.isBlank()) {
        break;
      }
      position++;
      if (untilSeparator && text.trim().equals(RESULT_SEPARATOR)) {
        return requireSql(line, sql);
      }
      if (!text.trim().startsWith("#")) {
        sql.append(sql.length() == 0 ? "" : "\n").append(text);
      }
    }
    if (untilSeparator) {
      throw error(line, "query without '----' before the end of the record");
    }
    return requireSql(line, sql);
  }

  private String requireSql(int line, StringBuilder sql) {
    if (sql.length() == 0) {
      throw error(line, "record without SQL");
    }
    return sql.toString();
  }

  private List<List<String>> rowsUntilBlank() {
    List<List<String>> rows = new ArrayList<>();
    while (position < lines.size() && !lines.get(position).isEmpty()) {
      rows.add(List.of(lines.get(position++).split("\t", -1)));
    }
    return rows;
  }

  /** Moves to the next record's first line; false at the end of the file. */
  private boolean skipBlankAndComments() {
    while (position < lines.size()) {
      String text = lines.get(position).trim();
      if (!text.isEmpty() && !text.startsWith("#")) {
        return true;
      }
      position++;
    }
    return false;
  }

  private IllegalArgumentException error(int line, String message) {
    return new IllegalArgumentException(path + ":" + line + ": " + message);
  }
}
