package dev.spate.streaming.runtime;

import static java.util.Objects.requireNonNull;

import dev.spate.DataFrame;
import dev.spate.Row;
import dev.spate.engine.BatchRows;
import dev.spate.engine.InMemoryTable;
import dev.spate.engine.ValueFormatter;
import dev.spate.planner.batch.BatchStream;
import dev.spate.planner.batch.ColumnarBatch;
import dev.spate.planner.spi.ExecContext;
import dev.spate.streaming.ForeachWriter;
import dev.spate.streaming.VoidFunction2;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.util.TransferPair;

/** The sinks that hand rows to user code or a console: console, foreach, foreachBatch, noop. */
public final class CallbackSinks {
  private CallbackSinks() {}

  /** Prints each batch as a table, Spark's console sink (options numRows, truncate). */
  public static Sink console(PrintStream out, int numRows, boolean truncate) {
    return new Sink() {
      @Override
      public String description() {
        return "ConsoleSink";
      }

      @Override
      public long addBatch(long batchId, BatchStream data, ExecContext context) {
        List<Row> rows = BatchRows.collect(data, data.schema());
        List<String> names = new ArrayList<>();
        for (Field field : data.schema().getFields()) {
          names.add(field.getName());
        }
        List<List<String>> cells = new ArrayList<>();
        for (Row row : rows.subList(0, Math.min(numRows, rows.size()))) {
          List<String> line = new ArrayList<>();
          for (int column = 0; column < row.size(); column++) {
            line.add(ValueFormatter.format(row.get(column)));
          }
          cells.add(line);
        }
        String rule = "-------------------------------------------\n";
        out.print(rule + "Batch: " + batchId + "\n" + rule
            + ValueFormatter.table(names, cells, truncate ? 20 : 0)
            + (rows.size() > numRows ? "only showing top " + numRows + " rows\n" : "") + "\n");
        out.flush();
        return rows.size();
      }
    };
  }

  /** Calls {@code writer} for every row, one epoch per batch (at-least-once). */
  public static Sink foreach(ForeachWriter<Row> writer) {
    requireNonNull(writer, "writer is null");
    return new Sink() {
      @Override
      public String description() {
        return "ForeachSink";
      }

      @Override
      public long addBatch(long batchId, BatchStream data, ExecContext context) {
        long[] count = new long[1];
        if (!writer.open(0, batchId)) {
          writer.close(null);
          return 0;
        }
        try {
          ColumnarBatch batch;
          while ((batch = data.next()) != null) {
            try (ColumnarBatch current = batch) {
              BatchRows.forEach(current, data.schema(), row -> {
                writer.process(row);
                count[0]++;
              });
            }
          }
        } catch (RuntimeException | Error e) {
          writer.close(e);
          throw e;
        }
        writer.close(null);
        return count[0];
      }
    };
  }

  /**
   * Hands each batch to {@code function} as a batch DataFrame made by {@code toDataFrame} over an
   * in-memory table that lives until the function returns.
   */
  public static Sink foreachBatch(VoidFunction2<DataFrame, Long> function,
      Function<InMemoryTable, DataFrame> toDataFrame) {
    requireNonNull(function, "function is null");
    return new Sink() {
      @Override
      public String description() {
        return "ForeachBatchSink";
      }

      @Override
      public long addBatch(long batchId, BatchStream data, ExecContext context) {
        List<List<FieldVector>> batches = new ArrayList<>();
        List<Integer> rowCounts = new ArrayList<>();
        long rows = 0;
        try {
          ColumnarBatch batch;
          while ((batch = data.next()) != null) {
            try (ColumnarBatch dense = batch.compact(context.allocator())) {
              List<FieldVector> owned = new ArrayList<>();
              for (FieldVector vector : dense.columns()) {
                TransferPair pair = vector.getTransferPair(context.allocator());
                pair.transfer();
                owned.add((FieldVector) pair.getTo());
              }
              batches.add(owned);
              rowCounts.add(dense.rowCount());
              rows += dense.rowCount();
            }
          }
        } catch (RuntimeException e) {
          batches.forEach(owned -> owned.forEach(FieldVector::close));
          throw e;
        }
        try (InMemoryTable table = new InMemoryTable(data.schema(), batches, rowCounts,
            "batch " + batchId)) {
          function.call(toDataFrame.apply(table), batchId);
        }
        return rows;
      }
    };
  }

  /** Reads and drops every row (for benchmarks and tests). */
  public static Sink noop() {
    return new Sink() {
      @Override
      public String description() {
        return "NoopSink";
      }

      @Override
      public long addBatch(long batchId, BatchStream data, ExecContext context) {
        long rows = 0;
        ColumnarBatch batch;
        while ((batch = data.next()) != null) {
          try (ColumnarBatch current = batch) {
            rows += current.selectedCount();
          }
        }
        return rows;
      }
    };
  }
}
