#include "server/store/database_ping.h"

#include <exception>
#include <utility>

#include <pqxx/pqxx>

namespace investtrack::store {

struct DatabasePing::Connection {
  explicit Connection(const std::string& url) : connection(url) {}
  pqxx::connection connection;
};

DatabasePing::DatabasePing(std::string db_url) : db_url_(std::move(db_url)) {}

DatabasePing::~DatabasePing() = default;

bool DatabasePing::ping() {
  try {
    if (!connection_ || !connection_->connection.is_open())
      connection_ = std::make_unique<Connection>(db_url_);
    pqxx::nontransaction tx(connection_->connection);
    tx.exec("SELECT 1");
    return true;
  } catch (const std::exception& e) {
    connection_.reset();
    last_error_ = e.what();
    return false;
  }
}

}  // namespace investtrack::store
