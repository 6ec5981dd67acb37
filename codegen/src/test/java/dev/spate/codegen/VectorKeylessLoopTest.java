package dev.spate.codegen;

import static dev.spate.codegen.PlanRunner.ANSI;
import static dev.spate.codegen.PlanRunner.BIGINT;
import static dev.spate.codegen.PlanRunner.BOOLEAN;
import static dev.spate.codegen.PlanRunner.DOUBLE;
import static dev.spate.codegen.PlanRunner.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spate.SpateException;
import dev.spate.codegen.compile.PipelineCompiler;
import dev.spate.codegen.generate.GeneratedSource;
import dev.spate.codegen.generate.PipelineGenerator;
import dev.spate.codegen.generate.PipelineSpec;
import dev.spate.codegen.generate.VectorApi;
import dev.spate.codegen.runtime.PipelineKernel;
import dev.spate.planner.config.SpateConfig;
import dev.spate.planner.expr.AggregateCall;
import dev.spate.planner.expr.Cast;
import dev.spate.planner.expr.ColumnRef;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.expr.FunctionNames;
import dev.spate.planner.expr.Literal;
import dev.spate.planner.physical.FilterExec;
import dev.spate.planner.physical.HashAggregateExec;
import dev.spate.planner.physical.PhysicalNode;
import dev.spate.planner.spi.Backend;
import dev.spate.planner.spi.PlacedPlan;
import dev.spate.planner.spi.TableSource;
import dev.spate.planner.types.DataTypes;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.LongPredicate;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Keyless aggregations on SIMD lanes ({@code VectorKeylessLoop}): results equal plain Java
 * computations with Spark's rules (NaN above every number and equal to itself, -0.0 equal to 0.0,
 * ANSI overflow errors, wrapping sums without ANSI), over batches whose sizes leave partial
 * vectors, with and without NULLs; and the lane loop itself takes a dense batch without NULLs,
 * and declines (state untouched) a NaN literal or a batch the overflow proof does not cover.
 */
class VectorKeylessLoopTest {
  private static final Field A = DataTypes.field("a", DataTypes.BIGINT, true);
  private static final Field B = DataTypes.field("b", DataTypes.BIGINT, true);
  private static final Field F = DataTypes.field("f", DataTypes.DOUBLE, true);
  private static final Field U = DataTypes.field("u", DataTypes.INT, true);
  private static final Schema SCHEMA = new Schema(List.of(A, B, F, U));
  private static final String[] COMPARISONS = {FunctionNames.EQUAL, FunctionNames.NOT_EQUAL,
      FunctionNames.LESS_THAN, FunctionNames.LESS_THAN_OR_EQUAL, FunctionNames.GREATER_THAN,
      FunctionNames.GREATER_THAN_OR_EQUAL};
  private static final double[] SPECIAL = {Double.NaN, -0.0, 0.0, 500.0, Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY};

  private BufferAllocator allocator;
  private long[] as;
  private long[] bs;
  private double[] fs;
  private int[] us;

  @BeforeEach
  void setUp() {
    allocator = new RootAllocator();
    Random random = new Random(17);
    int rows = 1003;
    as = new long[rows];
    bs = new long[rows];
    fs = new double[rows];
    us = new int[rows];
    for (int row = 0; row < rows; row++) {
      us[row] = random.nextInt(9) == 0 ? (random.nextBoolean() ? Integer.MIN_VALUE
          : Integer.MAX_VALUE) : random.nextInt(10_001) - 5000;
      as[row] = random.nextInt(2001) - 1000;
      bs[row] = random.nextInt(7) == 0 ? Long.MIN_VALUE + random.nextInt(3)
          : random.nextLong() >> random.nextInt(64);
      fs[row] = random.nextInt(5) == 0 ? SPECIAL[random.nextInt(SPECIAL.length)]
          : random.nextDouble() * 1000;
    }
  }

  @AfterEach
  void tearDown() {
    allocator.close();
  }

  private static Expression a() {
    return new ColumnRef(0, "a", A);
  }

  private static Expression b() {
    return new ColumnRef(1, "b", B);
  }

  private static Expression f() {
    return new ColumnRef(2, "f", F);
  }

  /** CAST(u AS BIGINT). */
  private static Expression wideU() {
    return new Cast(new ColumnRef(3, "u", U), BIGINT);
  }

  private static AggregateCall aggregate(String name, Expression... arguments) {
    return new AggregateCall(name, List.of(arguments), false, BIGINT);
  }

  /** a * 3 + 7. */
  private static Expression affine() {
    return call(FunctionNames.ADD, BIGINT,
        call(FunctionNames.MULTIPLY, BIGINT, a(), Literal.ofLong(3)), Literal.ofLong(7));
  }

