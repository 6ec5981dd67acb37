package dev.spate.streaming.runtime;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spate.SpateException;
import dev.spate.codegen.CodegenActivity;
import dev.spate.engine.QueryExecution;
import dev.spate.planner.logical.LogicalPlan;
import dev.spate.planner.spi.ExecContext;
import dev.spate.planner.spi.PlacedPlan;
import dev.spate.streaming.OutputMode;
import dev.spate.streaming.state.StatefulOperator;
import dev.spate.streaming.StreamingQuery;
import dev.spate.streaming.StreamingQueryListener;
import dev.spate.streaming.StreamingQueryManager;
import dev.spate.streaming.StreamingQueryProgress;
import dev.spate.streaming.StreamingQueryStatus;
import dev.spate.streaming.Trigger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Runs one streaming query as micro-batches on its own thread. Per trigger: ask every source for
 * its latest offset; when there is new data write {@code offsets/<batchId>}, run the query's one
 * physical plan (built at start, reused by every batch) over the new data only with {@code
 * current_timestamp()} fixed to the batch timestamp, let the sink commit the batch idempotently,
 * then write {@code commits/<batchId>}. On start it resumes after the last committed batch and
 * first re-runs a batch whose offsets were written but not committed, with the same offsets and
 * timestamp.
 */
public final class MicroBatchExecution implements StreamingQuery {
  private static final int RECENT_PROGRESS = 100;
  private static final int RETAINED_BATCHES = 100;
  private static final long POLLING_DELAY_MS = 10;

  private final UUID id;
  private final UUID runId = UUID.randomUUID();
  private final String name;
  private final Checkpoint checkpoint;
  private final boolean temporaryCheckpoint;
  private final Trigger trigger;
  private final Sink sink;
  private final StreamingQueryManager manager;
  private final List<StreamSource> sources = new ArrayList<>();
  private final OutputMode mode;
  private final QueryPlanning planning;
  /** The plan of a stateless query; null for a stateful one. */
  private final QueryExecution execution;
  /** The incremental plan of a streaming aggregation or deduplication; null when stateless. */
  private final StatefulOperator stateful;
  /** The watermark of the last batch run (W_{N-1} for the next batch N). */
  private long batchWatermarkMs;
  /** The watermark of the next batch (W_N). */
  private long nextWatermarkMs;
  private final Thread thread;
  private final Deque<StreamingQueryProgress> progress = new ArrayDeque<>();
  /** Codegen work since the last progress (counting from here, so planning's compiles count). */
  private final CodegenActivity codegen = new CodegenActivity();
  private final Object lock = new Object();
  private volatile StreamingQueryStatus status =
      new StreamingQueryStatus("Initializing sources", false, false);
  private volatile boolean stopRequested;
  private volatile boolean terminated;
  private volatile SpateException failure;
  private long attempts;
  private long lastIdleAttempt = -1;
  private org.apache.arrow.memory.BufferAllocator snapshotAllocator;

  /**
   * Plans the query (once) and registers it; {@link #start()} starts its thread.
   *
   * @param plan the analyzed plan of the streaming DataFrame
   * @param planning analyzes and plans the query's plans (once, at start)
   */
  public MicroBatchExecution(String name, Checkpoint checkpoint, boolean temporaryCheckpoint,
      LogicalPlan plan, OutputMode mode, Trigger trigger, Sink sink,
      StreamingQueryManager manager, QueryPlanning planning) {
    this.mode = requireNonNull(mode, "mode is null");
    this.planning = requireNonNull(planning, "planning is null");
    this.name = name;
    this.checkpoint = requireNonNull(checkpoint, "checkpoint is null");
    this.temporaryCheckpoint = temporaryCheckpoint;
    this.trigger = requireNonNull(trigger, "trigger is null");
    this.sink = requireNonNull(sink, "sink is null");
    this.manager = requireNonNull(manager, "manager is null");
    int[] next = new int[1];
    LogicalPlan bound = StreamingPlanner.bindSources(plan,
        spec -> spec.open(checkpoint.sourceDirectory(next[0]++)), sources);
    this.id = checkMetadata(plan);
    this.stateful = StatefulOperator.plan(bound, mode, planning, checkpoint.root());
    this.execution = stateful == null ? planning.execution(EventTimeWatermark.strip(bound)) : null;
    mainExecution().placed();
    codegen.pause();
    this.thread = new Thread(this::runLoop, "spate-stream-" + (name == null ? id : name));
    thread.setDaemon(true);
  }

