// fakecuda.cpp -- an emulated libcuda.so.1: the CUDA driver-API subset that Spate's JCuda backend
// uses, running the kernels compiled into this library by the CPU emulator (native/emu).
// This file: shared state and checks, initialization, devices, contexts (including the primary
// context and the per-thread context stack) and error strings. The other entry points are in
// fakecuda_module.cpp, fakecuda_memory.cpp and fakecuda_stream.cpp; every other cu* symbol JCuda
// imports is a generated not-emulated stub (jcuda_stubs.cpp.in).
// Device memory is host memory with red zones; every copy, memset and pointer kernel argument is
// checked against the allocation table so marshalling bugs come back as CUDA error codes instead of
// crashing the JVM. Exported names are the ABI names JCuda 12.x binds (the _v2 variants).
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "fakecuda_internal.h"

namespace fakecuda {

namespace {

// The calling thread's context stack (cuCtxPushCurrent / cuCtxPopCurrent); the top is current.
thread_local std::vector<Context*> t_context_stack;

// The device's primary context, made (inactive) on first use.
Context* primary_context() {
  Driver& d = driver();
  if (d.primary == nullptr) {
    d.primary = new Context();
    d.primary->primary = true;
    d.primary->alive = false;
    d.contexts.insert(d.primary);
  }
  return d.primary;
}

bool is_live_context(Context* context) {
  return driver().contexts.count(context) != 0 && context->alive;
}

CUresult require_device(CUdevice device) {
  if (!driver().initialized) return kNotInitialized;
  return device == 0 ? kSuccess : kInvalidDevice;
}

}  // namespace

Driver& driver() {
  static Driver* d = new Driver();  // never destroyed: JVM threads may call in during shutdown
  return *d;
}

int multiprocessor_count() { return static_cast<int>(cudaemu::config().workers); }

void report(const char* function, const std::string& message) {
  std::fprintf(stderr, "[fakecuda] %s: %s\n", function, message.c_str());
}

Context* current_context() { return t_context_stack.empty() ? nullptr : t_context_stack.back(); }

CUresult require_context(const char* function) {
  if (!driver().initialized) return kNotInitialized;
  Context* context = current_context();
  if (context == nullptr) {
    report(function, "no current context on this thread (call cuCtxCreate or cuCtxSetCurrent)");
    return kInvalidContext;
  }
  if (!context->alive) {
    report(function, "the current context was destroyed (cuCtxDestroy or the last cuDevicePrimaryCtxRelease)");
    return kInvalidContext;
  }
  return kSuccess;
}

const Allocation* find_range(CUdeviceptr address, std::size_t bytes) {
  auto& allocations = driver().allocations;
  auto it = allocations.upper_bound(address);
  if (it == allocations.begin()) return nullptr;
  --it;
  const CUdeviceptr base = it->first;
  if (address < base || address - base > it->second.size || bytes > it->second.size - (address - base)) return nullptr;
  return &it->second;
}

CUresult check_range(const char* function, CUdeviceptr address, std::size_t bytes) {
  if (find_range(address, bytes) == nullptr) {
    char buffer[160];
    std::snprintf(buffer, sizeof buffer, "[0x%llx, +%zu) is outside every device allocation", address, bytes);
    report(function, buffer);
    return kInvalidValue;
  }
  return kSuccess;
}

CUresult check_stream(const char* function, void* stream) {
  const auto handle = reinterpret_cast<std::uintptr_t>(stream);
  if (handle <= 2) return kSuccess;  // NULL stream, CU_STREAM_LEGACY (1), CU_STREAM_PER_THREAD (2)
  auto* s = static_cast<Stream*>(stream);
  char buffer[160];
  if (driver().streams.count(s) == 0) {
    std::snprintf(buffer, sizeof buffer, "stream %p is not a live stream (destroyed, or not a stream handle)", stream);
    report(function, buffer);
    return kInvalidHandle;
  }
  if (s->context != current_context()) {
    std::snprintf(buffer, sizeof buffer, "stream %p belongs to another context than the current one", stream);
    report(function, buffer);
    return kInvalidHandle;
  }
  return kSuccess;
}

void release_context_resources(Context* context) {
  Driver& d = driver();
  for (auto it = d.allocations.begin(); it != d.allocations.end();) {
    if (it->second.context != context) {
      ++it;
      continue;
    }
    d.allocated_bytes -= it->second.size;
    std::free(it->second.raw);
    it = d.allocations.erase(it);
  }
  for (auto it = d.streams.begin(); it != d.streams.end();) {
    if ((*it)->context != context) {
      ++it;
      continue;
    }
    delete *it;
    it = d.streams.erase(it);
  }
  for (auto it = d.events.begin(); it != d.events.end();) {
    if ((*it)->context != context) {
      ++it;
      continue;
    }
    delete *it;
    it = d.events.erase(it);
  }
}

}  // namespace fakecuda

