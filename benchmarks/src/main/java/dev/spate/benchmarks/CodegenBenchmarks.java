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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Operator throughput with codegen and on the interpreted path in the same run ({@code codegen}
 * true / false): filter, project, filter + project + sum, grouped sum with 100 and 1 M groups, a
 * 10-expression projection; one query per invocation over {@link #ROWS} in-memory rows ({@link
 * BenchmarkData}); scores are rows per second, single-threaded. Compare the two settings of each benchmark as a ratio (shared build machine).
 * Targets (DESIGN.md section 6): fused filter + project + sum >= 1 G rows/s, grouped sum >= 250 M
 * rows/s with 100 groups and >= 50 M rows/s with 1 M groups.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-modules=jdk.incubator.vector", "-Darrow.enable_unsafe_memory_access=true"})
public class CodegenBenchmarks {
  static final int ROWS = 4 * 1024 * 1024;

  @Param({"true", "false"})
  public String codegen;

  private SpateSession spate;
  private DataFrame filter;
  private DataFrame project;
  private DataFrame filterProjectSum;
  private DataFrame groupedSum100;
  private DataFrame groupedSum1m;
  private DataFrame projection10;

  @Setup(Level.Trial)
  public void setUp() {
    spate = SpateSession.builder().appName("codegen-bench")
        .config("spate.codegen.enabled", codegen).getOrCreate();
    BenchmarkData.table(spate, ROWS).createOrReplaceTempView("t");
    filter = spate.sql("SELECT id, price FROM t WHERE price > 500");
    project = spate.sql("SELECT id * 3 + 7 AS a, price * 1.5 AS b FROM t");
    filterProjectSum = spate.sql("SELECT sum(id * 3 + 7) FROM t WHERE price > 500");
    groupedSum100 = spate.sql("SELECT k100, sum(price) FROM t GROUP BY k100");
    groupedSum1m = spate.sql("SELECT k1m, sum(price) FROM t GROUP BY k1m");
    projection10 = spate.sql("SELECT id + 1 AS a0, id * 2 AS a1, id - k100 AS a2,"
        + " price * 1.5 AS a3, price + 2.0 AS a4, price > 500 AS a5, id % 7 AS a6,"
        + " k100 * k100 AS a7, price / 3.0 AS a8, CASE WHEN price > 250 THEN id ELSE k1m END AS a9"
        + " FROM t");
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

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public long projection10Expressions() {
    return BenchmarkData.drain(projection10);
  }
}
