package dev.spate.planner.sql;

/**
 * Backquotes bare {@code window} identifiers, which Spark SQL allows (the {@code window(ts, '5
 * minutes')} function, {@code window.start}) but JSqlParser treats as a reserved word. String
 * literals, quoted identifiers and comments are left as they are.
 */
final class KeywordQuoter {
  private static final String KEYWORD = "window";

  private KeywordQuoter() {}

  static String quoteWindow(String sql) {
    if (!sql.toLowerCase(java.util.Locale.ROOT).contains(KEYWORD)) {
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
