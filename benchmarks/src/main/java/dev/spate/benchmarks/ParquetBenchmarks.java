package dev.spate.benchmarks;

import dev.spate.DataFrame;
import dev.spate.SpateSession;
import dev.spate.bench.BenchFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/** Parquet scan (4 numeric columns into Arrow) and write (Arrow to snappy Parquet), rows per second. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-modules=jdk.incubator.vector", "-Darrow.enable_unsafe_memory_access=true"})
public class ParquetBenchmarks {
  static final int ROWS = 2 * 1024 * 1024;

  private SpateSession spate;
  private Path directory;
  private DataFrame table;
  private DataFrame scan;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    spate = SpateSession.builder().appName("bench").getOrCreate();
    directory = Files.createTempDirectory("spate-parquet-bench");
    table = BenchmarkData.table(spate, ROWS);
    table.write().mode("overwrite").parquet(directory.resolve("scan").toString());
    scan = spate.read().parquet(directory.resolve("scan").toString());
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    spate.close();
    BenchFiles.deleteRecursively(directory);
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public long scan() {
    return BenchmarkData.drain(scan);
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public void write() {
    table.write().mode("overwrite").parquet(directory.resolve("write").toString());
  }
}
