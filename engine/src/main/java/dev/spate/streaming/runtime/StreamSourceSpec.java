package dev.spate.streaming.runtime;

import dev.spate.SpateException;
import dev.spate.planner.batch.BatchStream;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.spi.ExecContext;
import dev.spate.planner.spi.TableSource;
import java.nio.file.Path;
import java.util.List;

/**
 * The source of a streaming DataFrame as the user declared it (format, paths, schema, options). It
 * is immutable and holds no data: each started query {@linkplain #open opens} its own {@link
 * StreamSource}, so one DataFrame can back several queries. Scanning the spec itself fails: a
 * streaming DataFrame runs only through {@code writeStream().start()}.
 */
public interface StreamSourceSpec extends TableSource {
  /**
   * The runtime of this source for one query.
   *
   * @param stateDirectory the checkpoint directory private to this source in that query
   */
  StreamSource open(Path stateDirectory);

  @Override
  default BatchStream scan(List<Integer> columns, List<Expression> filters,
      ExecContext context) {
    throw SpateException.analysis("Queries with streaming sources must be executed with"
        + " writeStream.start(); source: %s", description());
  }
}
