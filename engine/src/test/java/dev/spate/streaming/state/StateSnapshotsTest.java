package dev.spate.streaming.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spate.planner.batch.BatchStream;
import dev.spate.planner.batch.ColumnarBatch;
import dev.spate.planner.config.SpateConfig;
import dev.spate.planner.spi.ExecContext;
import dev.spate.planner.types.DataTypes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state store and its delta/full snapshots against a plain-Java model: a map from (event time,
 * name) to a value, changed per version by random upserts (new and existing keys, NULL values and
 * NULL key parts) and evictions by event time. Every version written restores to the model's state
 * at that version, after cleanup too, across crashed-and-re-run versions and from a checkpoint of
 * full snapshots only (the format before deltas).
 */
class StateSnapshotsTest {
  private static final Schema SCHEMA = new Schema(List.of(
      DataTypes.field("__k0", DataTypes.TIMESTAMP, true),
      DataTypes.field("__k1", DataTypes.STRING, true),
      DataTypes.field("__p0", DataTypes.BIGINT, true)));

  @TempDir Path checkpoint;
  private BufferAllocator allocator;
  private ExecContext context;
  private final List<StateStore> stores = new ArrayList<>();

  @BeforeEach
  void setUp() {
    allocator = new RootAllocator();
    context = new ExecContext(allocator, SpateConfig.defaults(), 0);
  }

  @AfterEach
  void tearDown() {
    stores.forEach(StateStore::close);
    allocator.close();
  }

  private StateStore newStore() {
    StateStore store = new StateStore(SCHEMA, 2, 0, allocator);
    stores.add(store);
    return store;
  }

  /** One version's changes: rows upserted (time, name, value), then the eviction threshold. */
  private record Change(List<Object[]> upserts, Long evictBelow) {}

  private static Change randomChange(Random random) {
    List<Object[]> upserts = new ArrayList<>();
    int count = random.nextInt(12);
    for (int row = 0; row < count; row++) {
      Long time = random.nextInt(15) == 0 ? null : random.nextInt(40) * 1_000_000L;
      String name = random.nextInt(6) == 0 ? null : "n" + random.nextInt(5);
      Long value = random.nextInt(7) == 0 ? null : (long) random.nextInt(1000);
      upserts.add(new Object[] {time, name, value});
    }
    Long evict = random.nextInt(4) == 0 ? random.nextInt(40) * 1_000_000L : null;
    return new Change(upserts, evict);
  }

  private static void applyToModel(Map<List<Object>, Long> model, Change change) {
    for (Object[] row : change.upserts()) {
      model.put(Arrays.asList(row[0], row[1]), (Long) row[2]);
    }
    if (change.evictBelow() != null) {
      model.keySet().removeIf(key -> key.get(0) != null
          && (Long) key.get(0) <= change.evictBelow());
    }
  }

  /** Runs one batch on the store and writes its version. */
  private void runVersion(StateStore store, StateSnapshots snapshots, long version,
      Change change) {
    store.startBatch();
    if (!change.upserts().isEmpty()) {
      store.upsert(columns(change.upserts()), change.upserts().size());
    }
    if (change.evictBelow() != null) {
      store.evict(change.evictBelow(), false);
    }
    snapshots.write(version, store, context);
    store.endBatch();
  }

  private List<FieldVector> columns(List<Object[]> rows) {
    TimeStampMicroTZVector times = new TimeStampMicroTZVector("__k0", allocator, "UTC");
    VarCharVector names = new VarCharVector("__k1", allocator);
    BigIntVector values = new BigIntVector("__p0", allocator);
    times.allocateNew(rows.size());
    names.allocateNew(rows.size());
    values.allocateNew(rows.size());
    for (int index = 0; index < rows.size(); index++) {
      Object[] row = rows.get(index);
      if (row[0] == null) {
        times.setNull(index);
      } else {
        times.set(index, (Long) row[0]);
      }
      if (row[1] == null) {
        names.setNull(index);
      } else {
        names.setSafe(index, ((String) row[1]).getBytes(StandardCharsets.UTF_8));
      }
      if (row[2] == null) {
        values.setNull(index);
      } else {
        values.set(index, (Long) row[2]);
      }
    }
    times.setValueCount(rows.size());
    names.setValueCount(rows.size());
    values.setValueCount(rows.size());
    return List.of(times, names, values);
  }

  /** The live rows of {@code store} as a model map. */
  private Map<List<Object>, Long> contents(StateStore store) {
    Map<List<Object>, Long> rows = new HashMap<>();
    try (BatchStream stream = store.scan(List.of(0, 1, 2), List.of(), context)) {
      for (ColumnarBatch next = stream.next(); next != null; next = stream.next()) {
        try (ColumnarBatch batch = next) {
          TimeStampMicroTZVector times = (TimeStampMicroTZVector) batch.column(0);
          VarCharVector names = (VarCharVector) batch.column(1);
          BigIntVector values = (BigIntVector) batch.column(2);
          for (int index = 0; index < batch.selectedCount(); index++) {
            int row = batch.position(index);
            List<Object> key = Arrays.asList(times.isNull(row) ? null : times.get(row),
                names.isNull(row) ? null : new String(names.get(row), StandardCharsets.UTF_8));
            Long previous = rows.put(key, values.isNull(row) ? null : values.get(row));
            assertThat(previous).as("key %s twice", key).isNull();
          }
        }
      }
    }
    assertThat(store.rowCount()).isEqualTo(rows.size());
    return rows;
  }

