// Kernels that exercise the emulator itself: warp collectives and barriers (positive) and
// deliberately broken kernels (negative: the emulator must report them as launch failures).
extern "C" __global__ void emu_collectives(int* out) {
  const unsigned lane = threadIdx.x & 31;
  const unsigned ballot = __ballot_sync(0xffffffffu, lane % 3 == 0);
  const int up = __shfl_up_sync(0xffffffffu, (int)lane, 1);
  const int down = __shfl_down_sync(0xffffffffu, (int)lane, 2);
  const int xored = __shfl_xor_sync(0xffffffffu, (int)lane, 5);
  const int broadcast = __shfl_sync(0xffffffffu, (int)lane * 10, 7);
  const int segment = __shfl_sync(0xffffffffu, (int)lane, 1, 8);
  const int count = __syncthreads_count(threadIdx.x % 2 == 0);
  int* o = out + threadIdx.x * 7;
  o[0] = (int)ballot;
  o[1] = up;
  o[2] = down;
  o[3] = xored;
  o[4] = broadcast;
  o[5] = segment;
  o[6] = count;
}
CUDAEMU_EXPORT(emu_collectives)

extern "C" __global__ void emu_shared_sum(const int* in, int* out) {
  __shared__ int partial[256];
  partial[threadIdx.x] = in[blockIdx.x * blockDim.x + threadIdx.x];
  __syncthreads();
  for (unsigned stride = blockDim.x / 2; stride > 0; stride /= 2) {
    if (threadIdx.x < stride) partial[threadIdx.x] += partial[threadIdx.x + stride];
    __syncthreads();
  }
  if (threadIdx.x == 0) out[blockIdx.x] = partial[0];
}
CUDAEMU_EXPORT(emu_shared_sum)

extern "C" __global__ void emu_bug_early_return(int* out, int n) {
  if ((int)threadIdx.x >= n) return;
  __syncthreads();
  out[threadIdx.x] = 1;
}
CUDAEMU_EXPORT(emu_bug_early_return)

extern "C" __global__ void emu_bug_full_mask_partial_warp(int* out) {
  out[threadIdx.x] = (int)__ballot_sync(0xffffffffu, 1);
}
CUDAEMU_EXPORT(emu_bug_full_mask_partial_warp)

extern "C" __global__ void emu_bug_half_warp_ballot(int* out) {
  if ((threadIdx.x & 31) < 16) out[threadIdx.x] = (int)__ballot_sync(0xffffffffu, 1);
}
CUDAEMU_EXPORT(emu_bug_half_warp_ballot)

extern "C" __global__ void emu_bug_trap(int* out) {
  if (threadIdx.x == 5) __trap();
  out[threadIdx.x] = 0;
}
CUDAEMU_EXPORT(emu_bug_trap)
