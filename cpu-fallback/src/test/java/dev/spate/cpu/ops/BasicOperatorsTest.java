package dev.spate.cpu.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spate.planner.expr.Alias;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.physical.FilterExec;
import dev.spate.planner.physical.GenerateExec;
import dev.spate.planner.physical.LimitExec;
import dev.spate.planner.physical.ProjectExec;
import dev.spate.planner.physical.ScanExec;
import dev.spate.planner.physical.UnionExec;
import dev.spate.planner.types.DataTypes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

class BasicOperatorsTest extends OperatorTestSupport {
  private static final Schema ID_FLAG = new Schema(List.of(
      DataTypes.field("id", DataTypes.INT, true), DataTypes.field("flag", DataTypes.BOOLEAN, true),
      DataTypes.field("name", DataTypes.STRING, true)));

  private ScanExec idFlagScan() {
    return scan(ID_FLAG,
        batch(row(1, true, "a"), row(2, false, "b"), row(3, null, "c")),
        batch(),
        batch(row(4, true, null), row(5, true, "e")));
  }

  @Test
  void filterKeepsOnlyTrueRowsAcrossBatches() {
    FilterExec filter = new FilterExec(column(ID_FLAG, 1), idFlagScan());
    assertThat(run(filter, context(1024))).containsExactly(
        values(1, true, "a"), values(4, true, null), values(5, true, "e"));
  }

  @Test
  void filterOverAFilterComposesSelections() {
    Schema schema = new Schema(List.of(DataTypes.field("a", DataTypes.BOOLEAN, true),
        DataTypes.field("b", DataTypes.BOOLEAN, true)));
    ScanExec input = scan(schema, batch(row(true, true), row(true, false), row(false, true),
        row(true, true), row(null, true)));
    FilterExec filter = new FilterExec(column(schema, 1), new FilterExec(column(schema, 0), input));
    assertThat(run(filter, context(1024)))
        .containsExactly(values(true, true), values(true, true));
  }

  @Test
  void projectPassesColumnsThroughAndRenames() {
    List<Expression> projections = List.of(new Alias(column(ID_FLAG, 2), "label"),
        column(ID_FLAG, 0), new Alias(column(ID_FLAG, 0), "again"));
    ProjectExec project = new ProjectExec(projections,
        new FilterExec(column(ID_FLAG, 1), idFlagScan()));
    assertThat(project.schema().getFields().get(0).getName()).isEqualTo("label");
    assertThat(run(project, context(1024))).containsExactly(
        values("a", 1, 1), values(null, 4, 4), values("e", 5, 5));
  }

  @Test
  void limitWithOffsetAcrossBatchesStopsEarly() {
    LimitExec limit = new LimitExec(3, 2, idFlagScan());
    assertThat(run(limit, context(1024))).containsExactly(
        values(3, null, "c"), values(4, true, null), values(5, true, "e"));
    assertThat(run(new LimitExec(2, 0, idFlagScan()), context(1024))).containsExactly(
        values(1, true, "a"), values(2, false, "b"));
    assertThat(run(new LimitExec(0, 0, idFlagScan()), context(1024))).isEmpty();
    assertThat(run(new LimitExec(10, 4, idFlagScan()), context(1024)))
        .containsExactly(values(5, true, "e"));
  }

  @Test
  void limitOverFilteredBatchesCountsLiveRowsOnly() {
    LimitExec limit = new LimitExec(2, 1, new FilterExec(column(ID_FLAG, 1), idFlagScan()));
    assertThat(run(limit, context(1024))).containsExactly(
        values(4, true, null), values(5, true, "e"));
  }

  @Test
  void unionConcatenatesInOrderUnderTheUnionNames() {
    Schema other = new Schema(List.of(DataTypes.field("x", DataTypes.INT, true),
        DataTypes.field("y", DataTypes.BOOLEAN, true), DataTypes.field("z", DataTypes.STRING, true)));
    UnionExec union = new UnionExec(List.of(scan(other, batch(row(9, false, "z"))), idFlagScan(),
        scan(other)), ID_FLAG);
    assertThat(run(union, context(1024))).containsExactly(values(9, false, "z"),
        values(1, true, "a"), values(2, false, "b"), values(3, null, "c"), values(4, true, null),
        values(5, true, "e"));
  }

  @Test
  void explodeAndExplodeOuterOfArrays() {
    Field element = DataTypes.field("element", DataTypes.INT, true);
    Schema schema = new Schema(List.of(DataTypes.field("id", DataTypes.INT, false),
        DataTypes.listOf("items", element, true)));
    ScanExec input = scan(schema,
        batch(row(1, List.of(10, 11, 12)), row(2, null), row(3, List.of())),
        batch(row(4, java.util.Arrays.asList(40, null))));
    List<Field> generated = List.of(DataTypes.field("col", DataTypes.INT, true));
    GenerateExec explode = new GenerateExec(column(schema, 1), false, generated, input);
    // batches of 2 rows: the first input batch produces 3 rows over two output batches
    assertThat(run(explode, context(2))).containsExactly(
        values(1, List.of(10, 11, 12), 10), values(1, List.of(10, 11, 12), 11),
        values(1, List.of(10, 11, 12), 12), values(4, java.util.Arrays.asList(40, null), 40),
        values(4, java.util.Arrays.asList(40, null), null));
    GenerateExec outer = new GenerateExec(column(schema, 1), true, generated, input);
    List<List<Object>> rows = run(outer, context(1024));
    assertThat(rows).hasSize(7);
    assertThat(rows.get(3)).isEqualTo(values(2, null, null));
    assertThat(rows.get(4)).isEqualTo(values(3, List.of(), null));
  }

  @Test
  void explodeOfAMapGivesKeyAndValue() {
    Field map = DataTypes.mapOf("m", DataTypes.field("key", DataTypes.STRING, false),
        DataTypes.field("value", DataTypes.BIGINT, true), true);
    Schema schema = new Schema(List.of(DataTypes.field("id", DataTypes.INT, false), map));
    Map<String, Long> entries = new LinkedHashMap<>();
    entries.put("a", 1L);
    entries.put("b", null);
    ScanExec input = scan(schema, batch(row(1, entries), row(2, null)));
    List<Field> generated = List.of(DataTypes.field("key", DataTypes.STRING, false),
        DataTypes.field("value", DataTypes.BIGINT, true));
    ProjectExec project = new ProjectExec(List.of(column(schema, 0),
        new Alias(new dev.spate.planner.expr.ColumnRef(2, "key", generated.get(0)), "key"),
        new Alias(new dev.spate.planner.expr.ColumnRef(3, "value", generated.get(1)), "value")),
        new GenerateExec(column(schema, 1), true, generated, input));
    assertThat(run(project, context(1024))).containsExactly(values(1, "a", 1L),
        values(1, "b", null), values(2, null, null));
  }

  @Test
  void emptyInputGivesNoRows() {
    ScanExec empty = scan(ID_FLAG);
    assertThat(run(new FilterExec(column(ID_FLAG, 1), empty), context(16))).isEmpty();
    assertThat(run(new ProjectExec(List.of(column(ID_FLAG, 0)), empty), context(16))).isEmpty();
  }
}
