// spate_hashagg.cu -- GROUP BY with open addressing (linear probing, atomicCAS claims) in two steps:
//  1. build: insert every row's key, write the row's group slot (row_slot) and count rows per slot;
//  2. update: per aggregated column, accumulate count / exact 128-bit integer sum or double sum / min /
//     max into the slot's accumulators (any number of aggregates reuse one row_slot array);
// then list the groups (slots with a non-zero row count, in slot order) and finalize.
// Low cardinality: with shared_preagg != 0 a block first accumulates into a SPATE_SHARED_GROUPS-slot
// shared-memory table keyed by group slot and flushes once per block; rows whose slot does not fit
// fall back to global atomics. The host chooses it from the estimated number of groups.
// A full table sets SPATE_ERR_TABLE_FULL and row_slot = -1; the host rebuilds with a larger table.
//
// Tables (all zero-initialised by the *_init kernels):
//  * int64 key: keys[cap] (SPATE_EMPTY_KEY = free); counts[cap + 2]; slot cap holds the NULL key and
//    slot cap + 1 holds the key INT64_MIN (whose bit pattern is the free marker). cap is a power of 2.
//  * composite key: row keys are first packed into `width` words per row (one canonical word per key
//    column, then a null-bits word) by spate_hashagg_pack_*; table_keys[cap * width], slot_state[cap]
//    (0 free, 1 being written, 2 published), counts[cap].
//  * accumulators of one aggregated column: acc[5 * nslots], struct of arrays: count of non-null
//    values, sum (low word, or the double's bits), sum high word, min order key, max order key.
// Integer sums are exact 128-bit values (deterministic); double sums depend on the order of the
// atomic additions (documented: last-ulp differences between runs and versus a sequential sum).
#include "spate_common.cuh"

#include "spate_agg.cuh"

// ---- shared-memory pre-aggregation of row counts, keyed by global slot ----
struct SpateSharedCounts {
  int* slots;
  spate_u64* counts;
  __device__ void init() {
    for (int i = threadIdx.x; i < SPATE_SHARED_GROUPS; i += blockDim.x) {
      slots[i] = -1;
      counts[i] = 0;
    }
  }
  // Adds one row to `slot`, locally when it fits, else into the global counts.
  __device__ void add(int slot, spate_u64* global_counts) {
    unsigned h = (unsigned)spate_hash64((spate_u64)slot) & (SPATE_SHARED_GROUPS - 1);
    for (int probe = 0; probe < SPATE_SHARED_PROBES; ++probe) {
      const int current = atomicCAS(&slots[h], -1, slot);
      if (current == -1 || current == slot) {
        atomicAdd(&counts[h], 1ull);
        return;
      }
      h = (h + 1) & (SPATE_SHARED_GROUPS - 1);
    }
    atomicAdd(&global_counts[slot], 1ull);
  }
  __device__ void flush(spate_u64* global_counts) {
    for (int i = threadIdx.x; i < SPATE_SHARED_GROUPS; i += blockDim.x) {
      if (slots[i] >= 0) atomicAdd(&global_counts[slots[i]], counts[i]);
    }
  }
};

// ---- int64 key ----
extern "C" __global__ void spate_hashagg_i64_init(spate_u64* keys, spate_u64* counts, int cap) {
  for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < (long long)cap + 2;
       i += (long long)gridDim.x * blockDim.x) {
    if (i < cap) keys[i] = SPATE_EMPTY_KEY;
    counts[i] = 0;
  }
}
SPATE_EXPORT(spate_hashagg_i64_init)

__device__ __forceinline__ int spate_i64_slot(const long long* keys_in, const spate_u8* key_validity, long long row,
                                              spate_u64* keys, int cap) {
  return spate_i64_slot_of(spate_is_valid(key_validity, row), (spate_u64)keys_in[row], keys, cap);
}

