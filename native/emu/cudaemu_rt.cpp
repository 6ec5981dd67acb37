// cudaemu_rt.cpp -- runtime of the CUDA-on-CPU emulator: fibers, the per-block scheduler, warp
// collectives, barriers and the pool of OS threads that runs blocks.
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <random>
#include <thread>

#include "cudaemu_host.h"

#if !defined(__x86_64__) || defined(CUDAEMU_UCONTEXT)
#define CUDAEMU_USE_UCONTEXT 1
#include <ucontext.h>
#endif

namespace cudaemu {

__thread ThreadCoords* t_thread = nullptr;
__thread BlockCoords* t_block = nullptr;

namespace {

enum FiberState { RUNNABLE, AT_BARRIER, AT_WARP, DONE, FAILED };

struct Fiber {
#ifdef CUDAEMU_USE_UCONTEXT
  ucontext_t context;
#else
  void* sp = nullptr;
#endif
  char* stack = nullptr;
  std::size_t stack_bytes = 0;
  FiberState state = DONE;
  ThreadCoords coords{};
  unsigned linear = 0;
  int barrier_value = 0;
  unsigned long long warp_result = 0;
  unsigned atomics = 0;
};

constexpr unsigned kMaxPendingPerWarp = 4;

struct Pending {
  bool used = false;
  int op = 0;
  int width = 32;
  unsigned mask = 0;
  unsigned arrived = 0;
  unsigned long long values[32] = {};
  int params[32] = {};
};

struct WarpState {
  Pending pending[kMaxPendingPerWarp];
};

struct LaunchState {
  void* fn = nullptr;
  void (*invoke)(void*, void**) = nullptr;
  const char* name = "?";
  dim3 grid, block;
  void** params = nullptr;
  unsigned long long blocks = 0;
  unsigned long long launch_id = 0;
  std::atomic<unsigned long long> next_block{0};
  std::atomic<bool> failed{false};
  std::mutex error_mutex;
  std::string error;
  Config config{};
};

struct BlockRun {
  LaunchState* launch = nullptr;
  BlockCoords coords{};
  Fiber* fibers = nullptr;
  unsigned threads = 0;
  unsigned done = 0;
  unsigned at_barrier = 0;
  unsigned at_warp = 0;
  int barrier_result = 0;
  bool fuzz = false;
  std::mt19937_64 rng;
  std::uint64_t yield_threshold = 0;
  std::vector<WarpState> warps;
  std::string error;
#ifdef CUDAEMU_USE_UCONTEXT
  ucontext_t scheduler;
#else
  void* scheduler_sp = nullptr;
#endif
};

__thread BlockRun* t_run = nullptr;
__thread Fiber* t_current = nullptr;
thread_local std::vector<Fiber> t_fiber_pool;

#ifndef CUDAEMU_USE_UCONTEXT
// cudaemu_switch(save, next): saves callee-saved registers, MXCSR and the x87 control word on the
// current stack, stores the stack pointer in *save and resumes the stack `next`.
extern "C" void cudaemu_switch(void** save, void* next);
asm(R"(
  .text
  .globl cudaemu_switch
  .hidden cudaemu_switch
  .type cudaemu_switch,@function
cudaemu_switch:
  pushq %rbp
  pushq %rbx
  pushq %r12
  pushq %r13
  pushq %r14
  pushq %r15
  subq $16, %rsp
  stmxcsr 8(%rsp)
  fnstcw (%rsp)
  movq %rsp, (%rdi)
  movq %rsi, %rsp
  ldmxcsr 8(%rsp)
  fldcw (%rsp)
  addq $16, %rsp
  popq %r15
  popq %r14
  popq %r13
  popq %r12
  popq %rbx
  popq %rbp
  ret
  .size cudaemu_switch,.-cudaemu_switch
)");
#endif

void switch_to_scheduler() {
  BlockRun* run = t_run;
#ifdef CUDAEMU_USE_UCONTEXT
  swapcontext(&t_current->context, &run->scheduler);
#else
  cudaemu_switch(&t_current->sp, run->scheduler_sp);
#endif
}

void switch_to_fiber(BlockRun* run, Fiber* fiber) {
  t_current = fiber;
  t_thread = &fiber->coords;
#ifdef CUDAEMU_USE_UCONTEXT
  swapcontext(&run->scheduler, &fiber->context);
#else
  cudaemu_switch(&run->scheduler_sp, fiber->sp);
#endif
}

void fiber_main() {
  BlockRun* run = t_run;
  run->launch->invoke(run->launch->fn, run->launch->params);
  t_current->state = DONE;
  run->done++;
  switch_to_scheduler();
  std::abort();  // a finished fiber is never resumed
}

[[noreturn]] void fail_fiber(const char* message) {
  BlockRun* run = t_run;
  if (run->error.empty()) {
    char buffer[512];
    const ThreadCoords& t = t_current->coords;
    std::snprintf(buffer, sizeof buffer, "%s: block (%u,%u,%u) thread (%u,%u,%u): %s", run->launch->name,
                  run->coords.bid.x, run->coords.bid.y, run->coords.bid.z, t.tid.x, t.tid.y, t.tid.z, message);
    run->error = buffer;
  }
  t_current->state = FAILED;
  switch_to_scheduler();
  std::abort();
}

void prepare_fiber(Fiber& fiber, std::size_t stack_bytes) {
  if (fiber.stack == nullptr || fiber.stack_bytes != stack_bytes) {
    if (fiber.stack != nullptr) munmap(fiber.stack - getpagesize(), fiber.stack_bytes + getpagesize());
    const std::size_t page = static_cast<std::size_t>(getpagesize());
    void* memory = mmap(nullptr, stack_bytes + page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (memory == MAP_FAILED) {
      std::fprintf(stderr, "[cudaemu] cannot map a fiber stack of %zu bytes\n", stack_bytes);
      std::abort();
    }
    mprotect(memory, page, PROT_NONE);  // guard page below the stack
    fiber.stack = static_cast<char*>(memory) + page;
    fiber.stack_bytes = stack_bytes;
  }
#ifdef CUDAEMU_USE_UCONTEXT
  getcontext(&fiber.context);
  fiber.context.uc_stack.ss_sp = fiber.stack;
  fiber.context.uc_stack.ss_size = fiber.stack_bytes;
  fiber.context.uc_link = nullptr;
  makecontext(&fiber.context, &fiber_main, 0);
#else
  auto top = reinterpret_cast<std::uintptr_t>(fiber.stack + fiber.stack_bytes) & ~std::uintptr_t{15};
  auto* sp = reinterpret_cast<std::uint64_t*>(top);
  *--sp = 0;                                               // fake return address of fiber_main
  *--sp = reinterpret_cast<std::uint64_t>(&fiber_main);    // popped by `ret`
  for (int i = 0; i < 6; ++i) *--sp = 0;                   // rbp rbx r12 r13 r14 r15
  sp -= 2;                                                 // x87 control word, MXCSR
  const std::uint32_t mxcsr = 0x1F80;
  const std::uint16_t fcw = 0x037F;
  std::memcpy(reinterpret_cast<char*>(sp) + 8, &mxcsr, sizeof mxcsr);
  std::memcpy(reinterpret_cast<char*>(sp), &fcw, sizeof fcw);
  fiber.sp = sp;
#endif
}

unsigned lanes_in_warp(const BlockRun* run, unsigned warp) {
  const unsigned first = warp * 32;
  return std::min(32u, run->threads - first);
}

void describe_deadlock(BlockRun* run) {
  unsigned runnable = 0, barrier = 0, warp = 0, done = 0;
  for (unsigned i = 0; i < run->threads; ++i) {
    switch (run->fibers[i].state) {
      case RUNNABLE: runnable++; break;
      case AT_BARRIER: barrier++; break;
      case AT_WARP: warp++; break;
      default: done++; break;
    }
  }
  char buffer[512];
  int used = std::snprintf(buffer, sizeof buffer,
                           "%s: block (%u,%u,%u): deadlock: %u threads wait in __syncthreads, %u in warp "
                           "collectives, %u exited",
                           run->launch->name, run->coords.bid.x, run->coords.bid.y, run->coords.bid.z, barrier,
                           warp, done);
  for (unsigned w = 0; w < run->warps.size() && used < 400; ++w) {
    for (const Pending& p : run->warps[w].pending) {
      if (p.used) {
        used += std::snprintf(buffer + used, sizeof buffer - used, "; warp %u collective %d mask 0x%08x arrived 0x%08x",
                              w, p.op, p.mask, p.arrived);
      }
    }
  }
  run->error = buffer;
}

// Runs one block on the calling OS thread. Returns false (with run.error set) on a kernel error.
bool run_block(LaunchState* launch, unsigned long long block_index) {
  const dim3 g = launch->grid, b = launch->block;
  const unsigned threads = b.x * b.y * b.z;
  if (t_fiber_pool.size() < threads) t_fiber_pool.resize(threads);
  BlockRun run;
  run.launch = launch;
  run.coords.bid = {static_cast<unsigned>(block_index % g.x), static_cast<unsigned>((block_index / g.x) % g.y),
                    static_cast<unsigned>(block_index / (static_cast<unsigned long long>(g.x) * g.y))};
  run.coords.bdim = b;
  run.coords.gdim = g;
  run.fibers = t_fiber_pool.data();
  run.threads = threads;
  run.warps.resize((threads + 31) / 32);
  run.fuzz = launch->config.fuzz_seed != 0;
  if (run.fuzz) {
    run.rng.seed(launch->config.fuzz_seed * 0x9E3779B97F4A7C15ull + launch->launch_id * 1000003ull + block_index);
    run.yield_threshold = static_cast<std::uint64_t>(launch->config.fuzz_probability * 18446744073709551615.0);
  }
  const std::size_t stack_bytes = static_cast<std::size_t>(launch->config.stack_kb) * 1024;
  for (unsigned i = 0; i < threads; ++i) {
    Fiber& f = run.fibers[i];
    prepare_fiber(f, stack_bytes);
    f.state = RUNNABLE;
    f.linear = i;
    f.coords.tid = {i % b.x, (i / b.x) % b.y, i / (b.x * b.y)};
    f.atomics = 0;
  }
  std::vector<unsigned> order(threads);
  for (unsigned i = 0; i < threads; ++i) order[i] = i;

  t_run = &run;
  t_block = &run.coords;
  bool ok = true;
  for (;;) {
    if (run.fuzz) std::shuffle(order.begin(), order.end(), run.rng);
    bool ran = false;
    for (unsigned k = 0; k < threads && ok; ++k) {
      Fiber* f = &run.fibers[order[k]];
      if (f->state != RUNNABLE) continue;
      ran = true;
      switch_to_fiber(&run, f);
      if (!run.error.empty()) ok = false;
    }
    if (!ok) break;
    if (ran) continue;
    if (run.done == threads) break;
    if (run.at_barrier > 0 && run.at_barrier + run.done == threads) {
      if (run.done > 0) {
        char buffer[256];
        std::snprintf(buffer, sizeof buffer,
                      "%s: block (%u,%u,%u): barrier divergence: %u threads wait in __syncthreads but %u threads "
                      "of the block have exited",
                      launch->name, run.coords.bid.x, run.coords.bid.y, run.coords.bid.z, run.at_barrier, run.done);
        run.error = buffer;
        ok = false;
        break;
      }
      int sum = 0;
      for (unsigned i = 0; i < threads; ++i) sum += run.fibers[i].barrier_value;
      run.barrier_result = sum;
      for (unsigned i = 0; i < threads; ++i) run.fibers[i].state = RUNNABLE;
      run.at_barrier = 0;
      continue;
    }
    describe_deadlock(&run);
    ok = false;
    break;
  }
  t_run = nullptr;
  t_current = nullptr;
  t_thread = nullptr;
  t_block = nullptr;
  if (!ok) {
    std::lock_guard<std::mutex> lock(launch->error_mutex);
    if (launch->error.empty()) launch->error = run.error;
    launch->failed = true;
  }
  return ok;
}

void run_blocks(LaunchState* launch) {
  while (!launch->failed.load(std::memory_order_relaxed)) {
    const unsigned long long index = launch->next_block.fetch_add(1);
    if (index >= launch->blocks) break;
    if (!run_block(launch, index)) break;
  }
}

// Persistent helper threads; the launching thread always takes part as well.
class WorkerPool {
 public:
  void run(LaunchState* launch) {
    const unsigned helpers = launch->config.workers > 1 ? launch->config.workers - 1 : 0;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      while (threads_ < helpers) {
        std::thread(&WorkerPool::loop, this, threads_).detach();
        threads_++;
      }
      current_ = launch;
      helpers_wanted_ = helpers;
      active_ = helpers;
      generation_++;
    }
    wake_.notify_all();
    run_blocks(launch);
    std::unique_lock<std::mutex> lock(mutex_);
    finished_.wait(lock, [this] { return active_ == 0; });
    current_ = nullptr;
  }

 private:
  void loop(unsigned index) {
    unsigned long long seen = 0;
    for (;;) {
      LaunchState* launch;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        wake_.wait(lock, [&] { return generation_ != seen; });
        seen = generation_;
        if (index >= helpers_wanted_) continue;
        launch = current_;
      }
      run_blocks(launch);
      std::lock_guard<std::mutex> lock(mutex_);
      if (--active_ == 0) finished_.notify_all();
    }
  }

  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable finished_;
  LaunchState* current_ = nullptr;
  unsigned threads_ = 0;
  unsigned helpers_wanted_ = 0;
  unsigned active_ = 0;
  unsigned long long generation_ = 0;
};

std::vector<KernelInfo>& registry() {
  static std::vector<KernelInfo> kernels;
  return kernels;
}

std::mutex& config_mutex() {
  static std::mutex m;
  return m;
}

Config& mutable_config() {
  static Config c = [] {
    Config d{2, 0, 0.25, 64};
    if (const char* v = std::getenv("CUDAEMU_WORKERS")) d.workers = std::max(1, std::atoi(v));
    if (const char* v = std::getenv("CUDAEMU_FUZZ_SEED")) d.fuzz_seed = std::strtoull(v, nullptr, 10);
    if (const char* v = std::getenv("CUDAEMU_FUZZ_P")) d.fuzz_probability = std::atof(v);
    if (const char* v = std::getenv("CUDAEMU_STACK_KB")) d.stack_kb = std::max(16, std::atoi(v));
    return d;
  }();
  return c;
}

}  // namespace

