package dev.spate.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spate.SpateException;
import dev.spate.cpu.CpuBackend;
import dev.spate.planner.batch.BatchStream;
import dev.spate.planner.batch.ColumnarBatch;
import dev.spate.planner.config.SpateConfig;
import dev.spate.planner.expr.AggregateCall;
import dev.spate.planner.expr.Call;
import dev.spate.planner.expr.ColumnRef;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.expr.FunctionNames;
import dev.spate.planner.expr.Literal;
import dev.spate.planner.physical.FilterExec;
import dev.spate.planner.physical.HashAggregateExec;
import dev.spate.planner.physical.PhysicalNode;
import dev.spate.planner.physical.ScanExec;
import dev.spate.planner.spi.Backend;
import dev.spate.planner.spi.ExecContext;
import dev.spate.planner.spi.PlacedPlan;
import dev.spate.planner.types.DataTypes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * GPU hash aggregation against the interpreted CPU backend (the oracle) on the same data: 2,400
 * rows in batches of 300, NULL keys and values, NaN/-0.0 keys, int64 extremes, a high-cardinality
 * key that forces the group table to grow, ANSI overflow, empty input and a selection below.
 */
class GpuHashAggregateTest {
  private static final int ROWS = 2400;
  private static final Schema SCHEMA = new Schema(List.of(
      DataTypes.field("k", DataTypes.BIGINT, true), DataTypes.field("g", DataTypes.INT, true),
      DataTypes.field("d", DataTypes.DATE, true), DataTypes.field("t", DataTypes.TIMESTAMP, true),
      DataTypes.field("f", DataTypes.FLOAT, true), DataTypes.field("x", DataTypes.DOUBLE, true),
      DataTypes.field("v", DataTypes.BIGINT, true), DataTypes.field("w", DataTypes.INT, true),
      DataTypes.field("h", DataTypes.BIGINT, true)));
  private static final ColumnRef K = column(0);
  private static final ColumnRef G = column(1);
  private static final ColumnRef D = column(2);
  private static final ColumnRef T = column(3);
  private static final ColumnRef F = column(4);
  private static final ColumnRef X = column(5);
  private static final ColumnRef V = column(6);
  private static final ColumnRef W = column(7);
  private static final ColumnRef H = column(8);

  @BeforeAll
  static void device() {
    GpuTests.requireDevice();
  }

  private static ColumnRef column(int ordinal) {
    Field field = SCHEMA.getFields().get(ordinal);
    return new ColumnRef(ordinal, field.getName(), field);
  }

  static RowsTable table(int rows, boolean overflowing) {
    Random random = new Random(7);
    float[] floats = {Float.NaN, -0.0f, 0.0f, 1.5f, -2.5f, Float.POSITIVE_INFINITY};
    double[] doubles = {Double.NaN, -0.0, 0.0, Double.NEGATIVE_INFINITY, 3.25, -1e300};
    List<Object[]> data = new ArrayList<>();
    for (int row = 0; row < rows; row++) {
      Long k = random.nextInt(12) == 0 ? null : (long) random.nextInt(60) - 30;
      if (row % 97 == 0) {
        k = row % 2 == 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
      }
      Long v = random.nextInt(8) == 0 ? null : (long) random.nextInt(2_000_001) - 1_000_000;
      if (overflowing && row % 5 == 0) {
        v = Long.MAX_VALUE / 3;
      }
      data.add(new Object[] {
          k,
          random.nextInt(10) == 0 ? null : random.nextInt(5),
          random.nextInt(10) == 0 ? null : 19_000 + random.nextInt(4),
          random.nextInt(10) == 0 ? null : 1_700_000_000_000_000L + random.nextInt(20) * 1000L,
          random.nextInt(10) == 0 ? null : floats[random.nextInt(floats.length)],
          random.nextInt(10) == 0 ? null : random.nextInt(3) == 0
              ? doubles[random.nextInt(doubles.length)] : random.nextInt(1000) / 8.0 - 60,
          v,
          random.nextInt(10) == 0 ? null : random.nextInt(),
          random.nextInt(50) == 0 ? null : (long) random.nextInt(2000) * 1_000_003L});
    }
    return new RowsTable(SCHEMA, data, 300);
  }

