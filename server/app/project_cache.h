// GetProject's answers kept in memory, so a project read again is served without a database
// round trip (the round trip and the row decoding were most of a GetProject's cost).
//
// Freshness: an entry is dropped when the register's change notification for its project arrives
// (ChangeListener), and this server's own writes drop what they touched before they answer, so a
// caller always reads its own writes. A change committed by another process is seen once its
// notification arrives, normally within a millisecond. While notifications could be missed (the
// listening connection is down), the cache is disabled: every read goes to the database. An
// entry also expires after `max_age`, which bounds the damage of a connection that died without
// telling anyone.
//
// A read that missed takes a ticket before it asks the database and may keep its answer only if
// no invalidation of that project (or a clear) came in meanwhile: otherwise a row read just
// before a change could be stored after the change's notification and served stale for ever.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace investtrack::server::app {

class ProjectCache {
 public:
  struct Ticket {
    std::uint64_t epoch = 0;
    std::uint64_t shard_generation = 0;
  };

  struct Stats {
    std::uint64_t hits = 0;
    std::uint64_t misses = 0;
    std::size_t entries = 0;
    std::size_t bytes = 0;
  };

  // byte_budget = 0 disables the cache. It starts disabled until set_enabled(true).
  explicit ProjectCache(std::size_t byte_budget,
                        std::chrono::milliseconds max_age = std::chrono::seconds(10));
  ProjectCache(const ProjectCache&) = delete;
  ProjectCache& operator=(const ProjectCache&) = delete;

  // The serialized v1::Project, or null on a miss (counted either way).
  std::shared_ptr<const std::string> find(std::string_view project_id);

  // Take before reading the database for a project that find() missed.
  Ticket ticket(std::string_view project_id) const;

  // Keeps a project read from the database, unless something invalidated it since `ticket`.
  void insert(const Ticket& ticket, std::string_view project_id,
              std::shared_ptr<const std::string> serialized);

  // The project changed (a notification, or this server wrote it).
  void invalidate(std::string_view project_id);
  // Drops everything (a write that may have touched any project, a lost listening connection).
  void clear();
  // While disabled, find() misses and insert() keeps nothing.
  void set_enabled(bool enabled);

  bool enabled() const { return byte_budget_ > 0 && enabled_.load(std::memory_order_acquire); }
  Stats stats() const;

 private:
  struct Entry {
    std::string project_id;
    std::shared_ptr<const std::string> serialized;
    std::chrono::steady_clock::time_point stored_at;
  };
  // Hashing ids over shards keeps lock contention low and makes an invalidation refuse only the
  // pending inserts of its own shard.
  struct Shard {
    mutable std::mutex mutex;
    std::list<Entry> recency;  // most recently used first
    std::unordered_map<std::string_view, std::list<Entry>::iterator> by_id;
    std::size_t bytes = 0;
    std::uint64_t generation = 0;
  };
  static constexpr std::size_t kShards = 16;

  Shard& shard_of(std::string_view project_id) const;
  void erase_locked(Shard& shard, std::list<Entry>::iterator entry);

  const std::size_t byte_budget_;
  const std::chrono::milliseconds max_age_;
  std::atomic<bool> enabled_{false};
  std::atomic<std::uint64_t> epoch_{0};
  std::atomic<std::uint64_t> hits_{0};
  std::atomic<std::uint64_t> misses_{0};
  mutable std::array<Shard, kShards> shards_;
};

// Drops what a write may have changed when the write's handler ends, whether it reports success
// or not (it can fail after its commit), so the caller's next read sees the write: the project
// it names, or everything (a write whose projects are not known up front), unless the write said
// which projects it touched.
class CacheWriteGuard {
 public:
  explicit CacheWriteGuard(ProjectCache& cache, std::string project_id = {}) : cache_(cache) {
    if (!project_id.empty()) touched_.emplace({std::move(project_id)});
  }
  ~CacheWriteGuard() {
    if (!touched_) {
      cache_.clear();
      return;
    }
    for (const std::string& id : *touched_) cache_.invalidate(id);
  }
  CacheWriteGuard(const CacheWriteGuard&) = delete;
  CacheWriteGuard& operator=(const CacheWriteGuard&) = delete;

  // The write committed and changed at most these projects.
  void touched(std::vector<std::string> project_ids) { touched_ = std::move(project_ids); }

 private:
  ProjectCache& cache_;
  std::optional<std::vector<std::string>> touched_;
};

}  // namespace investtrack::server::app
