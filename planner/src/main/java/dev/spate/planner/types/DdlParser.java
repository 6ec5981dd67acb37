package dev.spate.planner.types;

import dev.spate.SpateException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Parses Spark DDL: a schema string ({@code "ts TIMESTAMP, id BIGINT NOT NULL, s STRUCT<a: INT>"})
 * into an Arrow {@link Schema}, or a single type ({@code "MAP<STRING, ARRAY<INT>>"}) into a
 * {@link Field} with an empty name. Type names are those of API.md, case-insensitive; names may be
 * backquoted ({@code `my col`}, a doubled backquote escapes one); {@code NOT NULL} makes a column or
 * struct field non-nullable; {@code DECIMAL} alone is {@code DECIMAL(10,0)}; {@code VARCHAR(n)} and
 * {@code CHAR(n)} read as STRING. Bad input is a {@code SpateException} of class ANALYSIS naming the
 * position.
 *
 * <p>Usage: {@code Schema schema = DdlParser.parseSchema("id BIGINT, name STRING");}
 * {@code Field type = DdlParser.parseType("ARRAY<INT>");}. This grammar is a handful of tokens,
 * which Spark's own parser also handles outside its SQL grammar; JSqlParser has no rule for it.
 */
public final class DdlParser {
  private final String text;
  private int position;

  private DdlParser(String text) {
    this.text = text;
  }

  /** Parses a comma-separated list of {@code name type [NOT NULL]} columns. */
  public static Schema parseSchema(String ddl) {
    DdlParser parser = new DdlParser(ddl);
    List<Field> fields = new ArrayList<>();
    parser.skipSpace();
    if (!parser.atEnd()) {
      do {
        fields.add(parser.column(false));
      } while (parser.accept(","));
    }
    parser.expectEnd();
    return new Schema(fields);
  }

  /** Parses one type; the field's name is empty and it is nullable. */
  public static Field parseType(String type) {
    DdlParser parser = new DdlParser(type);
    Field field = parser.type("", true);
    parser.expectEnd();
    return field;
  }

  private Field column(boolean colonAllowed) {
    String name = identifier();
    if (colonAllowed) {
      accept(":");
    }
    Field field = type(name, true);
    if (acceptWord("NOT")) {
      expectWord("NULL");
      field = DataTypes.withNullable(field, false);
    }
    return field;
  }

  private Field type(String name, boolean nullable) {
    int start = skipSpace();
    String word = word().toUpperCase(Locale.ROOT);
    switch (word) {
      case "BOOLEAN":
        return DataTypes.field(name, DataTypes.BOOLEAN, nullable);
      case "TINYINT":
      case "BYTE":
        return DataTypes.field(name, DataTypes.TINYINT, nullable);
      case "SMALLINT":
      case "SHORT":
        return DataTypes.field(name, DataTypes.SMALLINT, nullable);
      case "INT":
      case "INTEGER":
        return DataTypes.field(name, DataTypes.INT, nullable);
      case "BIGINT":
      case "LONG":
        return DataTypes.field(name, DataTypes.BIGINT, nullable);
      case "FLOAT":
      case "REAL":
        return DataTypes.field(name, DataTypes.FLOAT, nullable);
      case "DOUBLE":
        return DataTypes.field(name, DataTypes.DOUBLE, nullable);
      case "DECIMAL":
      case "DEC":
      case "NUMERIC":
        return DataTypes.field(name, decimalArguments(start), nullable);
      case "STRING":
        return DataTypes.field(name, DataTypes.STRING, nullable);
      case "VARCHAR":
      case "CHAR":
        expect("(");
        number();
        expect(")");
        return DataTypes.field(name, DataTypes.STRING, nullable);
      case "BINARY":
        return DataTypes.field(name, DataTypes.BINARY, nullable);
      case "DATE":
        return DataTypes.field(name, DataTypes.DATE, nullable);
      case "TIMESTAMP":
      case "TIMESTAMP_LTZ":
        return DataTypes.field(name, DataTypes.TIMESTAMP, nullable);
      case "ARRAY": {
        expect("<");
        Field element = type("element", true);
        expect(">");
        return DataTypes.listOf(name, element, nullable);
      }
      case "MAP": {
        expect("<");
        Field key = type("key", false);
        expect(",");
        Field value = type("value", true);
        expect(">");
        return DataTypes.mapOf(name, key, value, nullable);
      }
      case "STRUCT": {
        expect("<");
        List<Field> children = new ArrayList<>();
        if (!accept(">")) {
          do {
            children.add(column(true));
          } while (accept(","));
          expect(">");
        }
        return DataTypes.structOf(name, children, nullable);
      }
      case "":
        throw error(start, "expected a data type");
      default:
        throw SpateException.analysis("[UNSUPPORTED_DATATYPE] Unsupported data type \"%s\" at"
            + " position %d of DDL '%s'", word, start + 1, text);
    }
  }