extern "C" __global__ void spate_hashagg_i64_build(const long long* keys_in, const spate_u8* key_validity, int n,
                                                   spate_u64* keys, int cap, spate_u64* counts, int* row_slot,
                                                   unsigned* errors, int shared_preagg) {
  __shared__ int s_slots[SPATE_SHARED_GROUPS];
  __shared__ spate_u64 s_counts[SPATE_SHARED_GROUPS];
  SpateSharedCounts local{s_slots, s_counts};
  if (shared_preagg) {
    local.init();
    __syncthreads();
  }
  bool full = false;
  for (long long row = (long long)blockIdx.x * blockDim.x + threadIdx.x; row < n;
       row += (long long)gridDim.x * blockDim.x) {
    const int slot = spate_i64_slot(keys_in, key_validity, row, keys, cap);
    row_slot[row] = slot;
    if (slot < 0) {
      full = true;
    } else if (shared_preagg) {
      local.add(slot, counts);
    } else {
      atomicAdd(&counts[slot], 1ull);
    }
  }
  if (full) atomicOr(errors, SPATE_ERR_TABLE_FULL);
  if (shared_preagg) {
    __syncthreads();
    local.flush(counts);
  }
}
SPATE_EXPORT(spate_hashagg_i64_build)

// Writes the key of each listed group (NULL for the null-key slot).
extern "C" __global__ void spate_hashagg_i64_keys(const int* group_slots, int groups, const spate_u64* keys, int cap,
                                                  long long* out_keys, spate_u8* out_validity) {
  spate_require_warp_multiple_block();
  for (long long base = spate_warp_first_row(); base < groups; base += spate_grid_stride()) {
    const long long i = base + (threadIdx.x & 31);
    bool valid = false;
    if (i < groups) {
      const int slot = group_slots[i];
      long long key = 0;
      if (slot < cap) {
        key = (long long)keys[slot];
        valid = true;
      } else if (slot == cap + 1) {
        key = (long long)SPATE_EMPTY_KEY;
        valid = true;
      }
      out_keys[i] = key;
    }
    spate_store_ballot(out_validity, base, groups, __ballot_sync(SPATE_FULL_MASK, valid));
  }
}
SPATE_EXPORT(spate_hashagg_i64_keys)

// ---- composite fixed-width keys ----
// Packs key column `column` of `width - 1` key columns into row_keys[row * width + column]; the last
// word of each row holds the null bits (bit c = key column c is NULL). Column 0 must be packed first:
// it initialises the null word. Floats are canonicalised (-0.0 -> 0.0, one NaN).
template <class T>
__device__ __forceinline__ void spate_pack_body(const T* values, const spate_u8* validity, int n, int column, int width,
                                                spate_u64* row_keys) {
  if (column < 0 || column >= width - 1 || column >= 64) __trap();
  for (long long row = (long long)blockIdx.x * blockDim.x + threadIdx.x; row < n;
       row += (long long)gridDim.x * blockDim.x) {
    const bool valid = spate_is_valid(validity, row);
    spate_u64* words = row_keys + row * width;
    words[column] = valid ? spate_key_bits(values[row]) : 0ull;
    const spate_u64 null_bit = valid ? 0ull : (1ull << column);
    words[width - 1] = column == 0 ? null_bit : (words[width - 1] | null_bit);
  }
}

#define SPATE_DEFINE_PACK(SUFFIX, T)                                                                          \
  extern "C" __global__ void spate_hashagg_pack_##SUFFIX(const T* values, const spate_u8* validity, int n,  \
                                                          int column, int width, spate_u64* row_keys) {       \
    spate_pack_body<T>(values, validity, n, column, width, row_keys);                                         \
  }                                                                                                            \
  SPATE_EXPORT(spate_hashagg_pack_##SUFFIX)

SPATE_DEFINE_PACK(i32, int)
SPATE_DEFINE_PACK(i64, long long)
SPATE_DEFINE_PACK(f32, float)
SPATE_DEFINE_PACK(f64, double)

extern "C" __global__ void spate_hashagg_composite_init(spate_u64* table_keys, unsigned* slot_state,
                                                        spate_u64* counts, int cap, int width) {
  for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < cap;
       i += (long long)gridDim.x * blockDim.x) {
    slot_state[i] = 0;
    counts[i] = 0;
    for (int w = 0; w < width; ++w) table_keys[i * width + w] = 0;
  }
}
SPATE_EXPORT(spate_hashagg_composite_init)

