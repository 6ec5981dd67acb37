// fakecuda_stream.cpp -- the emulated driver's streams and events. All work (launches, copies,
// memsets) runs to completion before its call returns, so a stream is only a validated handle,
// stream and event synchronization never waits, and CUDA_ERROR_NOT_READY never occurs. An event
// records the host's steady clock when it is recorded; since the work before it has finished by
// then, cuEventElapsedTime measures the host time of the work between two records.
#include <cstdio>

#include "fakecuda_internal.h"

using namespace fakecuda;

namespace {

constexpr unsigned kStreamNonBlocking = 0x1;  // CU_STREAM_NON_BLOCKING
constexpr unsigned kEventDisableTiming = 0x2;  // CU_EVENT_DISABLE_TIMING
constexpr unsigned kEventInterprocess = 0x4;   // CU_EVENT_INTERPROCESS
constexpr int kLeastPriority = 0;
constexpr int kGreatestPriority = -5;

bool is_special_stream(void* stream) { return reinterpret_cast<std::uintptr_t>(stream) <= 2; }

// The event behind a CUevent handle (driver().mutex held); nullptr, explained, when unknown.
Event* find_event(const char* function, void* handle) {
  auto* event = static_cast<Event*>(handle);
  if (driver().events.count(event) == 0) {
    char buffer[128];
    std::snprintf(buffer, sizeof buffer, "event %p is not a live event (destroyed, or not an event handle)", handle);
    report(function, buffer);
    return nullptr;
  }
  return event;
}

CUresult create_stream(const char* function, void** stream, unsigned flags, int priority) {
  if (CUresult r = require_context(function)) return r;
  if (stream == nullptr || (flags & ~kStreamNonBlocking) != 0) return kInvalidValue;
  // The real driver clamps a priority outside [greatest, least] into the range.
  const int clamped = priority > kLeastPriority ? kLeastPriority : priority < kGreatestPriority ? kGreatestPriority : priority;
  auto* s = new Stream{current_context(), flags, clamped};
  std::lock_guard<std::mutex> lock(driver().mutex);
  driver().streams.insert(s);
  *stream = s;
  return kSuccess;
}

CUresult record_event(const char* function, void* event, void* stream) {
  if (CUresult r = require_context(function)) return r;
  std::lock_guard<std::mutex> lock(driver().mutex);
  Event* e = find_event(function, event);
  if (e == nullptr) return kInvalidHandle;
  if (CUresult r = check_stream(function, stream)) return r;
  if (e->context != current_context()) {
    report(function, "the event belongs to another context than the current one");
    return kInvalidHandle;
  }
  e->recorded = true;
  e->time = std::chrono::steady_clock::now();
  return kSuccess;
}

// Validates a handle for a call that has nothing to wait for.
CUresult check_event(const char* function, void* event) {
  if (CUresult r = require_context(function)) return r;
  std::lock_guard<std::mutex> lock(driver().mutex);
  return find_event(function, event) == nullptr ? kInvalidHandle : kSuccess;
}

}  // namespace

FAKECUDA_API CUresult cuStreamCreate(void** stream, unsigned flags) {
  return create_stream("cuStreamCreate", stream, flags, kLeastPriority);
}

FAKECUDA_API CUresult cuStreamCreateWithPriority(void** stream, unsigned flags, int priority) {
  return create_stream("cuStreamCreateWithPriority", stream, flags, priority);
}

FAKECUDA_API CUresult cuStreamDestroy_v2(void* stream) {
  if (CUresult r = require_context("cuStreamDestroy")) return r;
  std::lock_guard<std::mutex> lock(driver().mutex);
  if (is_special_stream(stream)) {
    report("cuStreamDestroy", "the NULL, legacy and per-thread streams cannot be destroyed");
    return kInvalidHandle;
  }
  if (CUresult r = check_stream("cuStreamDestroy", stream)) return r;
  driver().streams.erase(static_cast<Stream*>(stream));
  delete static_cast<Stream*>(stream);
  return kSuccess;
}

FAKECUDA_API CUresult cuStreamSynchronize(void* stream) {
  if (CUresult r = require_context("cuStreamSynchronize")) return r;
  std::lock_guard<std::mutex> lock(driver().mutex);
  return check_stream("cuStreamSynchronize", stream);
}

FAKECUDA_API CUresult cuStreamQuery(void* stream) {
  if (CUresult r = require_context("cuStreamQuery")) return r;
  std::lock_guard<std::mutex> lock(driver().mutex);
  return check_stream("cuStreamQuery", stream);  // CUDA_SUCCESS: all submitted work has completed
}

