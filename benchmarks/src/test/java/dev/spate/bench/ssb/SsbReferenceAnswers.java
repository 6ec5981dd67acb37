package dev.spate.bench.ssb;

import dev.spate.bench.Answers;
import dev.spate.bench.BenchFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The independent oracle of the SSB suite: runs the 13 queries with DuckDB over the generated
 * Parquet files and canonicalises its values exactly as {@link Answers#value} does (DuckDB's
 * {@code HUGEINT} sums arrive as {@code BigInteger}, written as digits like Spate's {@code
 * BIGINT}s).
 *
 * <p>As a program it prints the {@code answers.properties} entries for one scale factor:
 * {@code SsbReferenceAnswers <scale factor> [seed] [data directory]} (the seed defaults to
 * {@link SsbSuite#REFERENCE_SEED}, the directory to a temporary one that is removed afterwards).
 */
public final class SsbReferenceAnswers {
  private static final String PREFIX = "ssb_reference_";

  private SsbReferenceAnswers() {}

  /** DuckDB's canonical answer lines for each query, in {@link SsbQueries#NAMES} order. */
  static Map<String, List<String>> compute(SsbData data) throws SQLException {
    Map<String, List<String>> answers = new LinkedHashMap<>();
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement()) {
      for (SsbTable table : SsbTable.values()) {
        String files = data.tableDirectory(table).resolve("*.parquet").toString();
        statement.execute("CREATE VIEW " + PREFIX + table.tableName()
            + " AS SELECT * FROM read_parquet('" + files.replace("'", "''") + "')");
      }
      for (String query : SsbQueries.NAMES) {
        try (ResultSet result = statement.executeQuery(SsbQueries.sql(query, PREFIX))) {
          answers.put(query, lines(result));
        }
      }
    }
    return answers;
  }

  private static List<String> lines(ResultSet result) throws SQLException {
    int columns = result.getMetaData().getColumnCount();
    List<String> lines = new ArrayList<>();
    while (result.next()) {
      StringBuilder line = new StringBuilder();
      for (int column = 1; column <= columns; column++) {
        if (column > 1) {
          line.append('|');
        }
        line.append(Answers.value(result.getObject(column)));
      }
      lines.add(line.toString());
    }
    return lines;
  }

  public static void main(String[] args) throws IOException, SQLException {
    if (args.length < 1 || args.length > 3) {
      System.err.println("usage: SsbReferenceAnswers <scale factor> [seed] [data directory]");
      System.exit(2);
    }
    double scaleFactor = Double.parseDouble(args[0]);
    long seed = args.length > 1 ? Long.parseLong(args[1]) : SsbSuite.REFERENCE_SEED;
    Path directory = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("ssb-ref");
    SsbData data = new SsbGenerator(scaleFactor, seed).prepare(directory);
    System.out.println("# SF " + SsbGenerator.scaleText(scaleFactor) + ", seed " + seed + ", "
        + data.rows(SsbTable.LINEORDER) + " lineorder rows");
    for (Map.Entry<String, List<String>> answer : compute(data).entrySet()) {
      System.out.println(SsbAnswers.key(scaleFactor, answer.getKey()) + "="
          + SsbAnswers.entry(answer.getValue()));
    }
    if (args.length <= 2) {
      BenchFiles.deleteRecursively(directory);
    }
  }
}
