// test_util.h -- tiny test harness for the emulated kernels: checks, random columns, launch shapes.
#pragma once
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "cudaemu_host.h"

namespace spate_test {

inline int& failures() {
  static int count = 0;
  return count;
}
inline int& checks() {
  static int count = 0;
  return count;
}

#define CHECK(condition, ...)                                              \
  do {                                                                     \
    ::spate_test::checks()++;                                              \
    if (!(condition)) {                                                    \
      ::spate_test::failures()++;                                          \
      if (::spate_test::failures() <= 30) {                                \
        std::fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #condition); \
        std::fprintf(stderr, __VA_ARGS__);                                 \
        std::fprintf(stderr, "\n");                                        \
      }                                                                    \
    }                                                                      \
  } while (0)

struct Shape {
  unsigned grid;
  unsigned block;
};

// One block, small and large blocks, many blocks.
inline const std::vector<Shape>& shapes() {
  static const std::vector<Shape> s = {{1, 32}, {3, 64}, {8, 256}, {64, 128}, {2, 1024}};
  return s;
}

inline const std::vector<int>& sizes() {
  static const std::vector<int> s = {0, 1, 31, 33, 1000, 4097, 20000};
  return s;
}

// Launches and fails the test on a launch error.
template <class... P, class... A>
bool run(void (*kernel)(P...), Shape shape, A&&... args) {
  std::string error;
  const int status = cudaemu::launch_kernel(kernel, cudaemu::dim3(shape.grid), cudaemu::dim3(shape.block), &error,
                                            std::forward<A>(args)...);
  CHECK(status == 0, "launch failed with %d: %s", status, error.c_str());
  return status == 0;
}

inline unsigned long long tiles(long long items, unsigned block) {
  const long long tile = static_cast<long long>(block) * 4;  // SPATE_ITEMS_PER_THREAD
  return static_cast<unsigned long long>((items + tile - 1) / tile);
}

// Validity bitmap with the given fraction of nulls; empty when fraction == 0 (pass nullptr).
inline std::vector<unsigned char> random_validity(std::mt19937_64& rng, int n, double null_fraction) {
  if (null_fraction <= 0) return {};
  std::vector<unsigned char> bits((n + 7) / 8 + 1, 0);
  std::bernoulli_distribution is_null(null_fraction);
  for (int i = 0; i < n; ++i) {
    if (!is_null(rng)) bits[i >> 3] |= static_cast<unsigned char>(1u << (i & 7));
  }
  return bits;
}

inline bool valid(const std::vector<unsigned char>& bits, long long i) {
  return bits.empty() || ((bits[i >> 3] >> (i & 7)) & 1) != 0;
}

inline bool bit(const std::vector<unsigned char>& bits, long long i) { return ((bits[i >> 3] >> (i & 7)) & 1) != 0; }

inline const unsigned char* ptr(const std::vector<unsigned char>& bits) { return bits.empty() ? nullptr : bits.data(); }

// Random values with many duplicates and the special float values NaN, -0.0, 0.0, +-Inf.
template <class T>
std::vector<T> random_values(std::mt19937_64& rng, int n, long long range) {
  std::vector<T> values(n);
  std::uniform_int_distribution<long long> pick(-range, range);
  std::uniform_int_distribution<int> special(0, 19);
  for (int i = 0; i < n; ++i) {
    if constexpr (std::is_floating_point_v<T>) {
      switch (special(rng)) {
        case 0: values[i] = std::numeric_limits<T>::quiet_NaN(); break;
        case 1: values[i] = static_cast<T>(-0.0); break;
        case 2: values[i] = static_cast<T>(0.0); break;
        case 3: values[i] = std::numeric_limits<T>::infinity(); break;
        case 4: values[i] = static_cast<T>(pick(rng)) / static_cast<T>(8); break;
        default: values[i] = static_cast<T>(pick(rng)) / static_cast<T>(4); break;
      }
    } else {
      const int s = special(rng);
      if (s == 0) {
        values[i] = std::numeric_limits<T>::max();
      } else if (s == 1) {
        values[i] = std::numeric_limits<T>::min();
      } else {
        values[i] = static_cast<T>(pick(rng));
      }
    }
  }
  return values;
}

template <class T>
bool same_bits(T a, T b) {
  return std::memcmp(&a, &b, sizeof(T)) == 0;
}

// Spark comparison, written independently of the kernels: NaN is the largest value and equals NaN.
template <class T>
int spark_compare(T a, T b) {
  if constexpr (std::is_floating_point_v<T>) {
    if (std::isnan(a) && std::isnan(b)) return 0;
    if (std::isnan(a)) return 1;
    if (std::isnan(b)) return -1;
  }
  if (a < b) return -1;
  if (b < a) return 1;
  return 0;
}

inline bool holds(int op, int c) {
  const bool results[] = {c == 0, c != 0, c < 0, c <= 0, c > 0, c >= 0, c == 0};
  return results[op];
}

int run_filter_tests();
int run_fused_tests();
int run_project_tests();
int run_hashagg_tests();
int run_window_tests();
int run_emulator_tests();

}  // namespace spate_test

