package dev.spate.gpu;

import java.util.concurrent.atomic.LongAdder;

/**
 * Process-wide counters of the GPU backend, for benchmarks and reports: time spent in kernels
 * (host-timed around synchronous launches, since the launch is followed by a context
 * synchronisation), kernel launches, and bytes copied host to device and device to host. Thread
 * safe; {@link #reset()} zeroes every counter.
 */
public final class GpuMetrics {
  private static final LongAdder KERNEL_NANOS = new LongAdder();
  private static final LongAdder KERNEL_LAUNCHES = new LongAdder();
  private static final LongAdder HOST_TO_DEVICE_BYTES = new LongAdder();
  private static final LongAdder DEVICE_TO_HOST_BYTES = new LongAdder();

  private GpuMetrics() {}

  /** A consistent-enough copy of the counters (each counter is read once). */
  public record Snapshot(long kernelNanos, long kernelLaunches, long hostToDeviceBytes,
      long deviceToHostBytes) {}

  public static Snapshot snapshot() {
    return new Snapshot(KERNEL_NANOS.sum(), KERNEL_LAUNCHES.sum(), HOST_TO_DEVICE_BYTES.sum(),
        DEVICE_TO_HOST_BYTES.sum());
  }

  public static void reset() {
    KERNEL_NANOS.reset();
    KERNEL_LAUNCHES.reset();
    HOST_TO_DEVICE_BYTES.reset();
    DEVICE_TO_HOST_BYTES.reset();
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
