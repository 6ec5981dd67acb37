package dev.spate.gpu;

import static java.util.Objects.requireNonNull;

/**
 * The facts of the GPU the backend runs on, for reports and EXPLAIN.
 *
 * @param name the device name the driver reports
 * @param computeMajor compute capability, major part
 * @param computeMinor compute capability, minor part
 * @param totalMemoryBytes device memory in bytes
 * @param driverVersion the driver's CUDA version as the driver encodes it (13000 = CUDA 13.0)
 * @param ptxArch which packaged PTX was loaded: {@code sm_90} or {@code compute_75}
 */
public record GpuDeviceInfo(String name, int computeMajor, int computeMinor, long totalMemoryBytes,
    int driverVersion, String ptxArch) {
  public GpuDeviceInfo {
    requireNonNull(name, "name is null");
    requireNonNull(ptxArch, "ptxArch is null");
  }

  /** For example {@code "Emulated GPU, compute 9.0, 16384 MiB, driver 13.0, PTX sm_90"}. */
  public String describe() {
    return name + ", compute " + computeMajor + "." + computeMinor + ", "
        + (totalMemoryBytes >> 20) + " MiB, driver " + driverVersion / 1000 + "."
        + driverVersion % 1000 / 10 + ", PTX " + ptxArch;
  }
}
