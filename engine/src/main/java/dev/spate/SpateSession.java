package dev.spate;

import dev.spate.engine.ArrowInput;
import dev.spate.engine.InMemoryTable;
import dev.spate.engine.QueryExecution;
import dev.spate.engine.SessionCatalog;
import dev.spate.planner.analysis.Analyzer;
import dev.spate.planner.batch.BufferPool;
import dev.spate.planner.config.SpateConfig;
import dev.spate.planner.logical.LogicalPlan;
import dev.spate.planner.logical.Scan;
import dev.spate.planner.spi.Backend;
import dev.spate.planner.spi.Backends;
import dev.spate.planner.sql.CreateTempView;
import dev.spate.planner.sql.SqlParser;
import dev.spate.planner.sql.SqlStatement;
import dev.spate.planner.types.DdlParser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The entry point: a Spark-shaped session that reads data, runs SQL and DataFrame queries and owns
 * the memory of in-memory tables. Thread safe; close it to release everything.
 *
 * <pre>{@code
 * try (SpateSession spate = SpateSession.builder().appName("iot").getOrCreate()) {
 *   spate.read().parquet("events/").groupBy("deviceType").count().show();
 * }
 * }</pre>
 */
public final class SpateSession implements AutoCloseable {
  private static SpateSession active;

  private final String appName;
  private volatile SpateConfig config;
  private final BufferPool bufferPool;
  private final BufferAllocator allocator;
  private final SessionCatalog catalog = new SessionCatalog();
  private final List<Backend> backends = Backends.load();
  private final List<InMemoryTable> tables = new ArrayList<>();
  private final dev.spate.streaming.StreamingQueryManager streams =
      new dev.spate.streaming.StreamingQueryManager();
  private boolean closed;

  private SpateSession(String appName, SpateConfig config) {
    this.appName = appName;
    this.config = config;
    this.bufferPool = new BufferPool(config.get(SpateConfig.BUFFER_POOL_BYTES));
    this.allocator = new RootAllocator(RootAllocator.configBuilder()
        .allocationManagerFactory(bufferPool).build());
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds or returns the active session (Spark's {@code SparkSession.builder()}). */
  public static final class Builder {
    private String appName = "spate";
    private final Map<String, String> options = new LinkedHashMap<>();

    public Builder appName(String name) {
      this.appName = name;
      return this;
    }

    public Builder config(String key, String value) {
      options.put(key, value);
      return this;
    }

    public Builder config(String key, long value) {
      return config(key, Long.toString(value));
    }

    public Builder config(String key, boolean value) {
      return config(key, Boolean.toString(value));
    }

    /**
     * Returns the active session with this builder's options applied, or a new one when there is no
     * open session.
     */
    public SpateSession getOrCreate() {
      synchronized (SpateSession.class) {
        if (active != null && !active.closed) {
          SpateConfig merged = active.config;
          for (Map.Entry<String, String> option : options.entrySet()) {
            merged = merged.with(option.getKey(), option.getValue());
          }
          active.config = merged;
          return active;
        }
        active = new SpateSession(appName, new SpateConfig(options));
        return active;
      }
    }
  }

  public String appName() {
    return appName;
  }

  public SpateConfig config() {
    return config;
  }

  /** Sets one configuration value for later queries of this session. */
  public void setConfig(String key, String value) {
    config = config.with(key, value);
  }

  public DataFrameReader read() {
    checkOpen();
    return new DataFrameReader(this);
  }

  /** Declares a streaming source: {@code spate.readStream().schema(ddl).json("in/")}. */
  public dev.spate.streaming.DataStreamReader readStream() {
    checkOpen();
    return new dev.spate.streaming.DataStreamReader(this);
  }

  /** The streaming queries of this session. */
  public dev.spate.streaming.StreamingQueryManager streams() {
    return streams;
  }

  /**
   * Runs a SQL statement: a query returns its DataFrame; {@code CREATE [OR REPLACE] TEMP VIEW}
   * registers the view and returns an empty DataFrame.
   */
  public DataFrame sql(String sqlText) {
    checkOpen();
    SqlStatement statement = SqlParser.parseStatement(sqlText);
    if (statement instanceof CreateTempView) {
      CreateTempView create = (CreateTempView) statement;
      if (!create.replace() && catalog.view(create.name()) != null) {
        throw SpateException.analysis("[TEMP_TABLE_OR_VIEW_ALREADY_EXISTS] Cannot create the"
            + " temporary view `%s` because it already exists.", create.name());
      }
      catalog.registerView(create.name(), analyze(create.plan()));
      return createDataFrame(List.of(), "");
    }
    LogicalPlan parsed = ((dev.spate.planner.sql.QueryStatement) statement).plan();
    return new DataFrame(this, parsed, analyze(parsed));
  }

  /** The DataFrame of a temporary view. */
  public DataFrame table(String name) {
    checkOpen();
    LogicalPlan plan = catalog.view(name);
    if (plan == null) {
      throw SpateException.analysis("[TABLE_OR_VIEW_NOT_FOUND] The table or view `%s` cannot be"
          + " found.", name);
    }
    return new DataFrame(this, plan);
  }

  /** A small in-memory table from rows and a DDL schema ("id INT, name STRING"). */
  public DataFrame createDataFrame(List<Row> rows, String ddlSchema) {
    checkOpen();
    Schema schema = ddlSchema.isBlank() ? new Schema(List.of()) : DdlParser.parseSchema(ddlSchema);
    InMemoryTable table = ArrowInput.fromRows(rows, schema, allocator);
    return register(table);
  }

  /** A batch DataFrame over the batches of {@code reader}, which is read to the end now. */
  public DataFrame fromArrow(ArrowReader reader) {
    checkOpen();
    return register(ArrowInput.fromReader(reader, allocator));
  }

  private DataFrame register(InMemoryTable table) {
    synchronized (tables) {
      tables.add(table);
    }
    return new DataFrame(this, Scan.of(table));
  }

  /** A batch DataFrame that scans {@code source}. */
  DataFrame readTable(dev.spate.planner.spi.TableSource source) {
    return new DataFrame(this, Scan.of(source));
  }

  /** Resolves {@code plan} against this session's views and functions. */
  LogicalPlan analyze(LogicalPlan plan) {
    return new Analyzer(catalog, config).analyze(plan);
  }

  org.apache.arrow.memory.BufferAllocator newChildAllocator(String name) {
    return allocator.newChildAllocator(name, 0, Long.MAX_VALUE);
  }

  QueryExecution execution(LogicalPlan parsed, LogicalPlan analyzed) {
    checkOpen();
    return new QueryExecution(parsed, analyzed, config, backends, allocator);
  }

  SessionCatalog catalog() {
    return catalog;
  }

  private void checkOpen() {
    if (closed) {
      throw SpateException.analysis("the session '%s' is closed", appName);
    }
  }

  /** Releases in-memory tables and the session's memory; later calls on the session fail. */
  @Override
  public void close() {
    synchronized (SpateSession.class) {
      if (closed) {
        return;
      }
      closed = true;
      if (active == this) {
        active = null;
      }
    }
    streams.stopAll();
    synchronized (tables) {
      tables.forEach(InMemoryTable::close);
      tables.clear();
    }
    try {
      allocator.close();
    } catch (IllegalStateException e) {
      throw SpateException.internal("Arrow memory is still in use when closing the session: "
          + e.getMessage(), e);
    } finally {
      bufferPool.close();
    }
  }
}
