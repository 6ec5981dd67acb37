package dev.spate.differential;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Random queries over {@link RandomTables} from templates: filters (AND / OR / NOT, comparisons,
 * IS NULL, IN, BETWEEN, LIKE), projections with arithmetic (no integer division, no overflow in
 * the small domains), grouped and global aggregates, joins of every type on nullable keys, ORDER
 * BY with explicit NULLS FIRST / LAST plus the unique id as the last key and LIMIT / OFFSET,
 * DISTINCT, UNION ALL, CROSS JOIN and three-table comma joins in random FROM order (so join
 * reordering is checked too). Templates are used in turn so that every one is covered.
 * Only constructs with the same meaning in Spark SQL and DuckDB are generated; the one spelling
 * difference is the semi / anti join keyword.
 */
final class QueryGenerator {
  private static final String[] INT_COLUMNS = {"a", "b"};
  private static final String[] GROUP_KEYS = {"a", "s", "f", "dt", "a, s", "s, f", "b, f", "a % 3"};
  private static final String[] ORDER_COLUMNS = {"a", "b", "d", "s", "f", "dt"};
  private static final String[] OUTER_JOINS = {"JOIN", "LEFT JOIN", "RIGHT JOIN", "FULL OUTER JOIN"};

  private final Random random;
  private final List<Supplier<GeneratedQuery>> templates = List.of(
      this::filter, this::projection, this::groupedAggregate, this::globalAggregate,
      this::join, this::semiOrAntiJoin, this::joinAggregate, this::orderByLimit, this::distinct,
      this::unionAll, this::crossJoin, this::aggregateOverSubquery, this::commaJoin);

  QueryGenerator(long seed) {
    this.random = new Random(seed);
  }

  List<GeneratedQuery> generate(int count) {
    List<GeneratedQuery> queries = new ArrayList<>(count);
    for (int index = 0; index < count; index++) {
      queries.add(templates.get(index % templates.size()).get());
    }
    return queries;
  }

  private GeneratedQuery filter() {
    return GeneratedQuery.same("filter", "SELECT id, a, b, s, f, dt FROM " + wideTable()
        + " WHERE " + predicate("", 2), false);
  }

  private GeneratedQuery projection() {
    return GeneratedQuery.same("projection", "SELECT id, " + arithmetic("") + " AS x1, "
        + arithmetic("") + " AS x2, " + stringExpression("") + " AS x3 FROM " + wideTable()
        + " WHERE " + predicate("", 1), false);
  }

  private GeneratedQuery groupedAggregate() {
    String key = pick(GROUP_KEYS);
    String having = random.nextBoolean() ? "" : " HAVING count(*) > " + random.nextInt(40);
    String where = random.nextBoolean() ? "" : " WHERE " + predicate("", 1);
    return GeneratedQuery.same("grouped aggregate", "SELECT " + key + ", count(*), count(d), sum("
        + pick(INT_COLUMNS) + "), min(s), max(dt), avg(d), sum(d), count(DISTINCT b) FROM "
        + wideTable() + where + " GROUP BY " + key + having, false);
  }

  private GeneratedQuery globalAggregate() {
    return GeneratedQuery.same("global aggregate", "SELECT count(*), count(DISTINCT s), sum(b),"
        + " avg(d), min(dt), max(s), min(a), max(d), sum(a * b) FROM " + wideTable() + " WHERE "
        + predicate("", 2), false);
  }

  private GeneratedQuery join() {
    String extra = pick(new String[] {"", " AND l.s = r.s", " AND l.f = r.f", " AND l.dt = r.dt",
        " AND l.b < r.b"});
    String sql = "SELECT l.id, r.id, l.s, r.b, r.dt FROM (SELECT * FROM t1 WHERE id < "
        + (200 + random.nextInt(300)) + ") l " + pick(OUTER_JOINS)
        + " (SELECT * FROM t2 WHERE id < " + (100 + random.nextInt(200)) + ") r ON l.a = r.a"
        + extra;
    return GeneratedQuery.same("join", sql, false);
  }

