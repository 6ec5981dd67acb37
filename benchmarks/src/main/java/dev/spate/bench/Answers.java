package dev.spate.bench;

import dev.spate.Row;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Canonical text for result rows, so that answers can be compared with a reference or with a
 * shipped checksum. A row becomes its values joined by {@code |}: integers as digits, floating
 * point and decimals rounded half-up to {@link #DECIMALS} places (so summation order does not
 * matter), {@code NULL} for null, everything else through {@code toString()}.
 */
public final class Answers {
  /** Decimal places kept for floating point and decimal values. */
  public static final int DECIMALS = 4;

  private Answers() {}

  /** The canonical lines of {@code rows}, in the given order. */
  public static List<String> lines(List<Row> rows) {
    List<String> lines = new ArrayList<>(rows.size());
    for (Row row : rows) {
      StringBuilder line = new StringBuilder();
      for (int index = 0; index < row.size(); index++) {
        if (index > 0) {
          line.append('|');
        }
        line.append(value(row.get(index)));
      }
      lines.add(line.toString());
    }
    return lines;
  }

  /** The canonical text of one value, the same for a Spate value and a reference value. */
  public static String value(Object value) {
    if (value == null) {
      return "NULL";
    }
    if (value instanceof Double || value instanceof Float) {
      double number = ((Number) value).doubleValue();
      if (Double.isNaN(number) || Double.isInfinite(number)) {
        return Double.toString(number);
      }
      return new BigDecimal(number).setScale(DECIMALS, RoundingMode.HALF_UP).toPlainString();
    }
    if (value instanceof BigDecimal) {
      return ((BigDecimal) value).setScale(DECIMALS, RoundingMode.HALF_UP).toPlainString();
    }
    return value.toString();
  }

  /** SHA-256 (hex) of the lines joined by newlines, after sorting them when {@code sort}. */
  public static String digest(List<String> lines, boolean sort) {
    List<String> ordered = new ArrayList<>(lines);
    if (sort) {
      ordered.sort(null);
    }
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (String line : ordered) {
        digest.update(line.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) '\n');
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  /**
   * Throws {@link WrongAnswerException} unless {@code actual} equals {@code expected} (as
   * multisets when {@code ordered} is false). The message names the query and up to five rows
   * that are missing or unexpected.
   */
  public static void expectEqual(String query, List<String> expected, List<String> actual,
      boolean ordered) {
    List<String> left = new ArrayList<>(expected);
    List<String> right = new ArrayList<>(actual);
    if (!ordered) {
      left.sort(null);
      right.sort(null);
    }
    if (left.equals(right)) {
      return;
    }
    Map<String, Integer> balance = new HashMap<>();
    for (String line : left) {
      balance.merge(line, 1, Integer::sum);
    }
    for (String line : right) {
      balance.merge(line, -1, Integer::sum);
    }
    List<String> missing = new ArrayList<>();
    List<String> unexpected = new ArrayList<>();
    balance.forEach((line, count) -> {
      if (count > 0) {
        missing.add(line);
      } else if (count < 0) {
        unexpected.add(line);
      }
    });
    missing.sort(null);
    unexpected.sort(null);
    throw new WrongAnswerException(String.format(Locale.ROOT,
        "%s: wrong answer: %d rows expected, %d produced; missing %s; unexpected %s%s", query,
        left.size(), right.size(), head(missing), head(unexpected),
        missing.isEmpty() && unexpected.isEmpty() ? "; same rows in a different order" : ""));
  }

  private static List<String> head(List<String> lines) {
    return lines.subList(0, Math.min(5, lines.size()));
  }
}
