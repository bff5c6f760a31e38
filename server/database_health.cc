#include "server/database_health.h"

#include <utility>

#include "server/logging.h"

namespace investtrack::server {

DatabaseHealthProbe::DatabaseHealthProbe(std::string db_url, std::chrono::milliseconds interval,
                                         Report report)
    : ping_(std::move(db_url)), interval_(interval), report_(std::move(report)) {
  reported_ = ping_.ping();
  report_(reported_, reported_ ? std::string() : single_line(ping_.last_error()));
  thread_ = std::thread([this] { run(); });
}

DatabaseHealthProbe::~DatabaseHealthProbe() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void DatabaseHealthProbe::run() {
  std::unique_lock lock(mutex_);
  while (!wake_.wait_for(lock, interval_, [this] { return stopping_; })) {
    lock.unlock();
    probe_and_report();
    lock.lock();
  }
}

void DatabaseHealthProbe::probe_and_report() {
  const bool reachable = ping_.ping();
  if (reachable == reported_) return;
  reported_ = reachable;
  report_(reachable, reachable ? std::string() : single_line(ping_.last_error()));
}

}  // namespace investtrack::server