using namespace fakecuda;

FAKECUDA_API CUresult cuInit(unsigned flags) {
  if (flags != 0) return kInvalidValue;
  driver().initialized = true;
  return kSuccess;
}

FAKECUDA_API CUresult cuDriverGetVersion(int* version) {
  if (version == nullptr) return kInvalidValue;
  *version = 13000;  // PTX from CUDA 13 (ISA 9.0) needs an R580+ driver
  return kSuccess;
}

FAKECUDA_API CUresult cuDeviceGetCount(int* count) {
  if (!driver().initialized) return kNotInitialized;
  if (count == nullptr) return kInvalidValue;
  *count = 1;
  return kSuccess;
}

FAKECUDA_API CUresult cuDeviceGet(CUdevice* device, int ordinal) {
  if (!driver().initialized) return kNotInitialized;
  if (device == nullptr) return kInvalidValue;
  if (ordinal != 0) return kInvalidDevice;
  *device = 0;
  return kSuccess;
}

FAKECUDA_API CUresult cuDeviceGetName(char* name, int length, CUdevice device) {
  if (CUresult r = require_device(device)) return r;
  if (name == nullptr || length <= 0) return kInvalidValue;
  std::snprintf(name, static_cast<std::size_t>(length), "%s", "Spate cudaemu CPU emulator");
  return kSuccess;
}

