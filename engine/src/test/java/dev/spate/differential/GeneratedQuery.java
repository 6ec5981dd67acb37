package dev.spate.differential;

import static java.util.Objects.requireNonNull;

/**
 * One generated query in both dialects. {@code ordered} is true when the query ends with an ORDER BY
 * over a total order (the rows must then match in order), false when rows compare as multisets.
 */
record GeneratedQuery(String template, String spateSql, String duckdbSql, boolean ordered) {
  GeneratedQuery {
    requireNonNull(template, "template is null");
    requireNonNull(spateSql, "spateSql is null");
    requireNonNull(duckdbSql, "duckdbSql is null");
  }

  static GeneratedQuery same(String template, String sql, boolean ordered) {
    return new GeneratedQuery(template, sql, sql, ordered);
  }
}
