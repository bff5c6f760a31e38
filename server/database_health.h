// Reports whether the database is reachable, on a thread of its own, so a load balancer stops
// sending work while the database is down and resumes when it is back (investtrackd wires the
// report to the gRPC health service).
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "server/store/database_ping.h"

namespace investtrack::server {

class DatabaseHealthProbe {
 public:
  // reachable, and the failure when it is not (one line).
  using Report = std::function<void(bool reachable, const std::string& error)>;

  // Probes once before returning and reports the answer, so no client ever sees the status
  // unknown; then every `interval` on its own thread, reporting only changes.
  DatabaseHealthProbe(std::string db_url, std::chrono::milliseconds interval, Report report);
  // Stops the thread at once (a probe under way finishes first).
  ~DatabaseHealthProbe();
  DatabaseHealthProbe(const DatabaseHealthProbe&) = delete;
  DatabaseHealthProbe& operator=(const DatabaseHealthProbe&) = delete;

 private:
  void run();
  void probe_and_report();

  store::DatabasePing ping_;  // only touched by the probing thread after construction
  const std::chrono::milliseconds interval_;
  const Report report_;
  bool reported_ = false;  // likewise
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;  // under mutex_
  std::thread thread_;
};

}  // namespace investtrack::server
