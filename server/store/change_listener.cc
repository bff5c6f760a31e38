#include "change_listener.h"

#include <exception>
#include <memory>
#include <string>

#include <pqxx/pqxx>

namespace investtrack::store {
namespace {

constexpr std::string_view kChannel = "investtrack_project_changes";
// How long one wait for a notification lasts, which bounds how long stopping takes.
constexpr long kWaitMicroseconds = 100'000;
// How long a connection's notification to itself may take to come back.
constexpr std::chrono::milliseconds kProbeWait{2000};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// The text right after `"key"` and its colon, or npos. The payload is json_build_object's
// output over our own columns, so a flat scan is enough; anything unexpected reads as "unknown".
std::size_t value_start(std::string_view json, std::string_view key) {
  const std::string quoted = "\"" + std::string(key) + "\"";
  std::size_t at = 0;
  while ((at = json.find(quoted, at)) != std::string_view::npos) {
    std::size_t next = at + quoted.size();
    while (next < json.size() && is_space(json[next])) ++next;
    if (next < json.size() && json[next] == ':') {
      ++next;
      while (next < json.size() && is_space(json[next])) ++next;
      return next;
    }
    at = next;
  }
  return std::string_view::npos;
}

}  // namespace

std::optional<std::string> parse_change_notification(std::string_view payload) {
  const std::size_t at = value_start(payload, "id");
  if (at == std::string_view::npos || at >= payload.size() || payload[at] != '"')
    return std::nullopt;
  const std::size_t id_end = payload.find('"', at + 1);
  if (id_end == std::string_view::npos || id_end == at + 1) return std::nullopt;
  std::string project_id(payload.substr(at + 1, id_end - at - 1));
  // An escaped character would need JSON decoding; store ids never hold one.
  if (project_id.find('\\') != std::string::npos) return std::nullopt;
  return project_id;
}

ChangeListener::ChangeListener(std::string db_url, Handlers handlers,
                               std::chrono::milliseconds retry_interval)
    : db_url_(std::move(db_url)), handlers_(std::move(handlers)), retry_interval_(retry_interval) {
  thread_ = std::thread([this] { run(); });
}

ChangeListener::~ChangeListener() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void ChangeListener::run() {
  while (!stopping_) {
    listen_once();
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, retry_interval_, [this] { return stopping_.load(); });
  }
}

void ChangeListener::listen_once() {
  class Receiver final : public pqxx::notification_receiver {
   public:
    Receiver(pqxx::connection_base& connection, const Handlers& handlers)
        : pqxx::notification_receiver(connection, std::string(kChannel)), handlers_(handlers) {}
    void operator()(const std::string& payload, int /*backend_pid*/) override {
      handlers_.changed(parse_change_notification(payload));
    }

   private:
    const Handlers& handlers_;
  };

  // Hears one notification on a channel of this session's own.
  class Probe final : public pqxx::notification_receiver {
   public:
    Probe(pqxx::connection_base& connection, const std::string& channel, bool& heard)
        : pqxx::notification_receiver(connection, channel), heard_(heard) {}
    void operator()(const std::string& /*payload*/, int /*backend_pid*/) override { heard_ = true; }

   private:
    bool& heard_;
  };

  bool connected = false;
  bool listening = false;
  try {
    pqxx::connection connection(db_url_);
    connected = true;
    // So an operator (or a test) can tell this connection from the pool's in pg_stat_activity.
    pqxx::nontransaction(connection).exec0("SET application_name = 'investtrackd change listener'");
    Receiver receiver(connection, handlers_);
    // The receiver's constructor has issued LISTEN on the open connection. Behind a pooler in
    // transaction mode that LISTEN may belong to a server session this connection will not
    // keep, and nothing would be heard: a notification sent to ourselves must come back first.
    bool heard = false;
    const std::string probe_channel =
        "investtrack_listener_probe_" + std::to_string(connection.backendpid());
    Probe probe(connection, probe_channel, heard);
    pqxx::nontransaction(connection).exec_params("SELECT pg_notify($1, '')", probe_channel);
    const auto probe_deadline = std::chrono::steady_clock::now() + kProbeWait;
    while (!heard && !stopping_ && std::chrono::steady_clock::now() < probe_deadline) {
      connection.await_notification(0, kWaitMicroseconds);
    }
    if (!heard) {
      if (!stopping_ && handlers_.unusable) {
        handlers_.unusable("a notification sent on this connection did not come back within " +
                           std::to_string(kProbeWait.count()) +
                           " ms (a pooler in transaction mode, or a standby?)");
      }
      return;
    }
    listening = true;
    handlers_.listening(true);
    while (!stopping_) {
      connection.await_notification(0, kWaitMicroseconds);
      if (!connection.is_open()) break;
    }
  } catch (const std::exception& e) {
    // Retried by run(). An unreachable database is the health probe's to report; a connection
    // that was made but could not listen (a standby refuses LISTEN) is reported here.
    if (connected && !listening && !stopping_ && handlers_.unusable) handlers_.unusable(e.what());
  }
  if (listening) handlers_.listening(false);
}

}  // namespace investtrack::store
