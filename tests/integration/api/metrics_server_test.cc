// /metrics of the real investtrackd against a real PostgreSQL: what a few calls leave in the
// scraped text, checked by value and by `promtool check metrics`; and a bad or busy
// --metrics-listen ending start-up with a clear message.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <optional>
#include <regex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "investtrack/v1/bulletin_service.grpc.pb.h"
#include "investtrack/v1/project_service.grpc.pb.h"
#include "metrics_scrape.h"
#include "test_db.h"
#include "test_server.h"

namespace investtrack {
namespace {

using namespace std::chrono_literals;
using testing::client_context;
using ::testing::HasSubstr;
using testing::sample_value;

const std::string kSeedPath = std::string(INVESTTRACK_TEST_DATA) + "/000_591e0df0c0e1022c.txt";

// The labels of one method's series, in the order prometheus-cpp writes them.
std::string call_labels(const std::string& service, const std::string& method,
                        const std::string& type = "unary") {
  return "grpc_method=\"" + method + "\",grpc_service=\"investtrack.v1." + service +
         "\",grpc_type=\"" + type + "\"";
}

std::string handled(const std::string& service, const std::string& method, const std::string& code,
                    const std::string& type = "unary") {
  return "grpc_server_handled_total{grpc_code=\"" + code + "\"," +
         call_labels(service, method, type) + "}";
}

// The port investtrackd logged for /metrics.
int metrics_port(const testing::ServerProcess& server) {
  const std::string log = server.log();
  std::smatch match;
  if (!std::regex_search(log, match,
                         std::regex(R"(serving metrics at http://127\.0\.0\.1:(\d+)/metrics)"))) {
    ADD_FAILURE() << "no metrics address in the log:\n" << log;
    return 0;
  }
  return std::stoi(match[1]);
}

// Output and exit status of a shell command.
std::pair<std::string, int> run(const std::string& command) {
  std::string output;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return {"cannot run " + command, -1};
  char buffer[4096];
  for (std::size_t got; (got = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;)
    output.append(buffer, got);
  const int status = ::pclose(pipe);
  return {output, WIFEXITED(status) ? WEXITSTATUS(status) : -1};
}

class MetricsServerTest : public ::testing::Test {
 protected:
  void start(const std::vector<std::string>& args) {
    testing::ServerOptions options;
    options.extra_args = args;
    server_.emplace(db_.url(), options);
    bulletins_ = v1::BulletinService::NewStub(server_->channel());
    projects_ = v1::ProjectService::NewStub(server_->channel());
    if (std::find(args.begin(), args.end(), "--metrics-listen") != args.end()) {
      port_ = metrics_port(*server_);
    }
  }

  std::string scrape() {
    const testing::HttpReply reply = testing::http_get(port_, "/metrics");
    EXPECT_EQ(reply.status, 200);
    return reply.body;
  }

  double value(const std::string& text, const std::string& series) {
    const std::optional<double> found = sample_value(text, series);
    EXPECT_TRUE(found.has_value()) << "no sample " << series << " in\n" << text;
    return found.value_or(-1);
  }

  grpc::Status ingest(const std::string& content, v1::IngestBulletinResponse& response) {
    v1::IngestBulletinRequest request;
    request.set_content(content);
    request.set_source("metrics test");
    return bulletins_->IngestBulletin(client_context().get(), request, &response);
  }

  grpc::Status get(const std::string& name) {
    v1::GetProjectRequest request;
    request.set_name(name);
    v1::Project project;
    return projects_->GetProject(client_context().get(), request, &project);
  }

  testing::ScratchDatabase db_;
  std::optional<testing::ServerProcess> server_;
  std::unique_ptr<v1::BulletinService::Stub> bulletins_;
  std::unique_ptr<v1::ProjectService::Stub> projects_;
  int port_ = 0;
};

TEST_F(MetricsServerTest, ScrapedTextCountsCallsAndIngestsAndPassesPromtool) {
  start({"--metrics-listen", "127.0.0.1:0", "--db-pool-size", "3"});
  const std::string before = scrape();
  EXPECT_EQ(testing::promtool_check_metrics(before), "");
  EXPECT_EQ(value(before, "investtrack_db_pool_connections_max"), 3);

  // The warnings the seed's ingest must count, from a dry run of the same parse.
  const std::string seed = testing::read_file(kSeedPath);
  v1::ParseBulletinRequest parse_request;
  parse_request.set_content(seed);
  v1::ParseBulletinResponse parsed;
  ASSERT_TRUE(bulletins_->ParseBulletin(client_context().get(), parse_request, &parsed).ok());
  std::map<std::string, int> warnings;
  for (const v1::ParseWarning& warning : parsed.result().warnings()) ++warnings[warning.code()];

  v1::IngestBulletinResponse first;
  ASSERT_TRUE(ingest(seed, first).ok());
  ASSERT_FALSE(first.duplicate());
  ASSERT_GT(first.created_projects_size(), 0);
  v1::IngestBulletinResponse again;
  ASSERT_TRUE(ingest(seed, again).ok());
  EXPECT_TRUE(again.duplicate());
  v1::IngestBulletinResponse refused;
  EXPECT_EQ(ingest(" \n\t\n", refused).error_code(), grpc::StatusCode::INVALID_ARGUMENT);

  // Gets until one is answered from the cache (it is on once its change listener is heard, and a
  // read racing the ingest's own notification is not kept).
  const std::string name = first.created_projects(0).name();
  int gets = 0;
  std::string text;
  for (const auto give_up = std::chrono::steady_clock::now() + 10s;
       std::chrono::steady_clock::now() < give_up;) {
    ASSERT_TRUE(get(name).ok());
    ++gets;
    text = scrape();
    if (value(text, "investtrack_project_cache_hits_total") >= 1) break;
    std::this_thread::sleep_for(50ms);
  }
  EXPECT_EQ(get("projects/no-such-project").error_code(), grpc::StatusCode::NOT_FOUND);

  text = scrape();
  EXPECT_EQ(testing::promtool_check_metrics(text), "");
  EXPECT_EQ(value(text, "grpc_server_started_total{" +
                            call_labels("BulletinService", "IngestBulletin") + "}"),
            3);
  EXPECT_EQ(value(text, handled("BulletinService", "IngestBulletin", "OK")), 2);
  EXPECT_EQ(value(text, handled("BulletinService", "IngestBulletin", "INVALID_ARGUMENT")), 1);
  EXPECT_EQ(value(text, "grpc_server_handling_seconds_count{" +
                            call_labels("BulletinService", "IngestBulletin") + "}"),
            3);
  EXPECT_EQ(value(text, handled("BulletinService", "ParseBulletin", "OK")), 1);
  EXPECT_EQ(value(text, handled("ProjectService", "GetProject", "OK")), gets);
  EXPECT_EQ(value(text, handled("ProjectService", "GetProject", "NOT_FOUND")), 1);

  EXPECT_EQ(value(text, "investtrack_bulletins_ingested_total"), 1);
  EXPECT_EQ(value(text, "investtrack_bulletins_duplicate_total"), 1);
  EXPECT_EQ(value(text, "investtrack_bulletins_refused_total{reason=\"EMPTY_CONTENT\"}"), 1);
  EXPECT_EQ(value(text, "investtrack_projects_created_total"), first.created_projects_size());
  EXPECT_EQ(value(text, "investtrack_projects_updated_total"), first.updated_projects_size());
  EXPECT_EQ(value(text, "investtrack_review_items_opened_total"), 0);
  for (const auto& [code, count] : warnings) {
    EXPECT_EQ(value(text, "investtrack_parse_warnings_total{code=\"" + code + "\"}"), count);
  }
  EXPECT_GE(value(text, "investtrack_project_cache_hits_total"), 1);
  EXPECT_GE(value(text, "investtrack_project_cache_misses_total"), 1);
  // Every call has finished: nothing holds a connection or a parse slot, nobody waits.
  EXPECT_EQ(value(text, "investtrack_db_pool_connections_in_use"), 0);
  EXPECT_EQ(value(text, "investtrack_db_pool_waiting"), 0);
  EXPECT_EQ(value(text, "investtrack_heavy_calls_in_flight"), 0);
  EXPECT_EQ(value(text, "investtrack_heavy_calls_waiting"), 0);
  EXPECT_EQ(value(text, "investtrack_watch_streams"), 0);
}

TEST_F(MetricsServerTest, AWatchStreamIsStartedWhileOpenAndHandledWhenItEnds) {
  start({"--metrics-listen", "127.0.0.1:0"});
  const std::string watch_started =
      "grpc_server_started_total{" +
      call_labels("ProjectService", "WatchProjects", "server_stream") + "}";
  {
    grpc::ClientContext context;
    std::unique_ptr<grpc::ClientReader<v1::ProjectChange>> reader =
        projects_->WatchProjects(&context, v1::WatchProjectsRequest());
    reader->WaitForInitialMetadata();
    const std::string open = scrape();
    EXPECT_EQ(value(open, "investtrack_watch_streams"), 1);
    EXPECT_EQ(value(open, watch_started), 1);
    EXPECT_FALSE(sample_value(
        open, handled("ProjectService", "WatchProjects", "CANCELLED", "server_stream")));
    context.TryCancel();
    reader->Finish();
  }
  // The server sees the cancellation at its next poll (200 ms).
  std::string text;
  for (const auto give_up = std::chrono::steady_clock::now() + 10s;
       std::chrono::steady_clock::now() < give_up; std::this_thread::sleep_for(50ms)) {
    text = scrape();
    if (sample_value(text, "investtrack_watch_streams") == 0.0) break;
  }
  EXPECT_EQ(value(text, "investtrack_watch_streams"), 0);
  EXPECT_EQ(value(text, handled("ProjectService", "WatchProjects", "CANCELLED", "server_stream")),
            1);
  EXPECT_EQ(testing::promtool_check_metrics(text), "");
}

TEST_F(MetricsServerTest, OffByDefault) {
  start({});
  EXPECT_THAT(server_->log(), ::testing::Not(HasSubstr("serving metrics")));
}

TEST(MetricsStartUp, AnAddressThatCannotBeServedIsAUsageError) {
  const auto [output, status] =
      run(std::string(INVESTTRACKD_PATH) +
          " serve --db-url postgresql:///unused --metrics-listen localhost:9464");
  EXPECT_EQ(status, 2) << output;
  EXPECT_THAT(output, HasSubstr("--metrics-listen"));
  EXPECT_THAT(output, HasSubstr("'localhost' is not an IPv4 address"));
}

TEST(MetricsStartUp, ABusyPortEndsStartUpSayingSo) {
  const testing::ScratchDatabase db;
  // Someone else's listener on a free port.
  const int other = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(other, reinterpret_cast<const sockaddr*>(&address), sizeof address), 0);
  ASSERT_EQ(::listen(other, 1), 0);
  socklen_t length = sizeof address;
  ::getsockname(other, reinterpret_cast<sockaddr*>(&address), &length);
  const std::string taken = "127.0.0.1:" + std::to_string(ntohs(address.sin_port));

  const auto [output, status] =
      run(std::string(INVESTTRACKD_PATH) + " serve --listen 127.0.0.1:0 --db-url '" + db.url() +
          "' --metrics-listen " + taken);
  ::close(other);
  EXPECT_EQ(status, 1) << output;
  EXPECT_THAT(output,
              HasSubstr("cannot serve metrics on " + taken + ": the port is already in use"));
}

}  // namespace
}  // namespace investtrack
