package dev.spate.sqllogictest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.spate.gpu.GpuDevice;
import dev.spate.gpu.GpuMetrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.AssertionFailedError;

/**
 * Runs every {@code .slt} file under {@code src/test/resources/slt} once per configuration of the
 * matrix: {@code spate.batch.maxRows} 1 (files not marked {@code slow}), 7 and 65536, each with
 * {@code spate.codegen.enabled} true and false (fallbacks allowed: {@code
 * spate.test.failOnFallback=false}), plus one GPU axis: {@code spate.gpu.enabled=true} with the cost
 * gate off at batch size {@value #GPU_BATCH_ROWS} (files not marked {@code slow}), on the emulated driver (nodes the GPU backend
 * does not take run on the CPU; a last check asserts that kernels really ran). Without the emulator
 * the GPU axis is skipped, or fails under {@code CI=true}. Each file is one dynamic test. {@code
 * -Dslt.filter=<regex>} runs only the files whose name matches.
 */
class SqlLogicTest {
  private static final Duration FILE_TIMEOUT = Duration.ofSeconds(120);
  private static final List<Integer> BATCH_SIZES = List.of(1, 7, 65536);
  private static final List<Boolean> CODEGEN = List.of(true, false);
  /** One batch size for the GPU axis: the emulator is slow. */
  private static final int GPU_BATCH_ROWS = 7;

  @TestFactory
  Stream<DynamicNode> sqlLogicTests() {
    Path resources = resourcesRoot();
    List<SltFile> files = sltFiles(resources);
    List<DynamicNode> configurations = new ArrayList<>();
    for (boolean codegen : CODEGEN) {
      for (int batchSize : BATCH_SIZES) {
        Map<String, String> configuration = Map.of("spate.batch.maxRows",
            Integer.toString(batchSize), "spate.codegen.enabled", Boolean.toString(codegen),
            "spate.test.failOnFallback", "false");
        List<DynamicTest> tests = new ArrayList<>();
        for (SltFile file : files) {
          if (batchSize == 1 && file.slow()) {
            continue;
          }
          tests.add(DynamicTest.dynamicTest(file.name(), file.path().toUri(),
              () -> runFile(file, configuration, resources)));
        }
        configurations.add(DynamicContainer.dynamicContainer("spate.codegen.enabled=" + codegen
            + ", spate.batch.maxRows=" + batchSize, tests));
      }
    }
    configurations.add(gpuAxis(files, resources));
    return configurations.stream();
  }

  private static DynamicContainer gpuAxis(List<SltFile> files, Path resources) {
    Map<String, String> configuration = Map.of("spate.batch.maxRows",
        Integer.toString(GPU_BATCH_ROWS), "spate.gpu.enabled", "true",
        "spate.gpu.minInputBytes", "0", "spate.test.failOnFallback", "false");
    List<DynamicTest> tests = new ArrayList<>();
    long[] launchesBefore = new long[1];
    tests.add(DynamicTest.dynamicTest("GPU (emulated driver) is available", () -> {
      requireGpu();
      launchesBefore[0] = GpuMetrics.snapshot().kernelLaunches();
    }));
    for (SltFile file : files) {
      if (file.slow()) {
        continue;
      }
      tests.add(DynamicTest.dynamicTest(file.name(), file.path().toUri(), () -> {
        requireGpu();
        runFile(file, configuration, resources);
      }));
    }
    tests.add(DynamicTest.dynamicTest("some queries ran GPU kernels", () -> {
      requireGpu();
      assertThat(GpuMetrics.snapshot().kernelLaunches()).as("GPU kernel launches in the GPU axis")
          .isGreaterThan(launchesBefore[0]);
    }));
    return DynamicContainer.dynamicContainer("spate.gpu.enabled=true, spate.batch.maxRows="
        + GPU_BATCH_ROWS, tests);
  }

  /** Skips the GPU axis without the emulated driver or PTX, except under CI=true, where it fails. */
  private static void requireGpu() {
    Optional<String> unavailable = GpuDevice.unavailableReason();
    if (unavailable.isPresent()) {
      String message = "the GPU axis needs native/build/fakecuda/libcuda.so.1 and the PTX (run bash"
          + " native/build.sh, then rebuild): " + unavailable.get();
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionFailedError(message);
      }
      Assumptions.assumeTrue(false, message);
    }
  }

  private static void runFile(SltFile file, Map<String, String> configuration, Path resources) {
    List<String> failures = assertTimeoutPreemptively(FILE_TIMEOUT,
        () -> new SltRunner(file, configuration, resources).run(),
        () -> file.name() + " did not finish within " + FILE_TIMEOUT + " " + configuration);
    SltRunner.summary(failures).ifPresent(message -> {
      throw new AssertionFailedError(message);
    });
  }

  private static List<SltFile> sltFiles(Path resources) {
    Path root = resources.resolve("slt");
    Pattern filter = Pattern.compile(System.getProperty("slt.filter", ".*"));
    try (Stream<Path> paths = Files.walk(root)) {
      return paths.filter(path -> path.toString().endsWith(".slt"))
          .sorted()
          .map(path -> SltParser.parse(path, "slt/" + root.relativize(path).toString()
              .replace('\\', '/')))
          .filter(file -> filter.matcher(file.name()).find())
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The absolute path of {@code src/test/resources} ({@code ${RESOURCES}} in .slt files), or of
   * its copy on the test class path when the sources are not at hand.
   */
  static Path resourcesRoot() {
    Path sources = Paths.get("src", "test", "resources").toAbsolutePath();
    if (Files.isDirectory(sources.resolve("slt"))) {
      return sources;
    }
    URL marker = SqlLogicTest.class.getClassLoader().getResource("slt/README.md");
    if (marker == null) {
      throw new IllegalStateException("cannot find the slt directory under " + sources
          + " or on the class path");
    }
    try {
      return Paths.get(marker.toURI()).getParent().getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
