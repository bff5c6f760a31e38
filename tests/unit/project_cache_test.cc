// ProjectCache and the change-notification payload, without a server or a database: what is
// kept, what an invalidation refuses, the byte budget and the age limit.
#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "server/app/project_cache.h"
#include "server/store/change_listener.h"

namespace investtrack::server::app {
namespace {

using namespace std::chrono_literals;

std::shared_ptr<const std::string> bytes(std::string text) {
  return std::make_shared<const std::string>(std::move(text));
}

std::string value_of(const std::shared_ptr<const std::string>& found) {
  return found ? *found : std::string("<miss>");
}

TEST(ProjectCache, KeepsWhatWasReadAndCountsHitsAndMisses) {
  ProjectCache cache(1 << 20);
  cache.set_enabled(true);
  EXPECT_EQ(value_of(cache.find("p1")), "<miss>");
  cache.insert(cache.ticket("p1"), "p1", bytes("bytes of p1"));
  EXPECT_EQ(value_of(cache.find("p1")), "bytes of p1");
  EXPECT_EQ(value_of(cache.find("p2")), "<miss>");
  const ProjectCache::Stats stats = cache.stats();
  EXPECT_EQ(stats.hits, 1u);
  EXPECT_EQ(stats.misses, 2u);
  EXPECT_EQ(stats.entries, 1u);
}

TEST(ProjectCache, StartsDisabledAndKeepsNothingWhileDisabled) {
  ProjectCache cache(1 << 20);
  cache.insert(cache.ticket("p1"), "p1", bytes("x"));
  cache.set_enabled(true);
  EXPECT_EQ(value_of(cache.find("p1")), "<miss>");
  cache.insert(cache.ticket("p1"), "p1", bytes("x"));
  cache.set_enabled(false);
  EXPECT_EQ(value_of(cache.find("p1")), "<miss>");
  // Switching back on does not bring back what was kept before: it may have missed changes.
  cache.set_enabled(true);
  EXPECT_EQ(value_of(cache.find("p1")), "<miss>");
}

TEST(ProjectCache, ZeroBudgetIsOff) {
  ProjectCache cache(0);
  cache.set_enabled(true);
  EXPECT_FALSE(cache.enabled());
  cache.insert(cache.ticket("p1"), "p1", bytes("x"));
  EXPECT_EQ(value_of(cache.find("p1")), "<miss>");
}

TEST(ProjectCache, InvalidationDropsTheEntryAndRefusesAReadTakenBeforeIt) {
  ProjectCache cache(1 << 20);
  cache.set_enabled(true);
  cache.insert(cache.ticket("p1"), "p1", bytes("version 1"));
  cache.invalidate("p1");
  EXPECT_EQ(value_of(cache.find("p1")), "<miss>");

  // A read that started before the change's notification must not store its older row.
  const ProjectCache::Ticket before_change = cache.ticket("p1");
  cache.invalidate("p1");
  cache.insert(before_change, "p1", bytes("version 1, read before the change"));
  EXPECT_EQ(value_of(cache.find("p1")), "<miss>");

  // A read that started after it may.
  cache.insert(cache.ticket("p1"), "p1", bytes("version 2"));
  EXPECT_EQ(value_of(cache.find("p1")), "version 2");
}

TEST(ProjectCache, ClearDropsEverythingAndRefusesEveryEarlierRead) {
  ProjectCache cache(1 << 20);
  cache.set_enabled(true);
  cache.insert(cache.ticket("p1"), "p1", bytes("a"));
  cache.insert(cache.ticket("p2"), "p2", bytes("b"));
  const ProjectCache::Ticket before_clear = cache.ticket("p3");
  cache.clear();
  EXPECT_EQ(value_of(cache.find("p1")), "<miss>");
  EXPECT_EQ(value_of(cache.find("p2")), "<miss>");
  cache.insert(before_clear, "p3", bytes("c"));
  EXPECT_EQ(value_of(cache.find("p3")), "<miss>");
  EXPECT_EQ(cache.stats().entries, 0u);
}

TEST(ProjectCache, AnInvalidationRefusesOnlyReadsOfItsOwnShard) {
  ProjectCache cache(1 << 20);
  cache.set_enabled(true);
  // Some other id lands in another shard; its pending read is unaffected.
  int stored_elsewhere = 0;
  for (int i = 0; i < 64; ++i) {
    const std::string other = "other-" + std::to_string(i);
    const ProjectCache::Ticket ticket = cache.ticket(other);
    cache.invalidate("p1");
    cache.insert(ticket, other, bytes("x"));
    if (cache.find(other)) ++stored_elsewhere;
  }
  EXPECT_GT(stored_elsewhere, 0);
  EXPECT_LT(stored_elsewhere, 64);
}

TEST(ProjectCache, StaysWithinItsByteBudgetDroppingTheLeastRecentlyUsed) {
  // 16 shards of 4 KiB: about 16 entries of 1 KiB fit, 200 do not.
  ProjectCache cache(64 * 1024);
  cache.set_enabled(true);
  const std::string kilobyte(1024, 'x');
  for (int i = 0; i < 200; ++i) {
    const std::string id = "p" + std::to_string(i);
    cache.insert(cache.ticket(id), id, bytes(kilobyte));
    // p0 stays in use, so it stays.
    EXPECT_TRUE(cache.find("p0")) << "after " << i;
  }
  const ProjectCache::Stats stats = cache.stats();
  EXPECT_LE(stats.bytes, 64u * 1024);
  EXPECT_GT(stats.entries, 10u);
  EXPECT_LT(stats.entries, 100u);
  EXPECT_TRUE(cache.find("p199"));
  EXPECT_FALSE(cache.find("p1"));
}

TEST(ProjectCache, AnEntryLargerThanItsShardIsNotKept) {
  ProjectCache cache(16 * 1024);
  cache.set_enabled(true);
  cache.insert(cache.ticket("big"), "big", bytes(std::string(4096, 'x')));
  EXPECT_FALSE(cache.find("big"));
}

TEST(ProjectCache, EntriesExpireAfterTheirMaximumAge) {
  ProjectCache cache(1 << 20, 30ms);
  cache.set_enabled(true);
  cache.insert(cache.ticket("p1"), "p1", bytes("x"));
  EXPECT_TRUE(cache.find("p1"));
  std::this_thread::sleep_for(60ms);
  EXPECT_FALSE(cache.find("p1"));
  EXPECT_EQ(cache.stats().entries, 0u);
}

TEST(ProjectCache, WriteGuardForgetsItsProjectWhatItTouchedOrEverything) {
  ProjectCache cache(1 << 20);
  cache.set_enabled(true);
  cache.insert(cache.ticket("p1"), "p1", bytes("a"));
  cache.insert(cache.ticket("p2"), "p2", bytes("b"));
  {
    const CacheWriteGuard forget(cache, "p1");
    EXPECT_TRUE(cache.find("p1"));
  }
  EXPECT_FALSE(cache.find("p1"));
  EXPECT_TRUE(cache.find("p2"));
  try {
    const CacheWriteGuard forget(cache);
    throw std::runtime_error("the write failed after its commit");
  } catch (const std::runtime_error&) {
  }
  EXPECT_FALSE(cache.find("p2"));

  // A write that says what it touched drops only that.
  cache.insert(cache.ticket("p1"), "p1", bytes("a"));
  cache.insert(cache.ticket("p2"), "p2", bytes("b"));
  cache.insert(cache.ticket("p3"), "p3", bytes("c"));
  {
    CacheWriteGuard forget(cache);
    forget.touched({"p1", "p3"});
  }
  EXPECT_FALSE(cache.find("p1"));
  EXPECT_TRUE(cache.find("p2"));
  EXPECT_FALSE(cache.find("p3"));
}

TEST(ChangeNotification, ReadsTheProjectIdOfTheTriggersPayload) {
  // json_build_object's spelling, as the change-log triggers send it.
  EXPECT_EQ(store::parse_change_notification(
                R"({"id" : "4f1c2d", "version" : 3, "change_id" : 17, "kind" : "updated"})"),
            "4f1c2d");
  EXPECT_EQ(store::parse_change_notification(R"({"kind":"created","id":"abc"})"), "abc");
}

TEST(ChangeNotification, AnythingElseIsUnknown) {
  EXPECT_EQ(store::parse_change_notification(""), std::nullopt);
  EXPECT_EQ(store::parse_change_notification("not json"), std::nullopt);
  EXPECT_EQ(store::parse_change_notification(R"({"id" : 42})"), std::nullopt);
  EXPECT_EQ(store::parse_change_notification(R"({"id" : ""})"), std::nullopt);
  EXPECT_EQ(store::parse_change_notification(R"({"id" : "unterminated)"), std::nullopt);
  EXPECT_EQ(store::parse_change_notification(R"({"id" : "a\"b"})"), std::nullopt);
  // A key that merely ends in "id" is not the id.
  EXPECT_EQ(store::parse_change_notification(R"({"change_id" : "7"})"), std::nullopt);
}

}  // namespace
}  // namespace investtrack::server::app
