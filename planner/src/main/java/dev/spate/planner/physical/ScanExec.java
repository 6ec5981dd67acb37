package dev.spate.planner.physical;

import static java.util.Objects.requireNonNull;

import dev.spate.planner.expr.Expression;
import dev.spate.planner.spi.TableSource;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/** Reads {@code columns} of a {@link TableSource}, passing {@code filters} down for pruning. */
public final class ScanExec extends PhysicalNode {
  private final TableSource source;
  private final List<Integer> columns;
  private final List<Expression> filters;

  public ScanExec(TableSource source, List<Integer> columns, List<Expression> filters) {
    this.source = requireNonNull(source, "source is null");
    this.columns = List.copyOf(columns);
    this.filters = List.copyOf(filters);
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

  @Override
  public List<PhysicalNode> children() {
    return List.of();
  }

  @Override
  public PhysicalNode withChildren(List<PhysicalNode> children) {
    return this;
  }

  @Override
  public Schema schema() {
    List<Field> fields = new ArrayList<>();
    for (int column : columns) {
      fields.add(source.schema().getFields().get(column));
    }
    return new Schema(fields);
  }

  @Override
  public String name() {
    return "Scan";
  }

  @Override
  public String explainParams() {
    List<String> names = new ArrayList<>();
    for (Field field : schema().getFields()) {
      names.add(field.getName());
    }
    return source.description() + " " + names
        + (filters.isEmpty() ? "" : " PushedFilters: " + filters);
  }
}