  private Map<List<Object>, Long> restored(long version, int minDeltas) {
    StateStore store = newStore();
    new StateSnapshots(checkpoint, 0, minDeltas).read(version, store, allocator);
    return contents(store);
  }

  private List<String> files() throws IOException {
    try (Stream<Path> files = Files.list(checkpoint.resolve("state").resolve("0"))) {
      return files.map(file -> file.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void everyVersionRestoresToTheModelAndCleanupKeepsTheRetainedVersionsRestorable()
      throws IOException {
    Random random = new Random(3);
    StateStore store = newStore();
    StateSnapshots snapshots = new StateSnapshots(checkpoint, 0, 3);
    Map<List<Object>, Long> model = new HashMap<>();
    List<Map<List<Object>, Long>> history = new ArrayList<>();
    history.add(Map.of());
    int versions = 40;
    for (long version = 1; version <= versions; version++) {
      Change change = randomChange(random);
      applyToModel(model, change);
      history.add(new HashMap<>(model));
      runVersion(store, snapshots, version, change);
      assertThat(contents(store)).as("in memory after version %d", version).isEqualTo(model);
      assertThat(restored(version, 3)).as("restored version %d", version).isEqualTo(model);
    }
    for (long version = versions - StateSnapshots.RETAINED + 1; version <= versions; version++) {
      assertThat(restored(version, 3)).as("retained version %d", version)
          .isEqualTo(history.get((int) version));
    }
    // full snapshots at 3, 6, ..., 39; the oldest retained version 31 starts from 30
    assertThat(files()).contains("30.arrow", "31.delta.arrow", "39.arrow", "40.delta.arrow")
        .doesNotContain("27.arrow", "29.delta.arrow", "1.delta.arrow", "3.arrow");
  }

  @Test
  void aReRunOfACrashedBatchOverwritesItsVersionWhicheverKindEachAttemptWrote() {
    Random random = new Random(5);
    StateStore store = newStore();
    StateSnapshots snapshots = new StateSnapshots(checkpoint, 0, 4);
    Map<List<Object>, Long> model = new HashMap<>();
    for (long version = 1; version <= 5; version++) {
      Change change = randomChange(random);
      applyToModel(model, change);
      runVersion(store, snapshots, version, change);
    }
    // the crashed attempt of batch 5 wrote version 6 (as a full snapshot: another setting)
    runVersion(store, new StateSnapshots(checkpoint, 0, 1), 6, randomChange(random));
    assertThat(Files.exists(checkpoint.resolve("state/0/6.arrow"))).isTrue();
    // the restart restores version 5 and re-runs the batch with other changes, as a delta
    StateStore restarted = newStore();
    StateSnapshots reRun = new StateSnapshots(checkpoint, 0, 4);
    reRun.read(5, restarted, allocator);
    assertThat(contents(restarted)).isEqualTo(model);
    Change change = randomChange(random);
    applyToModel(model, change);
    runVersion(restarted, reRun, 6, change);
    assertThat(Files.exists(checkpoint.resolve("state/0/6.arrow"))).isFalse();
    assertThat(restored(6, 4)).isEqualTo(model);
  }

  @Test
  void aCheckpointOfFullSnapshotsOnlyRestoresAndContinuesWithDeltas() throws IOException {
    Random random = new Random(9);
    StateStore store = newStore();
    StateSnapshots fullOnly = new StateSnapshots(checkpoint, 0, 1);
    Map<List<Object>, Long> model = new HashMap<>();
    List<Map<List<Object>, Long>> history = new ArrayList<>();
    history.add(Map.of());
    for (long version = 1; version <= 6; version++) {
      Change change = randomChange(random);
      applyToModel(model, change);
      history.add(new HashMap<>(model));
      runVersion(store, fullOnly, version, change);
    }
    assertThat(files()).allMatch(name -> !name.contains("delta"));
    for (long version = 1; version <= 6; version++) {
      assertThat(restored(version, 10)).isEqualTo(history.get((int) version));
    }
    StateStore restarted = newStore();
    StateSnapshots withDeltas = new StateSnapshots(checkpoint, 0, 10);
    withDeltas.read(6, restarted, allocator);
    for (long version = 7; version <= 9; version++) {
      Change change = randomChange(random);
      applyToModel(model, change);
      runVersion(restarted, withDeltas, version, change);
    }
    assertThat(files()).contains("6.arrow", "7.delta.arrow", "9.delta.arrow");
    assertThat(restored(9, 10)).isEqualTo(model);
  }
}
