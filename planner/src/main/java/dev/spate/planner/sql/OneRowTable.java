package dev.spate.planner.sql;

import dev.spate.planner.batch.BatchStream;
import dev.spate.planner.batch.ColumnarBatch;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.spi.ExecContext;
import dev.spate.planner.spi.TableSource;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The relation with one row and no columns (Spark's {@code OneRowRelation}): the input of {@code
 * SELECT 1} and of each row of an inline {@code VALUES} table.
 */
public final class OneRowTable implements TableSource {
  public static final OneRowTable INSTANCE = new OneRowTable();
  private static final Schema EMPTY = new Schema(List.of());

  private OneRowTable() {}

  @Override
  public Schema schema() {
    return EMPTY;
  }

  @Override
  public String description() {
    return "OneRowRelation";
  }

  @Override
  public BatchStream scan(List<Integer> columns, List<Expression> filters, ExecContext context) {
    return new BatchStream() {
      private boolean done;

      @Override
      public Schema schema() {
        return EMPTY;
      }

      @Override
      public ColumnarBatch next() {
        if (done) {
          return null;
        }
        done = true;
        return ColumnarBatch.of(EMPTY, List.of(), 1);
      }

      @Override
      public void close() {
        done = true;
      }
    };
  }

  @Override
  public long estimatedBytes() {
    return 0;
  }
}
