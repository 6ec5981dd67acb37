package dev.spate.cpu.ops.aggregate;

import static java.util.Objects.requireNonNull;

import dev.spate.SpateException;
import dev.spate.cpu.expr.Errors;
import dev.spate.cpu.ops.vector.FixedWidthValues;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * {@code sum} and {@code avg} with Spark's types and NULL rules (NULL inputs are skipped; a group
 * without a non-NULL input gives NULL). Integral sums are exact longs, with Spark's ANSI overflow
 * error (or wrap-around outside ANSI); floating inputs and integral averages accumulate doubles;
 * decimals accumulate BigDecimals, and a result that does not fit the result precision is an error
 * in ANSI mode and NULL otherwise.
 */
final class SumAverageAccumulator implements Accumulator {
  private enum Input { INTEGRAL, FLOATING, DECIMAL }

  private final boolean average;
  private final Input input;
  private final ArrowType.Decimal resultDecimal;
  private final boolean ansi;
  private final String description;
  private long[] longSums = new long[0];
  private double[] doubleSums = new double[0];
  private BigDecimal[] decimalSums = new BigDecimal[0];
  private long[] counts = new long[0];

  SumAverageAccumulator(boolean average, ArrowType inputType, ArrowType resultType, boolean ansi,
      String description) {
    this.average = average;
    this.input = inputType instanceof ArrowType.Decimal ? Input.DECIMAL
        : inputType instanceof ArrowType.FloatingPoint ? Input.FLOATING : Input.INTEGRAL;
    this.resultDecimal = resultType instanceof ArrowType.Decimal
        ? (ArrowType.Decimal) resultType : null;
    this.ansi = ansi;
    this.description = requireNonNull(description, "description is null");
    if (input == Input.DECIMAL && resultDecimal == null) {
      throw SpateException.internal(description + " over a decimal must have a decimal result",
          null);
    }
  }

  @Override
  public void ensureGroups(int groupCount) {
    if (counts.length >= groupCount) {
      return;
    }
    int size = Math.max(groupCount, counts.length * 2);
    counts = Arrays.copyOf(counts, size);
    if (input == Input.DECIMAL) {
      decimalSums = Arrays.copyOf(decimalSums, size);
    } else if (input == Input.INTEGRAL && !average) {
      longSums = Arrays.copyOf(longSums, size);
    } else {
      doubleSums = Arrays.copyOf(doubleSums, size);
    }
  }

  @Override
  public void update(List<FieldVector> arguments, int[] positions, int[] groupIds, int count) {
    FieldVector argument = arguments.get(0);
    if (input == Input.DECIMAL) {
      DecimalVector decimals = (DecimalVector) argument;
      for (int index = 0; index < count; index++) {
        int row = positions[index];
        if (!decimals.isNull(row)) {
          int group = groupIds[index];
          BigDecimal value = decimals.getObject(row);
          decimalSums[group] = decimalSums[group] == null ? value : decimalSums[group].add(value);
          counts[group]++;
        }
      }
    } else if (input == Input.INTEGRAL && !average) {
      FixedWidthValues.LongReader values = FixedWidthValues.longReader(argument);
      for (int index = 0; index < count; index++) {
        int row = positions[index];
        if (!argument.isNull(row)) {
          int group = groupIds[index];
          longSums[group] = add(longSums[group], values.get(row));
          counts[group]++;
        }
      }
    } else {
      FixedWidthValues.DoubleReader values = FixedWidthValues.doubleReader(argument);
      for (int index = 0; index < count; index++) {
        int row = positions[index];
        if (!argument.isNull(row)) {
          int group = groupIds[index];
          doubleSums[group] += values.get(row);
          counts[group]++;
        }
      }
    }
  }

  private long add(long sum, long value) {
    if (!ansi) {
      return sum + value;
    }
    long result = sum + value;
    if (((sum ^ result) & (value ^ result)) < 0) {
      throw Errors.sumOverflow(description);
    }
    return result;
  }

  @Override
  public void write(FieldVector out, int from, int count) {
    for (int index = 0; index < count; index++) {
      int group = from + index;
      if (counts[group] == 0) {
        out.setNull(index);
      } else if (input == Input.DECIMAL) {
        writeDecimal((DecimalVector) out, index, group);
      } else if (input == Input.INTEGRAL && !average) {
        FixedWidthValues.writeLong(out, index, longSums[group]);
      } else {
        double sum = doubleSums[group];
        ((Float8Vector) out).setSafe(index, average ? sum / counts[group] : sum);
      }
    }
  }

  private void writeDecimal(DecimalVector out, int index, int group) {
    BigDecimal value = average
        ? decimalSums[group].divide(BigDecimal.valueOf(counts[group]), resultDecimal.getScale(),
            RoundingMode.HALF_UP)
        : decimalSums[group].setScale(resultDecimal.getScale(), RoundingMode.HALF_UP);
    int integerDigits = resultDecimal.getPrecision() - resultDecimal.getScale();
    if (value.precision() - value.scale() > integerDigits) {
      if (ansi) {
        throw SpateException.execution("[NUMERIC_VALUE_OUT_OF_RANGE] %s of %s cannot be represented"
            + " as DECIMAL(%d,%d). If necessary set spate.sql.ansi.enabled to \"false\" to bypass"
            + " this error, and return NULL instead.", value.toPlainString(), description,
            resultDecimal.getPrecision(), resultDecimal.getScale());
      }
      out.setNull(index);
      return;
    }
    out.setSafe(index, value);
  }
}
