package dev.spate.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spate.cpu.CpuBackend;
import dev.spate.planner.batch.BatchStream;
import dev.spate.planner.batch.ColumnarBatch;
import dev.spate.planner.config.SpateConfig;
import dev.spate.planner.expr.Call;
import dev.spate.planner.expr.Cast;
import dev.spate.planner.expr.ColumnRef;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.expr.Literal;
import dev.spate.planner.physical.GenerateExec;
import dev.spate.planner.physical.PhysicalNode;
import dev.spate.planner.spi.Backend;
import dev.spate.planner.spi.ExecContext;
import dev.spate.planner.spi.PlacedPlan;
import dev.spate.planner.types.DataTypes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.LongPredicate;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

/**
 * The Generate of event-time windows on the GPU against the CPU backend (same batches, fields and
 * rows) and a plain-Java reference (Spark's windows enumerated by window number): tumbling and
 * sliding windows of several sizes and slides, timestamps before the epoch and on window
 * boundaries, NULL timestamps, batches with a selection, a batch whose rows are all filtered out
 * and a trailing batch of zero rows; then the placement reasons and a windowed aggregation placed
 * through the planner.
 */
class GpuTimeWindowTest {
  private static final int ROWS = 400;
  private static final long SECOND = 1_000_000L;
  private static final long MINUTE = 60 * SECOND;
  private static final Schema SCHEMA = new Schema(List.of(
      DataTypes.field("ts", DataTypes.TIMESTAMP, true),
      DataTypes.field("v", DataTypes.BIGINT, true), DataTypes.field("x", DataTypes.DOUBLE, true)));
  private static final SpateConfig CONFIG = new SpateConfig(Map.of("spate.gpu.enabled", "true",
      "spate.gpu.minInputBytes", "0", "spate.batch.maxRows", "50"));
  /** Launches of at most 60 (row, window) pairs: batches split into several launches. */
  private static final SpateConfig SPLIT_LAUNCHES = new SpateConfig(Map.of(
      "spate.gpu.enabled", "true", "spate.gpu.minInputBytes", "0", "spate.batch.maxRows", "50",
      "spate.gpu.window.itemsPerLaunch", "60"));
  /** Drops every fifth row and the whole third scan batch (rows 128..191). */
  private static final String WHERE = " WHERE v % 5 <> 2 AND (v < 128 OR v >= 192)";
  private static final LongPredicate WHERE_ROWS = v -> v % 5 != 2 && (v < 128 || v >= 192);

  /** One window(...) call: its SQL arguments after ts and its durations in microseconds. */
  private record Windowing(String arguments, long size, long slide) {}

  private static final List<Windowing> WINDOWINGS = List.of(
      new Windowing("'10 seconds'", 10 * SECOND, 10 * SECOND),
      new Windowing("'1 minute'", MINUTE, MINUTE),
      new Windowing("'7 seconds'", 7 * SECOND, 7 * SECOND),
      new Windowing("'1 microsecond'", 1, 1),
      new Windowing("'10 seconds', '5 seconds'", 10 * SECOND, 5 * SECOND),
      new Windowing("'10 seconds', '3 seconds'", 10 * SECOND, 3 * SECOND),
      new Windowing("'1 minute', '7 seconds'", MINUTE, 7 * SECOND),
      new Windowing("'7 microseconds', '2 microseconds'", 7, 2),
      new Windowing("'1 hour', '1 minute'", 60 * MINUTE, MINUTE));

  /** Row i has v = i; timestamps mix NULLs, second and minute boundaries, 1938, 2024 and tiny. */
  private static final List<Object[]> DATA = data();

  private static RowsTable table() {
    return new RowsTable(SCHEMA, DATA, 64, true);
  }

