package dev.spate.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spate.planner.batch.BatchStream;
import dev.spate.planner.config.SpateConfig;
import dev.spate.planner.expr.Call;
import dev.spate.planner.expr.ColumnRef;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.expr.FunctionNames;
import dev.spate.planner.expr.Literal;
import dev.spate.planner.physical.FilterExec;
import dev.spate.planner.physical.ScanExec;
import dev.spate.planner.spi.ExecContext;
import dev.spate.planner.spi.TableSource;
import dev.spate.planner.types.DataTypes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

/** The calibrated placement cost model of spate.gpu.enabled=auto. */
class GpuCostModelTest {
  /** 10 GB/s each way, a 5 GB/s kernel and 10 us per launch. */
  private static final GpuCalibration FAST_LINK = new GpuCalibration(10e9, 10e9, 5e9, 10e-6);
  private static final GpuCostModel.Profile FILTER = new GpuCostModel.Profile("Filter", 2e9, 0.25,
      3);

  @Test
  void theGpuWinsALargeInputAndLosesASmallOne() {
    // 100 MB: GPU 30 us + 10 ms + 20 ms + 2.5 ms = 32.53 ms; CPU 50 ms.
    assertThat(GpuCostModel.gpuSeconds(FILTER, 100_000_000, FAST_LINK)).isCloseTo(0.03253,
        org.assertj.core.data.Offset.offset(1e-9));
    assertThat(GpuCostModel.cpuSeconds(FILTER, 100_000_000)).isCloseTo(0.05,
        org.assertj.core.data.Offset.offset(1e-12));
    assertThat(GpuCostModel.cpuReason(FILTER, 100_000_000, FAST_LINK)).isEmpty();
    // 10 kB: GPU 30 us + 1 + 2 + 0.25 us = 33.25 us; CPU 5 us.
    assertThat(GpuCostModel.cpuReason(FILTER, 10_000, FAST_LINK)).hasValueSatisfying(reason ->
        assertThat(reason).contains("Filter over about 0.010 MB at 0.033 ms on the GPU")
            .contains("3 launches of 10.0 us, in at 10.00 GB/s, kernel at 5.00 GB/s, 25% back at"
                + " 10.00 GB/s")
            .contains("against 0.005 ms on the CPU (at 2.00 GB/s)")
            .contains("spate.gpu.minInputBytes"));
  }

  @Test
  void aSlowLinkKeepsEvenALargeInputOnTheCpu() {
    GpuCalibration slowLink = new GpuCalibration(1e9, 1e9, 5e9, 10e-6);
    // 100 MB: GPU 100 + 20 + 25 ms = 145 ms against 50 ms on the CPU.
    assertThat(GpuCostModel.cpuReason(FILTER, 100_000_000, slowLink)).isPresent();
    assertThat(GpuCostModel.cpuReason(FILTER.withCpuBytesPerSecond(0.5e9), 100_000_000,
        slowLink)).as("a CPU at 0.5 GB/s takes 200 ms").isEmpty();
  }

  @Test
  void calibrationOnTheDeviceYieldsPositiveFiniteFigures() {
    GpuDevice device = GpuTests.requireDevice();
    long staged = device.stagingPool().liveBuffers();
    GpuCalibration calibration = device.calibration();
    assertThat(device.calibration()).as("measured once").isSameAs(calibration);
    for (double figure : new double[] {calibration.hostToDeviceBytesPerSecond(),
        calibration.deviceToHostBytesPerSecond(), calibration.kernelBytesPerSecond(),
        calibration.launchSeconds()}) {
      assertThat(figure).isPositive().isFinite();
    }
    assertThat(device.stagingPool().liveBuffers()).isEqualTo(staged);
  }

  @Test
  void autoModeAsksTheModelUnlessMinInputBytesIsSet() {
    GpuTests.requireDevice();
    FilterExec filter = filterOver(1_000_000);
    GpuBackend backend = new GpuBackend();
    // A CPU at 1 byte per second loses to any device; one at 1 PB/s beats its launches.
    assertThat(backend.unsupportedReason(filter, auto(Map.of(
        "spate.gpu.cost.cpuBytesPerSecond", "1")))).isEmpty();
    assertThat(backend.unsupportedReason(filter, auto(Map.of(
        "spate.gpu.cost.cpuBytesPerSecond", "1000000000000000")))).hasValueSatisfying(reason ->
            assertThat(reason).startsWith("the GPU cost model estimates Filter over about 1.000"
                + " MB at").contains("on the CPU (at 1000000.00 GB/s)"));
    // The explicit gate replaces the model, either way.
    assertThat(backend.unsupportedReason(filter, auto(Map.of(
        "spate.gpu.cost.cpuBytesPerSecond", "1000000000000000",
        "spate.gpu.minInputBytes", "0")))).isEmpty();
    assertThat(backend.unsupportedReason(filter, auto(Map.of(
        "spate.gpu.cost.cpuBytesPerSecond", "1", "spate.gpu.minInputBytes", "2000000"))))
        .contains("the input of about 1.0 MB is below the GPU transfer break-even"
            + " spate.gpu.minInputBytes=2000000 bytes.");
    assertThat(backend.unsupportedReason(filterOver(-1), auto(Map.of())))
        .hasValueSatisfying(reason -> assertThat(reason).contains("input size is unknown"));
  }

  private static SpateConfig auto(Map<String, String> values) {
    Map<String, String> all = new HashMap<>(values);
    all.put("spate.gpu.enabled", "auto");
    return new SpateConfig(all);
  }

  /** A filter a > 1 over a table whose size estimate is {@code bytes}. */
  private static FilterExec filterOver(long bytes) {
    TableSource sized = new TableSource() {
      @Override
      public Schema schema() {
        return TestTable.SCHEMA;
      }

      @Override
      public String description() {
        return "sized(" + bytes + ")";
      }

      @Override
      public BatchStream scan(List<Integer> columns, List<Expression> filters,
          ExecContext context) {
        throw new UnsupportedOperationException("placement only");
      }

      @Override
      public long estimatedBytes() {
        return bytes;
      }
    };
    ColumnRef a = new ColumnRef(0, "a", TestTable.SCHEMA.getFields().get(0));
    return new FilterExec(new Call(FunctionNames.GREATER_THAN, List.of(a, Literal.ofLong(1)),
        DataTypes.field("", DataTypes.BOOLEAN, true)),
        new ScanExec(sized, List.of(0, 1, 2, 3, 4), List.of()));
  }
}
