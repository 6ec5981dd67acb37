package dev.spate.cpu.expr.functions;

import static java.util.Objects.requireNonNull;

import dev.spate.cpu.expr.Chunk;
import dev.spate.cpu.expr.Decimals;
import dev.spate.cpu.expr.EvalContext;
import dev.spate.cpu.expr.EvalNode;
import dev.spate.cpu.expr.FixedWidth;
import dev.spate.cpu.expr.KernelFactory;
import dev.spate.cpu.expr.Operand;
import dev.spate.cpu.expr.RowSet;
import dev.spate.cpu.expr.TypeKind;
import dev.spate.cpu.expr.Validity;
import dev.spate.cpu.expr.Vectors;
import dev.spate.planner.batch.VectorValues;
import dev.spate.planner.expr.FunctionNames;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.util.ByteFunctionHelpers;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * {@code = <> < <= > >= <=>} for every orderable type, with Spark's floating point order (NaN equals
 * NaN and is greater than every other value; -0.0 equals 0.0) and unsigned byte order for strings
 * (which is code point order for UTF-8) and binaries.
 */
public final class Comparisons {
  /** The comparison operators, each with the function it implements. */
  enum Operator {
    EQUAL(FunctionNames.EQUAL),
    NOT_EQUAL(FunctionNames.NOT_EQUAL),
    LESS_THAN(FunctionNames.LESS_THAN),
    LESS_THAN_OR_EQUAL(FunctionNames.LESS_THAN_OR_EQUAL),
    GREATER_THAN(FunctionNames.GREATER_THAN),
    GREATER_THAN_OR_EQUAL(FunctionNames.GREATER_THAN_OR_EQUAL),
    EQUAL_NULL_SAFE(FunctionNames.EQUAL_NULL_SAFE);

    private final String functionName;

    Operator(String functionName) {
      this.functionName = functionName;
    }

    /** The operator with its operands swapped ({@link FunctionNames#mirrored}). */
    Operator swapped() {
      String mirrored = FunctionNames.mirrored(functionName);
      for (Operator operator : values()) {
        if (operator.functionName.equals(mirrored)) {
          return operator;
        }
      }
      throw new IllegalStateException("no operator for " + mirrored);
    }
  }

  private Comparisons() {}

  public static void register(Map<String, KernelFactory> factories) {
    for (Operator operator : Operator.values()) {
      factories.put(operator.functionName, (call, arguments) -> new ComparisonNode(operator,
          call.dataType(), arguments.get(0), arguments.get(1)));
    }
  }

  /** Spark's order of doubles: -0.0 equals 0.0, NaN equals NaN and is above everything. */
  public static int compareDoubles(double left, double right) {
    if (left < right) {
      return -1;
    }
    if (left > right) {
      return 1;
    }
    return left == right ? 0 : Double.compare(left, right);
  }

  /**
   * The sign of {@code left[row]} compared with {@code right[row]} (same type family, or decimals of
   * any precision) at the rows of {@code rows} not marked in {@code nulls}.
   */
  public static int[] compare(FieldVector left, FieldVector right, boolean[] nulls, RowSet rows) {
    int[] result = new int[rows.length()];
    int count = rows.count();
    TypeKind kind = TypeKind.of(left.getField());
    if (kind.isLongLike() || kind == TypeKind.BOOLEAN) {
      long[] a = Vectors.longs(left, rows);
      long[] b = Vectors.longs(right, rows);
      for (int index = 0; index < count; index++) {
        int row = rows.position(index);
        result[row] = Long.compare(a[row], b[row]);
      }
    } else if (kind.isFloating()) {
      double[] a = Vectors.doubles(left, rows);
      double[] b = Vectors.doubles(right, rows);
      for (int index = 0; index < count; index++) {
        int row = rows.position(index);
        result[row] = compareDoubles(a[row], b[row]);
      }
    } else if (kind == TypeKind.DECIMAL) {
      BigDecimal[] a = Decimals.read(left, rows);
      BigDecimal[] b = Decimals.read(right, rows);
      for (int index = 0; index < count; index++) {
        int row = rows.position(index);
        if (!nulls[row]) {
          result[row] = a[row].compareTo(b[row]);
        }
      }
    } else if (kind.isBytes()) {
      compareBytes(left, right, nulls, rows, result);
    } else if (kind != TypeKind.NULL) {
      for (int index = 0; index < count; index++) {
        int row = rows.position(index);
        if (!nulls[row]) {
          result[row] = compareNested(VectorValues.get(left, row), VectorValues.get(right, row));
        }
      }
    }
    return result;
  }