// Kernel entry points under test (compiled from gpu-kernels/src/main/cuda with the shim).
#define SPATE_U8 unsigned char
#define SPATE_U64 unsigned long long
#define SPATE_DECLARE_TYPED(SUFFIX, T, S)                                                                            \
  extern "C" void spate_filter_scalar_##SUFFIX(const T*, const SPATE_U8*, int, int, T, int*, SPATE_U64*);           \
  extern "C" void spate_filter_column_##SUFFIX(const T*, const SPATE_U8*, const T*, const SPATE_U8*, int, int, int*, \
                                               SPATE_U64*);                                                          \
  extern "C" void spate_arith_##SUFFIX(const T*, const SPATE_U8*, T, const T*, const SPATE_U8*, T, int, int, int, T*, \
                                       SPATE_U8*, unsigned*);                                                        \
  extern "C" void spate_compare_##SUFFIX(const T*, const SPATE_U8*, T, const T*, const SPATE_U8*, T, int, int,       \
                                         SPATE_U8*, SPATE_U8*);                                                      \
  extern "C" void spate_case_##SUFFIX(const SPATE_U8*, const SPATE_U8*, const T*, const SPATE_U8*, T, const T*,      \
                                      const SPATE_U8*, T, int, T*, SPATE_U8*);                                       \
  extern "C" void spate_hashagg_pack_##SUFFIX(const T*, const SPATE_U8*, int, int, int, SPATE_U64*);                 \
  extern "C" void spate_hashagg_unpack_##SUFFIX(const int*, int, const SPATE_U64*, int, int, T*, SPATE_U8*);         \
  extern "C" void spate_agg_update_##SUFFIX(const int*, const T*, const SPATE_U8*, int, SPATE_U64*, int, int, long long); \
  extern "C" void spate_agg_finalize_##SUFFIX(const int*, int, const SPATE_U64*, int, int, long long*, S*, SPATE_U8*, \
                                              T*, T*, unsigned*);
SPATE_DECLARE_TYPED(i32, int, long long)
SPATE_DECLARE_TYPED(i64, long long, long long)
SPATE_DECLARE_TYPED(f32, float, double)
SPATE_DECLARE_TYPED(f64, double, double)
extern "C" void spate_filter_mask(const SPATE_U8*, const SPATE_U8*, int, int*, SPATE_U64*);
extern "C" void spate_bool_op(const SPATE_U8*, const SPATE_U8*, const SPATE_U8*, const SPATE_U8*, int, int, SPATE_U8*,
                              SPATE_U8*);
extern "C" void spate_cast_i32_i64(const int*, const SPATE_U8*, int, long long*, SPATE_U8*);
extern "C" void spate_cast_i32_f64(const int*, const SPATE_U8*, int, double*, SPATE_U8*);
extern "C" void spate_cast_i64_f64(const long long*, const SPATE_U8*, int, double*, SPATE_U8*);
extern "C" void spate_cast_f32_f64(const float*, const SPATE_U8*, int, double*, SPATE_U8*);
extern "C" void spate_hashagg_i64_init(SPATE_U64*, SPATE_U64*, int);
extern "C" void spate_hashagg_i64_build(const long long*, const SPATE_U8*, int, SPATE_U64*, int, SPATE_U64*, int*,
                                        unsigned*, int);
extern "C" void spate_hashagg_i64_keys(const int*, int, const SPATE_U64*, int, long long*, SPATE_U8*);
extern "C" void spate_hashagg_composite_init(SPATE_U64*, unsigned*, SPATE_U64*, int, int);
extern "C" void spate_hashagg_composite_build(const SPATE_U64*, int, int, SPATE_U64*, unsigned*, int, SPATE_U64*, int*,
                                              unsigned*, int);
extern "C" void spate_hashagg_groups(const SPATE_U64*, int, int*, SPATE_U64*);
extern "C" void spate_agg_init(SPATE_U64*, int);
extern "C" void spate_window_tumbling(const long long*, const SPATE_U8*, int, long long, long long, long long*,
                                      long long*, SPATE_U8*);
extern "C" void spate_window_sliding(const long long*, const SPATE_U8*, int, long long, long long, long long, int, int*,
                                     long long*, long long*, SPATE_U64*);
