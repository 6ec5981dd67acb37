package dev.spate.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spate.Row;
import dev.spate.SpateSession;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a streaming query's JVM with SIGKILL at random points (at least 20 times), restarts it with
 * the same checkpoint, and checks that the Parquet sink holds every input row exactly once.
 */
class CrashRestartTest {
  private static final int FILES = 60;
  private static final int ROWS_PER_FILE = 20;
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
    while (kills < KILLS) {
      Process child = start(in, out, checkpoint, false);
      // JVM start-up takes a few hundred ms; kill somewhere in the start-up or the batches
      boolean exited = child.waitFor(400 + random.nextInt(1200), TimeUnit.MILLISECONDS);
      assertThat(exited).as("the default-trigger child never exits by itself").isFalse();
      child.destroyForcibly().waitFor();
      kills++;
    }
    Process drain = start(in, out, checkpoint, true);
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
    return new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(new File(checkpoint.getParent().toFile(), "child.log")).start();
  }
}