  private ArrowType decimalArguments(int start) {
    if (!accept("(")) {
      return DataTypes.decimal(10, 0);
    }
    int precision = number();
    int scale = accept(",") ? number() : 0;
    expect(")");
    if (precision < 1 || precision > 38 || scale > precision) {
      throw error(start, "decimal precision must be between 1 and 38 and scale at most the"
          + " precision, got DECIMAL(" + precision + "," + scale + ")");
    }
    return DataTypes.decimal(precision, scale);
  }

  private String identifier() {
    int start = skipSpace();
    if (start < text.length() && text.charAt(start) == '`') {
      StringBuilder name = new StringBuilder();
      int index = start + 1;
      while (true) {
        if (index >= text.length()) {
          throw error(start, "unterminated backquoted name");
        }
        char character = text.charAt(index);
        if (character == '`') {
          if (index + 1 < text.length() && text.charAt(index + 1) == '`') {
            name.append('`');
            index += 2;
            continue;
          }
          position = index + 1;
          return name.toString();
        }
        name.append(character);
        index++;
      }
    }
    String name = word();
    if (name.isEmpty()) {
      throw error(start, "expected a column name");
    }
    return name;
  }

  private String word() {
    skipSpace();
    int start = position;
    while (position < text.length()
        && (Character.isLetterOrDigit(text.charAt(position)) || text.charAt(position) == '_')) {
      position++;
    }
    return text.substring(start, position);
  }

  private int number() {
    int start = skipSpace();
    while (position < text.length() && Character.isDigit(text.charAt(position))) {
      position++;
    }
    if (start == position) {
      throw error(start, "expected a number");
    }
    try {
      return Integer.parseInt(text.substring(start, position));
    } catch (NumberFormatException e) {
      throw error(start, "number out of range");
    }
  }

  private boolean accept(String token) {
    skipSpace();
    if (text.startsWith(token, position)) {
      position += token.length();
      return true;
    }
    return false;
  }

  private void expect(String token) {
    int start = skipSpace();
    if (!accept(token)) {
      throw error(start, "expected '" + token + "'");
    }
  }

  private boolean acceptWord(String keyword) {
    int start = skipSpace();
    String word = word();
    if (word.equalsIgnoreCase(keyword)) {
      return true;
    }
    position = start;
    return false;
  }

  private void expectWord(String keyword) {
    int start = skipSpace();
    if (!acceptWord(keyword)) {
      throw error(start, "expected " + keyword);
    }
  }

  private void expectEnd() {
    int start = skipSpace();
    if (!atEnd()) {
      throw error(start, "unexpected input");
    }
  }

  private boolean atEnd() {
    return position >= text.length();
  }

  private int skipSpace() {
    while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
      position++;
    }
    return position;
  }

  private SpateException error(int at, String problem) {
    String found = at >= text.length() ? "end of input" : "'" + text.substring(at,
        Math.min(text.length(), at + 10)) + "'";
    return SpateException.analysis("[PARSE_SYNTAX_ERROR] Syntax error in DDL '%s' at position %d:"
        + " %s, found %s", text, at + 1, problem, found);
  }
}
