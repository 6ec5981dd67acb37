package dev.spate.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spate.SpateSession;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The child-JVM machinery of the crash tests: a child ({@link CrashChild}, {@link
 * StatefulCrashChild}) runs streaming queries with a file sink and reports every committed batch
 * on its standard output as {@code BATCH <query name> <batch id>}; the parent starts it, kills it
 * with SIGKILL at a random moment after its first reported batch, restarts it with the same
 * checkpoints, and finally lets it drain the input with {@code Trigger.AvailableNow()}.
 */
final class CrashHarness {
  private static final String BATCH = "BATCH ";

  private CrashHarness() {}

  /** How a test starts its child JVM, in kill mode or (with {@code drain}) in drain mode. */
  interface ChildLauncher {
    Process start(boolean drain) throws IOException;
  }

  /** In a child: prints {@code BATCH <query name> <batch id>} after each batch of the session. */
  static void reportBatches(SpateSession spate) {
    spate.streams().addListener(new StreamingQueryListener() {
      @Override
      public void onQueryStarted(QueryStartedEvent event) {}

      @Override
      public void onQueryProgress(QueryProgressEvent event) {
        synchronized (System.out) {
          System.out.println(BATCH + event.progress().name() + " " + event.progress().batchId());
          System.out.flush();
        }
      }

      @Override
      public void onQueryTerminated(QueryTerminatedEvent event) {}
    });
  }

  /** The batch id of a {@code BATCH <query name> <batch id>} line. */
  static long batchId(String line) {
    return Long.parseLong(line.substring(line.lastIndexOf(' ') + 1));
  }

  /** The query name of a {@code BATCH <query name> <batch id>} line. */
  static String queryName(String line) {
    return line.substring(BATCH.length(), line.lastIndexOf(' '));
  }

  /**
   * Starts a JVM running {@code main} of the test class path with {@code args}, with this JVM's
   * module and Arrow flags (the build's {@code jvm.flags}, which Arrow IPC needs); its standard
   * error goes to {@code log}.
   */
  static Process startJvm(Class<?> main, Path log, List<String> args) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:TieredStopAtLevel=1", "-Xshare:auto"));
    for (String flag : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (flag.startsWith("--add-opens") || flag.startsWith("--add-modules")
          || flag.startsWith("--sun-misc-unsafe-memory-access")
          || flag.startsWith("--enable-native-access") || flag.startsWith("-Darrow.")) {
        command.add(flag);
      }
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(args);
    return new ProcessBuilder(command).redirectError(log.toFile()).start();
  }

  /**
   * Starts the child {@code kills} times, each time waiting for its first reported batch, then
   * sleeping up to {@code maxDelayMs} (drawn from {@code random}) and killing it with SIGKILL;
   * returns every batch line the children printed, in order.
   */
  static List<String> killRepeatedly(ChildLauncher launcher, int kills, Random random,
      int maxDelayMs) throws Exception {
    List<String> seen = new ArrayList<>();
    for (int kill = 0; kill < kills; kill++) {
      Process child = launcher.start(false);
      BlockingQueue<String> lines;
      try {
        lines = batchLines(child);
        String first = lines.poll(60, TimeUnit.SECONDS);
        assertThat(first).as("child %d reported no batch; see its log", kill).startsWith(BATCH);
        seen.add(first);
        Thread.sleep(random.nextInt(maxDelayMs));
        assertThat(child.isAlive()).as("a default-trigger child never exits by itself; see its"
            + " log").isTrue();
      } finally {
        child.destroyForcibly().waitFor();
      }
      lines.drainTo(seen);
    }
    return seen;
  }

  /** Runs the child in drain mode and waits for it to process the rest of the input and exit. */
  static void drain(ChildLauncher launcher) throws Exception {
    Process drain = launcher.start(true);
    batchLines(drain);
    assertThat(drain.waitFor(120, TimeUnit.SECONDS)).as("the draining child finished").isTrue();
    assertThat(drain.exitValue()).as("the draining child's exit status; see its log").isZero();
  }

  /** The child's batch lines, read on a daemon thread (so the child never blocks on a pipe). */
  private static BlockingQueue<String> batchLines(Process child) {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader output = new BufferedReader(
          new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = output.readLine(); line != null; line = output.readLine()) {
          if (line.startsWith(BATCH)) {
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
}
