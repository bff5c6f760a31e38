// Programs the CLI tests run as separate processes: the investtrack binary with its stdout, stderr
// and exit status captured apart, the way a script sees them. (investtrackd itself is started
// through test_server.h, like in every other integration test.)
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace investtrack::testing {

// A child whose stdout and stderr go to files the test reads.
class ChildProcess {
 public:
  // args[0] is the program's path.
  explicit ChildProcess(const std::vector<std::string>& args);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // The exit status (128 + signal when killed), or nullopt when still running after `timeout`.
  std::optional<int> wait(std::chrono::milliseconds timeout);
  // True until it has been reaped.
  bool running();
  void signal(int signal_number);

  std::string out() const;
  std::string err() const;

 private:
  pid_t pid_ = -1;
  std::filesystem::path out_path_;
  std::filesystem::path err_path_;
};

// What a finished command printed and how it ended.
struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// A throwaway CA and a server certificate for localhost, made by
// tests/integration/tls/make_test_certificates.sh (the openssl command) in a fresh temporary
// directory that goes with this object. A test asserts made() before it uses the files.
class TestCertificates {
 public:
  TestCertificates();
  ~TestCertificates();
  TestCertificates(const TestCertificates&) = delete;
  TestCertificates& operator=(const TestCertificates&) = delete;

  bool made() const { return made_.exit_code == 0; }
  // What the script printed on stderr, to explain a failure.
  const std::string& error() const { return made_.err; }
  const std::filesystem::path& dir() const { return dir_; }
  // investtrackd's flags to serve TLS with the server certificate.
  std::vector<std::string> server_args() const {
    return {"--tls-cert", (dir_ / "server.pem").string(), "--tls-key",
            (dir_ / "server.key").string()};
  }

 private:
  std::filesystem::path dir_;
  CommandResult made_;
};

// The built investtrack binary.
std::string cli_path();

// Runs the investtrack CLI against `server` (--server is put first) to completion, within 60 s.
CommandResult run_cli(const std::string& server, const std::vector<std::string>& args);

}  // namespace investtrack::testing
