package dev.spate.gpu;

/** The operator codes and error flags of {@code spate_common.cuh}; the two must stay equal. */
final class KernelCodes {
  static final int CMP_EQ = 0;
  static final int CMP_NE = 1;
  static final int CMP_LT = 2;
  static final int CMP_LE = 3;
  static final int CMP_GT = 4;
  static final int CMP_GE = 5;
  static final int CMP_EQ_NULL_SAFE = 6;

  static final int ARITH_ADD = 0;
  static final int ARITH_SUB = 1;
  static final int ARITH_MUL = 2;
  static final int ARITH_DIV = 3;
  static final int ARITH_MOD = 4;

  static final int BOOL_AND = 0;
  static final int BOOL_OR = 1;
  static final int BOOL_NOT = 2;
  static final int BOOL_IS_NULL = 3;
  static final int BOOL_IS_NOT_NULL = 4;

  static final int ERR_OVERFLOW = 1;
  static final int ERR_DIVIDE_BY_ZERO = 2;
  static final int ERR_TABLE_FULL = 4;

  /** Slots of the hash-aggregation kernels' shared-memory pre-aggregation table. */
  static final int SHARED_GROUPS = 256;

  /** Rows per thread of the compaction kernels (SPATE_ITEMS_PER_THREAD). */
  static final int ITEMS_PER_THREAD = 4;

  private KernelCodes() {}
}
