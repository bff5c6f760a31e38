// The metrics module on its own: what it exposes, how label values stay bounded, values read at
// scrape time, the address check behind --metrics-listen, and its HTTP endpoint on loopback.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "metrics_scrape.h"
#include "server/config.h"
#include "server/metrics.h"

namespace investtrack::server {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr std::string_view kProjectService = "investtrack.v1.ProjectService";

TEST(Metrics, OffKeepsNothing) {
  Metrics metrics(false);
  EXPECT_FALSE(metrics.enabled());
  metrics.call_started(kProjectService, "GetProject", RpcType::kUnary);
  metrics.call_handled(kProjectService, "GetProject", RpcType::kUnary, "OK",
                       std::chrono::milliseconds(1));
  metrics.bulletin_refused("EMPTY_CONTENT");
  const Metrics::Observation observation =
      metrics.observe(Observed::kWatchStreams, [] { return 1.0; });
  EXPECT_EQ(metrics.text(), "");
  EXPECT_THROW(MetricsEndpoint("127.0.0.1:0", metrics), std::logic_error);
}

TEST(Metrics, CallsAreCountedWithTheGrpcEcosystemNamesAndLabels) {
  Metrics metrics(true);
  for (const char* code : {"OK", "OK", "NOT_FOUND"}) {
    metrics.call_started(kProjectService, "GetProject", RpcType::kUnary);
    metrics.call_handled(kProjectService, "GetProject", RpcType::kUnary, code,
                         std::chrono::microseconds(300));
  }
  metrics.call_started(kProjectService, "WatchProjects", RpcType::kServerStream);
  const std::string text = metrics.text();
  const std::string labels =
      R"(grpc_method="GetProject",grpc_service="investtrack.v1.ProjectService",grpc_type="unary")";
  EXPECT_THAT(text, HasSubstr("grpc_server_started_total{" + labels + "} 3\n"));
  EXPECT_THAT(text, HasSubstr(R"(grpc_server_handled_total{grpc_code="OK",)" + labels + "} 2\n"));
  EXPECT_THAT(text,
              HasSubstr(R"(grpc_server_handled_total{grpc_code="NOT_FOUND",)" + labels + "} 1\n"));
  EXPECT_THAT(text, HasSubstr("grpc_server_handling_seconds_count{" + labels + "} 3\n"));
  // 300 µs falls in the first bucket, half a millisecond.
  EXPECT_THAT(text,
              HasSubstr("grpc_server_handling_seconds_bucket{" + labels + R"(,le="0.0005"} 3)"));
  EXPECT_THAT(text, HasSubstr(R"(grpc_server_started_total{grpc_method="WatchProjects",)"
                              R"(grpc_service="investtrack.v1.ProjectService",)"
                              R"(grpc_type="server_stream"} 1)"));
  // A stream still open is started, not handled.
  EXPECT_THAT(
      text,
      Not(HasSubstr(R"(grpc_server_handled_total{grpc_code="OK",grpc_method="WatchProjects")")));
}

TEST(Metrics, IngestOutcomesAreCounted) {
  Metrics metrics(true);
  metrics.bulletin_ingested();
  metrics.bulletin_duplicate();
  metrics.bulletin_refused("EMPTY_CONTENT");
  metrics.projects_created(3);
  metrics.projects_updated(2);
  metrics.review_items_opened(1);
  metrics.parse_warning("BASE_DATE_INFERRED");
  metrics.parse_warning("BASE_DATE_INFERRED");
  const std::string text = metrics.text();
  EXPECT_THAT(text, HasSubstr("investtrack_bulletins_ingested_total 1\n"));
  EXPECT_THAT(text, HasSubstr("investtrack_bulletins_duplicate_total 1\n"));
  EXPECT_THAT(text, HasSubstr(R"(investtrack_bulletins_refused_total{reason="EMPTY_CONTENT"} 1)"));
  EXPECT_THAT(text, HasSubstr("investtrack_projects_created_total 3\n"));
  EXPECT_THAT(text, HasSubstr("investtrack_projects_updated_total 2\n"));
  EXPECT_THAT(text, HasSubstr("investtrack_review_items_opened_total 1\n"));
  EXPECT_THAT(text, HasSubstr(R"(investtrack_parse_warnings_total{code="BASE_DATE_INFERRED"} 2)"));
}

TEST(Metrics, LabelValuesFromDataStayBounded) {
  Metrics metrics(true);
  metrics.parse_warning("a warning in prose\nwith a line break");
  metrics.parse_warning(std::string(65, 'A'));
  metrics.bulletin_refused("");
  const std::string text = metrics.text();
  EXPECT_THAT(text, HasSubstr(R"(investtrack_parse_warnings_total{code="OTHER"} 2)"));
  EXPECT_THAT(text, HasSubstr(R"(investtrack_bulletins_refused_total{reason="OTHER"} 1)"));
  EXPECT_THAT(text, Not(HasSubstr("prose")));
}

TEST(Metrics, ObservedValuesAreReadAtEachScrapeWhileRegistered) {
  Metrics metrics(true);
  double streams = 2;
  std::optional<Metrics::Observation> first =
      metrics.observe(Observed::kWatchStreams, [&streams] { return streams; });
  const Metrics::Observation second = metrics.observe(Observed::kWatchStreams, [] { return 1.0; });
  const Metrics::Observation hits =
      metrics.observe(Observed::kProjectCacheHits, [] { return 7.0; });
  EXPECT_THAT(metrics.text(), HasSubstr("investtrack_watch_streams 3\n"));
  streams = 5;
  EXPECT_THAT(metrics.text(), HasSubstr("investtrack_watch_streams 6\n"));
  // Counters read from elsewhere are typed as counters.
  EXPECT_THAT(metrics.text(), HasSubstr("# TYPE investtrack_project_cache_hits_total counter\n"
                                        "investtrack_project_cache_hits_total 7\n"));
  first.reset();
  EXPECT_THAT(metrics.text(), HasSubstr("investtrack_watch_streams 1\n"));
  // Nothing registered for a value: not exposed at all (rather than a made-up zero).
  EXPECT_THAT(metrics.text(), Not(HasSubstr("investtrack_db_pool_waiting")));
}

TEST(Metrics, AddressesAreIpv4HostAndPort) {
  for (const char* good : {"0.0.0.0:9464", "127.0.0.1:0", "10.1.2.3:65535"}) {
    EXPECT_EQ(metrics_address_problem(good), "") << good;
  }
  for (const char* bad : {"9464", "localhost:9464", "[::]:9464", "127.0.0.1:", "127.0.0.1:65536",
                          "127.0.0.1:94x", ":9464", "127.0.0.1:9464s"}) {
    EXPECT_NE(metrics_address_problem(bad), "") << bad;
  }
  EXPECT_THAT(metrics_address_problem("[::]:9464"), HasSubstr("not an IPv4 address"));
}

TEST(Metrics, TheFlagIsCheckedWhenParsedAndOffByDefault) {
  std::vector<const char*> args{"investtrackd", "--db-url", "x"};
  const ParsedCommandLine off = parse_command_line(static_cast<int>(args.size()), args.data());
  ASSERT_TRUE(std::holds_alternative<Config>(off));
  EXPECT_EQ(std::get<Config>(off).metrics_listen, "");

  args.insert(args.end(), {"--metrics-listen", "0.0.0.0:9464"});
  const ParsedCommandLine on = parse_command_line(static_cast<int>(args.size()), args.data());
  ASSERT_TRUE(std::holds_alternative<Config>(on));
  EXPECT_EQ(std::get<Config>(on).metrics_listen, "0.0.0.0:9464");

  args.back() = "localhost:9464";
  ::testing::internal::CaptureStderr();
  ::testing::internal::CaptureStdout();
  const ParsedCommandLine bad = parse_command_line(static_cast<int>(args.size()), args.data());
  const std::string errors =
      ::testing::internal::GetCapturedStderr() + ::testing::internal::GetCapturedStdout();
  ASSERT_TRUE(std::holds_alternative<int>(bad));
  EXPECT_EQ(std::get<int>(bad), 2);
  EXPECT_THAT(errors, HasSubstr("--metrics-listen"));
  EXPECT_THAT(errors, HasSubstr("not an IPv4 address"));
}

TEST(MetricsEndpoint, ServesTheTextOverHttpAndSaysWhyItCannotListen) {
  Metrics metrics(true);
  metrics.bulletin_ingested();
  const MetricsEndpoint endpoint("127.0.0.1:0", metrics);
  ASSERT_GT(endpoint.port(), 0);
  const testing::HttpReply reply = testing::http_get(endpoint.port(), "/metrics");
  EXPECT_EQ(reply.status, 200);
  EXPECT_THAT(reply.body, HasSubstr("investtrack_bulletins_ingested_total 1\n"));
  EXPECT_EQ(testing::promtool_check_metrics(reply.body), "");
  // The check is not vacuous: a counter without _total fails it.
  EXPECT_THAT(testing::promtool_check_metrics("# HELP requests Requests.\n# TYPE requests counter\n"
                                              "requests 1\n"),
              HasSubstr("_total"));

  const std::string taken = "127.0.0.1:" + std::to_string(endpoint.port());
  try {
    const MetricsEndpoint second(taken, metrics);
    ADD_FAILURE() << "a second endpoint listened on " << taken;
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()),
              "cannot serve metrics on " + taken + ": the port is already in use");
  }
  // TEST-NET-1 (RFC 5737) is no address of this host.
  EXPECT_THROW(MetricsEndpoint("192.0.2.1:0", metrics), std::runtime_error);
}

}  // namespace
}  // namespace investtrack::server