  private static void compareBytes(FieldVector left, FieldVector right, boolean[] nulls,
      RowSet rows, int[] result) {
    ArrowBuf leftOffsets = left.getOffsetBuffer();
    ArrowBuf leftData = left.getDataBuffer();
    ArrowBuf rightOffsets = right.getOffsetBuffer();
    ArrowBuf rightData = right.getDataBuffer();
    for (int index = 0; index < rows.count(); index++) {
      int row = rows.position(index);
      if (nulls[row]) {
        continue;
      }
      long offset = (long) row << 2;
      result[row] = ByteFunctionHelpers.compare(leftData, leftOffsets.getInt(offset),
          leftOffsets.getInt(offset + 4), rightData, rightOffsets.getInt(offset),
          rightOffsets.getInt(offset + 4));
    }
  }

  /** Order of arrays and structs (element by element, NULL first, then by length). */
  @SuppressWarnings("unchecked")
  private static int compareNested(Object left, Object right) {
    if (left == null || right == null) {
      return left == null ? (right == null ? 0 : -1) : 1;
    }
    if (left instanceof List) {
      List<Object> a = (List<Object>) left;
      List<Object> b = (List<Object>) right;
      for (int index = 0; index < Math.min(a.size(), b.size()); index++) {
        int order = compareNested(a.get(index), b.get(index));
        if (order != 0) {
          return order;
        }
      }
      return Integer.compare(a.size(), b.size());
    }
    if (left instanceof Double || left instanceof Float) {
      return compareDoubles(((Number) left).doubleValue(), ((Number) right).doubleValue());
    }
    if (left instanceof byte[]) {
      return java.util.Arrays.compareUnsigned((byte[]) left, (byte[]) right);
    }
    if (left instanceof Comparable) {
      return ((Comparable<Object>) left).compareTo(right);
    }
    return Objects.equals(left, right) ? 0 : 1;
  }

  private static final class ComparisonNode implements EvalNode {
    private final Operator operator;
    private final Field type;
    private final EvalNode left;
    private final EvalNode right;
    /** Whether the chunked kernels evaluate this node: numeric operands, not {@code <=>}. */
    private final boolean chunked;

    ComparisonNode(Operator operator, Field type, EvalNode left, EvalNode right) {
      this.operator = requireNonNull(operator, "operator is null");
      this.type = requireNonNull(type, "type is null");
      this.left = requireNonNull(left, "left is null");
      this.right = requireNonNull(right, "right is null");
      this.chunked = operator != Operator.EQUAL_NULL_SAFE
          && NumericInput.supports(TypeKind.of(left.type()), TypeKind.of(right.type()));
    }

    @Override
    public Field type() {
      return type;
    }

    @Override
    public Operand evaluate(EvalContext context, RowSet rows) {
      if (chunked) {
        return Operand.owned(chunkedValues(context, rows));
      }
      try (Operand leftValue = left.evaluate(context, rows);
          Operand rightValue = right.evaluate(context, rows)) {
        FieldVector a = leftValue.vector();
        FieldVector b = rightValue.vector();
        boolean[] nulls = Vectors.nulls(rows, a, b);
        int[] order = compare(a, b, nulls, rows);
        boolean[] result = new boolean[rows.length()];
        int count = rows.count();
        switch (operator) {
          case EQUAL:
            for (int index = 0; index < count; index++) {
              int row = rows.position(index);
              result[row] = order[row] == 0;
            }
            break;
          case NOT_EQUAL:
            for (int index = 0; index < count; index++) {
              int row = rows.position(index);
              result[row] = order[row] != 0;
            }
            break;
          case LESS_THAN:
            for (int index = 0; index < count; index++) {
              int row = rows.position(index);
              result[row] = order[row] < 0;
            }
            break;
          case LESS_THAN_OR_EQUAL:
            for (int index = 0; index < count; index++) {
              int row = rows.position(index);
              result[row] = order[row] <= 0;
            }
            break;
          case GREATER_THAN:
            for (int index = 0; index < count; index++) {
              int row = rows.position(index);
              result[row] = order[row] > 0;
            }
            break;
          case GREATER_THAN_OR_EQUAL:
            for (int index = 0; index < count; index++) {
              int row = rows.position(index);
              result[row] = order[row] >= 0;
            }
            break;
          default:
            for (int index = 0; index < count; index++) {
              int row = rows.position(index);
              boolean leftNull = Vectors.isNull(a, row);
              boolean rightNull = Vectors.isNull(b, row);
              result[row] = leftNull || rightNull ? leftNull && rightNull : order[row] == 0;
            }
            return Operand.owned(Vectors.fromBooleans(type, result, new boolean[rows.length()],
                rows, context));
        }
        return Operand.owned(Vectors.fromBooleans(type, result, nulls, rows, context));
      }
    }
  
