// A fixed set of threads running posted work in order of arrival: for calls of the asynchronous
// API that must block (a database read), so the threads polling a completion queue never do.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace investtrack::server::api {

class WorkQueue {
 public:
  explicit WorkQueue(std::size_t threads);
  // Runs everything already posted, then joins the threads.
  ~WorkQueue();
  WorkQueue(const WorkQueue&) = delete;
  WorkQueue& operator=(const WorkQueue&) = delete;

  void post(std::function<void()> work);

 private:
  void run();

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> pending_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace investtrack::server::api
