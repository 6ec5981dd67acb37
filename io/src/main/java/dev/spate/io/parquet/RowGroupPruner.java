package dev.spate.io.parquet;

import static java.util.Objects.requireNonNull;

import dev.spate.planner.expr.Call;
import dev.spate.planner.expr.ColumnRef;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.expr.FunctionNames;
import dev.spate.planner.expr.Literal;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;

/**
 * Decides from a row group's min/max/null-count statistics whether pushed filters can match any of
 * its rows. Understood: {@code AND}, {@code OR}, comparisons ({@code =, <, <=, >, >=}) and {@code IN}
 * between a column and literals (either side), {@code IS NULL}, {@code IS NOT NULL}, on top-level
 * INT32/INT64/FLOAT/DOUBLE/STRING columns (and timestamps stored in microseconds). Anything else, or
 * missing statistics, keeps the row group.
 */
final class RowGroupPruner {
  private final List<Expression> filters;
  private final Schema sourceSchema;
  /** File column chunk index by lower-cased source column name, for the current file. */
  private final Map<String, Integer> chunkIndexes;

  RowGroupPruner(List<Expression> filters, Schema sourceSchema, Map<String, Integer> chunkIndexes) {
    this.filters = List.copyOf(requireNonNull(filters, "filters is null"));
    this.sourceSchema = requireNonNull(sourceSchema, "sourceSchema is null");
    this.chunkIndexes = Map.copyOf(requireNonNull(chunkIndexes, "chunkIndexes is null"));
  }

  /** True when some row of {@code block} may satisfy every filter. */
  boolean mightMatch(BlockMetaData block) {
    for (Expression filter : filters) {
      if (!mightMatch(filter, block)) {
        return false;
      }
    }
    return true;
  }

  private boolean mightMatch(Expression expression, BlockMetaData block) {
    if (!(expression instanceof Call)) {
      return true;
    }
    Call call = (Call) expression;
    List<Expression> arguments = call.arguments();
    switch (call.name()) {
      case FunctionNames.AND:
        return mightMatch(arguments.get(0), block) && mightMatch(arguments.get(1), block);
      case FunctionNames.OR:
        return mightMatch(arguments.get(0), block) || mightMatch(arguments.get(1), block);
      case FunctionNames.IS_NULL: {
        Statistics<?> statistics = statistics(arguments.get(0), block);
        return statistics == null || !statistics.isNumNullsSet() || statistics.getNumNulls() > 0;
      }
      case FunctionNames.IS_NOT_NULL: {
        Statistics<?> statistics = statistics(arguments.get(0), block);
        return statistics == null || !statistics.isNumNullsSet()
            || statistics.getNumNulls() < block.getRowCount();
      }
      case FunctionNames.IN: {
        for (Expression value : arguments.subList(1, arguments.size())) {
          if (compare(FunctionNames.EQUAL, arguments.get(0), value, block)) {
            return true;
          }
        }
        return false;
      }
      case FunctionNames.EQUAL:
      case FunctionNames.LESS_THAN:
      case FunctionNames.LESS_THAN_OR_EQUAL:
      case FunctionNames.GREATER_THAN:
      case FunctionNames.GREATER_THAN_OR_EQUAL:
        if (arguments.get(0) instanceof Literal) {
          return compare(FunctionNames.mirrored(call.name()), arguments.get(1), arguments.get(0),
              block);
        }
        return compare(call.name(), arguments.get(0), arguments.get(1), block);
      default:
        return true;
    }
  }

  /** Whether {@code column <comparison> literal} may hold for a row of the block. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private boolean compare(String comparison, Expression column, Expression literal,
      BlockMetaData block) {
    if (!(literal instanceof Literal)) {
      return true;
    }
    Statistics statistics = statistics(column, block);
    if (statistics == null || statistics.isEmpty()) {
      return true;
    }
    if (!statistics.hasNonNullValue()) {
      // every value is null (the null count is set), and a comparison with null never holds
      return !statistics.isNumNullsSet() || statistics.getNumNulls() < block.getRowCount();
    }
    Object value = ((Literal) literal).value();
    Comparable stored = value == null ? null
        : storedValue(value, statistics.type(), column.dataType().getType());
    if (stored == null) {
      return true;
    }
    int minVersusValue = statistics.comparator().compare(statistics.genericGetMin(), stored);
    int maxVersusValue = statistics.comparator().compare(statistics.genericGetMax(), stored);
    switch (comparison) {
      case FunctionNames.EQUAL:
        return minVersusValue <= 0 && maxVersusValue >= 0;
      case FunctionNames.LESS_THAN:
        return minVersusValue < 0;
      case FunctionNames.LESS_THAN_OR_EQUAL:
        return minVersusValue <= 0;
      case FunctionNames.GREATER_THAN:
        return maxVersusValue > 0;
      default:
        return maxVersusValue >= 0;
    }
  }

  private Statistics<?> statistics(Expression expression, BlockMetaData block) {
    if (!(expression instanceof ColumnRef)) {
      return null;
    }
    int ordinal = ((ColumnRef) expression).ordinal();
    if (ordinal < 0 || ordinal >= sourceSchema.getFields().size()) {
      return null;
    }
    Integer chunk = chunkIndexes.get(
        sourceSchema.getFields().get(ordinal).getName().toLowerCase(java.util.Locale.ROOT));
    if (chunk == null) {
      return null;
    }
    ColumnChunkMetaData metadata = block.getColumns().get(chunk);
    return metadata.getStatistics();
  }

  /**
   * The literal in the column's stored representation, comparable with the statistics, or null
   * when that conversion is not exact (then the row group is kept).
   */
  private static Comparable<?> storedValue(Object value, PrimitiveType type, ArrowType columnType) {
    LogicalTypeAnnotation annotation = type.getLogicalTypeAnnotation();
    switch (type.getPrimitiveTypeName()) {
      case INT32:
        if (annotation instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation
            || !(value instanceof Number) || value instanceof Double || value instanceof Float) {
          return null;
        }
        long integer = ((Number) value).longValue();
        return integer == (int) integer ? (Comparable<?>) (int) integer : null;
      case INT64:
        boolean microsTimestamp = annotation
            instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation
            && ((LogicalTypeAnnotation.TimestampLogicalTypeAnnotation) annotation).getUnit()
                == LogicalTypeAnnotation.TimeUnit.MICROS;
        if ((annotation != null && !microsTimestamp && !(annotation
            instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation))
            || !(value instanceof Long || value instanceof Integer)) {
          return null;
        }
        return ((Number) value).longValue();
      case DOUBLE:
        return value instanceof Double && !((Double) value).isNaN() ? (Double) value : null;
      case FLOAT:
        return value instanceof Float && !((Float) value).isNaN() ? (Float) value : null;
      case BINARY:
        return value instanceof String && columnType instanceof ArrowType.Utf8
            ? Binary.fromString((String) value) : null;
      default:
        return null;
    }
  }
}