  private UUID checkMetadata(LogicalPlan plan) {
    ArrayNode descriptions = Checkpoint.JSON.createArrayNode();
    sources.forEach(source -> descriptions.add(source.description()));
    ArrayNode columns = Checkpoint.JSON.createArrayNode();
    plan.output().forEach(attribute -> columns.add(attribute.name() + " "
        + dev.spate.planner.types.DataTypes.sqlName(attribute.field())));
    JsonNode existing = checkpoint.readMetadata();
    if (existing == null) {
      UUID newId = UUID.randomUUID();
      ObjectNode metadata = Checkpoint.JSON.createObjectNode();
      metadata.put("id", newId.toString());
      metadata.set("sources", descriptions);
      metadata.set("output", columns);
      checkpoint.writeMetadata(metadata);
      return newId;
    }
    if (!existing.path("sources").equals(descriptions)) {
      throw SpateException.analysis("The checkpoint at %s belongs to an incompatible query: it"
          + " was written for the sources %s, this query reads %s. Use a new checkpoint location.",
          checkpoint.root(), existing.path("sources"), descriptions);
    }
    if (!existing.path("output").equals(columns)) {
      throw SpateException.analysis("The checkpoint at %s belongs to an incompatible query: it"
          + " was written for the output columns %s, this query produces %s. Use a new checkpoint"
          + " location.", checkpoint.root(), existing.path("output"), columns);
    }
    return UUID.fromString(existing.get("id").asText());
  }

  /** Registers the query with the manager and starts its thread. */
  public void start() {
    manager.register(this);
    manager.post(listener -> listener.onQueryStarted(
        new StreamingQueryListener.QueryStartedEvent(id, runId, name)));
    thread.start();
  }

  private void runLoop() {
    try {
      String[] committed = recover();
      long batchId = checkpoint.latestOffsets().orElse(-1) + 1;
      while (!stopRequested) {
        long triggerStart = System.currentTimeMillis();
        long attempt;
        synchronized (lock) {
          attempt = ++attempts;
        }
        status = new StreamingQueryStatus("Getting offsets from sources", false, true);
        String[] end = new String[sources.size()];
        boolean hasData = false;
        for (int index = 0; index < end.length; index++) {
          end[index] = sources.get(index).latestOffset(batchId, committed[index],
              trigger.kind() != Trigger.Kind.ONCE);
          hasData |= !Objects.equals(end[index], committed[index]);
        }
        long latestOffsetMs = System.currentTimeMillis() - triggerStart;
        boolean noDataBatch = !hasData && stateful != null && mode != OutputMode.Complete()
            && nextWatermarkMs > batchWatermarkMs;
        if (hasData || noDataBatch) {
          runBatch(batchId, committed, end, triggerStart, latestOffsetMs, true);
          committed = end;
          batchId++;
        } else {
          synchronized (lock) {
            lastIdleAttempt = attempt;
            lock.notifyAll();
          }
          status = new StreamingQueryStatus("Waiting for data to arrive", false, false);
          if (trigger.terminatesWhenDrained()) {
            break;
          }
        }
        if (trigger.kind() == Trigger.Kind.ONCE) {
          break;
        }
        long interval = trigger.intervalMs();
        long wakeUp = interval > 0 ? triggerStart + interval
            : hasData ? 0 : System.currentTimeMillis() + POLLING_DELAY_MS;
        sleepUntil(wakeUp);
      }
    } catch (SpateException e) {
      failure = e;
    } catch (RuntimeException | Error e) {
      failure = SpateException.internal("the streaming query failed: " + e, e);
    } finally {
      finish();
    }
  }