  /** SELECT count(*), sum(a * 3 + 7), min(b), max(b), count(b) FROM t WHERE filter. */
  private static PhysicalNode statistics(TableSource table, Expression filter) {
    return new HashAggregateExec(List.of(), List.of(),
        List.of(aggregate("count"), aggregate("sum", affine()), aggregate("min", b()),
            aggregate("max", b()), aggregate("count", b())),
        List.of("n", "s", "lo", "hi", "nb"), new FilterExec(filter, PlanRunner.scan(table)));
  }

  private TableSource table(int batchRows) {
    List<List<Object>> rows = new ArrayList<>();
    for (int row = 0; row < as.length; row++) {
      rows.add(Arrays.asList(as[row], bs[row], fs[row], us[row]));
    }
    return PlanRunner.table(SCHEMA, rows, batchRows);
  }

  private List<Object> run(PhysicalNode plan, SpateConfig config) {
    PlacedPlan placed = PlanRunner.place(plan, config);
    assertThat(placed.backend().kind()).isEqualTo(Backend.Kind.CODEGEN);
    List<List<Object>> result = PlanRunner.run(placed, config, allocator);
    assertThat(result).hasSize(1);
    return result.get(0);
  }

  /** The statistics of the rows {@code kept} selects, computed in plain Java. */
  private List<Object> expected(LongPredicate kept) {
    long count = 0;
    long sum = 0;
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (int row = 0; row < as.length; row++) {
      if (kept.test(row)) {
        count++;
        sum = Math.addExact(sum, Math.addExact(Math.multiplyExact(as[row], 3L), 7L));
        min = Math.min(min, bs[row]);
        max = Math.max(max, bs[row]);
      }
    }
    return count == 0 ? Arrays.asList(0L, null, null, null, 0L)
        : Arrays.asList(count, sum, min, max, count);
  }

  private static boolean holds(String comparison, double left, double right) {
    return SparkDoubleOrder.holds(comparison, SparkDoubleOrder.compare(left, right));
  }

  @Test
  void theVectorApiIsResolvedInTheTestJvm() {
    assertThat(VectorApi.available()).as("surefire runs with --add-modules jdk.incubator.vector")
        .isPresent();
  }

  @ParameterizedTest
  @ValueSource(doubles = {500.0, Double.NaN, -0.0, Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY})
  void doubleComparisonsWithALiteralFollowSparksOrder(double literal) {
    TableSource table = table(100);
    for (String comparison : COMPARISONS) {
      Expression columnFirst = call(comparison, BOOLEAN, f(), Literal.ofDouble(literal));
      assertThat(run(statistics(table, columnFirst), ANSI)).as("f %s %s", comparison, literal)
          .isEqualTo(expected(row -> holds(comparison, fs[(int) row], literal)));
      Expression literalFirst = call(comparison, BOOLEAN, Literal.ofDouble(literal), f());
      assertThat(run(statistics(table, literalFirst), ANSI)).as("%s %s f", literal, comparison)
          .isEqualTo(expected(row -> holds(comparison, literal, fs[(int) row])));
    }
  }

  @Test
  void integralComparisonsDoubleArithmeticAndConnectives() {
    // (a < b AND NOT (7 >= a)) OR (10.0 - f * 2.0 > -500.0 AND b <> -a)
    Expression filter = call(FunctionNames.OR, BOOLEAN,
        call(FunctionNames.AND, BOOLEAN, call(FunctionNames.LESS_THAN, BOOLEAN, a(), b()),
            call(FunctionNames.NOT, BOOLEAN,
                call(FunctionNames.GREATER_THAN_OR_EQUAL, BOOLEAN, Literal.ofLong(7), a()))),
        call(FunctionNames.AND, BOOLEAN,
            call(FunctionNames.GREATER_THAN, BOOLEAN, call(FunctionNames.SUBTRACT, DOUBLE,
                Literal.ofDouble(10.0), call(FunctionNames.MULTIPLY, DOUBLE, f(),
                    Literal.ofDouble(2.0))), Literal.ofDouble(-500.0)),
            call(FunctionNames.NOT_EQUAL, BOOLEAN, b(),
                call(FunctionNames.NEGATIVE, BIGINT, a()))));
    for (int batchRows : new int[] {8, 61, 1003}) {
      assertThat(run(statistics(table(batchRows), filter), ANSI)).as("batches of %d", batchRows)
          .isEqualTo(expected(index -> {
            int row = (int) index;
            return (as[row] < bs[row] && !(7 >= as[row]))
                || (holds(FunctionNames.GREATER_THAN, 10.0 - fs[row] * 2.0, -500.0)
                    && bs[row] != -as[row]);
          }));
    }
  }