  private GeneratedQuery semiOrAntiJoin() {
    boolean semi = random.nextBoolean();
    String condition = " t2 r ON l.a = r.a AND l.s = r.s WHERE " + predicate("l.", 1);
    return new GeneratedQuery(semi ? "left semi join" : "left anti join",
        "SELECT l.id, l.s, l.b FROM t1 l " + (semi ? "LEFT SEMI JOIN" : "LEFT ANTI JOIN")
            + condition,
        "SELECT l.id, l.s, l.b FROM t1 l " + (semi ? "SEMI JOIN" : "ANTI JOIN") + condition,
        false);
  }

  private GeneratedQuery joinAggregate() {
    String key = pick(new String[] {"l.s", "r.f", "l.a", "r.dt"});
    return GeneratedQuery.same("join aggregate", "SELECT " + key + ", count(*), sum(r.b), max(l.d),"
        + " count(r.s) FROM t1 l " + pick(new String[] {"JOIN", "LEFT JOIN"})
        + " t2 r ON l.a = r.a AND l.dt = r.dt GROUP BY " + key, false);
  }

  private GeneratedQuery orderByLimit() {
    StringBuilder order = new StringBuilder();
    int keys = 1 + random.nextInt(3);
    for (int index = 0; index < keys; index++) {
      order.append(pick(ORDER_COLUMNS)).append(random.nextBoolean() ? " ASC" : " DESC")
          .append(random.nextBoolean() ? " NULLS FIRST" : " NULLS LAST").append(", ");
    }
    order.append("id").append(random.nextBoolean() ? " ASC" : " DESC");
    String offset = random.nextBoolean() ? "" : " OFFSET " + random.nextInt(30);
    return GeneratedQuery.same("order by limit", "SELECT id, a, b, d, s, f, dt FROM "
        + wideTable() + " WHERE " + predicate("", 1) + " ORDER BY " + order + " LIMIT "
        + (1 + random.nextInt(60)) + offset, true);
  }

  private GeneratedQuery distinct() {
    String columns = pick(new String[] {"a", "s", "a, s", "f, dt", "b, f, s", "a % 4, s"});
    return GeneratedQuery.same("distinct", "SELECT DISTINCT " + columns + " FROM " + wideTable()
        + " WHERE " + predicate("", 1), false);
  }

  private GeneratedQuery unionAll() {
    return GeneratedQuery.same("union all", "SELECT a, s, dt FROM t1 WHERE " + predicate("", 1)
        + " UNION ALL SELECT a, s, dt FROM t2 WHERE " + predicate("", 1), false);
  }

  private GeneratedQuery crossJoin() {
    return GeneratedQuery.same("cross join", "SELECT l.id, l.s, r.k, r.name, r.w FROM (SELECT *"
        + " FROM t1 WHERE id < " + (10 + random.nextInt(30)) + ") l CROSS JOIN (SELECT * FROM t3"
        + " WHERE w > " + random.nextInt(10) + " OR name IS NULL) r", false);
  }

  /**
   * Three tables in a comma join, listed in a random order (so the first two may share no
   * condition and the optimizer must reorder), joined through WHERE conditions.
   */
  private GeneratedQuery commaJoin() {
    List<String> tables = new ArrayList<>(List.of(
        "(SELECT * FROM t1 WHERE id < " + (100 + random.nextInt(200)) + ") l",
        "(SELECT * FROM t2 WHERE id < " + (50 + random.nextInt(100)) + ") r", "t3 m"));
    Collections.shuffle(tables, random);
    String condition = pick(new String[] {"l.a = r.a AND r.b + 5 = m.k",
        "l.a = r.a AND l.a * 3 = m.k", "l.a + 10 = m.k AND r.a + 10 = m.k AND l.s = r.s"});
    boolean aggregated = random.nextBoolean();
    String select = aggregated ? "SELECT m.name, count(*), sum(l.b), min(r.id)"
        : "SELECT l.id, r.id, m.k, m.name, l.s";
    return GeneratedQuery.same("comma join", select + " FROM " + String.join(", ", tables)
        + " WHERE " + condition + " AND " + predicate("l.", 1)
        + (aggregated ? " GROUP BY m.name" : ""), false);
  }

