package dev.spate.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spate.SpateException;
import dev.spate.cpu.CpuBackend;
import dev.spate.planner.batch.BatchStream;
import dev.spate.planner.batch.ColumnarBatch;
import dev.spate.planner.config.SpateConfig;
import dev.spate.planner.expr.Alias;
import dev.spate.planner.expr.Call;
import dev.spate.planner.expr.Cast;
import dev.spate.planner.expr.ColumnRef;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.expr.FunctionNames;
import dev.spate.planner.expr.Literal;
import dev.spate.planner.physical.FilterExec;
import dev.spate.planner.physical.PhysicalNode;
import dev.spate.planner.physical.ProjectExec;
import dev.spate.planner.physical.ScanExec;
import dev.spate.planner.spi.Backend;
import dev.spate.planner.spi.ExecContext;
import dev.spate.planner.spi.PlacedPlan;
import dev.spate.planner.types.DataTypes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * GPU Filter and Project against the interpreted CPU backend (the oracle) on the same data: NULLs,
 * NaN, -0.0, infinities, int64 extremes, several batches, a trailing empty batch, and ANSI errors.
 */
class GpuOperatorTest {
  private static final int ROWS = 1500;
  private static final ColumnRef A = new ColumnRef(0, "a", TestTable.SCHEMA.getFields().get(0));
  private static final ColumnRef B = new ColumnRef(1, "b", TestTable.SCHEMA.getFields().get(1));
  private static final ColumnRef X = new ColumnRef(2, "x", TestTable.SCHEMA.getFields().get(2));
  private static final ColumnRef Y = new ColumnRef(3, "y", TestTable.SCHEMA.getFields().get(3));
  private static final ColumnRef I = new ColumnRef(4, "i", TestTable.SCHEMA.getFields().get(4));

  @BeforeAll
  static void device() {
    GpuTests.requireDevice();
  }

  private static Expression call(String name, ArrowType type, Expression... arguments) {
    return new Call(name, List.of(arguments), DataTypes.field("", type, true));
  }

  private static Expression bool(String name, Expression... arguments) {
    return call(name, DataTypes.BOOLEAN, arguments);
  }

  /** Rows with small values (so ANSI arithmetic does not overflow) plus special doubles. */
  private static TestTable table(boolean extremes) {
    Random random = new Random(42);
    Long[] a = new Long[ROWS];
    Long[] b = new Long[ROWS];
    Double[] x = new Double[ROWS];
    Double[] y = new Double[ROWS];
    Integer[] i = new Integer[ROWS];
    double[] specials = {Double.NaN, -0.0, 0.0, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, 1.5, -2.25};
    for (int row = 0; row < ROWS; row++) {
      a[row] = random.nextInt(10) == 0 ? null : (long) random.nextInt(200) - 100;
      b[row] = random.nextInt(10) == 0 ? null : (long) random.nextInt(21) - 10;
      x[row] = random.nextInt(10) == 0 ? null
          : random.nextInt(4) == 0 ? specials[random.nextInt(specials.length)]
          : random.nextInt(100) / 4.0 - 12;
      y[row] = random.nextInt(10) == 0 ? null
          : random.nextInt(4) == 0 ? specials[random.nextInt(specials.length)]
          : random.nextInt(100) / 8.0 - 6;
      i[row] = random.nextInt(10) == 0 ? null : random.nextInt();
    }
    if (extremes) {
      a[7] = Long.MAX_VALUE;
      b[7] = 1L;
      a[8] = Long.MIN_VALUE;
      b[8] = -1L;
    }
    return new TestTable(a, b, x, y, i, 512);
  }

  private static ScanExec scan(TestTable table) {
    return new ScanExec(table, List.of(0, 1, 2, 3, 4), List.of());
  }

  private static SpateConfig config(boolean ansi) {
    return new SpateConfig(Map.of("spate.gpu.enabled", "true", "spate.sql.ansi.enabled",
        Boolean.toString(ansi)));
  }

  /** Runs {@code plan} with {@code backends} and returns the rows, each column via getObject. */
  private static List<List<Object>> run(PhysicalNode plan, List<Backend> backends,
      SpateConfig config, boolean expectGpuRoot) {
    PlacedPlan placed = PlacedPlan.place(plan, backends, config);
    assertThat(placed.backend().kind() == Backend.Kind.GPU)
        .as(placed.treeString(true)).isEqualTo(expectGpuRoot);
    List<List<Object>> rows = new ArrayList<>();
    try (BufferAllocator allocator = new RootAllocator();
        BatchStream stream = placed.open(new ExecContext(allocator, config, 0))) {
      for (ColumnarBatch next = stream.next(); next != null; next = stream.next()) {
        try (ColumnarBatch batch = next) {
          for (int index = 0; index < batch.selectedCount(); index++) {
            List<Object> row = new ArrayList<>();
            for (int column = 0; column < batch.columns().size(); column++) {
              row.add(batch.column(column).getObject(batch.position(index)));
            }
            rows.add(row);
          }
        }
      }
    }
    return rows;
  }

  private static void assertSameAsCpu(PhysicalNode plan, boolean ansi) {
    SpateConfig config = config(ansi);
    List<List<Object>> expected = run(plan, List.of(new CpuBackend()), config, false);
    List<List<Object>> actual = run(plan, List.of(new GpuBackend(), new CpuBackend()), config,
        true);
    assertThat(actual).isEqualTo(expected);
  }

