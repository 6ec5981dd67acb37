package dev.spate.bench;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * Where and at which size a suite runs.
 *
 * @param scaleFactor the suite's size knob (SSB: SF, 1 = 6 M lineorder rows; other suites say
 *     what 1 means in their description)
 * @param dataDirectory a directory owned by this suite and scale factor, for generated data;
 *     it survives between runs so generation is paid once
 * @param scratchDirectory an empty directory for checkpoints and sink output, removed afterwards
 * @param seed the generator seed (fixed by default so reference answers apply)
 */
public record BenchContext(double scaleFactor, Path dataDirectory, Path scratchDirectory, long seed) {
  public BenchContext {
    requireNonNull(dataDirectory, "dataDirectory is null");
    requireNonNull(scratchDirectory, "scratchDirectory is null");
    if (!(scaleFactor > 0)) {
      throw new IllegalArgumentException("scale factor must be positive, got " + scaleFactor);
    }
  }
}