  private GeneratedQuery aggregateOverSubquery() {
    String inner = random.nextBoolean()
        ? "SELECT DISTINCT a, s FROM " + wideTable()
        : "SELECT a, s FROM t1 WHERE " + predicate("", 1) + " UNION ALL SELECT a, s FROM t2";
    return GeneratedQuery.same("aggregate over sub-query", "SELECT s, count(*), sum(a), min(a)"
        + " FROM (" + inner + ") q GROUP BY s", false);
  }

  /** A boolean expression over the wide columns, nested up to {@code depth} AND / OR / NOT. */
  private String predicate(String prefix, int depth) {
    if (depth == 0 || random.nextInt(3) == 0) {
      return atom(prefix);
    }
    switch (random.nextInt(3)) {
      case 0:
        return "(" + predicate(prefix, depth - 1) + " AND " + predicate(prefix, depth - 1) + ")";
      case 1:
        return "(" + predicate(prefix, depth - 1) + " OR " + predicate(prefix, depth - 1) + ")";
      default:
        return "NOT (" + predicate(prefix, depth - 1) + ")";
    }
  }

  private String atom(String prefix) {
    switch (random.nextInt(10)) {
      case 0:
        return prefix + "a " + comparison() + " " + random.nextInt(10);
      case 1:
        return prefix + "b " + comparison() + " " + (random.nextInt(11) - 5);
      case 2:
        return prefix + "d " + comparison() + " " + ((random.nextInt(17) - 8) * 0.25);
      case 3:
        return prefix + "s " + comparison() + " '" + pick(RandomTables.STRINGS) + "'";
      case 4:
        return prefix + pick(new String[] {"a", "b", "d", "s", "f", "dt"})
            + (random.nextBoolean() ? " IS NULL" : " IS NOT NULL");
      case 5:
        return prefix + "a " + (random.nextBoolean() ? "" : "NOT ") + "IN (" + random.nextInt(10)
            + ", " + random.nextInt(10) + ", " + random.nextInt(10) + ")";
      case 6:
        return (random.nextBoolean() ? "" : "NOT ") + prefix + "f";
      case 7:
        int low = random.nextInt(8);
        return prefix + "a BETWEEN " + low + " AND " + (low + random.nextInt(4));
      case 8:
        return prefix + "dt " + comparison() + " DATE '"
            + RandomTables.FIRST_DAY.plusDays(random.nextInt(10)) + "'";
      default:
        return prefix + "s LIKE '" + pick(new String[] {"a%", "%b", "_", "%", "c"}) + "'";
    }
  }

  private String arithmetic(String prefix) {
    switch (random.nextInt(7)) {
      case 0:
        return prefix + "a + " + prefix + "b";
      case 1:
        return prefix + "a * 3 - " + prefix + "b";
      case 2:
        return prefix + "d * " + prefix + "a";
      case 3:
        return "abs(" + prefix + "b - " + prefix + "a)";
      case 4:
        return "coalesce(" + prefix + "a, -1) + 1";
      case 5:
        return prefix + "a % 3 + " + prefix + "b % 2";
      default:
        return "CASE WHEN " + prefix + "a > 4 THEN " + prefix + "b ELSE -" + prefix + "b END";
    }
  }

  private String stringExpression(String prefix) {
    switch (random.nextInt(4)) {
      case 0:
        return prefix + "s || 'x'";
      case 1:
        return "upper(" + prefix + "s)";
      case 2:
        return "length(" + prefix + "s)";
      default:
        return "coalesce(" + prefix + "s, 'none')";
    }
  }

  private String comparison() {
    return pick(new String[] {"=", "<>", "<", "<=", ">", ">="});
  }

  private String wideTable() {
    return random.nextInt(3) == 0 ? "t2" : "t1";
  }

  private String pick(String[] choices) {
    return choices[random.nextInt(choices.length)];
  }
}