  private static ScanExec scan(RowsTable table) {
    return new ScanExec(table, List.of(0, 1, 2, 3, 4, 5, 6, 7, 8), List.of());
  }

  static AggregateCall aggregate(String name, ArrowType type, Expression... arguments) {
    return new AggregateCall(name, List.of(arguments), false,
        DataTypes.field("", type, !name.equals("count")));
  }

  /** sum, avg, min, max and count of {@code value}, with Spark's result types. */
  private static List<AggregateCall> all(ColumnRef value) {
    ArrowType type = value.dataType().getType();
    ArrowType sum = type instanceof ArrowType.FloatingPoint ? DataTypes.DOUBLE : DataTypes.BIGINT;
    return List.of(aggregate("sum", sum, value), aggregate("avg", DataTypes.DOUBLE, value),
        aggregate("min", type, value), aggregate("max", type, value),
        aggregate("count", DataTypes.BIGINT, value));
  }

  private static HashAggregateExec aggregation(PhysicalNode child, List<ColumnRef> keys,
      List<AggregateCall> calls) {
    List<String> keyNames = new ArrayList<>();
    for (ColumnRef key : keys) {
      keyNames.add(key.name());
    }
    List<String> names = new ArrayList<>();
    for (int index = 0; index < calls.size(); index++) {
      names.add("agg" + index);
    }
    return new HashAggregateExec(List.copyOf(keys), keyNames, calls, names, child);
  }

  private static List<AggregateCall> calls(List<AggregateCall> first, List<AggregateCall> second) {
    List<AggregateCall> all = new ArrayList<>(first);
    all.addAll(second);
    all.add(aggregate("count", DataTypes.BIGINT));
    return all;
  }

  private static SpateConfig config(boolean ansi) {
    return new SpateConfig(Map.of("spate.gpu.enabled", "true", "spate.sql.ansi.enabled",
        Boolean.toString(ansi), "spate.gpu.minInputBytes", "0"));
  }

  static List<List<Object>> run(PlacedPlan placed, SpateConfig config) {
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
    rows.sort(Comparator.comparing(Object::toString));
    return rows;
  }

  private static List<List<Object>> run(PhysicalNode plan, boolean gpu, SpateConfig config) {
    List<Backend> backends = gpu ? List.of(new GpuBackend(), new CpuBackend())
        : List.of(new CpuBackend());
    PlacedPlan placed = PlacedPlan.place(plan, backends, config);
    assertThat(placed.backend().kind() == Backend.Kind.GPU).as(placed.treeString(true))
        .isEqualTo(gpu);
    return run(placed, config);
  }

  /**
   * Runs {@code plan} on both backends and compares, DOUBLEs within a relative 1e-9. A -0.0 key
   * from the CPU is compared as 0.0: Spark normalises float keys (NormalizeFloatingNumbers), as the
   * GPU and the CPU's single-key table do, but the CPU's composite-key table keeps the -0.0 it saw
   * first.
   */
  private static List<List<Object>> assertSameAsCpu(HashAggregateExec plan, boolean ansi) {
    List<List<Object>> expected = run(plan, false, config(ansi));
    for (List<Object> row : expected) {
      for (int column = 0; column < plan.keys().size(); column++) {
        Object key = row.get(column);
        if (key instanceof Double && (Double) key == 0.0) {
          row.set(column, 0.0);
        } else if (key instanceof Float && (Float) key == 0.0f) {
          row.set(column, 0.0f);
        }
      }
    }
    expected.sort(Comparator.comparing(Object::toString));
    List<List<Object>> actual = run(plan, true, config(ansi));
    assertSameRows(actual, expected);
    return actual;
  }

