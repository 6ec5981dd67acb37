package dev.spate.streaming.state;

import static java.util.Objects.requireNonNull;

import dev.spate.SpateException;
import dev.spate.engine.InMemoryTable;
import dev.spate.planner.batch.BatchStream;
import dev.spate.planner.batch.ColumnarBatch;
import dev.spate.planner.batch.VectorGather;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.spi.ExecContext;
import dev.spate.planner.spi.TableSource;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The keyed state of one stateful operator, kept in memory between micro-batches so that a batch
 * touches only the keys its rows hit. Rows live in Arrow chunks of the state schema, whose first
 * {@code keyCount} columns are the key; a hash index maps each key (Spark's grouping equality:
 * NULLs equal, NaN equals NaN, -0.0 equals 0.0, binary values by content) to its row, and an
 * ordered index maps the event time of the key's event-time column (when there is one) to its keys
 * for eviction. Replacing or removing a row tombstones it. The store logs the rows upserted and the
 * keys removed since {@link #startBatch()} (the batch's delta snapshot; within a batch removals
 * follow upserts). {@link #endBatch()} merges the newest chunk into its predecessor while it holds
 * at least half as many live rows (each row is rewritten O(log n) times) and compacts everything
 * when tombstones outnumber live rows, so chunk count and garbage stay bounded.
 *
 * <p>As a {@link TableSource} it scans the live rows (chunks with tombstones carry a selection).
 * Not thread safe: used by the query's thread.
 */
final class StateStore implements TableSource, AutoCloseable {
  private final Schema schema;
  private final int keyCount;
  /** Column holding event time (timestamp or window), or -1. */
  private final int eventTimeKey;
  private final BufferAllocator allocator;
  private final List<Chunk> chunks = new ArrayList<>();
  private final Map<Integer, Chunk> chunksById = new HashMap<>();
  private final Map<List<Object>, Long> index = new HashMap<>();
  private final TreeMap<Long, Set<List<Object>>> byEventTime = new TreeMap<>();
  private final List<Long> upserted = new ArrayList<>();
  private final List<Long> removed = new ArrayList<>();
  private int nextChunkId;
  private int firstChunkOfBatch;
  private long liveRows;
  private long deadRows;

  /** One Arrow chunk: dense columns, the key of each row, and its tombstones. */
  private static final class Chunk {
    final int id;
    final List<FieldVector> columns;
    final int rows;
    final List<Object>[] keys;
    final BitSet dead = new BitSet();
    int live;

    @SuppressWarnings("unchecked")
    Chunk(int id, List<FieldVector> columns, int rows) {
      this.id = id;
      this.columns = List.copyOf(columns);
      this.rows = rows;
      this.keys = new List[rows];
      this.live = rows;
    }

    void close() {
      columns.forEach(FieldVector::close);
    }
  }

  StateStore(Schema schema, int keyCount, int eventTimeKey, BufferAllocator allocator) {
    this.schema = requireNonNull(schema, "schema is null");
    this.keyCount = keyCount;
    this.eventTimeKey = eventTimeKey;
    this.allocator = requireNonNull(allocator, "allocator is null");
  }

  private static long position(int chunkId, int row) {
    return ((long) chunkId << 32) | row;
  }

  private static int chunkId(long position) {
    return (int) (position >>> 32);
  }

  private static int row(long position) {
    return (int) position;
  }

  /**
   * The key of {@code row} (its first {@code keyCount} columns) with Spark's grouping equality.
   */
  List<Object> key(List<FieldVector> columns, int row) {
    Object[] values = new Object[keyCount];
    for (int column = 0; column < keyCount; column++) {
      ValueVector vector = columns.get(column);
      Object value = vector.isNull(row) ? null : vector.getObject(row);
      if (value instanceof Double && (Double) value == 0.0) {
        value = 0.0;
      } else if (value instanceof Float && (Float) value == 0.0f) {
        value = 0.0f;
      } else if (value instanceof byte[]) {
        value = ByteBuffer.wrap((byte[]) value);
      }
      values[column] = value;
    }
    return Arrays.asList(values);
  }

  boolean contains(List<Object> key) {
    return index.containsKey(key);
  }

  /** Starts a batch's change log; the previous batch must have ended. */
  void startBatch() {
    upserted.clear();
    removed.clear();
    firstChunkOfBatch = chunks.size();
  }

  /**
   * Adds {@code rowCount} rows (dense columns of the state schema, now owned by the store) as a
   * new chunk; a row whose key is in the store replaces it.
   */
  void upsert(List<FieldVector> columns, int rowCount) {
    if (!removed.isEmpty()) {
      throw SpateException.internal("a state store batch upserted rows after removing keys", null);
    }
    if (rowCount == 0) {
      columns.forEach(FieldVector::close);
      return;
    }
    Chunk chunk = new Chunk(nextChunkId++, columns, rowCount);
    chunks.add(chunk);
    chunksById.put(chunk.id, chunk);
    liveRows += rowCount;
    for (int row = 0; row < rowCount; row++) {
      List<Object> key = key(chunk.columns, row);
      chunk.keys[row] = key;
      long position = position(chunk.id, row);
      Long previous = index.put(key, position);
      if (previous != null) {
        kill(previous);
      } else if (eventTimeKey >= 0) {
        long time = RowRouter.eventTime(chunk.columns.get(eventTimeKey), row);
        if (time != Long.MIN_VALUE) {
          byEventTime.computeIfAbsent(time, ignored -> new HashSet<>()).add(key);
        }
      }
      upserted.add(position);
    }
  }

  private void kill(long position) {
    Chunk chunk = chunksById.get(chunkId(position));
    chunk.dead.set(row(position));
    chunk.live--;
    liveRows--;
    deadRows++;
  }

  /** Removes {@code key} when present (a removal replayed from a delta snapshot). */
  void remove(List<Object> key) {
    Long position = index.remove(key);
    if (position == null) {
      return;
    }
    if (eventTimeKey >= 0) {
      Chunk chunk = chunksById.get(chunkId(position));
      long time = RowRouter.eventTime(chunk.columns.get(eventTimeKey), row(position));
      Set<List<Object>> keys = byEventTime.get(time);
      if (keys != null && keys.remove(key) && keys.isEmpty()) {
        byEventTime.remove(time);
      }
    }
    kill(position);
    removed.add(position);
  }

  /**
   * Removes every key whose event time is at or below {@code thresholdMicros} (NULL event times
   * never expire); returns the removed rows as dense columns when {@code collect} and some
   * expired, else null.
   */
  List<FieldVector> evict(long thresholdMicros, boolean collect) {
    Map<Long, Set<List<Object>>> expired = byEventTime.headMap(thresholdMicros, true);
    if (expired.isEmpty()) {
      return null;
    }
    List<Long> positions = new ArrayList<>();
    for (Set<List<Object>> keys : expired.values()) {
      for (List<Object> key : keys) {
        long position = index.remove(key);
        kill(position);
        removed.add(position);
        positions.add(position);
      }
    }
    expired.clear();
    return collect ? gather(positions) : null;
  }

  /** The rows at {@code positions} as dense columns (in chunk order). */
  List<FieldVector> gather(List<Long> positions) {
    long[] sorted = new long[positions.size()];
    for (int index = 0; index < sorted.length; index++) {
      sorted[index] = positions.get(index);
    }
    Arrays.sort(sorted);
    List<FieldVector> columns = new ArrayList<>(schema.getFields().size());
    try {
      for (Field field : schema.getFields()) {
        columns.add(VectorGather.allocate(field, sorted.length, allocator));
      }
      int[] rows = new int[sorted.length];
      int start = 0;
      while (start < sorted.length) {
        int id = chunkId(sorted[start]);
        int end = start;
        while (end < sorted.length && chunkId(sorted[end]) == id) {
          rows[end] = row(sorted[end]);
          end++;
        }
        Chunk chunk = chunksById.get(id);
        for (int column = 0; column < columns.size(); column++) {
          VectorGather.copy(chunk.columns.get(column), rows, start, end - start,
              columns.get(column), start);
        }
        start = end;
      }
      for (FieldVector column : columns) {
        column.setValueCount(sorted.length);
      }
      return columns;
    } catch (RuntimeException e) {
      columns.forEach(FieldVector::close);
      throw e;
    }
  }

  /** Adds to {@code positions} the rows of the keys of {@code columns}' rows that are stored. */
  void positionsOf(List<FieldVector> columns, int rowCount, Set<Long> positions) {
    for (int row = 0; row < rowCount; row++) {
      Long position = index.get(key(columns, row));
      if (position != null) {
        positions.add(position);
      }
    }
  }

  /** Rows upserted since {@link #startBatch()}, in order (for the delta snapshot). */
  List<Long> upsertedPositions() {
    return upserted;
  }

  /** Rows of the keys removed since {@link #startBatch()} (for the delta snapshot). */
  List<Long> removedPositions() {
    return removed;
  }

  /** The rows upserted since {@link #startBatch()}, live or not since. */
  TableSource upsertedRows() {
    return new ChunkView(firstChunkOfBatch, false);
  }

  long rowCount() {
    return liveRows;
  }

  /**
   * Ends the batch: drops chunks without live rows, merges the newest chunks while the newest
   * holds at least half the live rows of its predecessor, compacts all when tombstones outnumber
   * live rows.
   */
  void endBatch() {
    Iterator<Chunk> iterator = chunks.iterator();
    while (iterator.hasNext()) {
      Chunk chunk = iterator.next();
      if (chunk.live == 0) {
        iterator.remove();
        chunksById.remove(chunk.id);
        deadRows -= chunk.rows;
        chunk.close();
      }
    }
    if (deadRows > liveRows) {
      rewrite(0);
    }
    while (chunks.size() >= 2 && 2L * chunks.get(chunks.size() - 1).live
        >= chunks.get(chunks.size() - 2).live) {
      rewrite(chunks.size() - 2);
    }
    upserted.clear();
    removed.clear();
    firstChunkOfBatch = chunks.size();
  }

  /** Rewrites the live rows of the chunks from {@code first} on into one chunk. */
  private void rewrite(int first) {
    List<Chunk> merged = new ArrayList<>(chunks.subList(first, chunks.size()));
    List<Long> positions = new ArrayList<>();
    List<List<Object>> keys = new ArrayList<>();
    for (Chunk chunk : merged) {
      for (int row = chunk.dead.nextClearBit(0); row < chunk.rows;
          row = chunk.dead.nextClearBit(row + 1)) {
        positions.add(position(chunk.id, row));
        keys.add(chunk.keys[row]);
      }
    }
    List<FieldVector> columns = gather(positions);
    Chunk chunk = new Chunk(nextChunkId++, columns, positions.size());
    for (int row = 0; row < chunk.rows; row++) {
      chunk.keys[row] = keys.get(row);
      index.put(keys.get(row), position(chunk.id, row));
    }
    for (Chunk old : merged) {
      deadRows -= old.rows - old.live;
      chunksById.remove(old.id);
      old.close();
    }
    chunks.subList(first, chunks.size()).clear();
    chunks.add(chunk);
    chunksById.put(chunk.id, chunk);
  }

  /** Empties the store. */
  void clear() {
    chunks.forEach(Chunk::close);
    chunks.clear();
    chunksById.clear();
    index.clear();
    byEventTime.clear();
    upserted.clear();
    removed.clear();
    firstChunkOfBatch = 0;
    liveRows = 0;
    deadRows = 0;
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public String description() {
    return "state";
  }

  @Override
  public long estimatedBytes() {
    long bytes = 0;
    for (Chunk chunk : chunks) {
      for (FieldVector vector : chunk.columns) {
        bytes += vector.getBufferSize();
      }
    }
    return bytes;
  }

  @Override
  public BatchStream scan(List<Integer> columns, List<Expression> filters, ExecContext context) {
    return new ChunkView(0, true).scan(columns, filters, context);
  }

  @Override
  public void close() {
    clear();
  }

  /** The chunks from {@code first} on, with or without their tombstones as a selection. */
  private final class ChunkView implements TableSource {
    private final int first;
    private final boolean liveOnly;

    ChunkView(int first, boolean liveOnly) {
      this.first = first;
      this.liveOnly = liveOnly;
    }

    @Override
    public Schema schema() {
      return schema;
    }

    @Override
    public String description() {
      return liveOnly ? "state" : "state rows of this batch";
    }

    /**
     * Slices of the chunks (the store keeps them), with the live rows as a selection where a
     * chunk has tombstones and only live rows are scanned.
     */
    @Override
    public BatchStream scan(List<Integer> columns, List<Expression> filters,
        ExecContext context) {
      List<Chunk> scanned = new ArrayList<>();
      List<List<FieldVector>> batches = new ArrayList<>();
      List<Integer> rowCounts = new ArrayList<>();
      for (Chunk chunk : chunks.subList(Math.min(first, chunks.size()), chunks.size())) {
        if (!liveOnly || chunk.live > 0) {
          scanned.add(chunk);
          batches.add(chunk.columns);
          rowCounts.add(chunk.rows);
        }
      }
      // a view: never closed, the chunks stay the store's
      BatchStream slices = new InMemoryTable(schema, batches, rowCounts, description())
          .scan(columns, filters, context);
      return new BatchStream() {
        private int next;

        @Override
        public Schema schema() {
          return slices.schema();
        }

        @Override
        public ColumnarBatch next() {
          ColumnarBatch batch = slices.next();
          if (batch == null) {
            return null;
          }
          Chunk chunk = scanned.get(next++);
          if (!liveOnly || chunk.live == chunk.rows) {
            return batch;
          }
          int[] selection = new int[chunk.live];
          int count = 0;
          for (int row = chunk.dead.nextClearBit(0); row < chunk.rows;
              row = chunk.dead.nextClearBit(row + 1)) {
            selection[count++] = row;
          }
          return batch.withSelection(selection, count);
        }

        @Override
        public void close() {
          slices.close();
        }
      };
    }
  }
}
