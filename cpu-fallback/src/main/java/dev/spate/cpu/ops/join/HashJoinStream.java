package dev.spate.cpu.ops.join;

import static java.util.Objects.requireNonNull;

import dev.spate.cpu.ops.Batches;
import dev.spate.cpu.ops.BoundExpression;
import dev.spate.cpu.ops.EvaluatedColumns;
import dev.spate.cpu.ops.OperatorStream;
import dev.spate.planner.batch.VectorGather;
import dev.spate.planner.batch.BatchStream;
import dev.spate.planner.batch.ColumnarBatch;
import dev.spate.planner.logical.JoinType;
import dev.spate.planner.physical.HashJoinExec;
import dev.spate.planner.spi.ExecContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Runs a {@link HashJoinExec}. The right input is read completely into a {@link BuildSide}; then
 * each left (probe) batch is matched row by row against the build rows with its key (every build
 * row without keys: a nested loop). Candidate pairs are gathered in chunks of at most {@code
 * context.batchRows()} rows into left-then-right batches, over which the residual condition is
 * evaluated and kept as a selection. Unmatched probe rows are emitted NULL-extended after their
 * batch (left/full outer), semi and anti joins select probe rows without copying, and unmatched
 * build rows come NULL-extended at the end (right/full outer).
 */
public final class HashJoinStream extends OperatorStream {
  private final JoinType joinType;
  private final ExecContext context;
  private final List<BoundExpression> leftKeys;
  private final List<BoundExpression> rightKeys;
  private final BoundExpression residual;
  private final List<Field> rightFields;
  private final int leftColumns;
  /** The schema of candidate batches: the left columns then the right columns. */
  private final Schema pairSchema;
  private final int chunkRows;

  private BuildSide build;
  private boolean[] buildMatched;
  private boolean probeDone;
  private int unmatchedCursor;

  private ColumnarBatch probe;
  private int[] probePositions;
  private int[] probeGroups;
  private boolean[] probeMatched;
  private int probeCount;
  private int probeIndex;
  private int buildCursor;

  public HashJoinStream(HashJoinExec node, BatchStream left, BatchStream right,
      ExecContext context) {
    super(node.schema(), List.of(left, right));
    this.joinType = node.joinType();
    this.context = requireNonNull(context, "context is null");
    this.leftKeys = BoundExpression.bindAll(node.leftKeys());
    this.rightKeys = BoundExpression.bindAll(node.rightKeys());
    this.residual = node.residual() == null ? null : BoundExpression.bind(node.residual());
    List<Field> leftFields = node.children().get(0).schema().getFields();
    this.rightFields = node.children().get(1).schema().getFields();
    this.leftColumns = leftFields.size();
    List<Field> pairFields = new ArrayList<>(leftFields);
    pairFields.addAll(rightFields);
    this.pairSchema = joinType.leftOnly() ? new Schema(pairFields) : node.schema();
    this.chunkRows = Math.max(1, context.batchRows());
  }

  @Override
  protected ColumnarBatch computeNext() {
    if (build == null) {
      build = BuildSide.build(input(1), rightFields, rightKeys, context);
      closeInput(1);
      if (joinType == JoinType.RIGHT_OUTER || joinType == JoinType.FULL_OUTER) {
        buildMatched = new boolean[build.rowCount()];
      }
    }
    while (true) {
      if (probe == null) {
        if (probeDone) {
          return buildMatched == null ? null : unmatchedBuildRows();
        }
        ColumnarBatch batch = input(0).next();
        if (batch == null) {
          probeDone = true;
          closeInput(0);
          continue;
        }
        startProbe(batch);
      }
      ColumnarBatch output = advanceProbe();
      if (output != null) {
        return output;
      }
    }
  }

  private void startProbe(ColumnarBatch batch) {
    probe = batch;
    probeCount = batch.selectedCount();
    probePositions = Batches.livePositions(batch);
    probeMatched = new boolean[probeCount];
    probeGroups = new int[probeCount];
    probeIndex = 0;
    buildCursor = -2;
    if (build.keyed() && probeCount > 0) {
      try (EvaluatedColumns keys = EvaluatedColumns.evaluate(leftKeys, batch, context)) {
        build.probe(keys.vectors(), probePositions, probeCount, probeGroups);
      }
    }
  }

  /** The next output of the current probe batch, or null when it is finished (then released). */
  private ColumnarBatch advanceProbe() {
    if (joinType.leftOnly() && residual == null) {
      for (int index = 0; index < probeCount; index++) {
        probeMatched[index] = build.first(probeGroups[index]) >= 0;
      }
      probeIndex = probeCount;
    }
    int[] leftRows = new int[chunkRows];
    int[] rightRows = new int[chunkRows];
    int[] probeIndexes = new int[chunkRows];
    while (probeIndex < probeCount) {
      int count = 0;
      while (count < chunkRows && probeIndex < probeCount) {
        if (buildCursor == -2) {
          buildCursor = joinType.leftOnly() && probeMatched[probeIndex] ? -1
              : build.first(probeGroups[probeIndex]);
        }
        if (buildCursor < 0) {
          probeIndex++;
          buildCursor = -2;
          continue;
        }
        leftRows[count] = probePositions[probeIndex];
        rightRows[count] = buildCursor;
        probeIndexes[count] = probeIndex;
        count++;
        buildCursor = build.next(buildCursor);
      }
      if (count > 0) {
        ColumnarBatch output = matchPairs(leftRows, rightRows, probeIndexes, count);
        if (output != null) {
          return output;
        }
      }
    }
    return finishProbe();
  }

