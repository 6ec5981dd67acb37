// spate_project.cu -- projection kernels with Spark semantics: arithmetic, comparison, boolean logic,
// CASE WHEN selection and widening casts, over int32/int64/float32/float64 Arrow columns.
// Operands: a column pointer, or nullptr to use the non-null scalar argument instead, so one entry
// point serves column-op-column, column-op-scalar and scalar-op-column. Built with -fmad=false (nvcc)
// and -ffp-contract=off (emulator): no FMA contraction, results bit-identical to Java/Spark.
#include "spate_common.cuh"

#include "spate_arith.cuh"

template <class T>
__device__ __forceinline__ void spate_operand(const T* column, const spate_u8* validity, T scalar, long long row,
                                              bool in_range, T* value, bool* valid) {
  if (!in_range) {
    *value = (T)0;
    *valid = false;
  } else if (column == nullptr) {
    *value = scalar;
    *valid = true;
  } else {
    *value = column[row];
    *valid = spate_is_valid(validity, row);
  }
}

// out = a <op> b. Null in, null out. Division/remainder by zero: NULL, plus SPATE_ERR_DIVIDE_BY_ZERO
// when ansi != 0. Integer overflow: wraps, plus SPATE_ERR_OVERFLOW when ansi != 0.
template <class T>
__device__ __forceinline__ void spate_arith_body(const T* a, const spate_u8* a_validity, T a_scalar, const T* b,
                                                 const spate_u8* b_validity, T b_scalar, int n, int op, int ansi,
                                                 T* out, spate_u8* out_validity, unsigned* errors) {
  spate_require_warp_multiple_block();
  unsigned local_errors = 0;
  for (long long base = spate_warp_first_row(); base < n; base += spate_grid_stride()) {
    const long long row = base + (threadIdx.x & 31);
    const bool in_range = row < n;
    T x, y;
    bool xv, yv;
    spate_operand(a, a_validity, a_scalar, row, in_range, &x, &xv);
    spate_operand(b, b_validity, b_scalar, row, in_range, &y, &yv);
    T r = (T)0;
    bool valid = false;
    if (xv && yv) {
      bool overflow;
      valid = spate_arith<T>(op, x, y, &r, &overflow);
      if (!valid) {
        r = (T)0;
        local_errors |= SPATE_ERR_DIVIDE_BY_ZERO;
      }
      if (overflow) local_errors |= SPATE_ERR_OVERFLOW;
    }
    if (in_range) out[row] = r;
    spate_store_ballot(out_validity, base, n, __ballot_sync(SPATE_FULL_MASK, valid));
  }
  if (ansi != 0 && local_errors != 0) atomicOr(errors, local_errors);
}

// out = a <op> b as a boolean column (bit-packed values + validity), Spark comparison semantics.
template <class T>
__device__ __forceinline__ void spate_compare_body(const T* a, const spate_u8* a_validity, T a_scalar, const T* b,
                                                   const spate_u8* b_validity, T b_scalar, int n, int op,
                                                   spate_u8* out_bits, spate_u8* out_validity) {
  spate_require_warp_multiple_block();
  for (long long base = spate_warp_first_row(); base < n; base += spate_grid_stride()) {
    const long long row = base + (threadIdx.x & 31);
    const bool in_range = row < n;
    T x, y;
    bool xv, yv;
    spate_operand(a, a_validity, a_scalar, row, in_range, &x, &xv);
    spate_operand(b, b_validity, b_scalar, row, in_range, &y, &yv);
    bool value = false;
    bool valid = false;
    if (xv && yv) {
      value = spate_compare_holds(op, spate_compare<T>(x, y));
      valid = true;
    } else if (op == SPATE_CMP_EQ_NULL_SAFE && in_range) {
      value = !xv && !yv;
      valid = true;
    }
    spate_store_ballot(out_bits, base, n, __ballot_sync(SPATE_FULL_MASK, value));
    spate_store_ballot(out_validity, base, n, __ballot_sync(SPATE_FULL_MASK, valid));
  }
}

// CASE WHEN cond THEN then ELSE otherwise END; a NULL condition takes the ELSE branch.
template <class T>
__device__ __forceinline__ void spate_case_body(const spate_u8* cond_bits, const spate_u8* cond_validity,
                                                const T* then_values, const spate_u8* then_validity, T then_scalar,
                                                const T* else_values, const spate_u8* else_validity, T else_scalar,
                                                int n, T* out, spate_u8* out_validity) {
  spate_require_warp_multiple_block();
  for (long long base = spate_warp_first_row(); base < n; base += spate_grid_stride()) {
    const long long row = base + (threadIdx.x & 31);
    const bool in_range = row < n;
    const bool take_then = in_range && spate_is_valid(cond_validity, row) && spate_bit(cond_bits, row);
    T value;
    bool valid;
    if (take_then) {
      spate_operand(then_values, then_validity, then_scalar, row, in_range, &value, &valid);
    } else {
      spate_operand(else_values, else_validity, else_scalar, row, in_range, &value, &valid);
    }
    if (in_range) out[row] = valid ? value : (T)0;
    spate_store_ballot(out_validity, base, n, __ballot_sync(SPATE_FULL_MASK, valid));
  }
}

