#include "metrics_scrape.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

namespace investtrack::testing {

HttpReply http_get(int port, const std::string& path) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return {};
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string reply;
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0) {
    const std::string request = "GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";
    if (::send(fd, request.data(), request.size(), MSG_NOSIGNAL) ==
        static_cast<ssize_t>(request.size())) {
      char buffer[8192];
      for (ssize_t got; (got = ::recv(fd, buffer, sizeof buffer, 0)) > 0;) {
        reply.append(buffer, static_cast<std::size_t>(got));
      }
    }
  }
  ::close(fd);
  HttpReply result;
  // "HTTP/1.x 200 OK\r\n...\r\n\r\nbody"
  const std::size_t header_end = reply.find("\r\n\r\n");
  if (!reply.starts_with("HTTP/1.") || header_end == std::string::npos) return result;
  result.status = std::stoi(reply.substr(reply.find(' ') + 1, 3));
  result.body = reply.substr(header_end + 4);
  return result;
}

std::optional<double> sample_value(const std::string& text, const std::string& series) {
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.size() > series.size() && line.starts_with(series) && line[series.size()] == ' ') {
      return std::stod(line.substr(series.size() + 1));
    }
  }
  return std::nullopt;
}

std::string promtool_check_metrics(const std::string& text) {
  const std::string promtool = INVESTTRACK_PROMTOOL;
  if (promtool.empty() || promtool.ends_with("NOTFOUND")) {
    return "promtool was not found when the build was configured (Debian package prometheus)";
  }
  const std::filesystem::path file = std::filesystem::temp_directory_path() /
                                     ("investtrack_metrics_" + std::to_string(::getpid()) + "_" +
                                      std::to_string(std::random_device()()) + ".txt");
  std::ofstream(file, std::ios::binary) << text;
  const std::string command = "'" + promtool + "' check metrics < '" + file.string() + "' 2>&1";
  std::string output;
  int status = -1;
  if (FILE* pipe = ::popen(command.c_str(), "r")) {
    char buffer[4096];
    for (std::size_t got; (got = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) {
      output.append(buffer, got);
    }
    status = ::pclose(pipe);
  }
  std::filesystem::remove(file);
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return {};
  return "promtool check metrics failed (status " + std::to_string(status) + "):\n" + output;
}

}  // namespace investtrack::testing
