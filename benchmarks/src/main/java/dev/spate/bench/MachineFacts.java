package dev.spate.bench;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What a result was measured on: CPU, cores, memory, operating system, JDK and GPU, so that
 * figures from different machines are never compared blindly.
 *
 * @param gpu the GPU model, driver and compute capability, or why there is none
 */
public record MachineFacts(String cpuModel, int cores, long memoryBytes, String operatingSystem,
    String architecture, String javaVersion, String javaVendor, String javaVm, String gpu) {
  public MachineFacts {
    requireNonNull(cpuModel, "cpuModel is null");
    requireNonNull(operatingSystem, "operatingSystem is null");
    requireNonNull(architecture, "architecture is null");
    requireNonNull(javaVersion, "javaVersion is null");
    requireNonNull(javaVendor, "javaVendor is null");
    requireNonNull(javaVm, "javaVm is null");
    requireNonNull(gpu, "gpu is null");
  }

  /** The facts of the machine this JVM runs on, with {@code gpu} as the GPU description. */
  public static MachineFacts collect(String gpu) {
    long memory = -1;
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean) {
      memory = ((com.sun.management.OperatingSystemMXBean)
          ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
    }
    return new MachineFacts(readCpuModel(), Runtime.getRuntime().availableProcessors(), memory,
        System.getProperty("os.name") + " " + System.getProperty("os.version"),
        System.getProperty("os.arch"), System.getProperty("java.version"),
        System.getProperty("java.vendor"), System.getProperty("java.vm.name"), gpu);
  }

  /** The {@code model name} of /proc/cpuinfo, or "unknown" where there is no such file. */
  private static String readCpuModel() {
    Path cpuinfo = Path.of("/proc/cpuinfo");
    try {
      List<String> lines = Files.exists(cpuinfo) ? Files.readAllLines(cpuinfo) : List.of();
      for (String line : lines) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException e) {
      return "unknown (" + e.getMessage() + ")";
    }
    return "unknown";
  }
}
