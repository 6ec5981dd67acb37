// spate_arith.cuh -- Spark arithmetic on one pair of values (ANSI overflow and division by zero
// reported to the caller), shared by the projection kernels and the fused aggregation program.
#pragma once
#include "spate_common.cuh"

// ---- integer arithmetic: wraps in unsigned, reports overflow (ANSI mode) ----
template <class T, class U>
__device__ __forceinline__ bool spate_int_arith(int op, T a, T b, T* result, bool* overflow) {
  const U ua = (U)a, ub = (U)b;
  const T min_value = (T)((U)1 << (sizeof(T) * 8 - 1));
  *overflow = false;
  switch (op) {
    case SPATE_ARITH_ADD: {
      const T r = (T)(ua + ub);
      *overflow = ((a ^ r) & (b ^ r)) < 0;
      *result = r;
      return true;
    }
    case SPATE_ARITH_SUB: {
      const T r = (T)(ua - ub);
      *overflow = ((a ^ b) & (a ^ r)) < 0;
      *result = r;
      return true;
    }
    case SPATE_ARITH_MUL: {
      const T r = (T)(ua * ub);
      if (sizeof(T) == 4) {
        const long long wide = (long long)a * (long long)b;
        *overflow = wide != (long long)r;
      } else {
        const long long high = __mul64hi((long long)a, (long long)b);
        *overflow = high != ((long long)r >> 63);
      }
      *result = r;
      return true;
    }
    case SPATE_ARITH_DIV:  // integral division truncating toward zero (Spark `div`)
      if (b == 0) return false;
      if (a == min_value && b == (T)-1) {
        *overflow = true;
        *result = min_value;
        return true;
      }
      *result = a / b;
      return true;
    default:  // SPATE_ARITH_MOD: sign of the dividend (Java %)
      if (b == 0) return false;
      *result = (b == (T)-1) ? (T)0 : (T)(a % b);
      return true;
  }
}

template <class T>
__device__ __forceinline__ bool spate_arith(int op, T a, T b, T* result, bool* overflow);
template <>
__device__ __forceinline__ bool spate_arith<int>(int op, int a, int b, int* result, bool* overflow) {
  return spate_int_arith<int, unsigned>(op, a, b, result, overflow);
}
template <>
__device__ __forceinline__ bool spate_arith<long long>(int op, long long a, long long b, long long* result,
                                                       bool* overflow) {
  return spate_int_arith<long long, unsigned long long>(op, a, b, result, overflow);
}
// Floating point: IEEE add/sub/mul; division and remainder by zero (either sign) are NULL / an error,
// like Spark's Divide and Remainder; remainder is fmod (Java %).
template <class T>
__device__ __forceinline__ bool spate_float_arith(int op, T a, T b, T* result, bool* overflow) {
  *overflow = false;
  switch (op) {
    case SPATE_ARITH_ADD: *result = a + b; return true;
    case SPATE_ARITH_SUB: *result = a - b; return true;
    case SPATE_ARITH_MUL: *result = a * b; return true;
    case SPATE_ARITH_DIV:
      if (b == (T)0) return false;
      *result = a / b;
      return true;
    default:
      if (b == (T)0) return false;
      *result = (T)fmod((double)a, (double)b);
      return true;
  }
}
template <>
__device__ __forceinline__ bool spate_arith<float>(int op, float a, float b, float* result, bool* overflow) {
  return spate_float_arith<float>(op, a, b, result, overflow);
}
template <>
__device__ __forceinline__ bool spate_arith<double>(int op, double a, double b, double* result, bool* overflow) {
  return spate_float_arith<double>(op, a, b, result, overflow);
}
