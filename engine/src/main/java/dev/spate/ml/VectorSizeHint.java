package dev.spate.ml;

import static dev.spate.functions.col;
import static dev.spate.functions.concat;
import static dev.spate.functions.lit;
import static dev.spate.functions.raise_error;
import static dev.spate.functions.when;
import static java.util.Objects.requireNonNull;

import dev.spate.Column;
import dev.spate.DataFrame;
import dev.spate.functions;

/**
 * Spark's {@code org.apache.spark.ml.feature.VectorSizeHint}: declares the size of a vector
 * column. {@code handleInvalid=error} fails a NULL or wrongly sized vector with Spark's message,
 * {@code skip} drops such rows, {@code optimistic} trusts the input.
 */
public final class VectorSizeHint implements Transformer {
  private final String uid;
  private final String inputCol;
  private final int size;
  private final String handleInvalid;

  /** @param handleInvalid {@code error}, {@code skip} or {@code optimistic} */
  public VectorSizeHint(String uid, String inputCol, int size, String handleInvalid) {
    this.uid = requireNonNull(uid, "uid is null");
    this.inputCol = requireNonNull(inputCol, "inputCol is null");
    this.size = size;
    this.handleInvalid = requireNonNull(handleInvalid, "handleInvalid is null");
  }

  static VectorSizeHint load(StageMetadata metadata) {
    return new VectorSizeHint(metadata.uid(), metadata.string("inputCol"),
        metadata.integer("size"), metadata.oneOf("handleInvalid", "error", "skip", "optimistic"));
  }

  @Override
  public String uid() {
    return uid;
  }

  public String inputCol() {
    return inputCol;
  }

  public int size() {
    return size;
  }

  @Override
  public DataFrame transform(DataFrame input) {
    Column vector = col(inputCol);
    switch (handleInvalid) {
      case "error":
        return input.withColumn(inputCol, when(vector.isNull(), raise_error(lit("Got null vector"
            + " in VectorSizeHint, set `handleInvalid` to 'skip' to filter invalid rows.")))
            .when(functions.size(vector).notEqual(size), raise_error(concat(lit("VectorSizeHint Expecting a"
                + " vector of size " + size + " but got "), functions.size(vector).cast("string"))))
            .otherwise(vector));
      case "skip":
        return input.filter(vector.isNotNull().and(functions.size(vector).equalTo(size)));
      default:
        return input;
    }
  }
}
