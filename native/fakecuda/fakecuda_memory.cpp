// fakecuda_memory.cpp -- the emulated driver's memory: device allocations with red zones, page-locked
// and registered host memory, and copies and memsets. The Async variants validate their stream and
// then run synchronously, so the data is in place when they return (a stream or event synchronize
// afterwards is then a no-op, as on a GPU after the work has finished).
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>

#include "fakecuda_internal.h"

using namespace fakecuda;

namespace {

constexpr unsigned kHostAllocFlags = 0x7;     // CU_MEMHOSTALLOC_PORTABLE | DEVICEMAP | WRITECOMBINED
constexpr unsigned kHostRegisterFlags = 0xF;  // CU_MEMHOSTREGISTER_PORTABLE | DEVICEMAP | IOMEMORY | READ_ONLY

// Whether [start, start + bytes) overlaps a range of `ranges` (non-overlapping, keyed by start).
template <class Ranges, class SizeOf>
bool overlaps(const Ranges& ranges, std::uintptr_t start, std::size_t bytes, SizeOf size_of) {
  auto it = ranges.lower_bound(start + bytes);
  if (it == ranges.begin()) return false;
  --it;
  return it->first + size_of(it->second) > start;
}

CUresult allocate_host(const char* function, void** pointer, std::size_t bytes, unsigned flags) {
  if (CUresult r = require_context(function)) return r;
  if (pointer == nullptr || bytes == 0) return kInvalidValue;
  void* memory = std::aligned_alloc(4096, (bytes + 4095) / 4096 * 4096);
  if (memory == nullptr) return kOutOfMemory;
  std::lock_guard<std::mutex> lock(driver().mutex);
  driver().host_allocations[reinterpret_cast<std::uintptr_t>(memory)] = HostRange{bytes, flags};
  *pointer = memory;
  return kSuccess;
}

CUresult copy_to_device(const char* function, CUdeviceptr destination, const void* source, std::size_t bytes,
                        void* stream) {
  if (CUresult r = require_context(function)) return r;
  std::lock_guard<std::mutex> lock(driver().mutex);
  if (CUresult r = check_stream(function, stream)) return r;
  if (bytes == 0) return kSuccess;
  if (source == nullptr) return kInvalidValue;
  if (CUresult r = check_range(function, destination, bytes)) return r;
  std::memcpy(reinterpret_cast<void*>(destination), source, bytes);
  return kSuccess;
}

CUresult copy_to_host(const char* function, void* destination, CUdeviceptr source, std::size_t bytes, void* stream) {
  if (CUresult r = require_context(function)) return r;
  std::lock_guard<std::mutex> lock(driver().mutex);
  if (CUresult r = check_stream(function, stream)) return r;
  if (bytes == 0) return kSuccess;
  if (destination == nullptr) return kInvalidValue;
  if (CUresult r = check_range(function, source, bytes)) return r;
  std::memcpy(destination, reinterpret_cast<const void*>(source), bytes);
  return kSuccess;
}

CUresult copy_on_device(const char* function, CUdeviceptr destination, CUdeviceptr source, std::size_t bytes,
                        void* stream) {
  if (CUresult r = require_context(function)) return r;
  std::lock_guard<std::mutex> lock(driver().mutex);
  if (CUresult r = check_stream(function, stream)) return r;
  if (bytes == 0) return kSuccess;
  if (CUresult r = check_range(function, source, bytes)) return r;
  if (CUresult r = check_range(function, destination, bytes)) return r;
  std::memmove(reinterpret_cast<void*>(destination), reinterpret_cast<const void*>(source), bytes);
  return kSuccess;
}

// cuMemsetD8/D16/D32: `count` elements of type T; the destination must be aligned to sizeof(T).
template <class T>
CUresult fill(const char* function, CUdeviceptr destination, T value, std::size_t count, void* stream) {
  if (CUresult r = require_context(function)) return r;
  std::lock_guard<std::mutex> lock(driver().mutex);
  if (CUresult r = check_stream(function, stream)) return r;
  if (count == 0) return kSuccess;
  if (destination % sizeof(T) != 0 || count > std::numeric_limits<std::size_t>::max() / sizeof(T)) {
    report(function, "destination not aligned to the element size, or element count too large");
    return kInvalidValue;
  }
  if (CUresult r = check_range(function, destination, count * sizeof(T))) return r;
  auto* elements = reinterpret_cast<T*>(destination);
  for (std::size_t i = 0; i < count; ++i) elements[i] = value;
  return kSuccess;
}

}  // namespace

