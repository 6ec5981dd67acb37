// driver_test.h -- the emulated libcuda.so.1's C ABI as the driver tests call it (the ABI names JCuda
// binds, with plain C types), and the tests' check counter.
#pragma once
#include <cstddef>
#include <cstdio>

extern "C" {
int cuInit(unsigned);
int cuDriverGetVersion(int*);
int cuDeviceGetCount(int*);
int cuDeviceGet(int*, int);
int cuDeviceGetName(char*, int, int);
int cuDeviceGetAttribute(int*, int, int);
int cuCtxCreate_v2(void**, unsigned, int);
int cuCtxDestroy_v2(void*);
int cuCtxSetCurrent(void*);
int cuCtxGetCurrent(void**);
int cuCtxPushCurrent_v2(void*);
int cuCtxPopCurrent_v2(void**);
int cuCtxGetDevice(int*);
int cuCtxSynchronize();
int cuCtxGetStreamPriorityRange(int*, int*);
int cuDevicePrimaryCtxRetain(void**, int);
int cuDevicePrimaryCtxRelease_v2(int);
int cuDevicePrimaryCtxGetState(int, unsigned*, int*);
int cuDevicePrimaryCtxSetFlags_v2(int, unsigned);
int cuModuleLoadData(void**, const void*);
int cuModuleUnload(void*);
int cuModuleGetFunction(void**, void*, const char*);
int cuFuncGetAttribute(int*, int, void*);
int cuOccupancyMaxActiveBlocksPerMultiprocessor(int*, void*, int, size_t);
int cuOccupancyMaxPotentialBlockSize(int*, int*, void*, size_t (*)(int), size_t, int);
int cuLaunchKernel(void*, unsigned, unsigned, unsigned, unsigned, unsigned, unsigned, unsigned, void*, void**, void**);
int cuMemAlloc_v2(unsigned long long*, size_t);
int cuMemFree_v2(unsigned long long);
int cuMemcpyHtoD_v2(unsigned long long, const void*, size_t);
int cuMemcpyDtoH_v2(void*, unsigned long long, size_t);
int cuMemcpyDtoD_v2(unsigned long long, unsigned long long, size_t);
int cuMemcpyHtoDAsync_v2(unsigned long long, const void*, size_t, void*);
int cuMemcpyDtoHAsync_v2(void*, unsigned long long, size_t, void*);
int cuMemcpyDtoDAsync_v2(unsigned long long, unsigned long long, size_t, void*);
int cuMemsetD8_v2(unsigned long long, unsigned char, size_t);
int cuMemsetD8Async(unsigned long long, unsigned char, size_t, void*);
int cuMemsetD16Async(unsigned long long, unsigned short, size_t, void*);
int cuMemsetD32Async(unsigned long long, unsigned, size_t, void*);
int cuMemAllocHost_v2(void**, size_t);
int cuMemHostAlloc(void**, size_t, unsigned);
int cuMemFreeHost(void*);
int cuMemHostRegister_v2(void*, size_t, unsigned);
int cuMemHostUnregister(void*);
int cuMemHostGetFlags(unsigned*, void*);
int cuStreamCreate(void**, unsigned);
int cuStreamCreateWithPriority(void**, unsigned, int);
int cuStreamDestroy_v2(void*);
int cuStreamSynchronize(void*);
int cuStreamQuery(void*);
int cuStreamWaitEvent(void*, void*, unsigned);
int cuStreamGetPriority(void*, int*);
int cuStreamGetFlags(void*, unsigned*);
int cuEventCreate(void**, unsigned);
int cuEventRecord(void*, void*);
int cuEventSynchronize(void*);
int cuEventQuery(void*);
int cuEventElapsedTime(float*, void*, void*);
int cuEventDestroy_v2(void*);
int cuGetErrorName(int, const char**);
int cuGetErrorString(int, const char**);
}

namespace driver_test {

inline int failures = 0;
inline int checks = 0;

// Checks run against the synthetic PTX module that test_driver.cpp loads into the current context.
void check_streams(void* module);
void check_events();
void check_host_memory();
void check_primary_context();
void check_function_attributes(void* module);

}  // namespace driver_test

#define EXPECT(condition, ...)                                                      \
  do {                                                                              \
    driver_test::checks++;                                                          \
    if (!(condition)) {                                                             \
      driver_test::failures++;                                                      \
      std::fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #condition);     \
      std::fprintf(stderr, __VA_ARGS__);                                            \
      std::fprintf(stderr, "\n");                                                   \
    }                                                                               \
  } while (0)
