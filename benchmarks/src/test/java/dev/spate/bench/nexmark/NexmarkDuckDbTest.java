package dev.spate.bench.nexmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the plain-Java references (and with them the Parquet files the queries read) against
 * DuckDB queries over the generated files: the reference of q0 (every bid field as written), q2, q5
 * (sliding windows, the final-window rule, ties) and q8.
 */
class NexmarkDuckDbTest {
  private static final long SECOND = 1_000_000L;

  @TempDir static Path directory;
  private static NexmarkGenerator generator;
  private static String events;

  @BeforeAll
  static void generate() throws Exception {
    generator = NexmarkGenerator.forScale(0.005, 42L);
    NexmarkFiles files = NexmarkFiles.prepare(generator, directory);
    events = "read_parquet('" + files.directory() + "/*.parquet')";
  }

  /** The rows of {@code sql} as lines; columns named {@code *_us} are microseconds, as instants. */
  private static List<String> duckDb(String sql) throws Exception {
    List<String> lines = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      ResultSetMetaData columns = rows.getMetaData();
      while (rows.next()) {
        Object[] values = new Object[columns.getColumnCount()];
        for (int column = 1; column <= values.length; column++) {
          Object value = rows.getObject(column);
          values[column - 1] = columns.getColumnLabel(column).endsWith("_us")
              ? NexmarkReference.instant(((Number) value).longValue()) : value;
        }
        lines.add(NexmarkReference.line(values));
      }
    }
    return lines;
  }

  private static List<String> reference(NexmarkReference reference) {
    return NexmarkReference.compute(reference, generator);
  }

  @Test
  void passThroughReadsBackEveryBidAsGenerated() throws Exception {
    List<String> expected = duckDb("SELECT bid_auction, bid_bidder, bid_price, bid_channel,"
        + " bid_url, epoch_us(date_time) AS time_us FROM " + events + " WHERE event_type = 2");
    assertThat(expected).hasSize(4_600);
    assertThat(reference(NexmarkReference.passThrough())).containsExactlyInAnyOrderElementsOf(
        expected);
  }

  @Test
  void selection() throws Exception {
    List<String> expected = duckDb("SELECT bid_auction, bid_price FROM " + events
        + " WHERE event_type = 2 AND bid_auction % 123 = 0");
    assertThat(expected).isNotEmpty();
    assertThat(reference(NexmarkReference.selection(123))).containsExactlyInAnyOrderElementsOf(
        expected);
  }

  @Test
  void hotItems() throws Exception {
    String watermark = "(SELECT max(epoch_us(date_time)) - " + SECOND + " FROM " + events + ")";
    List<String> expected = duckDb("WITH bids AS (SELECT bid_auction AS auction,"
        + " epoch_us(date_time) AS t FROM " + events + " WHERE event_type = 2),"
        + " windowed AS (SELECT auction, unnest(generate_series(t - t % " + 2 * SECOND
        + " - " + 8 * SECOND + ", t - t % " + 2 * SECOND + ", " + 2 * SECOND
        + ")) AS start FROM bids),"
        + " counts AS (SELECT start, auction, count(*) AS bids FROM windowed GROUP BY ALL),"
        + " most AS (SELECT start, max(bids) AS top FROM counts GROUP BY start)"
        + " SELECT c.start AS start_us, c.start + " + 10 * SECOND + " AS end_us, c.auction,"
        + " c.bids FROM counts c JOIN most m ON c.start = m.start AND c.bids = m.top"
        + " WHERE c.start + " + 10 * SECOND + " <= " + watermark);
    assertThat(expected).hasSizeGreaterThan(10);
    assertThat(reference(NexmarkReference.hotItems(10 * SECOND, 2 * SECOND)))
        .containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void highestBid() throws Exception {
    String watermark = "(SELECT max(epoch_us(date_time)) - " + SECOND + " FROM " + events + ")";
    // no two bids of one window share the top price in this data, so arg_max's choice is unique
    List<String> expected = duckDb("WITH tumbled AS (SELECT epoch_us(date_time)"
        + " - epoch_us(date_time) % " + 10 * SECOND + " AS start, bid_auction, bid_price,"
        + " bid_bidder FROM " + events + " WHERE event_type = 2)"
        + " SELECT start AS start_us, start + " + 10 * SECOND + " AS end_us,"
        + " arg_max(bid_auction, bid_price), max(bid_price), arg_max(bid_bidder, bid_price)"
        + " FROM tumbled GROUP BY start HAVING start + " + 10 * SECOND + " <= " + watermark);
    assertThat(expected).hasSizeGreaterThan(5);
    assertThat(reference(NexmarkReference.highestBid(10 * SECOND)))
        .containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void newUsers() throws Exception {
    String watermark = "(SELECT max(epoch_us(date_time)) - " + SECOND + " FROM " + events + ")";
    List<String> expected = duckDb("WITH tumbled AS (SELECT epoch_us(date_time)"
        + " - epoch_us(date_time) % " + 10 * SECOND + " AS start, event_type,"
        + " coalesce(person_id, auction_seller) AS id, person_name FROM " + events
        + " WHERE event_type IN (0, 1))"
        + " SELECT start AS start_us, start + " + 10 * SECOND + " AS end_us, id,"
        + " max(person_name) FROM tumbled GROUP BY start, id"
        + " HAVING count(*) FILTER (WHERE event_type = 0) > 0"
        + " AND count(*) FILTER (WHERE event_type = 1) > 0"
        + " AND start + " + 10 * SECOND + " <= " + watermark);
    assertThat(expected).isNotEmpty();
    assertThat(reference(NexmarkReference.newUsers(10 * SECOND)))
        .containsExactlyInAnyOrderElementsOf(expected);
  }
}
