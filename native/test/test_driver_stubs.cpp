// Loads the built libcuda.so.1 with dlopen, as the JVM loads JCuda's JNI library against it, and checks
// that every cu* symbol JCuda imports resolves: the emulated entry points to their implementation,
// every other one to a stub that prints "[fakecuda] <name> is not emulated" and returns 801.
// Usage: spate_driver_stub_tests <path/to/libcuda.so.1> <jcuda_driver_imports.txt>
// With SPATE_JCUDA_DRIVER_SO=<libJCudaDriver-*.so> (extracted from the jcuda-natives jar) it also
// dlopens JCuda's library with RTLD_NOW, which fails if any of its imports is missing.
#include <dlfcn.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <set>
#include <string>
#include <vector>

namespace {

int failures = 0;
int checks = 0;

#define EXPECT(condition, ...)                                                  \
  do {                                                                          \
    checks++;                                                                   \
    if (!(condition)) {                                                         \
      failures++;                                                               \
      std::fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #condition); \
      std::fprintf(stderr, __VA_ARGS__);                                        \
      std::fprintf(stderr, "\n");                                               \
    }                                                                           \
  } while (0)

// The entry points fakecuda*.cpp implements. Each must override its generated stub.
const std::set<std::string> kEmulated = {
    "cuInit", "cuDriverGetVersion", "cuDeviceGetCount", "cuDeviceGet", "cuDeviceGetName", "cuDeviceGetAttribute",
    "cuDeviceComputeCapability", "cuDeviceTotalMem_v2",
    "cuCtxCreate_v2", "cuCtxDestroy_v2", "cuCtxSetCurrent", "cuCtxGetCurrent", "cuCtxPushCurrent_v2",
    "cuCtxPopCurrent_v2", "cuCtxGetDevice", "cuCtxSynchronize", "cuCtxGetStreamPriorityRange",
    "cuDevicePrimaryCtxRetain", "cuDevicePrimaryCtxRelease_v2", "cuDevicePrimaryCtxGetState",
    "cuDevicePrimaryCtxSetFlags_v2",
    "cuModuleLoadData", "cuModuleLoadDataEx", "cuModuleUnload", "cuModuleGetFunction", "cuLaunchKernel",
    "cuFuncGetAttribute", "cuOccupancyMaxActiveBlocksPerMultiprocessor", "cuOccupancyMaxPotentialBlockSize",
    "cuMemAlloc_v2", "cuMemFree_v2", "cuMemGetInfo_v2", "cuMemAllocHost_v2", "cuMemHostAlloc", "cuMemFreeHost",
    "cuMemHostRegister_v2", "cuMemHostUnregister", "cuMemHostGetFlags",
    "cuMemcpyHtoD_v2", "cuMemcpyDtoH_v2", "cuMemcpyDtoD_v2", "cuMemcpyHtoDAsync_v2", "cuMemcpyDtoHAsync_v2",
    "cuMemcpyDtoDAsync_v2", "cuMemsetD8_v2", "cuMemsetD16_v2", "cuMemsetD32_v2", "cuMemsetD8Async",
    "cuMemsetD16Async", "cuMemsetD32Async",
    "cuStreamCreate", "cuStreamCreateWithPriority", "cuStreamDestroy_v2", "cuStreamSynchronize", "cuStreamQuery",
    "cuStreamWaitEvent", "cuStreamGetPriority", "cuStreamGetFlags",
    "cuEventCreate", "cuEventRecord", "cuEventRecordWithFlags", "cuEventSynchronize", "cuEventQuery",
    "cuEventElapsedTime", "cuEventDestroy_v2",
    "cuGetErrorString", "cuGetErrorName",
};

std::vector<std::string> read_imports(const char* path) {
  std::ifstream input(path);
  std::vector<std::string> names;
  for (std::string line; std::getline(input, line);) {
    if (line.rfind("cu", 0) == 0) names.push_back(line);
  }
  return names;
}

using Stub = int (*)(...);

// Calls every stub with stderr redirected to a temporary file; returns what they printed.
std::string call_stubs(const std::vector<std::pair<std::string, Stub>>& stubs, int* wrong_results) {
  std::fflush(stderr);
  std::FILE* capture = std::tmpfile();
  const int saved = dup(STDERR_FILENO);
  dup2(fileno(capture), STDERR_FILENO);
  for (const auto& [name, stub] : stubs) {
    // The arguments are what a caller might pass; a stub must ignore them.
    if (stub(nullptr, 1, 2.5) != 801) ++*wrong_results;
  }
  std::fflush(stderr);
  dup2(saved, STDERR_FILENO);
  close(saved);
  std::string text;
  std::rewind(capture);
  for (int c; (c = std::fgetc(capture)) != EOF;) text.push_back(static_cast<char>(c));
  std::fclose(capture);
  return text;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s <libcuda.so.1> <jcuda_driver_imports.txt>\n", argv[0]);
    return 2;
  }
  void* library = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
  EXPECT(library != nullptr, "dlopen %s: %s", argv[1], dlerror());
  if (library == nullptr) return 1;
  const std::vector<std::string> imports = read_imports(argv[2]);
  EXPECT(imports.size() >= 300, "%zu imports listed in %s", imports.size(), argv[2]);

  std::vector<std::pair<std::string, Stub>> stubs;
  std::string expected_output;
  int emulated = 0;
  for (const std::string& name : imports) {
    void* symbol = dlsym(library, name.c_str());
    void* stub = dlsym(library, ("fakecuda_stub_" + name).c_str());
    EXPECT(symbol != nullptr, "%s does not resolve", name.c_str());
    EXPECT(stub != nullptr, "%s has no generated stub", name.c_str());
    if (symbol == nullptr || stub == nullptr) continue;
    const bool is_stub = symbol == stub;
    EXPECT(is_stub != (kEmulated.count(name) != 0), "%s should %s", name.c_str(),
           is_stub ? "be emulated but is a stub" : "be a stub but is emulated");
    if (is_stub) {
      stubs.emplace_back(name, reinterpret_cast<Stub>(symbol));
      expected_output += "[fakecuda] " + name + " is not emulated\n";
    } else {
      ++emulated;
    }
  }
  EXPECT(emulated == static_cast<int>(kEmulated.size()), "%d emulated entry points found, %zu expected", emulated,
         kEmulated.size());

  int wrong_results = 0;
  const std::string output = call_stubs(stubs, &wrong_results);
  EXPECT(wrong_results == 0, "%d stubs did not return CUDA_ERROR_NOT_SUPPORTED (801)", wrong_results);
  EXPECT(output == expected_output, "stub messages differ; got:\n%s", output.c_str());

  if (const char* jcuda = std::getenv("SPATE_JCUDA_DRIVER_SO")) {
    // libcuda.so.1 is loaded already, so JCuda's NEEDED libcuda.so.1 binds to it.
    void* jni = dlopen(jcuda, RTLD_NOW | RTLD_GLOBAL);
    EXPECT(jni != nullptr, "JCuda's library does not bind: %s", dlerror());
    if (jni != nullptr) std::printf("driver stubs: %s binds with RTLD_NOW\n", jcuda);
  }
  std::printf("driver stubs: %zu JCuda imports resolve: %d emulated, %zu stubs return 801\n", imports.size(),
              emulated, stubs.size());
  std::printf("driver stubs %4d checks, %d failed\n", checks, failures);
  return failures == 0 ? 0 : 1;
}
