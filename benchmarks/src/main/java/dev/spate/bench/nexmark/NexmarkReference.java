package dev.spate.bench.nexmark;

import dev.spate.bench.Answers;
import dev.spate.bench.nexmark.NexmarkEvent.Bid;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The expected answer of one NEXMark query, computed in plain Java from the generated events in
 * stream order (independently of Spate), as canonical {@link Answers} lines in any order.
 *
 * <p>The windowed references follow Spark's event-time rules: a window {@code [start, end)} holds
 * the events with {@code start <= time < end}; sliding windows start at multiples of the slide; a
 * window is emitted in append mode once the watermark (the maximum event time of all events seen,
 * whatever their type, minus the delay) reaches its end, so at the end of the stream exactly the windows with {@code end <=
 * maxEventTime - delay} have been emitted. The generator's disorder is below the delay, so no
 * event is late.
 */
abstract class NexmarkReference {
  /** The watermark delay of the windowed queries. */
  static final long WATERMARK_DELAY_MICROS = 1_000_000L;

  abstract void accept(NexmarkEvent event);

  abstract List<String> lines();

  /** The lines of the reference over every event of {@code generator}. */
  static List<String> compute(NexmarkReference reference, NexmarkGenerator generator) {
    generator.forEach(reference::accept);
    return reference.lines();
  }

  static String line(Object... values) {
    StringBuilder line = new StringBuilder();
    for (int index = 0; index < values.length; index++) {
      if (index > 0) {
        line.append('|');
      }
      line.append(Answers.value(values[index]));
    }
    return line.toString();
  }

