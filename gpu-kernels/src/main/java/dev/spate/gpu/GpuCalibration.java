package dev.spate.gpu;

import dev.spate.SpateException;
import java.util.List;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUstream;
import jcuda.driver.JCudaDriver;

/**
 * The device's speed as the cost model sees it, measured once per process at the first cost
 * decision ({@link GpuDevice#calibration()}): host-to-device and device-to-host bandwidth through
 * page-locked memory, the throughput of a memory-bound kernel ({@code spate_agg_init}, which writes
 * five words per slot) and the fixed cost of one launch plus a stream synchronisation. Each figure
 * is the best of a few repetitions of a 1 MiB transfer or launch after a warm-up, timed on the host
 * around the stream synchronisation. Every figure is positive and finite.
 *
 * @param hostToDeviceBytesPerSecond bytes per second copied host to device
 * @param deviceToHostBytesPerSecond bytes per second copied device to host
 * @param kernelBytesPerSecond bytes per second a memory-bound kernel processes
 * @param launchSeconds the seconds one small launch and its synchronisation take
 */
public record GpuCalibration(double hostToDeviceBytesPerSecond, double deviceToHostBytesPerSecond,
    double kernelBytesPerSecond, double launchSeconds) {
  private static final int SAMPLE_BYTES = 1 << 20;
  private static final int REPETITIONS = 3;
  private static final int ACCUMULATOR_WORDS = 5;

  public GpuCalibration {
    for (double figure : new double[] {hostToDeviceBytesPerSecond, deviceToHostBytesPerSecond,
        kernelBytesPerSecond, launchSeconds}) {
      if (!(figure > 0) || Double.isInfinite(figure)) {
        throw SpateException.internal("GPU calibration figures must be positive and finite, got "
            + figure, null);
      }
    }
  }

  /** Measures {@code device} (outside the memory pool and {@link GpuMetrics}). */
  static GpuCalibration measure(GpuDevice device) {
    device.bind();
    CUstream stream = device.stream();
    CUdeviceptr buffer = device.allocateRaw(SAMPLE_BYTES);
    try (StagingBuffer host = device.stagingPool().acquire(SAMPLE_BYTES)) {
      Pointer hostPointer = host.pointer();
      double toDevice = best(() -> JCudaDriver.cuMemcpyHtoDAsync(buffer, hostPointer,
          SAMPLE_BYTES, stream), stream);
      double toHost = best(() -> JCudaDriver.cuMemcpyDtoHAsync(hostPointer, buffer, SAMPLE_BYTES,
          stream), stream);
      int slots = SAMPLE_BYTES / (8 * ACCUMULATOR_WORDS);
      double kernel = best(() -> device.launchRaw("spate_agg_init", slots,
          List.of(Pointer.to(buffer), Pointer.to(new int[] {slots}))), stream);
      double launch = best(() -> device.launchRaw("spate_agg_init", 1,
          List.of(Pointer.to(buffer), Pointer.to(new int[] {1}))), stream);
      return new GpuCalibration(SAMPLE_BYTES / toDevice, SAMPLE_BYTES / toHost,
          8.0 * ACCUMULATOR_WORDS * slots / Math.max(kernel - launch, launch), launch);
    } finally {
      device.freeRaw(buffer);
    }
  }

  /** The fewest seconds {@code work} and a stream synchronisation took, after one warm-up. */
  private static double best(Runnable work, CUstream stream) {
    work.run();
    JCudaDriver.cuStreamSynchronize(stream);
    long fewest = Long.MAX_VALUE;
    for (int repetition = 0; repetition < REPETITIONS; repetition++) {
      long start = System.nanoTime();
      work.run();
      JCudaDriver.cuStreamSynchronize(stream);
      fewest = Math.min(fewest, System.nanoTime() - start);
    }
    return Math.max(fewest, 1) / 1e9;
  }
}
