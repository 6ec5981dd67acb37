package dev.spate.bench.nexmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generator's determinism, proportions, referential integrity and time model; file reuse. */
class NexmarkGeneratorTest {
  @TempDir Path directory;

  @Test
  void theSameSeedGivesTheSameEventsAndAnotherSeedOthers() {
    NexmarkGenerator generator = new NexmarkGenerator(2_000, 7L, 1_000);
    List<NexmarkEvent> first = new ArrayList<>();
    generator.forEach(first::add);
    List<NexmarkEvent> second = new ArrayList<>();
    new NexmarkGenerator(2_000, 7L, 1_000).forEach(second::add);
    assertThat(second).isEqualTo(first);
    assertThat(generator.event(1_234)).isEqualTo(first.get(1_234));
    List<NexmarkEvent> other = new ArrayList<>();
    new NexmarkGenerator(2_000, 8L, 1_000).forEach(other::add);
    assertThat(other).isNotEqualTo(first);
  }

  @Test
  void keepsTheProportionAndRefersOnlyToEarlierPeopleAndAuctions() {
    NexmarkGenerator generator = NexmarkGenerator.forScale(0.01, 42L);
    assertThat(generator.eventCount()).isEqualTo(10_000);
    long[] counts = new long[3];
    Set<Long> people = new HashSet<>();
    Set<Long> auctions = new HashSet<>();
    Set<Long> categories = new HashSet<>();
    long[] hottest = new long[1];
    Map<Long, Long> bidsPerAuction = new HashMap<>();
    generator.forEach(event -> {
      counts[event.type()]++;
      long nominal = NexmarkGenerator.START.getEpochSecond() * 1_000_000L
          + event.number() * 1_000_000L / generator.eventsPerSecond();
      assertThat(event.timeMicros()).isBetween(
          nominal - NexmarkGenerator.MAX_DISORDER_MICROS, nominal);
      switch (event.type()) {
        case NexmarkEvent.PERSON:
          assertThat(people.add(event.person().id())).isTrue();
          assertThat(event.person().state()).hasSize(2);
          break;
        case NexmarkEvent.AUCTION:
          assertThat(auctions.add(event.auction().id())).isTrue();
          assertThat(people).contains(event.auction().seller());
          assertThat(event.auction().reserve()).isGreaterThan(event.auction().initialBid());
          assertThat(event.auction().expiresMicros()).isGreaterThan(event.timeMicros());
          categories.add(event.auction().category());
          break;
        default:
          assertThat(auctions).contains(event.bid().auction());
          assertThat(people).contains(event.bid().bidder());
          assertThat(event.bid().price()).isBetween(100L, 100_000_000L);
          hottest[0] = Math.max(hottest[0],
              bidsPerAuction.merge(event.bid().auction(), 1L, Long::sum));
      }
    });
    assertThat(counts).containsExactly(200, 600, 9_200);
    assertThat(categories).hasSize(NexmarkGenerator.CATEGORIES);
    // hot auctions: the busiest auction gets far more than an even share of the bids
    assertThat(hottest[0]).isGreaterThan(20L * 9_200 / auctions.size());
  }

  @Test
  void reusesACompleteGenerationAndRedoesAnInterruptedOne() throws Exception {
    NexmarkGenerator generator = NexmarkGenerator.forScale(0.002, 42L);
    Path data = directory.resolve("data");
    NexmarkFiles files = NexmarkFiles.prepare(generator, data);
    assertThat(files.files()).hasSize(NexmarkFiles.MIN_FILES);
    assertThat(files.eventCount()).isEqualTo(2_000);
    List<FileTime> times = new ArrayList<>();
    for (Path file : files.files()) {
      times.add(Files.getLastModifiedTime(file));
    }
    assertThat(times).isSorted().doesNotHaveDuplicates();
    Path marker = data.resolve(NexmarkFiles.MARKER);
    FileTime written = Files.getLastModifiedTime(marker);
    assertThat(NexmarkFiles.prepare(generator, data)).isEqualTo(files);
    assertThat(Files.getLastModifiedTime(marker)).isEqualTo(written);
    // an interrupted generation: a file is lost and the marker was never written
    Files.delete(files.files().get(3));
    Files.delete(marker);
    NexmarkFiles again = NexmarkFiles.prepare(generator, data);
    assertThat(again.files()).hasSize(NexmarkFiles.MIN_FILES);
    assertThat(again.bytes()).isEqualTo(files.bytes());
    assertThat(NexmarkFiles.existing(generator, data)).isEqualTo(again);
  }
}
