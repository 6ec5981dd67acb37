package dev.spate.bench.nexmark;

import static java.util.Objects.requireNonNull;

/**
 * One NEXMark event: exactly one of {@link #person}, {@link #auction} and {@link #bid} is set,
 * matching {@link #type}.
 *
 * @param number the event's position in the stream, from 0
 * @param type {@link #PERSON}, {@link #AUCTION} or {@link #BID}
 * @param timeMicros the event time, microseconds since the epoch (UTC)
 * @param person the new person, or null
 * @param auction the new auction, or null
 * @param bid the new bid, or null
 */
public record NexmarkEvent(long number, int type, long timeMicros, Person person, Auction auction,
    Bid bid) {
  public static final int PERSON = 0;
  public static final int AUCTION = 1;
  public static final int BID = 2;

  public NexmarkEvent {
    int present = (person == null ? 0 : 1) + (auction == null ? 0 : 1) + (bid == null ? 0 : 1);
    boolean matches = (type == PERSON && person != null) || (type == AUCTION && auction != null)
        || (type == BID && bid != null);
    if (present != 1 || !matches) {
      throw new IllegalArgumentException("event " + number + " of type " + type
          + " must carry exactly the matching person, auction or bid");
    }
  }

  /** A person who joined the auction site. */
  public record Person(long id, String name, String emailAddress, String creditCard, String city,
      String state) {
    public Person {
      requireNonNull(name, "name is null");
      requireNonNull(emailAddress, "emailAddress is null");
      requireNonNull(creditCard, "creditCard is null");
      requireNonNull(city, "city is null");
      requireNonNull(state, "state is null");
    }
  }

  /** An auction opened by {@link #seller}, a person who joined earlier. */
  public record Auction(long id, String itemName, String description, long initialBid,
      long reserve, long expiresMicros, long seller, long category) {
    public Auction {
      requireNonNull(itemName, "itemName is null");
      requireNonNull(description, "description is null");
    }
  }

  /** A bid by {@link #bidder} (an earlier person) on {@link #auction} (an earlier auction). */
  public record Bid(long auction, long bidder, long price, String channel, String url) {
    public Bid {
      requireNonNull(channel, "channel is null");
      requireNonNull(url, "url is null");
    }
  }
}