// Limits of a compute capability 9.0 device; capabilities the emulator does not provide (managed or
// mapped memory, memory pools, cooperative launches, clusters) are reported as absent (0).
FAKECUDA_API CUresult cuDeviceGetAttribute(int* value, int attribute, CUdevice device) {
  if (CUresult r = require_device(device)) return r;
  if (value == nullptr || attribute < 1 || attribute > 147) return kInvalidValue;  // 148 = CU_DEVICE_ATTRIBUTE_MAX
  switch (attribute) {
    case 1: *value = kMaxThreadsPerBlock; break;        // MAX_THREADS_PER_BLOCK
    case 2: case 3: *value = 1024; break;                // MAX_BLOCK_DIM_X / Y
    case 4: *value = 64; break;                          // MAX_BLOCK_DIM_Z
    case 5: *value = 2147483647; break;                  // MAX_GRID_DIM_X
    case 6: case 7: *value = 65535; break;               // MAX_GRID_DIM_Y / Z
    case 8: *value = kSharedMemoryPerBlock; break;       // MAX_SHARED_MEMORY_PER_BLOCK
    case 9: *value = 65536; break;                       // TOTAL_CONSTANT_MEMORY
    case 10: *value = 32; break;                         // WARP_SIZE
    case 11: *value = 2147483647; break;                 // MAX_PITCH
    case 12: case 82: *value = 65536; break;             // MAX_REGISTERS_PER_BLOCK / _PER_MULTIPROCESSOR
    case 13: *value = 1000000; break;                    // CLOCK_RATE (kHz)
    case 14: *value = 512; break;                        // TEXTURE_ALIGNMENT
    case 15: *value = 1; break;                          // GPU_OVERLAP
    case 16: *value = multiprocessor_count(); break;     // MULTIPROCESSOR_COUNT
    case 31: *value = 1; break;                          // CONCURRENT_KERNELS
    case 36: *value = 2619000; break;                    // MEMORY_CLOCK_RATE (kHz)
    case 37: *value = 5120; break;                       // GLOBAL_MEMORY_BUS_WIDTH (bits)
    case 38: *value = 50 << 20; break;                   // L2_CACHE_SIZE
    case 39: *value = kMaxThreadsPerMultiprocessor; break;  // MAX_THREADS_PER_MULTIPROCESSOR
    case 40: *value = 2; break;                          // ASYNC_ENGINE_COUNT
    case 41: *value = 1; break;                          // UNIFIED_ADDRESSING (device and host pointers never collide)
    case 75: *value = 9; break;                          // COMPUTE_CAPABILITY_MAJOR
    case 76: *value = 0; break;                          // COMPUTE_CAPABILITY_MINOR
    case 78: case 79: case 80: *value = 1; break;        // STREAM_PRIORITIES, GLOBAL_ / LOCAL_L1_CACHE_SUPPORTED
    case 81: *value = kSharedMemoryPerMultiprocessor; break;  // MAX_SHARED_MEMORY_PER_MULTIPROCESSOR
    case 97: *value = 227 * 1024; break;                 // MAX_SHARED_MEMORY_PER_BLOCK_OPTIN
    case 99: *value = 1; break;                          // HOST_REGISTER_SUPPORTED
    case 106: *value = kMaxBlocksPerMultiprocessor; break;  // MAX_BLOCKS_PER_MULTIPROCESSOR
    case 111: *value = 1024; break;                      // RESERVED_SHARED_MEMORY_PER_BLOCK
    default: *value = 0; break;
  }
  return kSuccess;
}

FAKECUDA_API CUresult cuDeviceComputeCapability(int* major, int* minor, CUdevice device) {
  if (CUresult r = require_device(device)) return r;
  if (major == nullptr || minor == nullptr) return kInvalidValue;
  *major = 9;
  *minor = 0;
  return kSuccess;
}

FAKECUDA_API CUresult cuDeviceTotalMem_v2(std::size_t* bytes, CUdevice device) {
  if (CUresult r = require_device(device)) return r;
  if (bytes == nullptr) return kInvalidValue;
  *bytes = kTotalMemory;
  return kSuccess;
}

FAKECUDA_API CUresult cuCtxCreate_v2(void** context, unsigned flags, CUdevice device) {
  if (CUresult r = require_device(device)) return r;
  if (context == nullptr) return kInvalidValue;
  auto* c = new Context();
  c->flags = flags;
  {
    std::lock_guard<std::mutex> lock(driver().mutex);
    driver().contexts.insert(c);
  }
  t_context_stack.push_back(c);
  *context = c;
  return kSuccess;
}

FAKECUDA_API CUresult cuCtxDestroy_v2(void* context) {
  if (!driver().initialized) return kNotInitialized;
  std::lock_guard<std::mutex> lock(driver().mutex);
  auto* c = static_cast<Context*>(context);
  if (!is_live_context(c)) return kInvalidContext;
  if (c->primary) {
    report("cuCtxDestroy", "the primary context is released with cuDevicePrimaryCtxRelease, not destroyed");
    return kInvalidContext;
  }
  c->alive = false;
  release_context_resources(c);
  if (current_context() == c) t_context_stack.pop_back();
  return kSuccess;
}

// Replaces the top of the calling thread's context stack; NULL pops it.
FAKECUDA_API CUresult cuCtxSetCurrent(void* context) {
  if (!driver().initialized) return kNotInitialized;
  auto* c = static_cast<Context*>(context);
  if (c == nullptr) {
    if (!t_context_stack.empty()) t_context_stack.pop_back();
    return kSuccess;
  }
  std::lock_guard<std::mutex> lock(driver().mutex);
  if (!is_live_context(c)) return kInvalidContext;
  if (t_context_stack.empty()) {
    t_context_stack.push_back(c);
  } else {
    t_context_stack.back() = c;
  }
  return kSuccess;
}

