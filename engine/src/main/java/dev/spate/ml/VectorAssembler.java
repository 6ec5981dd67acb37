package dev.spate.ml;

import static dev.spate.functions.array;
import static dev.spate.functions.col;
import static dev.spate.functions.concat;
import static dev.spate.functions.isnan;
import static dev.spate.functions.lit;
import static dev.spate.functions.raise_error;
import static dev.spate.functions.when;
import static java.util.Objects.requireNonNull;

import dev.spate.Column;
import dev.spate.DataFrame;
import dev.spate.SpateException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Spark's {@code org.apache.spark.ml.feature.VectorAssembler}: concatenates vector ({@code
 * ARRAY<DOUBLE>}) and numeric input columns into one {@code ARRAY<DOUBLE>}. {@code
 * handleInvalid=error} fails a row with a NULL input with Spark's message; {@code skip} drops
 * rows with a NULL input (or a NaN numeric input, as Spark's {@code na.drop}).
 */
public final class VectorAssembler implements Transformer {
  private final String uid;
  private final List<String> inputCols;
  private final String outputCol;
  private final boolean skipInvalid;

  public VectorAssembler(String uid, List<String> inputCols, String outputCol,
      boolean skipInvalid) {
    this.uid = requireNonNull(uid, "uid is null");
    this.inputCols = List.copyOf(inputCols);
    this.outputCol = requireNonNull(outputCol, "outputCol is null");
    this.skipInvalid = skipInvalid;
  }

  static VectorAssembler load(StageMetadata metadata) {
    return new VectorAssembler(metadata.uid(), metadata.strings("inputCols"),
        metadata.string("outputCol"),
        metadata.oneOf("handleInvalid", "error", "skip").equals("skip"));
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public DataFrame transform(DataFrame input) {
    List<Column> parts = new ArrayList<>();
    Column anyNull = lit(false);
    Column anyInvalid = lit(false);
    for (String name : inputCols) {
      Column column = col(name);
      Field field = fieldOf(input, name);
      boolean vector = field.getType() instanceof ArrowType.List;
      parts.add(vector ? column.cast("array<double>") : array(column.cast("double")));
      anyNull = anyNull.or(column.isNull());
      anyInvalid = anyInvalid.or(vector ? column.isNull()
          : column.isNull().or(isnan(column.cast("double"))));
    }
    Column assembled = concat(parts.toArray(new Column[0]));
    if (skipInvalid) {
      return input.filter(anyInvalid.not()).withColumn(outputCol, assembled);
    }
    return input.withColumn(outputCol, when(anyNull, raise_error(lit("Encountered null while"
        + " assembling a row with handleInvalid = \"error\". Consider\nremoving nulls from dataset"
        + " or using handleInvalid = \"keep\" or \"skip\"."))).otherwise(assembled));
  }

  private Field fieldOf(DataFrame input, String name) {
    for (Field field : input.schema().getFields()) {
      if (field.getName().equals(name)) {
        return field;
      }
    }
    throw SpateException.analysis("[UNRESOLVED_COLUMN] VectorAssembler %s: input column `%s` does"
        + " not exist; the input has %s", uid, name, List.of(input.columns()));
  }
}
