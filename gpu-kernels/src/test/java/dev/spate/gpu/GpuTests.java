package dev.spate.gpu;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Optional;

/** The gate of every test that needs the (emulated) driver and the packaged PTX. */
final class GpuTests {
  private GpuTests() {}

  /**
   * The GPU; skips the test when there is none, except under {@code CI=true}, where the emulator
   * must have been built and a missing one fails the test.
   */
  static GpuDevice requireDevice() {
    Optional<String> reason = GpuDevice.unavailableReason();
    if (reason.isPresent()) {
      String message = "GPU tests need native/build/fakecuda/libcuda.so.1 and the PTX (run bash"
          + " native/build.sh, then rebuild spate-gpu-kernels): " + reason.get();
      if ("true".equals(System.getenv("CI"))) {
        fail(message);
      }
      assumeTrue(false, message);
    }
    return GpuDevice.get();
  }
}
