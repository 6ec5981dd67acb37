// fakecuda_module.cpp -- the emulated driver's modules (PTX text parsed for .entry names and .param
// sizes, matched against the kernels compiled into the emulator), kernel launches with argument and
// red-zone checks, function attributes and the occupancy calculator.
#include <algorithm>
#include <cstdio>
#include <cstring>

#include "fakecuda_internal.h"

using namespace fakecuda;

namespace {

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
  const char* version = std::strstr(text, ".version");
  int major = 0, minor = 0;
  if (std::sscanf(version + 8, " %d.%d", &major, &minor) == 2) module->ptx_version = major * 10 + minor;
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

// The function behind a CUfunction handle (driver().mutex held); nullptr, explained, when unknown.
const Function* find_function(const char* function, void* handle) {
  for (const auto& [key, value] : driver().functions) {
    if (value.get() == handle) return value.get();
  }
  report(function, "not a CUfunction from cuModuleGetFunction of a loaded module");
  return nullptr;
}

// Resident blocks per multiprocessor for a block size and dynamic shared memory, as a compute
// capability 9.0 device would fit them (threads, block slots and shared memory; registers are not
// limiting for kernels of 32 registers per thread or fewer).
int resident_blocks(int block_size, std::size_t shared_bytes) {
  if (block_size <= 0 || block_size > kMaxThreadsPerBlock || shared_bytes > static_cast<std::size_t>(kSharedMemoryPerBlock)) {
    return 0;
  }
  int blocks = std::min(kMaxBlocksPerMultiprocessor, kMaxThreadsPerMultiprocessor / block_size);
  if (shared_bytes > 0) {
    blocks = std::min(blocks, static_cast<int>(kSharedMemoryPerMultiprocessor / shared_bytes));
  }
  return blocks;
}

}  // namespace

FAKECUDA_API CUresult cuModuleLoadData(void** module, const void* image) {
  return load_module("cuModuleLoadData", module, image);
}

FAKECUDA_API CUresult cuModuleLoadDataEx(void** module, const void* image, unsigned options,
                                      void* option_keys, void** option_values) {
  (void)options;
  (void)option_keys;
  (void)option_values;
  return load_module("cuModuleLoadDataEx", module, image);
}

FAKECUDA_API CUresult cuModuleUnload(void* module) {
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

FAKECUDA_API CUresult cuModuleGetFunction(void** function, void* module, const char* name) {
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

// Launches run to completion before returning, so the stream only has to be a valid handle.
FAKECUDA_API CUresult cuLaunchKernel(void* function, unsigned grid_x, unsigned grid_y, unsigned grid_z,
                                     unsigned block_x, unsigned block_y, unsigned block_z, unsigned shared_bytes,
                                     void* stream, void** params, void** extra) {
  if (CUresult r = require_context("cuLaunchKernel")) return r;
  if (extra != nullptr) {
    report("cuLaunchKernel", "the `extra` argument form is not emulated; pass kernelParams");
    return kNotSupported;
  }
  std::unique_lock<std::mutex> lock(driver().mutex);
  if (CUresult r = check_stream("cuLaunchKernel", stream)) return r;
  const Function* f = find_function("cuLaunchKernel", function);
  if (f == nullptr) return kInvalidHandle;
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
    if (value != 0 && find_range(value, 0) == nullptr) {
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

// Static values for the emulated kernels: the emulator has no registers, local or constant memory,
// so NUM_REGS is 32 (ptxas reports 20-40 for Spate's kernels at sm_90) and the sizes are 0.
FAKECUDA_API CUresult cuFuncGetAttribute(int* value, int attribute, void* function) {
  if (CUresult r = require_context("cuFuncGetAttribute")) return r;
  if (value == nullptr) return kInvalidValue;
  std::lock_guard<std::mutex> lock(driver().mutex);
  const Function* f = find_function("cuFuncGetAttribute", function);
  if (f == nullptr) return kInvalidHandle;
  switch (attribute) {
    case 0: *value = kMaxThreadsPerBlock; break;     // MAX_THREADS_PER_BLOCK
    case 1: case 2: case 3: *value = 0; break;       // SHARED_SIZE_BYTES, CONST_SIZE_BYTES, LOCAL_SIZE_BYTES
    case 4: *value = 32; break;                      // NUM_REGS
    case 5: *value = f->module->ptx_version; break;  // PTX_VERSION (major * 10 + minor)
    case 6: *value = 90; break;                      // BINARY_VERSION: JIT-compiled for the sm_90 device
    case 7: *value = 0; break;                       // CACHE_MODE_CA
    case 8: *value = kSharedMemoryPerBlock; break;   // MAX_DYNAMIC_SHARED_SIZE_BYTES
    case 9: *value = -1; break;                      // PREFERRED_SHARED_MEMORY_CARVEOUT: no preference
    case 10: case 11: case 12: case 13: case 14: case 15: *value = 0; break;  // cluster attributes: none
    default:
      report("cuFuncGetAttribute", "unknown CUfunction_attribute " + std::to_string(attribute));
      return kInvalidValue;
  }
  return kSuccess;
}

FAKECUDA_API CUresult cuOccupancyMaxActiveBlocksPerMultiprocessor(int* blocks, void* function, int block_size,
                                                                  std::size_t shared_bytes) {
  if (CUresult r = require_context("cuOccupancyMaxActiveBlocksPerMultiprocessor")) return r;
  if (blocks == nullptr) return kInvalidValue;
  std::lock_guard<std::mutex> lock(driver().mutex);
  if (find_function("cuOccupancyMaxActiveBlocksPerMultiprocessor", function) == nullptr) return kInvalidHandle;
  *blocks = resident_blocks(block_size, shared_bytes);
  return kSuccess;
}

// The largest warp-multiple block size (up to block_size_limit when it is positive) whose dynamic
// shared memory fits, and the grid size that fills every multiprocessor with it.
FAKECUDA_API CUresult cuOccupancyMaxPotentialBlockSize(int* min_grid_size, int* block_size, void* function,
                                                       std::size_t (*shared_bytes_of_block)(int),
                                                       std::size_t shared_bytes, int block_size_limit) {
  if (CUresult r = require_context("cuOccupancyMaxPotentialBlockSize")) return r;
  if (min_grid_size == nullptr || block_size == nullptr) return kInvalidValue;
  std::lock_guard<std::mutex> lock(driver().mutex);
  if (find_function("cuOccupancyMaxPotentialBlockSize", function) == nullptr) return kInvalidHandle;
  const int limit = block_size_limit > 0 ? std::min(block_size_limit, kMaxThreadsPerBlock) : kMaxThreadsPerBlock;
  int best_block = 0, best_threads = 0;
  for (int candidate = limit / 32 * 32; candidate > 0; candidate -= 32) {
    const std::size_t bytes = shared_bytes_of_block != nullptr ? shared_bytes_of_block(candidate) : shared_bytes;
    const int threads = resident_blocks(candidate, bytes) * candidate;
    if (threads > best_threads) {
      best_threads = threads;
      best_block = candidate;
    }
  }
  *block_size = best_block;
  *min_grid_size = best_block == 0 ? 0 : best_threads / best_block * multiprocessor_count();
  return kSuccess;
}
