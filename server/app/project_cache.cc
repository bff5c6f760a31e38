#include "server/app/project_cache.h"

#include <functional>

namespace investtrack::server::app {
namespace {

// What an entry costs beyond its bytes: the list node, the map node and the string headers.
constexpr std::size_t kEntryOverhead = 160;

std::size_t entry_cost(const std::string& project_id, const std::string& serialized) {
  return project_id.size() + serialized.size() + kEntryOverhead;
}

}  // namespace

ProjectCache::ProjectCache(std::size_t byte_budget, std::chrono::milliseconds max_age)
    : byte_budget_(byte_budget), max_age_(max_age) {}

ProjectCache::Shard& ProjectCache::shard_of(std::string_view project_id) const {
  return shards_[std::hash<std::string_view>{}(project_id) % kShards];
}

std::shared_ptr<const std::string> ProjectCache::find(std::string_view project_id) {
  if (!enabled()) return nullptr;
  Shard& shard = shard_of(project_id);
  {
    const std::lock_guard lock(shard.mutex);
    const auto found = shard.by_id.find(project_id);
    if (found != shard.by_id.end() &&
        std::chrono::steady_clock::now() - found->second->stored_at > max_age_) {
      erase_locked(shard, found->second);
    } else if (found != shard.by_id.end()) {
      shard.recency.splice(shard.recency.begin(), shard.recency, found->second);
      hits_.fetch_add(1, std::memory_order_relaxed);
      return found->second->serialized;
    }
  }
  misses_.fetch_add(1, std::memory_order_relaxed);
  return nullptr;
}

ProjectCache::Ticket ProjectCache::ticket(std::string_view project_id) const {
  Ticket ticket;
  // The epoch first: a clear between the two reads then fails the epoch check in insert().
  ticket.epoch = epoch_.load(std::memory_order_acquire);
  const Shard& shard = shard_of(project_id);
  const std::lock_guard lock(shard.mutex);
  ticket.shard_generation = shard.generation;
  return ticket;
}

void ProjectCache::insert(const Ticket& ticket, std::string_view project_id,
                          std::shared_ptr<const std::string> serialized) {
  if (!enabled() || !serialized) return;
  const std::size_t shard_budget = byte_budget_ / kShards;
  Entry entry{std::string(project_id), std::move(serialized), std::chrono::steady_clock::now()};
  const std::size_t cost = entry_cost(entry.project_id, *entry.serialized);
  if (cost > shard_budget) return;
  Shard& shard = shard_of(project_id);
  const std::lock_guard lock(shard.mutex);
  // Under the shard's lock, so a clear() or invalidate() either came before (and refuses this)
  // or comes after (and drops it).
  if (!enabled() || epoch_.load(std::memory_order_acquire) != ticket.epoch ||
      shard.generation != ticket.shard_generation) {
    return;
  }
  const auto existing = shard.by_id.find(project_id);
  if (existing != shard.by_id.end()) erase_locked(shard, existing->second);
  shard.recency.push_front(std::move(entry));
  shard.by_id.emplace(shard.recency.front().project_id, shard.recency.begin());
  shard.bytes += cost;
  while (shard.bytes > shard_budget && !shard.recency.empty()) {
    erase_locked(shard, std::prev(shard.recency.end()));
  }
}

void ProjectCache::invalidate(std::string_view project_id) {
  Shard& shard = shard_of(project_id);
  const std::lock_guard lock(shard.mutex);
  ++shard.generation;
  const auto found = shard.by_id.find(project_id);
  if (found != shard.by_id.end()) erase_locked(shard, found->second);
}

void ProjectCache::clear() {
  epoch_.fetch_add(1, std::memory_order_acq_rel);
  for (Shard& shard : shards_) {
    const std::lock_guard lock(shard.mutex);
    shard.by_id.clear();
    shard.recency.clear();
    shard.bytes = 0;
  }
}

void ProjectCache::set_enabled(bool enabled) {
  // Whatever was kept before the switch may have missed invalidations either way.
  clear();
  enabled_.store(enabled, std::memory_order_release);
}

ProjectCache::Stats ProjectCache::stats() const {
  Stats stats;
  stats.hits = hits_.load(std::memory_order_relaxed);
  stats.misses = misses_.load(std::memory_order_relaxed);
  for (const Shard& shard : shards_) {
    const std::lock_guard lock(shard.mutex);
    stats.entries += shard.by_id.size();
    stats.bytes += shard.bytes;
  }
  return stats;
}

void ProjectCache::erase_locked(Shard& shard, std::list<Entry>::iterator entry) {
  shard.bytes -= entry_cost(entry->project_id, *entry->serialized);
  shard.by_id.erase(entry->project_id);
  shard.recency.erase(entry);
}

}  // namespace investtrack::server::app
