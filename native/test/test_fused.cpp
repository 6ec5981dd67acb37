// spate_fused_aggregate's per-row program interpreter vs a scalar reference: every row is its own
// group (the key is the row number), so each group's accumulators show that row's program outputs.
// Covers arithmetic with NULLs (INT, BIGINT, DOUBLE), comparisons (NaN ordering, <=>), Kleene
// AND/OR/NOT, IS [NOT] NULL, casts, a filter dropping rows and the ANSI error word (overflow with
// the position of the last overflowing operation, division by zero), under the ctest schedules.
#include <algorithm>
#include <cmath>

#include "test_util.h"

extern "C" void spate_fused_aggregate(const void*, const SPATE_U8*, const void*, const SPATE_U8*, const void*,
                                      const SPATE_U8*, const void*, const SPATE_U8*, const void*, const SPATE_U8*,
                                      const void*, const SPATE_U8*, const void*, const SPATE_U8*, const void*,
                                      const SPATE_U8*, const int*, const int*, int, const SPATE_U64*, int, long long,
                                      int, SPATE_U64*, int, SPATE_U64*, int, int, const int*, SPATE_U64*, SPATE_U64*,
                                      SPATE_U64*, SPATE_U64*, SPATE_U64*, SPATE_U64*, SPATE_U64*, SPATE_U64*,
                                      unsigned*);

