// The real investtrackd on a free loopback port against a scratch database, with the arguments and
// environment a test chooses (access tokens, log format), and helpers to call it. Shared by every
// integration test that needs a running server.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "google/rpc/error_details.pb.h"

namespace investtrack::testing {

struct ServerOptions {
  std::vector<std::string> extra_args;
  // NAME -> value, added to (or replacing in) this process's environment.
  std::map<std::string, std::string> extra_env;
  std::string log_format = "text";
  std::string log_level = "info";
  // 0: a free port the server picks. A test that restarts a server on the same address sets the
  // first one's port().
  int port = 0;
};

class ServerProcess {
 public:
  ServerProcess(const std::string& db_url, const ServerOptions& options = {});
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  int port() const { return port_; }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  std::string log() const;
  std::shared_ptr<grpc::Channel> channel() const;

  // Sends `signal` and returns the exit status, or nullopt when the process does not end in time.
  std::optional<int> stop(int signal, std::chrono::seconds timeout);

 private:
  int wait_for_port();

  pid_t pid_ = -1;
  int port_ = 0;
  std::filesystem::path log_path_;
};

std::string read_file(const std::filesystem::path& path);

// A client context with a deadline and, when token is not empty, a bearer token.
std::unique_ptr<grpc::ClientContext> client_context(
    const std::string& token = {}, std::chrono::milliseconds timeout = std::chrono::seconds(30));

// The ErrorInfo in a status's details; nullopt when there is none.
std::optional<google::rpc::ErrorInfo> error_info(const grpc::Status& status);

}  // namespace investtrack::testing