  /** Re-runs an uncommitted batch; returns the end offsets of the last committed batch. */
  private String[] recover() {
    OptionalLong lastOffsets = checkpoint.latestOffsets();
    long lastPlanned = lastOffsets.orElse(-1);
    for (StreamSource source : sources) {
      source.recover(lastPlanned);
    }
    String[] committed = new String[sources.size()];
    long lastCommit = checkpoint.latestCommit().orElse(-1);
    if (lastCommit >= 0) {
      JsonNode commit = checkpoint.readCommit(lastCommit);
      batchWatermarkMs = commit.path("watermarkMs").asLong(0);
      nextWatermarkMs = commit.path("nextWatermarkMs").asLong(0);
    }
    if (stateful != null) {
      stateful.restore(lastCommit + 1);
    }
    if (lastPlanned < 0) {
      return committed;
    }
    JsonNode entry = checkpoint.readOffsets(lastPlanned);
    String[] end = offsets(entry);
    if (lastCommit >= lastPlanned) {
      return end;
    }
    String[] start = lastPlanned > 0 ? offsets(checkpoint.readOffsets(lastPlanned - 1))
        : committed;
    runBatch(lastPlanned, start, end, entry.get("batchTimestampMs").asLong(), 0, false);
    return end;
  }

  private static String[] offsets(JsonNode entry) {
    JsonNode list = entry.get("sources");
    String[] offsets = new String[list.size()];
    for (int index = 0; index < offsets.length; index++) {
      offsets[index] = list.get(index).isNull() ? null : list.get(index).asText();
    }
    return offsets;
  }

  private void runBatch(long batchId, String[] start, String[] end, long batchTimestampMs,
      long latestOffsetMs, boolean writeOffsets) {
    status = new StreamingQueryStatus("Processing new data", true, true);
    codegen.begin();
    long begin = System.nanoTime();
    if (writeOffsets) {
      ObjectNode entry = Checkpoint.JSON.createObjectNode();
      entry.put("batchId", batchId);
      entry.put("batchTimestampMs", batchTimestampMs);
      entry.put("lateWatermarkMs", batchWatermarkMs);
      entry.put("watermarkMs", nextWatermarkMs);
      ArrayNode list = entry.putArray("sources");
      for (String offset : end) {
        list.add(offset);
      }
      checkpoint.writeOffsets(batchId, entry);
    }
    long walCommit = System.nanoTime();
    for (int index = 0; index < sources.size(); index++) {
      sources.get(index).prepareBatch(batchId, start[index], end[index]);
    }
    long prepared = System.nanoTime();
    long outputRows;
    if (stateful == null) {
      outputRows = execution.run((stream, context) -> sink.addBatch(batchId, stream, context),
          batchTimestampMs * 1000);
    } else {
      outputRows = stateful.runBatch(batchId, batchWatermarkMs, nextWatermarkMs,
          batchTimestampMs * 1000, (stream, context) -> sink.addBatch(batchId, stream, context),
          new ExecContext(stateAllocator(), planning.config(), batchTimestampMs * 1000));
      batchWatermarkMs = nextWatermarkMs;
      long maxEventTimeMs = stateful.metrics().maxEventTimeMs();
      if (maxEventTimeMs != Long.MIN_VALUE && stateful.watermarkDelayMs() >= 0) {
        nextWatermarkMs = Math.max(nextWatermarkMs, maxEventTimeMs - stateful.watermarkDelayMs());
      }
    }
    long added = System.nanoTime();
    ObjectNode commit = Checkpoint.JSON.createObjectNode();
    commit.put("batchId", batchId);
    commit.put("watermarkMs", batchWatermarkMs);
    commit.put("nextWatermarkMs", nextWatermarkMs);
    checkpoint.writeCommit(batchId, commit);
    checkpoint.purgeBefore(batchId - RETAINED_BATCHES);
    long done = System.nanoTime();
    Map<String, Long> durations = new LinkedHashMap<>();
    durations.put("latestOffset", latestOffsetMs);
    durations.put("walCommit", (walCommit - begin) / 1_000_000);
    durations.put("queryPlanning", 0L);
    durations.put("getBatch", (prepared - walCommit) / 1_000_000);
    durations.put("addBatch", (added - prepared) / 1_000_000);
    durations.put("commitOffsets", (done - added) / 1_000_000);
    durations.put("triggerExecution", latestOffsetMs + (done - begin) / 1_000_000);
    report(batchId, batchTimestampMs, start, end, durations, outputRows);
  }

