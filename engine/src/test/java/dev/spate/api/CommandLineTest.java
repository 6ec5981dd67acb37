package dev.spate.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spate.cli.SpateCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code spate} command line, run in-process with captured output. */
class CommandLineTest {
  @TempDir
  Path directory;

  private static final class Result {
    final int status;
    final String out;
    final String err;

    Result(int status, String out, String err) {
      this.status = status;
      this.out = out;
      this.err = err;
    }
  }

  private static Result run(String... arguments) {
    PrintStream originalOut = System.out;
    PrintStream originalErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int status = SpateCli.run(arguments);
      return new Result(status, out.toString(StandardCharsets.UTF_8),
          err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(originalOut);
      System.setErr(originalErr);
    }
  }

  @Test
  void sqlPrintsATable() {
    Result result = run("sql", "SELECT 1 + 1 AS two, 'x' AS s");
    assertThat(result.status).isZero();
    assertThat(result.out).contains("|two|  s|").contains("|  2|  x|");
  }

  @Test
  void errorsAreOneLineWithoutStackTraceUnlessVerbose() {
    Result result = run("sql", "SELECT nope");
    assertThat(result.status).isEqualTo(1);
    assertThat(result.err).startsWith("error: [ANALYSIS]").contains("nope")
        .doesNotContain("\tat ");
    Result verbose = run("sql", "--verbose", "SELECT nope");
    assertThat(verbose.err).contains("\tat ");
  }

  @Test
  void gpuOnRunsOnTheGpuWhereThereIsOneAndFailsClearlyWhereThereIsNone() {
    Result result = run("sql", "--gpu", "on", "SELECT 1 AS a");
    java.util.Optional<String> noGpu = dev.spate.gpu.GpuDevice.unavailableReason();
    if (noGpu.isPresent()) {
      assertThat(result.status).isEqualTo(1);
      assertThat(result.err).contains("[GPU] spate.gpu.enabled=true but no GPU backend is usable",
          noGpu.get());
    } else {
      assertThat(result.status).as(result.err).isZero();
      assertThat(result.out).contains("1");
    }
    assertThat(run("sql", "--gpu", "off", "SELECT 1 AS a").status).isZero();
  }

  @Test
  void inputFileNameNamesEachRowsFileAndIsEmptyWithoutAFileSource(@org.junit.jupiter.api.io.TempDir
      java.nio.file.Path directory) throws java.io.IOException {
    java.nio.file.Files.writeString(directory.resolve("a.json"), "{\"x\":1}\n{\"x\":2}\n");
    java.nio.file.Files.writeString(directory.resolve("b.json"), "{\"x\":3}\n");
    Result grouped = run("sql", "SELECT regexp_extract(input_file_name(), '[^/]+$', 0) AS f,"
        + " count(*) AS n, sum(x) AS s FROM json.`" + directory + "` GROUP BY input_file_name()"
        + " ORDER BY f");
    assertThat(grouped.status).as(grouped.err).isZero();
    assertThat(grouped.out).containsPattern("a\\.json\\s*\\|\\s*2\\s*\\|\\s*3")
        .containsPattern("b\\.json\\s*\\|\\s*1\\s*\\|\\s*3");
    Result noFile = run("sql", "SELECT concat('[', input_file_name(), ']') AS f");
    assertThat(noFile.status).as(noFile.err).isZero();
    assertThat(noFile.out).contains("[]");
  }

  @Test
  void explainShowsBackendPlacement() {
    Result result = run("explain", "SELECT 1 AS a");
    assertThat(result.status).isZero();
    assertThat(result.out).contains("[cpu]");
  }

  @Test
  void demoRunsEndToEndOnASmallScale() {
    Result result = run("demo", "--dir", directory.toString(), "--files", "5",
        "--rows-per-file", "40");
    assertThat(result.status).as(result.err).isZero();
    assertThat(result.out).contains("200 rows").contains("SensorType").contains("done in")
        .contains("[device_stats ] batch").contains("signal-loss alerts")
        .contains("finalized by the watermark");
  }

  @Test
  void streamRunsASqlQueryFromFilesToParquet() throws Exception {
    Path in = directory.resolve("in");
    java.nio.file.Files.createDirectories(in);
    java.nio.file.Files.writeString(in.resolve("a.json"), "{\"id\":1,\"kind\":\"x\"}\n"
        + "{\"id\":2,\"kind\":\"y\"}\n{\"id\":3,\"kind\":\"x\"}\n");
    Path out = directory.resolve("out");
    Result result = run("stream", "--source", "json:" + in, "--schema", "id BIGINT, kind STRING",
        "--query", "SELECT id * 10 AS tens FROM input WHERE kind = 'x'", "--sink",
        "parquet:" + out, "--checkpoint", directory.resolve("ckpt").toString(), "--trigger",
        "available-now");
    assertThat(result.status).as(result.err).isZero();
    assertThat(result.out).contains("batch 0: 3 rows in, 2 out");
    try (dev.spate.SpateSession spate = dev.spate.SpateSession.builder().getOrCreate()) {
      java.util.List<Long> tens = new java.util.ArrayList<>();
      for (dev.spate.Row row : spate.read().parquet(out.toString()).collectAsList()) {
        tens.add(row.getLong(0));
      }
      assertThat(tens).containsExactlyInAnyOrder(10L, 30L);
    }
  }
}