  @Test
  void intColumnsAreComparedAndWidenedToBigint() {
    // SELECT count(*), sum(CAST(u AS BIGINT) * 2 + a) FROM t
    // WHERE u < 1000 AND CAST(u AS BIGINT) > a AND 4000 <> u
    Expression u = new ColumnRef(3, "u", U);
    Expression filter = call(FunctionNames.AND, BOOLEAN,
        call(FunctionNames.AND, BOOLEAN,
            call(FunctionNames.LESS_THAN, BOOLEAN, u, Literal.ofInt(1000)),
            call(FunctionNames.GREATER_THAN, BOOLEAN, wideU(), a())),
        call(FunctionNames.NOT_EQUAL, BOOLEAN, Literal.ofInt(4000), u));
    Expression value = call(FunctionNames.ADD, BIGINT,
        call(FunctionNames.MULTIPLY, BIGINT, wideU(), Literal.ofLong(2)), a());
    PhysicalNode plan = new HashAggregateExec(List.of(), List.of(),
        List.of(aggregate("count"), aggregate("sum", value)), List.of("n", "s"),
        new FilterExec(filter, PlanRunner.scan(table(77))));
    long count = 0;
    long sum = 0;
    for (int row = 0; row < as.length; row++) {
      if (us[row] < 1000 && us[row] > as[row] && 4000 != us[row]) {
        count++;
        sum = Math.addExact(sum, (long) us[row] * 2 + as[row]);
      }
    }
    assertThat(run(plan, ANSI)).containsExactly(count, sum);
    assertThat(PipelineGenerator.generate(PipelineSpec.of(List.of(plan.child(), plan)), true, 96,
        VectorApi.available()).source()).contains("IntVector.from");
  }

  @Test
  void batchesWithNullsRunTheScalarLoops() {
    List<List<Object>> rows = new ArrayList<>();
    for (int row = 0; row < 40; row++) {
      boolean nullRow = row == 3;
      rows.add(Arrays.asList(nullRow ? null : as[row], bs[row], row == 25 ? null : fs[row],
          us[row]));
    }
    TableSource table = PlanRunner.table(SCHEMA, rows, 16);
    long count = 0;
    long sum = 0;
    for (int row = 0; row < 40; row++) {
      if (row != 25 && holds(FunctionNames.GREATER_THAN, fs[row], 100.0)) {
        count++;
        sum += row == 3 ? 0 : as[row] * 3 + 7;
      }
    }
    List<Object> result = run(statistics(table,
        call(FunctionNames.GREATER_THAN, BOOLEAN, f(), Literal.ofDouble(100.0))), ANSI);
    assertThat(result.subList(0, 2)).containsExactly(count, sum);
  }

  @Test
  void aCountOfAColumnReadNowhereElseSkipsItsNulls() {
    // SELECT count(b), count(*) FROM t WHERE f > 100: b is read by the count alone
    List<List<Object>> rows = new ArrayList<>();
    long counted = 0;
    long kept = 0;
    for (int row = 0; row < 40; row++) {
      boolean nullB = row % 3 == 0;
      rows.add(Arrays.asList(as[row], nullB ? null : bs[row], fs[row], us[row]));
      if (holds(FunctionNames.GREATER_THAN, fs[row], 100.0)) {
        kept++;
        counted += nullB ? 0 : 1;
      }
    }
    PhysicalNode plan = new HashAggregateExec(List.of(), List.of(),
        List.of(aggregate("count", b()), aggregate("count")), List.of("nb", "n"),
        new FilterExec(call(FunctionNames.GREATER_THAN, BOOLEAN, f(), Literal.ofDouble(100.0)),
            PlanRunner.scan(PlanRunner.table(SCHEMA, rows, 16))));
    assertThat(run(plan, ANSI)).containsExactly(counted, kept);
  }

  /** SELECT sum(a) FROM t WHERE f > 0, over {@code values} of a with f = 1. */
  private Object sumOf(SpateConfig config, long... values) {
    List<List<Object>> rows = new ArrayList<>();
    for (long value : values) {
      rows.add(Arrays.asList(value, 0L, 1.0, 0));
    }
    PhysicalNode plan = new HashAggregateExec(List.of(), List.of(),
        List.of(aggregate("sum", a())), List.of("s"), new FilterExec(call(
            FunctionNames.GREATER_THAN, BOOLEAN, f(), Literal.ofDouble(0.0)),
            PlanRunner.scan(PlanRunner.table(SCHEMA, rows, 11))));
    return run(plan, config).get(0);
  }

