// The emulated libcuda.so.1 through its C ABI, the way JCuda calls it: module loading from PTX text,
// launches with void** kernel parameters, and marshalling bugs turned into CUDA error codes. Streams,
// events, host memory, the primary context and function attributes are in test_driver_async.cpp.
// Usage: spate_driver_tests [ptx-directory]  (with a directory, every PTX entry is checked against
// the emulator's C++ signatures).
#include <dirent.h>

#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "driver_test.h"

namespace {

const char* kPtx = R"(
.version 9.0
.target sm_90
.address_size 64
.visible .entry spate_filter_scalar_i64(
	.param .u64 .ptr .global .align 1 spate_filter_scalar_i64_param_0,
	.param .u64 spate_filter_scalar_i64_param_1,
	.param .u32 spate_filter_scalar_i64_param_2,
	.param .u32 spate_filter_scalar_i64_param_3,
	.param .u64 spate_filter_scalar_i64_param_4,
	.param .u64 spate_filter_scalar_i64_param_5,
	.param .u64 spate_filter_scalar_i64_param_6
)
{
	ret;
}
.visible .entry spate_cast_i32_i64(
	.param .u64 spate_cast_i32_i64_param_0,
	.param .u64 spate_cast_i32_i64_param_1,
	.param .u32 spate_cast_i32_i64_param_2,
	.param .u64 spate_cast_i32_i64_param_3,
	.param .u64 spate_cast_i32_i64_param_4
)
{
	ret;
}
.visible .entry spate_bool_op(
	.param .u64 spate_bool_op_param_0,
	.param .u32 spate_bool_op_param_1
)
{
	ret;
}
.visible .entry spate_not_in_the_emulator(
	.param .u64 p
)
{
	ret;
}
)";

void check_device_and_errors() {
  int version = 0, count = 0, device = -1, warp = 0;
  char name[64];
  EXPECT(cuDriverGetVersion(&version) == 0 && version >= 12000, "version %d", version);
  EXPECT(cuDeviceGetCount(&count) == 0 && count == 1, "device count %d", count);
  EXPECT(cuDeviceGet(&device, 0) == 0 && device == 0, "device %d", device);
  EXPECT(cuDeviceGet(&device, 1) == 101, "device ordinal 1 must be CUDA_ERROR_INVALID_DEVICE");
  EXPECT(cuDeviceGetName(name, sizeof name, 0) == 0 && std::strstr(name, "emulator") != nullptr, "name %s", name);
  EXPECT(cuDeviceGetAttribute(&warp, 10, 0) == 0 && warp == 32, "warp size %d", warp);
  const char* text = nullptr;
  EXPECT(cuGetErrorName(700, &text) == 0 && std::strcmp(text, "CUDA_ERROR_ILLEGAL_ADDRESS") == 0, "error name");
  EXPECT(cuGetErrorString(719, &text) == 0 && std::strcmp(text, "unspecified launch failure") == 0, "error string");
}

void check_filter_launch(void* module) {
  void* function = nullptr;
  EXPECT(cuModuleGetFunction(&function, module, "spate_filter_scalar_i64") == 0, "get filter");
  const int n = 10000, block = 128;
  std::vector<long long> values(n);
  for (int i = 0; i < n; ++i) values[i] = (i * 37) % 101;
  const int tiles = (n + block * 4 - 1) / (block * 4);
  unsigned long long d_values = 0, d_selection = 0, d_state = 0;
  EXPECT(cuMemAlloc_v2(&d_values, n * 8) == 0, "alloc");
  EXPECT(cuMemAlloc_v2(&d_selection, n * 4) == 0, "alloc");
  EXPECT(cuMemAlloc_v2(&d_state, (2 + tiles) * 8) == 0, "alloc");
  EXPECT(cuMemcpyHtoD_v2(d_values, values.data(), n * 8) == 0, "HtoD");
  EXPECT(cuMemsetD8_v2(d_state, 0, (2 + tiles) * 8) == 0, "memset");
  unsigned long long no_validity = 0;
  int count = n, op = 4;  // > 50
  long long scalar = 50;
  void* params[] = {&d_values, &no_validity, &count, &op, &scalar, &d_selection, &d_state};
  EXPECT(cuLaunchKernel(function, 6, 1, 1, block, 1, 1, 0, nullptr, params, nullptr) == 0, "launch");
  EXPECT(cuCtxSynchronize() == 0, "synchronize");
  unsigned long long selected = 0;
  EXPECT(cuMemcpyDtoH_v2(&selected, d_state + 8, 8) == 0, "DtoH");
  std::vector<int> selection(selected);
  EXPECT(cuMemcpyDtoH_v2(selection.data(), d_selection, selected * 4) == 0, "DtoH");
  std::vector<int> expected;
  for (int i = 0; i < n; ++i) {
    if (values[i] > 50) expected.push_back(i);
  }
  EXPECT(selection == expected, "filter through the driver: %llu rows, expected %zu", selected, expected.size());

  // A host array where a device pointer belongs: CUDA_ERROR_INVALID_VALUE, not a crash.
  long long* host_pointer = values.data();
  void* bad_params[] = {&host_pointer, &no_validity, &count, &op, &scalar, &d_selection, &d_state};
  EXPECT(cuLaunchKernel(function, 6, 1, 1, block, 1, 1, 0, nullptr, bad_params, nullptr) == 1,
         "host pointer argument must give CUDA_ERROR_INVALID_VALUE");
  // Oversized copies.
  EXPECT(cuMemcpyDtoH_v2(selection.data(), d_values, n * 8 + 8) == 1, "oversized DtoH must fail");
  EXPECT(cuMemcpyHtoD_v2(d_values + 8, values.data(), n * 8) == 1, "HtoD past the end must fail");
  EXPECT(cuMemcpyDtoD_v2(d_selection, d_values, n * 4) == 0, "DtoD inside both allocations");
  // A block size that is not a multiple of 32 traps in the kernel: CUDA_ERROR_LAUNCH_FAILED.
  EXPECT(cuLaunchKernel(function, 1, 1, 1, 48, 1, 1, 0, nullptr, params, nullptr) == 719, "48-thread block must trap");
  EXPECT(cuMemFree_v2(d_values) == 0 && cuMemFree_v2(d_selection) == 0 && cuMemFree_v2(d_state) == 0, "free");
  EXPECT(cuMemFree_v2(d_values) == 1, "double free must give CUDA_ERROR_INVALID_VALUE");
}

