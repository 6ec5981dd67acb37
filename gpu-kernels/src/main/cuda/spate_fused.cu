// spate_fused.cu -- one launch per batch for a HashAggregate over a chain of Filter / Project nodes:
// each thread runs a small postfix program over its row (column loads, literals, Spark arithmetic,
// comparisons, Kleene boolean logic, widening casts, filters, registers), then looks up the row's
// group slot and updates the accumulators, with no intermediate columns and no compaction.
//
// Program: int32 words, an opcode followed by its operands (SPATE_OP_* below, mirrored by the Java
// GpuProgram). Values live on a stack of SPATE_PROGRAM_STACK entries as 64-bit images plus a valid
// flag: INT as sign-extended int64, FLOAT as the exactly converted double, BOOLEAN as 0/1. A FILTER
// whose value is false or NULL drops the row (nothing after it is evaluated, so errors of later steps
// count only for kept rows, as on the CPU). Outputs: with key_mode 1, output 0 is the int64 group
// key; then output 1 + a (key_mode 1) or a (key_mode 0) is accumulator a's value.
// ANSI errors: errors[0] |= SPATE_ERR_*; errors[1] = the largest (program position + 1) of an
// overflowing operation, so the host names its type; SPATE_ERR_TABLE_FULL when a key finds no slot.
#include "spate_common.cuh"
#include "spate_arith.cuh"
#include "spate_agg.cuh"

#define SPATE_OP_LOAD 1      // column slot
#define SPATE_OP_CONST 2     // constant index
#define SPATE_OP_ARITH 3     // type, op
#define SPATE_OP_CMP 4       // type, op
#define SPATE_OP_BOOL 5      // op
#define SPATE_OP_CAST 6      // from type, to type
#define SPATE_OP_FILTER 7
#define SPATE_OP_STORE 8     // register
#define SPATE_OP_LOAD_REG 9  // register
#define SPATE_OP_OUT 10      // output

// Value types of the program (GpuType ordinals).
#define SPATE_T_I32 0
#define SPATE_T_I64 1
#define SPATE_T_F32 2
#define SPATE_T_F64 3

#define SPATE_PROGRAM_STACK 16
#define SPATE_PROGRAM_REGISTERS 16
#define SPATE_FUSED_COLUMNS 8
#define SPATE_FUSED_ACCUMULATORS 8

struct SpateSlotValue {
  spate_u64 bits;
  bool valid;
};

__device__ __forceinline__ double spate_as_double(spate_u64 bits) { return __longlong_as_double((long long)bits); }
__device__ __forceinline__ spate_u64 spate_double_bits(double v) { return (spate_u64)__double_as_longlong(v); }

// a <op> b of type t; returns false (NULL) on division by zero.
__device__ __forceinline__ bool spate_program_arith(int t, int op, spate_u64 a, spate_u64 b, spate_u64* out,
                                                    bool* overflow) {
  switch (t) {
    case SPATE_T_I32: {
      int r = 0;
      const bool ok = spate_arith<int>(op, (int)(long long)a, (int)(long long)b, &r, overflow);
      *out = (spate_u64)(long long)r;
      return ok;
    }
    case SPATE_T_I64: {
      long long r = 0;
      const bool ok = spate_arith<long long>(op, (long long)a, (long long)b, &r, overflow);
      *out = (spate_u64)r;
      return ok;
    }
    case SPATE_T_F32: {
      float r = 0;
      const bool ok = spate_arith<float>(op, (float)spate_as_double(a), (float)spate_as_double(b), &r, overflow);
      *out = spate_double_bits((double)r);
      return ok;
    }
    default: {
      double r = 0;
      const bool ok = spate_arith<double>(op, spate_as_double(a), spate_as_double(b), &r, overflow);
      *out = spate_double_bits(r);
      return ok;
    }
  }
}

__device__ __forceinline__ int spate_program_compare(int t, spate_u64 a, spate_u64 b) {
  if (t == SPATE_T_I32 || t == SPATE_T_I64) return spate_compare<long long>((long long)a, (long long)b);
  if (t == SPATE_T_F32) return spate_compare<float>((float)spate_as_double(a), (float)spate_as_double(b));
  return spate_compare<double>(spate_as_double(a), spate_as_double(b));
}

__device__ __forceinline__ spate_u64 spate_program_cast(int from, int to, spate_u64 v) {
  if (to == SPATE_T_F64 && (from == SPATE_T_I32 || from == SPATE_T_I64)) return spate_double_bits((double)(long long)v);
  return v;  // INT -> BIGINT and FLOAT -> DOUBLE keep their images; identity casts too
}

