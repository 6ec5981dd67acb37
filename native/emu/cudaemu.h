// cudaemu.h -- CUDA-on-CPU shim. Force-included when compiling the kernel .cu files as C++:
//   g++ -std=c++20 -ffp-contract=off -include cudaemu.h -x c++ kernel.cu
// Each CUDA thread runs as a fiber; __syncthreads and the warp collectives are scheduling points;
// atomics are GCC __atomic builtins; __shared__ is `static thread_local` (all fibers of a block run on
// one OS thread, so that is exactly one instance per running block). See native/README.md.
#pragma once

// Standard headers FIRST: the macros below must not leak into them.
#include <atomic>
#include <climits>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>
#include <utility>

#define CUDAEMU 1
#define __global__
#define __device__
#define __host__
#define __forceinline__ inline __attribute__((always_inline))
#define __shared__ static thread_local
#define __launch_bounds__(...)
// __noinline__ is deliberately NOT defined: libstdc++ uses __attribute__((__noinline__)).

namespace cudaemu {

struct uint3 {
  unsigned x, y, z;
};

struct dim3 {
  unsigned x, y, z;
  constexpr dim3(unsigned vx = 1, unsigned vy = 1, unsigned vz = 1) : x(vx), y(vy), z(vz) {}
};

struct ThreadCoords {
  uint3 tid;
};

struct BlockCoords {
  uint3 bid;
  dim3 bdim;
  dim3 gdim;
};

extern __thread ThreadCoords* t_thread;
extern __thread BlockCoords* t_block;

enum WarpOp : int { W_BALLOT, W_SHFL, W_SHFL_UP, W_SHFL_DOWN, W_SHFL_XOR, W_SYNC, W_ANY, W_ALL };

void syncthreads();
int syncthreads_count(int predicate);
unsigned long long warp_collective(int op, unsigned mask, unsigned long long value, int param, int width);
void on_atomic();
[[noreturn]] void trap(const char* why);

// ---- kernel registry (the emulated driver looks kernels up by their extern "C" name) ----
struct KernelInfo {
  const char* name;
  void* fn;
  void (*invoke)(void* fn, void** params);
  unsigned nparams;
  const unsigned short* param_sizes;
  const unsigned char* param_is_pointer;
};

void register_kernel(const KernelInfo& info);

template <class... P, std::size_t... I>
void invoke_seq(void* fn, void** params, std::index_sequence<I...>) {
  reinterpret_cast<void (*)(P...)>(fn)(*static_cast<std::remove_reference_t<P>*>(params[I])...);
}

template <class... P>
void invoke_params(void* fn, void** params) {
  invoke_seq<P...>(fn, params, std::index_sequence_for<P...>{});
}

template <class... P>
int register_function(const char* name, void (*fn)(P...)) {
  static const unsigned short sizes[] = {static_cast<unsigned short>(sizeof(P))..., 0};
  static const unsigned char is_pointer[] = {static_cast<unsigned char>(std::is_pointer_v<P>)..., 0};
  register_kernel(KernelInfo{name, reinterpret_cast<void*>(fn), &invoke_params<P...>,
                             static_cast<unsigned>(sizeof...(P)), sizes, is_pointer});
  return 0;
}

}  // namespace cudaemu

#define CUDAEMU_EXPORT(k) \
  static const int cudaemu_registered_##k __attribute__((used)) = ::cudaemu::register_function(#k, &k);

#define threadIdx (::cudaemu::t_thread->tid)
#define blockIdx (::cudaemu::t_block->bid)
#define blockDim (::cudaemu::t_block->bdim)
#define gridDim (::cudaemu::t_block->gdim)
#define warpSize 32

inline void __syncthreads() { ::cudaemu::syncthreads(); }
inline int __syncthreads_count(int p) { return ::cudaemu::syncthreads_count(p); }
inline int __syncthreads_or(int p) { return ::cudaemu::syncthreads_count(p) != 0; }
inline void __syncwarp(unsigned mask = 0xffffffffu) { ::cudaemu::warp_collective(::cudaemu::W_SYNC, mask, 0, 0, 32); }
inline unsigned __ballot_sync(unsigned mask, int p) {
  return static_cast<unsigned>(::cudaemu::warp_collective(::cudaemu::W_BALLOT, mask, p != 0, 0, 32));
}
inline int __any_sync(unsigned mask, int p) {
  return static_cast<int>(::cudaemu::warp_collective(::cudaemu::W_ANY, mask, p != 0, 0, 32));
}
inline int __all_sync(unsigned mask, int p) {
  return static_cast<int>(::cudaemu::warp_collective(::cudaemu::W_ALL, mask, p != 0, 0, 32));
}

namespace cudaemu {
template <class T>
T shuffle(int op, unsigned mask, T v, int param, int width) {
  static_assert(sizeof(T) <= 8 && std::is_trivially_copyable_v<T>, "shuffle of a type wider than 8 bytes");
  unsigned long long bits = 0;
  std::memcpy(&bits, &v, sizeof(T));
  bits = warp_collective(op, mask, bits, param, width);
  T r;
  std::memcpy(&r, &bits, sizeof(T));
  return r;
}
}  // namespace cudaemu

template <class T>
T __shfl_sync(unsigned m, T v, int src, int w = 32) { return ::cudaemu::shuffle(::cudaemu::W_SHFL, m, v, src, w); }
template <class T>
T __shfl_up_sync(unsigned m, T v, unsigned d, int w = 32) { return ::cudaemu::shuffle(::cudaemu::W_SHFL_UP, m, v, (int)d, w); }
template <class T>
T __shfl_down_sync(unsigned m, T v, unsigned d, int w = 32) { return ::cudaemu::shuffle(::cudaemu::W_SHFL_DOWN, m, v, (int)d, w); }
template <class T>
T __shfl_xor_sync(unsigned m, T v, int l, int w = 32) { return ::cudaemu::shuffle(::cudaemu::W_SHFL_XOR, m, v, l, w); }

