package dev.spate.bench.ssb;

import dev.spate.SpateException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The 13 SSB queries, Q1.1 to Q4.3, as SQL text in the specification's form (comma joins with the
 * join conditions in {@code WHERE}), shipped as resources {@code queries/q1.1.sql} etc. The text
 * names the tables {@code lineorder}, {@code date}, ...; {@link #sql(String, String)} gives the
 * text over tables whose names carry a prefix, so that several copies of the tables (Parquet and
 * in-memory, several scale factors) can live in one session.
 *
 * <p>The {@code FROM} lists keep the specification's order ({@code customer, lineorder, supplier,
 * date} for Q3.x, {@code date, customer, supplier, part, lineorder} for Q4.x): Spate's optimizer
 * reorders inner joins so that the largest table streams and each dimension is a hash-join build
 * side, as Spark's join reordering does.
 */
public final class SsbQueries {
  /** The query names in report order. */
  public static final List<String> NAMES = List.of("q1.1", "q1.2", "q1.3", "q2.1", "q2.2", "q2.3",
      "q3.1", "q3.2", "q3.3", "q3.4", "q4.1", "q4.2", "q4.3");

  private static final Pattern TABLE_NAME =
      Pattern.compile("\\b(lineorder|customer|supplier|part|date)\\b");

  private SsbQueries() {}

  /** The specification's text of query {@code name}, e.g. {@code q2.1}. */
  public static String sql(String name) {
    if (!NAMES.contains(name)) {
      throw new IllegalArgumentException("no SSB query " + name + "; the queries are " + NAMES);
    }
    String resource = "queries/" + name + ".sql";
    try (InputStream in = SsbQueries.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw SpateException.internal("the resource " + resource + " is missing", null);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw SpateException.io("cannot read " + resource + ": " + e.getMessage(), e);
    }
  }

  /** The text of query {@code name} with every table name preceded by {@code tablePrefix}. */
  public static String sql(String name, String tablePrefix) {
    return TABLE_NAME.matcher(sql(name)).replaceAll(Matcher.quoteReplacement(tablePrefix) + "$1");
  }

  /** The tables query {@code name} reads. */
  public static Set<SsbTable> tables(String name) {
    Set<SsbTable> tables = EnumSet.noneOf(SsbTable.class);
    Matcher matcher = TABLE_NAME.matcher(sql(name));
    while (matcher.find()) {
      for (SsbTable table : SsbTable.values()) {
        if (table.tableName().equals(matcher.group(1))) {
          tables.add(table);
        }
      }
    }
    return tables;
  }
}
