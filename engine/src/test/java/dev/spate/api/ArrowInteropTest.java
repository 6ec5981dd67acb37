package dev.spate.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spate.DataFrame;
import dev.spate.SpateSession;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

/** Arrow in ({@code fromArrow}) and Arrow out ({@code toArrow}), with leak checks on both sides. */
class ArrowInteropTest {
  @Test
  void fromArrowThenQueryThenToArrow() throws Exception {
    Schema schema = new Schema(List.of(Field.nullable("k", new ArrowType.Int(64, true)),
        Field.nullable("s", ArrowType.Utf8.INSTANCE)));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (BufferAllocator allocator = new RootAllocator();
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
        ArrowStreamWriter writer = new ArrowStreamWriter(root, null, bytes)) {
      writer.start();
      for (int batch = 0; batch < 3; batch++) {
        root.allocateNew();
        for (int index = 0; index < 1000; index++) {
          ((BigIntVector) root.getVector(0)).setSafe(index, batch * 1000L + index);
          if (index % 10 != 0) {
            ((VarCharVector) root.getVector(1)).setSafe(index, ("v" + index % 3).getBytes());
          }
        }
        root.setRowCount(1000);
        writer.writeBatch();
      }
      writer.end();
    }

    try (BufferAllocator userAllocator = new RootAllocator();
        SpateSession spate = SpateSession.builder().appName("arrow").getOrCreate()) {
      DataFrame frame;
      try (ArrowReader reader = new ArrowStreamReader(
          new ByteArrayInputStream(bytes.toByteArray()), userAllocator)) {
        frame = spate.fromArrow(reader);
      }
      assertThat(frame.count()).isEqualTo(3000);
      DataFrame grouped = frame.where("k >= 1500").groupBy("s").count().orderBy("s");
      long total = 0;
      int batches = 0;
      try (ArrowReader out = grouped.toArrow()) {
        while (out.loadNextBatch()) {
          VectorSchemaRoot root = out.getVectorSchemaRoot();
          batches++;
          assertThat(root.getSchema().getFields().get(0).getName()).isEqualTo("s");
          for (int index = 0; index < root.getRowCount(); index++) {
            total += ((BigIntVector) root.getVector(1)).get(index);
          }
          if (batches == 1) {
            assertThat(root.getVector(0).isNull(0)).isTrue();
            assertThat(((BigIntVector) root.getVector(1)).get(0)).isEqualTo(150);
          }
        }
      }
      assertThat(batches).isPositive();
      assertThat(total).isEqualTo(1500);
    }
  }
}
