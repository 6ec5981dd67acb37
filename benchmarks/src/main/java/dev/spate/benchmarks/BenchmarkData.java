package dev.spate.benchmarks;

import dev.spate.DataFrame;
import dev.spate.SpateSession;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * In-memory benchmark tables: {@code id BIGINT} (0..rows-1), {@code k100 BIGINT} (100 groups),
 * {@code k1m BIGINT} (1 M groups, scattered), {@code price DOUBLE} in [0, 1000), no NULLs.
 */
final class BenchmarkData {
  static final String SCHEMA = "id BIGINT, k100 BIGINT, k1m BIGINT, price DOUBLE";
  private static final int BATCH_ROWS = 65536;

  private BenchmarkData() {}

  /** A DataFrame over {@code rows} generated rows, held in the session's memory. */
  static DataFrame table(SpateSession spate, int rows) {
    try (BufferAllocator allocator = new RootAllocator();
        ArrowReader reader = new ArrowStreamReader(
            new ByteArrayInputStream(ipcBytes(rows, allocator)), allocator)) {
      return spate.fromArrow(reader);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The generated table as an Arrow IPC stream. */
  private static byte[] ipcBytes(int rows, BufferAllocator allocator) throws IOException {
    Schema schema = new Schema(List.of(
        field("id"), field("k100"), field("k1m"),
        org.apache.arrow.vector.types.pojo.Field.nullable("price",
            new org.apache.arrow.vector.types.pojo.ArrowType.FloatingPoint(
                org.apache.arrow.vector.types.FloatingPointPrecision.DOUBLE))));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
        ArrowStreamWriter writer = new ArrowStreamWriter(root, null, bytes)) {
      writer.start();
      java.util.Random random = new java.util.Random(7);
      for (int start = 0; start < rows; start += BATCH_ROWS) {
        int count = Math.min(BATCH_ROWS, rows - start);
        root.allocateNew();
        BigIntVector id = (BigIntVector) root.getVector(0);
        BigIntVector k100 = (BigIntVector) root.getVector(1);
        BigIntVector k1m = (BigIntVector) root.getVector(2);
        Float8Vector price = (Float8Vector) root.getVector(3);
        for (int index = 0; index < count; index++) {
          long value = start + index;
          id.setSafe(index, value);
          k100.setSafe(index, value % 100);
          k1m.setSafe(index, (value * 0x9E3779B97F4A7C15L >>> 1) % 1_000_000);
          price.setSafe(index, random.nextDouble() * 1000);
        }
        root.setRowCount(count);
        writer.writeBatch();
      }
      writer.end();
    }
    return bytes.toByteArray();
  }

  private static org.apache.arrow.vector.types.pojo.Field field(String name) {
    return org.apache.arrow.vector.types.pojo.Field.nullable(name,
        new org.apache.arrow.vector.types.pojo.ArrowType.Int(64, true));
  }

  /** Drains a query's Arrow output and returns the number of rows, so nothing is optimised away. */
  static long drain(DataFrame frame) {
    long rows = 0;
    try (ArrowReader reader = frame.toArrow()) {
      while (reader.loadNextBatch()) {
        rows += reader.getVectorSchemaRoot().getRowCount();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }
}
