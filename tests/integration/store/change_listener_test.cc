// store::ChangeListener against the real PostgreSQL: it hears the change log's notifications, and
// it refuses a connection on which notifications do not come back (as behind a pooler in
// transaction mode), simulated by a proxy that drops them.
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include "server/store/change_listener.h"
#include "test_db.h"

namespace investtrack::store {
namespace {

using namespace std::chrono_literals;

// A TCP proxy to the test's PostgreSQL that forwards everything except the server's
// NotificationResponse messages ('A'). The server-to-client stream is a sequence of typed
// messages once SSL is not negotiated (the URL says sslmode=disable).
class NotificationDroppingProxy {
 public:
  NotificationDroppingProxy(std::string host, int port) : host_(std::move(host)), port_(port) {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    if (listener_ < 0 ||
        ::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::listen(listener_, 8) != 0) {
      throw std::runtime_error("proxy: cannot listen");
    }
    socklen_t length = sizeof address;
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
    listen_port_ = ntohs(address.sin_port);
    accept_thread_ = std::thread([this] { accept_loop(); });
  }

  ~NotificationDroppingProxy() {
    stopping_ = true;
    accept_thread_.join();
    for (std::thread& thread : pipes_) thread.join();
    ::close(listener_);
    const std::lock_guard lock(mutex_);
    for (const int fd : sockets_) ::close(fd);
  }

  int port() const { return listen_port_; }
  int dropped() const { return dropped_; }

 private:
  bool readable(int fd) {
    while (!stopping_) {
      pollfd p{fd, POLLIN, 0};
      const int ready = ::poll(&p, 1, 50);
      if (ready > 0) return true;
      if (ready < 0) return false;
    }
    return false;
  }

  bool read_exactly(int fd, char* buffer, std::size_t size) {
    std::size_t done = 0;
    while (done < size) {
      if (!readable(fd)) return false;
      const ssize_t got = ::recv(fd, buffer + done, size - done, 0);
      if (got <= 0) return false;
      done += static_cast<std::size_t>(got);
    }
    return true;
  }

  static bool write_all(int fd, const char* buffer, std::size_t size) {
    std::size_t done = 0;
    while (done < size) {
      const ssize_t sent = ::send(fd, buffer + done, size - done, MSG_NOSIGNAL);
      if (sent <= 0) return false;
      done += static_cast<std::size_t>(sent);
    }
    return true;
  }

  void accept_loop() {
    while (readable(listener_)) {
      const int client = ::accept(listener_, nullptr, nullptr);
      if (client < 0) continue;
      const int server = ::socket(AF_INET, SOCK_STREAM, 0);
      sockaddr_in address{};
      address.sin_family = AF_INET;
      address.sin_port = htons(static_cast<std::uint16_t>(port_));
      address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      if (::connect(server, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        ::close(client);
        ::close(server);
        continue;
      }
      {
        const std::lock_guard lock(mutex_);
        sockets_.push_back(client);
        sockets_.push_back(server);
      }
      pipes_.emplace_back([this, client, server] {
        std::vector<char> buffer(65536);
        while (readable(client)) {
          const ssize_t got = ::recv(client, buffer.data(), buffer.size(), 0);
          if (got <= 0 || !write_all(server, buffer.data(), static_cast<std::size_t>(got))) break;
        }
      });
      pipes_.emplace_back([this, client, server] {
        char header[5];
        while (read_exactly(server, header, sizeof header)) {
          const std::uint32_t length =
              (static_cast<std::uint32_t>(static_cast<unsigned char>(header[1])) << 24) |
              (static_cast<std::uint32_t>(static_cast<unsigned char>(header[2])) << 16) |
              (static_cast<std::uint32_t>(static_cast<unsigned char>(header[3])) << 8) |
              static_cast<std::uint32_t>(static_cast<unsigned char>(header[4]));
          std::vector<char> body(length >= 4 ? length - 4 : 0);
          if (!read_exactly(server, body.data(), body.size())) break;
          if (header[0] == 'A') {
            ++dropped_;
            continue;
          }
          if (!write_all(client, header, sizeof header) ||
              !write_all(client, body.data(), body.size()))
            break;
        }
      });
    }
  }

  const std::string host_;
  const int port_;
  int listener_ = -1;
  int listen_port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> dropped_{0};
  std::mutex mutex_;
  std::vector<int> sockets_;
  std::thread accept_thread_;
  // Added to by the accept thread only; joined once it has ended.
  std::vector<std::thread> pipes_;
};

struct Heard {
  std::mutex mutex;
  std::vector<std::optional<std::string>> changed;
  std::vector<bool> listening;
  std::vector<std::string> unusable;