void register_kernel(const KernelInfo& info) { registry().push_back(info); }

const KernelInfo* find_kernel(const char* name) {
  for (const KernelInfo& k : registry()) {
    if (std::strcmp(k.name, name) == 0) return &k;
  }
  return nullptr;
}

std::vector<const KernelInfo*> all_kernels() {
  std::vector<const KernelInfo*> result;
  for (const KernelInfo& k : registry()) result.push_back(&k);
  return result;
}

Config config() {
  std::lock_guard<std::mutex> lock(config_mutex());
  return mutable_config();
}

void set_config(const Config& c) {
  std::lock_guard<std::mutex> lock(config_mutex());
  mutable_config() = c;
}

int launch(void* fn, void (*invoke)(void*, void**), dim3 grid, dim3 block, unsigned shared_bytes, void** params,
           std::string* error) {
  const unsigned long long threads = static_cast<unsigned long long>(block.x) * block.y * block.z;
  if (threads == 0 || threads > 1024 || block.z > 64 || grid.x == 0 || grid.y == 0 || grid.z == 0 ||
      grid.x > 2147483647u || grid.y > 65535 || grid.z > 65535) {
    if (error) *error = "invalid launch shape (block must have 1..1024 threads, grid dimensions must be positive)";
    return kInvalidValue;
  }
  if (shared_bytes > 48 * 1024) {
    if (error) *error = "dynamic shared memory request above 48 KiB";
    return kLaunchOutOfResources;
  }
  static WorkerPool* pool = new WorkerPool();  // never destroyed: its threads are detached
  static std::mutex launch_mutex;
  static unsigned long long launches = 0;
  std::lock_guard<std::mutex> lock(launch_mutex);
  LaunchState state;
  state.fn = fn;
  state.invoke = invoke;
  for (const KernelInfo& k : registry()) {
    if (k.fn == fn) state.name = k.name;
  }
  state.grid = grid;
  state.block = block;
  state.params = params;
  state.blocks = static_cast<unsigned long long>(grid.x) * grid.y * grid.z;
  state.launch_id = ++launches;
  state.config = config();
  pool->run(&state);
  if (state.failed) {
    if (error) *error = state.error;
    return kLaunchFailed;
  }
  return kSuccess;
}

