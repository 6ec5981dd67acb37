package dev.spate.cpu.ops.vector;

import dev.spate.SpateException;
import dev.spate.planner.types.DataTypes;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.util.ByteFunctionHelpers;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;

/**
 * Comparators between rows of two vectors of the same type, in Spark's order: numbers by value with
 * {@code -0.0 == 0.0} and NaN equal to itself and larger than every other value; strings and binary
 * as unsigned bytes; booleans false before true; structs field by field; arrays element by element,
 * then by length; NULLs nested inside a struct or array sort first. The same comparators, tested
 * for zero, are SQL grouping equality (used by hash tables).
 *
 * <p>Comparators read the vectors' buffers on every call, so a vector may grow while bound.
 */
public final class ValueComparators {
  private ValueComparators() {}

  /** Compares non-null values of {@code left} and {@code right}. */
  public static RowComparator of(FieldVector left, FieldVector right) {
    if (left instanceof TinyIntVector) {
      TinyIntVector l = (TinyIntVector) left;
      TinyIntVector r = (TinyIntVector) right;
      return (a, b) -> Byte.compare(l.get(a), r.get(b));
    }
    if (left instanceof SmallIntVector) {
      SmallIntVector l = (SmallIntVector) left;
      SmallIntVector r = (SmallIntVector) right;
      return (a, b) -> Short.compare(l.get(a), r.get(b));
    }
    if (left instanceof IntVector) {
      IntVector l = (IntVector) left;
      IntVector r = (IntVector) right;
      return (a, b) -> Integer.compare(l.get(a), r.get(b));
    }
    if (left instanceof DateDayVector) {
      DateDayVector l = (DateDayVector) left;
      DateDayVector r = (DateDayVector) right;
      return (a, b) -> Integer.compare(l.get(a), r.get(b));
    }
    if (left instanceof BigIntVector) {
      BigIntVector l = (BigIntVector) left;
      BigIntVector r = (BigIntVector) right;
      return (a, b) -> Long.compare(l.get(a), r.get(b));
    }
    if (left instanceof TimeStampVector) {
      TimeStampVector l = (TimeStampVector) left;
      TimeStampVector r = (TimeStampVector) right;
      return (a, b) -> Long.compare(l.get(a), r.get(b));
    }
    if (left instanceof BitVector) {
      BitVector l = (BitVector) left;
      BitVector r = (BitVector) right;
      return (a, b) -> Integer.compare(l.get(a), r.get(b));
    }
    if (left instanceof Float4Vector) {
      Float4Vector l = (Float4Vector) left;
      Float4Vector r = (Float4Vector) right;
      return (a, b) -> compareDoubles(l.get(a), r.get(b));
    }
    if (left instanceof Float8Vector) {
      Float8Vector l = (Float8Vector) left;
      Float8Vector r = (Float8Vector) right;
      return (a, b) -> compareDoubles(l.get(a), r.get(b));
    }
    if (left instanceof DecimalVector) {
      return (a, b) -> compareDecimals(left.getDataBuffer(), a, right.getDataBuffer(), b);
    }
    if (left instanceof BaseVariableWidthVector) {
      BaseVariableWidthVector l = (BaseVariableWidthVector) left;
      BaseVariableWidthVector r = (BaseVariableWidthVector) right;
      return (a, b) -> ByteFunctionHelpers.compare(l.getDataBuffer(), l.getStartOffset(a),
          l.getEndOffset(a), r.getDataBuffer(), r.getStartOffset(b), r.getEndOffset(b));
    }
    if (left instanceof StructVector) {
      return structs((StructVector) left, (StructVector) right);
    }
    if (left instanceof ListVector) {
      return lists((ListVector) left, (ListVector) right);
    }
    throw SpateException.plan("comparing values of type %s is not supported by the interpreted"
        + " backend", DataTypes.sqlName(left.getField()));
  }

  /** Compares values of {@code left} and {@code right} where NULL equals NULL and sorts first. */
  public static RowComparator nullsFirst(FieldVector left, FieldVector right) {
    RowComparator values = of(left, right);
    return (a, b) -> {
      boolean leftNull = left.isNull(a);
      boolean rightNull = right.isNull(b);
      if (leftNull || rightNull) {
        return leftNull == rightNull ? 0 : leftNull ? -1 : 1;
      }
      return values.compare(a, b);
    };
  }

  /** Spark's floating point order: -0.0 equals 0.0, NaN equals NaN and is the largest value. */
  public static int compareDoubles(double left, double right) {
    return left == right ? 0 : Double.compare(left, right);
  }

  private static int compareDecimals(ArrowBuf left, int leftRow, ArrowBuf right, int rightRow) {
    long leftOffset = (long) leftRow * DecimalVector.TYPE_WIDTH;
    long rightOffset = (long) rightRow * DecimalVector.TYPE_WIDTH;
    int high = Long.compare(left.getLong(leftOffset + 8), right.getLong(rightOffset + 8));
    return high != 0 ? high
        : Long.compareUnsigned(left.getLong(leftOffset), right.getLong(rightOffset));
  }

  private static RowComparator structs(StructVector left, StructVector right) {
    List<FieldVector> leftChildren = left.getChildrenFromFields();
    List<FieldVector> rightChildren = right.getChildrenFromFields();
    RowComparator[] children = new RowComparator[leftChildren.size()];
    for (int index = 0; index < children.length; index++) {
      children[index] = nullsFirst(leftChildren.get(index), rightChildren.get(index));
    }
    return (a, b) -> {
      for (RowComparator child : children) {
        int result = child.compare(a, b);
        if (result != 0) {
          return result;
        }
      }
      return 0;
    };
  }

  private static RowComparator lists(ListVector left, ListVector right) {
    RowComparator elements = nullsFirst(left.getDataVector(), right.getDataVector());
    return (a, b) -> {
      int leftStart = left.getElementStartIndex(a);
      int leftLength = left.getElementEndIndex(a) - leftStart;
      int rightStart = right.getElementStartIndex(b);
      int rightLength = right.getElementEndIndex(b) - rightStart;
      for (int index = 0; index < Math.min(leftLength, rightLength); index++) {
        int result = elements.compare(leftStart + index, rightStart + index);
        if (result != 0) {
          return result;
        }
      }
      return Integer.compare(leftLength, rightLength);
    };
  }
}
