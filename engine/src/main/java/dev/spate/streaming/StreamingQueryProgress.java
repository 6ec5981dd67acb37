package dev.spate.streaming;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The report of one micro-batch, Spark's {@code StreamingQueryProgress}, with {@link #json()} in
 * Spark's layout. Immutable.
 *
 * <p>{@code durationMs} keys: latestOffset, walCommit, queryPlanning, getBatch, addBatch,
 * commitOffsets, triggerExecution. {@code eventTime} keys: watermark (ISO-8601) and, when the
 * query has a watermark, min, max, avg. {@code sources}: per source description, startOffset,
 * endOffset, numInputRows, inputRowsPerSecond, processedRowsPerSecond. {@code sink}: description,
 * numOutputRows. {@code backend}: the backend that ran each physical operator. {@code codegen}:
 * the trigger's codegen work (the first trigger's includes the query's planning):
 * numSourcesGenerated, numClassesCompiled, compileTimeMs, numCacheHits.
 */
public final class StreamingQueryProgress {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper PRETTY =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Map<String, Object> fields;

  /** Built by the runtime; {@code fields} holds the values under Spark's JSON names. */
  public StreamingQueryProgress(Map<String, Object> fields) {
    this.fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
  }

  public UUID id() {
    return UUID.fromString((String) fields.get("id"));
  }

  public UUID runId() {
    return UUID.fromString((String) fields.get("runId"));
  }

  public String name() {
    return (String) fields.get("name");
  }

  /** The start of the trigger, ISO-8601 UTC. */
  public String timestamp() {
    return (String) fields.get("timestamp");
  }

  public long batchId() {
    return (Long) fields.get("batchId");
  }

  public long numInputRows() {
    return (Long) fields.get("numInputRows");
  }

  public double inputRowsPerSecond() {
    return (Double) fields.get("inputRowsPerSecond");
  }

  public double processedRowsPerSecond() {
    return (Double) fields.get("processedRowsPerSecond");
  }

  @SuppressWarnings("unchecked")
  public Map<String, Long> durationMs() {
    return (Map<String, Long>) fields.get("durationMs");
  }

  @SuppressWarnings("unchecked")
  public Map<String, String> eventTime() {
    return (Map<String, String>) fields.get("eventTime");
  }

  /** Per stateful operator: numRowsTotal, numRowsUpdated, numRowsDroppedByWatermark, memoryUsedBytes. */
  @SuppressWarnings("unchecked")
  public List<Map<String, Long>> stateOperators() {
    return (List<Map<String, Long>>) fields.get("stateOperators");
  }

  @SuppressWarnings("unchecked")
  public List<Map<String, Object>> sources() {
    return (List<Map<String, Object>>) fields.get("sources");
  }

  @SuppressWarnings("unchecked")
  public Map<String, Object> sink() {
    return (Map<String, Object>) fields.get("sink");
  }

  /** Which backend (CPU, CODEGEN, GPU) ran each physical operator, by operator description. */
  @SuppressWarnings("unchecked")
  public Map<String, String> backend() {
    return (Map<String, String>) fields.get("backend");
  }

  /**
   * The codegen work of this trigger (the first also counts the query's planning): {@code
   * numSourcesGenerated}, {@code numClassesCompiled}, {@code compileTimeMs} (time in the Janino
   * compiler) and {@code numCacheHits} (pipelines found compiled, by plan node or by source).
   */
  @SuppressWarnings("unchecked")
  public Map<String, Long> codegen() {
    return (Map<String, Long>) fields.get("codegen");
  }

  public String json() {
    return write(JSON);
  }

  public String prettyJson() {
    return write(PRETTY);
  }

  private String write(ObjectMapper mapper) {
    try {
      return mapper.writeValueAsString(fields);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the progress as JSON", e);
    }
  }

  @Override
  public String toString() {
    return prettyJson();
  }
}
