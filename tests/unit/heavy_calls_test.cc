// HeavyCalls: slots and the memory budget both hold, calls get in in arrival order, and a call
// that cannot get in in time, or whose caller goes away, is refused without blocking the rest.
#include <atomic>
#include <chrono>
#include <optional>
#include <thread>
#include <variant>
#include <vector>

#include <gtest/gtest.h>

#include "server/app/heavy_calls.h"

namespace investtrack::server::app {
namespace {

using Clock = HeavyCalls::Clock;
using std::chrono::milliseconds;

constexpr std::size_t kMiB = 1u << 20;

std::optional<HeavyCalls::Admission> try_admit(HeavyCalls& calls, std::size_t bytes,
                                               milliseconds wait = milliseconds(0)) {
  auto outcome = calls.admit(bytes, Clock::now() + wait, {});
  if (auto* admitted = std::get_if<HeavyCalls::Admission>(&outcome)) return std::move(*admitted);
  return std::nullopt;
}

TEST(HeavyCalls, NoMoreThanTheSlotsRunAtOnce) {
  HeavyCalls calls(HeavyCallLimits{2, 1000 * kMiB});
  auto first = try_admit(calls, kMiB);
  auto second = try_admit(calls, kMiB);
  ASSERT_TRUE(first && second);
  EXPECT_EQ(calls.in_flight(), 2u);
  EXPECT_FALSE(try_admit(calls, kMiB, milliseconds(30)));
  first.reset();
  EXPECT_TRUE(try_admit(calls, kMiB));
}

TEST(HeavyCalls, TheMemoryBudgetHoldsWhateverTheSlots) {
  HeavyCalls calls(HeavyCallLimits{8, 100 * kMiB});
  auto big = try_admit(calls, 70 * kMiB);
  ASSERT_TRUE(big);
  EXPECT_FALSE(try_admit(calls, 40 * kMiB, milliseconds(30)));  // 110 of 100
  EXPECT_TRUE(try_admit(calls, 30 * kMiB));                     // 100 of 100
  // A call needing more than the whole budget runs alone rather than never.
  big.reset();
  EXPECT_TRUE(try_admit(calls, 500 * kMiB));
}

TEST(HeavyCalls, AWaitingCallGetsInWhenRoomIsMade) {
  HeavyCalls calls(HeavyCallLimits{1, 100 * kMiB});
  auto running = try_admit(calls, kMiB);
  ASSERT_TRUE(running);
  std::thread ender([&] {
    std::this_thread::sleep_for(milliseconds(100));
    running.reset();
  });
  const auto started = Clock::now();
  EXPECT_TRUE(try_admit(calls, kMiB, milliseconds(5000)));
  EXPECT_LT(Clock::now() - started, milliseconds(3000));
  ender.join();
}

TEST(HeavyCalls, CallsGetInInArrivalOrderSoALargeOneIsNotPassedOver) {
  HeavyCalls calls(HeavyCallLimits{4, 100 * kMiB});
  auto running = try_admit(calls, 60 * kMiB);
  ASSERT_TRUE(running);
  std::atomic<bool> large_in{false};
  std::thread large([&] {
    auto admitted = try_admit(calls, 80 * kMiB, milliseconds(5000));
    large_in = admitted.has_value();
  });
  while (calls.waiting() == 0) std::this_thread::yield();
  // A small call arriving after the large one waits behind it, although it would fit now.
  EXPECT_FALSE(try_admit(calls, 10 * kMiB, milliseconds(50)));
  running.reset();
  large.join();
  EXPECT_TRUE(large_in);
}

TEST(HeavyCalls, ACallThatGivesUpDoesNotHoldUpThoseBehindIt) {
  HeavyCalls calls(HeavyCallLimits{1, 100 * kMiB});
  auto running = try_admit(calls, kMiB);
  ASSERT_TRUE(running);
  std::thread impatient([&] { EXPECT_FALSE(try_admit(calls, kMiB, milliseconds(200))); });
  while (calls.waiting() == 0) std::this_thread::yield();  // the impatient one is first in line
  std::atomic<bool> patient_in{false};
  std::thread patient([&] { patient_in = try_admit(calls, kMiB, milliseconds(5000)).has_value(); });
  impatient.join();
  running.reset();
  patient.join();
  EXPECT_TRUE(patient_in);
}

TEST(HeavyCalls, ACallerThatGoesAwayIsRefusedAsCancelled) {
  HeavyCalls calls(HeavyCallLimits{1, 100 * kMiB});
  auto running = try_admit(calls, kMiB);
  ASSERT_TRUE(running);
  const auto started = Clock::now();
  auto outcome = calls.admit(kMiB, Clock::now() + milliseconds(10'000),
                             [&] { return Clock::now() - started > milliseconds(100); });
  ASSERT_TRUE(std::holds_alternative<HeavyCalls::Refusal>(outcome));
  EXPECT_EQ(std::get<HeavyCalls::Refusal>(outcome), HeavyCalls::Refusal::kCancelled);
  EXPECT_LT(Clock::now() - started, milliseconds(3000));
  EXPECT_EQ(calls.waiting(), 0u);
}

TEST(HeavyCalls, ReservationGrowsWithTheBulletin) {
  EXPECT_LT(heavy_call_bytes(1000), heavy_call_bytes(1'000'000));
  // The largest default bulletin (8 MiB) fits the default budget alone, not twice.
  const HeavyCallLimits defaults;
  EXPECT_LE(heavy_call_bytes(8 * kMiB), defaults.memory_budget);
  EXPECT_GT(2 * heavy_call_bytes(8 * kMiB), defaults.memory_budget);
}

}  // namespace
}  // namespace investtrack::server::app
