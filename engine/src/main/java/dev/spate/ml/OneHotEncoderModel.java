package dev.spate.ml;

import static dev.spate.functions.array;
import static dev.spate.functions.col;
import static dev.spate.functions.concat;
import static dev.spate.functions.lit;
import static dev.spate.functions.raise_error;
import static dev.spate.functions.when;
import static java.util.Objects.requireNonNull;

import dev.spate.Column;
import dev.spate.DataFrame;
import dev.spate.Row;
import dev.spate.SpateSession;
import java.util.ArrayList;
import java.util.List;

/**
 * Spark's fitted {@code org.apache.spark.ml.feature.OneHotEncoderModel}: each input column (cast
 * to DOUBLE) becomes an {@code ARRAY<DOUBLE>} of 0.0 with 1.0 at the value's index (truncated
 * towards zero, as Spark). With {@code dropLast} the last category is the all-zero vector. NULL
 * gives NULL (Spark's encoder skips NULL inputs). {@code handleInvalid=error} fails a negative or
 * unseen value with Spark's message; {@code keep} maps it to an extra last category.
 */
public final class OneHotEncoderModel implements Transformer {
  private final String uid;
  private final List<String> inputCols;
  private final List<String> outputCols;
  private final List<Integer> categorySizes;
  private final boolean dropLast;
  private final boolean keepInvalid;

  /** A model over {@code inputCols} with {@code categorySizes[i]} categories each. */
  public OneHotEncoderModel(String uid, List<String> inputCols, List<String> outputCols,
      List<Integer> categorySizes, boolean dropLast, boolean keepInvalid) {
    this.uid = requireNonNull(uid, "uid is null");
    this.inputCols = List.copyOf(inputCols);
    this.outputCols = List.copyOf(outputCols);
    this.categorySizes = List.copyOf(categorySizes);
    this.dropLast = dropLast;
    this.keepInvalid = keepInvalid;
  }

  static OneHotEncoderModel load(SpateSession session, StageMetadata metadata) {
    boolean multiple = metadata.has("inputCols");
    List<String> inputs = multiple ? metadata.strings("inputCols")
        : List.of(metadata.string("inputCol"));
    List<String> outputs = multiple ? metadata.strings("outputCols")
        : List.of(metadata.string("outputCol"));
    List<Row> data = metadata.data(session, "data");
    if (data.size() != 1 || data.get(0).getAs("categorySizes") == null) {
      throw metadata.unsupported("data: expected one row with categorySizes, got " + data);
    }
    List<Integer> sizes = data.get(0).getList(data.get(0).fieldIndex("categorySizes"));
    if (sizes.size() != inputs.size() || outputs.size() != inputs.size()) {
      throw metadata.unsupported("shape: " + inputs.size() + " input columns, " + outputs.size()
          + " output columns and " + sizes.size() + " category sizes");
    }
    boolean keep = metadata.oneOf("handleInvalid", "error", "keep").equals("keep");
    return new OneHotEncoderModel(metadata.uid(), inputs, outputs, sizes,
        metadata.bool("dropLast"), keep);
  }

  @Override
  public String uid() {
    return uid;
  }

  /** The length of output column {@code index}'s vectors. */
  public int vectorSize(int index) {
    return categorySizes.get(index) + (keepInvalid ? 1 : 0) - (dropLast ? 1 : 0);
  }

  @Override
  public DataFrame transform(DataFrame input) {
    DataFrame result = input;
    for (int index = 0; index < inputCols.size(); index++) {
      result = result.withColumn(outputCols.get(index), encode(index));
    }
    return result;
  }

  private Column encode(int index) {
    Column value = col(inputCols.get(index)).cast("double");
    int categories = categorySizes.get(index);
    Column valid = value.geq(0).and(value.lt(categories));
    Column position = keepInvalid ? when(valid, value).otherwise((double) categories) : value;
    List<Column> elements = new ArrayList<>();
    for (int element = 0; element < vectorSize(index); element++) {
      elements.add(when(position.geq(element).and(position.lt(element + 1)), 1.0).otherwise(0.0));
    }
    Column vector = array(elements.toArray(new Column[0]));
    if (keepInvalid) {
      return when(value.isNull(), lit(null)).otherwise(vector);
    }
    return when(value.isNull(), lit(null))
        .when(value.lt(0), raise_error(concat(lit("Negative value: "), value.cast("string"),
            lit(". Input can't be negative. To handle invalid values, set Param handleInvalid to"
                + " keep"))))
        .when(value.geq(categories), raise_error(concat(lit("Unseen value: "),
            value.cast("string"), lit(". To handle unseen values, set Param handleInvalid to"
                + " keep."))))
        .otherwise(vector);
  }
}
