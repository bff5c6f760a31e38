// Hears the register's change notifications (the change-log triggers' NOTIFY, one per project
// whose version moved) on a connection and thread of its own, for in-memory copies that must
// follow the register (ProjectCache). Unlike ChangeFeed it reads no log: a consumer that cannot
// afford to miss a change must treat "not listening" as "anything may have changed".
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

namespace investtrack::store {

// The project id a change notification names; nullopt when the payload is not one (the consumer
// should then assume any project changed).
std::optional<std::string> parse_change_notification(std::string_view payload);

class ChangeListener {
 public:
  struct Handlers {
    // A notification arrived; its payload as parse_change_notification reads it.
    std::function<void(const std::optional<std::string>& project_id)> changed;
    // true once LISTEN is in effect (again), false as soon as the connection is lost: changes
    // committed while not listening are never heard.
    std::function<void(bool listening)> listening;
    // Optional: a connection was made but cannot deliver notifications (why, in English).
    // Retried like a lost connection, so this may be called again.
    std::function<void(const std::string& reason)> unusable;
  };

  // Connects and listens on its own thread, reconnecting every `retry_interval` while the
  // database is unreachable.
  ChangeListener(std::string db_url, Handlers handlers,
                 std::chrono::milliseconds retry_interval = std::chrono::milliseconds(500));
  // Stops within one wait interval (at most a fraction of a second).
  ~ChangeListener();
  ChangeListener(const ChangeListener&) = delete;
  ChangeListener& operator=(const ChangeListener&) = delete;

 private:
  void run();
  // Listens until the connection breaks or the listener stops.
  void listen_once();

  const std::string db_url_;
  const Handlers handlers_;
  const std::chrono::milliseconds retry_interval_;
  std::atomic<bool> stopping_{false};
  std::mutex mutex_;
  std::condition_variable wake_;
  std::thread thread_;
};

}  // namespace investtrack::store
