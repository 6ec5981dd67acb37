package dev.spate.bench.nexmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spate.SpateSession;
import dev.spate.bench.BenchContext;
import dev.spate.bench.BenchQuery;
import dev.spate.bench.QueryOutcome;
import dev.spate.bench.WrongAnswerException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs every NEXMark query at a tiny scale (5,000 events in 8 files, 100 s of event time) with
 * codegen on and off; each run checks its answer against the plain-Java reference itself. Also
 * shows that a wrong answer, from a corrupted reference or a corrupted output, is a {@link
 * WrongAnswerException}.
 */
class NexmarkSuiteTest {
  private static final double SCALE_FACTOR = 0.005;
  private static final long EVENTS = 5_000;

  @TempDir static Path directory;
  private static BenchContext context;
  private static List<BenchQuery> queries;

  @BeforeAll
  static void prepare() throws Exception {
    Path scratch = Files.createDirectories(directory.resolve("scratch"));
    context = new BenchContext(SCALE_FACTOR, directory.resolve("data"), scratch, 42L);
    NexmarkSuite suite = new NexmarkSuite();
    suite.prepare(context);
    queries = suite.queries(context);
  }

  private static SpateSession session(boolean codegen) {
    return SpateSession.builder().appName("nexmark-test")
        .config("spate.codegen.enabled", codegen).getOrCreate();
  }

  @ParameterizedTest(name = "codegen {0}")
  @ValueSource(booleans = {true, false})
  void everyQueryMatchesItsReference(boolean codegen) throws Exception {
    assertThat(queries).extracting(BenchQuery::name)
        .containsExactly("q0", "q1", "q2", "q5", "q7", "q8");
    try (SpateSession session = session(codegen)) {
      for (BenchQuery query : queries) {
        QueryOutcome outcome = query.run(session, context);
        assertThat(outcome.inputRows()).as(query.name()).isEqualTo(EVENTS);
        assertThat(outcome.inputBytes()).as(query.name()).isPositive();
        assertThat(outcome.outputRows()).as(query.name()).isPositive();
        assertThat(outcome.metrics().get("batches")).as(query.name())
            .isGreaterThanOrEqualTo(NexmarkFiles.MIN_FILES);
        assertThat(outcome.metrics().get("latencyP99Millis")).as(query.name())
            .isGreaterThanOrEqualTo(outcome.metrics().get("latencyMedianMillis"));
      }
    }
  }

  @Test
  void aRunAgainstACorruptedReferenceIsAWrongAnswer() throws Exception {
    NexmarkGenerator generator = NexmarkGenerator.forScale(SCALE_FACTOR, 42L);
    NexmarkFiles files = NexmarkFiles.existing(generator, context.dataDirectory());
    NexmarkQueries.Definition q7 = NexmarkQueries.all().get(4);
    List<String> corrupted =
        new ArrayList<>(NexmarkReference.compute(q7.reference().get(), generator));
    String dropped = corrupted.remove(corrupted.size() - 1);
    NexmarkQuery query = new NexmarkQuery(q7, files, corrupted, () -> corrupted);
    try (SpateSession session = session(true)) {
      assertThatThrownBy(() -> query.run(session, context))
          .isInstanceOf(WrongAnswerException.class)
          .hasMessageContaining("q7: wrong answer")
          .hasMessageContaining("unexpected [" + dropped + "]");
    }
  }

  @Test
  void aCorruptedOutputIsAWrongAnswer() throws Exception {
    NexmarkGenerator generator = NexmarkGenerator.forScale(SCALE_FACTOR, 42L);
    NexmarkFiles files = NexmarkFiles.existing(generator, context.dataDirectory());
    NexmarkQueries.Definition q1 = NexmarkQueries.all().get(1);
    List<String> reference = NexmarkReference.compute(q1.reference().get(), generator);
    NexmarkQuery query = new NexmarkQuery(q1, files, reference,
        () -> NexmarkReference.compute(q1.reference().get(), generator));
    query.check(reference);
    List<String> output = new ArrayList<>(reference);
    String original = output.get(7);
    output.set(7, original.replace('|', ';'));
    assertThatThrownBy(() -> query.check(output))
        .isInstanceOf(WrongAnswerException.class)
        .hasMessageContaining("missing [" + original + "]");
    List<String> duplicated = new ArrayList<>(reference);
    duplicated.add(reference.get(0));
    assertThatThrownBy(() -> query.check(duplicated))
        .isInstanceOf(WrongAnswerException.class)
        .hasMessageContaining(reference.size() + 1 + " produced");
  }
}
