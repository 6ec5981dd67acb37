package dev.spate.gpu;

import dev.spate.planner.config.ConfigKey;

/** The GPU backend's configuration keys (besides {@code spate.gpu.enabled} in SpateConfig). */
public final class GpuConfig {
  /**
   * The cost gate of {@code spate.gpu.enabled=auto}: a node goes to the GPU only when the tables it
   * reads are estimated at this many bytes or more, since below it the PCIe transfers and launch
   * latency cost more than the CPU pipeline. 64 MiB by default; tests set 0. Ignored when {@code
   * spate.gpu.enabled=true}.
   */
  public static final ConfigKey<Long> MIN_INPUT_BYTES = ConfigKey.longKey(
      "spate.gpu.minInputBytes", 64L << 20,
      "with spate.gpu.enabled=auto, the estimated input size in bytes below which nodes stay on"
          + " the CPU (the transfer break-even); 0 places every supported node on the GPU");

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

  private GpuConfig() {}
}
