package dev.spate.bench.nexmark;

import static java.util.Objects.requireNonNull;

import dev.spate.DataFrame;
import dev.spate.SpateSession;
import dev.spate.bench.Answers;
import dev.spate.bench.BenchFiles;
import dev.spate.bench.BenchContext;
import dev.spate.bench.BenchQuery;
import dev.spate.bench.QueryOutcome;
import dev.spate.bench.StreamingMetrics;
import dev.spate.bench.WrongAnswerException;
import dev.spate.streaming.StreamingQuery;
import dev.spate.streaming.StreamingQueryProgress;
import dev.spate.streaming.Trigger;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Runs one NEXMark query as a Spate streaming query over the generated event files: {@code
 * maxFilesPerTrigger} 1 (one file, {@link NexmarkFiles#eventsPerFile} events, per micro-batch),
 * {@code Trigger.AvailableNow()}, a fresh checkpoint under the scratch directory, output collected
 * through {@code foreachBatch}. Every run checks that all events were read and that the output
 * equals the reference as a multiset of {@link Answers} lines; the check compares an
 * order-independent fingerprint of the lines (cheap inside the timed run) and only on a mismatch
 * recomputes the reference lines to name the differing rows.
 *
 * <p>Metrics: see {@link StreamingMetrics} (batch latency median and p99, batch count).
 */
final class NexmarkQuery implements BenchQuery {
  private static final AtomicLong RUNS = new AtomicLong();

  private final NexmarkQueries.Definition definition;
  private final NexmarkFiles files;
  private final Fingerprint expected;
  private final Supplier<List<String>> reference;

  /**
   * @param expectedLines the reference answer (only its fingerprint is kept)
   * @param reference recomputes the reference answer, to describe a mismatch
   */
  NexmarkQuery(NexmarkQueries.Definition definition, NexmarkFiles files,
      List<String> expectedLines, Supplier<List<String>> reference) {
    this.definition = requireNonNull(definition, "definition is null");
    this.files = requireNonNull(files, "files is null");
    this.expected = Fingerprint.of(expectedLines);
    this.reference = requireNonNull(reference, "reference is null");
  }

  @Override
  public String name() {
    return definition.name();
  }

  @Override
  public QueryOutcome run(SpateSession session, BenchContext context) throws IOException {
    String queryName = "nexmark_" + definition.name() + "_" + RUNS.incrementAndGet();
    Path checkpoint = Files.createTempDirectory(context.scratchDirectory(), queryName + "-");
    List<String> actual = Collections.synchronizedList(new ArrayList<>());
    StreamingMetrics.Collector progress = new StreamingMetrics.Collector(queryName);
    session.streams().addListener(progress);
    try {
      DataFrame events = session.readStream().format("parquet").schema(NexmarkFiles.SCHEMA)
          .option("maxFilesPerTrigger", 1).load(files.directory().toString());
      StreamingQuery query = definition.plan().apply(events).writeStream()
          .queryName(queryName)
          .outputMode(definition.mode())
          .trigger(Trigger.AvailableNow())
          .option("checkpointLocation", checkpoint.toString())
          .foreachBatch((batch, batchId) ->
              actual.addAll(Answers.lines(definition.finish().apply(batch).collectAsList())))
          .start();
      try {
        query.awaitTermination();
      } finally {
        query.stop();
      }
    } finally {
      session.streams().removeListener(progress);
      BenchFiles.deleteRecursively(checkpoint);
    }
    List<StreamingQueryProgress> batches = progress.reports();
    long eventsRead = 0;
    for (StreamingQueryProgress batch : batches) {
      eventsRead += batch.numInputRows();
    }
    if (eventsRead != files.eventCount()) {
      throw new WrongAnswerException(String.format(Locale.ROOT, "%s: read %d events of %d",
          definition.name(), eventsRead, files.eventCount()));
    }
    check(actual);
    return new QueryOutcome(eventsRead, files.bytes(), actual.size(),
        StreamingMetrics.of(batches));
  }

  /** Throws {@link WrongAnswerException} unless {@code actual} is the reference answer. */
  void check(List<String> actual) {
    if (!Fingerprint.of(actual).equals(expected)) {
      Answers.expectEqual(definition.name(), reference.get(), actual, false);
      throw new WrongAnswerException(definition.name() + ": the answer matches the recomputed"
          + " reference but not the reference it was prepared with");
    }
  }

  /**
   * An order-independent fingerprint of a multiset of lines: their number and the sum of a 64-bit
   * hash of each line.
   */
  record Fingerprint(long rows, long hashSum) {
    static Fingerprint of(List<String> lines) {
      long sum = 0;
      synchronized (lines) {
        for (String line : lines) {
          sum += hash(line);
        }
        return new Fingerprint(lines.size(), sum);
      }
    }

    /** FNV-1a over the UTF-8 bytes, then MurmurHash3's 64-bit finalizer. */
    private static long hash(String line) {
      long hash = 0xcbf29ce484222325L;
      for (byte value : line.getBytes(StandardCharsets.UTF_8)) {
        hash ^= value & 0xff;
        hash *= 0x100000001b3L;
      }
      hash ^= hash >>> 33;
      hash *= 0xff51afd7ed558ccdL;
      hash ^= hash >>> 33;
      hash *= 0xc4ceb9fe1a85ec53L;
      hash ^= hash >>> 33;
      return hash;
    }
  }
}
