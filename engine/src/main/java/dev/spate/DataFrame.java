package dev.spate;

import static java.util.Objects.requireNonNull;

import dev.spate.engine.BatchRows;
import dev.spate.engine.QueryExecution;
import dev.spate.engine.RowConverter;
import dev.spate.engine.ValueFormatter;
import dev.spate.planner.batch.ColumnarBatch;
import dev.spate.planner.batch.VectorValues;
import dev.spate.planner.expr.Alias;
import dev.spate.planner.expr.ColumnRef;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.expr.SortOrder;
import dev.spate.planner.expr.UnresolvedColumn;
import dev.spate.planner.expr.UnresolvedFunction;
import dev.spate.planner.logical.Aggregate;
import dev.spate.planner.logical.Attribute;
import dev.spate.planner.logical.Distinct;
import dev.spate.planner.logical.Filter;
import dev.spate.planner.logical.Join;
import dev.spate.planner.logical.JoinType;
import dev.spate.planner.logical.Limit;
import dev.spate.planner.logical.LogicalPlan;
import dev.spate.planner.logical.Project;
import dev.spate.planner.logical.Sort;
import dev.spate.planner.logical.SubqueryAlias;
import dev.spate.planner.logical.Union;
import dev.spate.planner.sql.SqlParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A query over batch data, Spark's {@code Dataset<Row>}. Immutable: every transformation returns a
 * new DataFrame, analyzed at once (so a bad column name fails where it is written); actions
 * ({@link #collectAsList()}, {@link #count()}, {@link #show()}, {@link #write()}, ...) run it.
 */
public final class DataFrame {
  private final SpateSession session;
  private final LogicalPlan parsed;
  private final LogicalPlan plan;
  private QueryExecution execution;

  /**
   * @param parsed the plan as written (shown by {@code explain("extended")})
   * @param analyzedPlan the same plan, analyzed
   */
  DataFrame(SpateSession session, LogicalPlan parsed, LogicalPlan analyzedPlan) {
    this.session = requireNonNull(session, "session is null");
    this.parsed = requireNonNull(parsed, "parsed is null");
    this.plan = requireNonNull(analyzedPlan, "analyzedPlan is null");
  }

  DataFrame(SpateSession session, LogicalPlan analyzedPlan) {
    this(session, analyzedPlan, analyzedPlan);
  }

  /** The analyzed logical plan. */
  public LogicalPlan logicalPlan() {
    return plan;
  }

  public SpateSession sparkSession() {
    return session;
  }

  private DataFrame derive(LogicalPlan unresolved) {
    return new DataFrame(session, unresolved, session.analyze(unresolved));
  }

  private synchronized QueryExecution execution() {
    if (execution == null) {
      execution = session.execution(parsed, plan);
    }
    return execution;
  }

  // ---- transformations

  public DataFrame select(String... columns) {
    Column[] resolved = new Column[columns.length];
    for (int index = 0; index < columns.length; index++) {
      resolved[index] = functions.col(columns[index]);
    }
    return select(resolved);
  }

  public DataFrame select(Column... columns) {
    return derive(new Project(expressions(columns), plan));
  }

  public DataFrame selectExpr(String... sqlExpressions) {
    List<Expression> expressions = new ArrayList<>();
    for (String sqlExpression : sqlExpressions) {
      expressions.add(SqlParser.parseExpression(sqlExpression));
    }
    return derive(new Project(expressions, plan));
  }

  public DataFrame where(String sqlCondition) {
    return derive(new Filter(SqlParser.parseExpression(sqlCondition), plan));
  }

  public DataFrame where(Column condition) {
    return derive(new Filter(condition.expr(), plan));
  }

  public DataFrame filter(String sqlCondition) {
    return where(sqlCondition);
  }

  public DataFrame filter(Column condition) {
    return where(condition);
  }

  /** Adds a column, or replaces the column of the same name in place. */
  public DataFrame withColumn(String name, Column column) {
    List<Expression> projections = new ArrayList<>();
    boolean replaced = false;
    List<Attribute> output = plan.output();
    for (int index = 0; index < output.size(); index++) {
      if (sameName(output.get(index).name(), name)) {
        projections.add(new Alias(column.expr(), name));
        replaced = true;
      } else {
        projections.add(reference(index));
      }
    }
    if (!replaced) {
      projections.add(new Alias(column.expr(), name));
    }
    return derive(new Project(projections, plan));
  }

  public DataFrame withColumnRenamed(String existingName, String newName) {
    List<Expression> projections = new ArrayList<>();
    List<Attribute> output = plan.output();
    for (int index = 0; index < output.size(); index++) {
      projections.add(sameName(output.get(index).name(), existingName)
          ? new Alias(reference(index), newName) : reference(index));
    }
    return derive(new Project(projections, plan));
  }

  /** Drops the named columns; names that do not exist are ignored, as in Spark. */
  public DataFrame drop(String... columnNames) {
    List<Expression> projections = new ArrayList<>();
    List<Attribute> output = plan.output();
    for (int index = 0; index < output.size(); index++) {
      boolean dropped = false;
      for (String name : columnNames) {
        dropped |= sameName(output.get(index).name(), name);
      }
      if (!dropped) {
        projections.add(reference(index));
      }
    }
    return derive(new Project(projections, plan));
  }

  public GroupedData groupBy(String... columns) {
    Column[] resolved = new Column[columns.length];
    for (int index = 0; index < columns.length; index++) {
      resolved[index] = functions.col(columns[index]);
    }
    return groupBy(resolved);
  }

  public GroupedData groupBy(Column... columns) {
    return new GroupedData(this, expressions(columns));
  }

  /** Aggregates the whole DataFrame: {@code df.agg(sum("x"))}. */
  public DataFrame agg(Column aggregate, Column... others) {
    return groupBy(new Column[0]).agg(aggregate, others);
  }

  public DataFrame orderBy(Column... columns) {
    List<SortOrder> order = new ArrayList<>();
    for (Column column : columns) {
      Expression expression = column.expr();
      order.add(expression instanceof SortOrder ? (SortOrder) expression
          : SortOrder.of(expression, true));
    }
    return derive(new Sort(order, plan));
  }

  public DataFrame orderBy(String... columns) {
    Column[] resolved = new Column[columns.length];
    for (int index = 0; index < columns.length; index++) {
      resolved[index] = functions.col(columns[index]);
    }
    return orderBy(resolved);
  }

  public DataFrame sort(Column... columns) {
    return orderBy(columns);
  }

  public DataFrame sort(String... columns) {
    return orderBy(columns);
  }

  public DataFrame limit(int rows) {
    if (rows < 0) {
      throw SpateException.analysis("The limit expression must be equal to or greater than 0,"
          + " but got %d", rows);
    }
    return derive(new Limit(rows, 0, plan));
  }

  public DataFrame distinct() {
    return derive(new Distinct(List.of(), plan));
  }

  /** Keeps the first row of each distinct combination of {@code columns} (all columns if none). */
  public DataFrame dropDuplicates(String... columns) {
    List<Integer> keys = new ArrayList<>();
    for (String column : columns) {
      keys.add(ordinalOf(column));
    }
    return derive(new Distinct(keys, plan));
  }

  /**
   * Declares an event-time watermark: on a stream, the watermark trails the largest event time
   * seen by {@code delayThreshold} and bounds the state of aggregations keyed on the column (or a
   * window over it). On a batch DataFrame it only checks that the column exists and is a
   * timestamp, as in Spark, where it has no effect on batch queries.
   */
  public DataFrame withWatermark(String eventTimeColumn, String delayThreshold) {
    Field field = plan.output().get(ordinalOf(eventTimeColumn)).field();
    if (!(field.getType() instanceof org.apache.arrow.vector.types.pojo.ArrowType.Timestamp)) {
      throw SpateException.analysis("Event time must be defined on a window or a timestamp, but"
          + " %s is of type %s", eventTimeColumn, dev.spate.planner.types.DataTypes.sqlName(field));
    }
    requireNonNull(delayThreshold, "delayThreshold is null");
    long delayMs = dev.spate.streaming.runtime.Durations.toMillis(delayThreshold);
    if (delayMs < 0) {
      throw SpateException.analysis("the watermark delay must not be negative: %s",
          delayThreshold);
    }
    if (!plan.isStreaming()) {
      return this;
    }
    return derive(new dev.spate.streaming.runtime.EventTimeWatermark(ordinalOf(eventTimeColumn),
        delayMs, plan));
  }

  public DataFrame join(DataFrame right, Column condition, String joinType) {
    return derive(new Join(plan, right.plan, JoinType.parse(joinType), condition.expr(), List.of()));
  }

  public DataFrame join(DataFrame right, Column condition) {
    return join(right, condition, "inner");
  }

  /** An inner equi-join on a column both sides have, keeping one copy of it (Spark's USING). */
  public DataFrame join(DataFrame right, String usingColumn) {
    return derive(new Join(plan, right.plan, JoinType.INNER, null, List.of(usingColumn)));
  }

  public DataFrame crossJoin(DataFrame right) {
    return derive(new Join(plan, right.plan, JoinType.CROSS, null, List.of()));
  }

  /** UNION ALL by column position, as Spark's {@code union}. */
  public DataFrame union(DataFrame other) {
    return derive(new Union(List.of(plan, other.plan)));
  }

  public DataFrame alias(String alias) {
    return derive(new SubqueryAlias(alias, plan));
  }

  public void createOrReplaceTempView(String viewName) {
    session.catalog().registerView(viewName, plan);
  }

  // ---- metadata

  public Schema schema() {
    return plan.schema();
  }

  public String[] columns() {
    List<Attribute> output = plan.output();
    String[] names = new String[output.size()];
    for (int index = 0; index < names.length; index++) {
      names[index] = output.get(index).name();
    }
    return names;
  }

  public boolean isStreaming() {
    return plan.isStreaming();
  }

  public void explain() {
    explain("simple");
  }

  public void explain(String mode) {
    System.out.print(explainString(mode));
  }

  /** What {@link #explain(String)} prints; mode is simple, extended or placement. */
  public String explainString(String mode) {
    String lower = mode.toLowerCase(Locale.ROOT);
    if (!List.of("simple", "extended", "placement").contains(lower)) {
      throw SpateException.analysis("Unknown explain mode: %s. Accepted explain modes are"
          + " 'simple', 'extended', 'placement'.", mode);
    }
    return execution().explain(lower);
  }

  // ---- actions

  public List<Row> collectAsList() {
    requireBatch("collectAsList");
    Schema schema = plan.schema();
    return execution().run((stream, context) -> BatchRows.collect(stream, schema));
  }

  public long count() {
    requireBatch("count");
    Expression countAll = new UnresolvedFunction("count", List.of(), false);
    LogicalPlan counted = session.analyze(
        new Aggregate(List.of(), List.of(new Alias(countAll, "count")), plan));
    return new DataFrame(session, counted).collectAsList().get(0).getLong(0);
  }

  public void show() {
    show(20);
  }

  public void show(int rows) {
    show(rows, true);
  }

  public void show(int rows, boolean truncate) {
    System.out.print(showString(rows, truncate ? 20 : 0));
  }

  /** What {@link #show(int, boolean)} prints ({@code truncate} characters per cell, 0 for all). */
  public String showString(int rows, int truncate) {
    requireBatch("show");
    List<Row> taken = limit(rows + 1).collectAsList();
    List<List<String>> cells = new ArrayList<>();
    for (int index = 0; index < Math.min(rows, taken.size()); index++) {
      Row row = taken.get(index);
      List<String> line = new ArrayList<>(row.size());
      for (int column = 0; column < row.size(); column++) {
        line.add(ValueFormatter.format(row.get(column)));
      }
      cells.add(line);
    }
    String table = ValueFormatter.table(List.of(columns()), cells, truncate);
    return taken.size() > rows
        ? table + "only showing top " + rows + " row" + (rows == 1 ? "" : "s") + "\n" : table;
  }

  /** Runs the query and returns its result as Arrow batches; close the reader when done. */
  public ArrowReader toArrow() {
    requireBatch("toArrow");
    return execution().openArrowReader();
  }

  public DataFrameWriter write() {
    requireBatch("write");
    return new DataFrameWriter(this);
  }

  /** Starts describing a streaming query over this streaming DataFrame. */
  public dev.spate.streaming.DataStreamWriter writeStream() {
    if (!plan.isStreaming()) {
      throw SpateException.analysis("'writeStream' can be called only on streaming"
          + " Dataset/DataFrame");
    }
    return new dev.spate.streaming.DataStreamWriter(this);
  }

  QueryExecution queryExecution() {
    return execution();
  }

  // ---- helpers

  private void requireBatch(String method) {
    if (plan.isStreaming()) {
      throw SpateException.analysis("Queries with streaming sources must be executed with"
          + " writeStream.start(); '%s' is a batch-only method", method);
    }
  }

  private ColumnRef reference(int ordinal) {
    Attribute attribute = plan.output().get(ordinal);
    return new ColumnRef(ordinal, attribute.name(), attribute.field());
  }

  private boolean sameName(String left, String right) {
    return session.config().get(dev.spate.planner.config.SpateConfig.CASE_SENSITIVE)
        ? left.equals(right) : left.equalsIgnoreCase(right);
  }

  private int ordinalOf(String column) {
    List<Attribute> output = plan.output();
    for (int index = 0; index < output.size(); index++) {
      if (sameName(output.get(index).name(), column)) {
        return index;
      }
    }
    // Let the analyzer produce its standard error with suggestions.
    session.analyze(new Project(List.of(new UnresolvedColumn(List.of(column))), plan));
    throw SpateException.analysis("column %s cannot be resolved", column);
  }

  static List<Expression> expressions(Column[] columns) {
    List<Expression> expressions = new ArrayList<>(columns.length);
    for (Column column : columns) {
      expressions.add(column.expr());
    }
    return expressions;
  }

  /** Used by {@link GroupedData}. */
  DataFrame aggregate(List<Expression> keys, List<Expression> outputs) {
    return derive(new Aggregate(keys, outputs, plan));
  }
}
