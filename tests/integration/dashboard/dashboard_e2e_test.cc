// Runs the dashboard's end-to-end checks (dashboard/e2e/dashboard.e2e.ts, compiled by the
// dashboard's build) against a real investtrackd on a scratch database. The server gets one
// token per role, so the checks can show what a reader may not see and make an edit "from
// elsewhere" with the editor's; the script starts the dashboard server itself and drives Chromium.
// The register gets the sample bulletin and one doubtful match in the review queue, inserted the
// way ingest keeps one (as the API tests do: no bulletin of the test data makes one reliably).
#include <chrono>
#include <csignal>
#include <filesystem>
#include <iostream>
#include <optional>
#include <regex>
#include <string>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include "child_process.h"
#include "test_data.h"
#include "test_db.h"
#include "test_server.h"

namespace investtrack::testing {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kReaderToken = "e2e-reader-token-3f9a1c";
constexpr const char* kEditorToken = "e2e-editor-token-8b2d4e";
constexpr const char* kAdminToken = "e2e-admin-token-c71f05";

TEST(Dashboard, EndToEndInChromium) {
  ScratchDatabase db;
  ServerOptions options;
  options.extra_env["INVESTTRACK_TOKENS"] = std::string(kReaderToken) + " reader e2e reader;" +
                                            kEditorToken + " editor e2e editor;" + kAdminToken +
                                            " admin e2e admin";
  ServerProcess server(db.url(), options);

  ChildProcess ingest({"/usr/bin/env", std::string("INVESTTRACK_TOKEN=") + kAdminToken,
                       INVESTTRACK_CLI_PATH, "--server", server.address(), "ingest",
                       INVESTTRACK_SEED_BULLETIN});
  ASSERT_EQ(ingest.wait(60s), std::optional<int>(0)) << ingest.err();
  {
    pqxx::connection conn(db.url());
    pqxx::work work(conn);
    const pqxx::result inserted = work.exec(
        "INSERT INTO review_items (project_id, candidate_project_id, rule, score, reason) "
        "SELECT a.id, b.id, 'name_containment', 0.5, 'similar names' FROM projects a, projects b "
        "WHERE a.display_name = '半导体产业园' AND b.display_name = '华远国际陆港跨境电商产业园'");
    ASSERT_EQ(inserted.affected_rows(), 1U) << "the sample bulletin no longer names both projects";
    work.commit();
  }

  ChildProcess e2e({"/usr/bin/env", "INVESTTRACK_E2E_SERVER=" + server.address(),
                    std::string("INVESTTRACK_E2E_READER_TOKEN=") + kReaderToken,
                    std::string("INVESTTRACK_E2E_EDITOR_TOKEN=") + kEditorToken,
                    std::string("INVESTTRACK_E2E_ADMIN_TOKEN=") + kAdminToken,
                    "INVESTTRACK_E2E_CLI=" INVESTTRACK_CLI_PATH,
                    "INVESTTRACK_E2E_BULLETIN=" INVESTTRACK_SEED_BULLETIN,
                    "INVESTTRACK_E2E_LIVE_BULLETIN=" INVESTTRACK_TEST_DATA
                    "/eval/101_jincheng_kaigong.txt",
                    "INVESTTRACK_E2E_CHROMIUM=" INVESTTRACK_CHROMIUM,
                    "INVESTTRACK_E2E_SCREENSHOTS=" INVESTTRACK_DASHBOARD_SCREENSHOTS,
                    INVESTTRACK_NODE, INVESTTRACK_DASHBOARD_E2E});
  const std::optional<int> status = e2e.wait(150s);
  if (!status.has_value()) e2e.signal(SIGKILL);
  ASSERT_TRUE(status.has_value()) << "the dashboard checks did not finish within 150 s:\n"
                                  << e2e.out() << e2e.err();
  EXPECT_EQ(*status, 0) << e2e.out() << "\n" << e2e.err() << "\nserver log:\n" << server.log();
  EXPECT_THAT(e2e.out(), HasSubstr("all dashboard checks passed"));
  EXPECT_THAT(e2e.out(), Not(HasSubstr("not ok")));
  // Every page asked who its caller is instead of trying calls its role might not allow: the
  // reader's page made no refused call, and nobody sent the empty UpdateProject or MergeProjects
  // the page once probed roles with.
  const std::string log = server.log();
  EXPECT_THAT(log, HasSubstr("method=GetCaller code=OK"));
  EXPECT_THAT(log, HasSubstr("caller=e2e reader"));
  EXPECT_THAT(log, Not(HasSubstr("code=PERMISSION_DENIED")));
  EXPECT_THAT(log, Not(HasSubstr("method=UpdateProject code=INVALID_ARGUMENT")));
  EXPECT_THAT(log, Not(HasSubstr("method=MergeProjects code=INVALID_ARGUMENT")));
  // The report a reader of the ctest log sees: one line per check with its duration.
  std::cout << e2e.out();
}

// The dashboard's server alone, in the background, on a free port.
class DashboardServer {
 public:
  explicit DashboardServer(const std::vector<std::string>& env)
      : process_([&] {
          std::vector<std::string> args{"/usr/bin/env", "INVESTTRACK_DASHBOARD_LISTEN=127.0.0.1:0"};
          args.insert(args.end(), env.begin(), env.end());
          args.push_back(INVESTTRACK_NODE);
          args.push_back(INVESTTRACK_DASHBOARD_SERVER);
          return args;
        }()) {}
  ChildProcess& process() { return process_; }

