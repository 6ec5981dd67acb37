// The emulator's own semantics: warp collectives, barriers, shared memory per block, error reports.
#include "test_util.h"

extern "C" void emu_collectives(int*);
extern "C" void emu_shared_sum(const int*, int*);
extern "C" void emu_bug_early_return(int*, int);
extern "C" void emu_bug_full_mask_partial_warp(int*);
extern "C" void emu_bug_half_warp_ballot(int*);
extern "C" void emu_bug_trap(int*);

namespace spate_test {
namespace {

void check_collectives() {
  const unsigned threads = 64;
  std::vector<int> out(threads * 7, -1);
  if (!run(&emu_collectives, Shape{1, threads}, out.data())) return;
  unsigned ballot = 0;
  for (unsigned l = 0; l < 32; ++l) ballot |= (l % 3 == 0 ? 1u : 0u) << l;
  int wrong = 0;
  for (unsigned t = 0; t < threads; ++t) {
    const int lane = static_cast<int>(t % 32);
    const int* o = &out[t * 7];
    wrong += o[0] != static_cast<int>(ballot);
    wrong += o[1] != (lane >= 1 ? lane - 1 : lane);
    wrong += o[2] != (lane + 2 < 32 ? lane + 2 : lane);
    wrong += o[3] != (lane ^ 5);
    wrong += o[4] != 70;
    wrong += o[5] != (lane & ~7) + 1;
    wrong += o[6] != 32;
  }
  CHECK(wrong == 0, "warp collectives: %d wrong results", wrong);
}

void check_shared_memory_per_block() {
  const unsigned blocks = 40, threads = 256;
  std::vector<int> in(blocks * threads), out(blocks, 0);
  for (std::size_t i = 0; i < in.size(); ++i) in[i] = static_cast<int>(i % 1000);
  if (!run(&emu_shared_sum, Shape{blocks, threads}, in.data(), out.data())) return;
  int wrong = 0;
  for (unsigned b = 0; b < blocks; ++b) {
    long long expected = 0;
    for (unsigned t = 0; t < threads; ++t) expected += in[b * threads + t];
    wrong += out[b] != expected;
  }
  CHECK(wrong == 0, "shared-memory reduction: %d blocks wrong (shared memory leaked between concurrent blocks?)",
        wrong);
}

template <class... P, class... A>
void expect_failure(const char* what, const char* message_part, void (*kernel)(P...), Shape shape, A&&... args) {
  std::string error;
  const int status = cudaemu::launch_kernel(kernel, cudaemu::dim3(shape.grid), cudaemu::dim3(shape.block), &error,
                                            std::forward<A>(args)...);
  CHECK(status == cudaemu::kLaunchFailed, "%s: status %d, expected 719", what, status);
  CHECK(error.find(message_part) != std::string::npos, "%s: message '%s' lacks '%s'", what, error.c_str(), message_part);
}

void check_bug_reports() {
  std::vector<int> out(1024);
  expect_failure("early return before __syncthreads", "barrier divergence", &emu_bug_early_return, Shape{1, 64},
                 out.data(), 50);
  expect_failure("full mask in a 48-thread block", "names lanes beyond blockDim", &emu_bug_full_mask_partial_warp,
                 Shape{1, 48}, out.data());
  expect_failure("half a warp in a full-mask ballot", "deadlock", &emu_bug_half_warp_ballot, Shape{1, 32}, out.data());
  expect_failure("__trap", "__trap", &emu_bug_trap, Shape{2, 32}, out.data());
  std::string error;
  const int status = cudaemu::launch_kernel(&emu_bug_trap, cudaemu::dim3(1), cudaemu::dim3(2048), &error, out.data());
  CHECK(status == cudaemu::kInvalidValue, "a 2048-thread block must be rejected, got %d", status);
  // The emulator keeps working after failed launches.
  check_collectives();
}

}  // namespace

int run_emulator_tests() {
  check_collectives();
  check_shared_memory_per_block();
  check_bug_reports();
  return failures();
}

}  // namespace spate_test
