package dev.spate.gpu;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.atomic.LongAdder;

/**
 * Process-wide counters of the GPU backend, for benchmarks and reports: time spent in kernels
 * (between CUDA events recorded around each launch on the stream, added when the stream is
 * synchronised), kernel launches, bytes copied host to device and device to host, out-of-memory
 * retries (a batch split in halves after a {@link GpuOutOfMemoryException}), CPU fallbacks (a batch
 * or an aggregation finished by the CPU operator at run time) and the last fallback's reason. Thread
 * safe; {@link #reset()} zeroes every counter and forgets the reason.
 */
public final class GpuMetrics {
  private static final LongAdder KERNEL_NANOS = new LongAdder();
  private static final LongAdder KERNEL_LAUNCHES = new LongAdder();
  private static final LongAdder HOST_TO_DEVICE_BYTES = new LongAdder();
  private static final LongAdder DEVICE_TO_HOST_BYTES = new LongAdder();
  private static final LongAdder OOM_RETRIES = new LongAdder();
  private static final LongAdder CPU_FALLBACKS = new LongAdder();
  private static volatile String lastFallbackReason = "";

  private GpuMetrics() {}

  /** A consistent-enough copy of the counters (each counter is read once). */
  public record Snapshot(long kernelNanos, long kernelLaunches, long hostToDeviceBytes,
      long deviceToHostBytes, long gpuOomRetries, long gpuCpuFallbacks,
      String lastFallbackReason) {
    public Snapshot {
      requireNonNull(lastFallbackReason, "lastFallbackReason is null");
    }
  }

  public static Snapshot snapshot() {
    return new Snapshot(KERNEL_NANOS.sum(), KERNEL_LAUNCHES.sum(), HOST_TO_DEVICE_BYTES.sum(),
        DEVICE_TO_HOST_BYTES.sum(), OOM_RETRIES.sum(), CPU_FALLBACKS.sum(), lastFallbackReason);
  }

  public static void reset() {
    KERNEL_NANOS.reset();
    KERNEL_LAUNCHES.reset();
    HOST_TO_DEVICE_BYTES.reset();
    DEVICE_TO_HOST_BYTES.reset();
    OOM_RETRIES.reset();
    CPU_FALLBACKS.reset();
    lastFallbackReason = "";
  }

  static void oomRetry() {
    OOM_RETRIES.increment();
  }

  static void cpuFallback(String reason) {
    lastFallbackReason = reason;
    CPU_FALLBACKS.increment();
  }

  static void kernel(long nanos) {
    KERNEL_NANOS.add(nanos);
    KERNEL_LAUNCHES.increment();
  }

  static void hostToDevice(long bytes) {
    HOST_TO_DEVICE_BYTES.add(bytes);
  }

  static void deviceToHost(long bytes) {
    DEVICE_TO_HOST_BYTES.add(bytes);
  }
}
