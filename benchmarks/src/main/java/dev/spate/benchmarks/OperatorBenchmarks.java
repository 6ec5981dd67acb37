package dev.spate.benchmarks;

import dev.spate.DataFrame;
import dev.spate.SpateSession;
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

/**
 * Interpreted-path operator throughput over in-memory Arrow data, one query per invocation over
 * {@link #ROWS} rows; scores are rows per second (single-threaded execution).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-opens=java.base/java.nio=ALL-UNNAMED",
    "-Darrow.enable_unsafe_memory_access=true"})
public class OperatorBenchmarks {
  static final int ROWS = 4 * 1024 * 1024;

  private SpateSession spate;
  private DataFrame filter;
  private DataFrame project;
  private DataFrame filterProjectSum;
  private DataFrame groupedSum100;
  private DataFrame groupedSum1m;

  @Setup(Level.Trial)
  public void setUp() {
    spate = SpateSession.builder().appName("bench")
        .config("spate.codegen.enabled", "false").getOrCreate();
    DataFrame table = BenchmarkData.table(spate, ROWS);
    table.createOrReplaceTempView("t");
    filter = spate.sql("SELECT id, price FROM t WHERE price > 500");
    project = spate.sql("SELECT id * 3 + 7 AS a, price * 1.5 AS b FROM t");
    filterProjectSum = spate.sql("SELECT sum(id * 3 + 7) FROM t WHERE price > 500");
    groupedSum100 = spate.sql("SELECT k100, sum(price) FROM t GROUP BY k100");
    groupedSum1m = spate.sql("SELECT k1m, sum(price) FROM t GROUP BY k1m");
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    spate.close();
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public long filter() {
    return BenchmarkData.drain(filter);
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public long project() {
    return BenchmarkData.drain(project);
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public long filterProjectSum() {
    return BenchmarkData.drain(filterProjectSum);
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public long groupedSum100Groups() {
    return BenchmarkData.drain(groupedSum100);
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public long groupedSum1mGroups() {
    return BenchmarkData.drain(groupedSum1m);
  }
}
