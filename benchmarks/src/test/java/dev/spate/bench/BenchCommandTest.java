package dev.spate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spate.cli.SpateCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code spate bench} end to end at tiny scale: every answer checked, and the report folder
 * holds a complete results.json and a self-contained report.html.
 */
class BenchCommandTest {
  @TempDir
  Path directory;

  @Test
  void microAndSensorSuitesRunCheckedOnBothCpuBackendsAndWriteTheReport() throws Exception {
    for (String suite : new String[] {"micro", "sensor"}) {
      Path report = directory.resolve(suite);
      int status = SpateCli.run("bench", suite, "--sf", "0.002,0.004",
          "--backends", "codegen,interpreted", "--warmup", "0", "--runs", "2",
          "--report", report.toString(), "--data", directory.resolve("data").toString());
      assertThat(status).as(suite).isZero();

      JsonNode results = new ObjectMapper().readTree(report.resolve("results.json").toFile());
      assertThat(results.get("failed").asBoolean()).isFalse();
      assertThat(results.get("machine").get("cores").asInt()).isPositive();
      assertThat(results.get("machine").get("javaVersion").asText()).isNotEmpty();
      Set<String> queries = new HashSet<>();
      for (JsonNode result : results.get("results")) {
        assertThat(result.get("status").asText()).as(result.toString()).isEqualTo("ok");
        assertThat(result.get("runMillis")).hasSize(2);
        assertThat(result.get("medianMillis").asDouble()).isPositive();
        assertThat(result.get("minMillis").asDouble())
            .isLessThanOrEqualTo(result.get("maxMillis").asDouble());
        assertThat(result.get("inputRows").asLong()).isPositive();
        assertThat(result.get("rowsPerSecond").asDouble()).isPositive();
        queries.add(result.get("query").asText());
      }
      // 2 scale factors x 2 backends per query
      assertThat(results.get("results")).hasSize(queries.size() * 4);

      String html = Files.readString(report.resolve("report.html"));
      assertThat(html).contains("<svg", "scaling with the scale factor",
          "Every answer was checked").doesNotContain("<script", "http://", "https://");
      for (String query : queries) {
        assertThat(html).contains(query);
      }
    }
    try (java.util.stream.Stream<Path> left = Files.list(directory.resolve("micro"))) {
      assertThat(left.map(path -> path.getFileName().toString()))
          .as("scratch directories are removed").containsExactlyInAnyOrder("results.json", "report.html");
    }
  }

  @Test
  void streamingQueriesReportBatchLatency() throws Exception {
    Path report = directory.resolve("report");
    int status = SpateCli.run("bench", "sensor", "--sf", "0.002", "--backends", "interpreted",
        "--warmup", "0", "--runs", "1", "--queries", "window_counts", "--report", report.toString(),
        "--data", directory.resolve("data").toString());
    assertThat(status).isZero();
    JsonNode result = new ObjectMapper().readTree(report.resolve("results.json").toFile())
        .get("results").get(0);
    assertThat(result.get("query").asText()).isEqualTo("window_counts");
    assertThat(result.get("metrics").get("batches").asDouble()).isGreaterThan(1);
    assertThat(result.get("metrics").get("latencyMedianMillis").asDouble()).isPositive();
  }

  @Test
  void gpuBackendRunsTheMicroSuiteAndReportsKernelTimeAndPcieBytes() throws Exception {
    java.util.Optional<String> noGpu = dev.spate.gpu.GpuDevice.unavailableReason();
    if (noGpu.isPresent()) {
      String message = "the gpu backend needs the emulated driver and the PTX (bash native/build.sh): "
          + noGpu.get();
      org.junit.jupiter.api.Assertions.assertNotEquals("true", System.getenv("CI"), message);
      org.junit.jupiter.api.Assumptions.assumeTrue(false, message);
    }
    Path report = directory.resolve("gpu");
    int status = SpateCli.run("bench", "micro", "--sf", "0.0005", "--backends", "gpu,interpreted",
        "--warmup", "0", "--runs", "1", "--report", report.toString(),
        "--data", directory.resolve("data").toString());
    assertThat(status).isZero();
    JsonNode results = new ObjectMapper().readTree(report.resolve("results.json").toFile());
    assertThat(results.get("machine").get("gpu").asText()).contains("compute");
    long launches = 0;
    for (JsonNode result : results.get("results")) {
      assertThat(result.get("status").asText()).as(result.toString()).isEqualTo("ok");
      if (result.get("backend").asText().equals("gpu")) {
        JsonNode metrics = result.get("metrics");
        assertThat(metrics.has("gpuKernelMillis")).isTrue();
        launches += metrics.get("gpuKernelLaunches").asLong();
        if (result.get("query").asText().startsWith("filter/")) {
          assertThat(metrics.get("pcieHostToDeviceBytes").asDouble()).isPositive();
        }
      }
    }
    assertThat(launches).as("kernels ran on the (emulated) GPU").isPositive();
  }

  @Test
  void unknownSuiteAndBackendAreUsageErrors() {
    assertThat(SpateCli.run("bench", "tpcx", "--report", directory.toString())).isEqualTo(2);
    assertThat(SpateCli.run("bench", "micro", "--backends", "fpga", "--report",
        directory.toString())).isEqualTo(2);
  }
}
