// fakecuda.cpp -- an emulated libcuda.so.1: the CUDA driver-API subset that Spate's JCuda backend
// uses, running the kernels compiled into this library by the CPU emulator (native/emu).
// Device memory is host memory with red zones; every copy, memset and pointer kernel argument is
// checked against the allocation table so marshalling bugs come back as CUDA error codes instead of
// crashing the JVM. Exported names are the ABI names JCuda 12.x binds (the _v2 variants).
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "cudaemu_host.h"

namespace {

using CUresult = int;
using CUdevice = int;
using CUdeviceptr = unsigned long long;

constexpr CUresult kSuccess = 0;
constexpr CUresult kInvalidValue = 1;
constexpr CUresult kOutOfMemory = 2;
constexpr CUresult kNotInitialized = 3;
constexpr CUresult kDeinitialized = 4;
constexpr CUresult kNoDevice = 100;
constexpr CUresult kInvalidDevice = 101;
constexpr CUresult kInvalidImage = 200;
constexpr CUresult kInvalidContext = 201;
constexpr CUresult kInvalidPtx = 218;
constexpr CUresult kInvalidHandle = 400;
constexpr CUresult kNotFound = 500;
constexpr CUresult kIllegalAddress = 700;
constexpr CUresult kLaunchOutOfResources = 701;
constexpr CUresult kLaunchFailed = 719;
constexpr CUresult kNotSupported = 801;
constexpr CUresult kUnknown = 999;

constexpr std::size_t kRedZone = 256;
constexpr unsigned char kRedZoneByte = 0xFB;
constexpr unsigned char kFreshByte = 0xA5;  // a GPU does not zero cuMemAlloc either

struct Context {
  int device = 0;
};

struct Entry {
  std::string name;
  std::vector<unsigned> param_sizes;
};

struct Module {
  std::map<std::string, Entry> entries;
};

struct Function {
  Module* module;
  const cudaemu::KernelInfo* kernel;
};

struct Allocation {
  unsigned char* raw;
  std::size_t size;
};

struct Driver {
  std::mutex mutex;
  bool initialized = false;
  std::set<Context*> contexts;
  std::set<Module*> modules;
  std::map<std::pair<Module*, std::string>, std::unique_ptr<Function>> functions;
  std::map<CUdeviceptr, Allocation> allocations;  // keyed by the user start address
  std::set<void*> host_allocations;
  std::size_t allocated_bytes = 0;
};

Driver& driver() {
  static Driver* d = new Driver();  // never destroyed: JVM threads may call in during shutdown
  return *d;
}

thread_local Context* t_current_context = nullptr;

void report(const char* function, const std::string& message) {
  std::fprintf(stderr, "[fakecuda] %s: %s\n", function, message.c_str());
}

CUresult require_context(const char* function) {
  if (!driver().initialized) return kNotInitialized;
  if (t_current_context == nullptr) {
    report(function, "no current context on this thread (call cuCtxCreate or cuCtxSetCurrent)");
    return kInvalidContext;
  }
  return kSuccess;
}

// Finds the allocation containing [address, address + bytes); nullptr when there is none.
const Allocation* find_range(CUdeviceptr address, std::size_t bytes, CUdeviceptr* start) {
  auto& allocations = driver().allocations;
  auto it = allocations.upper_bound(address);
  if (it == allocations.begin()) return nullptr;
  --it;
  const CUdeviceptr base = it->first;
  if (address < base || address - base > it->second.size || bytes > it->second.size - (address - base)) return nullptr;
  if (start) *start = base;
  return &it->second;
}

CUresult check_range(const char* function, CUdeviceptr address, std::size_t bytes) {
  if (find_range(address, bytes, nullptr) == nullptr) {
    char buffer[160];
    std::snprintf(buffer, sizeof buffer, "[0x%llx, +%zu) is outside every device allocation", address, bytes);
    report(function, buffer);
    return kInvalidValue;
  }
  return kSuccess;
}

// Verifies every allocation's red zones (after a launch). Returns the first damaged one's message.
bool red_zones_intact(std::string* message) {
  for (auto& [start, allocation] : driver().allocations) {
    unsigned char* user = allocation.raw + kRedZone;
    for (std::size_t i = 0; i < kRedZone; ++i) {
      if (allocation.raw[i] != kRedZoneByte) {
        char buffer[160];
        std::snprintf(buffer, sizeof buffer, "kernel wrote %zu bytes BEFORE the start of allocation 0x%llx (%zu bytes)",
                      kRedZone - i, start, allocation.size);
        *message = buffer;
        allocation.raw[i] = kRedZoneByte;
        return false;
      }
    }
    const std::size_t tail = kRedZone + (allocation.size % kRedZone == 0 ? 0 : kRedZone - allocation.size % kRedZone);
    for (std::size_t i = 0; i < tail; ++i) {
      if (user[allocation.size + i] != kRedZoneByte) {
        char buffer[160];
        std::snprintf(buffer, sizeof buffer, "kernel wrote at offset +%zu PAST the end of allocation 0x%llx (%zu bytes)",
                      allocation.size + i, start, allocation.size);
        *message = buffer;
        std::memset(user + allocation.size, kRedZoneByte, tail);
        return false;
      }
    }
  }
  return true;
}

// Parses the .entry declarations of PTX text: names and parameter sizes in bytes.
CUresult parse_ptx(const char* text, Module* module, std::string* error) {
  if (std::strstr(text, ".version") == nullptr || std::strstr(text, ".target") == nullptr) {
    *error = "image is not PTX text (fatbins and cubins are not supported by the emulator)";
    return kInvalidImage;
  }
  const char* cursor = text;
  while ((cursor = std::strstr(cursor, ".entry")) != nullptr) {
    cursor += 6;
    while (*cursor == ' ' || *cursor == '\t') ++cursor;
    const char* name_end = cursor;
    while (*name_end && *name_end != '(' && *name_end != ' ' && *name_end != '\n' && *name_end != '\r') ++name_end;
    Entry entry;
    entry.name.assign(cursor, name_end);
    const char* open = std::strchr(name_end, '(');
    const char* brace = std::strchr(name_end, '{');
    if (open != nullptr && (brace == nullptr || open < brace)) {
      const char* close = std::strchr(open, ')');
      if (close == nullptr) {
        *error = "unterminated parameter list of .entry " + entry.name;
        return kInvalidPtx;
      }
      const std::string params(open + 1, close);
      std::size_t position = 0;
      while ((position = params.find(".param", position)) != std::string::npos) {
        const std::size_t end = std::min(params.find(',', position), params.size());
        const std::string declaration = params.substr(position, end - position);
        unsigned size = 0;
        for (const char* type : {".u8", ".s8", ".b8", ".u16", ".s16", ".b16", ".f16", ".u32", ".s32", ".b32", ".f32",
                                 ".u64", ".s64", ".b64", ".f64"}) {
          const std::size_t at = declaration.find(std::string(type) + " ");
          if (at != std::string::npos) {
            size = static_cast<unsigned>(std::atoi(type + 2)) / 8;
            break;
          }
        }
        if (size == 0) {
          *error = "cannot read a parameter type of .entry " + entry.name + ": " + declaration;
          return kInvalidPtx;
        }
        const std::size_t bracket = declaration.find('[');
        if (bracket != std::string::npos) size *= static_cast<unsigned>(std::atoi(declaration.c_str() + bracket + 1));
        entry.param_sizes.push_back(size);
        position = end;
      }
      cursor = close;
    }
    module->entries[entry.name] = entry;
  }
  if (module->entries.empty()) {
    *error = "PTX declares no .entry";
    return kInvalidImage;
  }
  return kSuccess;
}

CUresult load_module(const char* function, void** module_out, const void* image) {
  if (!driver().initialized) return kNotInitialized;
  if (module_out == nullptr || image == nullptr) return kInvalidValue;
  if (CUresult r = require_context(function)) return r;
  auto module = std::make_unique<Module>();
  std::string error;
  if (CUresult r = parse_ptx(static_cast<const char*>(image), module.get(), &error)) {
    report(function, error);
    return r;
  }
  std::lock_guard<std::mutex> lock(driver().mutex);
  *module_out = module.get();
  driver().modules.insert(module.release());
  return kSuccess;
}

}  // namespace

