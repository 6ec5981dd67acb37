package dev.spate.streaming.state;

import dev.spate.SpateException;
import dev.spate.planner.batch.BatchStream;
import dev.spate.planner.batch.ColumnarBatch;
import dev.spate.planner.config.ConfigKey;
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
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.TransferPair;

/**
 * The versioned state store files of one stateful operator under {@code
 * checkpoint/state/<operator>/}, Spark's numbering (batch N commits version N + 1), as Spark's
 * HDFS state store: version v is either a <em>full snapshot</em> {@code <v>.arrow} (every row of
 * the state, an Arrow IPC file of the state schema) or a <em>delta</em> {@code <v>.delta.arrow}
 * (the rows batch v - 1 upserted, then the keys it removed, as record batches of the state schema
 * plus a {@code __deleted} flag). A full snapshot is written when {@code
 * spate.streaming.stateStore.minDeltasForSnapshot} versions have passed since the last one, a
 * delta otherwise. Version v restores as the newest full snapshot at or below v (or the empty
 * state of version 0) followed by its deltas in order; a checkpoint of full snapshots only (every
 * version full) restores as it is.
 *
 * <p>A file is written atomically (temporary file, then rename) before the batch's commit, so a
 * restart after batch N's commit finds version N + 1, and a batch re-run after a crash overwrites
 * the version it wrote before (removing a file of the other kind at the same version). Retention:
 * the newest {@link #RETAINED} versions stay restorable; files older than the full snapshot the
 * oldest of them starts from are deleted.
 */
final class StateSnapshots {
  static final int RETAINED = 10;

  /** Spark's {@code spark.sql.streaming.stateStore.minDeltasForSnapshot}. */
  static final ConfigKey<Integer> MIN_DELTAS_FOR_SNAPSHOT = ConfigKey.intKey(
      "spate.streaming.stateStore.minDeltasForSnapshot", 10,
      "state store versions written as deltas between two full snapshots of a stateful streaming"
          + " operator's state");

  private static final String DELETED = "__deleted";
  private static final Pattern VERSION = Pattern.compile("(\\d+)(\\.delta)?\\.arrow");

  private final Path directory;
  private final int minDeltasForSnapshot;
  /** The version of the newest full snapshot this store wrote or restored from (0: empty). */
  private long lastFullVersion;

  StateSnapshots(Path checkpointRoot, int operator, int minDeltasForSnapshot) {
    if (minDeltasForSnapshot < 1) {
      throw SpateException.analysis("%s must be at least 1, got %d",
          MIN_DELTAS_FOR_SNAPSHOT.name(), minDeltasForSnapshot);
    }
    this.directory = checkpointRoot.resolve("state").resolve(Integer.toString(operator));
    this.minDeltasForSnapshot = minDeltasForSnapshot;
  }

  private Path full(long version) {
    return directory.resolve(version + ".arrow");
  }

  private Path delta(long version) {
    return directory.resolve(version + ".delta.arrow");
  }

  /**
   * Writes {@code version} from {@code store} (its whole state, or the changes of the batch it is
   * in) and removes the files no retained version needs.
   */
  void write(long version, StateStore store, ExecContext context) {
    BufferAllocator allocator = context.allocator();
    boolean writeFull = version - lastFullVersion >= minDeltasForSnapshot;
    Path file = writeFull ? full(version) : delta(version);
    try {
      Files.createDirectories(directory);
      if (writeFull) {
        writeFile(file, store.schema(), allocator, writer -> {
          try (BatchStream stream = store.scan(allColumns(store.schema()), List.of(), context)) {
            for (ColumnarBatch next = stream.next(); next != null; next = stream.next()) {
              try (ColumnarBatch batch = next.compact(allocator)) {
                writer.write(batch.columns(), batch.rowCount());
              }
            }
          }
        });
        Files.deleteIfExists(delta(version));
        lastFullVersion = version;
      } else {
        writeFile(file, deltaSchema(store.schema()), allocator, writer -> {
          writeChanges(writer, store, store.upsertedPositions(), false, allocator);
          writeChanges(writer, store, store.removedPositions(), true, allocator);
        });
        Files.deleteIfExists(full(version));
      }
    } catch (IOException e) {
      throw SpateException.io("cannot write the state snapshot " + file + ": " + e.getMessage(),
          e);
    }
    purge(version - RETAINED + 1);
  }

  private static void writeChanges(BatchWriter writer, StateStore store, List<Long> positions,
      boolean deleted, BufferAllocator allocator) throws IOException {
    if (positions.isEmpty()) {
      return;
    }
    List<FieldVector> columns = new ArrayList<>(store.gather(positions));
    BitVector flags = new BitVector(DELETED, allocator);
    columns.add(flags);
    try {
      flags.allocateNew(positions.size());
      for (int row = 0; row < positions.size(); row++) {
        flags.set(row, deleted ? 1 : 0);
      }
      flags.setValueCount(positions.size());
      writer.write(columns, positions.size());
    } finally {
      columns.forEach(FieldVector::close);
    }
  }

  private static Schema deltaSchema(Schema stateSchema) {
    List<Field> fields = new ArrayList<>(stateSchema.getFields());
    fields.add(new Field(DELETED, FieldType.notNullable(ArrowType.Bool.INSTANCE), null));
    return new Schema(fields);
  }

