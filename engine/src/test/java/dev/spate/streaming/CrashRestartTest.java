package dev.spate.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spate.Row;
import dev.spate.SpateSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
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
    CrashHarness.ChildLauncher launcher = drain -> {
      List<String> args = new ArrayList<>(List.of(in.toString(), out.toString(),
          checkpoint.toString()));
      if (drain) {
        args.add("drain");
      }
      return CrashHarness.startJvm(CrashChild.class, dir.resolve("child.log"), args);
    };
    // a batch of one small file takes a few milliseconds, so the stream outlives the 20 kills
    List<String> batches = CrashHarness.killRepeatedly(launcher, KILLS, new Random(42), 40);
    // every kill hit a running stream with input left: the last batch seen is not the last file
    assertThat(CrashHarness.batchId(batches.get(batches.size() - 1))).isLessThan(FILES - 1);
    CrashHarness.drain(launcher);

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
}