  @Test
  void filtersMatchCpu() {
    TestTable table = table(true);
    Expression[] conditions = {
        bool(FunctionNames.GREATER_THAN, A, Literal.ofLong(5)),
        bool(FunctionNames.LESS_THAN_OR_EQUAL, Literal.ofLong(5), A),
        bool(FunctionNames.EQUAL_NULL_SAFE, A, B),
        bool(FunctionNames.EQUAL, X, Literal.ofDouble(0.0)),
        bool(FunctionNames.GREATER_THAN, X, Y),
        bool(FunctionNames.EQUAL, X, Literal.ofDouble(Double.NaN)),
        bool(FunctionNames.OR, bool(FunctionNames.GREATER_THAN, X, Literal.ofDouble(1.0)),
            bool(FunctionNames.IS_NULL, A)),
        bool(FunctionNames.AND, bool(FunctionNames.NOT, bool(FunctionNames.LESS_THAN, A, B)),
            bool(FunctionNames.IS_NOT_NULL, X)),
        bool(FunctionNames.NOT_EQUAL, I, Literal.ofInt(0))};
    for (Expression condition : conditions) {
      assertSameAsCpu(new FilterExec(condition, scan(table)), true);
    }
  }

  @Test
  void filterOverASelectionKeepsOnlyRowsLiveInBoth() {
    TestTable table = table(false);
    PhysicalNode inner = new FilterExec(bool(FunctionNames.GREATER_THAN, A, Literal.ofLong(0)),
        scan(table));
    assertSameAsCpu(new FilterExec(bool(FunctionNames.LESS_THAN, X, Y), inner), true);
  }

  @Test
  void projectionsMatchCpu() {
    TestTable table = table(false);
    List<Expression> projections = List.of(A,
        new Alias(call(FunctionNames.ADD, DataTypes.BIGINT, A, B), "sum"),
        new Alias(call(FunctionNames.MULTIPLY, DataTypes.DOUBLE, X, Y), "product"),
        new Alias(call(FunctionNames.SUBTRACT, DataTypes.DOUBLE, X, Literal.ofDouble(-0.0)),
            "difference"),
        new Alias(call(FunctionNames.INTEGRAL_DIVIDE, DataTypes.BIGINT, A, B), "quotient"),
        new Alias(call(FunctionNames.REMAINDER, DataTypes.BIGINT, A, B), "remainder"),
        new Alias(call(FunctionNames.REMAINDER, DataTypes.DOUBLE, X, Y), "fmod"),
        new Alias(call(FunctionNames.DIVIDE, DataTypes.DOUBLE, X, Y), "ratio"),
        new Alias(new Cast(I, DataTypes.field("", DataTypes.BIGINT, true)), "wide"),
        new Alias(new Cast(I, DataTypes.field("", DataTypes.DOUBLE, true)), "real"),
        new Alias(new Cast(A, DataTypes.field("", DataTypes.DOUBLE, true)), "a_real"),
        new Alias(bool(FunctionNames.LESS_THAN_OR_EQUAL, X, Y), "le"),
        new Alias(call(FunctionNames.ADD, DataTypes.INT, I, I), "twice"),
        new Alias(call(FunctionNames.ADD, DataTypes.DOUBLE, X, new Cast(Literal.ofInt(3),
            DataTypes.field("", DataTypes.DOUBLE, false))), "shifted"));
    PhysicalNode filtered = new FilterExec(bool(FunctionNames.GREATER_THAN, A, Literal.ofLong(-50)),
        scan(table));
    // ANSI off: division by zero gives NULL and INT overflow wraps, as the CPU does.
    assertSameAsCpu(new ProjectExec(projections, filtered), false);
  }

  @Test
  void ansiOverflowAndDivisionByZeroRaiseSparkErrors() {
    TestTable table = table(true);
    PhysicalNode add = new ProjectExec(List.of(
        new Alias(call(FunctionNames.ADD, DataTypes.BIGINT, A, B), "sum")), scan(table));
    String cpu = errorOf(add, List.of(new CpuBackend()));
    assertThat(cpu).contains("[ARITHMETIC_OVERFLOW] long overflow");
    assertThat(errorOf(add, List.of(new GpuBackend(), new CpuBackend()))).isEqualTo(cpu);

    PhysicalNode divide = new ProjectExec(List.of(new Alias(
        call(FunctionNames.INTEGRAL_DIVIDE, DataTypes.BIGINT, A, Literal.ofLong(0)), "q")),
        scan(table));
    String divideCpu = errorOf(divide, List.of(new CpuBackend()));
    assertThat(divideCpu).contains("[DIVIDE_BY_ZERO]");
    assertThat(errorOf(divide, List.of(new GpuBackend(), new CpuBackend()))).isEqualTo(divideCpu);
  }

  @Test
  void ansiOffWrapsOverflowLikeCpu() {
    TestTable table = table(true);
    assertSameAsCpu(new ProjectExec(List.of(new Alias(
        call(FunctionNames.MULTIPLY, DataTypes.BIGINT, A, B), "product")), scan(table)), false);
  }

  private static String errorOf(PhysicalNode plan, List<Backend> backends) {
    SpateConfig config = config(true);
    Throwable[] error = new Throwable[1];
    assertThatThrownBy(() -> run(plan, backends, config, backends.size() > 1))
        .isInstanceOfSatisfying(SpateException.class, e -> error[0] = e);
    return error[0].getMessage();
  }
}
