// Admission for the calls that parse whole bulletins (ParseBulletin, IngestBulletin,
// BatchIngestBulletins, ReparseBulletins). One of them on the largest bulletin holds hundreds of
// megabytes at its peak, so a burst of them waits for room instead of taking the machine's memory:
// each call reserves what its bulletin may need, and runs when both a slot (one per core by
// default: more would only share the cores) and that much of the memory budget are free.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <set>
#include <variant>

namespace investtrack::server::app {

struct HeavyCallLimits {
  std::size_t slots = 2;
  // What the heavy calls in flight may hold together, in bytes.
  std::size_t memory_budget = 640u << 20;
};

// The memory a parse of `content_bytes` may reach at its peak, bulletin included: measured on
// the worst text kind (a list of one-line items, the most projects per byte) as about 70 bytes
// per byte of text, over a fixed base (docs/benchmarks.md, "Heavy calls").
std::size_t heavy_call_bytes(std::size_t content_bytes);

// Slots: the cores; budget as given. Thread-safe.
class HeavyCalls {
 public:
  using Clock = std::chrono::steady_clock;

  explicit HeavyCalls(HeavyCallLimits limits) : limits_(limits) {}
  HeavyCalls(const HeavyCalls&) = delete;
  HeavyCalls& operator=(const HeavyCalls&) = delete;

  // A call's admission; ends it when destroyed.
  class Admission {
   public:
    Admission(Admission&& other) noexcept : calls_(other.calls_), bytes_(other.bytes_) {
      other.calls_ = nullptr;
    }
    Admission& operator=(Admission&&) = delete;
    Admission(const Admission&) = delete;
    Admission& operator=(const Admission&) = delete;
    ~Admission();

   private:
    friend class HeavyCalls;
    Admission(HeavyCalls* calls, std::size_t bytes) : calls_(calls), bytes_(bytes) {}
    HeavyCalls* calls_;
    std::size_t bytes_;
  };

  enum class Refusal { kBusy, kCancelled };

  // Waits until the call fits (reserving `bytes`, at most the whole budget) or `give_up` passes
  // (kBusy) or `cancelled` says the caller has gone (kCancelled; asked every few milliseconds).
  // Calls are admitted in arrival order, so a large one is not passed over for ever.
  std::variant<Admission, Refusal> admit(std::size_t bytes, Clock::time_point give_up,
                                         const std::function<bool()>& cancelled);

  std::size_t in_flight() const;
  std::size_t waiting() const;
  const HeavyCallLimits& limits() const { return limits_; }

 private:
  void end(std::size_t bytes);
  // The next ticket's turn; tickets whose callers gave up are skipped.
  void advance();

  const HeavyCallLimits limits_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::size_t in_flight_ = 0;
  std::size_t reserved_ = 0;
  std::size_t waiting_ = 0;
  // Arrival tickets: the call holding serving_ is the next to be admitted.
  std::size_t next_ticket_ = 0;
  std::size_t serving_ = 0;
  std::set<std::size_t> abandoned_;
};

}  // namespace investtrack::server::app
