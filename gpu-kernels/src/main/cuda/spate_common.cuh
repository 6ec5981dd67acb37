// spate_common.cuh -- device primitives shared by every Spate kernel. The same source compiles with
// nvcc (PTX for the GPU) and with g++ plus native/emu/cudaemu.h (the CPU emulator), so it uses no CUB,
// Thrust, cooperative_groups, inline PTX or __CUDA_ARCH__-dependent code.
//
// Conventions (mirrored by the Java backend; keep the numbers stable):
//  * Columns are Arrow buffers: a value array plus an optional validity bitmap (LSB bit order, bit
//    i = row i, starting at bit 0). A null validity pointer means "no nulls". Output bitmaps are
//    written byte-wise, ceil(n / 8) bytes, so Arrow's padding rules are enough.
//  * Row counts are int (an Arrow batch has fewer than 2^31 rows).
//  * Kernels take 1-D blocks whose size is a multiple of 32 (at most 1024); any other shape traps.
//  * Values in null rows of outputs are written as 0 so outputs are fully deterministic.
#pragma once

#ifdef CUDAEMU
#define SPATE_EXPORT(kernel) CUDAEMU_EXPORT(kernel)
#else
#define SPATE_EXPORT(kernel)
#endif

typedef unsigned char spate_u8;
typedef unsigned int spate_u32;
typedef long long spate_i64;
typedef unsigned long long spate_u64;

#define SPATE_FULL_MASK 0xffffffffu
// Rows per thread in one tile of the order-preserving compaction: tile = blockDim.x * 4 rows.
#define SPATE_ITEMS_PER_THREAD 4
// Slots in the shared-memory pre-aggregation table of the hash-aggregation kernels.
#define SPATE_SHARED_GROUPS 256
#define SPATE_SHARED_PROBES 8

// Comparison operators (filter and project).
#define SPATE_CMP_EQ 0
#define SPATE_CMP_NE 1
#define SPATE_CMP_LT 2
#define SPATE_CMP_LE 3
#define SPATE_CMP_GT 4
#define SPATE_CMP_GE 5
#define SPATE_CMP_EQ_NULL_SAFE 6

// Arithmetic operators.
#define SPATE_ARITH_ADD 0
#define SPATE_ARITH_SUB 1
#define SPATE_ARITH_MUL 2
#define SPATE_ARITH_DIV 3
#define SPATE_ARITH_MOD 4

// Boolean operators (Kleene three-valued logic for AND / OR).
#define SPATE_BOOL_AND 0
#define SPATE_BOOL_OR 1
#define SPATE_BOOL_NOT 2
#define SPATE_BOOL_IS_NULL 3
#define SPATE_BOOL_IS_NOT_NULL 4

// Error flags, OR-ed atomically into a caller-zeroed unsigned word.
#define SPATE_ERR_OVERFLOW 1u
#define SPATE_ERR_DIVIDE_BY_ZERO 2u
#define SPATE_ERR_TABLE_FULL 4u

// Top bit of a tile's published inclusive prefix in the compaction state.
#define SPATE_TILE_DONE 0x8000000000000000ull
// Empty slot marker of the int64-key hash table (the key INT64_MIN itself gets a dedicated slot).
#define SPATE_EMPTY_KEY 0x8000000000000000ull

__device__ __forceinline__ void spate_require_warp_multiple_block() {
  if (blockDim.x % 32 != 0 || blockDim.y != 1 || blockDim.z != 1) __trap();
}

__device__ __forceinline__ bool spate_is_valid(const spate_u8* validity, long long row) {
  return validity == nullptr || ((validity[row >> 3] >> (row & 7)) & 1) != 0;
}

__device__ __forceinline__ bool spate_bit(const spate_u8* bits, long long row) {
  return ((bits[row >> 3] >> (row & 7)) & 1) != 0;
}

// Writes the 32 bits of a warp's ballot for rows [base, base + 32) as up to 4 bytes (lane 0 only).
__device__ __forceinline__ void spate_store_ballot(spate_u8* bitmap, long long base, int n, unsigned bits) {
  if (bitmap == nullptr || (threadIdx.x & 31) != 0) return;
  const long long first_byte = base >> 3;
  const long long end_byte = ((long long)n + 7) >> 3;
  for (int k = 0; k < 4; ++k) {
    if (first_byte + k < end_byte) bitmap[first_byte + k] = (spate_u8)(bits >> (8 * k));
  }
}

__device__ __forceinline__ spate_u64 spate_load_relaxed(const spate_u64* p) {
#ifdef CUDAEMU
  return __atomic_load_n(p, __ATOMIC_RELAXED);
#else
  return *(const volatile spate_u64*)p;
#endif
}

