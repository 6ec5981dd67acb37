package dev.spate.streaming;

import dev.spate.SpateException;
import java.util.Locale;

/**
 * What a streaming query writes to its sink at each trigger: {@link #Append()} only new final rows,
 * {@link #Update()} the rows that changed in this trigger, {@link #Complete()} the whole result.
 */
public final class OutputMode {
  private static final OutputMode APPEND = new OutputMode("append");
  private static final OutputMode UPDATE = new OutputMode("update");
  private static final OutputMode COMPLETE = new OutputMode("complete");

  private final String name;

  private OutputMode(String name) {
    this.name = name;
  }

  public static OutputMode Append() {
    return APPEND;
  }

  public static OutputMode Update() {
    return UPDATE;
  }

  public static OutputMode Complete() {
    return COMPLETE;
  }

  /** The mode named {@code text} (case-insensitive): append, update or complete. */
  public static OutputMode parse(String text) {
    switch (text == null ? "" : text.trim().toLowerCase(Locale.ROOT)) {
      case "append":
        return APPEND;
      case "update":
        return UPDATE;
      case "complete":
        return COMPLETE;
      default:
        throw SpateException.analysis("Unknown output mode %s. Accepted output modes are 'append',"
            + " 'complete', 'update'", text);
    }
  }

  public String name() {
    return name;
  }

  @Override
  public String toString() {
    return name;
  }
}
