package dev.spate.bench.micro;

import dev.spate.bench.WrongAnswerException;
import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;

/**
 * An order-insensitive fingerprint of a result of integer columns, cheap enough to take while
 * draining millions of rows: the row count and, per column, the sum of the values, the sum of
 * their squares and the sum of their products with the first column (all wrapping), so that a
 * lost, duplicated or altered row, or values moved to another row, change it.
 */
final class Fingerprint {
  private final int columns;
  private long rows;
  private final long[] sums;
  private final long[] squares;
  private final long[] products;

  Fingerprint(int columns) {
    this.columns = columns;
    this.sums = new long[columns];
    this.squares = new long[columns];
    this.products = new long[columns];
  }

  /** Adds one expected row. */
  void add(long... values) {
    rows++;
    for (int column = 0; column < columns; column++) {
      long value = values[column];
      sums[column] += value;
      squares[column] += value * value;
      products[column] += value * values[0];
    }
  }

  /** The fingerprint of everything {@code reader} yields; every column must be INT or BIGINT. */
  static Fingerprint of(ArrowReader reader) throws IOException {
    VectorSchemaRoot root = reader.getVectorSchemaRoot();
    Fingerprint fingerprint = new Fingerprint(root.getFieldVectors().size());
    while (reader.loadNextBatch()) {
      int count = root.getRowCount();
      fingerprint.rows += count;
      long[] first = values(root.getVector(0), count);
      for (int column = 0; column < fingerprint.columns; column++) {
        long[] values = column == 0 ? first : values(root.getVector(column), count);
        long sum = 0;
        long square = 0;
        long product = 0;
        for (int row = 0; row < count; row++) {
          long value = values[row];
          sum += value;
          square += value * value;
          product += value * first[row];
        }
        fingerprint.sums[column] += sum;
        fingerprint.squares[column] += square;
        fingerprint.products[column] += product;
      }
    }
    return fingerprint;
  }

  private static long[] values(FieldVector vector, int count) {
    long[] values = new long[count];
    if (vector instanceof BigIntVector) {
      BigIntVector bigints = (BigIntVector) vector;
      for (int row = 0; row < count; row++) {
        values[row] = bigints.isNull(row) ? 0 : bigints.get(row);
      }
    } else if (vector instanceof IntVector) {
      IntVector ints = (IntVector) vector;
      for (int row = 0; row < count; row++) {
        values[row] = ints.isNull(row) ? 0 : ints.get(row);
      }
    } else {
      throw new IllegalStateException("micro queries return INT and BIGINT columns only, got "
          + vector.getField());
    }
    return values;
  }

  long rows() {
    return rows;
  }

  /** Throws {@link WrongAnswerException} naming {@code query} unless {@code actual} equals this. */
  void expectSame(String query, Fingerprint actual) {
    if (rows == actual.rows && columns == actual.columns && Arrays.equals(sums, actual.sums)
        && Arrays.equals(squares, actual.squares) && Arrays.equals(products, actual.products)) {
      return;
    }
    throw new WrongAnswerException(String.format(Locale.ROOT,
        "%s: wrong answer: expected %d rows with column sums %s, got %d rows with column sums %s",
        query, rows, Arrays.toString(sums), actual.rows, Arrays.toString(actual.sums)));
  }
}
