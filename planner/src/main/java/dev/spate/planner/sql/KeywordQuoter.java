package dev.spate.planner.sql;

/**
 * Adapts Spark SQL spellings that JSqlParser does not accept, token by token (string literals,
 * quoted identifiers and comments are left as they are): bare {@code window} identifiers, which
 * Spark allows (the {@code window(ts, '5 minutes')} function, {@code window.start}) but JSqlParser
 * reserves, are backquoted; and {@code [LEFT] ANTI JOIN}, which JSqlParser lacks (it reads {@code
 * ANTI} as a table alias), becomes MySQL's {@code STRAIGHT_JOIN}, which Spark SQL lacks, so the
 * query builder can map it back unambiguously. A literal {@code STRAIGHT_JOIN} is rejected.
 */
final class KeywordQuoter {
  private static final String KEYWORD = "window";
  /** What an anti join is spelled as for JSqlParser; {@code QueryBuilder} maps it back. */
  static final String ANTI_JOIN_MARKER = "STRAIGHT_JOIN";

  private KeywordQuoter() {}

  static String adapt(String sql) {
    String lower = sql.toLowerCase(java.util.Locale.ROOT);
    if (!lower.contains(KEYWORD) && !lower.contains("anti") && !lower.contains("straight_join")) {
      return sql;
    }
    StringBuilder result = new StringBuilder(sql.length() + 8);
    int index = 0;
    while (index < sql.length()) {
      char character = sql.charAt(index);
      if (character == '\'' || character == '"' || character == '`') {
        int end = closing(sql, index, character);
        result.append(sql, index, end);
        index = end;
      } else if (character == '-' && sql.startsWith("--", index)) {
        int end = sql.indexOf('\n', index);
        end = end < 0 ? sql.length() : end;
        result.append(sql, index, end);
        index = end;
      } else if (character == '/' && sql.startsWith("/*", index)) {
        int end = sql.indexOf("*/", index + 2);
        end = end < 0 ? sql.length() : end + 2;
        result.append(sql, index, end);
        index = end;
      } else if (Character.isLetter(character) || character == '_') {
        int end = index;
        while (end < sql.length()
            && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_')) {
          end++;
        }
        String word = sql.substring(index, end);
        boolean qualified = index > 0 && sql.charAt(index - 1) == '.';
        if (word.equalsIgnoreCase(KEYWORD) && !qualified) {
          result.append('`').append(word).append('`');
        } else if (word.equalsIgnoreCase("straight_join")) {
          throw dev.spate.SpateException.analysis("[UNSUPPORTED_FEATURE] STRAIGHT_JOIN is not"
              + " supported");
        } else if (isAntiJoin(sql, word, end)) {
          result.append(ANTI_JOIN_MARKER);
          int afterAnti = word.equalsIgnoreCase("left") ? afterWord(sql, end, "anti") : end;
          end = afterWord(sql, afterAnti, "join");
        } else {
          result.append(word);
        }
        index = end;
      } else {
        result.append(character);
        index++;
      }
    }
    return result.toString();
  }

  /** True at {@code LEFT ANTI JOIN} (word is LEFT) or {@code ANTI JOIN} (word is ANTI). */
  private static boolean isAntiJoin(String sql, String word, int end) {
    if (word.equalsIgnoreCase("left")) {
      int afterAnti = afterWord(sql, end, "anti");
      return afterAnti >= 0 && afterWord(sql, afterAnti, "join") >= 0;
    }
    return word.equalsIgnoreCase("anti") && afterWord(sql, end, "join") >= 0;
  }

  /**
   * The index after {@code word} when it is the next word after {@code from} (after whitespace,
   * case-insensitive, whole word), or -1.
   */
  private static int afterWord(String sql, int from, String word) {
    if (from < 0) {
      return -1;
    }
    int start = from;
    while (start < sql.length() && Character.isWhitespace(sql.charAt(start))) {
      start++;
    }
    int end = start + word.length();
    boolean matches = start > from && sql.regionMatches(true, start, word, 0, word.length())
        && (end == sql.length() || !(Character.isLetterOrDigit(sql.charAt(end))
            || sql.charAt(end) == '_'));
    return matches ? end : -1;
  }

  /** The index after the quoted section starting at {@code start} (a doubled quote escapes). */
  private static int closing(String sql, int start, char quote) {
    int index = start + 1;
    while (index < sql.length()) {
      char character = sql.charAt(index);
      if (character == '\\' && quote != '`') {
        index += 2;
        continue;
      }
      if (character == quote) {
        if (index + 1 < sql.length() && sql.charAt(index + 1) == quote) {
          index += 2;
          continue;
        }
        return index + 1;
      }
      index++;
    }
    return sql.length();
  }
}