  // The URL it prints once listening; empty when it exited or said nothing within 20 s.
  std::string url() {
    const std::regex listening("listening on (http://[^ ]+)");
    for (int i = 0; i < 200 && process_.running(); ++i) {
      std::smatch m;
      const std::string out = process_.out();
      if (std::regex_search(out, m, listening)) return m[1];
      std::this_thread::sleep_for(100ms);
    }
    return {};
  }

 private:
  ChildProcess process_;
};

// POSTs {} to a Connect unary method of the dashboard; returns "HTTP-code body".
std::string post_connect(const std::string& url, const std::string& method) {
  ChildProcess curl({"/usr/bin/curl", "-s", "-X", "POST", "-H", "content-type: application/json",
                     "-d", "{}", "-w", " %{http_code}", url + "/" + method});
  if (curl.wait(30s) != std::optional<int>(0)) return "curl failed: " + curl.err();
  return curl.out();
}

// INVESTTRACK_TLS_CA and INVESTTRACK_TLS_SERVER_NAME reach a TLS investtrackd; a CA that did not
// issue the server's certificate gives UNAVAILABLE through the dashboard, as the other clients do.
TEST(Dashboard, ForwardsToATlsServer) {
  ScratchDatabase db;
  const TestCertificates certificates;
  ASSERT_TRUE(certificates.made()) << certificates.error();
  const std::filesystem::path& certs = certificates.dir();
  ServerOptions options;
  options.extra_args = certificates.server_args();
  ServerProcess server(db.url(), options);
  const std::string list = "investtrack.v1.ProjectService/ListProjects";

  DashboardServer trusted({"INVESTTRACK_SERVER=" + server.address(),
                           "INVESTTRACK_TLS_CA=" + (certs / "ca.pem").string(),
                           "INVESTTRACK_TLS_SERVER_NAME=localhost"});
  const std::string trusted_url = trusted.url();
  ASSERT_FALSE(trusted_url.empty()) << trusted.process().out() << trusted.process().err();
  EXPECT_EQ(post_connect(trusted_url, list), "{} 200");

  DashboardServer untrusted({"INVESTTRACK_SERVER=" + server.address(),
                             "INVESTTRACK_TLS_CA=" + (certs / "other-ca.pem").string(),
                             "INVESTTRACK_TLS_SERVER_NAME=localhost"});
  const std::string untrusted_url = untrusted.url();
  ASSERT_FALSE(untrusted_url.empty()) << untrusted.process().out() << untrusted.process().err();
  EXPECT_THAT(
      post_connect(untrusted_url, list),
      HasSubstr(
          "\"code\":\"unavailable\",\"message\":\"cannot verify investtrackd's TLS certificate"));

  // A CA file that holds no certificate ends start-up, naming the file, before anything listens.
  DashboardServer broken({"INVESTTRACK_SERVER=" + server.address(),
                          "INVESTTRACK_TLS_CA=" + (certs / "not-pem.txt").string()});
  EXPECT_EQ(broken.process().wait(20s), std::optional<int>(2));
  EXPECT_THAT(broken.process().err(), HasSubstr("not-pem.txt holds no PEM certificate"));
}

// Every open page holds a watch stream; SIGTERM (Ctrl-C of scripts/dashboard.sh) must not wait
// for them to end.
TEST(Dashboard, StopsOnSigtermWithAWatchOpen) {
  ScratchDatabase db;
  ServerProcess server(db.url());
  DashboardServer dashboard({"INVESTTRACK_SERVER=" + server.address()});
  const std::string url = dashboard.url();
  ASSERT_FALSE(url.empty()) << dashboard.process().out() << dashboard.process().err();
  // A Connect server-streaming call: one enveloped message (flags 0, length 2, "{}").
  ChildProcess watch({"/bin/bash", "-c",
                      "printf '\\x00\\x00\\x00\\x00\\x02{}' | /usr/bin/curl -s -N -X POST "
                      "-H 'content-type: application/connect+json' --data-binary @- " +
                          url + "/investtrack.v1.ProjectService/WatchProjects"});
  std::this_thread::sleep_for(1500ms);
  ASSERT_TRUE(watch.running()) << "the watch ended by itself: " << watch.out() << watch.err();
  dashboard.process().signal(SIGTERM);
  EXPECT_EQ(dashboard.process().wait(10s), std::optional<int>(0));
  EXPECT_TRUE(watch.wait(10s).has_value()) << "the watch stayed open after the dashboard stopped";
}

}  // namespace
}  // namespace investtrack::testing
