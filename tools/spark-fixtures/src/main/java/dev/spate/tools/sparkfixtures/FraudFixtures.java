package dev.spate.tools.sparkfixtures;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.GBTClassificationModel;
import org.apache.spark.ml.classification.GBTClassifier;
import org.apache.spark.ml.feature.OneHotEncoder;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.feature.VectorSizeHint;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.regression.DecisionTreeRegressionModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Writes the fixtures of Spate's notebook-2 (ML serving) tests with Apache Spark 4.0.1: a
 * deterministic credit-card-fraud-like data set (the schema of spark-semantics.md section 4.1), the
 * notebook's pipeline fitted on the training split, the test split as 20 Parquet files, and
 * Spark's own per-row predictions on the test split as the oracle.
 *
 * <p>Usage: {@code FraudFixtures <output directory>}; see this tool's README.
 */
public final class FraudFixtures {
  private static final int ROWS = 10_000;
  private static final int FEATURES = 28;
  private static final int TEST_FILES = 20;
  private static final long SEED = 20_240_917L;

  private FraudFixtures() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: FraudFixtures <output directory>");
    }
    Path out = Path.of(args[0]).toAbsolutePath();
    deleteRecursively(out.resolve("model"));
    deleteRecursively(out.resolve("test"));
    Files.createDirectories(out);
    SparkSession spark = SparkSession.builder().master("local[1]").appName("spate-ml-fixtures")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "1")
        .getOrCreate();
    try {
      StructType schema = new StructType()
          .add("time", DataTypes.IntegerType)
          .add("amountRange", DataTypes.IntegerType)
          .add("label", DataTypes.IntegerType)
          .add("pcaVector", DataTypes.createArrayType(DataTypes.DoubleType, false))
          .add("file", DataTypes.IntegerType);
      Dataset<Row> data = spark.createDataFrame(synthesize(), schema);
      Dataset<Row> withVectors = data.withColumn("pcaVector",
          org.apache.spark.ml.functions.array_to_vector(col("pcaVector")));
      Dataset<Row> train = withVectors.filter(col("time").mod(10).lt(8)).drop("file");
      PipelineModel model = notebookPipeline().fit(train);
      model.write().overwrite().save(out.resolve("model").toString());

      Dataset<Row> test = data.filter(col("time").mod(10).geq(8));
      writeTestFiles(test, out.resolve("test"));
      Dataset<Row> scored = model.transform(test.withColumn("pcaVector",
          org.apache.spark.ml.functions.array_to_vector(col("pcaVector")))).orderBy("time");
      writeOracle(scored.collectAsList(), (GBTClassificationModel) model.stages()[3],
          out.resolve("oracle.csv"));
      removeChecksums(out);
    } finally {
      spark.stop();
    }
  }

  /** OneHotEncoder, VectorSizeHint(28), VectorAssembler and a default GBTClassifier. */
  private static Pipeline notebookPipeline() {
    OneHotEncoder oneHot = new OneHotEncoder().setInputCols(new String[] {"amountRange"})
        .setOutputCols(new String[] {"amountVect"});
    VectorSizeHint sizeHint = new VectorSizeHint().setInputCol("pcaVector").setSize(FEATURES);
    VectorAssembler assembler = new VectorAssembler()
        .setInputCols(new String[] {"amountVect", "pcaVector"}).setOutputCol("features");
    GBTClassifier classifier = new GBTClassifier().setLabelCol("label")
        .setFeaturesCol("features");
    return new Pipeline().setStages(new PipelineStage[] {oneHot, sizeHint, assembler, classifier});
  }

  /**
   * Rows with unique increasing {@code time}; about 1.5 % fraud. Fraud shifts four PCA components
   * and favours the extreme amount ranges; one fraud in five is camouflaged (no shift), so the
   * model makes mistakes in both directions. The test split's rows are numbered in time order and
   * cut into {@value #TEST_FILES} consecutive files.
   */
  private static List<Row> synthesize() {
    Random random = new Random(SEED);
    List<Row> rows = new ArrayList<>();
    int testRows = 0;
    List<Integer> testIndexes = new ArrayList<>();
    int time = 0;
    for (int index = 0; index < ROWS; index++) {
      time += 1 + random.nextInt(33);
      boolean fraud = random.nextDouble() < 0.015;
      boolean camouflaged = fraud && random.nextDouble() < 0.2;
      int amountRange = fraud && !camouflaged && random.nextBoolean()
          ? (random.nextBoolean() ? 0 : 7) : random.nextInt(8);
      List<Double> pca = new ArrayList<>(FEATURES);
      for (int feature = 0; feature < FEATURES; feature++) {
        double value = random.nextGaussian();
        if (fraud && !camouflaged && feature < 4) {
          value += feature % 2 == 0 ? -2.6 : 2.4;
        }
        pca.add(value);
      }
      boolean test = time % 10 >= 8;
      testIndexes.add(test ? testRows++ : -1);
      rows.add(RowFactory.create(time, amountRange, fraud ? 1 : 0, pca, -1));
    }
    List<Row> numbered = new ArrayList<>(rows.size());
    for (int index = 0; index < rows.size(); index++) {
      Row row = rows.get(index);
      int testIndex = testIndexes.get(index);
      int file = testIndex < 0 ? -1 : (int) ((long) testIndex * TEST_FILES / testRows);
      numbered.add(RowFactory.create(row.get(0), row.get(1), row.get(2), row.get(3), file));
    }
    return numbered;
  }

  /** One Parquet file per test file number: {@code test/part-00.parquet} ... {@code part-19}. */
  private static void writeTestFiles(Dataset<Row> test, Path directory) throws IOException {
    Files.createDirectories(directory);
    Path staging = directory.resolveSibling("test-staging");
    for (int file = 0; file < TEST_FILES; file++) {
      Path target = staging.resolve(Integer.toString(file));
      test.filter(col("file").equalTo(file)).drop("file").orderBy("time").coalesce(1).write()
          .parquet(target.toString());
      try (Stream<Path> parts = Files.list(target)) {
        Path part = parts.filter(path -> path.getFileName().toString().endsWith(".parquet"))
            .findFirst().orElseThrow();
        Files.move(part, directory.resolve(String.format("part-%02d.parquet", file)),
            StandardCopyOption.REPLACE_EXISTING);
      }
    }
    deleteRecursively(staging);
  }

  /**
   * {@code oracle.csv}: per test row Spark's prediction, probability[1] and rawPrediction[1]
   * (Java's shortest round-trip decimal text). Also prints whether Spark's margin equals the
   * weighted tree outputs summed left to right, and which probability formula Spark's bits match.
   */
  private static void writeOracle(List<Row> scored, GBTClassificationModel classifier, Path file)
      throws IOException {
    DecisionTreeRegressionModel[] trees = classifier.trees();
    double[] weights = classifier.treeWeights();
    int sequentialMargins = 0;
    int oneMinusNegative = 0;
    int direct = 0;
    try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      writer.write("time,file,amountRange,label,prediction,probability1,rawPrediction1\n");
      for (Row row : scored) {
        Vector probability = row.getAs("probability");
        Vector raw = row.getAs("rawPrediction");
        Vector features = row.getAs("features");
        double margin = 0;
        for (int tree = 0; tree < trees.length; tree++) {
          margin += weights[tree] * trees[tree].predict(features);
        }
        sequentialMargins += Double.compare(margin, raw.apply(1)) == 0 ? 1 : 0;
        double m = raw.apply(1);
        oneMinusNegative += Double.compare(1.0 - 1.0 / (1.0 + Math.exp(2.0 * m)),
            probability.apply(1)) == 0 ? 1 : 0;
        direct += Double.compare(1.0 / (1.0 + Math.exp(-2.0 * m)), probability.apply(1)) == 0
            ? 1 : 0;
        writer.write(row.<Integer>getAs("time") + "," + row.<Integer>getAs("file") + ","
            + row.<Integer>getAs("amountRange") + "," + row.<Integer>getAs("label") + ","
            + row.<Double>getAs("prediction") + "," + probability.apply(1) + "," + raw.apply(1)
            + "\n");
      }
    }
    System.out.printf("test rows %d; margin == left-to-right weighted sum: %d; probability[1] =="
        + " 1 - 1/(1+exp(2m)): %d; == 1/(1+exp(-2m)): %d%n", scored.size(), sequentialMargins,
        oneMinusNegative, direct);
  }

  /** Drops Hadoop's {@code .crc} side files and {@code _SUCCESS} markers from the fixtures. */
  private static void removeChecksums(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : (Iterable<Path>) paths::iterator) {
        String name = path.getFileName().toString();
        if (name.endsWith(".crc") || name.equals("_SUCCESS")) {
          Files.delete(path);
        }
      }
    }
  }

  private static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> {
        try {
          Files.delete(path);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }
}
