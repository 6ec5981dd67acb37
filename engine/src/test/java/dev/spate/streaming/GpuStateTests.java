package dev.spate.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spate.SpateSession;
import dev.spate.gpu.GpuDevice;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/** Sessions whose streaming aggregations keep their state on the (emulated) GPU, and checks. */
final class GpuStateTests {
  private GpuStateTests() {}

  /** A session with {@code spate.gpu.enabled=true}; skips the test when there is no GPU. */
  static SpateSession session(String appName) {
    Assumptions.assumeTrue(GpuDevice.unavailableReason().isEmpty(),
        () -> "no GPU or emulated driver: " + GpuDevice.unavailableReason().orElse(""));
    return SpateSession.builder().appName(appName).config("spate.gpu.enabled", "true")
        .config("spate.gpu.minInputBytes", 0L).getOrCreate();
  }

  /** The state operator's report of {@code progress}. */
  static Map<String, Long> stateOperator(StreamingQueryProgress progress) {
    List<Map<String, Long>> operators = progress.stateOperators();
    assertThat(operators).hasSize(1);
    return operators.get(0);
  }

  /** Asserts that the batch of {@code progress} merged on the GPU-resident state. */
  static void assertResident(StreamingQueryProgress progress) {
    Map<String, ?> operator = stateOperator(progress);
    assertThat(operator).as("state operator of batch %d", progress.batchId())
        .doesNotContainKey("gpuStateFallbackReason").containsKey("gpuStateResidentGroups");
  }
}
