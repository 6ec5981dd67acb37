package dev.spate.planner.config;

import static java.util.Objects.requireNonNull;

import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable set of configuration values. Unknown {@code spate.*} keys are kept (later modules
 * declare their own keys) but a known key with a malformed value is rejected when it is read.
 */
public final class SpateConfig {
  /** How the GPU backend is used. */
  public enum GpuMode { AUTO, TRUE, FALSE }

  public static final ConfigKey<GpuMode> GPU_ENABLED = ConfigKey.enumKey("spate.gpu.enabled",
      GpuMode.AUTO, GpuMode.class,
      "auto: use a GPU where one is found and the cost model says it pays; true: every supported"
          + " node on GPU, fail if there is no GPU; false: never");
  public static final ConfigKey<Boolean> CODEGEN_ENABLED = ConfigKey.booleanKey(
      "spate.codegen.enabled", true, "fuse pipelines with Janino; false runs the interpreted operators");
  public static final ConfigKey<Integer> SHUFFLE_PARTITIONS = ConfigKey.intKey(
      "spate.sql.shuffle.partitions", 2, "partitions of aggregation state");
  public static final ConfigKey<Integer> BATCH_MAX_ROWS = ConfigKey.intKey(
      "spate.batch.maxRows", 65536, "target rows per Arrow batch");
  public static final ConfigKey<Boolean> FAIL_ON_FALLBACK = ConfigKey.booleanKey(
      "spate.test.failOnFallback", false, "throw instead of falling back (tests)");
  public static final ConfigKey<String> SESSION_TIME_ZONE = ConfigKey.stringKey(
      "spate.sql.session.timeZone", "UTC", "time zone for parsing and display");
  public static final ConfigKey<Boolean> ANSI_ENABLED = ConfigKey.booleanKey(
      "spate.sql.ansi.enabled", true,
      "Spark's ANSI mode: overflow, division by zero and invalid casts raise errors instead of"
          + " returning null");
  public static final ConfigKey<Boolean> CASE_SENSITIVE = ConfigKey.booleanKey(
      "spate.sql.caseSensitive", false, "whether column and table names are case sensitive");
  public static final ConfigKey<Long> PARQUET_TARGET_FILE_BYTES = ConfigKey.longKey(
      "spate.sql.files.targetFileBytes", 128L << 20,
      "target size in bytes of each file a write produces");
  public static final ConfigKey<Long> BUFFER_POOL_BYTES = ConfigKey.longKey(
      "spate.memory.bufferPoolBytes", 256L << 20,
      "bytes of freed Arrow buffers a session keeps for reuse (read when the session is created;"
          + " 0 frees every buffer at once)");

  /** Every key declared here, for documentation and validation. */
  public static final List<ConfigKey<?>> KEYS = List.of(GPU_ENABLED, CODEGEN_ENABLED,
      SHUFFLE_PARTITIONS, BATCH_MAX_ROWS, FAIL_ON_FALLBACK, SESSION_TIME_ZONE, ANSI_ENABLED,
      CASE_SENSITIVE, PARQUET_TARGET_FILE_BYTES, BUFFER_POOL_BYTES);

  private final Map<String, String> values;

  public SpateConfig(Map<String, String> values) {
    this.values = Map.copyOf(requireNonNull(values, "values is null"));
    for (ConfigKey<?> key : KEYS) {
      if (this.values.containsKey(key.name())) {
        key.parse(this.values.get(key.name()));
      }
    }
  }

  public static SpateConfig defaults() {
    return new SpateConfig(Map.of());
  }

  public <T> T get(ConfigKey<T> key) {
    String value = values.get(key.name());
    return value == null ? key.defaultValue() : key.parse(value);
  }

  /** The raw value of any key, declared or not, or null. */
  public String getRaw(String name) {
    return values.get(name);
  }

  public SpateConfig with(String name, String value) {
    Map<String, String> copy = new LinkedHashMap<>(values);
    copy.put(name, value);
    return new SpateConfig(copy);
  }

  public Map<String, String> values() {
    return values;
  }

  public ZoneId timeZone() {
    return ZoneId.of(get(SESSION_TIME_ZONE));
  }

  public boolean ansi() {
    return get(ANSI_ENABLED);
  }

}
