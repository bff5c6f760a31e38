#include "child_process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace investtrack::testing {
namespace {

using namespace std::chrono_literals;

std::string read_whole_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream contents;
  contents << in.rdbuf();
  return std::move(contents).str();
}

std::filesystem::path unique_temp_path(const std::string& suffix) {
  std::random_device random;
  return std::filesystem::temp_directory_path() /
         ("investtrack_cli_test_" + std::to_string(::getpid()) + "_" + std::to_string(random()) +
          suffix);
}

}  // namespace

ChildProcess::ChildProcess(const std::vector<std::string>& args)
    : out_path_(unique_temp_path(".out")), err_path_(unique_temp_path(".err")) {
  std::vector<std::string> owned = args;
  std::vector<char*> argv;
  for (std::string& arg : owned) argv.push_back(arg.data());
  argv.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out_path_.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_path_.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  const int error = posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (error != 0) throw std::runtime_error("cannot start " + args.at(0));
}

ChildProcess::~ChildProcess() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  std::error_code ignored;
  std::filesystem::remove(out_path_, ignored);
  std::filesystem::remove(err_path_, ignored);
}

std::optional<int> ChildProcess::wait(std::chrono::milliseconds timeout) {
  if (pid_ <= 0) return std::nullopt;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(10ms);
  }
}

bool ChildProcess::running() {
  if (pid_ <= 0) return false;
  int status = 0;
  if (::waitpid(pid_, &status, WNOHANG) == pid_) {
    pid_ = -1;
    return false;
  }
  return true;
}

void ChildProcess::signal(int signal_number) {
  if (pid_ > 0) ::kill(pid_, signal_number);
}

std::string ChildProcess::out() const { return read_whole_file(out_path_); }
std::string ChildProcess::err() const { return read_whole_file(err_path_); }

TestCertificates::TestCertificates() : dir_(unique_temp_path("_certificates")) {
  ChildProcess script({"/bin/bash", INVESTTRACK_MAKE_TEST_CERTIFICATES, dir_.string()});
  const std::optional<int> status = script.wait(60s);
  if (!status) {
    script.signal(SIGKILL);
    script.wait(5s);
  }
  made_ = {status.value_or(-1), script.out(), script.err()};
}

TestCertificates::~TestCertificates() {
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

std::string cli_path() { return INVESTTRACK_CLI_PATH; }

CommandResult run_cli(const std::string& server, const std::vector<std::string>& args) {
  std::vector<std::string> argv{INVESTTRACK_CLI_PATH, "--server", server};
  argv.insert(argv.end(), args.begin(), args.end());
  ChildProcess cli(argv);
  CommandResult result;
  const auto status = cli.wait(60s);
  if (!status) {
    cli.signal(SIGKILL);
    cli.wait(5s);
    result.exit_code = -1;
  } else {
    result.exit_code = *status;
  }
  result.out = cli.out();
  result.err = cli.err();
  return result;
}

}  // namespace investtrack::testing
