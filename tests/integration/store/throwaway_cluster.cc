#include "throwaway_cluster.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <system_error>

namespace investtrack::testing {
namespace {

const std::filesystem::path kPgBin = "/usr/lib/postgresql/15/bin";
// Long enough for a loaded 2-core machine, short enough that a broken set-up fails quickly.
constexpr int kPgCtlWaitSeconds = 60;

bool running_as_root() { return ::geteuid() == 0; }

std::filesystem::path make_temp_dir() {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern =
      std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/investtrack-cluster.XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) {
    throw std::runtime_error("mkdtemp " + pattern + ": " + std::strerror(errno));
  }
  return pattern;
}

// The cluster's owner must own the directory: initdb refuses root, and mkdtemp makes it ours.
void hand_to_postgres(const std::filesystem::path& dir) {
  if (!running_as_root()) return;
  const passwd* user = ::getpwnam("postgres");
  if (user == nullptr) throw std::runtime_error("running as root but there is no postgres user");
  if (::chown(dir.c_str(), user->pw_uid, user->pw_gid) != 0) {
    throw std::runtime_error("chown " + dir.string() + ": " + std::strerror(errno));
  }
}

// A port nobody listens on right now (the kernel's choice for an ephemeral bind).
int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof address;
  const bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
                  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0;
  ::close(fd);
  if (!ok) throw std::runtime_error(std::string("finding a free port: ") + std::strerror(errno));
  return ntohs(address.sin_port);
}

std::string tail_of(const std::filesystem::path& file, std::size_t lines) {
  std::ifstream in(file);
  std::vector<std::string> all;
  for (std::string line; std::getline(in, line);) all.push_back(line);
  std::ostringstream out;
  for (std::size_t i = all.size() > lines ? all.size() - lines : 0; i < all.size(); ++i) {
    out << "  " << all[i] << '\n';
  }
  return out.str();
}

std::filesystem::path runuser_path() {
  for (const char* candidate : {"/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser"}) {
    if (::access(candidate, X_OK) == 0) return candidate;
  }
  throw std::runtime_error("running as root but runuser is missing");
}

}  // namespace

ThrowawayCluster::ThrowawayCluster() {
  dir_ = make_temp_dir();
  data_dir_ = dir_ / "pgdata";
  server_log_ = dir_ / "postgres.log";
  command_log_ = dir_ / "commands.log";
  try {
    hand_to_postgres(dir_);
    port_ = free_port();
    if (run({(kPgBin / "initdb").string(), "-D", data_dir_.string(), "--username=postgres",
             "--encoding=UTF8", "--no-locale", "--auth=trust", "--no-sync"}) != 0) {
      fail("initdb failed");
    }
    start();
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
    throw;
  }
}

ThrowawayCluster::~ThrowawayCluster() {
  try {
    run({(kPgBin / "pg_ctl").string(), "-D", data_dir_.string(), "-m", "immediate", "-w", "-t",
         std::to_string(kPgCtlWaitSeconds), "stop"});
  } catch (...) {
    // Already stopped or never started: nothing to stop.
  }
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

void ThrowawayCluster::stop() {
  if (run({(kPgBin / "pg_ctl").string(), "-D", data_dir_.string(), "-m", "fast", "-w", "-t",
           std::to_string(kPgCtlWaitSeconds), "stop"}) != 0) {
    fail("pg_ctl stop failed");
  }
}

void ThrowawayCluster::start() {
  // Tiny and without durability: the cluster lives for one test. The socket stays in our own
  // directory so nothing clashes with another cluster on the machine.
  const std::string settings = "-c port=" + std::to_string(port_) +
                               " -c listen_addresses=127.0.0.1 -c unix_socket_directories='" +
                               dir_.string() +
                               "' -c fsync=off -c max_connections=30 -c shared_buffers=16MB";
  if (run({(kPgBin / "pg_ctl").string(), "-D", data_dir_.string(), "-l", server_log_.string(), "-w",
           "-t", std::to_string(kPgCtlWaitSeconds), "-o", settings, "start"}) != 0) {
    fail("pg_ctl start failed (port " + std::to_string(port_) + ")");
  }
}

std::string ThrowawayCluster::url() const {
  return "postgresql://postgres@127.0.0.1:" + std::to_string(port_) + "/postgres?connect_timeout=5";
}

int ThrowawayCluster::run(const std::vector<std::string>& argv) const {
  std::vector<std::string> full;
  if (running_as_root()) {
    full = {runuser_path().string(), "-u", "postgres", "--"};
  }
  full.insert(full.end(), argv.begin(), argv.end());
  // Everything the child needs is built before fork: between fork and exec in a process that may
  // run other threads only async-signal-safe calls are allowed.
  std::vector<char*> args;
  for (std::string& arg : full) args.push_back(arg.data());
  args.push_back(nullptr);
  const int log = ::open(command_log_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log < 0) {
    throw std::runtime_error("open " + command_log_.string() + ": " + std::strerror(errno));
  }
  const int null_input = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  const pid_t child = ::fork();
  if (child == 0) {
    ::dup2(null_input, STDIN_FILENO);
    ::dup2(log, STDOUT_FILENO);
    ::dup2(log, STDERR_FILENO);
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  ::close(log);
  if (null_input >= 0) ::close(null_input);
  if (child < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
  int status = 0;
  while (::waitpid(child, &status, 0) < 0) {
    if (errno != EINTR) throw std::runtime_error(std::string("waitpid: ") + std::strerror(errno));
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

void ThrowawayCluster::fail(const std::string& what) const {
  throw std::runtime_error(what + " in " + dir_.string() + "\ncommands:\n" +
                           tail_of(command_log_, 20) + "server log:\n" + tail_of(server_log_, 20));
}

}  // namespace investtrack::testing
