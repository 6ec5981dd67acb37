package dev.spate.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spate.codegen.runtime.LongKeyTable;
import dev.spate.planner.config.SpateConfig;
import dev.spate.planner.expr.AggregateCall;
import dev.spate.planner.expr.ColumnRef;
import dev.spate.planner.expr.FunctionNames;
import dev.spate.planner.expr.Literal;
import dev.spate.planner.physical.FilterExec;
import dev.spate.planner.physical.HashAggregateExec;
import dev.spate.planner.physical.PhysicalNode;
import dev.spate.planner.spi.Backend;
import dev.spate.planner.spi.PlacedPlan;
import dev.spate.planner.types.DataTypes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

/**
 * The direct index of {@link LongKeyTable}: batches of narrow key ranges find their groups through
 * it, wide ones through the hashed probe, and the groups (numbered in order of first appearance)
 * stay the same whichever way each batch goes; expected groups from a plain Java map.
 */
class DirectKeyIndexTest {
  private static final Field KEY = DataTypes.field("k", DataTypes.BIGINT, true);
  private static final Field X = DataTypes.field("x", DataTypes.BIGINT, true);
  private static final Field Y = DataTypes.field("y", DataTypes.DOUBLE, true);
  private static final Schema SCHEMA = new Schema(List.of(KEY, X));
  private static final Schema WIDE_SCHEMA = new Schema(List.of(KEY, X, Y));
  private static final SpateConfig CONFIG = PlanRunner.ANSI;
  private static final int BATCH_ROWS = 64;

  @Test
  void groupsInFirstAppearanceOrderWhetherBatchesGoDirectOrHashed() {
    List<List<Object>> rows = new ArrayList<>();
    for (int batch = 0; batch < 24; batch++) {
      for (int index = 0; index < BATCH_ROWS; index++) {
        rows.add(Arrays.asList(key(batch, index), (long) (batch * BATCH_ROWS + index)));
      }
    }
    Map<Long, long[]> expected = new LinkedHashMap<>();
    for (List<Object> row : rows) {
      long[] sums = expected.computeIfAbsent((Long) row.get(0), key -> new long[2]);
      sums[0] += (Long) row.get(1);
      sums[1]++;
    }
    List<List<Object>> actual = run(rows);
    List<List<Object>> wanted = new ArrayList<>();
    expected.forEach((key, sums) -> wanted.add(Arrays.asList(key, sums[0], sums[1])));
    assertThat(actual).containsExactlyElementsOf(wanted);
  }

  /**
   * Batches in turn: narrow keys around 0 (direct), scattered keys and the extremes of BIGINT
   * (hashed), narrow keys rising from batch to batch (the index widens) with NULLs, all NULL.
   */
  private static Long key(int batch, int index) {
    switch (batch % 4) {
      case 0:
        return (long) (index % 40) - 20;
      case 1:
        return index == 0 ? Long.MIN_VALUE : index == 1 ? Long.MAX_VALUE
            : (index % 30) * 1_000_000_007L - 5;
      case 2:
        return index % 7 == 3 ? null : 1000L * batch + index % 50;
      default:
        return batch == 3 ? null : (long) (index % 40) - 20;
    }
  }

  @Test
  void directIndexRefusesRangesTooWideOrOverflowingAndFindsHashedGroups() {
    LongKeyTable table = new LongKeyTable();
    assertThat(table.direct(0, LongKeyTable.DIRECT_MAX_RANGE)).isFalse();
    assertThat(table.direct(Long.MIN_VALUE, Long.MAX_VALUE)).isFalse();
    assertThat(table.direct(Long.MAX_VALUE - 3, Long.MAX_VALUE)).isFalse();
    assertThat(table.direct(5, 4)).isFalse();
    long[] slots = table.slots();
    int slot = LongKeyTable.home(-7L, table.shift());
    assertThat(slots[2 * slot + 1]).isZero();
    assertThat(table.insert(-7L, slot)).isZero();
    assertThat(table.direct(-10, 10)).isTrue();
    assertThat(table.directGroups()[(int) (-7 - table.directBase())]).isZero();
    assertThat(table.addDirect(3L)).isEqualTo(1);
    // the probe finds the group created through the index once the slots are rebuilt
    slots = table.slots();
    slot = LongKeyTable.home(3L, table.shift());
    while (slots[2 * slot] != 3L) {
      assertThat(slots[2 * slot + 1]).isNotZero();
      slot = (slot + 1) & table.mask();
    }
    assertThat(slots[2 * slot + 1]).isEqualTo(2L);
    assertThat(table.direct(Long.MIN_VALUE, Long.MIN_VALUE + 1)).isFalse();
  }

