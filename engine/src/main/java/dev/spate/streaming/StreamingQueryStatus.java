package dev.spate.streaming;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a query is doing now, Spark's {@code StreamingQueryStatus}. Immutable. */
public final class StreamingQueryStatus {
  private final String message;
  private final boolean dataAvailable;
  private final boolean triggerActive;

  public StreamingQueryStatus(String message, boolean dataAvailable, boolean triggerActive) {
    this.message = java.util.Objects.requireNonNull(message, "message is null");
    this.dataAvailable = dataAvailable;
    this.triggerActive = triggerActive;
  }

  /** For example "Waiting for data to arrive", "Processing new data", "Stopped". */
  public String message() {
    return message;
  }

  public boolean isDataAvailable() {
    return dataAvailable;
  }

  public boolean isTriggerActive() {
    return triggerActive;
  }

  public String json() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("message", message);
    fields.put("isDataAvailable", dataAvailable);
    fields.put("isTriggerActive", triggerActive);
    try {
      return new ObjectMapper().writeValueAsString(fields);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return json();
  }
}
