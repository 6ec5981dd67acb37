package dev.spate.bench.nexmark;

import static dev.spate.functions.coalesce;
import static dev.spate.functions.col;
import static dev.spate.functions.expr;
import static dev.spate.functions.lit;
import static dev.spate.functions.max;
import static dev.spate.functions.max_by;
import static dev.spate.functions.sum;
import static dev.spate.functions.when;
import static dev.spate.functions.window;
import static java.util.Objects.requireNonNull;

import dev.spate.DataFrame;
import dev.spate.streaming.OutputMode;
import java.math.BigDecimal;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The NEXMark queries as Spate streaming plans over the unified event stream ({@link
 * NexmarkFiles#SCHEMA}), each with its plain-Java {@link NexmarkReference}. The windowed queries
 * use a watermark of one second on {@code date_time} and append mode, so each window is emitted
 * once, complete, when the watermark passes its end.
 *
 * <ul>
 *   <li>q0 pass-through: every bid.
 *   <li>q1 currency conversion: every bid with {@code price * 0.908} (a DECIMAL).
 *   <li>q2 selection: auction and price of the bids on auctions whose id is a multiple of 123.
 *   <li>q5 hot items: bids per auction in 10-second windows sliding by 2 seconds; then, per
 *       window, the auction(s) with the most bids. The second step is a batch query in {@code
 *       foreachBatch} over each micro-batch's finalized windows (append mode emits all groups of a
 *       window in the same batch).
 *   <li>q7 highest bid: per 10-second tumbling window the highest bid price and the bid that
 *       offered it ({@code max_by} over the price; among equal prices the first bid read wins,
 *       where NEXMark's join form would list every such bid).
 *   <li>q8 monitor new users: the people who joined and opened an auction in the same 10-second
 *       tumbling window. Without stream-stream joins this is one windowed aggregation over the
 *       person and auction events grouped by (window, person id or seller), keeping the groups
 *       with both a person event and an auction.
 * </ul>
 */
final class NexmarkQueries {
  static final String WATERMARK_DELAY = "1 second";
  static final long WINDOW_MICROS = 10_000_000L;
  static final long SLIDE_MICROS = 2_000_000L;
  static final BigDecimal EURO_RATE = new BigDecimal("0.908");
  static final long SELECTION_MODULUS = 123;

  /**
   * One query: how to plan it over the event stream, how to finish each micro-batch's output
   * (identity for single-step queries), and its reference.
   *
   * @param name the report name
   * @param mode the output mode
   * @param plan the streaming plan over the events
   * @param finish the batch step applied to every micro-batch's output in foreachBatch
   * @param reference a fresh reference computation
   */
  record Definition(String name, OutputMode mode, UnaryOperator<DataFrame> plan,
      UnaryOperator<DataFrame> finish, Supplier<NexmarkReference> reference) {
    Definition {
      requireNonNull(name, "name is null");
      requireNonNull(mode, "mode is null");
      requireNonNull(plan, "plan is null");
      requireNonNull(finish, "finish is null");
      requireNonNull(reference, "reference is null");
    }
  }

  private NexmarkQueries() {}

  /** Every query, in report order. */
  static List<Definition> all() {
    return List.of(
        new Definition("q0", OutputMode.Append(), NexmarkQueries::passThrough,
            UnaryOperator.identity(), NexmarkReference::passThrough),
        new Definition("q1", OutputMode.Append(), NexmarkQueries::currencyConversion,
            UnaryOperator.identity(), () -> NexmarkReference.currencyConversion(EURO_RATE)),
        new Definition("q2", OutputMode.Append(), NexmarkQueries::selection,
            UnaryOperator.identity(), () -> NexmarkReference.selection(SELECTION_MODULUS)),
        new Definition("q5", OutputMode.Append(), NexmarkQueries::bidsPerAuction,
            NexmarkQueries::hottestAuctions,
            () -> NexmarkReference.hotItems(WINDOW_MICROS, SLIDE_MICROS)),
        new Definition("q7", OutputMode.Append(), NexmarkQueries::highestBid,
            UnaryOperator.identity(), () -> NexmarkReference.highestBid(WINDOW_MICROS)),
        new Definition("q8", OutputMode.Append(), NexmarkQueries::newUsers,
            UnaryOperator.identity(), () -> NexmarkReference.newUsers(WINDOW_MICROS)));
  }

  private static DataFrame bids(DataFrame events) {
    return events.where(col("event_type").equalTo(NexmarkEvent.BID));
  }

  private static DataFrame passThrough(DataFrame events) {
    return bids(events).select(col("bid_auction").alias("auction"),
        col("bid_bidder").alias("bidder"), col("bid_price").alias("price"),
        col("bid_channel").alias("channel"), col("bid_url").alias("url"), col("date_time"));
  }

  private static DataFrame currencyConversion(DataFrame events) {
    return bids(events).select(col("bid_auction").alias("auction"),
        col("bid_bidder").alias("bidder"), expr("bid_price * " + EURO_RATE).alias("price"),
        col("date_time"));
  }

  private static DataFrame selection(DataFrame events) {
    return bids(events).where(col("bid_auction").mod(SELECTION_MODULUS).equalTo(0))
        .select(col("bid_auction").alias("auction"), col("bid_price").alias("price"));
  }

  private static String seconds(long micros) {
    return micros / 1_000_000L + " seconds";
  }

  private static DataFrame bidsPerAuction(DataFrame events) {
    // renamed before grouping: Spate rejects groupBy(col(...).alias(...)) (MISSING_AGGREGATION)
    return bids(events.withWatermark("date_time", WATERMARK_DELAY))
        .withColumn("auction", col("bid_auction"))
        .groupBy(window(col("date_time"), seconds(WINDOW_MICROS), seconds(SLIDE_MICROS)),
            col("auction"))
        .count()
        .select(col("window.start").alias("window_start"), col("window.end").alias("window_end"),
            col("auction"), col("count").alias("bids"));
  }

  /** Per window of one micro-batch's finalized counts, the auctions with the most bids. */
  private static DataFrame hottestAuctions(DataFrame counts) {
    DataFrame most = counts.select(col("window_start").alias("top_start"), col("bids"))
        .groupBy(col("top_start"))
        .agg(max(col("bids")).alias("top_bids"));
    return counts.join(most, col("window_start").equalTo(col("top_start"))
            .and(col("bids").equalTo(col("top_bids"))))
        .select(col("window_start"), col("window_end"), col("auction"), col("bids"));
  }

  private static DataFrame highestBid(DataFrame events) {
    return bids(events.withWatermark("date_time", WATERMARK_DELAY))
        .groupBy(window(col("date_time"), seconds(WINDOW_MICROS)))
        .agg(max(col("bid_price")).alias("price"),
            max_by(col("bid_auction"), col("bid_price")).alias("auction"),
            max_by(col("bid_bidder"), col("bid_price")).alias("bidder"))
        .select(col("window.start").alias("window_start"), col("window.end").alias("window_end"),
            col("auction"), col("price"), col("bidder"));
  }

  private static DataFrame newUsers(DataFrame events) {
    return events.withWatermark("date_time", WATERMARK_DELAY)
        .where(col("event_type").equalTo(NexmarkEvent.PERSON)
            .or(col("event_type").equalTo(NexmarkEvent.AUCTION)))
        .withColumn("id", coalesce(col("person_id"), col("auction_seller")))
        .groupBy(window(col("date_time"), seconds(WINDOW_MICROS)), col("id"))
        .agg(sum(when(col("event_type").equalTo(NexmarkEvent.PERSON), lit(1)).otherwise(lit(0)))
                .alias("people"),
            sum(when(col("event_type").equalTo(NexmarkEvent.AUCTION), lit(1)).otherwise(lit(0)))
                .alias("auctions"),
            max(col("person_name")).alias("name"))
        .where(col("people").gt(0).and(col("auctions").gt(0)))
        .select(col("window.start").alias("window_start"), col("window.end").alias("window_end"),
            col("id"), col("name"));
  }
}
