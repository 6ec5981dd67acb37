// Projection kernels vs scalar references: values and validity bitmaps must be bit-identical.
#include "test_util.h"

namespace spate_test {
namespace {

template <class T>
bool reference_arith(int op, T a, T b, T* result, bool* overflow) {
  *overflow = false;
  if constexpr (std::is_integral_v<T>) {
    switch (op) {
      case 0: *overflow = __builtin_add_overflow(a, b, result); return true;
      case 1: *overflow = __builtin_sub_overflow(a, b, result); return true;
      case 2: *overflow = __builtin_mul_overflow(a, b, result); return true;
      case 3:
        if (b == 0) return false;
        if (a == std::numeric_limits<T>::min() && b == -1) {
          *overflow = true;
          *result = a;
          return true;
        }
        *result = a / b;
        return true;
      default:
        if (b == 0) return false;
        *result = b == -1 ? 0 : a % b;
        return true;
    }
  } else {
    switch (op) {
      case 0: *result = a + b; return true;
      case 1: *result = a - b; return true;
      case 2: *result = a * b; return true;
      case 3:
        if (b == 0) return false;
        *result = a / b;
        return true;
      default:
        if (b == 0) return false;
        *result = std::fmod(a, b);
        return true;
    }
  }
}

std::vector<unsigned char> bitmap_of(const std::vector<bool>& flags) {
  std::vector<unsigned char> bits((flags.size() + 7) / 8, 0);
  for (std::size_t i = 0; i < flags.size(); ++i) {
    if (flags[i]) bits[i >> 3] |= static_cast<unsigned char>(1u << (i & 7));
  }
  return bits;
}

// Kernels write exactly ceil(n / 8) bitmap bytes; the sentinel byte after them must survive.
std::vector<unsigned char> output_bitmap(int n) { return std::vector<unsigned char>((n + 7) / 8 + 1, 0xEE); }

bool bitmap_equals(const std::vector<unsigned char>& actual, const std::vector<unsigned char>& expected) {
  if (actual.size() != expected.size() + 1 || actual.back() != 0xEE) return false;
  return std::equal(expected.begin(), expected.end(), actual.begin());
}

template <class T>
void check_arith(void (*kernel)(const T*, const unsigned char*, T, const T*, const unsigned char*, T, int, int, int, T*,
                                unsigned char*, unsigned*),
                 std::mt19937_64& rng, const char* type) {
  const std::vector<Shape> some = {{1, 32}, {3, 64}, {64, 128}};
  for (const Shape& shape : some) {
    for (int n : {0, 1, 33, 1000, 4097}) {
      const std::vector<T> a = random_values<T>(rng, n, 20);
      std::vector<T> b = random_values<T>(rng, n, 3);  // small divisors: zeros and -1 are common
      const std::vector<unsigned char> av = random_validity(rng, n, 0.15);
      const std::vector<unsigned char> bv = random_validity(rng, n, n % 2 ? 0.0 : 0.15);
      for (int op = 0; op <= 4; ++op) {
        for (int variant = 0; variant < 3; ++variant) {  // column-column, column-scalar, scalar-column
          const T scalar = static_cast<T>(variant == 1 ? (op >= 3 ? 0 : 3) : -2);
          for (int ansi = 0; ansi <= 1; ++ansi) {
            std::vector<T> expected(n, T(0));
            std::vector<bool> expected_valid(n, false);
            unsigned expected_errors = 0;
            for (int i = 0; i < n; ++i) {
              const T x = variant == 2 ? scalar : a[i];
              const T y = variant == 1 ? scalar : b[i];
              const bool xv = variant == 2 || valid(av, i);
              const bool yv = variant == 1 || valid(bv, i);
              if (!xv || !yv) continue;
              T r{};
              bool overflow;
              const bool ok = reference_arith<T>(op, x, y, &r, &overflow);
              if (!ok) expected_errors |= 2;
              if (overflow) expected_errors |= 1;
              if (ok) {
                expected[i] = r;
                expected_valid[i] = true;
              }
            }
            if (!ansi) expected_errors = 0;
            std::vector<T> out(n + 1, T(0));
            std::vector<unsigned char> out_valid = output_bitmap(n);
            unsigned errors = 0;
            const T* pa = variant == 2 ? nullptr : a.data();
            const T* pb = variant == 1 ? nullptr : b.data();
            if (!run(kernel, shape, pa, variant == 2 ? nullptr : ptr(av), scalar, pb, variant == 1 ? nullptr : ptr(bv),
                     scalar, n, op, ansi, out.data(), out_valid.data(), &errors)) {
              return;
            }
            bool same = true;
            for (int i = 0; i < n && same; ++i) same = same_bits(out[i], expected[i]);
            CHECK(same, "%s arith op %d variant %d ansi %d n=%d: values differ", type, op, variant, ansi, n);
            CHECK(bitmap_equals(out_valid, bitmap_of(expected_valid)), "%s arith op %d variant %d n=%d: validity", type,
                  op, variant, n);
            CHECK(errors == expected_errors, "%s arith op %d variant %d ansi %d n=%d: errors %u, expected %u", type, op,
                  variant, ansi, n, errors, expected_errors);
          }
        }
      }
    }
  }
}

template <class T>
void check_compare(void (*kernel)(const T*, const unsigned char*, T, const T*, const unsigned char*, T, int, int,
                                  unsigned char*, unsigned char*),
                   std::mt19937_64& rng, const char* type) {
  for (const Shape& shape : std::vector<Shape>{{1, 32}, {8, 256}}) {
    for (int n : {0, 7, 100, 3000}) {
      const std::vector<T> a = random_values<T>(rng, n, 4);
      const std::vector<T> b = random_values<T>(rng, n, 4);
      const std::vector<unsigned char> av = random_validity(rng, n, 0.2);
      const std::vector<unsigned char> bv = random_validity(rng, n, 0.2);
      for (int op = 0; op <= 6; ++op) {
        for (int variant = 0; variant < 2; ++variant) {
          const T scalar = std::is_floating_point_v<T> ? static_cast<T>(0.0) : static_cast<T>(1);
          std::vector<bool> value(n, false), is_valid(n, false);
          for (int i = 0; i < n; ++i) {
            const bool xv = valid(av, i), yv = variant == 1 || valid(bv, i);
            const T y = variant == 1 ? scalar : b[i];
            if (xv && yv) {
              value[i] = holds(op, spark_compare(a[i], y));
              is_valid[i] = true;
            } else if (op == 6) {
              value[i] = !xv && !yv;
              is_valid[i] = true;
            }
          }
          std::vector<unsigned char> out_bits = output_bitmap(n), out_valid = output_bitmap(n);
          if (!run(kernel, shape, a.data(), ptr(av), scalar, variant == 1 ? nullptr : b.data(),
                   variant == 1 ? nullptr : ptr(bv), scalar, n, op, out_bits.data(), out_valid.data())) {
            return;
          }
          CHECK(bitmap_equals(out_bits, bitmap_of(value)), "%s compare op %d variant %d n=%d: values", type, op, variant, n);
          CHECK(bitmap_equals(out_valid, bitmap_of(is_valid)), "%s compare op %d variant %d n=%d: validity", type, op,
                variant, n);
        }
      }
    }
  }
}

template <class T>
void check_case(void (*kernel)(const unsigned char*, const unsigned char*, const T*, const unsigned char*, T, const T*,
                               const unsigned char*, T, int, T*, unsigned char*),
                std::mt19937_64& rng, const char* type) {
  for (int n : {0, 5, 1000, 4097}) {
    std::vector<unsigned char> cond = random_validity(rng, n, 0.5);
    if (cond.empty()) cond.assign((n + 7) / 8 + 1, 0);
    const std::vector<unsigned char> cond_valid = random_validity(rng, n, 0.2);
    const std::vector<T> then_values = random_values<T>(rng, n, 100), else_values = random_values<T>(rng, n, 100);
    const std::vector<unsigned char> then_valid = random_validity(rng, n, 0.1);
    for (int else_scalar = 0; else_scalar <= 1; ++else_scalar) {
      const T scalar = static_cast<T>(-5);
      std::vector<T> expected(n, T(0));
      std::vector<bool> expected_valid(n, false);
      for (int i = 0; i < n; ++i) {
        if (valid(cond_valid, i) && bit(cond, i)) {
          expected_valid[i] = valid(then_valid, i);
          if (expected_valid[i]) expected[i] = then_values[i];
        } else {
          expected_valid[i] = true;
          expected[i] = else_scalar ? scalar : else_values[i];
        }
      }
      std::vector<T> out(n + 1, T(0));
      std::vector<unsigned char> out_valid = output_bitmap(n);
      if (!run(kernel, Shape{4, 64}, cond.data(), ptr(cond_valid), then_values.data(), ptr(then_valid), T(0),
               else_scalar ? nullptr : else_values.data(), nullptr, scalar, n, out.data(), out_valid.data())) {
        return;
      }
      bool same = true;
      for (int i = 0; i < n && same; ++i) same = same_bits(out[i], expected[i]);
      CHECK(same, "%s case n=%d else_scalar=%d: values", type, n, else_scalar);
      CHECK(bitmap_equals(out_valid, bitmap_of(expected_valid)), "%s case n=%d: validity", type, n);
    }
  }
}

void check_bool_ops(std::mt19937_64& rng) {
  for (int n : {0, 9, 1000, 4097}) {
    std::vector<unsigned char> a = random_validity(rng, n, 0.5), b = random_validity(rng, n, 0.5);
    if (a.empty()) a.assign((n + 7) / 8 + 1, 0);
    if (b.empty()) b.assign((n + 7) / 8 + 1, 0);
    const std::vector<unsigned char> av = random_validity(rng, n, 0.3), bv = random_validity(rng, n, 0.3);
    for (int op = 0; op <= 4; ++op) {
      std::vector<bool> value(n, false), is_valid(n, false);
      for (int i = 0; i < n; ++i) {
        // Three-valued truth table: 0 false, 1 true, 2 NULL.
        const int x = valid(av, i) ? (bit(a, i) ? 1 : 0) : 2;
        const int y = valid(bv, i) ? (bit(b, i) ? 1 : 0) : 2;
        int r;
        switch (op) {
          case 0: r = (x == 0 || y == 0) ? 0 : (x == 2 || y == 2) ? 2 : 1; break;
          case 1: r = (x == 1 || y == 1) ? 1 : (x == 2 || y == 2) ? 2 : 0; break;
          case 2: r = x == 2 ? 2 : 1 - x; break;
          case 3: r = x == 2 ? 1 : 0; break;
          default: r = x == 2 ? 0 : 1; break;
        }
        is_valid[i] = r != 2;
        value[i] = r == 1;
      }
      std::vector<unsigned char> out_bits = output_bitmap(n), out_valid = output_bitmap(n);
      if (!run(&spate_bool_op, Shape{2, 96}, a.data(), ptr(av), b.data(), ptr(bv), n, op, out_bits.data(),
               out_valid.data())) {
        return;
      }
      CHECK(bitmap_equals(out_bits, bitmap_of(value)), "bool op %d n=%d: values", op, n);
      CHECK(bitmap_equals(out_valid, bitmap_of(is_valid)), "bool op %d n=%d: validity", op, n);
    }
  }
}

template <class From, class To>
void check_cast(void (*kernel)(const From*, const unsigned char*, int, To*, unsigned char*), std::mt19937_64& rng,
                const char* name) {
  for (int n : {0, 40, 3000}) {
    std::vector<From> in = random_values<From>(rng, n, 1000);
    if constexpr (std::is_same_v<From, long long>) {
      for (int i = 0; i < n; i += 7) in[i] = (1LL << 53) + 1 + i;  // not exactly representable as double
    }
    const std::vector<unsigned char> v = random_validity(rng, n, 0.2);
    std::vector<To> out(n + 1, To(0));
    std::vector<unsigned char> out_valid = output_bitmap(n);
    std::vector<bool> expected_valid(n);
    if (!run(kernel, Shape{3, 64}, in.data(), ptr(v), n, out.data(), out_valid.data())) return;
    bool same = true;
    for (int i = 0; i < n; ++i) {
      expected_valid[i] = valid(v, i);
      same = same && same_bits(out[i], expected_valid[i] ? static_cast<To>(in[i]) : To(0));
    }
    CHECK(same, "%s n=%d: values", name, n);
    CHECK(bitmap_equals(out_valid, bitmap_of(expected_valid)), "%s n=%d: validity", name, n);
  }
}

}  // namespace

int run_project_tests() {
  std::mt19937_64 rng(7);
  check_arith<int>(&spate_arith_i32, rng, "i32");
  check_arith<long long>(&spate_arith_i64, rng, "i64");
  check_arith<float>(&spate_arith_f32, rng, "f32");
  check_arith<double>(&spate_arith_f64, rng, "f64");
  check_compare<int>(&spate_compare_i32, rng, "i32");
  check_compare<long long>(&spate_compare_i64, rng, "i64");
  check_compare<float>(&spate_compare_f32, rng, "f32");
  check_compare<double>(&spate_compare_f64, rng, "f64");
  check_case<int>(&spate_case_i32, rng, "i32");
  check_case<long long>(&spate_case_i64, rng, "i64");
  check_case<float>(&spate_case_f32, rng, "f32");
  check_case<double>(&spate_case_f64, rng, "f64");
  check_bool_ops(rng);
  check_cast<int, long long>(&spate_cast_i32_i64, rng, "cast i32->i64");
  check_cast<int, double>(&spate_cast_i32_f64, rng, "cast i32->f64");
  check_cast<long long, double>(&spate_cast_i64_f64, rng, "cast i64->f64");
  check_cast<float, double>(&spate_cast_f32_f64, rng, "cast f32->f64");
  return failures();
}

}  // namespace spate_test