FAKECUDA_API CUresult cuCtxGetCurrent(void** context) {
  if (!driver().initialized) return kNotInitialized;
  if (context == nullptr) return kInvalidValue;
  *context = current_context();
  return kSuccess;
}

FAKECUDA_API CUresult cuCtxPushCurrent_v2(void* context) {
  if (!driver().initialized) return kNotInitialized;
  if (context == nullptr) return kInvalidValue;
  std::lock_guard<std::mutex> lock(driver().mutex);
  auto* c = static_cast<Context*>(context);
  if (!is_live_context(c)) {
    report("cuCtxPushCurrent", "not a live context (destroyed, released, or not a context handle)");
    return kInvalidContext;
  }
  t_context_stack.push_back(c);
  return kSuccess;
}

FAKECUDA_API CUresult cuCtxPopCurrent_v2(void** context) {
  if (!driver().initialized) return kNotInitialized;
  if (t_context_stack.empty()) {
    report("cuCtxPopCurrent", "the calling thread's context stack is empty");
    return kInvalidContext;
  }
  if (context != nullptr) *context = t_context_stack.back();
  t_context_stack.pop_back();
  return kSuccess;
}

FAKECUDA_API CUresult cuCtxGetDevice(CUdevice* device) {
  if (CUresult r = require_context("cuCtxGetDevice")) return r;
  if (device == nullptr) return kInvalidValue;
  *device = current_context()->device;
  return kSuccess;
}

FAKECUDA_API CUresult cuCtxSynchronize() {
  return require_context("cuCtxSynchronize");  // all work is synchronous
}

// Stream priorities of a compute capability 9.0 device: 0 (least) to -5 (greatest).
FAKECUDA_API CUresult cuCtxGetStreamPriorityRange(int* least, int* greatest) {
  if (CUresult r = require_context("cuCtxGetStreamPriorityRange")) return r;
  if (least != nullptr) *least = 0;
  if (greatest != nullptr) *greatest = -5;
  return kSuccess;
}

// The primary context keeps one handle for the process; it is active while retained, and the last
// release destroys its allocations, streams and events (as the real driver's reset does).
FAKECUDA_API CUresult cuDevicePrimaryCtxRetain(void** context, CUdevice device) {
  if (CUresult r = require_device(device)) return r;
  if (context == nullptr) return kInvalidValue;
  std::lock_guard<std::mutex> lock(driver().mutex);
  Context* primary = primary_context();
  primary->alive = true;
  driver().primary_references++;
  *context = primary;
  return kSuccess;
}

FAKECUDA_API CUresult cuDevicePrimaryCtxRelease_v2(CUdevice device) {
  if (CUresult r = require_device(device)) return r;
  std::lock_guard<std::mutex> lock(driver().mutex);
  if (driver().primary_references == 0) {
    report("cuDevicePrimaryCtxRelease", "the primary context is not retained");
    return kInvalidContext;
  }
  if (--driver().primary_references == 0) {
    Context* primary = primary_context();
    primary->alive = false;
    release_context_resources(primary);
  }
  return kSuccess;
}

FAKECUDA_API CUresult cuDevicePrimaryCtxGetState(CUdevice device, unsigned* flags, int* active) {
  if (CUresult r = require_device(device)) return r;
  if (flags == nullptr || active == nullptr) return kInvalidValue;
  std::lock_guard<std::mutex> lock(driver().mutex);
  *flags = primary_context()->flags;
  *active = driver().primary_references > 0 ? 1 : 0;
  return kSuccess;
}

FAKECUDA_API CUresult cuDevicePrimaryCtxSetFlags_v2(CUdevice device, unsigned flags) {
  if (CUresult r = require_device(device)) return r;
  if ((flags & ~0xFFu) != 0) return kInvalidValue;  // CU_CTX_FLAGS_MASK
  std::lock_guard<std::mutex> lock(driver().mutex);
  primary_context()->flags = flags;
  return kSuccess;
}