  private void report(long batchId, long batchTimestampMs, String[] start, String[] end,
      Map<String, Long> durations, long outputRows) {
    long inputRows = 0;
    List<Map<String, Object>> sourceReports = new ArrayList<>();
    double seconds = Math.max(1, durations.get("triggerExecution")) / 1000.0;
    StreamingQueryProgress previous = lastProgress();
    double sinceLast = previous == null ? seconds : Math.max(1,
        batchTimestampMs - Instant.parse(previous.timestamp()).toEpochMilli()) / 1000.0;
    for (int index = 0; index < sources.size(); index++) {
      StreamSource source = sources.get(index);
      long rows = source.rowsRead();
      inputRows += rows;
      Map<String, Object> report = new LinkedHashMap<>();
      report.put("description", source.description());
      report.put("startOffset", start[index]);
      report.put("endOffset", end[index]);
      report.put("numInputRows", rows);
      report.put("numMalformedRecords", source.malformedRecords());
      report.put("inputRowsPerSecond", rows / sinceLast);
      report.put("processedRowsPerSecond", rows / seconds);
      sourceReports.add(report);
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("id", id.toString());
    fields.put("runId", runId.toString());
    fields.put("name", name);
    fields.put("timestamp", Instant.ofEpochMilli(batchTimestampMs).toString());
    fields.put("batchId", batchId);
    fields.put("numInputRows", inputRows);
    fields.put("inputRowsPerSecond", inputRows / sinceLast);
    fields.put("processedRowsPerSecond", inputRows / seconds);
    fields.put("durationMs", durations);
    Map<String, String> eventTime = new LinkedHashMap<>();
    List<Map<String, Object>> stateOperators = new ArrayList<>();
    if (stateful != null) {
      eventTime.putAll(stateful.metrics().eventTime());
      if (stateful.hasEventTime()) {
        eventTime.put("watermark", Instant.ofEpochMilli(batchWatermarkMs).toString());
      }
      stateOperators.add(stateful.metrics().stateOperator());
    }
    fields.put("eventTime", eventTime);
    fields.put("stateOperators", stateOperators);
    fields.put("sources", sourceReports);
    Map<String, Object> sinkReport = new LinkedHashMap<>();
    sinkReport.put("description", sink.description());
    sinkReport.put("numOutputRows", outputRows);
    fields.put("sink", sinkReport);
    Map<String, String> backends = new LinkedHashMap<>();
    if (stateful != null) {
      collectBackends(stateful.partialExecution().placed(), backends);
    }
    collectBackends(mainExecution().placed(), backends);
    fields.put("backend", backends);
    fields.put("codegen", codegen.report());
    StreamingQueryProgress report = new StreamingQueryProgress(fields);
    synchronized (lock) {
      progress.addLast(report);
      if (progress.size() > RECENT_PROGRESS) {
        progress.removeFirst();
      }
    }
    manager.post(listener -> listener.onQueryProgress(
        new StreamingQueryListener.QueryProgressEvent(report)));
  }

  private static void collectBackends(PlacedPlan plan, Map<String, String> backends) {
    String key = plan.node().name();
    int suffix = 2;
    while (backends.containsKey(key)) {
      key = plan.node().name() + "#" + suffix++;
    }
    backends.put(key, plan.backend().kind().name());
    plan.children().forEach(child -> collectBackends(child, backends));
  }

  private void sleepUntil(long wakeUpMs) {
    synchronized (lock) {
      long left;
      while (!stopRequested && (left = wakeUpMs - System.currentTimeMillis()) > 0) {
        try {
          lock.wait(left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private QueryExecution mainExecution() {
    return stateful != null ? stateful.outputExecution() : execution;
  }

  private org.apache.arrow.memory.BufferAllocator stateAllocator() {
    if (snapshotAllocator == null) {
      snapshotAllocator = planning.newAllocator("state-snapshots");
    }
    return snapshotAllocator;
  }

  private void finish() {
    if (stateful != null) {
      try {
        stateful.close();
        if (snapshotAllocator != null) {
          snapshotAllocator.close();
        }
      } catch (RuntimeException e) {
        recordSuppressed(e);
      }
    }
    for (StreamSource source : sources) {
      try {
        source.stop();
      } catch (RuntimeException e) {
        recordSuppressed(e);
      }
    }
    try {
      sink.stop();
    } catch (RuntimeException e) {
      recordSuppressed(e);
    }
    if (temporaryCheckpoint) {
      deleteRecursively(checkpoint.root());
    }
    status = new StreamingQueryStatus("Stopped", false, false);
    SpateException error = failure;
    manager.post(listener -> listener.onQueryTerminated(
        new StreamingQueryListener.QueryTerminatedEvent(id, runId,
            error == null ? null : error.getMessage())));
    // Leave the active list before waking awaitTermination(), so a caller can restart the query
    // from the same checkpoint as soon as it returns.
    manager.terminated(this);
    synchronized (lock) {
      terminated = true;
      lock.notifyAll();
    }
  }

  private void recordSuppressed(RuntimeException e) {
    if (failure != null) {
      failure.addSuppressed(e);
    } else {
      failure = e instanceof SpateException ? (SpateException) e
          : SpateException.internal("stopping the query failed: " + e, e);
    }
  }

  private static void deleteRecursively(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(Checkpoint::deleteQuietly);
    } catch (IOException e) {
      // a temporary checkpoint left behind is harmless
    }
  }

  // ---- StreamingQuery

  @Override
  public UUID id() {
    return id;
  }

  @Override
  public UUID runId() {
    return runId;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean isActive() {
    return !terminated;
  }

  @Override
  public void awaitTermination() {
    awaitTermination(Long.MAX_VALUE);
  }

  @Override
  public boolean awaitTermination(long timeoutMs) {
    long deadline = timeoutMs == Long.MAX_VALUE ? Long.MAX_VALUE
        : System.currentTimeMillis() + timeoutMs;
    synchronized (lock) {
      long left;
      while (!terminated && (left = deadline - System.currentTimeMillis()) > 0) {
        waitOn(Math.min(left, 1000));
      }
    }
    throwFailure();
    return terminated;
  }

  @Override
  public void processAllAvailable() {
    synchronized (lock) {
      long target = attempts + 1;
      while (!terminated && lastIdleAttempt < target) {
        waitOn(100);
      }
    }
    throwFailure();
  }

  private void waitOn(long millis) {
    try {
      lock.wait(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw SpateException.execution("interrupted while waiting for the streaming query %s", id);
    }
  }

  private void throwFailure() {
    SpateException error = failure;
    if (error != null) {
      throw new SpateException(error.errorClass(), "[STREAM_FAILED] Query [id = " + id
          + ", runId = " + runId + "] terminated with exception: " + error.getMessage(), error);
    }
  }

  @Override
  public void stop() {
    synchronized (lock) {
      stopRequested = true;
      lock.notifyAll();
    }
    if (Thread.currentThread() != thread) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public StreamingQueryProgress lastProgress() {
    synchronized (lock) {
      return progress.peekLast();
    }
  }

  @Override
  public List<StreamingQueryProgress> recentProgress() {
    synchronized (lock) {
      return List.copyOf(progress);
    }
  }

  @Override
  public StreamingQueryStatus status() {
    return status;
  }

  @Override
  public Optional<SpateException> exception() {
    return Optional.ofNullable(failure);
  }

  @Override
  public void explain() {
    System.out.print(explainString());
  }

  @Override
  public String explainString() {
    return mainExecution().explain("placement");
  }
}
