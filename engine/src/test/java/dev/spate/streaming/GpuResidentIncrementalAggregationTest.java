package dev.spate.streaming;

import static dev.spate.functions.avg;
import static dev.spate.functions.col;
import static dev.spate.functions.count;
import static dev.spate.functions.max;
import static dev.spate.functions.min;
import static dev.spate.functions.sum;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spate.DataFrame;
import dev.spate.SpateSession;

/**
 * Incremental = recompute ({@link IncrementalAggregationTest}'s generator, splits, restart and
 * oracle) with the aggregation state resident on the GPU: grouped by (device, 10-second window),
 * the aggregates GPU-resident state merges. The batch oracle groups by a window struct, which the
 * GPU hash aggregate does not take, so it runs on the CPU.
 */
class GpuResidentIncrementalAggregationTest extends IncrementalAggregationTest {
  @Override
  SpateSession newSession() {
    return GpuStateTests.session("gpu-incremental-test");
  }

  @Override
  DataFrame aggregate(DataFrame input) {
    return input.groupBy(col("device"), dev.spate.functions.window(col("ts"), "10 seconds"))
        .agg(count("*").alias("n"), count(col("value")).alias("values"),
            sum(col("value")).alias("total"), avg(col("value")).alias("mean"),
            min(col("value")).alias("low"), max(col("value")).alias("high"),
            min(col("ts")).alias("first"), max(col("device")).alias("highDevice"));
  }

  @Override
  void checkProgress(StreamingQuery query) {
    GpuStateTests.assertResident(query.lastProgress());
    assertThat(GpuStateTests.stateOperator(query.lastProgress()).get("gpuStateResidentGroups"))
        .isPositive();
  }
}