[[noreturn]] inline void __trap() { ::cudaemu::trap("__trap() called"); }
inline void __threadfence() { __atomic_thread_fence(__ATOMIC_SEQ_CST); }
inline void __threadfence_block() { __atomic_thread_fence(__ATOMIC_SEQ_CST); }

// ---- atomics: relaxed, like CUDA's atomic* functions; each one is a potential scheduling point ----
#define CUDAEMU_INT_ATOMICS(T)                                                                          \
  inline T atomicAdd(T* a, T v) { ::cudaemu::on_atomic(); return __atomic_fetch_add(a, v, __ATOMIC_RELAXED); } \
  inline T atomicSub(T* a, T v) { ::cudaemu::on_atomic(); return __atomic_fetch_sub(a, v, __ATOMIC_RELAXED); } \
  inline T atomicExch(T* a, T v) { ::cudaemu::on_atomic(); return __atomic_exchange_n(a, v, __ATOMIC_RELAXED); } \
  inline T atomicOr(T* a, T v) { ::cudaemu::on_atomic(); return __atomic_fetch_or(a, v, __ATOMIC_RELAXED); }   \
  inline T atomicAnd(T* a, T v) { ::cudaemu::on_atomic(); return __atomic_fetch_and(a, v, __ATOMIC_RELAXED); } \
  inline T atomicXor(T* a, T v) { ::cudaemu::on_atomic(); return __atomic_fetch_xor(a, v, __ATOMIC_RELAXED); } \
  inline T atomicCAS(T* a, T c, T v) {                                                                  \
    ::cudaemu::on_atomic();                                                                             \
    __atomic_compare_exchange_n(a, &c, v, false, __ATOMIC_RELAXED, __ATOMIC_RELAXED);                   \
    return c;                                                                                           \
  }                                                                                                     \
  inline T atomicMin(T* a, T v) {                                                                       \
    ::cudaemu::on_atomic();                                                                             \
    T cur = __atomic_load_n(a, __ATOMIC_RELAXED);                                                       \
    while (v < cur && !__atomic_compare_exchange_n(a, &cur, v, true, __ATOMIC_RELAXED, __ATOMIC_RELAXED)) { \
    }                                                                                                   \
    return cur;                                                                                         \
  }                                                                                                     \
  inline T atomicMax(T* a, T v) {                                                                       \
    ::cudaemu::on_atomic();                                                                             \
    T cur = __atomic_load_n(a, __ATOMIC_RELAXED);                                                       \
    while (v > cur && !__atomic_compare_exchange_n(a, &cur, v, true, __ATOMIC_RELAXED, __ATOMIC_RELAXED)) { \
    }                                                                                                   \
    return cur;                                                                                         \
  }
CUDAEMU_INT_ATOMICS(int)
CUDAEMU_INT_ATOMICS(unsigned int)
CUDAEMU_INT_ATOMICS(long long)
CUDAEMU_INT_ATOMICS(unsigned long long)
#undef CUDAEMU_INT_ATOMICS

inline float atomicAdd(float* a, float v) { ::cudaemu::on_atomic(); return std::atomic_ref<float>(*a).fetch_add(v, std::memory_order_relaxed); }
inline double atomicAdd(double* a, double v) { ::cudaemu::on_atomic(); return std::atomic_ref<double>(*a).fetch_add(v, std::memory_order_relaxed); }

// ---- integer / bit intrinsics ----
inline int __popc(unsigned x) { return __builtin_popcount(x); }
inline int __popcll(unsigned long long x) { return __builtin_popcountll(x); }
inline int __clz(int x) { return x == 0 ? 32 : __builtin_clz(static_cast<unsigned>(x)); }
inline int __clzll(long long x) { return x == 0 ? 64 : __builtin_clzll(static_cast<unsigned long long>(x)); }
inline int __ffs(int x) { return __builtin_ffs(x); }
inline int __ffsll(long long x) { return __builtin_ffsll(x); }
inline long long __mul64hi(long long a, long long b) { return static_cast<long long>((static_cast<__int128>(a) * b) >> 64); }
inline unsigned long long __umul64hi(unsigned long long a, unsigned long long b) {
  return static_cast<unsigned long long>((static_cast<unsigned __int128>(a) * b) >> 64);
}

// ---- bit casts and correctly rounded arithmetic (with -ffp-contract=off these are plain IEEE ops) ----
inline long long __double_as_longlong(double d) { long long r; std::memcpy(&r, &d, 8); return r; }
inline double __longlong_as_double(long long v) { double r; std::memcpy(&r, &v, 8); return r; }
inline int __float_as_int(float f) { int r; std::memcpy(&r, &f, 4); return r; }
inline unsigned __float_as_uint(float f) { unsigned r; std::memcpy(&r, &f, 4); return r; }
inline float __int_as_float(int v) { float r; std::memcpy(&r, &v, 4); return r; }
inline float __uint_as_float(unsigned v) { float r; std::memcpy(&r, &v, 4); return r; }
inline double __dadd_rn(double a, double b) { return a + b; }
inline double __dmul_rn(double a, double b) { return a * b; }
inline float __fadd_rn(float a, float b) { return a + b; }
inline float __fmul_rn(float a, float b) { return a * b; }

template <class T>
inline T __ldg(const T* p) { return *p; }

using std::fmod;