__device__ __forceinline__ spate_u64 spate_column_value(const void* values, int t, long long row) {
  switch (t) {
    case SPATE_T_I32: return (spate_u64)(long long)((const int*)values)[row];
    case SPATE_T_I64: return (spate_u64)((const long long*)values)[row];
    case SPATE_T_F32: return spate_double_bits((double)((const float*)values)[row]);
    default: return (spate_u64)((const long long*)values)[row];
  }
}

// Runs `program` over `row`; false when a FILTER dropped it. Writes outputs and ORs errors.
__device__ __forceinline__ bool spate_run_program(const int* program, int length, const spate_u64* constants,
                                                  const void* const* values, const spate_u8* const* validity,
                                                  const int* column_types, long long row, SpateSlotValue* outputs,
                                                  unsigned* local_errors, int* overflow_at) {
  SpateSlotValue stack[SPATE_PROGRAM_STACK];
  SpateSlotValue registers[SPATE_PROGRAM_REGISTERS];
  int top = 0;
  for (int pc = 0; pc < length;) {
    const int op = program[pc];
    switch (op) {
      case SPATE_OP_LOAD: {
        const int c = program[pc + 1];
        stack[top].valid = spate_is_valid(validity[c], row);
        stack[top].bits = spate_column_value(values[c], column_types[c], row);
        ++top;
        pc += 2;
        break;
      }
      case SPATE_OP_CONST:
        stack[top].bits = constants[program[pc + 1]];
        stack[top].valid = true;
        ++top;
        pc += 2;
        break;
      case SPATE_OP_ARITH: {
        const SpateSlotValue b = stack[--top];
        SpateSlotValue& a = stack[top - 1];
        if (a.valid && b.valid) {
          bool overflow = false;
          spate_u64 r = 0;
          a.valid = spate_program_arith(program[pc + 1], program[pc + 2], a.bits, b.bits, &r, &overflow);
          a.bits = a.valid ? r : 0;
          if (!a.valid) *local_errors |= SPATE_ERR_DIVIDE_BY_ZERO;
          if (overflow) {
            *local_errors |= SPATE_ERR_OVERFLOW;
            if (pc + 1 > *overflow_at) *overflow_at = pc + 1;
          }
        } else {
          a.valid = false;
          a.bits = 0;
        }
        pc += 3;
        break;
      }
      case SPATE_OP_CMP: {
        const SpateSlotValue b = stack[--top];
        SpateSlotValue& a = stack[top - 1];
        const int cmp = program[pc + 2];
        if (a.valid && b.valid) {
          a.bits = spate_compare_holds(cmp, spate_program_compare(program[pc + 1], a.bits, b.bits)) ? 1 : 0;
        } else {
          a.bits = cmp == SPATE_CMP_EQ_NULL_SAFE && !a.valid && !b.valid ? 1 : 0;
          a.valid = cmp == SPATE_CMP_EQ_NULL_SAFE;
        }
        pc += 3;
        break;
      }
      case SPATE_OP_BOOL: {
        const int bop = program[pc + 1];
        if (bop == SPATE_BOOL_AND || bop == SPATE_BOOL_OR) {
          const SpateSlotValue y = stack[--top];
          SpateSlotValue& x = stack[top - 1];
          const bool a = x.valid && x.bits != 0, b = y.valid && y.bits != 0;
          if (bop == SPATE_BOOL_AND) {
            x.valid = (x.valid && y.valid) || (x.valid && !a) || (y.valid && !b);
            x.bits = a && b ? 1 : 0;
          } else {
            x.valid = (x.valid && y.valid) || a || b;
            x.bits = a || b ? 1 : 0;
          }
        } else {
          SpateSlotValue& x = stack[top - 1];
          if (bop == SPATE_BOOL_NOT) {
            x.bits = x.valid && x.bits == 0 ? 1 : 0;
          } else {
            x.bits = (bop == SPATE_BOOL_IS_NULL) == !x.valid ? 1 : 0;
            x.valid = true;
          }
        }
        pc += 2;
        break;
      }
      case SPATE_OP_CAST:
        if (stack[top - 1].valid) stack[top - 1].bits = spate_program_cast(program[pc + 1], program[pc + 2], stack[top - 1].bits);
        pc += 3;
        break;
      case SPATE_OP_FILTER: {
        const SpateSlotValue keep = stack[--top];
        if (!keep.valid || keep.bits == 0) return false;
        pc += 1;
        break;
      }
      case SPATE_OP_STORE:
        registers[program[pc + 1]] = stack[--top];
        pc += 2;
        break;
      case SPATE_OP_LOAD_REG:
        stack[top++] = registers[program[pc + 1]];
        pc += 2;
        break;
      case SPATE_OP_OUT:
        outputs[program[pc + 1]] = stack[--top];
        pc += 2;
        break;
      default:
        __trap();
    }
    if (top < 0 || top > SPATE_PROGRAM_STACK - 1) __trap();
  }
  return true;
}

