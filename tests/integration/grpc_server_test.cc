// The real investtrackd, started as a child process on a free loopback port against a scratch
// database, called over gRPC the way any client would.
#include <signal.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include "grpc/health/v1/health.grpc.pb.h"
#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"
#include "investtrack/v1/bulletin_service.grpc.pb.h"
#include "test_data.h"
#include "test_db.h"
#include "test_server.h"

namespace investtrack {
namespace {

using namespace std::chrono_literals;
using ::grpc::health::v1::HealthCheckRequest;
using ::grpc::health::v1::HealthCheckResponse;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::read_file;

class ServerTest : public ::testing::Test {
 protected:
  void start(const std::vector<std::string>& extra_args = {}) {
    testing::ServerOptions options;
    options.extra_args = extra_args;
    // JSON lines at debug level: these tests read the log as a script would.
    options.log_format = "json";
    options.log_level = "debug";
    server_.emplace(db_.url(), options);
    channel_ = grpc::CreateChannel(server_->address(), grpc::InsecureChannelCredentials());
  }

  grpc::Status check_health(const std::string& service, HealthCheckResponse& response) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + 5s);
    HealthCheckRequest request;
    request.set_service(service);
    return grpc::health::v1::Health::NewStub(channel_)->Check(&context, request, &response);
  }

  HealthCheckResponse::ServingStatus health_status(const std::string& service) {
    HealthCheckResponse response;
    const grpc::Status status = check_health(service, response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.status();
  }

  // Polls until the health of `service` is `wanted` or the time is up; returns the last status.
  HealthCheckResponse::ServingStatus wait_for_health(const std::string& service,
                                                     HealthCheckResponse::ServingStatus wanted) {
    const auto deadline = std::chrono::steady_clock::now() + 15s;
    HealthCheckResponse::ServingStatus last = health_status(service);
    while (last != wanted && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(100ms);
      last = health_status(service);
    }
    return last;
  }

  grpc::Status parse(const std::string& content, v1::ParseBulletinResponse& response) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + 30s);
    v1::ParseBulletinRequest request;
    request.set_content(content);
    request.set_source("loopback-test");
    return v1::BulletinService::NewStub(channel_)->ParseBulletin(&context, request, &response);
  }

  testing::ScratchDatabase db_;
  std::optional<testing::ServerProcess> server_;
  std::shared_ptr<grpc::Channel> channel_;
};

