package dev.spate.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.io.file.PathUtils;

/** File helpers the suites and benchmarks share. */
public final class BenchFiles {
  private BenchFiles() {}

  /** Deletes {@code root} and everything under it; nothing when it does not exist. */
  public static void deleteRecursively(Path root) throws IOException {
    if (Files.exists(root)) {
      PathUtils.deleteDirectory(root);
    }
  }
}
