// cudaemu_host.h -- host-side API of the CUDA-on-CPU emulator (launching kernels, the registry).
#pragma once
#include <string>
#include <tuple>
#include <vector>

#include "cudaemu.h"

namespace cudaemu {

// CUDA driver error codes the emulator reports.
constexpr int kSuccess = 0;
constexpr int kInvalidValue = 1;
constexpr int kLaunchOutOfResources = 701;
constexpr int kLaunchFailed = 719;

// Looks a kernel up by its extern "C" entry name; nullptr when it was not compiled into the emulator.
const KernelInfo* find_kernel(const char* name);
std::vector<const KernelInfo*> all_kernels();

// Runs a grid to completion. `params` is cuLaunchKernel's array of pointers to argument values.
// Returns kSuccess, kInvalidValue (bad launch shape), kLaunchOutOfResources (shared memory request)
// or kLaunchFailed (barrier divergence, deadlock, bad warp mask, __trap); `error` gets the message.
int launch(void* fn, void (*invoke)(void*, void**), dim3 grid, dim3 block, unsigned shared_bytes,
           void** params, std::string* error);

// Typed convenience for C++ tests: launch(kernel, grid, block, args...).
template <class... P, class... A>
int launch_kernel(void (*fn)(P...), dim3 grid, dim3 block, std::string* error, A&&... args) {
  static_assert(sizeof...(P) == sizeof...(A), "wrong number of kernel arguments");
  std::tuple<std::remove_cv_t<std::remove_reference_t<P>>...> values(std::forward<A>(args)...);
  void* params[sizeof...(P) + 1];
  std::apply([&params](auto&... v) {
    int i = 0;
    ((params[i++] = static_cast<void*>(&v)), ...);
  }, values);
  return launch(reinterpret_cast<void*>(fn), &invoke_params<P...>, grid, block, 0, params, error);
}

// Scheduling configuration, read from the environment on first use and changeable by tests:
// CUDAEMU_WORKERS (OS threads running blocks, default 2), CUDAEMU_FUZZ_SEED (0 = deterministic order),
// CUDAEMU_FUZZ_P (probability of a yield at an atomic when fuzzing, default 0.25),
// CUDAEMU_STACK_KB (fiber stack size, default 64).
struct Config {
  unsigned workers;
  unsigned long long fuzz_seed;
  double fuzz_probability;
  unsigned stack_kb;
};
Config config();
void set_config(const Config& config);

}  // namespace cudaemu