TEST_F(ServerTest, HealthCheckAnswersServingForTheServerAndEachService) {
  start();
  EXPECT_EQ(health_status(""), HealthCheckResponse::SERVING);
  EXPECT_EQ(health_status("investtrack.v1.BulletinService"), HealthCheckResponse::SERVING);

  HealthCheckResponse response;
  EXPECT_EQ(check_health("no.such.Service", response).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(ServerTest, HealthFollowsTheDatabase) {
  start();
  ASSERT_EQ(health_status(""), HealthCheckResponse::SERVING);

  // Dropping the server's database cuts its connections and makes reconnecting fail.
  std::string dbname;
  {
    pqxx::connection conn(db_.url());
    dbname = conn.dbname();
  }
  pqxx::connection admin(testing::test_db_url());
  pqxx::nontransaction tx(admin);
  tx.exec("DROP DATABASE " + tx.quote_name(dbname) + " WITH (FORCE)");
  EXPECT_EQ(wait_for_health("", HealthCheckResponse::NOT_SERVING),
            HealthCheckResponse::NOT_SERVING);
  EXPECT_EQ(health_status("investtrack.v1.BulletinService"), HealthCheckResponse::NOT_SERVING);
  // Liveness does not follow the database: an outage must not get every replica restarted.
  EXPECT_EQ(health_status("investtrack.liveness"), HealthCheckResponse::SERVING);

  tx.exec("CREATE DATABASE " + tx.quote_name(dbname));
  EXPECT_EQ(wait_for_health("", HealthCheckResponse::SERVING), HealthCheckResponse::SERVING);
  EXPECT_THAT(server_->log(), HasSubstr("database unreachable"));
}

TEST_F(ServerTest, ParseBulletinReadsTheSampleBulletin) {
  start();
  v1::ParseBulletinResponse response;
  const grpc::Status status = parse(read_file(INVESTTRACK_SEED_BULLETIN), response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_GE(response.result().articles_size(), 1);
  EXPECT_EQ(response.result().source(), "loopback-test");
}

TEST_F(ServerTest, ParseBulletinRefusesEmptyAndOversizedContent) {
  start({"--max-bulletin-bytes", "1000"});
  v1::ParseBulletinResponse response;
  const grpc::Status empty = parse("", response);
  EXPECT_EQ(empty.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(empty.error_message(), HasSubstr("empty"));

  const grpc::Status oversized = parse(std::string(1001, 'a'), response);
  EXPECT_EQ(oversized.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_THAT(oversized.error_message(), HasSubstr("at most 1000 bytes"));
}

TEST_F(ServerTest, ReflectionListsAndDescribesTheServices) {
  start();
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + 10s);
  auto stream =
      grpc::reflection::v1alpha::ServerReflection::NewStub(channel_)->ServerReflectionInfo(
          &context);

  grpc::reflection::v1alpha::ServerReflectionRequest list;
  list.set_list_services("");
  ASSERT_TRUE(stream->Write(list));
  grpc::reflection::v1alpha::ServerReflectionResponse listed;
  ASSERT_TRUE(stream->Read(&listed));
  std::vector<std::string> names;
  for (const auto& service : listed.list_services_response().service())
    names.push_back(service.name());
  EXPECT_THAT(names, Contains("investtrack.v1.BulletinService"));
  EXPECT_THAT(names, Contains("grpc.health.v1.Health"));

  // Generic tools fetch the descriptors next, to build requests without our .proto files.
  grpc::reflection::v1alpha::ServerReflectionRequest describe;
  describe.set_file_containing_symbol("investtrack.v1.BulletinService");
  ASSERT_TRUE(stream->Write(describe));
  grpc::reflection::v1alpha::ServerReflectionResponse described;
  ASSERT_TRUE(stream->Read(&described));
  EXPECT_GE(described.file_descriptor_response().file_descriptor_proto_size(), 1)
      << described.error_response().error_message();

  stream->WritesDone();
  EXPECT_TRUE(stream->Finish().ok());
}

TEST_F(ServerTest, SigtermStopsTheServerCleanlyWithoutWaitingForAnIdleClient) {
  // With its backup poller off, this process reads nothing from its connection between calls, as
  // a C++ client idle between calls does for up to 5 s. gRPC's own shutdown would wait that long
  // for the client to acknowledge the GOAWAY; the server closes the idle connection instead.
  ::setenv("GRPC_CLIENT_CHANNEL_BACKUP_POLL_INTERVAL_MS", "0", 1);
  start();
  ASSERT_EQ(health_status(""), HealthCheckResponse::SERVING);
  const auto started = std::chrono::steady_clock::now();
  const std::optional<int> exit_status = server_->stop(SIGTERM, 20s);
  ASSERT_TRUE(exit_status.has_value()) << "investtrackd did not stop on SIGTERM";
  EXPECT_EQ(*exit_status, 0) << server_->log();
  EXPECT_THAT(server_->log(), HasSubstr("SIGTERM received"));
  EXPECT_THAT(server_->log(), HasSubstr(R"("msg":"stopped")"));
  // Nothing was in flight, so it did not sit out the 5 s grace period.
  EXPECT_LT(std::chrono::steady_clock::now() - started, 3s) << server_->log();
}

TEST_F(ServerTest, SigtermEndsHealthWatchStreamsWithNotServingAndDoesNotWaitOnThem) {
  start();
  grpc::ClientContext context;
  HealthCheckRequest request;
  auto stub = grpc::health::v1::Health::NewStub(channel_);
  std::unique_ptr<grpc::ClientReader<HealthCheckResponse>> watch = stub->Watch(&context, request);
  HealthCheckResponse response;
  ASSERT_TRUE(watch->Read(&response));
  ASSERT_EQ(response.status(), HealthCheckResponse::SERVING);
  // The reader keeps this client's connection polled, so only the server can hold the stop up.
  std::vector<HealthCheckResponse::ServingStatus> seen;
  std::thread reader([&] {
    while (watch->Read(&response)) seen.push_back(response.status());
  });

  const auto started = std::chrono::steady_clock::now();
  const std::optional<int> exit_status = server_->stop(SIGTERM, 20s);
  reader.join();
  ASSERT_TRUE(exit_status.has_value()) << "investtrackd did not stop on SIGTERM";
  EXPECT_EQ(*exit_status, 0) << server_->log();
  // The default health service never ends a watch; the server cuts it once the other calls are
  // done, after the watcher was told NOT_SERVING, rather than at the end of the grace period.
  EXPECT_LT(std::chrono::steady_clock::now() - started, 3s) << server_->log();
  EXPECT_THAT(seen, Contains(HealthCheckResponse::NOT_SERVING));
  EXPECT_FALSE(watch->Finish().ok());
  EXPECT_THAT(server_->log(), Not(HasSubstr("grace period over")));
}

TEST_F(ServerTest, SigintStopsTheServerCleanly) {
  start();
  const std::optional<int> exit_status = server_->stop(SIGINT, 20s);
  ASSERT_TRUE(exit_status.has_value()) << "investtrackd did not stop on SIGINT";
  EXPECT_EQ(*exit_status, 0) << server_->log();
}

// Runs investtrackd with `args` to completion: {exit status, stdout and stderr}.
// Runs investtrackd with args (and environment assignments `env`, e.g. "NAME='value'") through
// the shell; its exit status and everything it printed.
std::pair<int, std::string> run_investtrackd(const std::string& args, const std::string& env = "") {
  const std::string command = (env.empty() ? "" : "env " + env + " ") +
                              std::string(INVESTTRACKD_PATH) + " " + args + " 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("cannot run " + command);
  std::string output;
  std::array<char, 4096> buffer{};
  while (const std::size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe))
    output.append(buffer.data(), n);
  const int status = ::pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

TEST(ServerStartup, MigrateSubcommandAppliesAndExitsWithoutServing) {
  testing::ScratchDatabase db;  // already migrated: a second run must succeed and apply nothing
  const auto [exit_status, output] =
      run_investtrackd("migrate --db-url '" + db.url() + "' --log-format json");
  EXPECT_EQ(exit_status, 0) << output;
  EXPECT_THAT(output, HasSubstr("0 newly applied"));
  EXPECT_THAT(output, ::testing::Not(HasSubstr("listening")));
}

TEST(ServerStartup, APlaceholderOrShortTokenEndsStartupBeforeTheDatabase) {
  // The shipped Kubernetes secret's example line, applied unedited; the database is not even tried.
  auto [exit_status, output] = run_investtrackd(
      "--db-url 'postgresql://nobody@127.0.0.1:1/none?connect_timeout=2' --listen 127.0.0.1:0",
      "INVESTTRACK_TOKENS='REPLACE_WITH_RANDOM_TOKEN_1 admin ops'");
  EXPECT_EQ(exit_status, 1) << output;
  EXPECT_THAT(output, HasSubstr("access tokens refused"));
  EXPECT_THAT(output, HasSubstr("placeholder"));
  EXPECT_THAT(output, Not(HasSubstr("cannot connect to the database")));
  std::tie(exit_status, output) = run_investtrackd(
      "--db-url 'postgresql://nobody@127.0.0.1:1/none?connect_timeout=2' --listen 127.0.0.1:0",
      "INVESTTRACK_TOKENS='short-token admin ops'");
  EXPECT_EQ(exit_status, 1) << output;
  EXPECT_THAT(output, HasSubstr("at least 16"));
  EXPECT_THAT(output, Not(HasSubstr("short-token")));
}

TEST(ServerStartup, AnUnreachableDatabaseEndsStartupWithAnError) {
  const auto [exit_status, output] = run_investtrackd(
      "--db-url 'postgresql://nobody@127.0.0.1:1/none?connect_timeout=2' --listen 127.0.0.1:0");
  EXPECT_EQ(exit_status, 1) << output;
  EXPECT_THAT(output, HasSubstr("cannot connect to the database"));
}

}  // namespace
}  // namespace investtrack
