package dev.spate.bench.nexmark;

import dev.spate.bench.BenchContext;
import dev.spate.bench.BenchQuery;
import dev.spate.bench.BenchSuite;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The NEXMark streaming suite: a deterministic auction-site event stream ({@link
 * NexmarkGenerator}) written as Parquet files ({@link NexmarkFiles}), and the queries q0, q1, q2,
 * q5, q7 and q8 ({@link NexmarkQueries}) run as streaming queries over those files, each checked
 * against a plain-Java reference. Scale factor 1 is 1,000,000 events (100 seconds of event time
 * at 10,000 events per second); smaller scale factors lower the rate so that the stream still spans
 * 100 seconds of event time. q11 (user sessions) needs session windows, which Spate does not
 * have yet; it comes with them.
 */
public final class NexmarkSuite implements BenchSuite {
  public NexmarkSuite() {}

  @Override
  public String name() {
    return "nexmark";
  }

  @Override
  public String description() {
    return "NEXMark streaming queries q0 q1 q2 q5 q7 q8 over a generated auction event stream"
        + " (Parquet files, one micro-batch per file); SF 1 = 1,000,000 events (persons, auctions,"
        + " bids 1:3:46) at 10,000 events/s of event time (lower below SF 1, so a stream spans at"
        + " least 100 s); q11 waits for session windows";
  }

  @Override
  public void prepare(BenchContext context) throws IOException {
    NexmarkFiles.prepare(generator(context), context.dataDirectory());
  }

  /**
   * The queries over the prepared events. Their reference answers are computed here, once per
   * scale factor, from the regenerated events, so no run pays for them.
   */
  @Override
  public List<BenchQuery> queries(BenchContext context) {
    NexmarkGenerator generator = generator(context);
    NexmarkFiles files;
    try {
      files = NexmarkFiles.existing(generator, context.dataDirectory());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the NEXMark events", e);
    }
    List<BenchQuery> queries = new ArrayList<>();
    for (NexmarkQueries.Definition definition : NexmarkQueries.all()) {
      // one query at a time, so only one reference answer is in memory at once
      Supplier<List<String>> reference =
          () -> NexmarkReference.compute(definition.reference().get(), generator);
      queries.add(new NexmarkQuery(definition, files, reference.get(), reference));
    }
    return List.copyOf(queries);
  }

  private static NexmarkGenerator generator(BenchContext context) {
    return NexmarkGenerator.forScale(context.scaleFactor(), context.seed());
  }
}
