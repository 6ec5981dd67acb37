package dev.spate.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spate.SpateException;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;

/** The device probe (with and without a driver) and the device memory pool. */
class GpuDeviceTest {
  /** Run in a child JVM: prints the probe's answer. */
  public static final class ProbeMain {
    public static void main(String[] arguments) {
      Optional<String> reason = GpuDevice.unavailableReason();
      System.out.println(reason.map(text -> "unavailable: " + text).orElse("available"));
      try {
        GpuDevice.get();
      } catch (SpateException e) {
        System.out.println("class " + e.errorClass() + ": " + e.getMessage());
      }
    }
  }

  @Test
  void withoutTheDriverLibraryTheProbeGivesAReason() throws IOException, InterruptedException {
    Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder builder = new ProcessBuilder(java.toString(), "-cp",
        System.getProperty("java.class.path"), ProbeMain.class.getName());
    builder.environment().remove("LD_LIBRARY_PATH");
    builder.redirectErrorStream(true);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(output).isZero();
    assertThat(output).contains("unavailable: the CUDA driver library could not be loaded")
        .contains("libcuda.so.1")
        .contains("class GPU: [GPU] no GPU: the CUDA driver library could not be loaded")
        .doesNotContain("nested stack traces");
  }

  @Test
  void theEmulatedDeviceReportsItsFacts() {
    GpuDeviceInfo info = GpuTests.requireDevice().deviceInfo();
    assertThat(GpuDevice.info()).contains(info);
    assertThat(info.name()).isNotBlank();
    assertThat(info.computeMajor()).isGreaterThanOrEqualTo(7);
    assertThat(info.totalMemoryBytes()).isPositive();
    assertThat(info.driverVersion()).isGreaterThanOrEqualTo(12000);
    assertThat(info.ptxArch()).isEqualTo(info.computeMajor() >= 9 ? "sm_90" : "compute_75");
    assertThat(info.describe()).contains(info.name()).contains("PTX " + info.ptxArch());
  }

  @Test
  void thePoolReusesFreedBlocksBySizeClassAndFreesAllAtClose() {
    GpuDevice device = GpuTests.requireDevice();
    DeviceMemoryPool pool = new DeviceMemoryPool(device);
    DeviceBuffer first = pool.allocate(1000);
    assertThat(first.capacity()).isEqualTo(1024);
    assertThat(pool.liveBytes()).isEqualTo(1024);
    first.close();
    first.close();
    assertThat(pool.liveBytes()).isZero();
    DeviceBuffer second = pool.allocate(600);
    assertThat(pool.reuses()).isEqualTo(1);
    DeviceBuffer small = pool.allocate(1);
    assertThat(small.capacity()).isEqualTo(256);
    assertThat(pool.reservedBytes()).isEqualTo(1024 + 256);
    small.close();
    assertThatThrownBy(pool::close).isInstanceOf(SpateException.class)
        .hasMessageContaining("1 live buffers (1024 bytes)");
    second.close();
    assertThat(pool.reservedBytes()).isZero();
    assertThatThrownBy(() -> pool.allocate(8)).hasMessageContaining("closed");
  }

  @Test
  void sizeClassesArePowersOfTwoFrom256() {
    assertThat(List.of(0L, 256L, 257L, 4096L, 4097L).stream().map(DeviceMemoryPool::sizeClass))
        .containsExactly(256L, 256L, 512L, 4096L, 8192L);
  }

  @Test
  void metricsCountKernelsAndTransfers() {
    GpuDevice device = GpuTests.requireDevice();
    GpuMetrics.reset();
    try (DeviceBuffer state = device.zeroed(64)) {
      assertThat(device.downloadLongs(state, 2)).containsExactly(0L, 0L);
    }
    GpuMetrics.Snapshot snapshot = GpuMetrics.snapshot();
    assertThat(snapshot.deviceToHostBytes()).isEqualTo(16);
    assertThat(snapshot.kernelLaunches()).isZero();
  }

  @Test
  void transfersRunThroughReusedPinnedStagingBuffers() {
    GpuDevice device = GpuTests.requireDevice();
    device.applyMemoryLimit(0);
    PinnedStagingPool staging = device.stagingPool();
    long[] values = new long[3000];
    for (int index = 0; index < values.length; index++) {
      values[index] = index * 7L - 1000;
    }
    GpuMetrics.reset();
    long reusesBefore = staging.reuses();
    long allocationsBefore = staging.driverAllocations();
    try (BufferAllocator allocator = new RootAllocator();
        ArrowBuf host = allocator.buffer(8L * values.length);
        ArrowBuf back = allocator.buffer(8L * values.length)) {
      host.nioBuffer(0, 8 * values.length).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer()
          .put(values);
      for (int round = 0; round < 3; round++) {
        try (DeviceBuffer uploaded = device.upload(host, 8L * values.length)) {
          assertThat(staging.liveBuffers()).as("the upload's staging buffer is in flight")
              .isEqualTo(1);
          assertThat(device.downloadLongs(uploaded, values.length)).containsExactly(values);
          assertThat(staging.liveBuffers()).as("released at the synchronisation").isZero();
          device.downloadDeferred(uploaded, back, 8L * values.length);
          device.synchronize();
          long[] copied = new long[values.length];
          back.nioBuffer(0, 8 * values.length).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer()
              .get(copied);
          assertThat(copied).containsExactly(values);
        }
      }
    }
    // 3 rounds of 3 transfers of 24000 bytes (one 64 KiB class): only the first came from the driver
    assertThat(staging.driverAllocations() - allocationsBefore).isLessThanOrEqualTo(2);
    assertThat(staging.reuses() - reusesBefore).isGreaterThanOrEqualTo(7);
    assertThat(staging.liveBuffers()).isZero();
    GpuMetrics.Snapshot metrics = GpuMetrics.snapshot();
    assertThat(metrics.hostToDeviceBytes()).isEqualTo(3 * 8L * values.length);
    assertThat(metrics.deviceToHostBytes()).isEqualTo(6 * 8L * values.length);
  }

  @Test
  void theStagingPoolCachesWithinItsLimitAndFreesEverythingAtClose() {
    GpuDevice device = GpuTests.requireDevice();
    device.bind();
    PinnedStagingPool staging = new PinnedStagingPool(128L << 10);
    StagingBuffer first = staging.acquire(1000);
    assertThat(first.capacity()).isEqualTo(64L << 10);
    first.bytes(8).putLong(0, 42L);
    first.close();
    first.close();
    assertThat(staging.cachedBytes()).isEqualTo(64L << 10);
    StagingBuffer again = staging.acquire(65536);
    assertThat(staging.reuses()).isEqualTo(1);
    assertThat(again.bytes(8).getLong(0)).as("the same page-locked block").isEqualTo(42L);
    StagingBuffer large = staging.acquire(100_000);
    StagingBuffer other = staging.acquire(100_000);
    assertThat(large.capacity()).isEqualTo(128L << 10);
    assertThat(staging.driverAllocations()).isEqualTo(3);
    large.close();
    other.close();
    assertThat(staging.cachedBytes()).as("the second 128 KiB block is over the cache limit")
        .isEqualTo(128L << 10);
    assertThatThrownBy(staging::close).isInstanceOf(SpateException.class)
        .hasMessageContaining("1 live buffers (65536 bytes)");
    assertThat(staging.cachedBytes()).isZero();
    again.close();
    assertThat(staging.liveBuffers()).isZero();
    assertThatThrownBy(() -> staging.acquire(8)).hasMessageContaining("closed");
  }
}