__device__ __forceinline__ void spate_fused_accumulate(spate_u64* acc, int nslots, int slot, int t, SpateSlotValue v,
                                                       long long row) {
  if (!v.valid) return;
  const long long stride = nslots;
  spate_u64* count = &acc[SPATE_ACC_COUNT * stride + slot];
  spate_u64* sum = &acc[SPATE_ACC_SUM * stride + slot];
  spate_u64* high = &acc[SPATE_ACC_SUM_HIGH * stride + slot];
  spate_u64* min_key = &acc[SPATE_ACC_MIN * stride + slot];
  spate_u64* max_key = &acc[SPATE_ACC_MAX * stride + slot];
  switch (t) {
    case SPATE_T_I32: spate_accumulate<int>(count, sum, high, min_key, max_key, (int)(long long)v.bits, row); break;
    case SPATE_T_I64: spate_accumulate<long long>(count, sum, high, min_key, max_key, (long long)v.bits, row); break;
    case SPATE_T_F32:
      spate_accumulate<float>(count, sum, high, min_key, max_key, (float)spate_as_double(v.bits), row);
      break;
    default: spate_accumulate<double>(count, sum, high, min_key, max_key, spate_as_double(v.bits), row); break;
  }
}

// key_mode 0: one group (slot 0, no table); 1: int64 key table (keys[cap], counts[cap + 2]).
// acc_types[a]: the value type of accumulator a, or -1 for count(*) (counts every kept row).
extern "C" __global__ void spate_fused_aggregate(
    const void* v0, const spate_u8* n0, const void* v1, const spate_u8* n1, const void* v2, const spate_u8* n2,
    const void* v3, const spate_u8* n3, const void* v4, const spate_u8* n4, const void* v5, const spate_u8* n5,
    const void* v6, const spate_u8* n6, const void* v7, const spate_u8* n7, const int* column_types,
    const int* program, int length, const spate_u64* constants, int n, long long row_base, int key_mode,
    spate_u64* keys, int cap, spate_u64* counts, int nslots, int naccumulators, const int* acc_types, spate_u64* a0,
    spate_u64* a1, spate_u64* a2, spate_u64* a3, spate_u64* a4, spate_u64* a5, spate_u64* a6, spate_u64* a7,
    unsigned* errors) {
  const void* const values[SPATE_FUSED_COLUMNS] = {v0, v1, v2, v3, v4, v5, v6, v7};
  const spate_u8* const validity[SPATE_FUSED_COLUMNS] = {n0, n1, n2, n3, n4, n5, n6, n7};
  spate_u64* const acc[SPATE_FUSED_ACCUMULATORS] = {a0, a1, a2, a3, a4, a5, a6, a7};
  if (naccumulators > SPATE_FUSED_ACCUMULATORS) __trap();
  unsigned local_errors = 0;
  int overflow_at = 0;
  for (long long row = (long long)blockIdx.x * blockDim.x + threadIdx.x; row < n;
       row += (long long)gridDim.x * blockDim.x) {
    SpateSlotValue outputs[1 + SPATE_FUSED_ACCUMULATORS];
    if (!spate_run_program(program, length, constants, values, validity, column_types, row, outputs, &local_errors,
                           &overflow_at)) {
      continue;
    }
    int slot = 0;
    if (key_mode == 1) {
      slot = spate_i64_slot_of(outputs[0].valid, outputs[0].bits, keys, cap);
      if (slot < 0) {
        local_errors |= SPATE_ERR_TABLE_FULL;
        continue;
      }
      atomicAdd(&counts[slot], 1ull);
    }
    for (int a = 0; a < naccumulators; ++a) {
      if (acc_types[a] < 0) {
        atomicAdd(&acc[a][SPATE_ACC_COUNT * (long long)nslots + slot], 1ull);
      } else {
        spate_fused_accumulate(acc[a], nslots, slot, acc_types[a], outputs[key_mode + a], row_base + row);
      }
    }
  }
  if (local_errors != 0) atomicOr(&errors[0], local_errors);
  if (overflow_at != 0) atomicMax(&errors[1], (unsigned)overflow_at);
}
SPATE_EXPORT(spate_fused_aggregate)