  /** Gathers candidate pairs, applies the residual, records matches; null if nothing is left. */
  private ColumnarBatch matchPairs(int[] leftRows, int[] rightRows, int[] probeIndexes, int count) {
    ColumnarBatch pairs = gatherPairs(leftRows, rightRows, count);
    int[] selection = null;
    int selected = count;
    if (residual != null) {
      try {
        selection = new int[count];
        selected = 0;
        FieldVector result = residual.evaluate(pairs, context);
        try {
          BitVector bits = (BitVector) result;
          for (int row = 0; row < count; row++) {
            if (!bits.isNull(row) && bits.get(row) != 0) {
              selection[selected++] = row;
            }
          }
        } finally {
          if (!residual.isColumn()) {
            result.close();
          }
        }
      } catch (RuntimeException e) {
        pairs.close();
        throw e;
      }
    }
    for (int index = 0; index < selected; index++) {
      int row = selection == null ? index : selection[index];
      probeMatched[probeIndexes[row]] = true;
      if (buildMatched != null) {
        buildMatched[rightRows[row]] = true;
      }
    }
    if (joinType.leftOnly() || selected == 0) {
      pairs.close();
      return null;
    }
    return selected == count ? pairs : pairs.withSelection(selection, selected);
  }

  private ColumnarBatch gatherPairs(int[] leftRows, int[] rightRows, int count) {
    List<Field> fields = pairSchema.getFields();
    List<FieldVector> columns = new ArrayList<>(fields.size());
    try {
      for (int column = 0; column < leftColumns; column++) {
        columns.add(VectorGather.gather(probe.column(column), leftRows, count, fields.get(column),
            context.allocator()));
      }
      for (int column = 0; column < rightFields.size(); column++) {
        columns.add(VectorGather.gather(build.column(column), rightRows, count,
            fields.get(leftColumns + column), context.allocator()));
      }
      return ColumnarBatch.of(pairSchema, columns, count);
    } catch (RuntimeException e) {
      columns.forEach(FieldVector::close);
      throw e;
    }
  }

  /** The probe batch's final output (semi/anti selection, NULL-extended left rows) or null. */
  private ColumnarBatch finishProbe() {
    ColumnarBatch batch = probe;
    probe = null;
    boolean wantMatched = joinType == JoinType.LEFT_SEMI;
    boolean emitsProbeRows = joinType.leftOnly() || joinType == JoinType.LEFT_OUTER
        || joinType == JoinType.FULL_OUTER;
    if (!emitsProbeRows) {
      batch.close();
      return null;
    }
    int[] positions = new int[probeCount];
    int count = 0;
    for (int index = 0; index < probeCount; index++) {
      if (probeMatched[index] == wantMatched) {
        positions[count++] = probePositions[index];
      }
    }
    if (count == 0) {
      batch.close();
      return null;
    }
    if (joinType.leftOnly()) {
      return count == batch.selectedCount() ? batch : batch.withSelection(positions, count);
    }
    try {
      return nullExtended(batch, positions, null, count);
    } finally {
      batch.close();
    }
  }

  /** Unmatched build rows, NULL-extended on the left, one chunk per call; null when done. */
  private ColumnarBatch unmatchedBuildRows() {
    int[] rows = new int[chunkRows];
    int count = 0;
    while (count < chunkRows && unmatchedCursor < buildMatched.length) {
      if (!buildMatched[unmatchedCursor]) {
        rows[count++] = unmatchedCursor;
      }
      unmatchedCursor++;
    }
    return count == 0 ? null : nullExtended(null, null, rows, count);
  }

  /**
   * A batch of {@code count} rows whose left columns come from {@code left} at {@code leftRows}
   * and right columns from the build side at {@code rightRows}; a null side is all NULLs.
   */
  private ColumnarBatch nullExtended(ColumnarBatch left, int[] leftRows, int[] rightRows,
      int count) {
    List<Field> fields = schema().getFields();
    List<FieldVector> columns = new ArrayList<>(fields.size());
    try {
      for (int column = 0; column < fields.size(); column++) {
        Field field = fields.get(column);
        boolean isLeft = column < leftColumns;
        if (isLeft ? left == null : rightRows == null) {
          columns.add(VectorGather.nulls(field, count, context.allocator()));
        } else if (isLeft) {
          columns.add(VectorGather.gather(left.column(column), leftRows, count, field,
              context.allocator()));
        } else {
          columns.add(VectorGather.gather(build.column(column - leftColumns), rightRows, count,
              field, context.allocator()));
        }
      }
      return ColumnarBatch.of(schema(), columns, count);
    } catch (RuntimeException e) {
      columns.forEach(FieldVector::close);
      throw e;
    }
  }

  @Override
  protected void releaseState() {
    List<AutoCloseable> resources = Arrays.asList(probe, build);
    probe = null;
    build = null;
    Batches.closeAll(resources);
  }
}