  private static List<Object[]> data() {
    Random random = new Random(11);
    List<Object[]> rows = new ArrayList<>();
    for (int row = 0; row < ROWS; row++) {
      Long ts;
      switch (random.nextInt(7)) {
        case 0:
          ts = null;
          break;
        case 1:
          ts = (random.nextInt(401) - 200) * SECOND;
          break;
        case 2:
          ts = (random.nextInt(61) - 30) * MINUTE + random.nextInt(3) - 1;
          break;
        case 3:
          ts = (long) ((random.nextDouble() * 2 - 1) * 120 * MINUTE);
          break;
        case 4:
          ts = -1_000_000_000_000L - (long) (random.nextDouble() * 1e10);
          break;
        case 5:
          ts = 1_704_067_200_000_000L + (long) (random.nextDouble() * 3.6e9);
          break;
        default:
          ts = (random.nextInt(41) - 20) * 7L + random.nextInt(3);
      }
      rows.add(new Object[] {ts, (long) row, random.nextInt(100) / 4.0});
    }
    rows.get(0)[0] = 0L;
    rows.get(1)[0] = -1L;
    rows.get(2)[0] = null;
    rows.get(3)[0] = -SECOND;
    return List.copyOf(rows);
  }

  private static String query(Windowing windowing, String where) {
    return "SELECT window, count(*) FROM events" + where + " GROUP BY window(ts, "
        + windowing.arguments() + ")";
  }

