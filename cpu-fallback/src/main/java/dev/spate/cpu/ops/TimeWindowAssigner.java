package dev.spate.cpu.ops;

import dev.spate.planner.batch.ColumnarBatch;
import dev.spate.planner.expr.Call;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.expr.FunctionNames;
import dev.spate.planner.expr.Literal;
import dev.spate.planner.spi.ExecContext;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Evaluates {@link FunctionNames#TIME_WINDOW} ({@code window(ts, size, slide)}) into a list of
 * {@code struct<start, end>} per row, as Spark's time windowing does: windows are aligned to the
 * epoch, half-open {@code [start, end)}, a timestamp on a boundary belongs to the window starting
 * there, each row gets the {@code ceil(size / slide)} candidate windows ending after it and
 * starting at or before it (latest start first), and a NULL timestamp gets an empty list.
 */
final class TimeWindowAssigner {
  private final BoundExpression time;
  private final long size;
  private final long slide;
  private final Field type;

  private TimeWindowAssigner(BoundExpression time, long size, long slide, Field type) {
    this.time = time;
    this.size = size;
    this.slide = slide;
    this.type = type;
  }

  /** The assigner of {@code generator}, or null when it is not a time window. */
  static TimeWindowAssigner of(Expression generator) {
    if (!(generator instanceof Call)
        || !((Call) generator).name().equals(FunctionNames.TIME_WINDOW)) {
      return null;
    }
    Call call = (Call) generator;
    long size = ((Number) ((Literal) call.arguments().get(1)).value()).longValue();
    long slide = ((Number) ((Literal) call.arguments().get(2)).value()).longValue();
    return new TimeWindowAssigner(BoundExpression.bind(call.arguments().get(0)), size, slide,
        call.dataType());
  }

  /** The windows of every row of {@code batch}, as a new vector owned by the caller. */
  ListVector evaluate(ColumnarBatch batch, ExecContext context) {
    FieldVector input = time.evaluate(batch, context);
    ListVector windows = (ListVector) type.createVector(context.allocator());
    try {
      fill((TimeStampVector) input, batch.rowCount(), windows);
      return windows;
    } catch (RuntimeException e) {
      windows.close();
      throw e;
    } finally {
      if (!time.isColumn()) {
        input.close();
      }
    }
  }

  private void fill(TimeStampVector timestamps, int rows, ListVector windows) {
    int perRow = (int) ((size + slide - 1) / slide);
    windows.allocateNew();
    StructVector structs = (StructVector) windows.getDataVector();
    TimeStampVector starts = (TimeStampVector) structs.getChildByOrdinal(0);
    TimeStampVector ends = (TimeStampVector) structs.getChildByOrdinal(1);
    int element = 0;
    for (int row = 0; row < rows; row++) {
      if (timestamps.isNull(row)) {
        windows.setNull(row);
        continue;
      }
      long timestamp = timestamps.get(row);
      long lastStart = timestamp - Math.floorMod(timestamp, slide);
      windows.startNewValue(row);
      int count = 0;
      for (int index = 0; index < perRow; index++) {
        long start = lastStart - index * slide;
        if (start <= timestamp && timestamp < start + size) {
          structs.setIndexDefined(element);
          starts.setSafe(element, start);
          ends.setSafe(element, start + size);
          element++;
          count++;
        }
      }
      windows.endValue(row, count);
    }
    starts.setValueCount(element);
    ends.setValueCount(element);
    structs.setValueCount(element);
    windows.setValueCount(rows);
  }
}