__device__ __forceinline__ unsigned spate_load_relaxed_u32(const unsigned* p) {
#ifdef CUDAEMU
  return __atomic_load_n(p, __ATOMIC_RELAXED);
#else
  return *(const volatile unsigned*)p;
#endif
}

// ---- Spark comparison semantics: NaN equals NaN and is larger than every other value; -0.0 == 0.0 ----
template <class T>
__device__ __forceinline__ int spate_compare(T a, T b) {
  return a < b ? -1 : (a > b ? 1 : 0);
}
template <>
__device__ __forceinline__ int spate_compare<float>(float a, float b) {
  const bool na = a != a, nb = b != b;
  if (na || nb) return na && nb ? 0 : (na ? 1 : -1);
  return a < b ? -1 : (a > b ? 1 : 0);
}
template <>
__device__ __forceinline__ int spate_compare<double>(double a, double b) {
  const bool na = a != a, nb = b != b;
  if (na || nb) return na && nb ? 0 : (na ? 1 : -1);
  return a < b ? -1 : (a > b ? 1 : 0);
}

__device__ __forceinline__ bool spate_compare_holds(int op, int c) {
  switch (op) {
    case SPATE_CMP_EQ:
    case SPATE_CMP_EQ_NULL_SAFE: return c == 0;
    case SPATE_CMP_NE: return c != 0;
    case SPATE_CMP_LT: return c < 0;
    case SPATE_CMP_LE: return c <= 0;
    case SPATE_CMP_GT: return c > 0;
    default: return c >= 0;
  }
}

// ---- canonical 64-bit images of values (grouping keys and min/max ordering) ----
// Grouping: -0.0 groups with 0.0 and every NaN with every other NaN (Spark NormalizeFloatingNumbers).
__device__ __forceinline__ spate_u64 spate_canonical_bits(double v) {
  if (v != v) return 0x7ff8000000000000ull;
  if (v == 0.0) return 0;
  return (spate_u64)__double_as_longlong(v);
}
__device__ __forceinline__ spate_u64 spate_key_bits(int v) { return (spate_u64)(long long)v; }
__device__ __forceinline__ spate_u64 spate_key_bits(long long v) { return (spate_u64)v; }
__device__ __forceinline__ spate_u64 spate_key_bits(float v) { return spate_canonical_bits((double)v); }
__device__ __forceinline__ spate_u64 spate_key_bits(double v) { return spate_canonical_bits(v); }

// Order-preserving unsigned image: a < b (Spark order) iff image(a) < image(b).
__device__ __forceinline__ spate_u64 spate_order_key(long long v) { return (spate_u64)v ^ 0x8000000000000000ull; }
__device__ __forceinline__ spate_u64 spate_order_key(int v) { return spate_order_key((long long)v); }
__device__ __forceinline__ spate_u64 spate_order_key(double v) {
  const spate_u64 bits = spate_canonical_bits(v);
  return (bits >> 63) != 0 ? ~bits : (bits | 0x8000000000000000ull);
}
__device__ __forceinline__ spate_u64 spate_order_key(float v) { return spate_order_key((double)v); }

template <class T>
__device__ __forceinline__ T spate_from_order_key(spate_u64 key);
template <>
__device__ __forceinline__ long long spate_from_order_key<long long>(spate_u64 key) {
  return (long long)(key ^ 0x8000000000000000ull);
}
template <>
__device__ __forceinline__ int spate_from_order_key<int>(spate_u64 key) {
  return (int)(long long)(key ^ 0x8000000000000000ull);
}
template <>
__device__ __forceinline__ double spate_from_order_key<double>(spate_u64 key) {
  const spate_u64 bits = (key >> 63) != 0 ? (key & 0x7fffffffffffffffull) : ~key;
  return __longlong_as_double((long long)bits);
}
template <>
__device__ __forceinline__ float spate_from_order_key<float>(spate_u64 key) {
  return (float)spate_from_order_key<double>(key);
}

// 64-bit finalizer of MurmurHash3.
__device__ __forceinline__ spate_u64 spate_hash64(spate_u64 k) {
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdull;
  k ^= k >> 33;
  k *= 0xc4ceb9fe1a85ec53ull;
  k ^= k >> 33;
  return k;
}

// Adds a signed 64-bit value to a 128-bit two's-complement accumulator (lo, hi) with two commuting
// atomics, so integer sums are exact whatever the order and overflow can be detected at the end.
__device__ __forceinline__ void spate_atomic_add128(spate_u64* lo, spate_u64* hi, spate_u64 add_lo, spate_u64 add_hi) {
  const spate_u64 old = atomicAdd(lo, add_lo);
  const spate_u64 carry = old + add_lo < old ? 1ull : 0ull;
  const spate_u64 high = add_hi + carry;
  if (high != 0) atomicAdd(hi, high);
}

