package dev.spate.streaming;

import dev.spate.SpateException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The streaming queries of one session, Spark's {@code StreamingQueryManager}: the active ones,
 * listeners, and waiting for any query to end. Thread safe.
 */
public final class StreamingQueryManager {
  private final Map<UUID, StreamingQuery> active = new LinkedHashMap<>();
  private final List<StreamingQueryListener> listeners = new CopyOnWriteArrayList<>();
  private StreamingQuery lastTerminated;

  /** The queries running now. */
  public synchronized StreamingQuery[] active() {
    return active.values().toArray(new StreamingQuery[0]);
  }

  /** The active query with this id (the checkpoint id), or null. */
  public synchronized StreamingQuery get(UUID id) {
    return active.get(id);
  }

  /** The active query with this name, or null. */
  public synchronized StreamingQuery get(String name) {
    for (StreamingQuery query : active.values()) {
      if (name.equals(query.name())) {
        return query;
      }
    }
    return null;
  }

  /**
   * Waits until any query of the session terminates (returns at once if one did since the last
   * {@link #resetTerminated()}); rethrows that query's failure.
   */
  public void awaitAnyTermination() {
    awaitAnyTermination(Long.MAX_VALUE);
  }

  /** As {@link #awaitAnyTermination()}, waiting at most {@code timeoutMs}; returns whether one ended. */
  public boolean awaitAnyTermination(long timeoutMs) {
    long deadline = timeoutMs == Long.MAX_VALUE ? Long.MAX_VALUE
        : System.currentTimeMillis() + timeoutMs;
    StreamingQuery terminated;
    synchronized (this) {
      while (lastTerminated == null) {
        long left = deadline - System.currentTimeMillis();
        if (left <= 0) {
          return false;
        }
        try {
          wait(Math.min(left, 1000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw SpateException.execution("interrupted while waiting for a query to terminate");
        }
      }
      terminated = lastTerminated;
    }
    terminated.exception().ifPresent(failure -> {
      throw failure;
    });
    return true;
  }

  /** Forgets past terminations so that {@link #awaitAnyTermination()} waits for a new one. */
  public synchronized void resetTerminated() {
    lastTerminated = null;
  }

  public void addListener(StreamingQueryListener listener) {
    listeners.add(java.util.Objects.requireNonNull(listener, "listener is null"));
  }

  public void removeListener(StreamingQueryListener listener) {
    listeners.remove(listener);
  }

  public List<StreamingQueryListener> listListeners() {
    return new ArrayList<>(listeners);
  }

  /** Registers a started query; refuses a second active query with the same name or id. */
  public synchronized void register(StreamingQuery query) {
    if (active.containsKey(query.id())) {
      throw SpateException.analysis("Cannot start query with id %s as another query with same id"
          + " is already active. Perhaps you are attempting to restart a query from checkpoint"
          + " that is already active.", query.id());
    }
    if (query.name() != null && get(query.name()) != null) {
      throw SpateException.analysis("Cannot start query with name %s as a query with that name is"
          + " already active in this SparkSession", query.name());
    }
    active.put(query.id(), query);
  }

  /** Called by a query's thread when it ends. */
  public synchronized void terminated(StreamingQuery query) {
    active.remove(query.id());
    lastTerminated = query;
    notifyAll();
  }

  /** Stops every active query (when the session closes). */
  public void stopAll() {
    for (StreamingQuery query : active()) {
      query.stop();
    }
  }

  /** Delivers an event to every listener, ignoring listener failures. */
  public void post(java.util.function.Consumer<StreamingQueryListener> event) {
    for (StreamingQueryListener listener : listeners) {
      try {
        event.accept(listener);
      } catch (RuntimeException ignored) {
        // a failing listener must not stop the query
      }
    }
  }
}
