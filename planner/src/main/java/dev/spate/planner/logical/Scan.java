package dev.spate.planner.logical;

import static java.util.Objects.requireNonNull;

import dev.spate.planner.expr.Expression;
import dev.spate.planner.spi.TableSource;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Reads a {@link TableSource}. {@code columns} (indexes into the source schema) is the projection
 * pushed into the scan; {@code filters} (resolved against the full source schema) are predicates
 * pushed down for pruning. A fresh scan reads all columns and has no filters.
 */
public final class Scan extends LogicalPlan {
  private final TableSource source;
  private final List<Integer> columns;
  private final List<Expression> filters;
  private final boolean streaming;

  public Scan(TableSource source, List<Integer> columns, List<Expression> filters,
      boolean streaming) {
    this.source = requireNonNull(source, "source is null");
    this.columns = List.copyOf(columns);
    this.filters = List.copyOf(filters);
    this.streaming = streaming;
  }

  /** A batch scan of every column. */
  public static Scan of(TableSource source) {
    List<Integer> all = new ArrayList<>();
    for (int index = 0; index < source.schema().getFields().size(); index++) {
      all.add(index);
    }
    return new Scan(source, all, List.of(), false);
  }

  public TableSource source() {
    return source;
  }

  public List<Integer> columns() {
    return columns;
  }

  public List<Expression> filters() {
    return filters;
  }

  public Scan withColumns(List<Integer> newColumns) {
    return new Scan(source, newColumns, filters, streaming);
  }

  public Scan withFilters(List<Expression> newFilters) {
    return new Scan(source, columns, newFilters, streaming);
  }

  @Override
  public List<LogicalPlan> children() {
    return List.of();
  }

  @Override
  public LogicalPlan withChildren(List<LogicalPlan> children) {
    return this;
  }

  @Override
  public List<Expression> expressions() {
    return List.of();
  }

  @Override
  public boolean isStreaming() {
    return streaming;
  }

  @Override
  public List<Attribute> output() {
    List<Field> fields = source.schema().getFields();
    List<Attribute> output = new ArrayList<>(columns.size());
    for (int column : columns) {
      output.add(new Attribute(null, fields.get(column)));
    }
    return output;
  }

  @Override
  public String describe() {
    String names = output().stream().map(Attribute::name).collect(Collectors.joining(", "));
    return "Scan " + source.description() + " [" + names + "]"
        + (filters.isEmpty() ? "" : " PushedFilters: " + filters);
  }
}
