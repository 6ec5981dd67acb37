package dev.spate.bench.nexmark;

import static java.util.Objects.requireNonNull;

import dev.spate.SpateException;
import dev.spate.bench.BenchFiles;
import dev.spate.bench.GeneratedBatches;
import dev.spate.bench.nexmark.NexmarkEvent.Auction;
import dev.spate.bench.nexmark.NexmarkEvent.Bid;
import dev.spate.bench.nexmark.NexmarkEvent.Person;
import dev.spate.io.FormatOptions;
import dev.spate.io.WriteResult;
import dev.spate.io.fs.OutputCommitter;
import dev.spate.io.parquet.ParquetWriteJob;
import dev.spate.planner.batch.VectorValues;
import dev.spate.planner.types.DataTypes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The generated NEXMark events on disk: one unified, wide event table as in Flink's NEXMark {@code
 * datagen} source ({@link #SCHEMA}: {@code event_type} 0 person, 1 auction, 2 bid, {@code
 * date_time}, then the person, auction and bid fields, null where they do not apply), written as
 * Parquet files of {@link #eventsPerFile} consecutive events each under {@code <data>/events/},
 * in event order. Modification times increase with the file number, so a streaming file source
 * reads them in event order. The marker {@value #MARKER} is written last; a directory without a
 * matching marker is an interrupted or different generation and is generated again.
 *
 * @param directory the directory holding the Parquet files
 * @param eventCount the number of events in all files
 * @param files the Parquet files in event order
 * @param bytes the total size of the files
 */
public record NexmarkFiles(Path directory, long eventCount, List<Path> files, long bytes) {
  /** The unified event schema. */
  public static final Schema SCHEMA = new Schema(List.of(
      Field.nullable("event_type", DataTypes.INT),
      Field.nullable("date_time", DataTypes.TIMESTAMP),
      Field.nullable("person_id", DataTypes.BIGINT),
      Field.nullable("person_name", DataTypes.STRING),
      Field.nullable("person_email", DataTypes.STRING),
      Field.nullable("person_credit_card", DataTypes.STRING),
      Field.nullable("person_city", DataTypes.STRING),
      Field.nullable("person_state", DataTypes.STRING),
      Field.nullable("auction_id", DataTypes.BIGINT),
      Field.nullable("auction_item_name", DataTypes.STRING),
      Field.nullable("auction_description", DataTypes.STRING),
      Field.nullable("auction_initial_bid", DataTypes.BIGINT),
      Field.nullable("auction_reserve", DataTypes.BIGINT),
      Field.nullable("auction_expires", DataTypes.TIMESTAMP),
      Field.nullable("auction_seller", DataTypes.BIGINT),
      Field.nullable("auction_category", DataTypes.BIGINT),
      Field.nullable("bid_auction", DataTypes.BIGINT),
      Field.nullable("bid_bidder", DataTypes.BIGINT),
      Field.nullable("bid_price", DataTypes.BIGINT),
      Field.nullable("bid_channel", DataTypes.STRING),
      Field.nullable("bid_url", DataTypes.STRING)));
  /** The completion marker in the data directory, written after every event file. */
  public static final String MARKER = "_NEXMARK_COMPLETE";
  /** Events per file at scale factor 0.5 and above (6.5 s of event time at the default rate). */
  public static final int MAX_EVENTS_PER_FILE = 65_536;
  /** Every scale factor gets at least this many files (when it has enough events), so runs have
   * several micro-batches even at tiny scale. */
  public static final int MIN_FILES = 8;
  private static final int MIN_EVENTS_PER_FILE = 256;
  private static final int LAYOUT_VERSION = 1;
  private static final long FIRST_MODIFICATION_MILLIS = 1_700_000_000_000L;

  public NexmarkFiles {
    requireNonNull(directory, "directory is null");
    files = List.copyOf(files);
  }

  /** How many consecutive events each file holds for a stream of {@code eventCount} events. */
  public static int eventsPerFile(long eventCount) {
    long perFile = (eventCount + MIN_FILES - 1) / MIN_FILES;
    return (int) Math.max(MIN_EVENTS_PER_FILE, Math.min(MAX_EVENTS_PER_FILE, perFile));
  }

  /**
   * The events of {@code generator} under {@code dataDirectory}: reuses a complete earlier
   * generation of the same stream, otherwise (re)writes every file and then the marker.
   */
  public static NexmarkFiles prepare(NexmarkGenerator generator, Path dataDirectory)
      throws IOException {
    Path events = dataDirectory.resolve("events");
    Path marker = dataDirectory.resolve(MARKER);
    if (complete(generator, dataDirectory)) {
      return open(events, generator.eventCount());
    }
    Files.deleteIfExists(marker);
    BenchFiles.deleteRecursively(events);
    Files.createDirectories(dataDirectory);
    write(generator, events);
    NexmarkFiles written = open(events, generator.eventCount());
    long modified = FIRST_MODIFICATION_MILLIS;
    for (Path file : written.files()) {
      Files.setLastModifiedTime(file, FileTime.fromMillis(modified));
      modified += 1000;
    }
    Files.writeString(marker, description(generator), StandardCharsets.UTF_8);
    return written;
  }

  /**
   * The complete generation of {@code generator}'s events under {@code dataDirectory}.
   *
   * @throws IllegalStateException when {@link #prepare} has not completed there
   */
  public static NexmarkFiles existing(NexmarkGenerator generator, Path dataDirectory)
      throws IOException {
    if (!complete(generator, dataDirectory)) {
      throw new IllegalStateException("no complete NEXMark generation of " + generator.eventCount()
          + " events in " + dataDirectory + ": prepare the suite first");
    }
    return open(dataDirectory.resolve("events"), generator.eventCount());
  }

  private static boolean complete(NexmarkGenerator generator, Path dataDirectory)
      throws IOException {
    Path marker = dataDirectory.resolve(MARKER);
    return Files.isRegularFile(marker)
        && Files.readString(marker, StandardCharsets.UTF_8).equals(description(generator));
  }

  /** The Parquet files of a complete generation in {@code events}, in event order. */
  private static NexmarkFiles open(Path events, long eventCount) throws IOException {
    List<Path> files;
    try (Stream<Path> listing = Files.list(events)) {
      files = listing.filter(file -> file.getFileName().toString().endsWith(".parquet"))
          .sorted().toList();
    }
    long bytes = 0;
    for (Path file : files) {
      bytes += Files.size(file);
    }
    return new NexmarkFiles(events, eventCount, files, bytes);
  }

  private static String description(NexmarkGenerator generator) {
    return "layout=" + LAYOUT_VERSION + "\nevents=" + generator.eventCount() + "\nseed="
        + generator.seed() + "\neventsPerSecond=" + generator.eventsPerSecond()
        + "\neventsPerFile=" + eventsPerFile(generator.eventCount()) + "\n";
  }

  private static void write(NexmarkGenerator generator, Path events) {
    try (BufferAllocator allocator = new RootAllocator()) {
      OutputCommitter committer = OutputCommitter.start(events.toString(), "overwrite");
      // a file size limit of one byte starts a new file after every batch: one file per batch
      WriteResult result = ParquetWriteJob.write(committer,
          new FormatOptions(Map.of()), 1L, events(generator, allocator));
      if (result.rows() != generator.eventCount()) {
        throw SpateException.io("wrote " + result.rows() + " NEXMark events instead of "
            + generator.eventCount(), null);
      }
    }
  }

  /** The events as Arrow batches of {@link #eventsPerFile} rows, generated one batch at a time. */
  private static GeneratedBatches events(NexmarkGenerator generator, BufferAllocator allocator) {
    long[] next = {0};
    return new GeneratedBatches(SCHEMA, allocator, eventsPerFile(generator.eventCount()),
        (vectors, capacity) -> {
          int rows = (int) Math.min(capacity, generator.eventCount() - next[0]);
          for (int row = 0; row < rows; row++) {
            fill(vectors, row, generator.event(next[0] + row));
          }
          next[0] += rows;
          return rows;
        });
  }

  private static void fill(List<FieldVector> vectors, int row, NexmarkEvent event) {
    Person person = event.person();
    Auction auction = event.auction();
    Bid bid = event.bid();
    Object[] values = {event.type(), event.timeMicros(),
        person == null ? null : person.id(), person == null ? null : person.name(),
        person == null ? null : person.emailAddress(),
        person == null ? null : person.creditCard(), person == null ? null : person.city(),
        person == null ? null : person.state(),
        auction == null ? null : auction.id(), auction == null ? null : auction.itemName(),
        auction == null ? null : auction.description(),
        auction == null ? null : auction.initialBid(),
        auction == null ? null : auction.reserve(),
        auction == null ? null : auction.expiresMicros(),
        auction == null ? null : auction.seller(), auction == null ? null : auction.category(),
        bid == null ? null : bid.auction(), bid == null ? null : bid.bidder(),
        bid == null ? null : bid.price(), bid == null ? null : bid.channel(),
        bid == null ? null : bid.url()};
    for (int index = 0; index < values.length; index++) {
      VectorValues.set(vectors.get(index), row, values[index]);
    }
  }
}
