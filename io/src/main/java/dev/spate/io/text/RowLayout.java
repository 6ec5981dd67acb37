package dev.spate.io.text;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The fields a record parser fills: the source schema's fields, the position of the corrupt-record
 * column (-1 when the schema has none; parsers never fill it), and which fields a scan needs
 * (parsers may skip converting the others).
 */
public final class RowLayout {
  private final List<Field> fields;
  private final int corruptIndex;
  private final boolean[] needed;

  public RowLayout(Schema schema, int corruptIndex, boolean[] needed) {
    this.fields = List.copyOf(requireNonNull(schema, "schema is null").getFields());
    this.corruptIndex = corruptIndex;
    this.needed = requireNonNull(needed, "needed is null").clone();
  }

  public List<Field> fields() {
    return fields;
  }

  public int size() {
    return fields.size();
  }

  public Field field(int index) {
    return fields.get(index);
  }

  public int corruptIndex() {
    return corruptIndex;
  }

  /** True when field {@code index} holds data (it is not the corrupt-record column). */
  public boolean isData(int index) {
    return index != corruptIndex;
  }

  public boolean needed(int index) {
    return needed[index];
  }
}
