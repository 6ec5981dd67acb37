package dev.spate.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The GPU model and driver as {@code nvidia-smi} reports them, for the report's machine facts
 * when Spate's own device probe found no usable GPU: the report then still says what the machine
 * has.
 */
final class GpuFacts {
  private GpuFacts() {}

  /** For example {@code NVIDIA H100 80GB HBM3, driver 575.57.08}, or why nothing is known. */
  static String describe() {
    ProcessBuilder builder = new ProcessBuilder("nvidia-smi",
        "--query-gpu=name,driver_version", "--format=csv,noheader").redirectErrorStream(true);
    try {
      Process process = builder.start();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return "unknown: nvidia-smi did not answer within 10 s";
      }
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
          .trim();
      if (process.exitValue() != 0 || output.isEmpty()) {
        return "none: nvidia-smi failed: " + output;
      }
      StringBuilder description = new StringBuilder();
      for (String line : output.split("\n")) {
        String[] parts = line.split(",", 2);
        if (description.length() > 0) {
          description.append("; ");
        }
        description.append(parts[0].trim());
        if (parts.length > 1) {
          description.append(", driver ").append(parts[1].trim());
        }
      }
      return description.toString();
    } catch (IOException e) {
      return "none: no nvidia-smi on PATH";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown: interrupted";
    }
  }
}