FAKECUDA_API CUresult cuStreamWaitEvent(void* stream, void* event, unsigned flags) {
  if (CUresult r = require_context("cuStreamWaitEvent")) return r;
  if ((flags & ~0x1u) != 0) return kInvalidValue;  // CU_EVENT_WAIT_DEFAULT | CU_EVENT_WAIT_EXTERNAL
  std::lock_guard<std::mutex> lock(driver().mutex);
  if (CUresult r = check_stream("cuStreamWaitEvent", stream)) return r;
  return find_event("cuStreamWaitEvent", event) == nullptr ? kInvalidHandle : kSuccess;
}

FAKECUDA_API CUresult cuStreamGetPriority(void* stream, int* priority) {
  if (CUresult r = require_context("cuStreamGetPriority")) return r;
  if (priority == nullptr) return kInvalidValue;
  std::lock_guard<std::mutex> lock(driver().mutex);
  if (CUresult r = check_stream("cuStreamGetPriority", stream)) return r;
  *priority = is_special_stream(stream) ? kLeastPriority : static_cast<Stream*>(stream)->priority;
  return kSuccess;
}

FAKECUDA_API CUresult cuStreamGetFlags(void* stream, unsigned* flags) {
  if (CUresult r = require_context("cuStreamGetFlags")) return r;
  if (flags == nullptr) return kInvalidValue;
  std::lock_guard<std::mutex> lock(driver().mutex);
  if (CUresult r = check_stream("cuStreamGetFlags", stream)) return r;
  *flags = is_special_stream(stream) ? 0 : static_cast<Stream*>(stream)->flags;
  return kSuccess;
}

FAKECUDA_API CUresult cuEventCreate(void** event, unsigned flags) {
  if (CUresult r = require_context("cuEventCreate")) return r;
  if (event == nullptr || (flags & ~0x7u) != 0) return kInvalidValue;  // BLOCKING_SYNC | DISABLE_TIMING | INTERPROCESS
  if ((flags & kEventInterprocess) != 0) {
    report("cuEventCreate", "CU_EVENT_INTERPROCESS is not emulated");
    return kNotSupported;
  }
  auto* e = new Event{current_context(), flags, false, {}};
  std::lock_guard<std::mutex> lock(driver().mutex);
  driver().events.insert(e);
  *event = e;
  return kSuccess;
}

FAKECUDA_API CUresult cuEventDestroy_v2(void* event) {
  if (CUresult r = require_context("cuEventDestroy")) return r;
  std::lock_guard<std::mutex> lock(driver().mutex);
  Event* e = find_event("cuEventDestroy", event);
  if (e == nullptr) return kInvalidHandle;
  driver().events.erase(e);
  delete e;
  return kSuccess;
}

FAKECUDA_API CUresult cuEventRecord(void* event, void* stream) { return record_event("cuEventRecord", event, stream); }

FAKECUDA_API CUresult cuEventRecordWithFlags(void* event, void* stream, unsigned flags) {
  if ((flags & ~0x1u) != 0) return kInvalidValue;  // CU_EVENT_RECORD_DEFAULT | CU_EVENT_RECORD_EXTERNAL
  return record_event("cuEventRecordWithFlags", event, stream);
}

// CUDA_SUCCESS for a recorded event (its work is done) and, as on the real driver, for an event that
// was never recorded.
FAKECUDA_API CUresult cuEventQuery(void* event) { return check_event("cuEventQuery", event); }

FAKECUDA_API CUresult cuEventSynchronize(void* event) { return check_event("cuEventSynchronize", event); }

// Milliseconds from `start` to `end`; CUDA_ERROR_INVALID_HANDLE when either was never recorded or was
// created with CU_EVENT_DISABLE_TIMING, as the real driver does.
FAKECUDA_API CUresult cuEventElapsedTime(float* milliseconds, void* start, void* end) {
  if (CUresult r = require_context("cuEventElapsedTime")) return r;
  if (milliseconds == nullptr) return kInvalidValue;
  std::lock_guard<std::mutex> lock(driver().mutex);
  Event* first = find_event("cuEventElapsedTime", start);
  Event* last = find_event("cuEventElapsedTime", end);
  if (first == nullptr || last == nullptr) return kInvalidHandle;
  if (!first->recorded || !last->recorded) {
    report("cuEventElapsedTime", "an event was never recorded (cuEventRecord)");
    return kInvalidHandle;
  }
  if (((first->flags | last->flags) & kEventDisableTiming) != 0) {
    report("cuEventElapsedTime", "an event was created with CU_EVENT_DISABLE_TIMING");
    return kInvalidHandle;
  }
  *milliseconds = std::chrono::duration<float, std::milli>(last->time - first->time).count();
  return kSuccess;
}
