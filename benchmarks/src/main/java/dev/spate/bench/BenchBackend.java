package dev.spate.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The backends a suite can run on, and the session configuration that selects each. */
public enum BenchBackend {
  /** CUDA kernels where the GPU backend supports a node, codegen for the rest. */
  GPU("gpu", Map.of("spate.gpu.enabled", "true", "spate.codegen.enabled", "true")),
  /** Janino-compiled fused operators, interpreted operators for the rest. */
  CODEGEN("codegen", Map.of("spate.gpu.enabled", "false", "spate.codegen.enabled", "true")),
  /** The vectorized interpreted operators only: the reference backend. */
  INTERPRETED("interpreted", Map.of("spate.gpu.enabled", "false", "spate.codegen.enabled", "false"));

  private final String label;
  private final Map<String, String> config;

  BenchBackend(String label, Map<String, String> config) {
    this.label = label;
    this.config = config;
  }

  /** The name on the command line and in reports. */
  public String label() {
    return label;
  }

  /** The session configuration that selects this backend. */
  public Map<String, String> config() {
    return config;
  }

  /**
   * Parses a comma-separated list such as {@code gpu,codegen}; throws IllegalArgumentException
   * naming the unknown entry and the valid ones.
   */
  public static List<BenchBackend> parseList(String text) {
    List<BenchBackend> backends = new ArrayList<>();
    for (String part : text.split(",")) {
      String name = part.trim().toLowerCase(Locale.ROOT);
      if (name.isEmpty()) {
        continue;
      }
      BenchBackend found = null;
      for (BenchBackend backend : values()) {
        if (backend.label.equals(name)) {
          found = backend;
        }
      }
      if (found == null) {
        throw new IllegalArgumentException("unknown backend '" + part.trim()
            + "'; the backends are gpu, codegen and interpreted");
      }
      if (!backends.contains(found)) {
        backends.add(found);
      }
    }
    if (backends.isEmpty()) {
      throw new IllegalArgumentException("no backend given; the backends are gpu, codegen and interpreted");
    }
    return List.copyOf(backends);
  }
}