  static Instant instant(long micros) {
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
        Math.floorMod(micros, 1_000_000L) * 1000L);
  }

  /** A stateless query: one line (or none) per bid. */
  abstract static class PerBid extends NexmarkReference {
    private final List<String> lines = new ArrayList<>();

    @Override
    final void accept(NexmarkEvent event) {
      if (event.type() == NexmarkEvent.BID) {
        String line = bidLine(event.bid(), event.timeMicros());
        if (line != null) {
          lines.add(line);
        }
      }
    }

    /** The line for {@code bid}, or null when the query drops it. */
    abstract String bidLine(Bid bid, long timeMicros);

    @Override
    final List<String> lines() {
      return Collections.unmodifiableList(lines);
    }
  }

  /** q0: every bid. */
  static NexmarkReference passThrough() {
    return new PerBid() {
      @Override
      String bidLine(Bid bid, long timeMicros) {
        return line(bid.auction(), bid.bidder(), bid.price(), bid.channel(),
            bid.url(), instant(timeMicros));
      }
    };
  }

  /** q1: every bid with its price converted at {@code rate}. */
  static NexmarkReference currencyConversion(BigDecimal rate) {
    return new PerBid() {
      @Override
      String bidLine(Bid bid, long timeMicros) {
        return line(bid.auction(), bid.bidder(),
            BigDecimal.valueOf(bid.price()).multiply(rate), instant(timeMicros));
      }
    };
  }

  /** q2: auction and price of the bids on auctions whose id is a multiple of {@code modulus}. */
  static NexmarkReference selection(long modulus) {
    return new PerBid() {
      @Override
      String bidLine(Bid bid, long timeMicros) {
        return bid.auction() % modulus == 0
            ? line(bid.auction(), bid.price()) : null;
      }
    };
  }

  /** A windowed query: state per window start, emitted for the windows final at the end. */
  abstract static class Windowed<S> extends NexmarkReference {
    private final long sizeMicros;
    private final long slideMicros;
    private final TreeMap<Long, S> windows = new TreeMap<>();
    private long maxTimeMicros = Long.MIN_VALUE;

    Windowed(long sizeMicros, long slideMicros) {
      this.sizeMicros = sizeMicros;
      this.slideMicros = slideMicros;
    }

    @Override
    final void accept(NexmarkEvent event) {
      long time = event.timeMicros();
      // the queries set the watermark on the whole event stream, before selecting events
      maxTimeMicros = Math.max(maxTimeMicros, time);
      if (!relevant(event)) {
        return;
      }
      long lastStart = time - Math.floorMod(time, slideMicros);
      for (long start = lastStart; start > time - sizeMicros; start -= slideMicros) {
        add(windows.computeIfAbsent(start, ignored -> newState()), event);
      }
    }

    @Override
    final List<String> lines() {
      List<String> lines = new ArrayList<>();
      long watermark = maxTimeMicros - WATERMARK_DELAY_MICROS;
      windows.forEach((start, state) -> {
        if (start + sizeMicros <= watermark) {
          emit(instant(start), instant(start + sizeMicros), state, lines);
        }
      });
      return lines;
    }

    abstract boolean relevant(NexmarkEvent event);

    abstract S newState();

    abstract void add(S state, NexmarkEvent event);

    abstract void emit(Instant start, Instant end, S state, List<String> lines);
  }

  /** q5: per sliding window, the auction(s) with the most bids and that count. */
  static NexmarkReference hotItems(long sizeMicros, long slideMicros) {
    return new Windowed<Map<Long, Long>>(sizeMicros, slideMicros) {
      @Override
      boolean relevant(NexmarkEvent event) {
        return event.type() == NexmarkEvent.BID;
      }

      @Override
      Map<Long, Long> newState() {
        return new HashMap<>();
      }

      @Override
      void add(Map<Long, Long> bidsPerAuction, NexmarkEvent event) {
        bidsPerAuction.merge(event.bid().auction(), 1L, Long::sum);
      }

      @Override
      void emit(Instant start, Instant end, Map<Long, Long> bidsPerAuction, List<String> lines) {
        long most = bidsPerAuction.values().stream().mapToLong(Long::longValue).max().orElse(0);
        bidsPerAuction.forEach((auction, bids) -> {
          if (bids == most) {
            lines.add(line(start, end, auction, bids));
          }
        });
      }
    };
  }

  /** q7: per tumbling window, the highest bid: auction, price, bidder (the first of equal bids). */
  static NexmarkReference highestBid(long sizeMicros) {
    return new Windowed<long[]>(sizeMicros, sizeMicros) {
      @Override
      boolean relevant(NexmarkEvent event) {
        return event.type() == NexmarkEvent.BID;
      }

      @Override
      long[] newState() {
        return new long[] {0, Long.MIN_VALUE, 0};
      }

      @Override
      void add(long[] highest, NexmarkEvent event) {
        if (event.bid().price() > highest[1]) {
          highest[0] = event.bid().auction();
          highest[1] = event.bid().price();
          highest[2] = event.bid().bidder();
        }
      }

      @Override
      void emit(Instant start, Instant end, long[] highest, List<String> lines) {
        lines.add(line(start, end, highest[0], highest[1], highest[2]));
      }
    };
  }

  /** q8: per tumbling window, the people who joined and opened an auction in it. */
  static NexmarkReference newUsers(long sizeMicros) {
    return new Windowed<Map<Long, NewUser>>(sizeMicros, sizeMicros) {
      @Override
      boolean relevant(NexmarkEvent event) {
        return event.type() != NexmarkEvent.BID;
      }

      @Override
      Map<Long, NewUser> newState() {
        return new HashMap<>();
      }

      @Override
      void add(Map<Long, NewUser> users, NexmarkEvent event) {
        if (event.type() == NexmarkEvent.PERSON) {
          users.computeIfAbsent(event.person().id(), id -> new NewUser()).name =
              event.person().name();
        } else {
          users.computeIfAbsent(event.auction().seller(), id -> new NewUser()).auctions++;
        }
      }

      @Override
      void emit(Instant start, Instant end, Map<Long, NewUser> users, List<String> lines) {
        users.forEach((id, user) -> {
          if (user.name != null && user.auctions > 0) {
            lines.add(line(start, end, id, user.name));
          }
        });
      }
    };
  }

  /** What q8 knows of one person in one window. */
  private static final class NewUser {
    String name;
    long auctions;
  }
}
