// Hash aggregation vs a std::map reference: groups, counts, exact integer sums, min/max (bit-exact),
// double sums within a relative tolerance (the order of atomic float additions is not deterministic).
#include <map>
#include <tuple>

#include "test_util.h"

namespace spate_test {
namespace {

// Canonical grouping / ordering image, written independently of the kernels.
double canonical(double v) { return std::isnan(v) ? std::numeric_limits<double>::quiet_NaN() : (v == 0 ? 0.0 : v); }

template <class T>
bool spark_less(T a, T b) { return spark_compare(a, b) < 0; }

template <class T>
struct Expected {
  long long rows = 0;
  long long count = 0;
  __int128 sum = 0;
  double fsum = 0;
  double abs_sum = 0;
  T min{}, max{};
};

template <class T>
void accumulate(Expected<T>& e, T v) {
  // NaNs are one value; -0.0 and 0.0 compare equal and the first of them is kept, as in Spark.
  if (std::is_floating_point_v<T> && std::isnan(v)) v = static_cast<T>(canonical(v));
  if (e.count == 0 || spark_less(v, e.min)) e.min = v;
  if (e.count == 0 || spark_less(e.max, v)) e.max = v;
  e.count++;
  if constexpr (std::is_integral_v<T>) {
    e.sum += v;
  } else {
    e.fsum += static_cast<double>(v);
    e.abs_sum += std::fabs(static_cast<double>(v));
  }
}

template <class T>
bool same_value(T a, T b) {
  if constexpr (std::is_floating_point_v<T>) {
    if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
  }
  return same_bits(a, b);
}

bool close_sum(double actual, double expected, double abs_sum) {
  if (std::isnan(expected)) return std::isnan(actual);
  if (std::isinf(expected)) return actual == expected;
  return std::fabs(actual - expected) <= 1e-9 * (abs_sum + 1);
}

struct Table {
  int cap;
  int nslots;
  std::vector<unsigned long long> counts;
  std::vector<int> row_slot;
  std::vector<int> groups;
};

std::vector<int> list_groups(const std::vector<unsigned long long>& counts, int nslots, Shape shape) {
  std::vector<int> groups(nslots + 1, -1);
  std::vector<unsigned long long> state(2 + tiles(nslots, shape.block), 0);
  run(&spate_hashagg_groups, shape, counts.data(), nslots, groups.data(), state.data());
  groups.resize(state[1] <= static_cast<unsigned long long>(nslots) ? state[1] : 0);
  return groups;
}

// Aggregates `values` per group and checks every group's finalized outputs against `expected`.
template <class T, class S>
void check_aggregates(const char* what, const Table& table, const std::vector<T>& values,
                      const std::vector<unsigned char>& validity, const std::vector<Expected<T>>& expected_by_group,
                      Shape shape, int shared_preagg,
                      void (*update)(const int*, const T*, const unsigned char*, int, unsigned long long*, int, int,
                                     long long),
                      void (*finalize)(const int*, int, const unsigned long long*, int, int, long long*, S*,
                                       unsigned char*, T*, T*, unsigned*)) {
  const int n = static_cast<int>(values.size());
  const int groups = static_cast<int>(table.groups.size());
  std::vector<unsigned long long> acc(5 * static_cast<std::size_t>(table.nslots));
  run(&spate_agg_init, shape, acc.data(), table.nslots);
  if (!run(update, shape, table.row_slot.data(), values.data(), ptr(validity), n, acc.data(), table.nslots,
           shared_preagg, 0LL)) {
    return;
  }
  std::vector<long long> count(groups + 1);
  std::vector<S> sum(groups + 1);
  std::vector<T> min(groups + 1), max(groups + 1);
  std::vector<unsigned char> out_valid((groups + 7) / 8 + 1, 0);
  unsigned errors = 0;
  if (!run(finalize, shape, table.groups.data(), groups, acc.data(), table.nslots, 1, count.data(), sum.data(),
           out_valid.data(), min.data(), max.data(), &errors)) {
    return;
  }
  int wrong = 0;
  bool overflow_expected = false;
  for (int g = 0; g < groups; ++g) {
    const Expected<T>& e = expected_by_group[g];
    bool ok = count[g] == e.count && bit(out_valid, g) == (e.count > 0);
    if (e.count > 0) {
      ok = ok && same_value(min[g], e.min) && same_value(max[g], e.max);
      if constexpr (std::is_integral_v<T>) {
        const bool fits = e.sum == static_cast<__int128>(static_cast<long long>(e.sum));
        overflow_expected = overflow_expected || !fits;
        ok = ok && sum[g] == static_cast<long long>(static_cast<unsigned long long>(e.sum));
      } else {
        ok = ok && close_sum(sum[g], e.fsum, e.abs_sum);
      }
    }
    if (!ok) wrong++;
  }
  CHECK(wrong == 0, "%s: %d of %d groups wrong (n=%d, shape %ux%u, preagg %d)", what, wrong, groups, n, shape.grid,
        shape.block, shared_preagg);
  CHECK(errors == (overflow_expected ? 1u : 0u), "%s: error flags %u, overflow expected %d", what, errors,
        overflow_expected);
}

template <class T, class S>
void check_int64_key_case(std::mt19937_64& rng, int n, int distinct, int cap, Shape shape, int preagg,
                          void (*update)(const int*, const T*, const unsigned char*, int, unsigned long long*, int, int,
                                         long long),
                          void (*finalize)(const int*, int, const unsigned long long*, int, int, long long*, S*,
                                           unsigned char*, T*, T*, unsigned*),
                          const char* type, bool huge_values = false) {
  std::vector<long long> keys(n);
  std::uniform_int_distribution<int> pick(0, distinct - 1);
  for (int i = 0; i < n; ++i) {
    const int k = pick(rng);
    keys[i] = k == 0 ? std::numeric_limits<long long>::min() : (k * 7919LL - 100000);
  }
  const std::vector<unsigned char> key_valid = random_validity(rng, n, 0.05);
  std::vector<T> values = random_values<T>(rng, n, 1000000);
  if (huge_values) {
    for (T& v : values) v = std::numeric_limits<T>::max() - static_cast<T>(pick(rng));
  }
  const std::vector<unsigned char> value_valid = random_validity(rng, n, 0.1);

  Table table{cap, cap + 2, std::vector<unsigned long long>(cap + 2), std::vector<int>(n), {}};
  std::vector<unsigned long long> table_keys(cap);
  unsigned errors = 0;
  run(&spate_hashagg_i64_init, shape, table_keys.data(), table.counts.data(), cap);
  if (!run(&spate_hashagg_i64_build, shape, keys.data(), ptr(key_valid), n, table_keys.data(), cap,
           table.counts.data(), table.row_slot.data(), &errors, preagg)) {
    return;
  }
  CHECK(errors == 0, "i64 build: error flags %u", errors);
  table.groups = list_groups(table.counts, table.nslots, shape);
  const int groups = static_cast<int>(table.groups.size());
  std::vector<long long> out_keys(groups + 1);
  std::vector<unsigned char> out_key_valid((groups + 7) / 8 + 1);
  run(&spate_hashagg_i64_keys, shape, table.groups.data(), groups, table_keys.data(), cap, out_keys.data(),
      out_key_valid.data());

  // Reference: key (nullopt = NULL) -> rows and aggregates.
  std::map<std::pair<bool, long long>, Expected<T>> reference;
  for (int i = 0; i < n; ++i) {
    Expected<T>& e = reference[{valid(key_valid, i), valid(key_valid, i) ? keys[i] : 0}];
    e.rows++;
    if (valid(value_valid, i)) accumulate(e, values[i]);
  }
  CHECK(static_cast<std::size_t>(groups) == reference.size(), "i64 key: %d groups, expected %zu", groups,
        reference.size());
  std::vector<Expected<T>> expected_by_group(groups);
  int wrong_rows = 0;
  for (int g = 0; g < groups; ++g) {
    const auto it = reference.find({bit(out_key_valid, g), bit(out_key_valid, g) ? out_keys[g] : 0});
    if (it == reference.end() || static_cast<long long>(table.counts[table.groups[g]]) != it->second.rows) {
      wrong_rows++;
      continue;
    }
    expected_by_group[g] = it->second;
  }
  CHECK(wrong_rows == 0, "i64 key: %d groups with an unknown key or a wrong row count", wrong_rows);
  std::string what = std::string("i64 key, ") + type + " values, " + std::to_string(distinct) + " keys";
  check_aggregates<T, S>(what.c_str(), table, values, value_valid, expected_by_group, shape, preagg, update, finalize);
}

void check_composite_keys(std::mt19937_64& rng, int n, int range, int cap, Shape shape, int preagg) {
  const std::vector<int> k0 = random_values<int>(rng, n, range);
  const std::vector<double> k1 = random_values<double>(rng, n, range);
  const std::vector<unsigned char> v0 = random_validity(rng, n, 0.1), v1 = random_validity(rng, n, 0.1);
  const int width = 3;
  std::vector<unsigned long long> row_keys(static_cast<std::size_t>(n) * width + 1);
  run(&spate_hashagg_pack_i32, shape, k0.data(), ptr(v0), n, 0, width, row_keys.data());
  run(&spate_hashagg_pack_f64, shape, k1.data(), ptr(v1), n, 1, width, row_keys.data());
  Table table{cap, cap, std::vector<unsigned long long>(cap), std::vector<int>(n), {}};
  std::vector<unsigned long long> table_keys(static_cast<std::size_t>(cap) * width);
  std::vector<unsigned> slot_state(cap);
  unsigned errors = 0;
  run(&spate_hashagg_composite_init, shape, table_keys.data(), slot_state.data(), table.counts.data(), cap, width);
  if (!run(&spate_hashagg_composite_build, shape, row_keys.data(), width, n, table_keys.data(), slot_state.data(), cap,
           table.counts.data(), table.row_slot.data(), &errors, preagg)) {
    return;
  }
  CHECK(errors == 0, "composite build: error flags %u", errors);
  table.groups = list_groups(table.counts, cap, shape);
  const int groups = static_cast<int>(table.groups.size());
  std::vector<int> out0(groups + 1);
  std::vector<double> out1(groups + 1);
  std::vector<unsigned char> ov0((groups + 7) / 8 + 1), ov1((groups + 7) / 8 + 1);
  run(&spate_hashagg_unpack_i32, shape, table.groups.data(), groups, table_keys.data(), width, 0, out0.data(), ov0.data());
  run(&spate_hashagg_unpack_f64, shape, table.groups.data(), groups, table_keys.data(), width, 1, out1.data(), ov1.data());

  // Reference keyed by (null0, k0, null1, canonical bits of k1).
  using Key = std::tuple<bool, int, bool, unsigned long long>;
  auto key_of = [](bool a_valid, int a, bool b_valid, double b) {
    double c = canonical(b);
    unsigned long long bits;
    std::memcpy(&bits, &c, 8);
    return Key{a_valid, a_valid ? a : 0, b_valid, b_valid ? bits : 0};
  };
  std::map<Key, long long> reference;
  for (int i = 0; i < n; ++i) reference[key_of(valid(v0, i), k0[i], valid(v1, i), k1[i])]++;
  CHECK(static_cast<std::size_t>(groups) == reference.size(), "composite: %d groups, expected %zu", groups,
        reference.size());
  int wrong = 0;
  for (int g = 0; g < groups; ++g) {
    const auto it = reference.find(key_of(bit(ov0, g), out0[g], bit(ov1, g), out1[g]));
    if (it == reference.end() || it->second != static_cast<long long>(table.counts[table.groups[g]])) wrong++;
  }
  CHECK(wrong == 0, "composite: %d of %d groups have an unknown key or a wrong count (n=%d, preagg %d)", wrong, groups,
        n, preagg);
}

void check_table_full(Shape shape) {
  const int cap = 8;
  std::vector<long long> keys(100);
  for (int i = 0; i < 100; ++i) keys[i] = i % 20;
  std::vector<unsigned long long> table_keys(cap), counts(cap + 2);
  std::vector<int> row_slot(100);
  unsigned errors = 0;
  run(&spate_hashagg_i64_init, shape, table_keys.data(), counts.data(), cap);
  run(&spate_hashagg_i64_build, shape, keys.data(), nullptr, 100, table_keys.data(), cap, counts.data(), row_slot.data(),
      &errors, 0);
  CHECK(errors == 4, "20 keys in 8 slots must report SPATE_ERR_TABLE_FULL, got %u", errors);
  int unplaced = 0;
  for (int s : row_slot) unplaced += s < 0;
  CHECK(unplaced > 0, "rows that found no slot must have row_slot -1");
}

}  // namespace

int run_hashagg_tests() {
  std::mt19937_64 rng(99);
  const std::vector<Shape> agg_shapes = {{1, 32}, {4, 128}, {16, 256}};
  for (const Shape& shape : agg_shapes) {
    for (int preagg = 0; preagg <= 1; ++preagg) {
      for (int n : {0, 1, 1000, 20000}) {
        check_int64_key_case<long long, long long>(rng, n, 8, 64, shape, preagg, &spate_agg_update_i64,
                                                   &spate_agg_finalize_i64, "i64");
        check_int64_key_case<int, long long>(rng, n, 3000, 8192, shape, preagg, &spate_agg_update_i32,
                                             &spate_agg_finalize_i32, "i32");
        check_int64_key_case<double, double>(rng, n, 16, 64, shape, preagg, &spate_agg_update_f64,
                                             &spate_agg_finalize_f64, "f64");
        check_int64_key_case<float, double>(rng, n, 1000, 2048, shape, preagg, &spate_agg_update_f32,
                                            &spate_agg_finalize_f32, "f32");
      }
      check_int64_key_case<long long, long long>(rng, 5000, 4, 16, shape, preagg, &spate_agg_update_i64,
                                                 &spate_agg_finalize_i64, "i64 overflowing", true);
      check_composite_keys(rng, 5000, 3, 256, shape, preagg);    // low cardinality, NaN / -0.0 / NULL keys
      check_composite_keys(rng, 20000, 2000, 32768, shape, preagg);  // high cardinality
    }
    check_table_full(shape);
  }
  return failures();
}

}  // namespace spate_test
