// spate_window.cu -- event-time window assignment (Spark `window(ts, size[, slide[, start]])`).
// Timestamps and durations are int64 microseconds. Windows are aligned to `offset` (Spark's
// startTime, 0 = the epoch) and half-open [start, end). A row on a boundary belongs to the window that
// starts there. Arithmetic wraps in unsigned int64: timestamps must stay within +-2^62.
#include "spate_common.cuh"

__device__ __forceinline__ long long spate_floor_mod(long long a, long long b) {
  const long long r = a % b;
  return r < 0 ? r + b : r;
}

__device__ __forceinline__ long long spate_last_window_start(long long ts, long long slide, long long offset) {
  return (long long)((spate_u64)ts - (spate_u64)spate_floor_mod((long long)((spate_u64)ts - (spate_u64)offset), slide));
}

// Tumbling windows: one window per row, [start, start + size). NULL timestamps give a NULL window
// (the caller drops those rows from windowed aggregation). out_end may be nullptr.
extern "C" __global__ void spate_window_tumbling(const long long* ts, const spate_u8* ts_validity, int n,
                                                 long long size, long long offset, long long* out_start,
                                                 long long* out_end, spate_u8* out_validity) {
  spate_require_warp_multiple_block();
  if (size <= 0) __trap();
  for (long long base = spate_warp_first_row(); base < n; base += spate_grid_stride()) {
    const long long row = base + (threadIdx.x & 31);
    const bool valid = row < n && spate_is_valid(ts_validity, row);
    if (row < n) {
      const long long start = valid ? spate_last_window_start(ts[row], size, offset) : 0;
      out_start[row] = start;
      if (out_end) out_end[row] = valid ? (long long)((spate_u64)start + (spate_u64)size) : 0;
    }
    spate_store_ballot(out_validity, base, n, __ballot_sync(SPATE_FULL_MASK, valid));
  }
}
SPATE_EXPORT(spate_window_tumbling)

// Sliding windows: each row expands to the windows that contain it, at most max_windows =
// ceil(size / slide) of them, in Spark's order (latest start first). Rows with a NULL timestamp are
// dropped. Output, compacted in (row, window) order: out_row (input row index), out_start, out_end.
// Output arrays hold n * max_windows entries; state has 2 + ceil(n * max_windows / tile) zeroed words
// (see spate_compact) and state[1] is the number of (row, window) pairs.
struct SpateWindowPredicate {
  const long long* ts;
  const spate_u8* validity;
  long long size;
  long long slide;
  long long offset;
  int max_windows;
  __device__ bool operator()(long long item) const {
    const long long row = item / max_windows;
    const long long i = item % max_windows;
    if (!spate_is_valid(validity, row)) return false;
    const long long start = (long long)((spate_u64)spate_last_window_start(ts[row], slide, offset) - (spate_u64)(i * slide));
    return ts[row] < (long long)((spate_u64)start + (spate_u64)size);
  }
};

struct SpateWindowEmit {
  const long long* ts;
  long long size;
  long long slide;
  long long offset;
  int max_windows;
  int* out_row;
  long long* out_start;
  long long* out_end;
  __device__ void operator()(long long position, long long item) const {
    const long long row = item / max_windows;
    const long long i = item % max_windows;
    const long long start = (long long)((spate_u64)spate_last_window_start(ts[row], slide, offset) - (spate_u64)(i * slide));
    out_row[position] = (int)row;
    out_start[position] = start;
    if (out_end) out_end[position] = (long long)((spate_u64)start + (spate_u64)size);
  }
};

extern "C" __global__ void spate_window_sliding(const long long* ts, const spate_u8* ts_validity, int n,
                                                long long size, long long slide, long long offset, int max_windows,
                                                int* out_row, long long* out_start, long long* out_end,
                                                spate_u64* state) {
  spate_require_warp_multiple_block();
  if (size <= 0 || slide <= 0 || max_windows <= 0 || (long long)max_windows * slide < size) __trap();
  spate_compact(SpateWindowPredicate{ts, ts_validity, size, slide, offset, max_windows},
                SpateWindowEmit{ts, size, slide, offset, max_windows, out_row, out_start, out_end},
                (long long)n * max_windows, state);
}
SPATE_EXPORT(spate_window_sliding)
