// WorkQueue: posted work runs on its threads, concurrently, and none is dropped at destruction.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "server/api/work_queue.h"

namespace investtrack::server::api {
namespace {

TEST(WorkQueue, RunsWorkOnItsOwnThreadsAndFinishesEverythingPostedBeforeItEnds) {
  std::atomic<int> done{0};
  std::mutex mutex;
  std::set<std::thread::id> threads;
  {
    WorkQueue queue(3);
    for (int i = 0; i < 200; ++i) {
      queue.post([&] {
        {
          const std::lock_guard lock(mutex);
          threads.insert(std::this_thread::get_id());
        }
        std::this_thread::sleep_for(std::chrono::microseconds(200));
        ++done;
      });
    }
  }
  EXPECT_EQ(done.load(), 200);
  EXPECT_EQ(threads.count(std::this_thread::get_id()), 0u);
  EXPECT_LE(threads.size(), 3u);
}

TEST(WorkQueue, AWaitingTaskDoesNotHoldUpTheOthers) {
  WorkQueue queue(2);
  std::mutex mutex;
  std::condition_variable released;
  bool release = false;
  std::atomic<bool> second_ran{false};
  queue.post([&] {
    std::unique_lock lock(mutex);
    released.wait(lock, [&] { return release; });
  });
  queue.post([&] { second_ran = true; });
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (!second_ran && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  EXPECT_TRUE(second_ran.load());
  {
    const std::lock_guard lock(mutex);
    release = true;
  }
  released.notify_all();
}

}  // namespace
}  // namespace investtrack::server::api