    /**
     * The BOOLEAN result, compared slice by slice (nested {@code + - *} fused, see {@link
     * Arithmetic#input}) and written a word at a time.
     */
    private FieldVector chunkedValues(EvalContext context, RowSet rows) {
      List<Operand> opened = new ArrayList<>(2);
      FieldVector result = Vectors.allocate(type, context, rows.length());
      try {
        NumericInput a = input(left, context, rows, opened);
        NumericInput b = input(right, context, rows, opened);
        List<FieldVector> vectors = new ArrayList<>(2);
        ArrowBuf validity = result.getValidityBuffer();
        if (a.collectValidity(vectors) & b.collectValidity(vectors)) {
          Validity.intersect(validity, rows.length(), vectors);
        } else {
          validity.setZero(0, validity.capacity());
        }
        Chunk chunk = new Chunk(rows);
        boolean[] matches = new boolean[Chunk.SIZE];
        while (chunk.next()) {
          compareSlice(a, b, chunk, matches);
          FixedWidth.storeBits(result.getDataBuffer(), chunk, matches);
        }
        result.setValueCount(rows.length());
        return result;
      } catch (RuntimeException e) {
        result.close();
        throw e;
      } finally {
        opened.forEach(Operand::close);
      }
    }

    /** The rows where the comparison is TRUE, collected slice by slice without a vector. */
    @Override
    public RowSet select(EvalContext context, RowSet rows) {
      if (!chunked || rows.count() == 0) {
        return EvalNode.super.select(context, rows);
      }
      List<Operand> opened = new ArrayList<>(2);
      try {
        NumericInput a = input(left, context, rows, opened);
        NumericInput b = input(right, context, rows, opened);
        List<FieldVector> vectors = new ArrayList<>(2);
        boolean anyValid = a.collectValidity(vectors) & b.collectValidity(vectors);
        boolean noNulls = anyValid && vectors.stream().allMatch(Validity::noNulls);
        int[] selected = new int[rows.count()];
        Chunk chunk = new Chunk(rows);
        boolean[] matches = new boolean[Chunk.SIZE];
        int count = 0;
        while (chunk.next()) {
          compareSlice(a, b, chunk, matches);
          if (noNulls) {
            count = collect(chunk, matches, selected, count);
          } else if (anyValid) {
            for (int index = 0; index < chunk.size(); index++) {
              int row = chunk.row(index);
              selected[count] = row;
              count += matches[index] && a.valid(row) && b.valid(row) ? 1 : 0;
            }
          }
        }
        return RowSet.of(selected, count, rows.length());
      } finally {
        opened.forEach(Operand::close);
      }
    }

    /** Appends to {@code selected} (from {@code count}) the slice's rows that match. */
    private static int collect(Chunk chunk, boolean[] matches, int[] selected, int count) {
      int size = chunk.size();
      int next = count;
      if (chunk.dense()) {
        int base = chunk.base();
        for (int index = 0; index < size; index++) {
          selected[next] = base + index;
          next += matches[index] ? 1 : 0;
        }
      } else {
        for (int index = 0; index < size; index++) {
          selected[next] = chunk.row(index);
          next += matches[index] ? 1 : 0;
        }
      }
      return next;
    }

    private NumericInput input(EvalNode node, EvalContext context, RowSet rows,
        List<Operand> opened) {
      return Arithmetic.input(node, TypeKind.of(node.type()).isFloating(), context, rows, opened);
    }

    private void compareSlice(NumericInput a, NumericInput b, Chunk chunk, boolean[] matches) {
      if (!TypeKind.of(left.type()).isFloating()) {
        ComparisonLoops.longs(operator, a.longs(chunk), b.longs(chunk), matches, chunk.size());
      } else if (b.ordinaryConstant()) {
        ComparisonLoops.doublesAgainstNumbers(operator, a.doubles(chunk), b.doubles(chunk),
            matches, chunk.size());
      } else if (a.ordinaryConstant()) {
        ComparisonLoops.doublesAgainstNumbers(operator.swapped(), b.doubles(chunk),
            a.doubles(chunk), matches, chunk.size());
      } else {
        ComparisonLoops.doubles(operator, a.doubles(chunk), b.doubles(chunk), matches,
            chunk.size());
      }
    }
  }
}
