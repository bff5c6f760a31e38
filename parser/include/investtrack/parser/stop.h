// Ending a long parse early at its caller's request (a deadline passed, the client went away).
#pragma once

#include <functional>

namespace investtrack::parser {

// Thrown inside the parser when the caller's should_stop says so; parse_bulletin turns it into
// the ParseError STOPPED.
struct ParseStopped {};

// Asks a caller's should_stop (ParseOptions) at the parse's checkpoints. In a loop, poll() asks
// only every kEvery-th time: a clock read per sentence would cost more than it is worth, and the
// sentences between two questions take well under a millisecond. One per thread.
class StopPoll {
 public:
  explicit StopPoll(const std::function<bool()>& should_stop) : should_stop_(should_stop) {}

  // Asks now; throws ParseStopped when the caller wants the parse to end.
  void now() const {
    if (should_stop_ && should_stop_()) throw ParseStopped{};
  }
  void poll() {
    if (++count_ % kEvery == 0) now();
  }

 private:
  static constexpr unsigned kEvery = 256;
  const std::function<bool()>& should_stop_;
  unsigned count_ = 0;
};

}  // namespace investtrack::parser
