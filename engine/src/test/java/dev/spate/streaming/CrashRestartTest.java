package dev.spate.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spate.Row;
import dev.spate.SpateSession;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a streaming query's JVM with SIGKILL at random points while it is processing batches (at
 * least 20 times), restarts it with the same checkpoint, and checks that the Parquet sink holds
 * every input row exactly once.
 */
class CrashRestartTest {
  private static final int FILES = 200;
  private static final int ROWS_PER_FILE = 10;
  private static final int KILLS = 20;

  @TempDir Path dir;

  @Test
  void sinkHoldsEveryRowExactlyOnceAfterRepeatedKills() throws Exception {
    Path in = dir.resolve("in");
    Files.createDirectories(in);
    for (int file = 0; file < FILES; file++) {
      StringBuilder lines = new StringBuilder();
      for (int row = 0; row < ROWS_PER_FILE; row++) {
        long id = (long) file * ROWS_PER_FILE + row;
        lines.append("{\"id\":").append(id).append(",\"payload\":\"p").append(id).append("\"}\n");
      }
      Files.writeString(in.resolve(String.format("f%03d.json", file)), lines);
    }
    Path out = dir.resolve("out");
    Path checkpoint = dir.resolve("ckpt");
    Random random = new Random(42);
    int kills = 0;
    long lastBatchSeen = -1;
    while (kills < KILLS) {
      Process child = start(in, out, checkpoint, false);
      String first;
      BlockingQueue<String> lines;
      try {
        lines = lines(child);
        // wait until the child has committed a batch, then kill it somewhere in the next few (a
        // batch of one small file takes a few milliseconds, so the stream outlives the 20 kills)
        first = lines.poll(60, TimeUnit.SECONDS);
        assertThat(first).as("the child started no batch; see child.log").startsWith("BATCH");
        Thread.sleep(random.nextInt(40));
        assertThat(child.isAlive()).as("the default-trigger child never exits by itself").isTrue();
      } finally {
        child.destroyForcibly().waitFor();
      }
      kills++;
      String last = first;
      for (String line = lines.poll(); line != null; line = lines.poll()) {
        last = line;
      }
      lastBatchSeen = Long.parseLong(last.substring("BATCH ".length()));
    }
    // every kill hit a running stream with input left: the last batch seen is not the last file
    assertThat(lastBatchSeen).isLessThan(FILES - 1);
    Process drain = start(in, out, checkpoint, true);
    lines(drain);
    assertThat(drain.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(drain.exitValue()).isZero();

    try (SpateSession spate = SpateSession.builder().appName("crash-check").getOrCreate()) {
      Map<Long, Integer> copies = new HashMap<>();
      for (Row row : spate.read().parquet(out.toString()).collectAsList()) {
        copies.merge(row.getLong(0), 1, Integer::sum);
        assertThat(row.getString(1)).isEqualTo("p" + row.getLong(0));
      }
      assertThat(copies).hasSize(FILES * ROWS_PER_FILE);
      assertThat(copies.values()).containsOnly(1);
    }
  }

  /** The child's output lines, read on a daemon thread (so the child never blocks on a pipe). */
  private static BlockingQueue<String> lines(Process child) {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader output = new BufferedReader(
          new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = output.readLine(); line != null; line = output.readLine()) {
          if (line.startsWith("BATCH ")) {
            lines.add(line);
          }
        }
      } catch (IOException e) {
        // the child was killed
      }
    });
    reader.setDaemon(true);
    reader.start();
    return lines;
  }

  private static Process start(Path in, Path out, Path checkpoint, boolean drain)
      throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
        "-cp", System.getProperty("java.class.path"), CrashChild.class.getName(),
        in.toString(), out.toString(), checkpoint.toString()));
    if (drain) {
      command.add("drain");
    }
    return new ProcessBuilder(command)
        .redirectError(new File(checkpoint.getParent().toFile(), "child.log")).start();
  }
}
