// A PostgreSQL 15 cluster of the test's own, in a temporary directory on a free port, for tests
// that must stop and restart the server (which the shared cluster of scripts/test.sh must never
// do under other tests' feet).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace investtrack::testing {

class ThrowawayCluster {
 public:
  // initdb + start. Throws std::runtime_error with the server log's tail when either fails, so a
  // test using it fails (never skips) on a machine that cannot run PostgreSQL.
  ThrowawayCluster();
  // Stops the server (immediate) and removes the directory; never throws.
  ~ThrowawayCluster();
  ThrowawayCluster(const ThrowawayCluster&) = delete;
  ThrowawayCluster& operator=(const ThrowawayCluster&) = delete;

  // `pg_ctl stop -m fast`: ends every session (clients see SQLSTATE 57P01 or a closed socket).
  void stop();
  // `pg_ctl start` on the same port and data; waits until it accepts connections.
  void start();

  int port() const { return port_; }
  // Superuser URI of database `postgres` over TCP, with a short connect timeout so a caller
  // never blocks long on a server that is gone.
  std::string url() const;

 private:
  // Runs argv (as the postgres user when we are root: PostgreSQL refuses root) with output
  // appended to the command log; returns the exit status.
  int run(const std::vector<std::string>& argv) const;
  [[noreturn]] void fail(const std::string& what) const;

  std::filesystem::path dir_;
  std::filesystem::path data_dir_;
  std::filesystem::path server_log_;
  std::filesystem::path command_log_;
  int port_ = 0;
};

}  // namespace investtrack::testing
