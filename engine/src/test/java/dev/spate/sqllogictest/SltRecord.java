package dev.spate.sqllogictest;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/** One record of a {@code .slt} file; {@link #line()} is the 1-based line of its first line. */
public interface SltRecord {
  int line();

  /**
   * {@code statement ok} (errorPattern empty) or {@code statement error <regex>}: the SQL must run
   * to the end, or fail with a {@code SpateException} whose message contains a match of the regex.
   */
  record Statement(int line, String sql, Optional<String> errorPattern) implements SltRecord {
    public Statement {
      requireNonNull(sql, "sql is null");
      requireNonNull(errorPattern, "errorPattern is null");
    }
  }

  /**
   * {@code query <types> [nosort|rowsort|valuesort] [colnames]}: the result must have one column
   * per type letter and the expected rows (and, with {@code colnames}, the expected column names).
   */
  record Query(int line, String types, SortMode sortMode, Optional<List<String>> columnNames,
      String sql, List<List<String>> expectedRows) implements SltRecord {
    public Query {
      requireNonNull(types, "types is null");
      requireNonNull(sortMode, "sortMode is null");
      requireNonNull(columnNames, "columnNames is null");
      requireNonNull(sql, "sql is null");
      expectedRows = List.copyOf(expectedRows);
    }
  }

  /**
   * {@code table <name> <ddl schema>}: a temp view built with {@code createDataFrame} from
   * tab-separated rows, so that a table can be split into batches of {@code spate.batch.maxRows}.
   */
  record Table(int line, String name, String ddlSchema, List<List<String>> rows)
      implements SltRecord {
    public Table {
      requireNonNull(name, "name is null");
      requireNonNull(ddlSchema, "ddlSchema is null");
      rows = List.copyOf(rows);
    }
  }

  /** How a query's rows are ordered before comparison. */
  enum SortMode {
    /** Rows in the order Spate returns them (the query has an ORDER BY over a total order). */
    NOSORT,
    /** Rows sorted as text on both sides. */
    ROWSORT,
    /** All values flattened and sorted on both sides. */
    VALUESORT
  }
}