// ---- order-preserving stream compaction ----
// Keeps the items i in [0, nitems) for which pred(i) holds and calls emit(position, i) with dense,
// increasing positions, in item order. Tiles of blockDim.x * SPATE_ITEMS_PER_THREAD items are handed
// out by an atomic ticket; inside a tile each warp ranks its items with __ballot_sync/__popc and warp 0
// scans the per-warp counts; across tiles a chained scan orders the outputs: a tile waits for the
// inclusive prefix of the previous ticket (which is always held by a running block) and publishes its
// own. One ticket atomic and one publishing atomic per tile.
// `state` has 2 + ceil(nitems / tile) words, zeroed by the host: [0] ticket, [1] number of kept
// items (written by the last tile), [2 + t] tile t's inclusive prefix | SPATE_TILE_DONE.
// Must be called by every thread of the block (it contains barriers).
template <class Pred, class Emit>
__device__ __forceinline__ void spate_compact(const Pred& pred, const Emit& emit, long long nitems, spate_u64* state) {
  __shared__ unsigned s_offsets[SPATE_ITEMS_PER_THREAD * 32];
  __shared__ spate_u64 s_tile;
  __shared__ spate_u64 s_base;
  const unsigned lane = threadIdx.x & 31;
  const unsigned warp = threadIdx.x >> 5;
  const unsigned warps = blockDim.x >> 5;
  const long long tile_items = (long long)blockDim.x * SPATE_ITEMS_PER_THREAD;
  const long long tiles = (nitems + tile_items - 1) / tile_items;
  for (;;) {
    if (threadIdx.x == 0) s_tile = atomicAdd(&state[0], 1ull);
    __syncthreads();
    const long long tile = (long long)s_tile;
    if (tile >= tiles) break;  // block-uniform
    const long long tile_start = tile * tile_items;
    unsigned ballots[SPATE_ITEMS_PER_THREAD];
    for (int j = 0; j < SPATE_ITEMS_PER_THREAD; ++j) {
      const long long item = tile_start + (long long)j * blockDim.x + threadIdx.x;
      const bool keep = item < nitems && pred(item);
      ballots[j] = __ballot_sync(SPATE_FULL_MASK, keep);
      if (lane == 0) s_offsets[j * warps + warp] = (unsigned)__popc(ballots[j]);
    }
    __syncthreads();
    if (warp == 0) {
      const unsigned counts = SPATE_ITEMS_PER_THREAD * warps;
      const unsigned per_lane = (counts + 31) / 32;
      unsigned local = 0;
      for (unsigned k = 0; k < per_lane; ++k) {
        const unsigned idx = lane * per_lane + k;
        if (idx < counts) local += s_offsets[idx];
      }
      unsigned inclusive = local;
      for (int d = 1; d < 32; d <<= 1) {
        const unsigned v = __shfl_up_sync(SPATE_FULL_MASK, inclusive, d);
        if ((int)lane >= d) inclusive += v;
      }
      unsigned running = inclusive - local;
      for (unsigned k = 0; k < per_lane; ++k) {
        const unsigned idx = lane * per_lane + k;
        if (idx < counts) {
          const unsigned c = s_offsets[idx];
          s_offsets[idx] = running;
          running += c;
        }
      }
      const unsigned total = __shfl_sync(SPATE_FULL_MASK, inclusive, 31);
      if (lane == 0) {
        spate_u64 prefix = 0;
        if (tile > 0) {
          spate_u64 published;
          do {
            published = atomicAdd(&state[2 + tile - 1], 0ull);
          } while ((published & SPATE_TILE_DONE) == 0);
          prefix = published & ~SPATE_TILE_DONE;
        }
        s_base = prefix;
        atomicExch(&state[2 + tile], SPATE_TILE_DONE | (prefix + total));
        if (tile == tiles - 1) atomicExch(&state[1], prefix + total);
      }
    }
    __syncthreads();
    const spate_u64 base = s_base;
    const unsigned below = (1u << lane) - 1u;
    for (int j = 0; j < SPATE_ITEMS_PER_THREAD; ++j) {
      if ((ballots[j] >> lane) & 1u) {
        const long long item = tile_start + (long long)j * blockDim.x + threadIdx.x;
        emit((long long)(base + s_offsets[j * warps + warp] + (unsigned)__popc(ballots[j] & below)), item);
      }
    }
    __syncthreads();  // shared offsets are reused by the next tile
  }
}

// Warp-uniform grid-stride loop over rows: `for (long long base = spate_warp_first_row(); base < n;
// base += spate_grid_stride())` with row = base + lane. Every lane of a warp runs the same number of
// iterations, so warp collectives inside the body are safe.
__device__ __forceinline__ long long spate_warp_first_row() {
  return (long long)blockIdx.x * blockDim.x + (threadIdx.x & ~31u);
}
__device__ __forceinline__ long long spate_grid_stride() { return (long long)gridDim.x * blockDim.x; }
