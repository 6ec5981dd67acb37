package dev.spate.differential;

import dev.spate.Row;
import dev.spate.RowFactory;
import dev.spate.SpateSession;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded random tables with small value domains (so that joins and groups collide) and about 20%
 * NULLs in every column but {@code id}, loaded identically into a Spate session
 * ({@code createDataFrame} + temp view) and a DuckDB connection ({@code CREATE TABLE} + multi-row
 * {@code INSERT}).
 *
 * <p>Columns of {@code t1} and {@code t2}: {@code id INT} (unique, never NULL), {@code a INT} in
 * 0..9, {@code b BIGINT} in -5..5, {@code d DOUBLE} in quarter steps from -2.0 to 2.0 (exact in
 * binary, so sums do not depend on order), {@code s STRING} in {'', a, b, c, d, e}, {@code f
 * BOOLEAN}, {@code dt DATE} in 2024-01-01..2024-01-10. {@code t3}: {@code k INT} 0..49 unique,
 * {@code name STRING}, {@code w DOUBLE}.
 */
final class RandomTables {
  static final String SPATE_SCHEMA = "id INT, a INT, b BIGINT, d DOUBLE, s STRING, f BOOLEAN, dt DATE";
  static final String DUCKDB_SCHEMA =
      "id INTEGER, a INTEGER, b BIGINT, d DOUBLE, s VARCHAR, f BOOLEAN, dt DATE";
  static final String SMALL_SPATE_SCHEMA = "k INT, name STRING, w DOUBLE";
  static final String SMALL_DUCKDB_SCHEMA = "k INTEGER, name VARCHAR, w DOUBLE";
  static final String[] STRINGS = {"", "a", "b", "c", "d", "e"};
  static final LocalDate FIRST_DAY = LocalDate.of(2024, 1, 1);

  private static final double NULL_FRACTION = 0.2;
  private static final int INSERT_CHUNK = 500;

  private final Random random;

  RandomTables(long seed) {
    this.random = new Random(seed);
  }

  /** Creates t1 (3000 rows), t2 (1000 rows) and t3 (50 rows) in both engines. */
  void load(SpateSession spate, Connection duckdb) throws SQLException {
    register(spate, duckdb, "t1", SPATE_SCHEMA, DUCKDB_SCHEMA, wideRows(3000));
    register(spate, duckdb, "t2", SPATE_SCHEMA, DUCKDB_SCHEMA, wideRows(1000));
    register(spate, duckdb, "t3", SMALL_SPATE_SCHEMA, SMALL_DUCKDB_SCHEMA, smallRows(50));
  }

  private List<Object[]> wideRows(int count) {
    List<Object[]> rows = new ArrayList<>(count);
    for (int id = 0; id < count; id++) {
      rows.add(new Object[] {
          id,
          nullable(random.nextInt(10)),
          nullable((long) (random.nextInt(11) - 5)),
          nullable((random.nextInt(17) - 8) * 0.25),
          nullable(STRINGS[random.nextInt(STRINGS.length)]),
          nullable(random.nextBoolean()),
          nullable(FIRST_DAY.plusDays(random.nextInt(10)))});
    }
    return rows;
  }

  private List<Object[]> smallRows(int count) {
    List<Object[]> rows = new ArrayList<>(count);
    for (int k = 0; k < count; k++) {
      rows.add(new Object[] {k, nullable("n" + random.nextInt(8)),
          nullable(random.nextInt(100) / 8.0)});
    }
    return rows;
  }

  private Object nullable(Object value) {
    return random.nextDouble() < NULL_FRACTION ? null : value;
  }

  private static void register(SpateSession spate, Connection duckdb, String name,
      String spateSchema, String duckdbSchema, List<Object[]> rows) throws SQLException {
    List<Row> spateRows = new ArrayList<>(rows.size());
    for (Object[] row : rows) {
      spateRows.add(RowFactory.create(row));
    }
    spate.createDataFrame(spateRows, spateSchema).createOrReplaceTempView(name);
    try (Statement statement = duckdb.createStatement()) {
      statement.execute("CREATE TABLE " + name + " (" + duckdbSchema + ")");
      for (int start = 0; start < rows.size(); start += INSERT_CHUNK) {
        StringBuilder insert = new StringBuilder("INSERT INTO ").append(name).append(" VALUES ");
        for (int index = start; index < Math.min(rows.size(), start + INSERT_CHUNK); index++) {
          insert.append(index == start ? "" : ", ").append(sqlRow(rows.get(index)));
        }
        statement.execute(insert.toString());
      }
    }
  }

  private static String sqlRow(Object[] row) {
    List<String> literals = new ArrayList<>(row.length);
    for (Object value : row) {
      if (value == null) {
        literals.add("NULL");
      } else if (value instanceof String) {
        literals.add("'" + value + "'");
      } else if (value instanceof LocalDate) {
        literals.add("DATE '" + value + "'");
      } else {
        literals.add(value.toString());
      }
    }
    return "(" + String.join(", ", literals) + ")";
  }
}
