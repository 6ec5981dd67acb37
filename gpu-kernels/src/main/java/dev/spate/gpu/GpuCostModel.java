package dev.spate.gpu;

import static java.util.Objects.requireNonNull;

import dev.spate.planner.physical.FilterExec;
import dev.spate.planner.physical.GenerateExec;
import dev.spate.planner.physical.HashAggregateExec;
import dev.spate.planner.physical.PhysicalNode;
import dev.spate.planner.physical.ProjectExec;
import java.util.Locale;
import java.util.Optional;

/**
 * The placement cost model of {@code spate.gpu.enabled=auto}: for an operator over {@code B} input
 * bytes, the GPU's time is {@code launches * launchSeconds + B / hostToDevice + B / kernel +
 * outputFraction * B / deviceToHost} from the device's {@link GpuCalibration}, the CPU's is {@code B
 * / cpuBytesPerSecond}, and the node stays on the CPU when the GPU's is larger. The per-operator
 * figures ({@link Profile}) are coarse constants: the CPU operator's bytes per second (overridden
 * for every operator by {@link GpuConfig#CPU_BYTES_PER_SECOND}), the share of the input that comes
 * back to the host and the launches per batch. Pure and immutable.
 */
final class GpuCostModel {
  /** What the model assumes of one operator. */
  record Profile(String operator, double cpuBytesPerSecond, double outputFraction, int launches) {
    Profile {
      requireNonNull(operator, "operator is null");
    }

    /** The profile of {@code node}'s operator (a Generate is a time-window assignment). */
    static Profile of(PhysicalNode node) {
      if (node instanceof FilterExec) {
        return new Profile("Filter", 2e9, 0.25, 3);
      }
      if (node instanceof ProjectExec) {
        return new Profile("Project", 1e9, 1.0, 3);
      }
      if (node instanceof HashAggregateExec) {
        return new Profile("HashAggregate", 4e8, 0.05, 6);
      }
      if (node instanceof GenerateExec) {
        return new Profile("Generate", 5e8, 2.0, 3);
      }
      return new Profile(node.name(), 1e9, 1.0, 3);
    }

    /** This profile with the CPU speed {@code bytesPerSecond} (when positive). */
    Profile withCpuBytesPerSecond(double bytesPerSecond) {
      return bytesPerSecond > 0
          ? new Profile(operator, bytesPerSecond, outputFraction, launches) : this;
    }
  }

  private GpuCostModel() {}

  /** The GPU's estimated seconds for {@code inputBytes} bytes through {@code profile}. */
  static double gpuSeconds(Profile profile, long inputBytes, GpuCalibration calibration) {
    return profile.launches() * calibration.launchSeconds()
        + inputBytes / calibration.hostToDeviceBytesPerSecond()
        + inputBytes / calibration.kernelBytesPerSecond()
        + profile.outputFraction() * inputBytes / calibration.deviceToHostBytesPerSecond();
  }

  /** The CPU's estimated seconds for {@code inputBytes} bytes through {@code profile}. */
  static double cpuSeconds(Profile profile, long inputBytes) {
    return inputBytes / profile.cpuBytesPerSecond();
  }

  /**
   * Empty when the GPU is estimated no slower than the CPU for {@code inputBytes} bytes; otherwise
   * why the node stays on the CPU, with both estimates and the figures behind them.
   */
  static Optional<String> cpuReason(Profile profile, long inputBytes, GpuCalibration calibration) {
    double gpu = gpuSeconds(profile, inputBytes, calibration);
    double cpu = cpuSeconds(profile, inputBytes);
    if (gpu <= cpu) {
      return Optional.empty();
    }
    return Optional.of(String.format(Locale.ROOT, "the GPU cost model estimates %s over about"
        + " %.3f MB at %.3f ms on the GPU (%d launches of %.1f us, in at %.2f GB/s, kernel at"
        + " %.2f GB/s, %.0f%% back at %.2f GB/s) against %.3f ms on the CPU (at %.2f GB/s), so it"
        + " stays on the CPU; spate.gpu.minInputBytes or spate.gpu.enabled=true overrides the"
        + " model.", profile.operator(), inputBytes / 1e6, gpu * 1e3, profile.launches(),
        calibration.launchSeconds() * 1e6, calibration.hostToDeviceBytesPerSecond() / 1e9,
        calibration.kernelBytesPerSecond() / 1e9, profile.outputFraction() * 100,
        calibration.deviceToHostBytesPerSecond() / 1e9, cpu * 1e3,
        profile.cpuBytesPerSecond() / 1e9));
  }
}
