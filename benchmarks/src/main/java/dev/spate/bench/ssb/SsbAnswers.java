package dev.spate.bench.ssb;

import static java.util.Objects.requireNonNull;

import dev.spate.SpateException;
import dev.spate.bench.Answers;
import dev.spate.bench.WrongAnswerException;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The reference answers of the SSB queries, computed by DuckDB over the generated data (see the
 * test program {@code SsbReferenceAnswers}) and shipped as {@value #RESOURCE}: {@code seed=<the
 * generator seed they hold for>} and one entry per scale factor and query, {@code
 * sf0.01.q1.1=<rows>:<SHA-256 of the sorted canonical lines>} (see {@link Answers}).
 */
final class SsbAnswers {
  static final String RESOURCE = "answers.properties";

  private final Properties expected;
  private final Set<String> reportedUnchecked = new HashSet<>();

  SsbAnswers(Properties expected) {
    this.expected = requireNonNull(expected, "expected is null");
  }

  /** The answers shipped with Spate. */
  static SsbAnswers shipped() {
    Properties properties = new Properties();
    try (InputStream in = SsbAnswers.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw SpateException.internal("the resource " + RESOURCE + " is missing", null);
      }
      properties.load(in);
    } catch (IOException e) {
      throw SpateException.io("cannot read " + RESOURCE + ": " + e.getMessage(), e);
    }
    return new SsbAnswers(properties);
  }

  /** The key of a query's answer: {@code sf0.01.q1.1}. */
  static String key(double scaleFactor, String query) {
    return "sf" + SsbGenerator.scaleText(scaleFactor) + "." + query;
  }

  /** The entry value for an answer: {@code <rows>:<digest>}. */
  static String entry(List<String> lines) {
    return lines.size() + ":" + Answers.digest(lines, true);
  }

  /**
   * Checks {@code lines}, the canonical answer of {@code query} (run as {@code runName}), against
   * the reference for this scale factor and seed. Returns false when there is no reference, after
   * saying so on standard error once per scale factor and seed.
   *
   * @throws WrongAnswerException when the row count or digest differs from the reference
   */
  boolean check(String query, String runName, double scaleFactor, long seed, List<String> lines) {
    String reference = Long.toString(seed).equals(expected.getProperty("seed"))
        ? expected.getProperty(key(scaleFactor, query))
        : null;
    if (reference == null) {
      reportUnchecked(scaleFactor, seed);
      return false;
    }
    String actual = entry(lines);
    if (!actual.equals(reference)) {
      String[] expectedParts = reference.split(":", 2);
      String[] actualParts = actual.split(":", 2);
      throw new WrongAnswerException(String.format(Locale.ROOT,
          "%s: wrong answer at SF %s: expected %s rows with SHA-256 %s, produced %s rows with"
              + " SHA-256 %s; first rows produced: %s", runName,
          SsbGenerator.scaleText(scaleFactor), expectedParts[0], expectedParts[1], actualParts[0],
          actualParts[1], lines.subList(0, Math.min(5, lines.size()))));
    }
    return true;
  }

  private synchronized void reportUnchecked(double scaleFactor, long seed) {
    String scale = SsbGenerator.scaleText(scaleFactor);
    if (reportedUnchecked.add(scale + "/" + seed)) {
      System.err.printf(Locale.ROOT, "ssb: answers at SF %s with seed %d are NOT checked: reference"
          + " answers are shipped only for seed %s at SF %s%n", scale, seed,
          expected.getProperty("seed", "(none)"), shippedScales());
    }
  }

  private String shippedScales() {
    Set<String> scales = new TreeSet<>();
    for (String name : expected.stringPropertyNames()) {
      if (name.startsWith("sf")) {
        scales.add(name.substring(2, name.indexOf(".q")));
      }
    }
    return scales.isEmpty() ? "(none)" : String.join(", ", scales);
  }
}