FAKECUDA_API CUresult cuGetErrorString(CUresult error, const char** text) {
  if (text == nullptr) return kInvalidValue;
  switch (error) {
    case kSuccess: *text = "no error"; break;
    case kInvalidValue: *text = "invalid argument"; break;
    case kOutOfMemory: *text = "out of memory"; break;
    case kNotInitialized: *text = "initialization error"; break;
    case kDeinitialized: *text = "driver shutting down"; break;
    case kNoDevice: *text = "no CUDA-capable device is detected"; break;
    case kInvalidDevice: *text = "invalid device ordinal"; break;
    case kInvalidImage: *text = "device kernel image is invalid"; break;
    case kInvalidContext: *text = "invalid device context"; break;
    case kInvalidPtx: *text = "a PTX JIT compilation failed"; break;
    case kInvalidHandle: *text = "invalid resource handle"; break;
    case kNotFound: *text = "named symbol not found"; break;
    case kNotReady: *text = "device not ready"; break;
    case kIllegalAddress: *text = "an illegal memory access was encountered"; break;
    case kLaunchOutOfResources: *text = "too many resources requested for launch"; break;
    case kHostMemoryAlreadyRegistered: *text = "part or all of the requested memory range is already mapped"; break;
    case kHostMemoryNotRegistered: *text = "pointer does not correspond to a registered memory region"; break;
    case kLaunchFailed: *text = "unspecified launch failure"; break;
    case kNotSupported: *text = "operation not supported"; break;
    default: *text = nullptr; return kInvalidValue;
  }
  return kSuccess;
}

FAKECUDA_API CUresult cuGetErrorName(CUresult error, const char** name) {
  if (name == nullptr) return kInvalidValue;
  switch (error) {
    case kSuccess: *name = "CUDA_SUCCESS"; break;
    case kInvalidValue: *name = "CUDA_ERROR_INVALID_VALUE"; break;
    case kOutOfMemory: *name = "CUDA_ERROR_OUT_OF_MEMORY"; break;
    case kNotInitialized: *name = "CUDA_ERROR_NOT_INITIALIZED"; break;
    case kDeinitialized: *name = "CUDA_ERROR_DEINITIALIZED"; break;
    case kNoDevice: *name = "CUDA_ERROR_NO_DEVICE"; break;
    case kInvalidDevice: *name = "CUDA_ERROR_INVALID_DEVICE"; break;
    case kInvalidImage: *name = "CUDA_ERROR_INVALID_IMAGE"; break;
    case kInvalidContext: *name = "CUDA_ERROR_INVALID_CONTEXT"; break;
    case kInvalidPtx: *name = "CUDA_ERROR_INVALID_PTX"; break;
    case kInvalidHandle: *name = "CUDA_ERROR_INVALID_HANDLE"; break;
    case kNotFound: *name = "CUDA_ERROR_NOT_FOUND"; break;
    case kNotReady: *name = "CUDA_ERROR_NOT_READY"; break;
    case kIllegalAddress: *name = "CUDA_ERROR_ILLEGAL_ADDRESS"; break;
    case kLaunchOutOfResources: *name = "CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES"; break;
    case kHostMemoryAlreadyRegistered: *name = "CUDA_ERROR_HOST_MEMORY_ALREADY_REGISTERED"; break;
    case kHostMemoryNotRegistered: *name = "CUDA_ERROR_HOST_MEMORY_NOT_REGISTERED"; break;
    case kLaunchFailed: *name = "CUDA_ERROR_LAUNCH_FAILED"; break;
    case kNotSupported: *name = "CUDA_ERROR_NOT_SUPPORTED"; break;
    case kUnknown: *name = "CUDA_ERROR_UNKNOWN"; break;
    default: *name = nullptr; return kInvalidValue;
  }
  return kSuccess;
}

