// The emulated driver's streams, async copies and memsets, events, page-locked and registered host
// memory, the primary context and the per-thread context stack, function attributes and occupancy:
// results, and the error codes the real driver gives for misuse.
#include <chrono>
#include <cstring>
#include <thread>
#include <vector>

#include "driver_test.h"

namespace driver_test {

namespace {

constexpr int kSuccess = 0;
constexpr int kInvalidValue = 1;
constexpr int kInvalidContext = 201;
constexpr int kInvalidHandle = 400;
constexpr int kHostMemoryAlreadyRegistered = 712;
constexpr int kHostMemoryNotRegistered = 713;
constexpr int kNotSupported = 801;

void* const kLegacyStream = reinterpret_cast<void*>(1);     // CU_STREAM_LEGACY
void* const kPerThreadStream = reinterpret_cast<void*>(2);  // CU_STREAM_PER_THREAD

int multiprocessors() {
  int count = 0;
  EXPECT(cuDeviceGetAttribute(&count, 16, 0) == kSuccess && count >= 1, "multiprocessor count %d", count);
  return count;
}

// Round trip of async copies and memsets through one stream.
void check_async_copies(void* stream) {
  const int n = 1000;
  std::vector<int> input(n), output(n, -1);
  for (int i = 0; i < n; ++i) input[i] = i * 7 - 300;
  unsigned long long a = 0, b = 0;
  EXPECT(cuMemAlloc_v2(&a, n * 4) == kSuccess && cuMemAlloc_v2(&b, n * 4) == kSuccess, "alloc");
  EXPECT(cuMemcpyHtoDAsync_v2(a, input.data(), n * 4, stream) == kSuccess, "HtoDAsync");
  EXPECT(cuMemcpyDtoDAsync_v2(b, a, n * 4, stream) == kSuccess, "DtoDAsync");
  EXPECT(cuMemcpyDtoHAsync_v2(output.data(), b, n * 4, stream) == kSuccess, "DtoHAsync");
  EXPECT(cuStreamSynchronize(stream) == kSuccess, "synchronize");
  EXPECT(output == input, "async round trip changed the data");

  EXPECT(cuMemsetD32Async(a, 0xDEADBEEFu, n, stream) == kSuccess, "memset D32");
  EXPECT(cuMemsetD16Async(a + 8, 0x1234, 2, stream) == kSuccess, "memset D16");
  EXPECT(cuMemsetD8Async(a + 1, 0x77, 1, stream) == kSuccess, "memset D8");
  EXPECT(cuMemcpyDtoHAsync_v2(output.data(), a, n * 4, stream) == kSuccess, "DtoHAsync");
  EXPECT(static_cast<unsigned>(output[0]) == 0xDEAD77EFu, "D8 over D32: 0x%x", static_cast<unsigned>(output[0]));
  EXPECT(static_cast<unsigned>(output[1]) == 0xDEADBEEFu, "D32: 0x%x", static_cast<unsigned>(output[1]));
  EXPECT(static_cast<unsigned>(output[2]) == 0x12341234u, "D16 x2: 0x%x", static_cast<unsigned>(output[2]));
  EXPECT(static_cast<unsigned>(output[n - 1]) == 0xDEADBEEFu, "D32 last: 0x%x", static_cast<unsigned>(output[n - 1]));

  // Ranges outside an allocation: CUDA_ERROR_INVALID_VALUE, nothing written.
  EXPECT(cuMemcpyHtoDAsync_v2(a + 4, input.data(), n * 4, stream) == kInvalidValue, "HtoDAsync past the end");
  EXPECT(cuMemcpyDtoHAsync_v2(output.data(), a - 4, 8, stream) == kInvalidValue, "DtoHAsync before the start");
  EXPECT(cuMemcpyDtoDAsync_v2(b, a, n * 4 + 1, stream) == kInvalidValue, "DtoDAsync past the end");
  EXPECT(cuMemsetD32Async(a, 0, n + 1, stream) == kInvalidValue, "memset D32 past the end");
  EXPECT(cuMemsetD16Async(a + 1, 0, 1, stream) == kInvalidValue, "misaligned memset D16");
  EXPECT(cuMemsetD8Async(b + n * 4, 0, 1, stream) == kInvalidValue, "memset D8 one past the end");
  EXPECT(cuMemFree_v2(a) == kSuccess && cuMemFree_v2(b) == kSuccess, "free");
  EXPECT(cuMemcpyHtoDAsync_v2(a, input.data(), 4, stream) == kInvalidValue, "HtoDAsync into a freed buffer");
}

}  // namespace

void check_streams(void* module) {
  void* stream = nullptr;
  unsigned flags = 99;
  int priority = 99, least = 99, greatest = 99;
  EXPECT(cuStreamCreate(&stream, 1) == kSuccess && stream != nullptr, "create a non-blocking stream");
  EXPECT(cuStreamGetFlags(stream, &flags) == kSuccess && flags == 1, "flags %u", flags);
  EXPECT(cuStreamGetPriority(stream, &priority) == kSuccess && priority == 0, "default priority %d", priority);
  EXPECT(cuStreamQuery(stream) == kSuccess, "an idle stream is complete");
  void* rejected = nullptr;
  EXPECT(cuStreamCreate(&rejected, 4) == kInvalidValue, "unknown stream flag");
  check_async_copies(stream);

  // Priorities are clamped into the device's range.
  EXPECT(cuCtxGetStreamPriorityRange(&least, &greatest) == kSuccess && least == 0 && greatest == -5,
         "priority range [%d, %d]", least, greatest);
  void* urgent = nullptr;
  void* relaxed = nullptr;
  EXPECT(cuStreamCreateWithPriority(&urgent, 0, -100) == kSuccess, "create with priority");
  EXPECT(cuStreamGetPriority(urgent, &priority) == kSuccess && priority == -5, "clamped to greatest: %d", priority);
  EXPECT(cuStreamCreateWithPriority(&relaxed, 0, 3) == kSuccess, "create with priority");
  EXPECT(cuStreamGetPriority(relaxed, &priority) == kSuccess && priority == 0, "clamped to least: %d", priority);

  // The special streams are always valid.
  EXPECT(cuStreamSynchronize(nullptr) == kSuccess && cuStreamSynchronize(kLegacyStream) == kSuccess &&
             cuStreamSynchronize(kPerThreadStream) == kSuccess,
         "NULL, legacy and per-thread streams");
  EXPECT(cuStreamGetPriority(nullptr, &priority) == kSuccess && priority == 0, "NULL stream priority");
  EXPECT(cuStreamDestroy_v2(nullptr) == kInvalidHandle, "the NULL stream cannot be destroyed");

  // A launch on a stream, and on a handle that is not a stream.
  void* function = nullptr;
  EXPECT(cuModuleGetFunction(&function, module, "spate_cast_i32_i64") == kSuccess, "get cast");
  const int n = 64;
  std::vector<int> in(n, -3);
  std::vector<long long> out(n, 0);
  unsigned long long d_in = 0, d_out = 0, no_validity = 0;
  EXPECT(cuMemAlloc_v2(&d_in, n * 4) == kSuccess && cuMemAlloc_v2(&d_out, n * 8) == kSuccess, "alloc");
  EXPECT(cuMemcpyHtoDAsync_v2(d_in, in.data(), n * 4, urgent) == kSuccess, "HtoDAsync");
  int count = n;
  void* params[] = {&d_in, &no_validity, &count, &d_out, &no_validity};
  EXPECT(cuLaunchKernel(function, 1, 1, 1, 64, 1, 1, 0, urgent, params, nullptr) == kSuccess, "launch on a stream");
  EXPECT(cuMemcpyDtoHAsync_v2(out.data(), d_out, n * 8, urgent) == kSuccess, "DtoHAsync");
  EXPECT(cuStreamSynchronize(urgent) == kSuccess && out[0] == -3 && out[n - 1] == -3, "cast on a stream: %lld",
         out[0]);
  int not_a_stream = 0;
  EXPECT(cuLaunchKernel(function, 1, 1, 1, 64, 1, 1, 0, &not_a_stream, params, nullptr) == kInvalidHandle,
         "launch on a bad stream handle");
  EXPECT(cuStreamSynchronize(&not_a_stream) == kInvalidHandle, "synchronize a bad stream handle");
  EXPECT(cuStreamQuery(&not_a_stream) == kInvalidHandle, "query a bad stream handle");
  EXPECT(cuMemcpyHtoDAsync_v2(d_in, in.data(), 4, &not_a_stream) == kInvalidHandle, "HtoDAsync on a bad stream");
  EXPECT(cuMemsetD32Async(d_in, 0, 1, &not_a_stream) == kInvalidHandle, "memset on a bad stream");
  EXPECT(cuMemFree_v2(d_in) == kSuccess && cuMemFree_v2(d_out) == kSuccess, "free");

  // A stream of another context is not usable here; destroying that context destroys its streams.
  void* here = nullptr;
  void* other = nullptr;
  void* foreign = nullptr;
  EXPECT(cuCtxGetCurrent(&here) == kSuccess, "current context");
  EXPECT(cuCtxCreate_v2(&other, 0, 0) == kSuccess && cuStreamCreate(&foreign, 0) == kSuccess, "other context");
  void* popped = nullptr;
  EXPECT(cuCtxPopCurrent_v2(&popped) == kSuccess && popped == other, "pop the created context");
  void* now = nullptr;
  EXPECT(cuCtxGetCurrent(&now) == kSuccess && now == here, "the previous context is current again");
  EXPECT(cuStreamSynchronize(foreign) == kInvalidHandle, "a stream of another context");
  EXPECT(cuCtxDestroy_v2(other) == kSuccess, "destroy the other context");
  EXPECT(cuCtxPushCurrent_v2(other) == kInvalidContext, "a destroyed context cannot be pushed");

  EXPECT(cuStreamDestroy_v2(stream) == kSuccess, "destroy");
  EXPECT(cuStreamSynchronize(stream) == kInvalidHandle, "synchronize a destroyed stream");
  EXPECT(cuStreamDestroy_v2(stream) == kInvalidHandle, "destroy twice");
  EXPECT(cuStreamDestroy_v2(urgent) == kSuccess && cuStreamDestroy_v2(relaxed) == kSuccess, "destroy");
}

void check_events() {
  void* start = nullptr;
  void* end = nullptr;
  void* untimed = nullptr;
  void* stream = nullptr;
  float milliseconds = -1;
  EXPECT(cuEventCreate(&start, 0) == kSuccess && cuEventCreate(&end, 1) == kSuccess, "create events");
  EXPECT(cuEventCreate(&untimed, 2) == kSuccess, "create a CU_EVENT_DISABLE_TIMING event");
  void* rejected = nullptr;
  EXPECT(cuEventCreate(&rejected, 8) == kInvalidValue, "unknown event flag");
  EXPECT(cuEventCreate(&rejected, 2 | 4) == kNotSupported, "interprocess events are not emulated");
  EXPECT(cuStreamCreate(&stream, 0) == kSuccess, "stream");

  // Never recorded: query and synchronize succeed, elapsed time is CUDA_ERROR_INVALID_HANDLE.
  EXPECT(cuEventQuery(start) == kSuccess && cuEventSynchronize(start) == kSuccess, "unrecorded event");
  EXPECT(cuEventElapsedTime(&milliseconds, start, end) == kInvalidHandle, "elapsed time of unrecorded events");
  EXPECT(cuEventRecord(start, stream) == kSuccess, "record start");
  EXPECT(cuEventElapsedTime(&milliseconds, start, end) == kInvalidHandle, "elapsed time with an unrecorded end");

  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  EXPECT(cuEventRecord(end, stream) == kSuccess, "record end");
  EXPECT(cuEventSynchronize(end) == kSuccess && cuEventQuery(end) == kSuccess, "recorded event is complete");
  EXPECT(cuStreamWaitEvent(stream, end, 0) == kSuccess, "wait for an event");
  EXPECT(cuEventElapsedTime(&milliseconds, start, end) == kSuccess, "elapsed time");
  // A sleeping thread can wake late on a loaded machine, never early.
  EXPECT(milliseconds >= 29.5f && milliseconds < 5000.0f, "30 ms sleep measured as %.3f ms", milliseconds);
  float backwards = 0;
  EXPECT(cuEventElapsedTime(&backwards, end, start) == kSuccess && backwards == -milliseconds,
         "reversed events: %.3f ms", backwards);
  EXPECT(cuEventElapsedTime(nullptr, start, end) == kInvalidValue, "NULL result pointer");

  EXPECT(cuEventRecord(untimed, nullptr) == kSuccess, "record on the NULL stream");
  EXPECT(cuEventElapsedTime(&milliseconds, start, untimed) == kInvalidHandle, "CU_EVENT_DISABLE_TIMING event");
  int not_a_stream = 0;
  EXPECT(cuEventRecord(start, &not_a_stream) == kInvalidHandle, "record on a bad stream handle");
  EXPECT(cuStreamWaitEvent(stream, &not_a_stream, 0) == kInvalidHandle, "wait for a bad event handle");

  EXPECT(cuEventDestroy_v2(untimed) == kSuccess, "destroy");
  EXPECT(cuEventRecord(untimed, nullptr) == kInvalidHandle, "record a destroyed event");
  EXPECT(cuEventQuery(untimed) == kInvalidHandle, "query a destroyed event");
  EXPECT(cuEventDestroy_v2(untimed) == kInvalidHandle, "destroy twice");
  EXPECT(cuEventDestroy_v2(start) == kSuccess && cuEventDestroy_v2(end) == kSuccess, "destroy");
  EXPECT(cuStreamDestroy_v2(stream) == kSuccess, "destroy stream");
}

void check_host_memory() {
  void* pinned = nullptr;
  unsigned flags = 99;
  EXPECT(cuMemHostAlloc(&pinned, 1000, 1 | 2) == kSuccess && pinned != nullptr, "cuMemHostAlloc");
  EXPECT(cuMemHostGetFlags(&flags, static_cast<char*>(pinned) + 999) == kSuccess && flags == 3, "flags %u", flags);
  void* bad = nullptr;
  EXPECT(cuMemHostAlloc(&bad, 1000, 0x10) == kInvalidValue, "unknown cuMemHostAlloc flag");

  // Registration: overlaps, unregistering and device memory.
  std::vector<char> buffer(8192, 1);
  EXPECT(cuMemHostRegister_v2(buffer.data(), 4096, 0) == kSuccess, "register");
  EXPECT(cuMemHostGetFlags(&flags, buffer.data() + 10) == kSuccess && flags == 0, "registered flags %u", flags);
  EXPECT(cuMemHostRegister_v2(buffer.data() + 100, 100, 0) == kHostMemoryAlreadyRegistered, "overlap inside");
  EXPECT(cuMemHostRegister_v2(buffer.data() + 4095, 2, 0) == kHostMemoryAlreadyRegistered, "overlap at the end");
  EXPECT(cuMemHostRegister_v2(buffer.data() + 4096, 4096, 0) == kSuccess, "adjacent range");
  EXPECT(cuMemHostRegister_v2(pinned, 10, 0) == kHostMemoryAlreadyRegistered, "page-locked memory");
  EXPECT(cuMemHostRegister_v2(buffer.data(), 0, 0) == kInvalidValue, "empty range");
  unsigned long long device = 0;
  EXPECT(cuMemAlloc_v2(&device, 256) == kSuccess, "alloc");
  EXPECT(cuMemHostRegister_v2(reinterpret_cast<void*>(device + 16), 16, 0) == kInvalidValue, "device memory");
  EXPECT(cuMemcpyHtoDAsync_v2(device, buffer.data(), 256, nullptr) == kSuccess, "copy from registered memory");
  EXPECT(cuMemcpyDtoHAsync_v2(pinned, device, 256, nullptr) == kSuccess, "copy into page-locked memory");
  EXPECT(static_cast<char*>(pinned)[255] == 1, "copied byte %d", static_cast<char*>(pinned)[255]);
  EXPECT(cuMemHostUnregister(buffer.data() + 1) == kHostMemoryNotRegistered, "unregister inside a range");
  EXPECT(cuMemHostUnregister(buffer.data()) == kSuccess && cuMemHostUnregister(buffer.data() + 4096) == kSuccess,
         "unregister");
  EXPECT(cuMemHostUnregister(buffer.data()) == kHostMemoryNotRegistered, "unregister twice");
  EXPECT(cuMemHostGetFlags(&flags, buffer.data()) == kInvalidValue, "flags of ordinary host memory");
  EXPECT(cuMemFreeHost(buffer.data()) == kInvalidValue, "cuMemFreeHost of registered-then-unregistered memory");
  EXPECT(cuMemFree_v2(device) == kSuccess && cuMemFreeHost(pinned) == kSuccess, "free");
}

// Runs on its own thread, so the main thread's context stack is untouched.
void check_primary_context() {
  std::thread([] {
    void* primary = nullptr;
    void* again = nullptr;
    void* current = nullptr;
    unsigned flags = 99;
    int active = -1, device = -1;
    EXPECT(cuDevicePrimaryCtxRelease_v2(0) == kInvalidContext, "release before retain");
    EXPECT(cuDevicePrimaryCtxGetState(0, &flags, &active) == kSuccess && active == 0, "inactive: %d", active);
    EXPECT(cuDevicePrimaryCtxSetFlags_v2(0, 4) == kSuccess, "set flags (CU_CTX_SCHED_BLOCKING_SYNC)");
    EXPECT(cuDevicePrimaryCtxRetain(&primary, 0) == kSuccess && primary != nullptr, "retain");
    EXPECT(cuDevicePrimaryCtxRetain(&again, 0) == kSuccess && again == primary, "retain again: same handle");
    EXPECT(cuDevicePrimaryCtxGetState(0, &flags, &active) == kSuccess && active == 1 && flags == 4,
           "active %d, flags %u", active, flags);
    EXPECT(cuDevicePrimaryCtxRetain(&again, 1) == 101, "device 1 does not exist");
    EXPECT(cuCtxGetCurrent(&current) == kSuccess && current == nullptr, "retain does not make it current");
    unsigned long long p = 0;
    EXPECT(cuMemAlloc_v2(&p, 64) == kInvalidContext, "no current context yet");
    EXPECT(cuCtxPopCurrent_v2(&current) == kInvalidContext, "pop from an empty stack");

    EXPECT(cuCtxPushCurrent_v2(primary) == kSuccess, "push");
    EXPECT(cuCtxGetCurrent(&current) == kSuccess && current == primary, "pushed context is current");
    EXPECT(cuCtxGetDevice(&device) == kSuccess && device == 0, "device %d", device);
    EXPECT(cuMemAlloc_v2(&p, 64) == kSuccess && cuMemsetD8_v2(p, 1, 64) == kSuccess, "alloc in the primary context");
    EXPECT(cuCtxDestroy_v2(primary) == kInvalidContext, "the primary context is released, not destroyed");
    EXPECT(cuDevicePrimaryCtxRelease_v2(0) == kSuccess, "release one reference");
    EXPECT(cuMemsetD8_v2(p, 2, 64) == kSuccess, "still active with one reference");
    EXPECT(cuDevicePrimaryCtxRelease_v2(0) == kSuccess, "release the last reference");
    EXPECT(cuMemsetD8_v2(p, 3, 64) == kInvalidContext, "the released primary context is no longer usable");
    EXPECT(cuCtxPushCurrent_v2(primary) == kInvalidContext, "a released primary context cannot be pushed");

    EXPECT(cuDevicePrimaryCtxRetain(&again, 0) == kSuccess && again == primary, "retain after reset: same handle");
    EXPECT(cuMemsetD8_v2(p, 3, 64) == kInvalidValue, "the reset freed the allocation");
    EXPECT(cuCtxPopCurrent_v2(&current) == kSuccess && current == primary, "pop returns the primary context");
    EXPECT(cuCtxGetCurrent(&current) == kSuccess && current == nullptr, "stack empty again");
    EXPECT(cuDevicePrimaryCtxRelease_v2(0) == kSuccess, "release");
  }).join();
  EXPECT(cuCtxPushCurrent_v2(nullptr) == kInvalidValue, "push NULL");
}

void check_function_attributes(void* module) {
  void* function = nullptr;
  int value = -1;
  EXPECT(cuModuleGetFunction(&function, module, "spate_cast_i32_i64") == kSuccess, "get cast");
  EXPECT(cuFuncGetAttribute(&value, 0, function) == kSuccess && value == 1024, "MAX_THREADS_PER_BLOCK %d", value);
  EXPECT(cuFuncGetAttribute(&value, 1, function) == kSuccess && value == 0, "SHARED_SIZE_BYTES %d", value);
  EXPECT(cuFuncGetAttribute(&value, 4, function) == kSuccess && value == 32, "NUM_REGS %d", value);
  EXPECT(cuFuncGetAttribute(&value, 5, function) == kSuccess && value == 90, "PTX_VERSION of .version 9.0: %d", value);
  EXPECT(cuFuncGetAttribute(&value, 6, function) == kSuccess && value == 90, "BINARY_VERSION %d", value);
  EXPECT(cuFuncGetAttribute(&value, 8, function) == kSuccess && value == 48 * 1024, "MAX_DYNAMIC_SHARED %d", value);
  EXPECT(cuFuncGetAttribute(&value, 16, function) == kInvalidValue, "unknown function attribute");
  int not_a_function = 0;
  EXPECT(cuFuncGetAttribute(&value, 0, &not_a_function) == kInvalidHandle, "bad function handle");

  // Occupancy: 2048 threads and 32 blocks per multiprocessor, 48 KiB shared memory per block,
  // 228 KiB per multiprocessor.
  const int sms = multiprocessors();
  int grid = -1, block = -1, blocks = -1;
  EXPECT(cuOccupancyMaxPotentialBlockSize(&grid, &block, function, nullptr, 0, 0) == kSuccess && block == 1024 &&
             grid == 2 * sms,
         "unlimited: block %d, grid %d", block, grid);
  // Limit 200: 192 fits 10 blocks (1920 threads), 128 fits 16 (2048 threads); the smallest block is
  // not preferred when it only ties.
  EXPECT(cuOccupancyMaxPotentialBlockSize(&grid, &block, function, nullptr, 0, 200) == kSuccess && block == 128 &&
             grid == 16 * sms,
         "limit 200: block %d, grid %d", block, grid);
  // 64 B of shared memory per thread: 1024 threads need 64 KiB (too much), 512 threads fit 4 blocks.
  auto shared_per_block = [](int threads) { return static_cast<size_t>(threads) * 64; };
  EXPECT(cuOccupancyMaxPotentialBlockSize(&grid, &block, function, shared_per_block, 0, 0) == kSuccess &&
             block == 512 && grid == 4 * sms,
         "shared memory: block %d, grid %d", block, grid);
  EXPECT(cuOccupancyMaxPotentialBlockSize(&grid, &block, &not_a_function, nullptr, 0, 0) == kInvalidHandle,
         "bad function handle");
  EXPECT(cuOccupancyMaxActiveBlocksPerMultiprocessor(&blocks, function, 256, 0) == kSuccess && blocks == 8,
         "256 threads: %d blocks", blocks);
  EXPECT(cuOccupancyMaxActiveBlocksPerMultiprocessor(&blocks, function, 64, 40 * 1024) == kSuccess && blocks == 5,
         "40 KiB shared: %d blocks", blocks);
  EXPECT(cuOccupancyMaxActiveBlocksPerMultiprocessor(&blocks, function, 2048, 0) == kSuccess && blocks == 0,
         "oversized block: %d blocks", blocks);

  // Device attributes a backend asks for.
  int major = -1, minor = -1, warp = -1, constant = -1, l2 = -1;
  EXPECT(cuDeviceGetAttribute(&major, 75, 0) == kSuccess && cuDeviceGetAttribute(&minor, 76, 0) == kSuccess &&
             major == 9 && minor == 0,
         "compute capability %d.%d", major, minor);
  EXPECT(cuDeviceGetAttribute(&warp, 10, 0) == kSuccess && warp == 32, "warp size %d", warp);
  EXPECT(cuDeviceGetAttribute(&constant, 9, 0) == kSuccess && constant == 65536, "constant memory %d", constant);
  EXPECT(cuDeviceGetAttribute(&l2, 38, 0) == kSuccess && l2 > 0, "L2 cache %d", l2);
  EXPECT(cuDeviceGetAttribute(&value, 0, 0) == kInvalidValue && cuDeviceGetAttribute(&value, 148, 0) == kInvalidValue,
         "attributes outside the enum");
  EXPECT(cuDeviceGetAttribute(&value, 1, 1) == 101, "device 1 does not exist");
}

}  // namespace driver_test