// ---- device-side entry points used by cudaemu.h ----

void syncthreads() { syncthreads_count(0); }

int syncthreads_count(int predicate) {
  Fiber* f = t_current;
  BlockRun* run = t_run;
  f->barrier_value = predicate != 0;
  f->state = AT_BARRIER;
  run->at_barrier++;
  switch_to_scheduler();
  return run->barrier_result;
}

void on_atomic() {
  Fiber* f = t_current;
  if (f == nullptr) return;  // host code
  BlockRun* run = t_run;
  bool yield;
  if (run->fuzz) {
    yield = run->rng() < run->yield_threshold;
  } else {
    yield = (++f->atomics & 255u) == 0;  // lets intra-block spin loops on atomics make progress
  }
  if (yield) switch_to_scheduler();
}

[[noreturn]] void trap(const char* why) {
  if (t_current == nullptr) {
    std::fprintf(stderr, "[cudaemu] %s outside a kernel\n", why);
    std::abort();
  }
  fail_fiber(why);
}

unsigned long long warp_collective(int op, unsigned mask, unsigned long long value, int param, int width) {
  Fiber* f = t_current;
  BlockRun* run = t_run;
  const unsigned warp = f->linear / 32;
  const unsigned lane = f->linear % 32;
  const unsigned lanes = lanes_in_warp(run, warp);
  const unsigned valid_lanes = lanes == 32 ? 0xffffffffu : ((1u << lanes) - 1);
  char message[200];
  if ((mask & (1u << lane)) == 0) {
    std::snprintf(message, sizeof message, "warp collective with mask 0x%08x that excludes the calling lane %u", mask, lane);
    fail_fiber(message);
  }
  if ((mask & ~valid_lanes) != 0) {
    std::snprintf(message, sizeof message, "warp collective mask 0x%08x names lanes beyond blockDim (warp %u has %u lanes)",
                  mask, warp, lanes);
    fail_fiber(message);
  }
  if (width <= 0 || width > 32 || (width & (width - 1)) != 0) {
    std::snprintf(message, sizeof message, "invalid shuffle width %d", width);
    fail_fiber(message);
  }
  WarpState& ws = run->warps[warp];
  Pending* slot = nullptr;
  for (Pending& p : ws.pending) {
    if (p.used && p.mask == mask) slot = &p;
  }
  if (slot == nullptr) {
    for (Pending& p : ws.pending) {
      if (p.used && (p.mask & mask) != 0) {
        std::snprintf(message, sizeof message, "warp collective mask 0x%08x overlaps a pending collective with mask 0x%08x",
                      mask, p.mask);
        fail_fiber(message);
      }
    }
    for (Pending& p : ws.pending) {
      if (!p.used) {
        slot = &p;
        break;
      }
    }
    if (slot == nullptr) fail_fiber("too many disjoint pending warp collectives");
    slot->used = true;
    slot->op = op;
    slot->width = width;
    slot->mask = mask;
    slot->arrived = 0;
  } else if (slot->op != op || slot->width != width) {
    std::snprintf(message, sizeof message, "lanes of warp %u called different warp collectives (%d vs %d) with mask 0x%08x",
                  warp, slot->op, op, mask);
    fail_fiber(message);
  }
  slot->values[lane] = value;
  slot->params[lane] = param;
  slot->arrived |= 1u << lane;
  if (slot->arrived != mask) {
    f->state = AT_WARP;
    run->at_warp++;
    switch_to_scheduler();
    return f->warp_result;
  }
  // Last lane to arrive computes every participant's result.
  unsigned ballot = 0;
  for (unsigned l = 0; l < 32; ++l) {
    if ((mask >> l) & 1u && slot->values[l] != 0) ballot |= 1u << l;
  }
  for (unsigned l = 0; l < 32; ++l) {
    if (((mask >> l) & 1u) == 0) continue;
    unsigned long long result = 0;
    const unsigned base = l & ~static_cast<unsigned>(slot->width - 1);
    int source = static_cast<int>(l);
    switch (slot->op) {
      case W_BALLOT: result = ballot; break;
      case W_ANY: result = ballot != 0; break;
      case W_ALL: result = ballot == mask; break;
      case W_SYNC: result = 0; break;
      case W_SHFL: source = static_cast<int>(base) + (slot->params[l] & (slot->width - 1)); break;
      case W_SHFL_UP:
        source = static_cast<int>(l) - slot->params[l];
        if (source < static_cast<int>(base)) source = static_cast<int>(l);
        break;
      case W_SHFL_DOWN:
        source = static_cast<int>(l) + slot->params[l];
        if (source >= static_cast<int>(base) + slot->width) source = static_cast<int>(l);
        break;
      case W_SHFL_XOR:
        source = static_cast<int>(l) ^ slot->params[l];
        if (source < static_cast<int>(base) || source >= static_cast<int>(base) + slot->width) source = static_cast<int>(l);
        break;
      default: fail_fiber("unknown warp collective");
    }
    if (slot->op == W_SHFL || slot->op == W_SHFL_UP || slot->op == W_SHFL_DOWN || slot->op == W_SHFL_XOR) {
      if (source < 0 || source >= 32 || ((mask >> source) & 1u) == 0) {
        std::snprintf(message, sizeof message, "shuffle in warp %u reads lane %d, which is not in mask 0x%08x", warp,
                      source, mask);
        fail_fiber(message);
      }
      result = slot->values[source];
    }
    Fiber& target = run->fibers[warp * 32 + l];
    target.warp_result = result;
    if (&target != f && target.state == AT_WARP) {
      target.state = RUNNABLE;
      run->at_warp--;
    }
  }
  slot->used = false;
  return f->warp_result;
}

}  // namespace cudaemu
