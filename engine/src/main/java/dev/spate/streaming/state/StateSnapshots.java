package dev.spate.streaming.state;

import dev.spate.SpateException;
import dev.spate.planner.batch.BatchStream;
import dev.spate.planner.batch.ColumnarBatch;
import dev.spate.planner.spi.ExecContext;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.util.TransferPair;

/**
 * The versioned state store of one stateful operator: {@code checkpoint/state/<operator>/<version>
 * .arrow}, one Arrow IPC file per version holding the whole state after batch {@code version - 1}
 * (Spark's numbering: batch N commits version N + 1). A version is written atomically (temporary
 * file, then rename) before the batch's commit, so a restart after batch N's commit finds version
 * N + 1, and a batch re-run after a crash overwrites the version it wrote before. The newest
 * {@link #RETAINED} versions are kept.
 */
final class StateSnapshots {
  static final int RETAINED = 10;

  private final Path directory;

  StateSnapshots(Path checkpointRoot, int operator) {
    this.directory = checkpointRoot.resolve("state").resolve(Integer.toString(operator));
  }

  /** Writes {@code table}'s contents as {@code version} and removes versions no longer needed. */
  void write(long version, StateTable table, ExecContext context) {
    BufferAllocator allocator = context.allocator();
    Path file = directory.resolve(version + ".arrow");
    Path temporary = directory.resolve("." + version + ".arrow.tmp");
    try {
      Files.createDirectories(directory);
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
              StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
          VectorSchemaRoot out = VectorSchemaRoot.create(table.schema(), allocator);
          ArrowFileWriter writer = new ArrowFileWriter(out, null, channel)) {
        writer.start();
        try (BatchStream stream = table.scan(table.allColumns(), List.of(), context)) {
          while (true) {
            ColumnarBatch next = stream.next();
            if (next == null) {
              break;
            }
            try (ColumnarBatch batch = next;
                VectorSchemaRoot root = new VectorSchemaRoot(table.schema().getFields(),
                    new ArrayList<>(batch.columns()), batch.rowCount());
                ArrowRecordBatch record = new VectorUnloader(root).getRecordBatch()) {
              new VectorLoader(out).load(record);
              writer.writeBatch();
            }
          }
        }
        writer.end();
      }
      move(temporary, file);
    } catch (IOException e) {
      throw SpateException.io("cannot write the state snapshot " + file + ": " + e.getMessage(),
          e);
    }
    purgeBefore(version - RETAINED + 1);
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * Loads {@code version} into {@code table}; version 0 (before the first batch) is the empty
   * state. A missing later version is an error: the checkpoint is incomplete.
   */
  void read(long version, StateTable table, BufferAllocator allocator) {
    if (version == 0) {
      table.close();
      return;
    }
    Path file = directory.resolve(version + ".arrow");
    if (!Files.exists(file)) {
      throw SpateException.io("the checkpoint has no state snapshot " + file + " for the last"
          + " committed batch; it is incomplete or belongs to another query", null);
    }
    List<List<FieldVector>> batches = new ArrayList<>();
    List<Integer> rowCounts = new ArrayList<>();
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        ArrowFileReader reader = new ArrowFileReader(channel, allocator)) {
      VectorSchemaRoot root = reader.getVectorSchemaRoot();
      for (ArrowBlock block : reader.getRecordBlocks()) {
        reader.loadRecordBatch(block);
        List<FieldVector> columns = new ArrayList<>();
        for (FieldVector vector : root.getFieldVectors()) {
          TransferPair pair = vector.getTransferPair(allocator);
          pair.transfer();
          columns.add((FieldVector) pair.getTo());
        }
        batches.add(columns);
        rowCounts.add(root.getRowCount());
      }
    } catch (IOException e) {
      batches.forEach(columns -> columns.forEach(FieldVector::close));
      throw SpateException.io("cannot read the state snapshot " + file + ": " + e.getMessage(),
          e);
    }
    table.replace(batches, rowCounts);
  }

  private void purgeBefore(long firstKept) {
    if (!Files.isDirectory(directory)) {
      return;
    }
    try (Stream<Path> files = Files.list(directory)) {
      files.forEach(file -> {
        String name = file.getFileName().toString();
        if (name.matches("\\d+\\.arrow") && Long.parseLong(name.replace(".arrow", "")) < firstKept) {
          try {
            Files.deleteIfExists(file);
          } catch (IOException e) {
            // retention is best effort: an old version is never read again
          }
        }
      });
    } catch (IOException e) {
      // same: a leftover version is harmless
    }
  }
}