extern "C" {


__attribute__((visibility("default"))) CUresult cuInit(unsigned flags) {
  if (flags != 0) return kInvalidValue;
  driver().initialized = true;
  return kSuccess;
}

__attribute__((visibility("default"))) CUresult cuDriverGetVersion(int* version) {
  if (version == nullptr) return kInvalidValue;
  *version = 13000;  // PTX from CUDA 13 (ISA 9.0) needs an R580+ driver
  return kSuccess;
}

__attribute__((visibility("default"))) CUresult cuDeviceGetCount(int* count) {
  if (!driver().initialized) return kNotInitialized;
  if (count == nullptr) return kInvalidValue;
  *count = 1;
  return kSuccess;
}

__attribute__((visibility("default"))) CUresult cuDeviceGet(CUdevice* device, int ordinal) {
  if (!driver().initialized) return kNotInitialized;
  if (device == nullptr) return kInvalidValue;
  if (ordinal != 0) return kInvalidDevice;
  *device = 0;
  return kSuccess;
}

__attribute__((visibility("default"))) CUresult cuDeviceGetName(char* name, int length, CUdevice device) {
  if (!driver().initialized) return kNotInitialized;
  if (device != 0) return kInvalidDevice;
  if (name == nullptr || length <= 0) return kInvalidValue;
  std::snprintf(name, static_cast<std::size_t>(length), "%s", "Spate cudaemu CPU emulator");
  return kSuccess;
}

__attribute__((visibility("default"))) CUresult cuDeviceGetAttribute(int* value, int attribute, CUdevice device) {
  if (!driver().initialized) return kNotInitialized;
  if (device != 0) return kInvalidDevice;
  if (value == nullptr) return kInvalidValue;
  switch (attribute) {
    case 1: *value = 1024; break;          // MAX_THREADS_PER_BLOCK
    case 2: case 3: *value = 1024; break;  // MAX_BLOCK_DIM_X / Y
    case 4: *value = 64; break;            // MAX_BLOCK_DIM_Z
    case 5: *value = 2147483647; break;    // MAX_GRID_DIM_X
    case 6: case 7: *value = 65535; break; // MAX_GRID_DIM_Y / Z
    case 8: *value = 49152; break;         // MAX_SHARED_MEMORY_PER_BLOCK
    case 9: *value = 65536; break;         // TOTAL_CONSTANT_MEMORY
    case 10: *value = 32; break;           // WARP_SIZE
    case 12: *value = 65536; break;        // MAX_REGISTERS_PER_BLOCK
    case 13: *value = 1000000; break;      // CLOCK_RATE (kHz)
    case 16: *value = static_cast<int>(cudaemu::config().workers); break;  // MULTIPROCESSOR_COUNT
    case 39: *value = 2048; break;         // MAX_THREADS_PER_MULTIPROCESSOR
    case 75: *value = 9; break;            // COMPUTE_CAPABILITY_MAJOR
    case 76: *value = 0; break;            // COMPUTE_CAPABILITY_MINOR
    default: *value = 0; break;
  }
  return kSuccess;
}

__attribute__((visibility("default"))) CUresult cuDeviceComputeCapability(int* major, int* minor, CUdevice device) {
  if (!driver().initialized) return kNotInitialized;
  if (device != 0) return kInvalidDevice;
  if (major == nullptr || minor == nullptr) return kInvalidValue;
  *major = 9;
  *minor = 0;
  return kSuccess;
}

__attribute__((visibility("default"))) CUresult cuDeviceTotalMem_v2(std::size_t* bytes, CUdevice device) {
  if (!driver().initialized) return kNotInitialized;
  if (device != 0) return kInvalidDevice;
  if (bytes == nullptr) return kInvalidValue;
  *bytes = std::size_t{4} << 30;
  return kSuccess;
}

__attribute__((visibility("default"))) CUresult cuCtxCreate_v2(void** context, unsigned flags, CUdevice device) {
  (void)flags;
  if (!driver().initialized) return kNotInitialized;
  if (device != 0) return kInvalidDevice;
  if (context == nullptr) return kInvalidValue;
  auto* c = new Context();
  {
    std::lock_guard<std::mutex> lock(driver().mutex);
    driver().contexts.insert(c);
  }
  t_current_context = c;
  *context = c;
  return kSuccess;
}

__attribute__((visibility("default"))) CUresult cuCtxDestroy_v2(void* context) {
  if (!driver().initialized) return kNotInitialized;
  std::lock_guard<std::mutex> lock(driver().mutex);
  auto* c = static_cast<Context*>(context);
  if (driver().contexts.erase(c) == 0) return kInvalidContext;
  if (t_current_context == c) t_current_context = nullptr;
  delete c;
  return kSuccess;
}

__attribute__((visibility("default"))) CUresult cuCtxSetCurrent(void* context) {
  if (!driver().initialized) return kNotInitialized;
  std::lock_guard<std::mutex> lock(driver().mutex);
  auto* c = static_cast<Context*>(context);
  if (c != nullptr && driver().contexts.count(c) == 0) return kInvalidContext;
  t_current_context = c;
  return kSuccess;
}

__attribute__((visibility("default"))) CUresult cuCtxGetCurrent(void** context) {
  if (!driver().initialized) return kNotInitialized;
  if (context == nullptr) return kInvalidValue;
  *context = t_current_context;
  return kSuccess;
}

__attribute__((visibility("default"))) CUresult cuCtxSynchronize() {
  return require_context("cuCtxSynchronize");  // launches are synchronous
}

__attribute__((visibility("default"))) CUresult cuModuleLoadData(void** module, const void* image) {
  return load_module("cuModuleLoadData", module, image);
}

__attribute__((visibility("default"))) CUresult cuModuleLoadDataEx(void** module, const void* image, unsigned options,
                                                                   void* option_keys, void** option_values) {
  (void)options;
  (void)option_keys;
  (void)option_values;
  return load_module("cuModuleLoadDataEx", module, image);
}

__attribute__((visibility("default"))) CUresult cuModuleUnload(void* module) {
  if (!driver().initialized) return kNotInitialized;
  std::lock_guard<std::mutex> lock(driver().mutex);
  auto* m = static_cast<Module*>(module);
  if (driver().modules.erase(m) == 0) return kInvalidHandle;
  for (auto it = driver().functions.begin(); it != driver().functions.end();) {
    it = it->first.first == m ? driver().functions.erase(it) : std::next(it);
  }
  delete m;
  return kSuccess;
}

__attribute__((visibility("default"))) CUresult cuModuleGetFunction(void** function, void* module, const char* name) {
  if (CUresult r = require_context("cuModuleGetFunction")) return r;
  if (function == nullptr || name == nullptr) return kInvalidValue;
  std::lock_guard<std::mutex> lock(driver().mutex);
  auto* m = static_cast<Module*>(module);
  if (driver().modules.count(m) == 0) return kInvalidHandle;
  auto entry = m->entries.find(name);
  if (entry == m->entries.end()) {
    report("cuModuleGetFunction", std::string("the module's PTX has no .entry ") + name);
    return kNotFound;
  }
  const cudaemu::KernelInfo* kernel = cudaemu::find_kernel(name);
  if (kernel == nullptr) {
    report("cuModuleGetFunction", std::string(name) + " is not compiled into the emulator (stale native build?)");
    return kNotFound;
  }
  const std::vector<unsigned>& ptx = entry->second.param_sizes;
  bool same = ptx.size() == kernel->nparams;
  for (unsigned i = 0; same && i < kernel->nparams; ++i) same = ptx[i] == kernel->param_sizes[i];
  if (!same) {
    report("cuModuleGetFunction", std::string(name) +
                                      ": PTX parameter list differs from the emulator's C++ signature (stale PTX or "
                                      "native build)");
    return kInvalidImage;
  }
  auto& slot = driver().functions[{m, name}];
  if (!slot) slot = std::make_unique<Function>(Function{m, kernel});
  *function = slot.get();
  return kSuccess;
}

__attribute__((visibility("default"))) CUresult cuMemAlloc_v2(CUdeviceptr* pointer, std::size_t bytes) {
  if (CUresult r = require_context("cuMemAlloc")) return r;
  if (pointer == nullptr || bytes == 0) return kInvalidValue;
  const std::size_t padded = (bytes + kRedZone - 1) / kRedZone * kRedZone;
  auto* raw = static_cast<unsigned char*>(std::aligned_alloc(kRedZone, padded + 2 * kRedZone));
  if (raw == nullptr) return kOutOfMemory;
  std::memset(raw, kRedZoneByte, kRedZone);
  std::memset(raw + kRedZone, kFreshByte, bytes);
  std::memset(raw + kRedZone + bytes, kRedZoneByte, padded - bytes + kRedZone);
  std::lock_guard<std::mutex> lock(driver().mutex);
  const auto user = reinterpret_cast<CUdeviceptr>(raw + kRedZone);
  driver().allocations[user] = Allocation{raw, bytes};
  driver().allocated_bytes += bytes;
  *pointer = user;
  return kSuccess;
}

__attribute__((visibility("default"))) CUresult cuMemFree_v2(CUdeviceptr pointer) {
  if (CUresult r = require_context("cuMemFree")) return r;
  if (pointer == 0) return kSuccess;
  std::lock_guard<std::mutex> lock(driver().mutex);
  auto it = driver().allocations.find(pointer);
  if (it == driver().allocations.end()) {
    char buffer[96];
    std::snprintf(buffer, sizeof buffer, "0x%llx is not the start of a live allocation (double free?)", pointer);
    report("cuMemFree", buffer);
    return kInvalidValue;
  }
  driver().allocated_bytes -= it->second.size;
  std::free(it->second.raw);
  driver().allocations.erase(it);
  return kSuccess;
}

__attribute__((visibility("default"))) CUresult cuMemGetInfo_v2(std::size_t* free_bytes, std::size_t* total_bytes) {
  if (CUresult r = require_context("cuMemGetInfo")) return r;
  if (free_bytes == nullptr || total_bytes == nullptr) return kInvalidValue;
  std::lock_guard<std::mutex> lock(driver().mutex);
  *total_bytes = std::size_t{4} << 30;
  *free_bytes = *total_bytes > driver().allocated_bytes ? *total_bytes - driver().allocated_bytes : 0;
  return kSuccess;
}

__attribute__((visibility("default"))) CUresult cuMemAllocHost_v2(void** pointer, std::size_t bytes) {
  if (CUresult r = require_context("cuMemAllocHost")) return r;
  if (pointer == nullptr || bytes == 0) return kInvalidValue;
  void* memory = std::aligned_alloc(4096, (bytes + 4095) / 4096 * 4096);
  if (memory == nullptr) return kOutOfMemory;
  std::lock_guard<std::mutex> lock(driver().mutex);
  driver().host_allocations.insert(memory);
  *pointer = memory;
  return kSuccess;
}

__attribute__((visibility("default"))) CUresult cuMemFreeHost(void* pointer) {
  if (CUresult r = require_context("cuMemFreeHost")) return r;
  std::lock_guard<std::mutex> lock(driver().mutex);
  if (driver().host_allocations.erase(pointer) == 0) {
    report("cuMemFreeHost", "pointer was not returned by cuMemAllocHost");
    return kInvalidValue;
  }
  std::free(pointer);
  return kSuccess;
}

__attribute__((visibility("default"))) CUresult cuMemcpyHtoD_v2(CUdeviceptr destination, const void* source,
                                                                std::size_t bytes) {
  if (CUresult r = require_context("cuMemcpyHtoD")) return r;
  if (bytes == 0) return kSuccess;
  if (source == nullptr) return kInvalidValue;
  std::lock_guard<std::mutex> lock(driver().mutex);
  if (CUresult r = check_range("cuMemcpyHtoD", destination, bytes)) return r;
  std::memcpy(reinterpret_cast<void*>(destination), source, bytes);
  return kSuccess;
}

__attribute__((visibility("default"))) CUresult cuMemcpyDtoH_v2(void* destination, CUdeviceptr source, std::size_t bytes) {
  if (CUresult r = require_context("cuMemcpyDtoH")) return r;
  if (bytes == 0) return kSuccess;
  if (destination == nullptr) return kInvalidValue;
  std::lock_guard<std::mutex> lock(driver().mutex);
  if (CUresult r = check_range("cuMemcpyDtoH", source, bytes)) return r;
  std::memcpy(destination, reinterpret_cast<const void*>(source), bytes);
  return kSuccess;
}

__attribute__((visibility("default"))) CUresult cuMemcpyDtoD_v2(CUdeviceptr destination, CUdeviceptr source,
                                                                std::size_t bytes) {
  if (CUresult r = require_context("cuMemcpyDtoD")) return r;
  if (bytes == 0) return kSuccess;
  std::lock_guard<std::mutex> lock(driver().mutex);
  if (CUresult r = check_range("cuMemcpyDtoD", source, bytes)) return r;
  if (CUresult r = check_range("cuMemcpyDtoD", destination, bytes)) return r;
  std::memmove(reinterpret_cast<void*>(destination), reinterpret_cast<const void*>(source), bytes);
  return kSuccess;
}

__attribute__((visibility("default"))) CUresult cuMemsetD8_v2(CUdeviceptr destination, unsigned char value,
                                                              std::size_t count) {
  if (CUresult r = require_context("cuMemsetD8")) return r;
  if (count == 0) return kSuccess;
  std::lock_guard<std::mutex> lock(driver().mutex);
  if (CUresult r = check_range("cuMemsetD8", destination, count)) return r;
  std::memset(reinterpret_cast<void*>(destination), value, count);
  return kSuccess;
}

__attribute__((visibility("default"))) CUresult cuMemsetD32_v2(CUdeviceptr destination, unsigned value,
                                                               std::size_t count) {
  if (CUresult r = require_context("cuMemsetD32")) return r;
  if (count == 0) return kSuccess;
  if (destination % 4 != 0) return kInvalidValue;
  std::lock_guard<std::mutex> lock(driver().mutex);
  if (CUresult r = check_range("cuMemsetD32", destination, count * 4)) return r;
  auto* words = reinterpret_cast<unsigned*>(destination);
  for (std::size_t i = 0; i < count; ++i) words[i] = value;
  return kSuccess;
}

__attribute__((visibility("default"))) CUresult cuLaunchKernel(void* function, unsigned grid_x, unsigned grid_y,
                                                               unsigned grid_z, unsigned block_x, unsigned block_y,
                                                               unsigned block_z, unsigned shared_bytes, void* stream,
                                                               void** params, void** extra) {
  (void)stream;  // every launch is synchronous
  if (CUresult r = require_context("cuLaunchKernel")) return r;
  if (extra != nullptr) {
    report("cuLaunchKernel", "the `extra` argument form is not emulated; pass kernelParams");
    return kNotSupported;
  }
  std::unique_lock<std::mutex> lock(driver().mutex);
  auto* f = static_cast<Function*>(function);
  bool known = false;
  for (const auto& [key, value] : driver().functions) known = known || value.get() == f;
  if (!known) return kInvalidHandle;
  const cudaemu::KernelInfo* kernel = f->kernel;
  if (kernel->nparams > 0 && params == nullptr) {
    report("cuLaunchKernel", std::string(kernel->name) + ": kernelParams is NULL");
    return kInvalidValue;
  }
  for (unsigned i = 0; i < kernel->nparams; ++i) {
    if (params[i] == nullptr) {
      report("cuLaunchKernel", std::string(kernel->name) + ": kernelParams[" + std::to_string(i) + "] is NULL");
      return kInvalidValue;
    }
    if (!kernel->param_is_pointer[i]) continue;
    CUdeviceptr value;
    std::memcpy(&value, params[i], sizeof value);
    if (value != 0 && find_range(value, 0, nullptr) == nullptr) {
      char buffer[256];
      std::snprintf(buffer, sizeof buffer,
                    "%s: parameter %u = 0x%llx is not device memory (host pointer, freed buffer or wrong argument "
                    "order?)",
                    kernel->name, i, value);
      report("cuLaunchKernel", buffer);
      return kInvalidValue;
    }
  }
  lock.unlock();
  std::string error;
  const int status = cudaemu::launch(kernel->fn, kernel->invoke, cudaemu::dim3(grid_x, grid_y, grid_z),
                                     cudaemu::dim3(block_x, block_y, block_z), shared_bytes, params, &error);
  if (status != cudaemu::kSuccess) {
    report("cuLaunchKernel", error);
    return status;
  }
  lock.lock();
  std::string damage;
  if (!red_zones_intact(&damage)) {
    report("cuLaunchKernel", std::string(kernel->name) + ": " + damage);
    return kIllegalAddress;
  }
  return kSuccess;
}

__attribute__((visibility("default"))) CUresult cuGetErrorString(CUresult error, const char** text) {
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
    case kIllegalAddress: *text = "an illegal memory access was encountered"; break;
    case kLaunchOutOfResources: *text = "too many resources requested for launch"; break;
    case kLaunchFailed: *text = "unspecified launch failure"; break;
    case kNotSupported: *text = "operation not supported"; break;
    default: *text = nullptr; return kInvalidValue;
  }
  return kSuccess;
}

__attribute__((visibility("default"))) CUresult cuGetErrorName(CUresult error, const char** name) {
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
    case kIllegalAddress: *name = "CUDA_ERROR_ILLEGAL_ADDRESS"; break;
    case kLaunchOutOfResources: *name = "CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES"; break;
    case kLaunchFailed: *name = "CUDA_ERROR_LAUNCH_FAILED"; break;
    case kNotSupported: *name = "CUDA_ERROR_NOT_SUPPORTED"; break;
    case kUnknown: *name = "CUDA_ERROR_UNKNOWN"; break;
    default: *name = nullptr; return kInvalidValue;
  }
  return kSuccess;
}

}  // extern "C"
