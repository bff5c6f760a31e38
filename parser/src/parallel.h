// Fork-join on two threads for the parser's independent readings (ParseOptions::threads).
#pragma once

#include <exception>
#include <system_error>
#include <thread>

namespace investtrack::parser {

// Runs first() on this thread and, when `parallel`, second() on another thread at the same time;
// otherwise one after the other. The two must share no data that either writes. An exception from
// either is rethrown here once both have finished.
template <typename First, typename Second>
void run_both(bool parallel, First&& first, Second&& second) {
  if (!parallel) {
    first();
    second();
    return;
  }
  std::exception_ptr second_error;
  std::thread worker;
  try {
    worker = std::thread([&] {
      try {
        second();
      } catch (...) {
        second_error = std::current_exception();
      }
    });
  } catch (const std::system_error&) {
    // No thread to be had: the same work, one part after the other.
    first();
    second();
    return;
  }
  std::exception_ptr first_error;
  try {
    first();
  } catch (...) {
    first_error = std::current_exception();
  }
  worker.join();
  if (first_error) std::rethrow_exception(first_error);
  if (second_error) std::rethrow_exception(second_error);
}

}  // namespace investtrack::parser
