package dev.spate.bench.ssb;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;

/** Typed setters over the freshly allocated INT and STRING vectors of one generated batch. */
final class BatchColumns {
  private final IntVector[] ints;
  private final VarCharVector[] strings;

  BatchColumns(List<FieldVector> vectors) {
    requireNonNull(vectors, "vectors is null");
    ints = new IntVector[vectors.size()];
    strings = new VarCharVector[vectors.size()];
    for (int column = 0; column < vectors.size(); column++) {
      FieldVector vector = vectors.get(column);
      if (vector instanceof IntVector) {
        ints[column] = (IntVector) vector;
      } else {
        strings[column] = (VarCharVector) vector;
      }
    }
  }

  void setInt(int column, int row, int value) {
    ints[column].set(row, value);
  }

  void setString(int column, int row, byte[] utf8) {
    strings[column].setSafe(row, utf8);
  }

  void setString(int column, int row, String value) {
    setString(column, row, value.getBytes(StandardCharsets.UTF_8));
  }
}
