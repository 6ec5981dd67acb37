package dev.spate.ml;

import static dev.spate.functions.lit;
import static dev.spate.functions.when;
import static java.util.Objects.requireNonNull;

import dev.spate.Column;
import dev.spate.Row;
import java.util.List;
import java.util.Map;

/**
 * A node of a fitted Spark decision tree: a leaf with its prediction, or a split on one feature
 * with a left and a right child. A continuous split sends a row left iff its value is {@code <=}
 * the threshold; a categorical split iff its value is one of the left categories.
 */
public final class TreeNode {
  private final double prediction;
  private final int featureIndex;
  private final boolean categorical;
  private final List<Double> leftCategoriesOrThreshold;
  private final TreeNode left;
  private final TreeNode right;

  private TreeNode(double prediction, int featureIndex, boolean categorical,
      List<Double> leftCategoriesOrThreshold, TreeNode left, TreeNode right) {
    this.prediction = prediction;
    this.featureIndex = featureIndex;
    this.categorical = categorical;
    this.leftCategoriesOrThreshold = List.copyOf(leftCategoriesOrThreshold);
    this.left = left;
    this.right = right;
  }

  /** A leaf predicting {@code prediction}. */
  public static TreeNode leaf(double prediction) {
    return new TreeNode(prediction, -1, false, List.of(), null, null);
  }

  /** {@code feature <= threshold ? left : right}. */
  public static TreeNode continuousSplit(int featureIndex, double threshold, TreeNode left,
      TreeNode right) {
    return new TreeNode(Double.NaN, featureIndex, false, List.of(threshold),
        requireNonNull(left, "left is null"), requireNonNull(right, "right is null"));
  }

  /** {@code feature in leftCategories ? left : right}. */
  public static TreeNode categoricalSplit(int featureIndex, List<Double> leftCategories,
      TreeNode left, TreeNode right) {
    return new TreeNode(Double.NaN, featureIndex, true, leftCategories,
        requireNonNull(left, "left is null"), requireNonNull(right, "right is null"));
  }

  /** The tree rooted at node {@code id} of Spark's saved {@code nodeData} rows, by id. */
  static TreeNode build(Map<Integer, Row> nodes, int id, StageMetadata metadata) {
    Row node = nodes.get(id);
    if (node == null) {
      throw metadata.unsupported("tree data: node " + id + " is missing");
    }
    int leftChild = node.getInt(node.fieldIndex("leftChild"));
    if (leftChild < 0) {
      return leaf(node.getDouble(node.fieldIndex("prediction")));
    }
    TreeNode left = build(nodes, leftChild, metadata);
    TreeNode right = build(nodes, node.getInt(node.fieldIndex("rightChild")), metadata);
    Row split = node.getStruct(node.fieldIndex("split"));
    int feature = split.getInt(split.fieldIndex("featureIndex"));
    List<Double> values = split.getList(split.fieldIndex("leftCategoriesOrThreshold"));
    if (split.getInt(split.fieldIndex("numCategories")) < 0) {
      if (values.size() != 1) {
        throw metadata.unsupported("continuous split of node " + id + ": " + values);
      }
      return continuousSplit(feature, values.get(0), left, right);
    }
    return categoricalSplit(feature, values, left, right);
  }

  /** This tree over {@code features[i]} with every leaf multiplied by {@code weight}. */
  Column expression(Column features, double weight) {
    if (left == null) {
      return lit(weight * prediction);
    }
    Column value = features.getItem(featureIndex);
    Column goesLeft = !categorical ? value.leq(leftCategoriesOrThreshold.get(0))
        : leftCategoriesOrThreshold.isEmpty() ? lit(false)
        : value.isin(leftCategoriesOrThreshold.toArray());
    return when(goesLeft, left.expression(features, weight))
        .otherwise(right.expression(features, weight));
  }
}
