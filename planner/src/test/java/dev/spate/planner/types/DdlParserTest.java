package dev.spate.planner.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spate.SpateException;
import java.util.List;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DdlParserTest {
  private final RootAllocator allocator = new RootAllocator();

  @AfterEach
  void closeAllocator() {
    allocator.close();
  }

  @Test
  void parsesEveryLeafType() {
    Schema schema = DdlParser.parseSchema("a BOOLEAN, b tinyint, c SmallInt, d INT, e INTEGER,"
        + " f BIGINT, g LONG, h FLOAT, i REAL, j DOUBLE, k DECIMAL(10,2), l DECIMAL, m STRING,"
        + " n VARCHAR(20), o CHAR(3), p BINARY, q DATE, r TIMESTAMP");
    List<ArrowType> expected = List.of(DataTypes.BOOLEAN, DataTypes.TINYINT, DataTypes.SMALLINT,
        DataTypes.INT, DataTypes.INT, DataTypes.BIGINT, DataTypes.BIGINT, DataTypes.FLOAT,
        DataTypes.FLOAT, DataTypes.DOUBLE, DataTypes.decimal(10, 2), DataTypes.decimal(10, 0),
        DataTypes.STRING, DataTypes.STRING, DataTypes.STRING, DataTypes.BINARY, DataTypes.DATE,
        DataTypes.TIMESTAMP);
    assertThat(schema.getFields()).hasSize(expected.size());
    for (int index = 0; index < expected.size(); index++) {
      Field field = schema.getFields().get(index);
      assertThat(field.getType()).isEqualTo(expected.get(index));
      assertThat(field.getName()).isEqualTo(String.valueOf((char) ('a' + index)));
      assertThat(field.isNullable()).isTrue();
    }
  }

  @Test
  void parsesNestedTypesAsCanonicalArrowFields() {
    Schema schema = DdlParser.parseSchema(
        "s STRUCT<a: INT, b ARRAY<STRING>>, m MAP<STRING,INT>, `my col` BIGINT NOT NULL");
    Field struct = schema.getFields().get(0);
    assertThat(DataTypes.sqlName(struct)).isEqualTo("struct<a:int,b:array<string>>");
    assertThat(struct.getChildren().get(1).getChildren().get(0).getName()).isEqualTo("element");
    Field map = schema.getFields().get(1);
    assertThat(map.getType()).isInstanceOf(ArrowType.Map.class);
    assertThat(DataTypes.sqlName(map)).isEqualTo("map<string,int>");
    Field entries = map.getChildren().get(0);
    assertThat(entries.getName()).isEqualTo("entries");
    assertThat(entries.getChildren().get(0).getName()).isEqualTo("key");
    assertThat(entries.getChildren().get(0).isNullable()).isFalse();
    assertThat(entries.getChildren().get(1).getName()).isEqualTo("value");
    Field named = schema.getFields().get(2);
    assertThat(named.getName()).isEqualTo("my col");
    assertThat(named.isNullable()).isFalse();
  }

  @Test
  void parsesSingleTypes() {
    Field type = DdlParser.parseType("array<struct<x double, y double>>");
    assertThat(type.getName()).isEmpty();
    assertThat(DataTypes.sqlName(type)).isEqualTo("array<struct<x:double,y:double>>");
    assertThat(DdlParser.parseType(" decimal( 38 , 38 ) ").getType())
        .isEqualTo(DataTypes.decimal(38, 38));
    assertThat(DdlParser.parseSchema("  ").getFields()).isEmpty();
  }

  @Test
  void rejectsBadInputWithPosition() {
    assertThatThrownBy(() -> DdlParser.parseSchema("a INT, b FOO"))
        .isInstanceOf(SpateException.class)
        .hasMessageContaining("[ANALYSIS]")
        .hasMessageContaining("Unsupported data type \"FOO\" at position 10");
    assertThatThrownBy(() -> DdlParser.parseSchema("a ARRAY<INT"))
        .hasMessageContaining("position 12: expected '>', found end of input");
    assertThatThrownBy(() -> DdlParser.parseType("INT INT"))
        .hasMessageContaining("position 5: unexpected input");
    assertThatThrownBy(() -> DdlParser.parseType("DECIMAL(40,2)"))
        .hasMessageContaining("decimal precision must be between 1 and 38");
    assertThatThrownBy(() -> DdlParser.parseSchema("a INT,"))
        .hasMessageContaining("expected a column name");
    assertThat(((SpateException) catchError(() -> DdlParser.parseSchema("x")))
        .errorClass()).isEqualTo(SpateException.ErrorClass.ANALYSIS);
  }

  private static Throwable catchError(Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      return e;
    }
    throw new AssertionError("expected an error");
  }
}
