#!/usr/bin/env bash
# Builds and checks Spate's native GPU foundation:
#  (i)  the PTX compile gate: every gpu-kernels/src/main/cuda/*.cu to PTX for sm_90 and compute_75
#       (native/build/ptx/), each checked with `ptxas -Werror --warn-on-spills`;
#  (ii) the CPU emulator, the emulated libcuda.so.1 and their tests (CMake + ctest in native/build/).
# A part whose tools are missing prints "skipped: <tool> not found" and the script goes on; it exits
# non-zero when something that ran failed, or when a part is skipped under CI=true.
set -euo pipefail

native_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cuda_dir="$(cd "$native_dir/../gpu-kernels/src/main/cuda" && pwd)"
build_dir="$native_dir/build"
ptx_dir="$build_dir/ptx"
jobs="${SPATE_NATIVE_JOBS:-2}"
started=$SECONDS

step() { echo "== $*"; }

# A missing tool skips its part on a user's machine; in CI (CI=true) every part must run.
skip() {
  if [ "${CI:-}" = "true" ]; then
    echo "FAILED: $* (CI must run every part)"
    exit 1
  fi
  echo "skipped: $*"
}

compile_ptx() {
  local source="$1" name arch
  name="$(basename "$source" .cu)"
  for arch in sm_90 compute_75; do
    nvcc -ptx -arch="$arch" -O3 -std=c++17 -fmad=false -lineinfo -I"$cuda_dir" "$source" -o "$ptx_dir/$name.$arch.ptx"
  done
  # ptxas validates resources (shared memory, registers, spills); any warning is an error.
  ptxas -arch=sm_90 -O3 -v -Werror --warn-on-spills "$ptx_dir/$name.sm_90.ptx" -o /dev/null 2>"$ptx_dir/$name.sm_90.ptxas.log"
  ptxas -arch=sm_75 -O3 -v -Werror --warn-on-spills "$ptx_dir/$name.compute_75.ptx" -o /dev/null \
    2>"$ptx_dir/$name.compute_75.ptxas.log"
}

ptx_gate() {
  if ! command -v nvcc >/dev/null 2>&1; then
    skip "nvcc not found (PTX compile gate)"
    rm -rf "$ptx_dir"  # never test the emulator against stale PTX
    return 0
  fi
  if ! command -v ptxas >/dev/null 2>&1; then
    skip "ptxas not found (PTX compile gate)"
    return 0
  fi
  if ! command -v g++ >/dev/null 2>&1; then
    skip "g++ not found (nvcc needs a host compiler for the PTX compile gate)"
    return 0
  fi
  step "PTX compile gate: $(nvcc --version | grep -o 'release [0-9.]*'), sm_90 + compute_75"
  rm -rf "$ptx_dir"
  mkdir -p "$ptx_dir"
  local source pids=() failed=0 pid
  for source in "$cuda_dir"/*.cu; do
    compile_ptx "$source" &
    pids+=($!)
    if [ "${#pids[@]}" -ge "$jobs" ]; then
      wait "${pids[0]}" || failed=1
      pids=("${pids[@]:1}")
    fi
  done
  for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
  if [ "$failed" -ne 0 ]; then
    cat "$ptx_dir"/*.ptxas.log 2>/dev/null || true
    echo "FAILED: PTX compile gate"
    return 1
  fi
  # One line per entry (sm_90): registers, shared memory, spills.
  local log
  for log in "$ptx_dir"/*.sm_90.ptxas.log; do
    awk '/Compiling entry function/ { entry = $7; gsub(/\x27/, "", entry) }
         /spill stores/ { spill = $5 " B spill stores" }
         /Used [0-9]+ registers/ { sub(/.*Used /, ""); printf "  %-34s %s; %s\n", entry, $0, spill }' "$log"
  done
  echo "PTX gate passed: $(ls "$ptx_dir"/*.ptx | wc -l) PTX files, ptxas -Werror --warn-on-spills clean"
}

emulator_build_and_test() {
  local tool
  for tool in g++ cmake ctest; do
    if ! command -v "$tool" >/dev/null 2>&1; then
      skip "$tool not found (CPU emulator, emulated libcuda.so.1 and their tests)"
      return 0
    fi
  done
  step "CPU emulator + emulated libcuda.so.1 (cmake, g++ $(g++ -dumpfullversion))"
  cmake -S "$native_dir" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release >"$build_dir/configure.log" 2>&1 \
    || { cat "$build_dir/configure.log"; echo "FAILED: cmake configure"; return 1; }
  cmake --build "$build_dir" -j "$jobs" >"$build_dir/build.log" 2>&1 \
    || { cat "$build_dir/build.log"; echo "FAILED: native build"; return 1; }
  if grep -q 'warning:' "$build_dir/build.log"; then grep 'warning:' "$build_dir/build.log"; fi
  step "ctest (kernels vs scalar references; deterministic and randomized schedules; emulated driver)"
  ctest --test-dir "$build_dir" --output-on-failure -j "$jobs" || { echo "FAILED: native tests"; return 1; }
  grep -h -E '^(filter|project|hashagg|window|emulator|fused|driver) ' "$build_dir"/Testing/Temporary/LastTest.log | sed 's/^/  /' || true
}

mkdir -p "$build_dir"
status=0
ptx_gate || status=1
emulator_build_and_test || status=1
echo "native/build.sh: $([ $status -eq 0 ] && echo passed || echo FAILED) in $((SECONDS - started)) s"
exit $status
