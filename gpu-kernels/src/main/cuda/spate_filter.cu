// spate_filter.cu -- predicate evaluation + order-preserving stream compaction.
// Output: a selection vector of int32 row indices in increasing order; state[1] = number selected.
// `state` has 2 + ceil(n / (blockDim.x * SPATE_ITEMS_PER_THREAD)) zeroed words (see spate_compact).
// A row whose predicate is NULL is not selected (SQL WHERE semantics), except for <=>, which is never NULL.
#include "spate_common.cuh"

template <class T>
struct SpateScalarPredicate {
  const T* values;
  const spate_u8* validity;
  T scalar;
  int op;
  __device__ bool operator()(long long row) const {
    if (!spate_is_valid(validity, row)) return false;  // NULL <=> non-null scalar is false, too
    return spate_compare_holds(op, spate_compare<T>(values[row], scalar));
  }
};

template <class T>
struct SpateColumnPredicate {
  const T* left;
  const spate_u8* left_validity;
  const T* right;
  const spate_u8* right_validity;
  int op;
  __device__ bool operator()(long long row) const {
    const bool lv = spate_is_valid(left_validity, row);
    const bool rv = spate_is_valid(right_validity, row);
    if (!lv || !rv) return op == SPATE_CMP_EQ_NULL_SAFE && !lv && !rv;
    return spate_compare_holds(op, spate_compare<T>(left[row], right[row]));
  }
};

struct SpateMaskPredicate {
  const spate_u8* bits;
  const spate_u8* validity;
  __device__ bool operator()(long long row) const { return spate_is_valid(validity, row) && spate_bit(bits, row); }
};

struct SpateEmitRow {
  int* selection;
  __device__ void operator()(long long position, long long row) const { selection[position] = (int)row; }
};

#define SPATE_DEFINE_FILTERS(SUFFIX, T)                                                                      \
  extern "C" __global__ void spate_filter_scalar_##SUFFIX(const T* values, const spate_u8* validity, int n,  \
                                                           int op, T scalar, int* selection,                  \
                                                           spate_u64* state) {                                \
    spate_require_warp_multiple_block();                                                                      \
    spate_compact(SpateScalarPredicate<T>{values, validity, scalar, op}, SpateEmitRow{selection}, n, state);  \
  }                                                                                                           \
  SPATE_EXPORT(spate_filter_scalar_##SUFFIX)                                                                  \
  extern "C" __global__ void spate_filter_column_##SUFFIX(const T* left, const spate_u8* left_validity,      \
                                                           const T* right, const spate_u8* right_validity,    \
                                                           int n, int op, int* selection, spate_u64* state) { \
    spate_require_warp_multiple_block();                                                                      \
    spate_compact(SpateColumnPredicate<T>{left, left_validity, right, right_validity, op},                    \
                  SpateEmitRow{selection}, n, state);                                                         \
  }                                                                                                           \
  SPATE_EXPORT(spate_filter_column_##SUFFIX)

SPATE_DEFINE_FILTERS(i32, int)
SPATE_DEFINE_FILTERS(i64, long long)
SPATE_DEFINE_FILTERS(f32, float)
SPATE_DEFINE_FILTERS(f64, double)

// Compacts a boolean column (Arrow bit-packed values + validity), e.g. the output of spate_compare_*
// or spate_bool_op: selects rows that are non-null and true.
extern "C" __global__ void spate_filter_mask(const spate_u8* bits, const spate_u8* validity, int n, int* selection,
                                             spate_u64* state) {
  spate_require_warp_multiple_block();
  spate_compact(SpateMaskPredicate{bits, validity}, SpateEmitRow{selection}, n, state);
}
SPATE_EXPORT(spate_filter_mask)