FAKECUDA_API CUresult cuMemAlloc_v2(CUdeviceptr* pointer, std::size_t bytes) {
  if (CUresult r = require_context("cuMemAlloc")) return r;
  if (pointer == nullptr || bytes == 0) return kInvalidValue;
  const std::size_t padded = (bytes + kRedZone - 1) / kRedZone * kRedZone;
  auto* raw = static_cast<unsigned char*>(std::aligned_alloc(kRedZone, padded + 2 * kRedZone));
  if (raw == nullptr) return kOutOfMemory;
  std::memset(raw, kRedZoneByte, kRedZone);
  std::memset(raw + kRedZone, kFreshByte, bytes);
  std::memset(raw + kRedZone + bytes, kRedZoneByte, padded - bytes + kRedZone);
  std::lock_guard<std::mutex> lock(driver().mutex);
  const auto user = reinterpret_cast<CUdeviceptr>(raw + kRedZone);
  driver().allocations[user] = Allocation{raw, bytes, current_context()};
  driver().allocated_bytes += bytes;
  *pointer = user;
  return kSuccess;
}

FAKECUDA_API CUresult cuMemFree_v2(CUdeviceptr pointer) {
  if (CUresult r = require_context("cuMemFree")) return r;
  if (pointer == 0) return kSuccess;
  std::lock_guard<std::mutex> lock(driver().mutex);
  auto it = driver().allocations.find(pointer);
  if (it == driver().allocations.end()) {
    char buffer[96];
    std::snprintf(buffer, sizeof buffer, "0x%llx is not the start of a live allocation (double free?)", pointer);
    report("cuMemFree", buffer);
    return kInvalidValue;
  }
  driver().allocated_bytes -= it->second.size;
  std::free(it->second.raw);
  driver().allocations.erase(it);
  return kSuccess;
}

FAKECUDA_API CUresult cuMemGetInfo_v2(std::size_t* free_bytes, std::size_t* total_bytes) {
  if (CUresult r = require_context("cuMemGetInfo")) return r;
  if (free_bytes == nullptr || total_bytes == nullptr) return kInvalidValue;
  std::lock_guard<std::mutex> lock(driver().mutex);
  *total_bytes = kTotalMemory;
  *free_bytes = *total_bytes > driver().allocated_bytes ? *total_bytes - driver().allocated_bytes : 0;
  return kSuccess;
}

// Page-locked host memory is ordinary host memory here. It is deliberately NOT accepted as a kernel
// argument (the launch check only admits device allocations), so a missing device copy is caught.
FAKECUDA_API CUresult cuMemAllocHost_v2(void** pointer, std::size_t bytes) {
  return allocate_host("cuMemAllocHost", pointer, bytes, 0);
}

FAKECUDA_API CUresult cuMemHostAlloc(void** pointer, std::size_t bytes, unsigned flags) {
  if ((flags & ~kHostAllocFlags) != 0) return kInvalidValue;
  return allocate_host("cuMemHostAlloc", pointer, bytes, flags);
}

FAKECUDA_API CUresult cuMemFreeHost(void* pointer) {
  if (CUresult r = require_context("cuMemFreeHost")) return r;
  std::lock_guard<std::mutex> lock(driver().mutex);
  if (driver().host_allocations.erase(reinterpret_cast<std::uintptr_t>(pointer)) == 0) {
    report("cuMemFreeHost", "pointer was not returned by cuMemAllocHost or cuMemHostAlloc");
    return kInvalidValue;
  }
  std::free(pointer);
  return kSuccess;
}

FAKECUDA_API CUresult cuMemHostRegister_v2(void* pointer, std::size_t bytes, unsigned flags) {
  if (CUresult r = require_context("cuMemHostRegister")) return r;
  if (pointer == nullptr || bytes == 0 || (flags & ~kHostRegisterFlags) != 0) return kInvalidValue;
  const auto start = reinterpret_cast<std::uintptr_t>(pointer);
  std::lock_guard<std::mutex> lock(driver().mutex);
  if (overlaps(driver().allocations, start, bytes, [](const Allocation& a) { return a.size; })) {
    report("cuMemHostRegister", "the range overlaps a device allocation, which is not host memory");
    return kInvalidValue;
  }
  const auto size_of = [](const HostRange& range) { return range.size; };
  if (overlaps(driver().host_registrations, start, bytes, size_of) ||
      overlaps(driver().host_allocations, start, bytes, size_of)) {
    report("cuMemHostRegister", "the range overlaps registered or page-locked host memory");
    return kHostMemoryAlreadyRegistered;
  }
  driver().host_registrations[start] = HostRange{bytes, flags};
  return kSuccess;
}

