package dev.spate.planner.testing;

import static java.util.Objects.requireNonNull;

import dev.spate.planner.batch.BatchStream;
import dev.spate.planner.batch.ColumnarBatch;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.spi.ExecContext;
import dev.spate.planner.spi.TableSource;
import dev.spate.planner.types.DdlParser;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Schema;

/** A table with a schema and no rows, for planning tests. */
public final class TestTable implements TableSource {
  private final String name;
  private final Schema schema;
  private final long estimatedBytes;

  public TestTable(String name, String ddl) {
    this(name, ddl, -1);
  }

  /** A table that claims {@code estimatedBytes} for planning (-1: unknown). */
  public TestTable(String name, String ddl, long estimatedBytes) {
    this.name = requireNonNull(name, "name is null");
    this.schema = DdlParser.parseSchema(ddl);
    this.estimatedBytes = estimatedBytes;
  }

  @Override
  public long estimatedBytes() {
    return estimatedBytes;
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public String description() {
    return "test [" + name + "]";
  }

  @Override
  public BatchStream scan(List<Integer> columns, List<Expression> filters, ExecContext context) {
    return new BatchStream() {
      @Override
      public Schema schema() {
        return schema;
      }

      @Override
      public ColumnarBatch next() {
        return null;
      }

      @Override
      public void close() {}
    };
  }
}
