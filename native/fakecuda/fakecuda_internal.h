// fakecuda_internal.h -- state and checks shared by the emulated driver's translation units
// (fakecuda.cpp: setup, devices, contexts, errors; fakecuda_module.cpp: modules, launches, function
// attributes; fakecuda_memory.cpp: device and host memory, copies; fakecuda_stream.cpp: streams, events).
#pragma once
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "cudaemu_host.h"

#define FAKECUDA_API extern "C" __attribute__((visibility("default")))

namespace fakecuda {

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
constexpr CUresult kNotReady = 600;
constexpr CUresult kIllegalAddress = 700;
constexpr CUresult kLaunchOutOfResources = 701;
constexpr CUresult kHostMemoryAlreadyRegistered = 712;
constexpr CUresult kHostMemoryNotRegistered = 713;
constexpr CUresult kLaunchFailed = 719;
constexpr CUresult kNotSupported = 801;
constexpr CUresult kUnknown = 999;

// The emulated device: one GPU that looks like compute capability 9.0.
constexpr int kMaxThreadsPerBlock = 1024;
constexpr int kMaxThreadsPerMultiprocessor = 2048;
constexpr int kMaxBlocksPerMultiprocessor = 32;
constexpr int kSharedMemoryPerBlock = 48 * 1024;
constexpr int kSharedMemoryPerMultiprocessor = 228 * 1024;
constexpr std::size_t kTotalMemory = std::size_t{4} << 30;
int multiprocessor_count();  // the emulator's worker threads (CUDAEMU_WORKERS)

// Device memory: host memory between red zones, filled with kFreshByte (a GPU does not zero cuMemAlloc).
constexpr std::size_t kRedZone = 256;
constexpr unsigned char kRedZoneByte = 0xFB;
constexpr unsigned char kFreshByte = 0xA5;

// A context. Context objects are never freed, so a stale handle is detected (alive == false) instead
// of being a dangling pointer; the primary context keeps its handle across release and retain.
struct Context {
  int device = 0;
  bool primary = false;
  unsigned flags = 0;
  std::atomic<bool> alive{true};
};

struct Stream {
  Context* context;
  unsigned flags;
  int priority;
};

struct Event {
  Context* context;
  unsigned flags;
  bool recorded = false;
  std::chrono::steady_clock::time_point time;
};

struct Allocation {
  unsigned char* raw;
  std::size_t size;
  Context* context;
};

// Page-locked host memory from cuMemAllocHost / cuMemHostAlloc, or a cuMemHostRegister range.
struct HostRange {
  std::size_t size;
  unsigned flags;
};

struct Entry {
  std::string name;
  std::vector<unsigned> param_sizes;
};

struct Module {
  std::map<std::string, Entry> entries;
  int ptx_version = 0;  // `.version 9.0` gives 90
};

struct Function {
  Module* module;
  const cudaemu::KernelInfo* kernel;
};

struct Driver {
  std::mutex mutex;  // guards everything below
  bool initialized = false;
  std::set<Context*> contexts;  // every context ever made; Context::alive says which still exist
  Context* primary = nullptr;
  int primary_references = 0;
  std::set<Module*> modules;
  std::map<std::pair<Module*, std::string>, std::unique_ptr<Function>> functions;
  std::set<Stream*> streams;
  std::set<Event*> events;
  std::map<CUdeviceptr, Allocation> allocations;  // keyed by the user start address
  std::size_t allocated_bytes = 0;
  std::map<std::uintptr_t, HostRange> host_allocations;    // keyed by the start address
  std::map<std::uintptr_t, HostRange> host_registrations;  // keyed by the start address
};

Driver& driver();

// Prints "[fakecuda] <function>: <message>" on stderr.
void report(const char* function, const std::string& message);

// The calling thread's current context (top of its context stack), or nullptr.
Context* current_context();

// kNotInitialized before cuInit, kInvalidContext without a live current context, else kSuccess.
CUresult require_context(const char* function);

// Both need driver().mutex held.
// Finds the allocation containing [address, address + bytes); nullptr when there is none.
const Allocation* find_range(CUdeviceptr address, std::size_t bytes);
// kInvalidValue (explained on stderr) unless [address, address + bytes) lies in one live allocation.
CUresult check_range(const char* function, CUdeviceptr address, std::size_t bytes);
// kInvalidHandle unless `stream` is NULL, CU_STREAM_LEGACY, CU_STREAM_PER_THREAD or a live stream of
// the current context.
CUresult check_stream(const char* function, void* stream);
// Frees a context's allocations, streams and events (cuCtxDestroy, last primary-context release).
void release_context_resources(Context* context);

}  // namespace fakecuda
