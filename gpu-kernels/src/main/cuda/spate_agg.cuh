// spate_agg.cuh -- the device side of group tables and accumulators shared by the hash-aggregation
// kernels and the fused aggregation kernel (layouts described in spate_hashagg.cu).
#pragma once
#include "spate_common.cuh"

#define SPATE_ACC_COUNT 0
#define SPATE_ACC_SUM 1
#define SPATE_ACC_SUM_HIGH 2
#define SPATE_ACC_MIN 3
#define SPATE_ACC_MAX 4

// The slot of an int64 key (valid: not NULL) in the table keys[cap], inserting it; -1 when full.
__device__ __forceinline__ int spate_i64_slot_of(bool valid, spate_u64 key, spate_u64* keys, int cap) {
  if (!valid) return cap;
  if (key == SPATE_EMPTY_KEY) return cap + 1;
  unsigned h = (unsigned)spate_hash64(key) & (unsigned)(cap - 1);
  for (int probe = 0; probe < cap; ++probe) {
    spate_u64 current = spate_load_relaxed(&keys[h]);
    if (current == SPATE_EMPTY_KEY) current = atomicCAS(&keys[h], SPATE_EMPTY_KEY, key);
    if (current == SPATE_EMPTY_KEY || current == key) return (int)h;
    h = (h + 1) & (unsigned)(cap - 1);
  }
  return -1;
}

// Sum policy: integers accumulate exactly in 128 bits (lo, hi); floats accumulate in double.
template <class T>
struct SpateSum {
  __device__ static void add(spate_u64* lo, spate_u64* hi, T v, long long) {
    spate_atomic_add128(lo, hi, (spate_u64)(long long)v, (long long)v < 0 ? ~0ull : 0ull);
  }
  __device__ static T signed_zero(T extremum, spate_u64) { return extremum; }
  __device__ static void merge(spate_u64* lo, spate_u64* hi, spate_u64 part_lo, spate_u64 part_hi) {
    spate_atomic_add128(lo, hi, part_lo, part_hi);
  }
  __device__ static long long total(spate_u64 lo, spate_u64 hi, bool* overflow) {
    *overflow = hi != ((long long)lo < 0 ? ~0ull : 0ull);
    return (long long)lo;
  }
};
// Floats leave the high word to the first zero: min/max keep the first of equal values in input
// order (Spark's Least/Greatest, the CPU accumulator), so a zero result takes the sign of the
// group's first zero row. The word holds ~(row << 1 | sign) of the earliest zero (0: none), kept
// with atomicMax.
template <class F>
struct SpateFloatSum {
  __device__ static void add(spate_u64* lo, spate_u64* hi, F v, long long row) {
    atomicAdd((double*)lo, (double)v);
    if (v == (F)0) atomicMax(hi, ~(((spate_u64)row << 1) | (__double_as_longlong((double)v) < 0 ? 1ull : 0ull)));
  }
  __device__ static F signed_zero(F extremum, spate_u64 hi) {
    return extremum == (F)0 && hi != 0 && (~hi & 1ull) != 0 ? (F)-0.0 : extremum;
  }
  __device__ static void merge(spate_u64* lo, spate_u64* hi, spate_u64 part_lo, spate_u64 part_hi) {
    if (part_hi != 0) atomicMax(hi, part_hi);
    atomicAdd((double*)lo, __longlong_as_double((long long)part_lo));
  }
  __device__ static double total(spate_u64 lo, spate_u64, bool* overflow) {
    *overflow = false;
    return __longlong_as_double((long long)lo);
  }
};
template <>
struct SpateSum<float> : SpateFloatSum<float> {};
template <>
struct SpateSum<double> : SpateFloatSum<double> {};

template <class T>
__device__ __forceinline__ void spate_accumulate(spate_u64* count, spate_u64* sum, spate_u64* sum_high, spate_u64* min_key,
                                                 spate_u64* max_key, T v, long long row) {
  atomicAdd(count, 1ull);
  SpateSum<T>::add(sum, sum_high, v, row);
  const spate_u64 key = spate_order_key(v);
  atomicMin(min_key, key);
  atomicMax(max_key, key);
}
