#include "server/app/heavy_calls.h"

#include <algorithm>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace investtrack::server::app {
namespace {

// How often a waiting call asks whether its caller has gone.
constexpr std::chrono::milliseconds kCancelPoll{50};

// Measured peak per byte of the densest text, and the parse's fixed tables and buffers.
constexpr std::size_t kPeakBytesPerTextByte = 72;
constexpr std::size_t kBaseBytes = 16u << 20;

}  // namespace

std::size_t heavy_call_bytes(std::size_t content_bytes) {
  return kBaseBytes + content_bytes * kPeakBytesPerTextByte;
}

HeavyCalls::Admission::~Admission() {
  if (calls_ != nullptr) calls_->end(bytes_);
}

std::variant<HeavyCalls::Admission, HeavyCalls::Refusal> HeavyCalls::admit(
    std::size_t bytes, Clock::time_point give_up, const std::function<bool()>& cancelled) {
  bytes = std::min(bytes, limits_.memory_budget);
  std::unique_lock lock(mutex_);
  const std::size_t ticket = next_ticket_++;
  ++waiting_;
  for (;;) {
    if (ticket == serving_ && in_flight_ < limits_.slots &&
        reserved_ + bytes <= limits_.memory_budget) {
      --waiting_;
      ++in_flight_;
      reserved_ += bytes;
      advance();
      changed_.notify_all();
      return Admission(this, bytes);
    }
    lock.unlock();
    const bool gone = cancelled && cancelled();
    lock.lock();
    const Clock::time_point now = Clock::now();
    if (gone || now >= give_up) {
      --waiting_;
      if (ticket == serving_) {
        advance();
      } else {
        abandoned_.insert(ticket);
      }
      changed_.notify_all();
      return gone ? Refusal::kCancelled : Refusal::kBusy;
    }
    changed_.wait_until(lock, std::min(give_up, now + kCancelPoll));
  }
}

void HeavyCalls::advance() {
  ++serving_;
  while (abandoned_.erase(serving_) != 0) ++serving_;
}

void HeavyCalls::end(std::size_t bytes) {
  bool idle = false;
  {
    const std::lock_guard lock(mutex_);
    --in_flight_;
    reserved_ -= bytes;
    idle = in_flight_ == 0;
  }
  changed_.notify_all();
#if defined(__GLIBC__)
  // glibc keeps what a parse freed in its arenas (one per thread that allocated), and the server
  // would keep its peak for ever; with no heavy call left, hand it back to the system.
  if (idle) malloc_trim(0);
#endif
}

std::size_t HeavyCalls::in_flight() const {
  const std::lock_guard lock(mutex_);
  return in_flight_;
}

std::size_t HeavyCalls::waiting() const {
  const std::lock_guard lock(mutex_);
  return waiting_;
}

}  // namespace investtrack::server::app
