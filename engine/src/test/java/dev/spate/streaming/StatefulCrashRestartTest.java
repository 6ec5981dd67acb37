package dev.spate.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spate.Row;
import dev.spate.SpateSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a JVM running two stateful streaming queries ({@link StatefulCrashChild}: a windowed
 * aggregation with a watermark in append mode and a deduplication, both into Parquet sinks, state
 * written as deltas with a full snapshot every third version) with SIGKILL at random points, 20
 * times, restarting it with the same checkpoints, then drains the input and checks the sinks
 * against a plain-Java computation over the whole input: exactly the windows whose end is at or
 * below the final watermark, each once with its count and sum, and each distinct key once.
 *
 * <p>The input is in event-time order up to a few seconds, well within the watermark delay, so no
 * row is late whatever the batches are. The seed (data and kill delays) is in the failure message.
 */
class StatefulCrashRestartTest {
  private static final int FILES = 200;
  private static final int ROWS_PER_FILE = 8;
  private static final int KILLS = 20;
  private static final Instant ORIGIN = Instant.parse("2024-01-01T00:00:00Z");

  @TempDir Path dir;

  @Test
  void sinksHoldFinalWindowsAndDistinctKeysExactlyOnceAfterRepeatedKills() throws Exception {
    long seed = System.nanoTime();
    try {
      run(new Random(seed));
    } catch (AssertionError | Exception e) {
      throw new AssertionError("failed with seed " + seed + " (child log: "
          + dir.resolve("child.log") + ")", e);
    }
  }

  /** One input row; {@code second} is the event time in seconds after {@link #ORIGIN}. */
  private record Event(long second, long device, long amount, String user) {
    String json() {
      return "{\"ts\":\"" + ORIGIN.plusSeconds(second) + "\",\"device\":" + device
          + ",\"amount\":" + amount + ",\"user\":\"" + user + "\"}\n";
    }
  }

  private void run(Random random) throws Exception {
    Path in = dir.resolve("in");
    Files.createDirectories(in);
    Map<String, long[]> windows = new HashMap<>();
    Map<String, Set<String>> distinct = new HashMap<>();
    long maxSecond = Long.MIN_VALUE;
    for (int file = 0; file < FILES; file++) {
      StringBuilder lines = new StringBuilder();
      for (int row = 0; row < ROWS_PER_FILE; row++) {
        // file f holds seconds 4f + 17 .. 4f + 23: the watermark before it is at most 4f + 9
        Event event = new Event(4L * file + 17 + random.nextInt(7), random.nextInt(3),
            random.nextInt(100), "u" + random.nextInt(3));
        lines.append(event.json());
        maxSecond = Math.max(maxSecond, event.second());
        long start = Math.floorDiv(event.second(), StatefulCrashChild.WINDOW_SECONDS)
            * StatefulCrashChild.WINDOW_SECONDS;
        long[] window = windows.computeIfAbsent(start + "/" + event.device(),
            ignored -> new long[2]);
        window[0]++;
        window[1] += event.amount();
        distinct.computeIfAbsent(event.user() + "@" + event.second(), ignored -> new HashSet<>())
            .add(event.device() + "/" + event.amount());
      }
      Files.writeString(in.resolve(String.format("f%03d.json", file)), lines);
    }
    long finalWatermark = maxSecond - StatefulCrashChild.WATERMARK_DELAY_SECONDS;
    Map<String, String> expectedWindows = new HashMap<>();
    windows.forEach((key, window) -> {
      long start = Long.parseLong(key.substring(0, key.indexOf('/')));
      if (start + StatefulCrashChild.WINDOW_SECONDS <= finalWatermark) {
        expectedWindows.put(key, window[0] + "/" + window[1]);
      }
    });

    Path work = dir.resolve("work");
    CrashHarness.ChildLauncher launcher = drain -> CrashHarness.startJvm(
        StatefulCrashChild.class, dir.resolve("child.log"), drain
            ? List.of(in.toString(), work.toString(), "drain")
            : List.of(in.toString(), work.toString()));
    // a batch pair takes tens of milliseconds, so the streams outlive the kills
    List<String> batches = CrashHarness.killRepeatedly(launcher, KILLS, new Random(
        random.nextLong()), 50);
    // every kill hit running streams with input left: neither query got to the last file
    Map<String, Long> lastBatch = new HashMap<>();
    for (String line : batches) {
      lastBatch.merge(CrashHarness.queryName(line), CrashHarness.batchId(line), Math::max);
    }
    assertThat(lastBatch).containsOnlyKeys(StatefulCrashChild.WINDOWS,
        StatefulCrashChild.DISTINCT);
    assertThat(lastBatch.values()).allSatisfy(batch -> assertThat(batch).isLessThan(FILES - 1));
    CrashHarness.drain(launcher);

    // both sinks are checked (and reported) even when the first is wrong
    SoftAssertions sinks = new SoftAssertions();
    try (SpateSession spate = SpateSession.builder().appName("stateful-crash-check")
        .getOrCreate()) {
      Map<String, String> actualWindows = new HashMap<>();
      List<String> windowsTwice = new ArrayList<>();
      for (Row row : spate.read().parquet(work.resolve(StatefulCrashChild.WINDOWS).toString())
          .collectAsList()) {
        long start = secondOf(row.get(0));
        sinks.assertThat(secondOf(row.get(1))).isEqualTo(start + StatefulCrashChild.WINDOW_SECONDS);
        String key = start + "/" + row.getLong(2);
        if (actualWindows.put(key, row.getLong(3) + "/" + row.getLong(4)) != null) {
          windowsTwice.add(key);
        }
      }
      sinks.assertThat(windowsTwice).as("windows (start/device) emitted twice").isEmpty();
      sinks.assertThat(actualWindows).as("windows (start/device -> count/sum)")
          .isEqualTo(expectedWindows);

      Set<String> actualKeys = new HashSet<>();
      List<String> keysTwice = new ArrayList<>();
      for (Row row : spate.read().parquet(work.resolve(StatefulCrashChild.DISTINCT).toString())
          .collectAsList()) {
        String key = row.getString(3) + "@" + secondOf(row.get(0));
        if (!actualKeys.add(key)) {
          keysTwice.add(key);
        }
        sinks.assertThat(distinct.get(key)).as("input rows (device/amount) of key %s", key)
            .contains(row.getLong(1) + "/" + row.getLong(2));
      }
      sinks.assertThat(keysTwice).as("distinct keys (user@second) emitted twice").isEmpty();
      sinks.assertThat(actualKeys).as("distinct keys (user@second)")
          .isEqualTo(distinct.keySet());
    }
    sinks.assertAll();
  }

  private static long secondOf(Object timestamp) {
    Instant instant = (Instant) timestamp;
    assertThat(instant.getNano()).isZero();
    return instant.getEpochSecond() - ORIGIN.getEpochSecond();
  }
}
