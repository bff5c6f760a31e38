// The database health probe against the real test server: the first answer before the
// constructor returns, only changes reported afterwards, and both directions of a change (a
// database that appears, then is dropped under the probe's connection).
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include "server/database_health.h"
#include "test_db.h"

namespace investtrack::server {
namespace {

using namespace std::chrono_literals;

struct Reports {
  std::mutex mutex;
  std::vector<std::pair<bool, std::string>> seen;

  DatabaseHealthProbe::Report sink() {
    return [this](bool reachable, const std::string& error) {
      const std::lock_guard lock(mutex);
      seen.emplace_back(reachable, error);
    };
  }
  std::size_t size() {
    const std::lock_guard lock(mutex);
    return seen.size();
  }
  std::pair<bool, std::string> last() {
    const std::lock_guard lock(mutex);
    return seen.back();
  }
};

// Waits up to `limit` for the n-th report.
bool wait_for_reports(Reports& reports, std::size_t n, std::chrono::milliseconds limit) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (reports.size() < n && std::chrono::steady_clock::now() < end)
    std::this_thread::sleep_for(10ms);
  return reports.size() >= n;
}

// The test server's URL for another database name.
std::string url_of_database(const std::string& server_url, const std::string& name) {
  const std::size_t slash = server_url.rfind('/');
  return server_url.substr(0, slash + 1) + name;
}

TEST(DatabaseHealthProbe, AReachableDatabaseIsReportedBeforeTheConstructorReturns) {
  Reports reports;
  const DatabaseHealthProbe probe(investtrack::testing::test_db_url(), 1h, reports.sink());
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_TRUE(reports.last().first);
  EXPECT_EQ(reports.last().second, "");
}

TEST(DatabaseHealthProbe, AnUnreachableDatabaseIsReportedOnceWithItsErrorOnOneLine) {
  Reports reports;
  {
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    const DatabaseHealthProbe probe("postgresql://postgres@127.0.0.1:1/postgres?connect_timeout=2",
                                    20ms, reports.sink());
    ASSERT_EQ(reports.size(), 1u);
    std::this_thread::sleep_for(200ms);  // several more probes, all failing: nothing new to report
  }
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_FALSE(reports.last().first);
  EXPECT_NE(reports.last().second, "");
  EXPECT_EQ(reports.last().second.find('\n'), std::string::npos) << reports.last().second;
}

TEST(DatabaseHealthProbe, ReportsTheDatabaseComingAndGoing) {
  const std::string server = investtrack::testing::test_db_url();
  const std::string name = "health_probe_" + std::to_string(::getpid());
  pqxx::connection admin(server);
  pqxx::nontransaction(admin).exec("DROP DATABASE IF EXISTS " + name);

  Reports reports;
  const DatabaseHealthProbe probe(url_of_database(server, name), 20ms, reports.sink());
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_FALSE(reports.last().first) << "the database does not exist yet";

  pqxx::nontransaction(admin).exec("CREATE DATABASE " + name);
  ASSERT_TRUE(wait_for_reports(reports, 2, 5s));
  EXPECT_TRUE(reports.last().first);

  // FORCE ends the probe's open connection, as a database restart would.
  pqxx::nontransaction(admin).exec("DROP DATABASE " + name + " WITH (FORCE)");
  ASSERT_TRUE(wait_for_reports(reports, 3, 5s));
  EXPECT_FALSE(reports.last().first);
}

TEST(DatabaseHealthProbe, StopsAtOnceWhateverItsInterval) {
  Reports reports;
  const auto start = std::chrono::steady_clock::now();
  { const DatabaseHealthProbe probe(investtrack::testing::test_db_url(), 1h, reports.sink()); }
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
}

}  // namespace
}  // namespace investtrack::server
