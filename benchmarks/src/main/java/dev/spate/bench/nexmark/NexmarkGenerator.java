package dev.spate.bench.nexmark;

import dev.spate.bench.nexmark.NexmarkEvent.Auction;
import dev.spate.bench.nexmark.NexmarkEvent.Bid;
import dev.spate.bench.nexmark.NexmarkEvent.Person;
import java.time.Instant;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * A deterministic NEXMark event stream after the benchmark's auction-site model: people join,
 * open auctions and bid. Event {@code n} depends only on the seed and {@code n} (it has its own
 * random stream), so any event can be regenerated on its own and the stream is the same on every
 * machine.
 *
 * <p>The model: out of every {@value #TOTAL_PROPORTION} consecutive events, {@value
 * #PERSON_PROPORTION} is a person, {@value #AUCTION_PROPORTION} are auctions and {@value
 * #BID_PROPORTION} are bids, in that order, so person and auction ids grow with the stream and a
 * person and an auction exist before the first bid. Auctions are opened by an earlier person:
 * 3 in 4 by the current <em>hot seller</em> (the newest person id rounded down to a multiple of
 * {@value #HOT_GROUP}), the others by one of the {@value #ACTIVE_PEOPLE} newest people. Bids go to
 * an earlier auction, half of them to the current hot auction (newest auction id rounded down to a
 * multiple of {@value #HOT_GROUP}), the others to one of the {@value #IN_FLIGHT_AUCTIONS} newest
 * auctions; 3 in 4 bidders are the current hot bidder, the others one of the newest people. Prices
 * (cents) are log-uniform between 1 and 1,000,000 dollars; categories are {@value
 * #FIRST_CATEGORY_ID} to {@value #FIRST_CATEGORY_ID} + {@value #CATEGORIES} - 1.
 *
 * <p>Event time advances at {@code eventsPerSecond} from {@link #START} (10,000 events per
 * second of event time by default, see {@link #forScale}), and each event is up to {@value #MAX_DISORDER_MICROS} µs
 * earlier than its nominal time: a small bounded out-of-orderness, well below the one-second
 * watermark delay of the queries, so no event is ever late.
 */
public final class NexmarkGenerator {
  public static final int PERSON_PROPORTION = 1;
  public static final int AUCTION_PROPORTION = 3;
  public static final int BID_PROPORTION = 46;
  public static final int TOTAL_PROPORTION =
      PERSON_PROPORTION + AUCTION_PROPORTION + BID_PROPORTION;
  public static final long FIRST_PERSON_ID = 1000;
  public static final long FIRST_AUCTION_ID = 1000;
  public static final long FIRST_CATEGORY_ID = 10;
  public static final int CATEGORIES = 5;
  public static final int HOT_GROUP = 100;
  public static final int ACTIVE_PEOPLE = 1000;
  public static final int IN_FLIGHT_AUCTIONS = 100;
  public static final long MAX_DISORDER_MICROS = 250_000;
  public static final int DEFAULT_EVENTS_PER_SECOND = 10_000;
  /** The nominal time of event 0. */
  public static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
  /** Events per scale factor 1. */
  public static final long EVENTS_PER_SCALE_FACTOR = 1_000_000;

  private static final long START_MICROS = START.getEpochSecond() * 1_000_000L;
  private static final String[] FIRST_NAMES = {"Ada", "Bruno", "Chloe", "Dmitri", "Elena",
      "Farid", "Greta", "Hiro", "Ines", "Jonas", "Kemal", "Lena"};
  private static final String[] LAST_NAMES = {"Albers", "Brandt", "Costa", "Dufresne", "Eriksen",
      "Fontaine", "Gallo", "Horvath", "Ivanova", "Jansen"};
  private static final String[] STATES = {"AZ", "CA", "ID", "OR", "WA", "WY"};
  private static final String[] CITIES = {"Phoenix", "Tucson", "Fresno", "Sacramento", "Boise",
      "Salem", "Eugene", "Spokane", "Tacoma", "Casper"};
  private static final String[] ITEMS = {"lamp", "clock", "chair", "vase", "bicycle", "camera",
      "guitar", "painting", "rug", "watch"};
  private static final String[] CHANNELS = {"Google", "Facebook", "Baidu", "Apple"};
  private static final String[] DOMAINS = {"example.com", "example.org", "example.net"};

  private final long eventCount;
  private final long seed;
  private final int eventsPerSecond;

  public NexmarkGenerator(long eventCount, long seed, int eventsPerSecond) {
    if (eventCount < 0) {
      throw new IllegalArgumentException("eventCount must be >= 0, got " + eventCount);
    }
    if (eventsPerSecond <= 0) {
      throw new IllegalArgumentException("eventsPerSecond must be > 0, got " + eventsPerSecond);
    }
    this.eventCount = eventCount;
    this.seed = seed;
    this.eventsPerSecond = eventsPerSecond;
  }

  /**
   * The generator of {@code scaleFactor} million events (at least one full proportion cycle). At
   * scale factor 1 and above events arrive at {@value #DEFAULT_EVENTS_PER_SECOND} per second of
   * event time; below 1 the rate shrinks with the scale factor, so that every stream spans at least
   * 100 seconds of event time and the windowed queries have complete windows even at tiny scale.
   */
  public static NexmarkGenerator forScale(double scaleFactor, long seed) {
    long events = Math.max(TOTAL_PROPORTION, Math.round(scaleFactor * EVENTS_PER_SCALE_FACTOR));
    int rate = (int) Math.max(1,
        Math.round(DEFAULT_EVENTS_PER_SECOND * Math.min(1.0, scaleFactor)));
    return new NexmarkGenerator(events, seed, rate);
  }

  public long eventCount() {
    return eventCount;
  }

  public long seed() {
    return seed;
  }

  public int eventsPerSecond() {
    return eventsPerSecond;
  }

  /** Calls {@code consumer} with every event, in stream order. */
  public void forEach(Consumer<NexmarkEvent> consumer) {
    for (long number = 0; number < eventCount; number++) {
      consumer.accept(event(number));
    }
  }

  /** Event {@code number} (0-based; may lie beyond {@link #eventCount()}). */
  public NexmarkEvent event(long number) {
    if (number < 0) {
      throw new IllegalArgumentException("event number must be >= 0, got " + number);
    }
    SplittableRandom random = new SplittableRandom(mix(seed * 0x9E3779B97F4A7C15L + number));
    long epoch = number / TOTAL_PROPORTION;
    int offset = (int) (number % TOTAL_PROPORTION);
    long time = START_MICROS + number * 1_000_000L / eventsPerSecond
        - random.nextLong(MAX_DISORDER_MICROS + 1);
    if (offset < PERSON_PROPORTION) {
      long id = FIRST_PERSON_ID + epoch * PERSON_PROPORTION + offset;
      return new NexmarkEvent(number, NexmarkEvent.PERSON, time, person(id, random), null,
          null);
    }
    // every person of this epoch precedes its auctions and bids
    long people = (epoch + 1) * PERSON_PROPORTION;
    long newestPerson = FIRST_PERSON_ID + people - 1;
    if (offset < PERSON_PROPORTION + AUCTION_PROPORTION) {
      long id = FIRST_AUCTION_ID + epoch * AUCTION_PROPORTION + offset - PERSON_PROPORTION;
      long seller = random.nextInt(4) > 0 ? hot(newestPerson, FIRST_PERSON_ID)
          : recent(newestPerson, people, ACTIVE_PEOPLE, random);
      return new NexmarkEvent(number, NexmarkEvent.AUCTION, time, null,
          auction(id, seller, time, random), null);
    }
    long auctions = (epoch + 1) * AUCTION_PROPORTION;
    long newestAuction = FIRST_AUCTION_ID + auctions - 1;
    long auction = random.nextInt(2) > 0 ? hot(newestAuction, FIRST_AUCTION_ID)
        : recent(newestAuction, auctions, IN_FLIGHT_AUCTIONS, random);
    long bidder = random.nextInt(4) > 0 ? hot(newestPerson, FIRST_PERSON_ID)
        : recent(newestPerson, people, ACTIVE_PEOPLE, random);
    String channel = CHANNELS[random.nextInt(CHANNELS.length)];
    String url = "https://www.nexmark.com/" + channel.toLowerCase(Locale.ROOT)
        + "/item.htm?query=1&channel_id=" + random.nextInt(1 << 20);
    return new NexmarkEvent(number, NexmarkEvent.BID, time, null, null,
        new Bid(auction, bidder, price(random), channel, url));
  }

  private static Person person(long id, SplittableRandom random) {
    String first = FIRST_NAMES[random.nextInt(FIRST_NAMES.length)];
    String last = LAST_NAMES[random.nextInt(LAST_NAMES.length)];
    String email = first.toLowerCase(Locale.ROOT) + "." + id + "@"
        + DOMAINS[random.nextInt(DOMAINS.length)];
    StringBuilder card = new StringBuilder(19);
    for (int group = 0; group < 4; group++) {
      if (group > 0) {
        card.append(' ');
      }
      String digits = Integer.toString(10_000 + random.nextInt(10_000));
      card.append(digits, 1, 5);
    }
    int place = random.nextInt(CITIES.length);
    return new Person(id, first + " " + last, email, card.toString(), CITIES[place],
        STATES[place % STATES.length]);
  }

  private static Auction auction(long id, long seller, long time, SplittableRandom random) {
    long initialBid = price(random);
    long reserve = initialBid + price(random);
    long expires = time + 1_000_000L + random.nextLong(20_000_000L);
    String item = ITEMS[random.nextInt(ITEMS.length)];
    return new Auction(id, item + " " + random.nextInt(1000), "lot " + id + ": a fine " + item,
        initialBid, reserve, expires, seller, FIRST_CATEGORY_ID + random.nextInt(CATEGORIES));
  }

  /** A price in cents, log-uniform between 100 and 100,000,000. */
  private static long price(SplittableRandom random) {
    return Math.round(Math.pow(10.0, random.nextDouble() * 6.0) * 100.0);
  }

  /** The hot id of the moment: {@code newest} rounded down to a multiple of HOT_GROUP from first. */
  private static long hot(long newest, long first) {
    return newest - (newest - first) % HOT_GROUP;
  }

  /** One of the {@code window} newest of {@code count} ids ending at {@code newest}. */
  private static long recent(long newest, long count, int window, SplittableRandom random) {
    return newest - random.nextLong(Math.min(count, window));
  }

  /** A 64-bit finalizer (MurmurHash3's fmix64), so that neighbouring events get unrelated seeds. */
  private static long mix(long value) {
    long mixed = value;
    mixed ^= mixed >>> 33;
    mixed *= 0xff51afd7ed558ccdL;
    mixed ^= mixed >>> 33;
    mixed *= 0xc4ceb9fe1a85ec53L;
    mixed ^= mixed >>> 33;
    return mixed;
  }
}