void check_overrun_detected(void* module) {
  void* function = nullptr;
  EXPECT(cuModuleGetFunction(&function, module, "spate_cast_i32_i64") == 0, "get cast");
  const int n = 100;
  std::vector<int> in(n, 3);
  unsigned long long d_in = 0, d_out = 0, no_validity = 0;
  EXPECT(cuMemAlloc_v2(&d_in, n * 4) == 0 && cuMemAlloc_v2(&d_out, (n - 1) * 8) == 0, "alloc");
  EXPECT(cuMemcpyHtoD_v2(d_in, in.data(), n * 4) == 0, "HtoD");
  int count = n;
  void* params[] = {&d_in, &no_validity, &count, &d_out, &no_validity};
  EXPECT(cuLaunchKernel(function, 1, 1, 1, 128, 1, 1, 0, nullptr, params, nullptr) == 700,
         "an output buffer one element short must give CUDA_ERROR_ILLEGAL_ADDRESS");
  EXPECT(cuMemFree_v2(d_in) == 0 && cuMemFree_v2(d_out) == 0, "free");
}

void check_module_errors(void* module) {
  void* function = nullptr;
  EXPECT(cuModuleGetFunction(&function, module, "spate_missing") == 500, "unknown entry: CUDA_ERROR_NOT_FOUND");
  EXPECT(cuModuleGetFunction(&function, module, "spate_not_in_the_emulator") == 500,
         "entry without an emulated kernel: CUDA_ERROR_NOT_FOUND");
  EXPECT(cuModuleGetFunction(&function, module, "spate_bool_op") == 200,
         "PTX signature drift: CUDA_ERROR_INVALID_IMAGE");
  void* other = nullptr;
  EXPECT(cuModuleLoadData(&other, "this is not PTX") == 200, "non-PTX image: CUDA_ERROR_INVALID_IMAGE");
  int status = -1;
  std::thread([&status] {
    unsigned long long p = 0;
    status = cuMemAlloc_v2(&p, 16);
  }).join();
  EXPECT(status == 201, "a thread without a current context: CUDA_ERROR_INVALID_CONTEXT, got %d", status);
  void* host = nullptr;
  EXPECT(cuMemAllocHost_v2(&host, 1000) == 0 && host != nullptr && cuMemFreeHost(host) == 0, "pinned host memory");
}

// Every entry of every PTX file must resolve to an emulated kernel with the same parameter sizes.
void check_real_ptx(const std::string& directory) {
  DIR* dir = opendir(directory.c_str());
  if (dir == nullptr) {
    std::printf("driver: no PTX directory %s, skipping the PTX/emulator signature check\n", directory.c_str());
    return;
  }
  int files = 0, entries = 0;
  while (dirent* e = readdir(dir)) {
    const std::string file = e->d_name;
    if (file.size() < 4 || file.substr(file.size() - 4) != ".ptx") continue;
    std::ifstream input(directory + "/" + file);
    std::stringstream text;
    text << input.rdbuf();
    const std::string ptx = text.str();
    void* module = nullptr;
    EXPECT(cuModuleLoadData(&module, ptx.c_str()) == 0, "load %s", file.c_str());
    files++;
    for (std::size_t at = ptx.find(".entry "); at != std::string::npos; at = ptx.find(".entry ", at + 1)) {
      const std::size_t start = at + 7;
      const std::string entry = ptx.substr(start, ptx.find('(', start) - start);
      void* function = nullptr;
      const int status = cuModuleGetFunction(&function, module, entry.c_str());
      EXPECT(status == 0, "%s: %s gives %d", file.c_str(), entry.c_str(), status);
      entries++;
    }
    EXPECT(cuModuleUnload(module) == 0, "unload");
  }
  closedir(dir);
  std::printf("driver: %d PTX files, %d entries match the emulator's signatures\n", files, entries);
}

}  // namespace

int main(int argc, char** argv) {
  void* context = nullptr;
  unsigned long long p = 0;
  EXPECT(cuMemAlloc_v2(&p, 8) == 3, "before cuInit: CUDA_ERROR_NOT_INITIALIZED");
  EXPECT(cuInit(0) == 0, "cuInit");
  check_device_and_errors();
  EXPECT(cuCtxCreate_v2(&context, 0, 0) == 0, "context");
  void* module = nullptr;
  EXPECT(cuModuleLoadData(&module, kPtx) == 0, "load synthetic PTX");
  check_filter_launch(module);
  check_overrun_detected(module);
  check_module_errors(module);
  driver_test::check_streams(module);
  driver_test::check_events();
  driver_test::check_host_memory();
  driver_test::check_primary_context();
  driver_test::check_function_attributes(module);
  EXPECT(cuModuleUnload(module) == 0, "unload");
  if (argc > 1) check_real_ptx(argv[1]);
  EXPECT(cuCtxDestroy_v2(context) == 0, "destroy context");
  std::printf("driver    %6d checks, %d failed\n", driver_test::checks, driver_test::failures);
  return driver_test::failures == 0 ? 0 : 1;
}