  static GenerateExec generateOf(PhysicalNode node) {
    if (node instanceof GenerateExec) {
      return (GenerateExec) node;
    }
    for (PhysicalNode child : node.children()) {
      GenerateExec found = generateOf(child);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private static PlacedPlan placedGenerateOf(PlacedPlan placed) {
    if (placed.node() instanceof GenerateExec) {
      return placed;
    }
    for (PlacedPlan child : placed.children()) {
      PlacedPlan found = placedGenerateOf(child);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  /** What a stream produced: each batch's row count, the columns' fields, and the rows. */
  private record Output(List<Integer> batchRows, List<List<Field>> fields,
      List<List<Object>> rows) {}

  private static Output run(PhysicalNode plan, List<Backend> backends, SpateConfig config) {
    PlacedPlan placed = PlacedPlan.place(plan, backends, config);
    assertThat(placed.backend().kind()).as(placed.treeString(true))
        .isEqualTo(backends.get(0).kind());
    List<Integer> sizes = new ArrayList<>();
    List<List<Field>> fields = new ArrayList<>();
    List<List<Object>> rows = new ArrayList<>();
    try (BufferAllocator allocator = new RootAllocator();
        BatchStream stream = placed.open(new ExecContext(allocator, config, 0))) {
      for (ColumnarBatch next = stream.next(); next != null; next = stream.next()) {
        try (ColumnarBatch batch = next) {
          sizes.add(batch.selectedCount());
          List<Field> batchFields = new ArrayList<>();
          batch.columns().forEach(column -> batchFields.add(column.getField()));
          fields.add(batchFields);
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
    return new Output(sizes, fields, rows);
  }

  /** Spark's windows of every kept row, as (ts, start, end), rows in order, latest start first. */
  private static List<List<Long>> reference(Windowing windowing, LongPredicate keep) {
    List<List<Long>> expected = new ArrayList<>();
    for (Object[] values : DATA) {
      if (values[0] == null || !keep.test((Long) values[1])) {
        continue;
      }
      long ts = (Long) values[0];
      for (long k = Math.floorDiv(ts, windowing.slide());
          k * windowing.slide() + windowing.size() > ts; k--) {
        expected.add(List.of(ts, k * windowing.slide(), k * windowing.slide() + windowing.size()));
      }
    }
    return expected;
  }

  @Test
  void windowsMatchTheCpuAndSparksDefinition() {
    GpuTests.requireDevice();
    for (Windowing windowing : WINDOWINGS) {
      for (String where : List.of("", WHERE)) {
        assertSameWindows(windowing, where, CONFIG);
        assertSameWindows(windowing, where, SPLIT_LAUNCHES);
      }
    }
  }

  /**
   * Runs the Generate of {@code windowing} with {@code config} on the GPU (which must run it and
   * count its kernel and transfers) and on the CPU: the same batches, fields and rows, and Spark's
   * windows.
   */
  private static void assertSameWindows(Windowing windowing, String where, SpateConfig config) {
    String sql = query(windowing, where) + " -- " + config.get(GpuConfig.WINDOW_ITEMS_PER_LAUNCH);
    GenerateExec generate = generateOf(GpuAggregateSqlTest.plan(query(windowing, where), table(),
        CONFIG));
    assertThat(generate).as(sql).isNotNull();
    GpuMetrics.Snapshot before = GpuMetrics.snapshot();
    Output gpu = run(generate, List.of(new GpuBackend(), new CpuBackend()), config);
    GpuMetrics.Snapshot after = GpuMetrics.snapshot();
    assertThat(after.kernelLaunches()).as(sql).isGreaterThan(before.kernelLaunches());
    assertThat(after.kernelNanos()).as(sql).isGreaterThan(before.kernelNanos());
    assertThat(after.hostToDeviceBytes()).as(sql).isGreaterThan(before.hostToDeviceBytes());
    assertThat(after.deviceToHostBytes()).as(sql).isGreaterThan(before.deviceToHostBytes());
    Output cpu = run(generate, List.of(new CpuBackend()), config);
    assertThat(gpu.batchRows()).as(sql).isEqualTo(cpu.batchRows());
    assertThat(gpu.fields()).as(sql).isEqualTo(cpu.fields());
    assertThat(gpu.rows()).as(sql).isEqualTo(cpu.rows());

    int timeColumn = ((ColumnRef) ((Call) generate.generator()).arguments().get(0)).ordinal();
    List<List<Long>> actual = new ArrayList<>();
    for (List<Object> row : gpu.rows()) {
      Map<?, ?> window = (Map<?, ?>) row.get(row.size() - 1);
      actual.add(List.of((Long) row.get(timeColumn), (Long) window.get("start"),
          (Long) window.get("end")));
    }
    LongPredicate keep = where.isEmpty() ? v -> true : WHERE_ROWS;
    assertThat(actual).as(sql).isEqualTo(reference(windowing, keep));
  }

  @Test
  void tumblingWindowsAreNonNullableAndSlidingOnesNullableAsInSpark() {
    GpuTests.requireDevice();
    RowsTable table = table();
    GenerateExec tumbling = generateOf(GpuAggregateSqlTest.plan(query(WINDOWINGS.get(0), ""),
        table, CONFIG));
    GenerateExec sliding = generateOf(GpuAggregateSqlTest.plan(query(WINDOWINGS.get(4), ""),
        table, CONFIG));
    List<Field> tumblingFields = run(tumbling, List.of(new GpuBackend(), new CpuBackend()), CONFIG)
        .fields()
        .get(0);
    List<Field> slidingFields = run(sliding, List.of(new GpuBackend(), new CpuBackend()), CONFIG)
        .fields()
        .get(0);
    assertThat(tumblingFields.get(tumblingFields.size() - 1).isNullable()).isFalse();
    assertThat(slidingFields.get(slidingFields.size() - 1).isNullable()).isTrue();
    assertThat(tumblingFields.get(tumblingFields.size() - 1).getName()).isEqualTo("window");
  }

  @Test
  void placementReasonsForWindowsTheGpuDoesNotRun() {
    GpuTests.requireDevice();
    GpuBackend backend = new GpuBackend();
    GenerateExec planned = generateOf(GpuAggregateSqlTest.plan(query(WINDOWINGS.get(4), ""),
        table(), CONFIG));
    assertThat(backend.unsupportedReason(planned, CONFIG)).isEmpty();
    Call window = (Call) planned.generator();
    Expression ts = window.arguments().get(0);

    Expression cast = new Cast(ts, DataTypes.field("", DataTypes.TIMESTAMP, true));
    assertThat(backend.unsupportedReason(withGenerator(planned, window, cast,
        window.arguments().get(1), window.arguments().get(2)), CONFIG))
        .contains("GPU time windows read the timestamp from a column; `" + cast.sql()
            + "` is an expression, which the CPU evaluates.");

    ArrowType millis = new ArrowType.Timestamp(TimeUnit.MILLISECOND, "UTC");
    ColumnRef millisColumn = new ColumnRef(0, "ms", DataTypes.field("ms", millis, true));
    assertThat(backend.unsupportedReason(withGenerator(planned, window, millisColumn,
        window.arguments().get(1), window.arguments().get(2)), CONFIG))
        .contains("GPU time windows need a TIMESTAMP column of microseconds; `ms` has type "
            + millis + ".");

    GenerateExec tooMany = withGenerator(planned, window, ts, Literal.ofLong(86_400 * SECOND),
        Literal.ofLong(1));
    assertThat(backend.unsupportedReason(tooMany, CONFIG)).contains("GPU sliding windows examine at"
        + " most spate.gpu.window.itemsPerLaunch=4194304 candidate windows per row; `"
        + tooMany.generator().sql() + "` has 86400000000.");

    GenerateExec outer = new GenerateExec(window, true, planned.generatedFields(),
        planned.child());
    assertThat(backend.unsupportedReason(outer, CONFIG))
        .contains("GPU Generate does not keep rows without windows (an outer generator).");

    ColumnRef array = new ColumnRef(1, "xs", DataTypes.listOf("xs",
        DataTypes.field("element", DataTypes.BIGINT, true), true));
    GenerateExec explode = new GenerateExec(array, false,
        List.of(DataTypes.field("col", DataTypes.BIGINT, true)), planned.child());
    assertThat(backend.unsupportedReason(explode, CONFIG)).contains("GPU Generate runs only"
        + " event-time windows (window(ts, size[, slide])); `explode(xs)` generates something"
        + " else.");
  }

  private static GenerateExec withGenerator(GenerateExec node, Call window, Expression time,
      Expression size, Expression slide) {
    Call generator = new Call(window.name(), List.of(time, size, slide), window.dataType());
    return new GenerateExec(generator, false, node.generatedFields(), node.child());
  }

  @Test
  void windowedAggregationRunsItsGenerateOnTheGpu() {
    GpuTests.requireDevice();
    RowsTable table = table();
    String[] queries = {
        "SELECT window.start, window.end, count(*), sum(x) FROM events" + WHERE
            + " GROUP BY window(ts, '10 seconds', '3 seconds')",
        "SELECT window, v % 3 AS k, count(*), max(x) FROM events"
            + " GROUP BY window(ts, '1 minute'), v % 3"};
    for (String sql : queries) {
      PhysicalNode physical = GpuAggregateSqlTest.plan(sql, table, CONFIG);
      PlacedPlan gpu = PlacedPlan.place(physical, List.of(new GpuBackend(), new CpuBackend()),
          CONFIG);
      PlacedPlan generate = placedGenerateOf(gpu);
      assertThat(generate).as(gpu.treeString(true)).isNotNull();
      assertThat(generate.backend().kind()).as(gpu.treeString(true)).isEqualTo(Backend.Kind.GPU);
      long launches = GpuMetrics.snapshot().kernelLaunches();
      List<List<Object>> actual = GpuHashAggregateTest.run(gpu, CONFIG);
      assertThat(GpuMetrics.snapshot().kernelLaunches()).as(sql).isGreaterThan(launches);
      List<List<Object>> expected = GpuHashAggregateTest.run(
          PlacedPlan.place(physical, List.of(new CpuBackend()), CONFIG), CONFIG);
      assertThat(actual).as(sql).isNotEmpty();
      GpuHashAggregateTest.assertSameRows(actual, expected);
    }
  }
}
