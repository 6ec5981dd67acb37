package dev.spate.cpu.expr.cast;

/**
 * How a cast treats an invalid value: {@code fail} raises (ANSI mode, not TRY_CAST), {@code
 * nullOnOverflow} makes a narrowing overflow NULL instead of wrapping (TRY_CAST); otherwise an
 * overflow wraps and a malformed value is NULL.
 */
record CastMode(boolean fail, boolean nullOnOverflow) {}
