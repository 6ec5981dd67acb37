package dev.spate.gpu;

import dev.spate.planner.config.ConfigKey;

/** The GPU backend's configuration keys (besides {@code spate.gpu.enabled} in SpateConfig). */
public final class GpuConfig {
  /**
   * An explicit cost gate for {@code spate.gpu.enabled=auto}: when set, a node goes to the GPU only
   * when the tables it reads are estimated at this many bytes or more, instead of the calibrated
   * {@link GpuCostModel}; tests set 0 (every supported node on the GPU). Unset, the model decides;
   * the default below is only what {@code get} answers then. Ignored when {@code
   * spate.gpu.enabled=true}.
   */
  public static final ConfigKey<Long> MIN_INPUT_BYTES = ConfigKey.longKey(
      "spate.gpu.minInputBytes", 64L << 20,
      "with spate.gpu.enabled=auto, when set: the estimated input size in bytes below which nodes"
          + " stay on the CPU, instead of the calibrated cost model; 0 places every supported node"
          + " on the GPU");

  /**
   * The CPU speed the cost model of {@code spate.gpu.enabled=auto} assumes for every operator, in
   * input bytes per second; 0 (the default) keeps the model's per-operator figures (Filter 2 GB/s,
   * Project 1 GB/s, HashAggregate 0.4 GB/s, time-window Generate 0.5 GB/s).
   */
  public static final ConfigKey<Long> CPU_BYTES_PER_SECOND = ConfigKey.longKey(
      "spate.gpu.cost.cpuBytesPerSecond", 0L,
      "the CPU speed in input bytes per second the GPU cost model assumes for every operator; 0"
          + " uses its per-operator figures");

  /**
   * The most (row, candidate window) pairs one event-time window launch examines: a batch with
   * more (rows times {@code ceil(size / slide)}) runs as several launches, which bounds the device
   * memory of sliding windows (16 bytes per pair); a window with more candidates per row than this
   * stays on the CPU. 4 Mi pairs by default.
   */
  public static final ConfigKey<Integer> WINDOW_ITEMS_PER_LAUNCH = ConfigKey.intKey(
      "spate.gpu.window.itemsPerLaunch", 1 << 22,
      "the most (row, candidate window) pairs one GPU time-window launch examines; larger batches"
          + " are split, and windows with more candidates per row stay on the CPU");

  /**
   * The most bytes of device memory the GPU operators may hold together (the {@link
   * DeviceMemoryPool}'s limit): an allocation beyond it fails with a {@link
   * GpuOutOfMemoryException}, after which the operator splits its batch in halves and retries, down
   * to {@link #RETRY_MIN_ROWS} rows, and then runs it on the CPU operator. 0 (the default) means the
   * device's free memory at start-up less a reserve of a twentieth of it.
   */
  public static final ConfigKey<Long> MEMORY_LIMIT_BYTES = ConfigKey.longKey(
      "spate.gpu.memoryLimitBytes", 0L,
      "the most device memory in bytes the GPU operators hold together; beyond it a batch is split"
          + " in halves and retried, then run on the CPU; 0 means free memory at start-up less 5%");

  /**
   * The fewest rows a batch is split down to after a device out-of-memory error; a piece that
   * still does not fit runs on the CPU operator. 1024 by default.
   */
  public static final ConfigKey<Integer> RETRY_MIN_ROWS = ConfigKey.intKey(
      "spate.gpu.retry.minRows", 1024,
      "the fewest rows a batch is split down to after a GPU out-of-memory error before it runs on"
          + " the CPU");

  /** Whether the GPU backend may run Filter nodes (default true); false keeps them on the CPU. */
  public static final ConfigKey<Boolean> FILTER_ENABLED = ConfigKey.booleanKey(
      "spate.gpu.filter.enabled", true, "whether the GPU backend may run Filter nodes");

  /** Whether the GPU backend may run Project nodes (default true); false keeps them on the CPU. */
  public static final ConfigKey<Boolean> PROJECT_ENABLED = ConfigKey.booleanKey(
      "spate.gpu.project.enabled", true, "whether the GPU backend may run Project nodes");

  /**
   * Whether the GPU backend may run HashAggregate nodes (default true); false keeps them on the
   * CPU.
   */
  public static final ConfigKey<Boolean> AGGREGATE_ENABLED = ConfigKey.booleanKey(
      "spate.gpu.aggregate.enabled", true, "whether the GPU backend may run HashAggregate nodes");

  /**
   * Whether the GPU backend may run the Generate of event-time windows (default true); false keeps
   * it on the CPU.
   */
  public static final ConfigKey<Boolean> WINDOW_ENABLED = ConfigKey.booleanKey(
      "spate.gpu.window.enabled", true,
      "whether the GPU backend may run the Generate of event-time windows");

  private GpuConfig() {}
}