  static void assertSameRows(List<List<Object>> actual, List<List<Object>> expected) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int row = 0; row < expected.size(); row++) {
      List<Object> want = expected.get(row);
      List<Object> got = actual.get(row);
      assertThat(got).hasSameSizeAs(want);
      for (int column = 0; column < want.size(); column++) {
        Object left = got.get(column);
        Object right = want.get(column);
        String where = "row " + row + " column " + column + ": GPU " + got + " CPU " + want;
        if (left instanceof Double && right instanceof Double) {
          double a = (Double) left;
          double b = (Double) right;
          boolean close = Double.compare(a, b) == 0
              || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
          assertThat(close).as(where).isTrue();
        } else {
          assertThat(left).as(where).isEqualTo(right);
        }
      }
    }
  }

  @Test
  void bigintKeyWithEveryAggregateMatchesCpu() {
    HashAggregateExec plan = aggregation(scan(table(ROWS, false)), List.of(K),
        calls(all(V), calls(all(X), calls(all(W), all(F)))));
    List<List<Object>> rows = assertSameAsCpu(plan, true);
    assertThat(rows).anySatisfy(row -> assertThat(row.get(0)).isEqualTo(Long.MIN_VALUE))
        .anySatisfy(row -> assertThat(row.get(0)).isNull());
  }

  @Test
  void intDateAndTimestampKeysMatchCpu() {
    RowsTable table = table(ROWS, false);
    for (ColumnRef key : List.of(G, D, T)) {
      assertSameAsCpu(aggregation(scan(table), List.of(key), calls(all(V), all(X))), true);
    }
  }

  @Test
  void floatingKeysAreNormalisedLikeCpu() {
    RowsTable table = table(ROWS, false);
    List<List<Object>> rows = assertSameAsCpu(aggregation(scan(table), List.of(F),
        calls(all(V), List.of())), true);
    // NaN, 0.0 (with -0.0), 1.5, -2.5, Infinity and NULL: six groups.
    assertThat(rows).hasSize(6);
    assertSameAsCpu(aggregation(scan(table), List.of(X), calls(all(W), List.of())), true);
  }

  @Test
  void compositeKeysMatchCpu() {
    RowsTable table = table(ROWS, false);
    assertSameAsCpu(aggregation(scan(table), List.of(G, F), calls(all(V), all(X))), true);
    assertSameAsCpu(aggregation(scan(table), List.of(K, D, X, T), calls(all(W), List.of())),
        true);
  }

  @Test
  void highCardinalityKeyGrowsTheTable() {
    List<List<Object>> rows = assertSameAsCpu(aggregation(scan(table(ROWS, false)), List.of(H),
        calls(all(V), all(X))), true);
    assertThat(rows.size()).isGreaterThan(GpuHashAggregateStream.INITIAL_CAPACITY);
    List<List<Object>> composite = assertSameAsCpu(aggregation(scan(table(ROWS, false)),
        List.of(H, G), calls(all(W), List.of())), true);
    assertThat(composite.size()).isGreaterThan(GpuHashAggregateStream.INITIAL_CAPACITY);
  }

  @Test
  void globalAggregateMatchesCpu() {
    assertSameAsCpu(aggregation(scan(table(ROWS, false)), List.of(),
        calls(all(V), calls(all(X), calls(all(W), all(F))))), true);
  }

  @Test
  void emptyInputGivesOneGlobalRowAndNoGroups() {
    RowsTable empty = table(0, false);
    List<List<Object>> global = assertSameAsCpu(aggregation(scan(empty), List.of(),
        calls(all(V), all(X))), true);
    List<Object> expected = new ArrayList<>();
    for (int index = 0; index < 2; index++) {
      expected.addAll(java.util.Arrays.asList(null, null, null, null, 0L));
    }
    expected.add(0L);
    assertThat(global).containsExactly(expected);
    assertThat(assertSameAsCpu(aggregation(scan(empty), List.of(K), calls(all(V), List.of())),
        true)).isEmpty();
  }

  @Test
  void aggregationOverAFilteredInputMatchesCpu() {
    Expression condition = new Call(FunctionNames.GREATER_THAN, List.of(X, Literal.ofDouble(0.0)),
        DataTypes.field("", DataTypes.BOOLEAN, true));
    assertSameAsCpu(aggregation(new FilterExec(condition, scan(table(ROWS, false))), List.of(G),
        calls(all(V), all(X))), true);
  }

  @Test
  void ansiSumOverflowRaisesTheCpuError() {
    HashAggregateExec plan = aggregation(scan(table(ROWS, true)), List.of(G), calls(all(V), List.of()));
    String cpu = errorOf(plan, false);
    assertThat(cpu).contains("[ARITHMETIC_OVERFLOW] long overflow in sum(v).");
    assertThat(errorOf(plan, true)).isEqualTo(cpu);
    // Without ANSI both wrap around.
    assertSameAsCpu(plan, false);
  }

  @Test
  void minAndMaxOfSignedZerosKeepTheFirstZeroLikeCpu() {
    Schema schema = new Schema(List.of(DataTypes.field("g", DataTypes.INT, true),
        DataTypes.field("x", DataTypes.DOUBLE, true), DataTypes.field("f", DataTypes.FLOAT, true)));
    double[][] groups = {{-0.0, 0.0}, {0.0, -0.0}, {1.0, -0.0, 0.0}, {-1.0, 0.0, -0.0},
        {Double.NaN, -0.0, 0.0}, {0.0, 2.0, -0.0, -0.0}};
    List<Object[]> data = new ArrayList<>();
    for (int step = 0; step < 4; step++) {
      for (int group = 0; group < groups.length; group++) {
        if (step < groups[group].length) {
          double value = groups[group][step];
          data.add(new Object[] {group, value, (float) value});
        }
      }
    }
    RowsTable table = new RowsTable(schema, data, 5);
    ColumnRef g = new ColumnRef(0, "g", schema.getFields().get(0));
    ColumnRef x = new ColumnRef(1, "x", schema.getFields().get(1));
    ColumnRef f = new ColumnRef(2, "f", schema.getFields().get(2));
    HashAggregateExec plan = aggregation(new ScanExec(table, List.of(0, 1, 2), List.of()),
        List.of(g), List.of(aggregate("min", DataTypes.DOUBLE, x),
            aggregate("max", DataTypes.DOUBLE, x), aggregate("min", DataTypes.FLOAT, f),
            aggregate("max", DataTypes.FLOAT, f)));
    // Hand-computed: the first of the equal extremes in input order (Spark's Least/Greatest).
    List<List<Object>> expected = List.of(
        List.of(0, -0.0, -0.0, -0.0f, -0.0f), List.of(1, 0.0, 0.0, 0.0f, 0.0f),
        List.of(2, -0.0, 1.0, -0.0f, 1.0f), List.of(3, -1.0, 0.0, -1.0f, 0.0f),
        List.of(4, -0.0, Double.NaN, -0.0f, Float.NaN), List.of(5, 0.0, 2.0, 0.0f, 2.0f));
    for (boolean gpu : List.of(false, true)) {
      List<List<Object>> rows = run(plan, gpu, config(true));
      assertThat(rows).hasSize(expected.size());
      for (List<Object> row : rows) {
        List<Object> want = expected.get((Integer) row.get(0));
        for (int column = 1; column < want.size(); column++) {
          // Double.equals/Float.equals compare bits: -0.0 differs from 0.0, NaN equals NaN.
          assertThat(row.get(column)).as("gpu=" + gpu + " " + row).isEqualTo(want.get(column));
        }
      }
    }
  }

  private static String errorOf(HashAggregateExec plan, boolean gpu) {
    Throwable[] error = new Throwable[1];
    assertThatThrownBy(() -> run(plan, gpu, config(true)))
        .isInstanceOfSatisfying(SpateException.class, e -> error[0] = e);
    return error[0].getMessage();
  }
}