  @Test
  void directIndexTakesAnyRangesWhoseUnionFitsWhateverItsRoomToGrow() {
    LongKeyTable table = new LongKeyTable();
    int widest = LongKeyTable.DIRECT_MAX_RANGE;
    assertThat(table.direct(3, widest - 10)).isTrue();
    assertThat(table.direct(0, 5)).isTrue();
    assertThat(table.direct(0, widest - 1)).isTrue();
    assertThat(table.direct(-1, 5)).isFalse();
  }

  /**
   * One batch creates over 2,000 groups, so the state grows while the loop runs; minima and
   * maxima start from their initial bits, not zero (a positive minimum, a negative maximum), rows
   * with an odd {@code x} are filtered out, and NULL keys form their own group. Expected from a
   * plain Java map, in order of first appearance.
   */
  @Test
  void groupsCreatedMidBatchStartFromTheirInitialStateUnderAFilter() {
    List<List<Object>> rows = new ArrayList<>();
    for (int index = 0; index < 12_000; index++) {
      Long key = index % 97 == 5 ? null : (long) ((index * 7919L) % 5000);
      rows.add(Arrays.asList(key, (long) (index % 1000) + 1, -1.5 - index % 300));
    }
    ColumnRef key = new ColumnRef(0, "k", KEY);
    ColumnRef x = new ColumnRef(1, "x", X);
    ColumnRef y = new ColumnRef(2, "y", Y);
    Field bigint = DataTypes.field("", DataTypes.BIGINT, true);
    Field real = DataTypes.field("", DataTypes.DOUBLE, true);
    PhysicalNode plan = new HashAggregateExec(List.of(key), List.of("k"),
        List.of(new AggregateCall("min", List.of(x), false, bigint),
            new AggregateCall("max", List.of(y), false, real),
            new AggregateCall("min", List.of(y), false, real),
            new AggregateCall("count", List.of(), false, bigint)),
        List.of("lo", "hi", "ylo", "n"),
        new FilterExec(PlanRunner.call(FunctionNames.EQUAL, PlanRunner.BOOLEAN,
            PlanRunner.call(FunctionNames.REMAINDER, bigint, x, Literal.ofLong(2)),
            Literal.ofLong(0)),
            PlanRunner.scan(PlanRunner.table(WIDE_SCHEMA, rows, 4096))));

    Map<Long, Object[]> expected = new LinkedHashMap<>();
    for (List<Object> row : rows) {
      long value = (Long) row.get(1);
      double yValue = (Double) row.get(2);
      if (value % 2 != 0) {
        continue;
      }
      Object[] group = expected.computeIfAbsent((Long) row.get(0),
          k -> new Object[] {Long.MAX_VALUE, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY,
              0L});
      group[0] = Math.min((Long) group[0], value);
      group[1] = Math.max((Double) group[1], yValue);
      group[2] = Math.min((Double) group[2], yValue);
      group[3] = (Long) group[3] + 1;
    }
    List<List<Object>> wanted = new ArrayList<>();
    expected.forEach((k, group) -> wanted.add(Arrays.asList(k, group[0], group[1], group[2],
        group[3])));
    assertThat(wanted).hasSizeGreaterThan(2000);
    assertThat(run(plan)).containsExactlyElementsOf(wanted);
  }

  private List<List<Object>> run(List<List<Object>> rows) {
    ColumnRef key = new ColumnRef(0, "k", KEY);
    ColumnRef x = new ColumnRef(1, "x", X);
    PhysicalNode plan = new HashAggregateExec(List.of(key), List.of("k"),
        List.of(new AggregateCall("sum", List.of(x), false, DataTypes.field("", DataTypes.BIGINT,
            true)), new AggregateCall("count", List.of(x), false,
                DataTypes.field("", DataTypes.BIGINT, false))),
        List.of("s", "c"), PlanRunner.scan(PlanRunner.table(SCHEMA, rows, BATCH_ROWS)));
    return run(plan);
  }

  private static List<List<Object>> run(PhysicalNode plan) {
    PlacedPlan placed = PlanRunner.place(plan, CONFIG);
    assertThat(placed.backend().kind()).isEqualTo(Backend.Kind.CODEGEN);
    try (BufferAllocator allocator = new RootAllocator()) {
      return PlanRunner.run(placed, CONFIG, allocator);
    }
  }
}
