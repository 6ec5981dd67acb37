package dev.spate.bench.micro;

import dev.spate.DataFrame;
import dev.spate.SpateSession;
import dev.spate.bench.GeneratedArrowReader;
import dev.spate.bench.GeneratedBatches;
import java.io.IOException;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The micro suite's table {@code micro}, a pure function of the row number and the seed, so that
 * the reference answers are computed by plain loops over the same formulas:
 * {@code id BIGINT} (the row number), {@code u INT} uniform in [0, 10000) for selectivity,
 * {@code k100}, {@code k10k}, {@code k1m BIGINT} group keys with 100, 10,000 and 1,000,000
 * distinct values, and {@code v BIGINT} uniform in [0, 1000). No NULLs.
 */
final class MicroData {
  /** Rows at scale factor 1. */
  static final long ROWS_PER_SCALE_FACTOR = 10_000_000L;
  static final String VIEW = "micro";
  private static final int BATCH_ROWS = 65536;
  private static final Schema SCHEMA = new Schema(List.of(bigint("id"),
      Field.notNullable("u", new ArrowType.Int(32, true)), bigint("k100"), bigint("k10k"),
      bigint("k1m"), bigint("v")));

  private final long rows;
  private final long seed;

  MicroData(long rows, long seed) {
    this.rows = rows;
    this.seed = seed;
  }

  long rows() {
    return rows;
  }

  /** The values of one row, in schema order. */
  long[] row(long id) {
    long hash = mix(seed ^ id);
    return new long[] {id, (hash >>> 1) % 10_000, id % 100, (mix(hash) >>> 1) % 10_000,
        (mix(hash + 1) >>> 1) % 1_000_000, (hash >>> 40) % 1000};
  }

  /** Loads the table into {@code session}'s memory and registers it as the view {@code micro}. */
  void register(SpateSession session) throws IOException {
    long[] nextRow = {0};
    try (BufferAllocator allocator = new RootAllocator();
        GeneratedArrowReader reader = new GeneratedArrowReader(allocator, new GeneratedBatches(
            SCHEMA, allocator, BATCH_ROWS, (vectors, capacity) -> {
              int count = (int) Math.min(capacity, rows - nextRow[0]);
              fill(vectors, nextRow[0], count);
              nextRow[0] += count;
              return count;
            }))) {
      DataFrame table = session.fromArrow(reader);
      table.createOrReplaceTempView(VIEW);
    }
  }

  private void fill(List<FieldVector> vectors, long firstRow, int count) {
    BigIntVector id = (BigIntVector) vectors.get(0);
    IntVector u = (IntVector) vectors.get(1);
    BigIntVector k100 = (BigIntVector) vectors.get(2);
    BigIntVector k10k = (BigIntVector) vectors.get(3);
    BigIntVector k1m = (BigIntVector) vectors.get(4);
    BigIntVector v = (BigIntVector) vectors.get(5);
    for (int index = 0; index < count; index++) {
      long[] values = row(firstRow + index);
      id.set(index, values[0]);
      u.set(index, (int) values[1]);
      k100.set(index, values[2]);
      k10k.set(index, values[3]);
      k1m.set(index, values[4]);
      v.set(index, values[5]);
    }
  }

  /** SplitMix64's finaliser: a cheap, well-spread 64-bit hash. */
  static long mix(long value) {
    long z = value + 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static Field bigint(String name) {
    return Field.notNullable(name, new ArrowType.Int(64, true));
  }
}