__device__ __forceinline__ int spate_composite_slot(const spate_u64* key, int width, spate_u64* table_keys,
                                                    unsigned* slot_state, int cap) {
  spate_u64 hash = 0x9e3779b97f4a7c15ull;
  for (int w = 0; w < width; ++w) hash = spate_hash64(hash ^ key[w]) + (spate_u64)w;
  unsigned h = (unsigned)hash & (unsigned)(cap - 1);
  for (int probe = 0; probe < cap; ++probe) {
    unsigned state = spate_load_relaxed_u32(&slot_state[h]);
    if (state == 0) {
      state = atomicCAS(&slot_state[h], 0u, 1u);
      if (state == 0) {  // claimed: write the key, then publish it
        for (int w = 0; w < width; ++w) table_keys[(long long)h * width + w] = key[w];
        __threadfence();
        atomicExch(&slot_state[h], 2u);
        return (int)h;
      }
    }
    while (state == 1) state = atomicOr(&slot_state[h], 0u);  // another thread is writing this key
    __threadfence();
    bool equal = true;
    for (int w = 0; w < width && equal; ++w) {
      equal = spate_load_relaxed(&table_keys[(long long)h * width + w]) == key[w];
    }
    if (equal) return (int)h;
    h = (h + 1) & (unsigned)(cap - 1);
  }
  return -1;
}

extern "C" __global__ void spate_hashagg_composite_build(const spate_u64* row_keys, int width, int n,
                                                         spate_u64* table_keys, unsigned* slot_state, int cap,
                                                         spate_u64* counts, int* row_slot, unsigned* errors,
                                                         int shared_preagg) {
  __shared__ int s_slots[SPATE_SHARED_GROUPS];
  __shared__ spate_u64 s_counts[SPATE_SHARED_GROUPS];
  SpateSharedCounts local{s_slots, s_counts};
  if (shared_preagg) {
    local.init();
    __syncthreads();
  }
  bool full = false;
  for (long long row = (long long)blockIdx.x * blockDim.x + threadIdx.x; row < n;
       row += (long long)gridDim.x * blockDim.x) {
    const int slot = spate_composite_slot(row_keys + row * width, width, table_keys, slot_state, cap);
    row_slot[row] = slot;
    if (slot < 0) {
      full = true;
    } else if (shared_preagg) {
      local.add(slot, counts);
    } else {
      atomicAdd(&counts[slot], 1ull);
    }
  }
  if (full) atomicOr(errors, SPATE_ERR_TABLE_FULL);
  if (shared_preagg) {
    __syncthreads();
    local.flush(counts);
  }
}
SPATE_EXPORT(spate_hashagg_composite_build)

// Unpacks key column `column` of the listed groups.
template <class T>
__device__ __forceinline__ T spate_from_key_bits(spate_u64 bits);
template <>
__device__ __forceinline__ int spate_from_key_bits<int>(spate_u64 bits) { return (int)(long long)bits; }
template <>
__device__ __forceinline__ long long spate_from_key_bits<long long>(spate_u64 bits) { return (long long)bits; }
template <>
__device__ __forceinline__ double spate_from_key_bits<double>(spate_u64 bits) { return __longlong_as_double((long long)bits); }
template <>
__device__ __forceinline__ float spate_from_key_bits<float>(spate_u64 bits) {
  return (float)__longlong_as_double((long long)bits);
}

#define SPATE_DEFINE_UNPACK(SUFFIX, T)                                                                          \
  extern "C" __global__ void spate_hashagg_unpack_##SUFFIX(const int* group_slots, int groups,                 \
                                                            const spate_u64* table_keys, int width, int column, \
                                                            T* out, spate_u8* out_validity) {                   \
    spate_require_warp_multiple_block();                                                                        \
    for (long long base = spate_warp_first_row(); base < groups; base += spate_grid_stride()) {                \
      const long long i = base + (threadIdx.x & 31);                                                            \
      bool valid = false;                                                                                       \
      if (i < groups) {                                                                                         \
        const spate_u64* words = table_keys + (long long)group_slots[i] * width;                                \
        valid = ((words[width - 1] >> column) & 1ull) == 0;                                                     \
        out[i] = valid ? spate_from_key_bits<T>(words[column]) : (T)0;                                          \
      }                                                                                                         \
      spate_store_ballot(out_validity, base, groups, __ballot_sync(SPATE_FULL_MASK, valid));                   \
    }                                                                                                           \
  }                                                                                                             \
  SPATE_EXPORT(spate_hashagg_unpack_##SUFFIX)

SPATE_DEFINE_UNPACK(i32, int)
SPATE_DEFINE_UNPACK(i64, long long)
SPATE_DEFINE_UNPACK(f32, float)
SPATE_DEFINE_UNPACK(f64, double)

// Lists the occupied slots (row count > 0) in slot order: order-preserving compaction over nslots
// (cap + 2 for the int64 table, cap for the composite table). state as in spate_compact.
struct SpateOccupied {
  const spate_u64* counts;
  __device__ bool operator()(long long slot) const { return counts[slot] != 0; }
};
struct SpateEmitSlot {
  int* out;
  __device__ void operator()(long long position, long long slot) const { out[position] = (int)slot; }
};
extern "C" __global__ void spate_hashagg_groups(const spate_u64* counts, int nslots, int* group_slots,
                                                spate_u64* state) {
  spate_require_warp_multiple_block();
  spate_compact(SpateOccupied{counts}, SpateEmitSlot{group_slots}, nslots, state);
}
SPATE_EXPORT(spate_hashagg_groups)

// ---- aggregates ----
extern "C" __global__ void spate_agg_init(spate_u64* acc, int nslots) {
  for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < nslots;
       i += (long long)gridDim.x * blockDim.x) {
    acc[SPATE_ACC_COUNT * (long long)nslots + i] = 0;
    acc[SPATE_ACC_SUM * (long long)nslots + i] = 0;
    acc[SPATE_ACC_SUM_HIGH * (long long)nslots + i] = 0;
    acc[SPATE_ACC_MIN * (long long)nslots + i] = ~0ull;
    acc[SPATE_ACC_MAX * (long long)nslots + i] = 0;
  }
}
SPATE_EXPORT(spate_agg_init)


