package dev.spate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spate.cli.SpateCli;
import dev.spate.gpu.GpuDevice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code spate bench} end to end at tiny scale: every suite on every backend (the gpu one on the
 * emulated driver), every answer checked, and the report folder holding a complete results.json
 * and a self-contained report.html.
 */
class BenchCommandTest {
  /** A tiny scale factor per suite; SSB's has shipped reference answers. */
  private static final Map<String, String> TINY = Map.of("ssb", "0.01", "nexmark", "0.005",
      "sensor", "0.002", "micro", "0.001");

  @TempDir
  Path directory;

  static Stream<String> suites() {
    return BenchSuites.all().stream().map(BenchSuite::name);
  }

  /** The backends to run: gpu too where the (emulated) driver is usable, and always under CI. */
  private static String backends() {
    Optional<String> noGpu = GpuDevice.unavailableReason();
    if (noGpu.isPresent()) {
      Assertions.assertNotEquals("true", System.getenv("CI"), "the gpu backend needs the"
          + " emulated driver and the PTX (bash native/build.sh): " + noGpu.get());
      return "codegen,interpreted";
    }
    return "gpu,codegen,interpreted";
  }

  private JsonNode bench(String... arguments) throws Exception {
    Path report = directory.resolve("report");
    String[] command = Stream.concat(Stream.of("bench"), Stream.concat(Stream.of(arguments),
        Stream.of("--report", report.toString(), "--data", directory.resolve("data").toString())))
        .toArray(String[]::new);
    assertThat(SpateCli.run(command)).as(String.join(" ", command)).isZero();
    return new ObjectMapper().readTree(report.resolve("results.json").toFile());
  }

  @ParameterizedTest
  @MethodSource("suites")
  void everySuiteRunsCheckedOnEveryBackendAndWritesTheReport(String suite) throws Exception {
    assertThat(TINY).as("a tiny scale factor for suite " + suite).containsKey(suite);
    String backends = backends();
    JsonNode results = bench(suite, "--sf", TINY.get(suite), "--backends", backends,
        "--warmup", "0", "--runs", "1");

    assertThat(results.get("failed").asBoolean()).isFalse();
    assertThat(results.get("machine").get("cores").asInt()).isPositive();
    assertThat(results.get("machine").get("javaVersion").asText()).isNotEmpty();
    Set<String> queries = new HashSet<>();
    long gpuLaunches = 0;
    for (JsonNode result : results.get("results")) {
      assertThat(result.get("status").asText()).as(result.toString()).isEqualTo("ok");
      assertThat(result.get("runMillis")).hasSize(1);
      assertThat(result.get("medianMillis").asDouble()).isPositive();
      assertThat(result.get("inputRows").asLong()).isPositive();
      assertThat(result.get("rowsPerSecond").asDouble()).isPositive();
      if (result.get("backend").asText().equals("gpu")) {
        assertThat(result.get("metrics").has("gpuKernelMillis")).isTrue();
        gpuLaunches += result.get("metrics").get("gpuKernelLaunches").asLong();
      }
      queries.add(result.get("query").asText());
    }
    assertThat(results.get("results")).hasSize(queries.size() * backends.split(",").length);
    if (backends.startsWith("gpu")) {
      assertThat(gpuLaunches).as("kernels ran on the (emulated) GPU").isPositive();
      assertThat(results.get("machine").get("gpu").asText()).contains("compute");
    }

    Path report = directory.resolve("report");
    String html = Files.readString(report.resolve("report.html"));
    assertThat(html).contains("<svg", "Every answer was checked")
        .doesNotContain("<script", "http://", "https://");
    for (String query : queries) {
      assertThat(html).contains(query);
    }
    try (Stream<Path> left = Files.list(report)) {
      assertThat(left.map(path -> path.getFileName().toString()))
          .as("scratch directories are removed").containsExactlyInAnyOrder("results.json",
              "report.html");
    }
  }

  @Test
  void severalScaleFactorsAreChartedAsScaling() throws Exception {
    JsonNode results = bench("micro", "--sf", "0.001,0.002", "--backends", "interpreted",
        "--warmup", "0", "--runs", "2", "--queries", "group/k100");
    assertThat(results.get("results")).hasSize(2);
    for (JsonNode result : results.get("results")) {
      assertThat(result.get("runMillis")).hasSize(2);
      assertThat(result.get("minMillis").asDouble())
          .isLessThanOrEqualTo(result.get("maxMillis").asDouble());
    }
    assertThat(Files.readString(directory.resolve("report").resolve("report.html")))
        .contains("scaling with the scale factor", "polyline");
  }

  @Test
  void streamingQueriesReportBatchLatency() throws Exception {
    JsonNode result = bench("sensor", "--sf", "0.002", "--backends", "interpreted", "--warmup",
        "0", "--runs", "1", "--queries", "window_counts").get("results").get(0);
    assertThat(result.get("query").asText()).isEqualTo("window_counts");
    assertThat(result.get("metrics").get("batches").asDouble()).isGreaterThan(1);
    assertThat(result.get("metrics").get("latencyMedianMillis").asDouble()).isPositive();
  }

  @Test
  void unknownSuiteAndBackendAreUsageErrors() {
    assertThat(SpateCli.run("bench", "tpcx", "--report", directory.toString())).isEqualTo(2);
    assertThat(SpateCli.run("bench", "micro", "--backends", "fpga", "--report",
        directory.toString())).isEqualTo(2);
    assertThat(List.of("ssb", "nexmark", "sensor", "micro"))
        .containsExactlyInAnyOrderElementsOf(suites().toList());
  }
}
