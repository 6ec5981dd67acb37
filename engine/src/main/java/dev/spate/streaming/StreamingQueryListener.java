package dev.spate.streaming;

import java.util.UUID;

/**
 * Receives the life-cycle events of every streaming query of a session (register with {@link
 * StreamingQueryManager#addListener}). Events are delivered on the query's own thread, in order,
 * right after the event happens; a listener must be quick and must not throw (exceptions are
 * ignored).
 */
public abstract class StreamingQueryListener {
  public abstract void onQueryStarted(QueryStartedEvent event);

  public abstract void onQueryProgress(QueryProgressEvent event);

  public abstract void onQueryTerminated(QueryTerminatedEvent event);

  /** A query started (its thread is about to run the first trigger). */
  public static final class QueryStartedEvent {
    private final UUID id;
    private final UUID runId;
    private final String name;

    public QueryStartedEvent(UUID id, UUID runId, String name) {
      this.id = id;
      this.runId = runId;
      this.name = name;
    }

    public UUID id() {
      return id;
    }

    public UUID runId() {
      return runId;
    }

    public String name() {
      return name;
    }
  }

  /** A batch completed. */
  public static final class QueryProgressEvent {
    private final StreamingQueryProgress progress;

    public QueryProgressEvent(StreamingQueryProgress progress) {
      this.progress = progress;
    }

    public StreamingQueryProgress progress() {
      return progress;
    }
  }

  /** A query stopped; {@link #exception()} is the failure's message, or null after stop(). */
  public static final class QueryTerminatedEvent {
    private final UUID id;
    private final UUID runId;
    private final String exception;

    public QueryTerminatedEvent(UUID id, UUID runId, String exception) {
      this.id = id;
      this.runId = runId;
      this.exception = exception;
    }

    public UUID id() {
      return id;
    }

    public UUID runId() {
      return runId;
    }

    public String exception() {
      return exception;
    }
  }
}
