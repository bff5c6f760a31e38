// One call as the application layer sees it: the store's settings for it and how to ask whether
// its caller is still there, with nothing of the RPC framework that carries it.
#pragma once

#include <functional>

#include "server/store/call_options.h"

namespace investtrack::server::app {

struct Call {
  // The deadline and statement timeout, without a cancellation test: what reads get.
  store::CallOptions store;
  // Whether the caller has gone away; empty = never.
  std::function<bool()> caller_gone;

  // store plus the cancellation test, for the writes and long work that should stop once nobody
  // waits for them.
  store::CallOptions cancellable() const {
    store::CallOptions options = store;
    options.cancelled = caller_gone;
    return options;
  }

  // Whether the work should stop: the deadline passed or the caller went away (the cheap test
  // first), for parser::ParseOptions::should_stop.
  std::function<bool()> stop_test() const {
    return [deadline = store.deadline, gone = caller_gone] {
      return store::CallOptions::Clock::now() >= deadline || (gone && gone());
    };
  }
};

}  // namespace investtrack::server::app
