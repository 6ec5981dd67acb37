package dev.spate.cpu.expr.cast;

import dev.spate.cpu.expr.EvalContext;
import dev.spate.cpu.expr.RowSet;
import dev.spate.cpu.expr.Vectors;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * ARRAY to ARRAY (and MAP to MAP) by casting the element vector, STRUCT to STRUCT by casting each
 * field by position. Offsets and validity are copied from the input.
 */
final class NestedCasts {
  private NestedCasts() {}

  static FieldVector convert(FieldVector input, Field from, Field to, RowSet rows, CastMode mode,
      EvalContext context) {
    if (input instanceof ListVector) {
      return convertList((ListVector) input, from, to, rows, mode, context);
    }
    return convertStruct((StructVector) input, from, to, rows, mode, context);
  }

  private static FieldVector convertList(ListVector input, Field from, Field to, RowSet rows,
      CastMode mode, EvalContext context) {
    ListVector result = (ListVector) Vectors.allocate(to, context, rows.length());
    try {
      FieldVector elements = input.getDataVector();
      int elementCount = input.getValueCount() == 0 ? 0
          : input.getOffsetBuffer().getInt((long) input.getValueCount() * 4);
      try (FieldVector converted = CastNode.convert(elements, from.getChildren().get(0),
          to.getChildren().get(0), RowSet.all(elementCount), mode, context)) {
        converted.makeTransferPair(result.getDataVector()).transfer();
      }
      for (int row = 0; row < rows.length(); row++) {
        if (Vectors.isNull(input, row)) {
          result.setNull(row);
        } else {
          result.startNewValue(row);
          result.getOffsetBuffer().setInt((long) row * 4, input.getElementStartIndex(row));
          result.getOffsetBuffer().setInt((long) (row + 1) * 4, input.getElementEndIndex(row));
          result.setNotNull(row);
        }
      }
      result.setLastSet(rows.length() - 1);
      result.setValueCount(rows.length());
      return result;
    } catch (RuntimeException e) {
      result.close();
      throw e;
    }
  }

  private static FieldVector convertStruct(StructVector input, Field from, Field to, RowSet rows,
      CastMode mode, EvalContext context) {
    StructVector result = (StructVector) Vectors.allocate(to, context, rows.length());
    try {
      List<FieldVector> inputChildren = input.getChildrenFromFields();
      List<FieldVector> resultChildren = result.getChildrenFromFields();
      for (int child = 0; child < resultChildren.size(); child++) {
        try (FieldVector converted = CastNode.convert(inputChildren.get(child),
            from.getChildren().get(child), to.getChildren().get(child), rows, mode, context)) {
          converted.makeTransferPair(resultChildren.get(child)).transfer();
        }
      }
      for (int index = 0; index < rows.count(); index++) {
        int row = rows.position(index);
        if (!Vectors.isNull(input, row)) {
          result.setIndexDefined(row);
        }
      }
      result.setValueCount(rows.length());
      return result;
    } catch (RuntimeException e) {
      result.close();
      throw e;
    }
  }
}