template <class T>
__device__ __forceinline__ void spate_update_body(const int* row_slot, const T* values, const spate_u8* validity, int n,
                                                  spate_u64* acc, int nslots, int shared_preagg,
                                                  long long row_base) {
  __shared__ int s_slots[SPATE_SHARED_GROUPS];
  __shared__ spate_u64 s_acc[5 * SPATE_SHARED_GROUPS];
  const long long stride = nslots;
  if (shared_preagg) {
    for (int i = threadIdx.x; i < SPATE_SHARED_GROUPS; i += blockDim.x) {
      s_slots[i] = -1;
      s_acc[SPATE_ACC_COUNT * SPATE_SHARED_GROUPS + i] = 0;
      s_acc[SPATE_ACC_SUM * SPATE_SHARED_GROUPS + i] = 0;
      s_acc[SPATE_ACC_SUM_HIGH * SPATE_SHARED_GROUPS + i] = 0;
      s_acc[SPATE_ACC_MIN * SPATE_SHARED_GROUPS + i] = ~0ull;
      s_acc[SPATE_ACC_MAX * SPATE_SHARED_GROUPS + i] = 0;
    }
    __syncthreads();
  }
  for (long long row = (long long)blockIdx.x * blockDim.x + threadIdx.x; row < n;
       row += (long long)gridDim.x * blockDim.x) {
    const int slot = row_slot[row];
    if (slot < 0 || !spate_is_valid(validity, row)) continue;
    const T v = values[row];
    spate_u64* base = acc;
    long long index = slot;
    long long step = stride;
    if (shared_preagg) {
      unsigned h = (unsigned)spate_hash64((spate_u64)slot) & (SPATE_SHARED_GROUPS - 1);
      for (int probe = 0; probe < SPATE_SHARED_PROBES; ++probe) {
        const int current = atomicCAS(&s_slots[h], -1, slot);
        if (current == -1 || current == slot) {
          base = s_acc;
          index = h;
          step = SPATE_SHARED_GROUPS;
          break;
        }
        h = (h + 1) & (SPATE_SHARED_GROUPS - 1);
      }
    }
    spate_accumulate<T>(&base[SPATE_ACC_COUNT * step + index], &base[SPATE_ACC_SUM * step + index],
                        &base[SPATE_ACC_SUM_HIGH * step + index], &base[SPATE_ACC_MIN * step + index],
                        &base[SPATE_ACC_MAX * step + index], v, row_base + row);
  }
  if (shared_preagg) {
    __syncthreads();
    for (int i = threadIdx.x; i < SPATE_SHARED_GROUPS; i += blockDim.x) {
      const int slot = s_slots[i];
      if (slot < 0 || s_acc[SPATE_ACC_COUNT * SPATE_SHARED_GROUPS + i] == 0) continue;
      atomicAdd(&acc[SPATE_ACC_COUNT * stride + slot], s_acc[SPATE_ACC_COUNT * SPATE_SHARED_GROUPS + i]);
      SpateSum<T>::merge(&acc[SPATE_ACC_SUM * stride + slot], &acc[SPATE_ACC_SUM_HIGH * stride + slot],
                         s_acc[SPATE_ACC_SUM * SPATE_SHARED_GROUPS + i],
                         s_acc[SPATE_ACC_SUM_HIGH * SPATE_SHARED_GROUPS + i]);
      atomicMin(&acc[SPATE_ACC_MIN * stride + slot], s_acc[SPATE_ACC_MIN * SPATE_SHARED_GROUPS + i]);
      atomicMax(&acc[SPATE_ACC_MAX * stride + slot], s_acc[SPATE_ACC_MAX * SPATE_SHARED_GROUPS + i]);
    }
  }
}