  private static List<Integer> allColumns(Schema schema) {
    List<Integer> columns = new ArrayList<>();
    for (int index = 0; index < schema.getFields().size(); index++) {
      columns.add(index);
    }
    return columns;
  }

  /** Writes one record batch of the file being written. */
  private interface BatchWriter {
    void write(List<FieldVector> columns, int rowCount) throws IOException;
  }

  /** Fills a file's record batches. */
  private interface FileContents {
    void writeTo(BatchWriter writer) throws IOException;
  }

  private static void writeFile(Path file, Schema schema, BufferAllocator allocator,
      FileContents contents) throws IOException {
    Path temporary = file.resolveSibling("." + file.getFileName() + ".tmp");
    try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        VectorSchemaRoot out = VectorSchemaRoot.create(schema, allocator);
        ArrowFileWriter writer = new ArrowFileWriter(out, null, channel)) {
      writer.start();
      contents.writeTo((columns, rowCount) -> {
        try (VectorSchemaRoot root = new VectorSchemaRoot(schema.getFields(),
                new ArrayList<>(columns), rowCount);
            ArrowRecordBatch record = new VectorUnloader(root).getRecordBatch()) {
          new VectorLoader(out).load(record);
          writer.writeBatch();
        }
      });
      writer.end();
    }
    try {
      Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * Loads {@code version} into {@code store}: the newest full snapshot at or below it, then the
   * deltas after it in order. Version 0 (before the first batch) is the empty state; a file
   * missing from that chain is an error: the checkpoint is incomplete.
   */
  void read(long version, StateStore store, BufferAllocator allocator) {
    store.clear();
    lastFullVersion = 0;
    if (version == 0) {
      return;
    }
    TreeSet<Long> fulls = new TreeSet<>();
    TreeSet<Long> deltas = new TreeSet<>();
    list(fulls, deltas);
    Long base = fulls.floor(version);
    long first = base == null ? 1 : base + 1;
    for (long next = first; next <= version; next++) {
      if (!deltas.contains(next)) {
        throw SpateException.io("the checkpoint has no state snapshot " + full(version)
            + " nor the delta " + delta(next) + " it needs for the last committed batch; it is"
            + " incomplete or belongs to another query", null);
      }
    }
    if (base != null) {
      apply(full(base), store, allocator);
      lastFullVersion = base;
    }
    for (long next = first; next <= version; next++) {
      apply(delta(next), store, allocator);
    }
  }

  /** Applies one file's record batches: upserted rows, or removed keys where flagged. */
  private static void apply(Path file, StateStore store, BufferAllocator allocator) {
    int stateColumns = store.schema().getFields().size();
    store.startBatch();
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        ArrowFileReader reader = new ArrowFileReader(channel, allocator)) {
      VectorSchemaRoot root = reader.getVectorSchemaRoot();
      boolean delta = root.getSchema().getFields().size() > stateColumns;
      for (ArrowBlock block : reader.getRecordBlocks()) {
        reader.loadRecordBatch(block);
        int rows = root.getRowCount();
        List<FieldVector> vectors = root.getFieldVectors();
        if (delta && rows > 0 && ((BitVector) vectors.get(stateColumns)).get(0) == 1) {
          for (int row = 0; row < rows; row++) {
            store.remove(store.key(vectors, row));
          }
          continue;
        }
        List<FieldVector> columns = new ArrayList<>(stateColumns);
        for (FieldVector vector : vectors.subList(0, stateColumns)) {
          TransferPair pair = vector.getTransferPair(allocator);
          pair.transfer();
          columns.add((FieldVector) pair.getTo());
        }
        store.upsert(columns, rows);
      }
    } catch (IOException e) {
      throw SpateException.io("cannot read the state snapshot " + file + ": " + e.getMessage(),
          e);
    }
    store.endBatch();
  }

  /** Adds the versions of the full snapshots and deltas in the directory to the sets. */
  private void list(TreeSet<Long> fulls, TreeSet<Long> deltas) {
    if (!Files.isDirectory(directory)) {
      return;
    }
    try (Stream<Path> files = Files.list(directory)) {
      files.forEach(file -> {
        Matcher matcher = VERSION.matcher(file.getFileName().toString());
        if (matcher.matches()) {
          (matcher.group(2) == null ? fulls : deltas).add(Long.parseLong(matcher.group(1)));
        }
      });
    } catch (IOException e) {
      throw SpateException.io("cannot list the state snapshots in " + directory + ": "
          + e.getMessage(), e);
    }
  }

  /**
   * Deletes the files that no version from {@code firstKept} on needs: those older than the
   * newest full snapshot at or below {@code firstKept}.
   */
  private void purge(long firstKept) {
    TreeSet<Long> fulls = new TreeSet<>();
    TreeSet<Long> deltas = new TreeSet<>();
    try {
      list(fulls, deltas);
    } catch (SpateException e) {
      return; // retention is best effort: a leftover version is harmless
    }
    Long base = fulls.floor(firstKept);
    if (base == null) {
      return;
    }
    try {
      for (long version : fulls.headSet(base)) {
        Files.deleteIfExists(full(version));
      }
      for (long version : deltas.headSet(base, true)) {
        Files.deleteIfExists(delta(version));
      }
    } catch (IOException e) {
      // same: an old version is never read again
    }
  }
}
