package dev.spate.bench;

import static java.util.Objects.requireNonNull;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The progress bar of a benchmark run, on a terminal a single line redrawn in place:
 * {@code [#########-----------]  45%  18/40  ssb sf1 codegen q2.1/parquet run 3/5  eta 0:42}.
 * Without a terminal (CI logs, tests) it prints one line per step instead, so logs stay readable.
 * Messages go above the bar. Not thread safe: the runner calls it from one thread.
 */
public final class Progress {
  private static final int WIDTH = 24;

  private final PrintStream out;
  private final boolean interactive;
  private final long startedNanos = System.nanoTime();
  private long totalSteps;
  private long doneSteps;
  private boolean barShown;

  /**
   * @param out where to draw (standard error on the command line)
   * @param interactive true to redraw one line in place (a terminal), false for one line per step
   */
  public Progress(PrintStream out, boolean interactive) {
    this.out = requireNonNull(out, "out is null");
    this.interactive = interactive;
  }

  /** Adds {@code steps} to the total the bar counts towards. */
  public void addSteps(long steps) {
    totalSteps += steps;
  }

  /** Marks the start of one step and shows what it is. */
  public void step(String label) {
    doneSteps++;
    String line = bar() + "  " + label + eta();
    if (interactive) {
      out.print("\r\033[2K" + line);
      barShown = true;
    } else {
      out.println(line);
    }
    out.flush();
  }

  /** Counts {@code steps} as done without running them (a skipped query). */
  public void skip(long steps) {
    doneSteps += steps;
  }

  /** Prints a message on its own line, above the bar. */
  public void message(String text) {
    clearBar();
    out.println(text);
    out.flush();
  }

  /** Removes the bar at the end of the run. */
  public void finish() {
    clearBar();
    out.flush();
  }

  private void clearBar() {
    if (barShown) {
      out.print("\r\033[2K");
      barShown = false;
    }
  }

  private String bar() {
    long total = Math.max(1, totalSteps);
    int filled = (int) Math.min(WIDTH, doneSteps * WIDTH / total);
    return String.format(Locale.ROOT, "[%s%s] %3d%% %d/%d", "#".repeat(filled),
        "-".repeat(WIDTH - filled), doneSteps * 100 / total, doneSteps, totalSteps);
  }

  private String eta() {
    if (doneSteps <= 1 || totalSteps <= doneSteps) {
      return "";
    }
    double elapsedSeconds = (System.nanoTime() - startedNanos) / 1e9;
    long remaining = Math.round(elapsedSeconds / (doneSteps - 1) * (totalSteps - doneSteps + 1));
    return String.format(Locale.ROOT, "  eta %d:%02d", remaining / 60, remaining % 60);
  }
}
