// Window assignment vs a brute-force reference that enumerates aligned window starts.
#include "test_util.h"

namespace spate_test {
namespace {

long long floor_div(long long a, long long b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

std::vector<long long> timestamps(std::mt19937_64& rng, int n, long long size) {
  std::vector<long long> ts(n);
  std::uniform_int_distribution<long long> pick(-20 * size, 20 * size);
  std::uniform_int_distribution<int> boundary(0, 4);
  for (int i = 0; i < n; ++i) {
    ts[i] = pick(rng);
    if (boundary(rng) == 0) ts[i] = floor_div(ts[i], size) * size;  // exactly on a boundary
  }
  return ts;
}

void check_tumbling(std::mt19937_64& rng) {
  for (const Shape& shape : shapes()) {
    for (int n : sizes()) {
      for (long long offset : {0LL, 3LL, -7LL}) {
        const long long size = 5000000;  // 5 seconds in microseconds
        const std::vector<long long> ts = timestamps(rng, n, size);
        const std::vector<unsigned char> v = random_validity(rng, n, 0.1);
        std::vector<long long> start(n + 1), end(n + 1);
        std::vector<unsigned char> out_valid((n + 7) / 8 + 1);
        if (!run(&spate_window_tumbling, shape, ts.data(), ptr(v), n, size, offset, start.data(), end.data(),
                 out_valid.data())) {
          return;
        }
        int wrong = 0;
        for (int i = 0; i < n; ++i) {
          if (!valid(v, i)) {
            wrong += bit(out_valid, i);
            continue;
          }
          const long long expected = floor_div(ts[i] - offset, size) * size + offset;
          wrong += !bit(out_valid, i) || start[i] != expected || end[i] != expected + size;
          wrong += !(start[i] <= ts[i] && ts[i] < end[i]);
        }
        CHECK(wrong == 0, "tumbling n=%d offset %lld shape %ux%u: %d rows wrong", n, offset, shape.grid, shape.block,
              wrong);
      }
    }
  }
}

void check_sliding(std::mt19937_64& rng) {
  struct Spec {
    long long size, slide;
  };
  for (const Spec spec : {Spec{10, 5}, Spec{10, 3}, Spec{7, 7}, Spec{10, 4}, Spec{3, 5}}) {
    const int max_windows = static_cast<int>((spec.size + spec.slide - 1) / spec.slide);
    for (const Shape& shape : shapes()) {
      for (int n : {0, 1, 33, 1000, 7000}) {
        const long long offset = n % 3 == 0 ? 0 : 2;
        const std::vector<long long> ts = timestamps(rng, n, spec.slide);
        const std::vector<unsigned char> v = random_validity(rng, n, 0.1);
        std::vector<int> expected_row;
        std::vector<long long> expected_start;
        for (int i = 0; i < n; ++i) {
          if (!valid(v, i)) continue;
          // Every aligned start s = offset + k * slide with s <= ts < s + size, latest first.
          for (long long k = floor_div(ts[i] - offset, spec.slide); offset + k * spec.slide + spec.size > ts[i]; --k) {
            expected_row.push_back(i);
            expected_start.push_back(offset + k * spec.slide);
          }
        }
        const std::size_t capacity = static_cast<std::size_t>(n) * max_windows + 1;
        std::vector<int> rows(capacity, -1);
        std::vector<long long> start(capacity), end(capacity);
        std::vector<unsigned long long> state(2 + tiles(static_cast<long long>(n) * max_windows, shape.block), 0);
        if (!run(&spate_window_sliding, shape, ts.data(), ptr(v), n, spec.size, spec.slide, offset, max_windows,
                 rows.data(), start.data(), end.data(), state.data())) {
          return;
        }
        bool same = state[1] == expected_row.size();
        for (std::size_t i = 0; same && i < expected_row.size(); ++i) {
          same = rows[i] == expected_row[i] && start[i] == expected_start[i] && end[i] == expected_start[i] + spec.size;
        }
        CHECK(same, "sliding size %lld slide %lld n=%d shape %ux%u: %llu pairs, expected %zu", spec.size, spec.slide, n,
              shape.grid, shape.block, state[1], expected_row.size());
      }
    }
  }
}

}  // namespace

int run_window_tests() {
  std::mt19937_64 rng(2024);
  check_tumbling(rng);
  check_sliding(rng);
  return failures();
}

}  // namespace spate_test
