// Kernel test driver: `spate_kernel_tests <group>...` with groups filter, project, hashagg, window,
// emulator, fused (default: all). Scheduling comes from CUDAEMU_WORKERS / CUDAEMU_FUZZ_SEED (see ctest).
#include <chrono>
#include <cstring>

#include "test_util.h"

int main(int argc, char** argv) {
  struct Group {
    const char* name;
    int (*run)();
  };
  const Group groups[] = {{"filter", &spate_test::run_filter_tests},   {"project", &spate_test::run_project_tests},
                          {"hashagg", &spate_test::run_hashagg_tests}, {"window", &spate_test::run_window_tests},
                          {"emulator", &spate_test::run_emulator_tests}, {"fused", &spate_test::run_fused_tests}};
  const cudaemu::Config config = cudaemu::config();
  for (const Group& group : groups) {
    bool selected = argc == 1;
    for (int i = 1; i < argc; ++i) selected = selected || std::strcmp(argv[i], group.name) == 0;
    if (!selected) continue;
    const int before_checks = spate_test::checks();
    const int before_failures = spate_test::failures();
    const auto start = std::chrono::steady_clock::now();
    group.run();
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    std::printf("%-9s %6d checks, %d failed, %.0f ms (workers=%u fuzz_seed=%llu)\n", group.name,
                spate_test::checks() - before_checks, spate_test::failures() - before_failures, ms, config.workers,
                config.fuzz_seed);
  }
  return spate_test::failures() == 0 ? 0 : 1;
}