namespace spate_test {
namespace {

// Opcodes, types and operators of spate_fused.cu / spate_common.cuh (the Java GpuProgram's contract).
enum Op { LOAD = 1, CONST = 2, ARITH = 3, CMP = 4, BOOLOP = 5, CAST = 6, FILTER = 7, OUT = 10 };
enum Type { I32 = 0, I64 = 1, F64 = 3 };
enum Arith { ADD = 0, SUB = 1, MUL = 2, DIV = 3, MOD = 4 };
enum Cmp { EQ = 0, NE = 1, LT = 2, LE = 3, GT = 4, GE = 5, EQ_NULL_SAFE = 6 };
enum Bool { AND = 0, OR = 1, NOT = 2, IS_NULL = 3, IS_NOT_NULL = 4 };
constexpr unsigned kOverflow = 1u, kDivideByZero = 2u;
constexpr unsigned long long kEmptyKey = 0x8000000000000000ull;

struct Value {
  long long i = 0;  // INT, BIGINT and BOOLEAN (0/1)
  double d = 0;     // DOUBLE
  bool valid = false;
};

struct Expr {
  int kind;  // LOAD (column), CONST, ARITH, CMP, BOOLOP, CAST
  int type;  // the operand type (ARITH, CMP, CAST from) or the column / literal type
  int op;    // operator, or the CAST target type
  int column;
  Value literal;
  std::vector<Expr> args;
};

Expr col(int column, int type) { return {LOAD, type, 0, column, {}, {}}; }
Expr lit_i(int type, long long v) { return {CONST, type, 0, 0, {v, 0, true}, {}}; }
Expr lit_d(double v) { return {CONST, F64, 0, 0, {0, v, true}, {}}; }
Expr node(int kind, int type, int op, std::vector<Expr> args) { return {kind, type, op, 0, {}, std::move(args)}; }

struct Columns {
  std::vector<long long> row_id, a, b;
  std::vector<int> x;
  std::vector<double> f;
  std::vector<unsigned char> a_valid, b_valid, x_valid, f_valid;
};

// Appends the postfix code of `e` (children first) and its literals.
void emit(const Expr& e, std::vector<int>& code, std::vector<unsigned long long>& constants) {
  for (const Expr& arg : e.args) emit(arg, code, constants);
  switch (e.kind) {
    case LOAD: code.insert(code.end(), {LOAD, e.column}); break;
    case CONST: {
      unsigned long long bits;
      if (e.type == F64) {
        std::memcpy(&bits, &e.literal.d, 8);
      } else {
        bits = static_cast<unsigned long long>(e.literal.i);
      }
      code.insert(code.end(), {CONST, static_cast<int>(constants.size())});
      constants.push_back(bits);
      break;
    }
    case ARITH:
    case CMP:
    case CAST: code.insert(code.end(), {e.kind, e.type, e.op}); break;
    default: code.insert(code.end(), {BOOLOP, e.op}); break;
  }
}

struct Errors {
  unsigned flags = 0;
  int overflow_at = 0;
};

long long wrap(int type, __int128 v, bool* overflow) {
  const __int128 lo = type == I32 ? std::numeric_limits<int>::min() : std::numeric_limits<long long>::min();
  const __int128 hi = type == I32 ? std::numeric_limits<int>::max() : std::numeric_limits<long long>::max();
  *overflow = v < lo || v > hi;
  const unsigned long long bits = static_cast<unsigned long long>(v);
  return type == I32 ? static_cast<long long>(static_cast<int>(static_cast<unsigned>(bits)))
                     : static_cast<long long>(bits);
}

// The reference: Spark semantics, written independently of the kernel. `pc` tracks code positions
// exactly as emit() lays them out, for the overflow position.
Value eval(const Expr& e, const Columns& c, int row, int& pc, Errors& errors) {
  std::vector<Value> args;
  for (const Expr& arg : e.args) args.push_back(eval(arg, c, row, pc, errors));
  Value r;
  switch (e.kind) {
    case LOAD: {
      pc += 2;
      switch (e.column) {
        case 0: return {c.row_id[row], 0, true};
        case 1: return {c.a[row], 0, valid(c.a_valid, row)};
        case 2: return {c.b[row], 0, valid(c.b_valid, row)};
        case 3: return {c.x[row], 0, valid(c.x_valid, row)};
        default: return {0, c.f[row], valid(c.f_valid, row)};
      }
    }
    case CONST: pc += 2; return e.literal;
    case CAST:
      pc += 3;
      r = args[0];
      if (e.op == F64 && e.type != F64) r.d = static_cast<double>(r.i);
      return r;
    case ARITH: {
      const int position = pc + 1;
      pc += 3;
      const Value a = args[0], b = args[1];
      if (!a.valid || !b.valid) return r;
      r.valid = true;
      if (e.type == F64) {
        if ((e.op == DIV || e.op == MOD) && b.d == 0) {
          errors.flags |= kDivideByZero;
          return Value{};
        }
        r.d = e.op == ADD ? a.d + b.d : e.op == SUB ? a.d - b.d : e.op == MUL ? a.d * b.d
              : e.op == DIV ? a.d / b.d : std::fmod(a.d, b.d);
        return r;
      }
      if ((e.op == DIV || e.op == MOD) && b.i == 0) {
        errors.flags |= kDivideByZero;
        return Value{};
      }
      const __int128 x = a.i, y = b.i;
      const __int128 exact = e.op == ADD ? x + y : e.op == SUB ? x - y : e.op == MUL ? x * y
                             : e.op == DIV ? x / y : (y == -1 ? 0 : x % y);
      bool overflow = false;
      r.i = wrap(e.type, exact, &overflow);
      if (overflow) {
        errors.flags |= kOverflow;
        errors.overflow_at = std::max(errors.overflow_at, position);
      }
      return r;
    }
    case CMP: {
      pc += 3;
      const Value a = args[0], b = args[1];
      if (!a.valid || !b.valid) {
        const bool both_null = !a.valid && !b.valid;
        return {e.op == EQ_NULL_SAFE && both_null ? 1 : 0, 0, e.op == EQ_NULL_SAFE};
      }
      const int order = e.type == F64 ? spark_compare(a.d, b.d) : spark_compare(a.i, b.i);
      return {holds(e.op, order) ? 1 : 0, 0, true};
    }
    default: {
      pc += 2;
      const Value p = args[0];
      if (e.op == IS_NULL || e.op == IS_NOT_NULL) return {(e.op == IS_NULL) == !p.valid ? 1 : 0, 0, true};
      if (e.op == NOT) return {p.valid && p.i == 0 ? 1 : 0, 0, p.valid};
      const Value q = args[1];
      const bool p_false = p.valid && p.i == 0, q_false = q.valid && q.i == 0;
      const bool p_true = p.valid && p.i != 0, q_true = q.valid && q.i != 0;
      if (e.op == AND) {
        if (p_false || q_false) return {0, 0, true};
        return {1, 0, p.valid && q.valid};
      }
      if (p_true || q_true) return {1, 0, true};
      return {0, 0, p.valid && q.valid};
    }
  }
}

// The program's outputs: the key, then accumulator values (with their accumulator types).
struct Program {
  Expr filter;
  std::vector<Expr> outputs;
  std::vector<int> output_types;
};

Program program() {
  const Expr a = col(1, I64), b = col(2, I64), x = col(3, I32), f = col(4, F64);
  Program p;
  // NOT (a IS NULL) OR b >= -2: drops rows whose a is NULL and b is NULL or below -2.
  p.filter = node(BOOLOP, 0, OR, {node(BOOLOP, 0, NOT, {node(BOOLOP, 0, IS_NULL, {a})}),
                                  node(CMP, I64, GE, {b, lit_i(I64, -2)})});
  p.outputs = {
      node(ARITH, I64, ADD, {a, b}),
      node(ARITH, I64, MUL, {a, node(CAST, I32, I64, {x})}),
      node(ARITH, I64, DIV, {a, b}),
      node(ARITH, I64, MOD, {a, b}),
      node(ARITH, I32, SUB, {x, lit_i(I32, 7)}),
      node(BOOLOP, 0, OR, {node(BOOLOP, 0, AND, {node(CMP, I64, GT, {a, b}),
                                                 node(BOOLOP, 0, IS_NOT_NULL, {x})}),
                           node(CMP, F64, LT, {f, lit_d(1.5)})}),
      node(CMP, I64, EQ_NULL_SAFE, {b, lit_i(I64, 0)}),
      node(ARITH, F64, DIV, {node(CAST, I32, F64, {x}), f})};
  p.output_types = {I64, I64, I64, I64, I32, I64, I64, F64};
  return p;
}

void check_program(std::mt19937_64& rng, int n, Shape shape) {
  Columns c;
  for (int i = 0; i < n; ++i) c.row_id.push_back(i);
  c.a = random_values<long long>(rng, n, 1000);
  c.b = random_values<long long>(rng, n, 3);
  c.x = random_values<int>(rng, n, 100);
  c.f = random_values<double>(rng, n, 8);
  c.a_valid = random_validity(rng, n, 0.2);
  c.b_valid = random_validity(rng, n, 0.2);
  c.x_valid = random_validity(rng, n, 0.1);
  c.f_valid = random_validity(rng, n, 0.1);

  const Program p = program();
  std::vector<int> code;
  std::vector<unsigned long long> constants;
  emit(p.filter, code, constants);
  code.push_back(FILTER);
  code.insert(code.end(), {LOAD, 0, OUT, 0});
  std::vector<int> output_starts;
  for (std::size_t o = 0; o < p.outputs.size(); ++o) {
    output_starts.push_back(static_cast<int>(code.size()));
    emit(p.outputs[o], code, constants);
    code.insert(code.end(), {OUT, static_cast<int>(o) + 1});
  }
  constants.push_back(0);  // never empty

  int cap = 2;
  while (cap < 2 * n + 2) cap *= 2;
  const int nslots = cap + 2;
  std::vector<unsigned long long> keys(cap, kEmptyKey), counts(nslots, 0);
  const int naccumulators = static_cast<int>(p.outputs.size());
  std::vector<std::vector<unsigned long long>> acc(naccumulators, std::vector<unsigned long long>(5 * nslots, 0));
  for (auto& words : acc) std::fill(words.begin() + 3 * nslots, words.begin() + 4 * nslots, ~0ull);
  const int column_types[8] = {I64, I64, I64, I32, F64, 0, 0, 0};
  unsigned errors[2] = {0, 0};
  if (!run(&spate_fused_aggregate, shape, c.row_id.data(), nullptr, c.a.data(), ptr(c.a_valid), c.b.data(),
           ptr(c.b_valid), c.x.data(), ptr(c.x_valid), c.f.data(), ptr(c.f_valid), nullptr, nullptr, nullptr,
           nullptr, nullptr, nullptr, column_types, code.data(), static_cast<int>(code.size()), constants.data(), n,
           0LL, 1, keys.data(), cap, counts.data(), nslots, naccumulators, p.output_types.data(), acc[0].data(),
           acc[1].data(), acc[2].data(), acc[3].data(), acc[4].data(), acc[5].data(), acc[6].data(), acc[7].data(),
           errors)) {
    return;
  }
  std::vector<int> slot_of(n, -1);
  int groups = 0;
  for (int s = 0; s < cap; ++s) {
    if (keys[s] == kEmptyKey) continue;
    groups++;
    const long long row = static_cast<long long>(keys[s]);
    CHECK(row >= 0 && row < n && counts[s] == 1, "n=%d: slot %d holds key %lld with %llu rows", n, s, row, counts[s]);
    if (row >= 0 && row < n) slot_of[row] = s;
  }
  Errors expected_errors;
  int kept = 0, wrong_rows = 0;
  for (int row = 0; row < n; ++row) {
    int pc = 0;
    const Value keep = eval(p.filter, c, row, pc, expected_errors);
    const bool kept_row = keep.valid && keep.i != 0;
    kept += kept_row ? 1 : 0;
    if (kept_row != (slot_of[row] >= 0)) {
      wrong_rows++;
      continue;
    }
    if (!kept_row) continue;
    for (int o = 0; o < naccumulators; ++o) {
      pc = output_starts[o];
      const Value v = eval(p.outputs[o], c, row, pc, expected_errors);
      const long long s = slot_of[row];
      const unsigned long long count = acc[o][s], sum = acc[o][nslots + s];
      bool same = count == (v.valid ? 1u : 0u);
      if (same && v.valid && p.output_types[o] == F64) {
        double got;
        std::memcpy(&got, &sum, 8);
        same = (std::isnan(got) && std::isnan(v.d)) || got == v.d;
      } else if (same && v.valid) {
        same = sum == static_cast<unsigned long long>(v.i);
      }
      if (!same) {
        wrong_rows++;
        if (wrong_rows <= 3) std::fprintf(stderr, "  row %d output %d: count %llu sum %llx, expected %s %lld / %g\n",
                                          row, o, count, sum, v.valid ? "valid" : "NULL", v.i, v.d);
      }
    }
  }
  CHECK(groups == kept, "n=%d shape %ux%u: %d groups, expected %d kept rows", n, shape.grid, shape.block, groups, kept);
  CHECK(wrong_rows == 0, "n=%d shape %ux%u: %d wrong rows or outputs", n, shape.grid, shape.block, wrong_rows);
  CHECK(errors[0] == expected_errors.flags, "n=%d: error flags %u, expected %u", n, errors[0], expected_errors.flags);
  CHECK(static_cast<int>(errors[1]) == expected_errors.overflow_at, "n=%d: overflow at %u, expected %d", n,
        errors[1], expected_errors.overflow_at);
}

}  // namespace

int run_fused_tests() {
  std::mt19937_64 rng(5150);
  for (const Shape& shape : shapes()) {
    for (int n : sizes()) {
      check_program(rng, n, shape);
    }
  }
  return failures();
}

}  // namespace spate_test
