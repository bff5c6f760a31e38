#include "test_server.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "google/rpc/status.pb.h"

extern char** environ;

namespace investtrack::testing {

using namespace std::chrono_literals;

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream contents;
  contents << in.rdbuf();
  return std::move(contents).str();
}

ServerProcess::ServerProcess(const std::string& db_url, const ServerOptions& options) {
  std::random_device random;
  log_path_ =
      std::filesystem::temp_directory_path() /
      ("investtrackd_test_" + std::to_string(::getpid()) + "_" + std::to_string(random()) + ".log");
  std::vector<std::string> args{INVESTTRACKD_PATH, "serve",
                                "--db-url",        db_url,
                                "--listen",        "127.0.0.1:" + std::to_string(options.port),
                                "--log-level",     options.log_level,
                                "--log-format",    options.log_format};
  // 5 s unless the test sets its own.
  if (std::find(options.extra_args.begin(), options.extra_args.end(), "--grace-period") ==
      options.extra_args.end()) {
    args.insert(args.end(), {"--grace-period", "5"});
  }
  args.insert(args.end(), options.extra_args.begin(), options.extra_args.end());
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);

  std::map<std::string, std::string> env_map;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const std::string text(*entry);
    const std::size_t eq = text.find('=');
    if (eq != std::string::npos) env_map[text.substr(0, eq)] = text.substr(eq + 1);
  }
  // The test's own environment must not hand the server tokens it did not ask for.
  env_map.erase("INVESTTRACK_TOKENS");
  env_map.erase("INVESTTRACK_TOKEN_FILE");
  for (const auto& [name, value] : options.extra_env) env_map[name] = value;
  std::vector<std::string> env_strings;
  for (const auto& [name, value] : env_map) env_strings.push_back(name + "=" + value);
  std::vector<char*> envp;
  for (std::string& entry : env_strings) envp.push_back(entry.data());
  envp.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, log_path_.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  const int error = posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (error != 0) throw std::runtime_error("cannot start " + args[0]);
  port_ = wait_for_port();
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  std::error_code ignored;
  std::filesystem::remove(log_path_, ignored);
}

std::string ServerProcess::log() const { return read_file(log_path_); }

std::shared_ptr<grpc::Channel> ServerProcess::channel() const {
  return grpc::CreateChannel(address(), grpc::InsecureChannelCredentials());
}

std::optional<int> ServerProcess::stop(int signal, std::chrono::seconds timeout) {
  ::kill(pid_, signal);
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    std::this_thread::sleep_for(20ms);
  }
  return std::nullopt;
}

int ServerProcess::wait_for_port() {
  const std::string marker = "listening on 127.0.0.1:";
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (std::chrono::steady_clock::now() < deadline) {
    const std::string text = log();
    if (const std::size_t at = text.find(marker); at != std::string::npos) {
      return std::stoi(text.substr(at + marker.size()));
    }
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("investtrackd exited during start-up; its log:\n" + text);
    }
    std::this_thread::sleep_for(20ms);
  }
  throw std::runtime_error("investtrackd did not start listening within 30 s; its log:\n" + log());
}

std::unique_ptr<grpc::ClientContext> client_context(const std::string& token,
                                                    std::chrono::milliseconds timeout) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + timeout);
  if (!token.empty()) context->AddMetadata("authorization", "Bearer " + token);
  return context;
}

std::optional<google::rpc::ErrorInfo> error_info(const grpc::Status& status) {
  google::rpc::Status details;
  if (status.error_details().empty() || !details.ParseFromString(status.error_details())) {
    return std::nullopt;
  }
  for (const auto& any : details.details()) {
    google::rpc::ErrorInfo info;
    if (any.UnpackTo(&info)) return info;
  }
  return std::nullopt;
}

}  // namespace investtrack::testing
