#include "change_listener.h"

#include <exception>
#include <memory>

#include <pqxx/pqxx>

namespace investtrack::store {
namespace {

constexpr std::string_view kChannel = "investtrack_project_changes";
// How long one wait for a notification lasts, which bounds how long stopping takes.
constexpr long kWaitMicroseconds = 100'000;

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
  if (at == std::string_view::npos || at >= payload.size() || payload[at] != '"') return std::nullopt;
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

  bool listening = false;
  try {
    pqxx::connection connection(db_url_);
    // So an operator (or a test) can tell this connection from the pool's in pg_stat_activity.
    pqxx::nontransaction(connection).exec0("SET application_name = 'investtrackd change listener'");
    Receiver receiver(connection, handlers_);
    // The receiver's constructor has issued LISTEN on the open connection.
    listening = true;
    handlers_.listening(true);
    while (!stopping_) {
      connection.await_notification(0, kWaitMicroseconds);
      if (!connection.is_open()) break;
    }
  } catch (const std::exception&) {
    // A lost or refused connection: reported below, retried by run().
  }
  if (listening) handlers_.listening(false);
}

}  // namespace investtrack::store
