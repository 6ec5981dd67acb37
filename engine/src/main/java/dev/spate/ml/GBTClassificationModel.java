package dev.spate.ml;

import static dev.spate.functions.array;
import static dev.spate.functions.col;
import static dev.spate.functions.exp;
import static dev.spate.functions.lit;
import static dev.spate.functions.when;
import static java.util.Objects.requireNonNull;

import dev.spate.Column;
import dev.spate.DataFrame;
import dev.spate.Row;
import dev.spate.SpateSession;
import dev.spate.planner.expr.FunctionNames;
import dev.spate.planner.expr.UnresolvedFunction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Spark's binary {@code org.apache.spark.ml.classification.GBTClassificationModel} (logistic
 * loss, no thresholds) compiled into expressions over {@code features[i]}: each tree is a nested
 * CASE WHEN (a continuous split goes left iff the value is {@code <=} the threshold, a categorical
 * split iff the value is one of the left categories), the margin m adds the weighted tree outputs
 * in the order of Spark's BLAS {@code ddot} (four interleaved partial sums, then the rest),
 * {@code rawPrediction = [-m, m]}, {@code probability = [p0, 1 - p0]} with {@code p0 = 1 / (1 +
 * exp(2m))} as Spark's {@code LogLoss.computeProbability(-m)}, and {@code prediction = m > 0 ? 1.0
 * : 0.0} (the argmax of the raw prediction). Spark's {@code ddot} uses fused multiply-adds, so the
 * margin may differ from Spark's in the last bits; predictions agree unless m is within a few ulps
 * of zero.
 */
public final class GBTClassificationModel implements Transformer {
  private static final int BLAS_LANES = 4;

  private final String uid;
  private final String featuresCol;
  private final String rawPredictionCol;
  private final String probabilityCol;
  private final String predictionCol;
  private final List<TreeNode> trees;
  private final List<Double> treeWeights;

  /**
   * @param trees the root of each tree; an empty column name leaves that output out (as Spark)
   */
  public GBTClassificationModel(String uid, String featuresCol, String rawPredictionCol,
      String probabilityCol, String predictionCol, List<TreeNode> trees,
      List<Double> treeWeights) {
    this.uid = requireNonNull(uid, "uid is null");
    this.featuresCol = requireNonNull(featuresCol, "featuresCol is null");
    this.rawPredictionCol = requireNonNull(rawPredictionCol, "rawPredictionCol is null");
    this.probabilityCol = requireNonNull(probabilityCol, "probabilityCol is null");
    this.predictionCol = requireNonNull(predictionCol, "predictionCol is null");
    this.trees = List.copyOf(trees);
    this.treeWeights = List.copyOf(treeWeights);
    if (trees.size() != treeWeights.size()) {
      throw new IllegalArgumentException(trees.size() + " trees but " + treeWeights.size()
          + " weights");
    }
  }

  static GBTClassificationModel load(SpateSession session, StageMetadata metadata) {
    metadata.oneOf("lossType", "logistic");
    if (metadata.has("thresholds")) {
      throw metadata.unsupported("param thresholds (Spate predicts m > 0)");
    }
    if (metadata.has("leafCol") && !metadata.string("leafCol").isEmpty()) {
      throw metadata.unsupported("param leafCol = \"" + metadata.string("leafCol") + "\"");
    }
    Map<Integer, Double> weights = new TreeMap<>();
    for (Row row : metadata.data(session, "treesMetadata")) {
      weights.put(row.getInt(row.fieldIndex("treeID")), row.getDouble(row.fieldIndex("weights")));
    }
    Map<Integer, Map<Integer, Row>> nodes = new TreeMap<>();
    for (Row row : metadata.data(session, "data")) {
      Row node = row.getStruct(row.fieldIndex("nodeData"));
      nodes.computeIfAbsent(row.getInt(row.fieldIndex("treeID")), id -> new HashMap<>())
          .put(node.getInt(node.fieldIndex("id")), node);
    }
    int expected = metadata.field("numTrees").asInt(weights.size());
    if (!nodes.keySet().equals(weights.keySet()) || weights.size() != expected) {
      throw metadata.unsupported("model data: trees " + nodes.keySet() + ", weights for "
          + weights.keySet() + ", numTrees " + expected);
    }
    List<TreeNode> roots = new ArrayList<>();
    for (Map<Integer, Row> tree : nodes.values()) {
      roots.add(TreeNode.build(tree, 0, metadata));
    }
    return new GBTClassificationModel(metadata.uid(), metadata.string("featuresCol"),
        metadata.string("rawPredictionCol"), metadata.string("probabilityCol"),
        metadata.string("predictionCol"), roots, new ArrayList<>(weights.values()));
  }

  @Override
  public String uid() {
    return uid;
  }

  public int numTrees() {
    return trees.size();
  }

  @Override
  public DataFrame transform(DataFrame input) {
    String marginColumn = "__margin_" + uid;
    Column margin = col(marginColumn);
    DataFrame result = input.withColumn(marginColumn, margin(col(featuresCol)));
    if (!rawPredictionCol.isEmpty()) {
      result = result.withColumn(rawPredictionCol, array(negate(margin), margin));
    }
    if (!probabilityCol.isEmpty()) {
      Column negativeClass = lit(1.0).divide(lit(1.0).plus(exp(lit(2.0).multiply(margin))));
      result = result.withColumn(probabilityCol, array(negativeClass,
          lit(1.0).minus(negativeClass)));
    }
    if (!predictionCol.isEmpty()) {
      result = result.withColumn(predictionCol, when(margin.gt(0.0), 1.0).otherwise(0.0));
    }
    return result.drop(marginColumn);
  }

  /** The weighted sum of the trees in the summation order of Spark's Java BLAS {@code ddot}. */
  private Column margin(Column features) {
    int unrolled = trees.size() - trees.size() % BLAS_LANES;
    Column sum = null;
    for (int lane = 0; lane < BLAS_LANES && lane < unrolled; lane++) {
      Column laneSum = null;
      for (int tree = lane; tree < unrolled; tree += BLAS_LANES) {
        laneSum = add(laneSum, weighted(tree, features));
      }
      sum = add(sum, laneSum);
    }
    for (int tree = unrolled; tree < trees.size(); tree++) {
      sum = add(sum, weighted(tree, features));
    }
    return sum == null ? lit(0.0) : sum;
  }

  private Column weighted(int tree, Column features) {
    return trees.get(tree).expression(features, treeWeights.get(tree));
  }

  private static Column add(Column sum, Column term) {
    return sum == null ? term : sum.plus(term);
  }

  private static Column negate(Column value) {
    return new Column(new UnresolvedFunction(FunctionNames.NEGATIVE, List.of(value.expr()),
        false));
  }
}
