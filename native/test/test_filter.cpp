// Filter kernels vs a scalar reference: selection vectors must be identical (same rows, same order).
#include "test_util.h"

namespace spate_test {
namespace {

template <class T>
void check_scalar_filter(void (*kernel)(const T*, const unsigned char*, int, int, T, int*, unsigned long long*),
                         std::mt19937_64& rng, const char* type) {
  for (const Shape& shape : shapes()) {
    for (int n : sizes()) {
      const double null_fraction = (n % 2 == 0) ? 0.0 : 0.2;
      const std::vector<T> values = random_values<T>(rng, n, 50);
      const std::vector<unsigned char> validity = random_validity(rng, n, null_fraction);
      for (int op = 0; op <= 6; ++op) {
        const T scalar = (op == 1 && std::is_floating_point_v<T>) ? std::numeric_limits<T>::quiet_NaN()
                         : (op == 0 && std::is_floating_point_v<T>) ? static_cast<T>(-0.0)
                                                                    : static_cast<T>(7);
        std::vector<int> expected;
        for (int i = 0; i < n; ++i) {
          if (valid(validity, i) && holds(op, spark_compare(values[i], scalar))) expected.push_back(i);
        }
        std::vector<int> selection(n + 1, -7);
        std::vector<unsigned long long> state(2 + tiles(n, shape.block), 0);
        if (!run(kernel, shape, values.data(), ptr(validity), n, op, scalar, selection.data(), state.data())) return;
        CHECK(state[1] == expected.size(), "%s scalar op %d n=%d shape %ux%u: count %llu, expected %zu", type, op, n,
              shape.grid, shape.block, state[1], expected.size());
        bool same = state[1] == expected.size();
        for (std::size_t i = 0; same && i < expected.size(); ++i) same = selection[i] == expected[i];
        CHECK(same, "%s scalar op %d n=%d shape %ux%u: selection differs", type, op, n, shape.grid, shape.block);
        CHECK(selection[expected.size()] == -7, "%s: wrote past the selected rows", type);
      }
    }
  }
}

template <class T>
void check_column_filter(void (*kernel)(const T*, const unsigned char*, const T*, const unsigned char*, int, int, int*,
                                        unsigned long long*),
                         std::mt19937_64& rng, const char* type) {
  for (const Shape& shape : shapes()) {
    for (int n : {0, 1, 100, 5000}) {
      const std::vector<T> left = random_values<T>(rng, n, 5);
      const std::vector<T> right = random_values<T>(rng, n, 5);
      const std::vector<unsigned char> lv = random_validity(rng, n, 0.25);
      const std::vector<unsigned char> rv = random_validity(rng, n, n % 2 ? 0.0 : 0.25);
      for (int op = 0; op <= 6; ++op) {
        std::vector<int> expected;
        for (int i = 0; i < n; ++i) {
          const bool a = valid(lv, i), b = valid(rv, i);
          if (a && b ? holds(op, spark_compare(left[i], right[i])) : (op == 6 && !a && !b)) expected.push_back(i);
        }
        std::vector<int> selection(n + 1, -7);
        std::vector<unsigned long long> state(2 + tiles(n, shape.block), 0);
        if (!run(kernel, shape, left.data(), ptr(lv), right.data(), ptr(rv), n, op, selection.data(), state.data())) return;
        selection.resize(state[1] <= static_cast<unsigned long long>(n) ? state[1] : 0);
        CHECK(selection == expected, "%s column op %d n=%d shape %ux%u: %zu rows selected, expected %zu", type, op, n,
              shape.grid, shape.block, selection.size(), expected.size());
      }
    }
  }
}

void check_mask_filter(std::mt19937_64& rng) {
  for (const Shape& shape : shapes()) {
    for (int n : sizes()) {
      std::vector<unsigned char> bits = random_validity(rng, n, 0.5);
      if (bits.empty()) bits.assign((n + 7) / 8 + 1, 0);
      const std::vector<unsigned char> validity = random_validity(rng, n, 0.1);
      std::vector<int> expected;
      for (int i = 0; i < n; ++i) {
        if (valid(validity, i) && bit(bits, i)) expected.push_back(i);
      }
      std::vector<int> selection(n + 1, -7);
      std::vector<unsigned long long> state(2 + tiles(n, shape.block), 0);
      if (!run(&spate_filter_mask, shape, bits.data(), ptr(validity), n, selection.data(), state.data())) return;
      selection.resize(state[1] <= static_cast<unsigned long long>(n) ? state[1] : 0);
      CHECK(selection == expected, "mask n=%d shape %ux%u", n, shape.grid, shape.block);
    }
  }
}

}  // namespace

int run_filter_tests() {
  std::mt19937_64 rng(42);
  check_scalar_filter<int>(&spate_filter_scalar_i32, rng, "i32");
  check_scalar_filter<long long>(&spate_filter_scalar_i64, rng, "i64");
  check_scalar_filter<float>(&spate_filter_scalar_f32, rng, "f32");
  check_scalar_filter<double>(&spate_filter_scalar_f64, rng, "f64");
  check_column_filter<int>(&spate_filter_column_i32, rng, "i32");
  check_column_filter<long long>(&spate_filter_column_i64, rng, "i64");
  check_column_filter<float>(&spate_filter_column_f32, rng, "f32");
  check_column_filter<double>(&spate_filter_column_f64, rng, "f64");
  check_mask_filter(rng);
  return failures();
}

}  // namespace spate_test
