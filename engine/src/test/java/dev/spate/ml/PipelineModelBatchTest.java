package dev.spate.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.spate.DataFrame;
import dev.spate.Row;
import dev.spate.SpateSession;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Notebook 2's fitted pipeline applied to the test files in batch, against Spark's output. */
class PipelineModelBatchTest {
  @Test
  void batchTransformMatchesSparkRowByRow() {
    Map<Integer, FraudFixture.Prediction> oracle = FraudFixture.oracle();
    try (SpateSession spate = SpateSession.builder().appName("ml-batch").getOrCreate()) {
      PipelineModel model = PipelineModel.load(spate, FraudFixture.model());
      assertThat(model.stages()).hasSize(4);
      DataFrame scored = model.transform(spate.read().schema(FraudFixture.SCHEMA)
          .parquet(FraudFixture.root().resolve("test").toString()));
      assertThat(scored.columns()).containsExactly("time", "amountRange", "label", "pcaVector",
          "amountVect", "features", "rawPrediction", "probability", "prediction");
      List<Row> rows = scored.select("time", "amountRange", "amountVect", "features",
          "rawPrediction", "probability", "prediction").collectAsList();
      assertThat(rows).hasSize(oracle.size());
      int bitExactMargins = 0;
      for (Row row : rows) {
        FraudFixture.Prediction spark = oracle.get(row.getInt(0));
        assertThat(spark).as("time %d", row.getInt(0)).isNotNull();
        List<Double> oneHot = row.getList(2);
        assertThat(oneHot).hasSize(7);
        for (int category = 0; category < 7; category++) {
          assertThat(oneHot.get(category)).isEqualTo(category == row.getInt(1) ? 1.0 : 0.0);
        }
        assertThat(row.<Double>getList(3)).hasSize(35);
        double margin = row.<Double>getList(4).get(1);
        assertThat(row.<Double>getList(4).get(0)).isEqualTo(-margin);
        assertThat(margin).as("margin at time %d", spark.time)
            .isCloseTo(spark.rawPrediction1, within(1e-12));
        assertThat(row.<Double>getList(5).get(1)).as("probability at time %d", spark.time)
            .isCloseTo(spark.probability1, within(1e-12));
        assertThat(row.<Double>getList(5).get(0) + row.<Double>getList(5).get(1))
            .isCloseTo(1.0, within(1e-15));
        assertThat(row.getDouble(6)).as("prediction at time %d", spark.time)
            .isEqualTo(spark.prediction);
        bitExactMargins += Double.compare(margin, spark.rawPrediction1) == 0 ? 1 : 0;
      }
      // Spark's ddot fuses multiply and add; most margins still agree to the last bit.
      assertThat(bitExactMargins).isGreaterThan(rows.size() / 2);
    }
  }
}