  ChangeListener::Handlers handlers() {
    return {[this](const std::optional<std::string>& id) {
              const std::lock_guard lock(mutex);
              changed.push_back(id);
            },
            [this](bool on) {
              const std::lock_guard lock(mutex);
              listening.push_back(on);
            },
            [this](const std::string& reason) {
              const std::lock_guard lock(mutex);
              unusable.push_back(reason);
            }};
  }

  template <typename Done>
  bool wait_for(Done&& done, std::chrono::milliseconds limit = 5000ms) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
      {
        const std::lock_guard lock(mutex);
        if (done()) return true;
      }
      std::this_thread::sleep_for(10ms);
    }
    return false;
  }
};

TEST(ChangeListener, HearsTheChangeNotificationsOfItsDatabase) {
  testing::ScratchDatabase db;
  Heard heard;
  {
    ChangeListener listener(db.url(), heard.handlers());
    ASSERT_TRUE(heard.wait_for([&] { return !heard.listening.empty(); }));
    EXPECT_EQ(heard.listening.front(), true);
    pqxx::connection writer(db.url());
    pqxx::nontransaction(writer).exec(
        R"(SELECT pg_notify('investtrack_project_changes', '{"id" : "p-1", "version" : 2}'))");
    pqxx::nontransaction(writer).exec(
        "SELECT pg_notify('investtrack_project_changes', 'not a change')");
    ASSERT_TRUE(heard.wait_for([&] { return heard.changed.size() >= 2; }));
    EXPECT_EQ(heard.changed[0], std::optional<std::string>("p-1"));
    EXPECT_EQ(heard.changed[1], std::nullopt);
    EXPECT_TRUE(heard.unusable.empty());
  }
  // Stopping reports that it no longer listens.
  EXPECT_EQ(heard.listening.back(), false);
}

TEST(ChangeListener, RefusesAConnectionWhoseNotificationsDoNotComeBack) {
  testing::ScratchDatabase db;
  std::string host;
  int port = 0;
  std::string dbname;
  std::string user;
  {
    pqxx::connection probe(db.url());
    host = probe.hostname() != nullptr ? probe.hostname() : "";
    port = std::stoi(probe.port());
    dbname = probe.dbname();
    user = probe.username();
  }
  ASSERT_TRUE(host == "127.0.0.1" || host == "localhost")
      << "the test database must be on TCP loopback";
  NotificationDroppingProxy proxy(host, port);
  const std::string through_proxy = "host=127.0.0.1 port=" + std::to_string(proxy.port()) +
                                    " dbname=" + dbname + " user=" + user + " sslmode=disable";
  // The proxy forwards queries: the connection itself works.
  pqxx::connection direct_check(through_proxy);
  EXPECT_EQ(pqxx::nontransaction(direct_check).exec1("SELECT 1")[0].as<int>(), 1);

  Heard heard;
  {
    ChangeListener listener(through_proxy, heard.handlers(), 100ms);
    ASSERT_TRUE(heard.wait_for([&] { return !heard.unusable.empty(); }, 10s));
  }
  EXPECT_TRUE(heard.listening.empty())
      << "the cache must never be told it can trust this connection";
  EXPECT_NE(heard.unusable.front().find("did not come back"), std::string::npos)
      << heard.unusable.front();
  EXPECT_GT(proxy.dropped(), 0);
}

}  // namespace
}  // namespace investtrack::store