  @Test
  void anAnsiSumThatOverflowsInTheLanesRaisesTheCheckedError() {
    long[] values = new long[20];
    Arrays.fill(values, Long.MAX_VALUE / 20);
    assertThat(sumOf(ANSI, values)).isEqualTo(Long.MAX_VALUE / 20 * 20);
    values[19] = Long.MAX_VALUE / 2;
    assertThatThrownBy(() -> sumOf(ANSI, values)).isInstanceOf(SpateException.class)
        .hasMessageContaining("try_sum");
  }

  @Test
  void withoutAnsiSumsWrapAsJavaLongsDo() {
    SpateConfig legacy = ANSI.with("spate.sql.ansi.enabled", "false");
    long[] values = new long[27];
    long wrapped = 0;
    for (int index = 0; index < values.length; index++) {
      values[index] = Long.MAX_VALUE - index;
      wrapped += values[index];
    }
    assertThat(sumOf(legacy, values)).isEqualTo(wrapped);
  }

  // ---- the lane loop itself ----

  /** The kernel of SELECT count(*), sum(a * 3 + 7), min(b), ... FROM t WHERE f > literal. */
  private PipelineKernel kernel(double literal) throws Exception {
    PhysicalNode plan = statistics(table(8),
        call(FunctionNames.GREATER_THAN, BOOLEAN, f(), Literal.ofDouble(literal)));
    GeneratedSource generated = PipelineGenerator.generate(
        PipelineSpec.of(List.of(plan.child(), plan)), true, 96, VectorApi.available());
    PipelineKernel kernel = new PipelineCompiler().compile(generated.source(), 8000, "")
        .getDeclaredConstructor().newInstance();
    kernel.bind(generated.parameters());
    return kernel;
  }

  /** Runs the kernel's lane loop over the first {@code rows} rows; returns whether it took them. */
  private boolean lanes(PipelineKernel kernel, int rows) throws Exception {
    Method loop = null;
    for (Method method : kernel.getClass().getDeclaredMethods()) {
      if (method.getName().startsWith("vectorized")) {
        loop = method;
      }
    }
    assertThat(loop).as("the generated lane loop").isNotNull();
    loop.setAccessible(true);
    try (BigIntVector a = new BigIntVector("a", allocator);
        BigIntVector b = new BigIntVector("b", allocator);
        Float8Vector f = new Float8Vector("f", allocator)) {
      for (int row = 0; row < rows; row++) {
        a.setSafe(row, as[row]);
        b.setSafe(row, bs[row]);
        f.setSafe(row, fs[row]);
      }
      long[] data = {a.getDataBufferAddress(), b.getDataBufferAddress(),
          f.getDataBufferAddress()};
      // Janino compiles a private method as a static one taking the instance first
      return (Boolean) (Modifier.isStatic(loop.getModifiers())
          ? loop.invoke(null, kernel, data, new long[3], rows)
          : loop.invoke(kernel, data, new long[3], rows));
    }
  }

  @Test
  void theLaneLoopTakesADenseBatchWithoutNulls() throws Exception {
    PipelineKernel kernel = kernel(500.0);
    int rows = 203;
    assertThat(lanes(kernel, rows)).isTrue();
    List<Object> expected =
        expected(row -> row < rows && holds(FunctionNames.GREATER_THAN, fs[(int) row], 500.0));
    long[] state = kernel.state();
    // slots: count(*); sum's count and value; b's count (shared by min, max and count(b)), min
    // and max
    assertThat(state[0]).isEqualTo(expected.get(0));
    assertThat(state[1]).isEqualTo(expected.get(0));
    assertThat(state[2]).isEqualTo(expected.get(1));
    assertThat(state[3]).isEqualTo(expected.get(4));
    assertThat(state[4]).isEqualTo(expected.get(2));
    assertThat(state[5]).isEqualTo(expected.get(3));
  }

  @Test
  void theLaneLoopDeclinesANaNLiteralAndAnUnprovenBatchLeavingTheStateAlone() throws Exception {
    PipelineKernel nanKernel = kernel(Double.NaN);
    long[] before = nanKernel.state().clone();
    assertThat(lanes(nanKernel, 64)).isFalse();
    assertThat(nanKernel.state()).isEqualTo(before);

    PipelineKernel kernel = kernel(-1.0);
    as[5] = Long.MAX_VALUE / 2; // a * 3 overflows: the proof fails
    before = kernel.state().clone();
    assertThat(lanes(kernel, 64)).isFalse();
    assertThat(kernel.state()).isEqualTo(before);
  }
}