template <class From, class To>
__device__ __forceinline__ void spate_cast_body(const From* in, const spate_u8* in_validity, int n, To* out,
                                                spate_u8* out_validity) {
  spate_require_warp_multiple_block();
  for (long long base = spate_warp_first_row(); base < n; base += spate_grid_stride()) {
    const long long row = base + (threadIdx.x & 31);
    const bool in_range = row < n;
    const bool valid = in_range && spate_is_valid(in_validity, row);
    if (in_range) out[row] = valid ? (To)in[row] : (To)0;
    spate_store_ballot(out_validity, base, n, __ballot_sync(SPATE_FULL_MASK, valid));
  }
}

#define SPATE_DEFINE_PROJECTIONS(SUFFIX, T)                                                                     \
  extern "C" __global__ void spate_arith_##SUFFIX(const T* a, const spate_u8* a_validity, T a_scalar,           \
                                                   const T* b, const spate_u8* b_validity, T b_scalar, int n,    \
                                                   int op, int ansi, T* out, spate_u8* out_validity,             \
                                                   unsigned* errors) {                                           \
    spate_arith_body<T>(a, a_validity, a_scalar, b, b_validity, b_scalar, n, op, ansi, out, out_validity, errors); \
  }                                                                                                              \
  SPATE_EXPORT(spate_arith_##SUFFIX)                                                                             \
  extern "C" __global__ void spate_compare_##SUFFIX(const T* a, const spate_u8* a_validity, T a_scalar,         \
                                                     const T* b, const spate_u8* b_validity, T b_scalar, int n,  \
                                                     int op, spate_u8* out_bits, spate_u8* out_validity) {       \
    spate_compare_body<T>(a, a_validity, a_scalar, b, b_validity, b_scalar, n, op, out_bits, out_validity);      \
  }                                                                                                              \
  SPATE_EXPORT(spate_compare_##SUFFIX)                                                                           \
  extern "C" __global__ void spate_case_##SUFFIX(const spate_u8* cond_bits, const spate_u8* cond_validity,      \
                                                  const T* then_values, const spate_u8* then_validity,           \
                                                  T then_scalar, const T* else_values,                           \
                                                  const spate_u8* else_validity, T else_scalar, int n, T* out,   \
                                                  spate_u8* out_validity) {                                      \
    spate_case_body<T>(cond_bits, cond_validity, then_values, then_validity, then_scalar, else_values,           \
                       else_validity, else_scalar, n, out, out_validity);                                        \
  }                                                                                                              \
  SPATE_EXPORT(spate_case_##SUFFIX)

SPATE_DEFINE_PROJECTIONS(i32, int)
SPATE_DEFINE_PROJECTIONS(i64, long long)
SPATE_DEFINE_PROJECTIONS(f32, float)
SPATE_DEFINE_PROJECTIONS(f64, double)

#define SPATE_DEFINE_CAST(NAME, FROM, TO)                                                                  \
  extern "C" __global__ void NAME(const FROM* in, const spate_u8* in_validity, int n, TO* out,            \
                                  spate_u8* out_validity) {                                                \
    spate_cast_body<FROM, TO>(in, in_validity, n, out, out_validity);                                      \
  }                                                                                                         \
  SPATE_EXPORT(NAME)

// Widening casts (exact, or round-to-nearest for int64 -> float64 like Java).
SPATE_DEFINE_CAST(spate_cast_i32_i64, int, long long)
SPATE_DEFINE_CAST(spate_cast_i32_f64, int, double)
SPATE_DEFINE_CAST(spate_cast_i64_f64, long long, double)
SPATE_DEFINE_CAST(spate_cast_f32_f64, float, double)

// Boolean logic on bit-packed boolean columns. AND/OR use Kleene logic (false AND NULL = false,
// true OR NULL = true); NOT, IS NULL and IS NOT NULL read only `a`. IS [NOT] NULL is never NULL.
extern "C" __global__ void spate_bool_op(const spate_u8* a_bits, const spate_u8* a_validity, const spate_u8* b_bits,
                                         const spate_u8* b_validity, int n, int op, spate_u8* out_bits,
                                         spate_u8* out_validity) {
  spate_require_warp_multiple_block();
  for (long long base = spate_warp_first_row(); base < n; base += spate_grid_stride()) {
    const long long row = base + (threadIdx.x & 31);
    const bool in_range = row < n;
    const bool av = in_range && spate_is_valid(a_validity, row);
    const bool a = av && spate_bit(a_bits, row);
    bool value = false;
    bool valid = false;
    if (in_range) {
      if (op == SPATE_BOOL_AND || op == SPATE_BOOL_OR) {
        const bool bv = spate_is_valid(b_validity, row);
        const bool b = bv && spate_bit(b_bits, row);
        if (op == SPATE_BOOL_AND) {
          value = a && b;
          valid = (av && bv) || (av && !a) || (bv && !b);
        } else {
          value = a || b;
          valid = (av && bv) || a || b;
        }
      } else if (op == SPATE_BOOL_NOT) {
        value = av && !a;
        valid = av;
      } else {
        value = (op == SPATE_BOOL_IS_NULL) ? !av : av;
        valid = true;
      }
    }
    spate_store_ballot(out_bits, base, n, __ballot_sync(SPATE_FULL_MASK, value));
    spate_store_ballot(out_validity, base, n, __ballot_sync(SPATE_FULL_MASK, valid));
  }
}
SPATE_EXPORT(spate_bool_op)
