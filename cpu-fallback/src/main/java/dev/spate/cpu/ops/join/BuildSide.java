package dev.spate.cpu.ops.join;

import dev.spate.cpu.ops.Batches;
import dev.spate.cpu.ops.BoundExpression;
import dev.spate.cpu.ops.EvaluatedColumns;
import dev.spate.cpu.ops.hash.GroupTable;
import dev.spate.cpu.ops.vector.RowBuffer;
import dev.spate.planner.batch.BatchStream;
import dev.spate.planner.batch.ColumnarBatch;
import dev.spate.planner.spi.ExecContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * The build (right) side of a hash join: all its live rows in a {@link RowBuffer} (the right
 * columns, then computed key values), a {@link GroupTable} numbering the distinct non-NULL keys,
 * and per key a chain of build rows ({@code head[group]}, {@code next[row]}, in input order). Rows
 * with a NULL key are kept (for outer joins) but never found. Without keys every row matches.
 */
final class BuildSide implements AutoCloseable {
  private final RowBuffer rows;
  private final GroupTable table;
  private final int[] head;
  private final int[] next;

  private BuildSide(RowBuffer rows, GroupTable table, int[] head, int[] next) {
    this.rows = rows;
    this.table = table;
    this.head = head;
    this.next = next;
  }

  /** Reads {@code input} to the end (it stays open; the caller closes it). */
  static BuildSide build(BatchStream input, List<Field> rightFields, List<BoundExpression> keys,
      ExecContext context) {
    List<Field> fields = new ArrayList<>(rightFields);
    List<BoundExpression> computed = new ArrayList<>();
    int[] keyColumns = new int[keys.size()];
    for (int index = 0; index < keys.size(); index++) {
      BoundExpression key = keys.get(index);
      if (key.isColumn()) {
        keyColumns[index] = key.ordinal();
      } else {
        keyColumns[index] = fields.size();
        fields.add(key.type());
        computed.add(key);
      }
    }
    RowBuffer rows = new RowBuffer(fields, context.allocator());
    GroupTable table = null;
    try {
      while (true) {
        ColumnarBatch batch = input.next();
        if (batch == null) {
          break;
        }
        try (batch; EvaluatedColumns values = EvaluatedColumns.evaluate(computed, batch, context)) {
          List<FieldVector> columns = new ArrayList<>(batch.columns());
          columns.addAll(values.vectors());
          rows.append(columns, Batches.livePositions(batch), batch.selectedCount());
        }
      }
      List<FieldVector> keyVectors = new ArrayList<>();
      List<Field> keyFields = new ArrayList<>();
      for (int column : keyColumns) {
        keyVectors.add(rows.vector(column));
        keyFields.add(fields.get(column));
      }
      int count = rows.rowCount();
      int[] next = new int[count];
      Arrays.fill(next, -1);
      if (keys.isEmpty()) {
        return new BuildSide(rows, null, new int[0], next);
      }
      table = GroupTable.create(keyFields, context.allocator());
      int[] positions = new int[count];
      int nonNull = 0;
      for (int row = 0; row < count; row++) {
        if (!anyNull(keyVectors, row)) {
          positions[nonNull++] = row;
        }
      }
      int[] groups = new int[nonNull];
      table.findGroups(keyVectors, positions, nonNull, true, groups);
      int[] head = new int[table.groupCount()];
      Arrays.fill(head, -1);
      for (int index = nonNull - 1; index >= 0; index--) {
        next[positions[index]] = head[groups[index]];
        head[groups[index]] = positions[index];
      }
      return new BuildSide(rows, table, head, next);
    } catch (RuntimeException e) {
      Batches.closeAll(Arrays.asList(table, rows));
      throw e;
    }
  }

  static boolean anyNull(List<FieldVector> vectors, int row) {
    for (FieldVector vector : vectors) {
      if (vector.isNull(row)) {
        return true;
      }
    }
    return false;
  }

  int rowCount() {
    return rows.rowCount();
  }

  FieldVector column(int index) {
    return rows.vector(index);
  }

  boolean keyed() {
    return table != null;
  }

  /**
   * Group ids of the probe rows {@code positions[0..count)} of {@code probeKeys}, -1 where no build
   * row has the key (also for NULL keys).
   */
  void probe(List<FieldVector> probeKeys, int[] positions, int count, int[] groups) {
    int[] nonNullPositions = new int[count];
    int[] nonNullIndexes = new int[count];
    int nonNull = 0;
    for (int index = 0; index < count; index++) {
      groups[index] = -1;
      if (!anyNull(probeKeys, positions[index])) {
        nonNullPositions[nonNull] = positions[index];
        nonNullIndexes[nonNull] = index;
        nonNull++;
      }
    }
    int[] found = new int[nonNull];
    table.findGroups(probeKeys, nonNullPositions, nonNull, false, found);
    for (int index = 0; index < nonNull; index++) {
      groups[nonNullIndexes[index]] = found[index];
    }
  }

  /** The first build row matching a probe row of {@code group} (-1 for none). */
  int first(int group) {
    if (table == null) {
      return rows.rowCount() > 0 ? 0 : -1;
    }
    return group < 0 ? -1 : head[group];
  }

  /** The build row after {@code row} with the same key, or -1. */
  int next(int row) {
    if (table == null) {
      return row + 1 < rows.rowCount() ? row + 1 : -1;
    }
    return next[row];
  }

  @Override
  public void close() {
    Batches.closeAll(Arrays.asList(table, rows));
  }
}