// Finalizes the listed groups: count (never NULL), sum / min / max (NULL when the group has no
// non-null value). Integer sums that do not fit in int64 wrap (legacy) or set SPATE_ERR_OVERFLOW
// (ansi != 0). Any output pointer may be nullptr. AVG = sum / count, done by the caller (Spark
// averages integers in double: cast with spate_cast_*_f64 and aggregate the float64 column).
template <class T, class S>
__device__ __forceinline__ void spate_finalize_body(const int* group_slots, int groups, const spate_u64* acc, int nslots,
                                                    int ansi, long long* out_count, S* out_sum, spate_u8* out_valid,
                                                    T* out_min, T* out_max, unsigned* errors) {
  spate_require_warp_multiple_block();
  const long long stride = nslots;
  unsigned local_errors = 0;
  for (long long base = spate_warp_first_row(); base < groups; base += spate_grid_stride()) {
    const long long i = base + (threadIdx.x & 31);
    bool valid = false;
    if (i < groups) {
      const long long slot = group_slots[i];
      const spate_u64 count = acc[SPATE_ACC_COUNT * stride + slot];
      const spate_u64 lo = acc[SPATE_ACC_SUM * stride + slot];
      const spate_u64 hi = acc[SPATE_ACC_SUM_HIGH * stride + slot];
      valid = count != 0;
      if (out_count) out_count[i] = (long long)count;
      if (out_sum) {
        bool overflow;
        const S sum = SpateSum<T>::total(lo, hi, &overflow);
        if (overflow) local_errors |= SPATE_ERR_OVERFLOW;
        out_sum[i] = valid ? sum : (S)0;
      }
      if (out_min) {
        out_min[i] = valid ? SpateSum<T>::signed_zero(spate_from_order_key<T>(acc[SPATE_ACC_MIN * stride + slot]), hi)
                           : (T)0;
      }
      if (out_max) {
        out_max[i] = valid ? SpateSum<T>::signed_zero(spate_from_order_key<T>(acc[SPATE_ACC_MAX * stride + slot]), hi)
                           : (T)0;
      }
    }
    spate_store_ballot(out_valid, base, groups, __ballot_sync(SPATE_FULL_MASK, valid));
  }
  if (ansi != 0 && local_errors != 0) atomicOr(errors, local_errors);
}

#define SPATE_DEFINE_AGG(SUFFIX, T, S)                                                                          \
  extern "C" __global__ void spate_agg_update_##SUFFIX(const int* row_slot, const T* values,                   \
                                                        const spate_u8* validity, int n, spate_u64* acc,        \
                                                        int nslots, int shared_preagg, long long row_base) {    \
    spate_update_body<T>(row_slot, values, validity, n, acc, nslots, shared_preagg, row_base);                  \
  }                                                                                                             \
  SPATE_EXPORT(spate_agg_update_##SUFFIX)                                                                       \
  extern "C" __global__ void spate_agg_finalize_##SUFFIX(const int* group_slots, int groups,                   \
                                                          const spate_u64* acc, int nslots, int ansi,           \
                                                          long long* out_count, S* out_sum,                     \
                                                          spate_u8* out_valid, T* out_min, T* out_max,          \
                                                          unsigned* errors) {                                   \
    spate_finalize_body<T, S>(group_slots, groups, acc, nslots, ansi, out_count, out_sum, out_valid, out_min,   \
                              out_max, errors);                                                                 \
  }                                                                                                             \
  SPATE_EXPORT(spate_agg_finalize_##SUFFIX)

SPATE_DEFINE_AGG(i32, int, long long)
SPATE_DEFINE_AGG(i64, long long, long long)
SPATE_DEFINE_AGG(f32, float, double)
SPATE_DEFINE_AGG(f64, double, double)