FAKECUDA_API CUresult cuMemHostUnregister(void* pointer) {
  if (CUresult r = require_context("cuMemHostUnregister")) return r;
  std::lock_guard<std::mutex> lock(driver().mutex);
  if (driver().host_registrations.erase(reinterpret_cast<std::uintptr_t>(pointer)) == 0) {
    report("cuMemHostUnregister", "pointer is not the start of a range registered with cuMemHostRegister");
    return kHostMemoryNotRegistered;
  }
  return kSuccess;
}

FAKECUDA_API CUresult cuMemHostGetFlags(unsigned* flags, void* pointer) {
  if (CUresult r = require_context("cuMemHostGetFlags")) return r;
  if (flags == nullptr) return kInvalidValue;
  const auto address = reinterpret_cast<std::uintptr_t>(pointer);
  std::lock_guard<std::mutex> lock(driver().mutex);
  for (const auto* ranges : {&driver().host_allocations, &driver().host_registrations}) {
    auto it = ranges->upper_bound(address);
    if (it != ranges->begin() && address < std::prev(it)->first + std::prev(it)->second.size) {
      *flags = std::prev(it)->second.flags;
      return kSuccess;
    }
  }
  report("cuMemHostGetFlags", "pointer is not in page-locked or registered host memory");
  return kInvalidValue;
}

FAKECUDA_API CUresult cuMemcpyHtoD_v2(CUdeviceptr destination, const void* source, std::size_t bytes) {
  return copy_to_device("cuMemcpyHtoD", destination, source, bytes, nullptr);
}

FAKECUDA_API CUresult cuMemcpyHtoDAsync_v2(CUdeviceptr destination, const void* source, std::size_t bytes,
                                           void* stream) {
  return copy_to_device("cuMemcpyHtoDAsync", destination, source, bytes, stream);
}

FAKECUDA_API CUresult cuMemcpyDtoH_v2(void* destination, CUdeviceptr source, std::size_t bytes) {
  return copy_to_host("cuMemcpyDtoH", destination, source, bytes, nullptr);
}

FAKECUDA_API CUresult cuMemcpyDtoHAsync_v2(void* destination, CUdeviceptr source, std::size_t bytes, void* stream) {
  return copy_to_host("cuMemcpyDtoHAsync", destination, source, bytes, stream);
}

FAKECUDA_API CUresult cuMemcpyDtoD_v2(CUdeviceptr destination, CUdeviceptr source, std::size_t bytes) {
  return copy_on_device("cuMemcpyDtoD", destination, source, bytes, nullptr);
}

FAKECUDA_API CUresult cuMemcpyDtoDAsync_v2(CUdeviceptr destination, CUdeviceptr source, std::size_t bytes,
                                           void* stream) {
  return copy_on_device("cuMemcpyDtoDAsync", destination, source, bytes, stream);
}

FAKECUDA_API CUresult cuMemsetD8_v2(CUdeviceptr destination, unsigned char value, std::size_t count) {
  return fill("cuMemsetD8", destination, value, count, nullptr);
}

FAKECUDA_API CUresult cuMemsetD8Async(CUdeviceptr destination, unsigned char value, std::size_t count, void* stream) {
  return fill("cuMemsetD8Async", destination, value, count, stream);
}

FAKECUDA_API CUresult cuMemsetD16_v2(CUdeviceptr destination, unsigned short value, std::size_t count) {
  return fill("cuMemsetD16", destination, value, count, nullptr);
}

FAKECUDA_API CUresult cuMemsetD16Async(CUdeviceptr destination, unsigned short value, std::size_t count,
                                       void* stream) {
  return fill("cuMemsetD16Async", destination, value, count, stream);
}

FAKECUDA_API CUresult cuMemsetD32_v2(CUdeviceptr destination, unsigned value, std::size_t count) {
  return fill("cuMemsetD32", destination, value, count, nullptr);
}

FAKECUDA_API CUresult cuMemsetD32Async(CUdeviceptr destination, unsigned value, std::size_t count, void* stream) {
  return fill("cuMemsetD32Async", destination, value, count, stream);
}
