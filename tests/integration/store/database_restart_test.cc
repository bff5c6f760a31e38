// PostgreSQL going away under a running store: every call fails promptly with kUnavailable (no
// crash, no hang), and the same pool and store work again once the server is back. Uses a
// cluster of its own (ThrowawayCluster), since stopping the shared one would break other tests.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <memory>
#include <mutex>
#include <thread>
#include <variant>
#include <vector>

#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include "integration/civil_date.h"
#include "server/apply_migrations.h"
#include "server/store/connection_pool.h"
#include "server/store/project_store.h"
#include "throwaway_cluster.h"

namespace investtrack::store {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using Clock = std::chrono::steady_clock;

// A call against a stopped server must end well within this (connection refused is immediate;
// the pool's acquire timeout and libpq's connect_timeout are far shorter).
constexpr seconds kCallLimit{15};

// Runs `call` with a hard time limit. A call that hangs cannot be abandoned safely (it uses the
// store on the stack), so a hang ends the whole test binary as a failure instead of blocking ctest.
template <typename Call>
auto within_limit(const char* what, Call&& call) {
  auto future = std::async(std::launch::async, std::forward<Call>(call));
  if (future.wait_for(kCallLimit) == std::future_status::timeout) {
    std::fprintf(stderr, "FAILED: %s did not return within %lld s: the store hangs\n", what,
                 static_cast<long long>(kCallLimit.count()));
    std::fflush(stderr);
    std::_Exit(EXIT_FAILURE);
  }
  return future.get();
}

// kUnavailable from `call`, within the limit; the message says what else happened.
template <typename Call>
void expect_unavailable(const char* what, Call&& call) {
  const auto started = Clock::now();
  const std::string outcome = within_limit(what, [&]() -> std::string {
    try {
      call();
      return "succeeded";
    } catch (const StoreError& e) {
      if (e.code() == StoreErrorCode::kUnavailable) return "";
      return "StoreError " + std::string(to_string(e.code())) + ": " + e.message() + " / " +
             e.detail();
    } catch (const std::exception& e) {
      return std::string("an exception that is not a StoreError: ") + e.what();
    }
  });
  EXPECT_EQ(outcome, "") << what << " while the database is down";
  EXPECT_LT(Clock::now() - started, seconds(10)) << what << " took too long to fail";
}

using investtrack::testing::civil;

// A one-article bulletin naming one project, built by hand: this test is about the connection,
// not the parser.
std::pair<BulletinInput, v1::ParseResult> bulletin(const std::string& text,
                                                   const std::string& project_name) {
  BulletinInput input;
  input.source = "晋中日报";
  input.publication_date = civil(2024, 3, 12);
  input.raw_text = text;
  v1::ParseResult parsed;
  parsed.set_source(input.source);
  *parsed.mutable_base_date() = input.publication_date;
  v1::Article* article = parsed.add_articles();
  article->set_title("重点项目动态");
  *article->mutable_date() = input.publication_date;
  article->add_paragraphs(text);
  v1::Project* project = parsed.add_projects();
  project->set_display_name(project_name);
  project->set_article_index(0);
  project->mutable_location()->set_province("山西省");
  project->mutable_location()->set_city("晋中市");
  project->set_status(v1::PROJECT_STATUS_UNDER_CONSTRUCTION);
  project->set_status_phrase("开工建设");
  return {input, parsed};
}

class DatabaseRestartTest : public ::testing::Test {
 protected:
  void SetUp() override {
    try {
      cluster_ = std::make_unique<testing::ThrowawayCluster>();
      pqxx::connection connection(cluster_->url());
      server::apply_migrations(connection, server::load_migrations(INVESTTRACK_MIGRATIONS_DIR));
    } catch (const std::exception& e) {
      // A machine that cannot run this test must show red, not a skipped (= passed) test.
      FAIL() << "cannot set up a PostgreSQL cluster of the test's own: " << e.what();
    }
    pool_ = std::make_unique<ConnectionPool>(
        PoolOptions{cluster_->url(), kPoolSize, milliseconds(2000)});
    store_ = std::make_unique<ProjectStore>(*pool_);
  }

  void TearDown() override {
    store_.reset();
    pool_.reset();
    cluster_.reset();
  }

  static constexpr std::size_t kPoolSize = 3;
  std::unique_ptr<testing::ThrowawayCluster> cluster_;
  std::unique_ptr<ConnectionPool> pool_;
  std::unique_ptr<ProjectStore> store_;
};

TEST_F(DatabaseRestartTest, CallsFailUnavailableWhileStoppedAndResumeWithTheSamePool) {
  const auto first_bulletin =
      bulletin("榆次区智能制造产业园项目开工建设。", "榆次区智能制造产业园项目");
  const IngestResult first = store_->ingest(first_bulletin.first, first_bulletin.second);
  ASSERT_EQ(first.created_project_ids.size(), 1u);
  const std::string id = first.created_project_ids[0];
  ASSERT_EQ(store_->get_project(id).display_name(), "榆次区智能制造产业园项目");
  ASSERT_GE(pool_->idle_connections(), 1u) << "the test needs a pooled connection to go stale";

  cluster_->stop();

  const auto second_bulletin =
      bulletin("太谷区农产品冷链物流中心项目开工建设。", "太谷区农产品冷链物流中心项目");
  const BulletinInput& second_input = second_bulletin.first;
  const v1::ParseResult& second_parsed = second_bulletin.second;
  // Each call several times: the first meets the stale pooled connection, later ones a refused
  // connect, and neither may wedge the pool.
  for (int attempt = 0; attempt < 3; ++attempt) {
    expect_unavailable("get_project", [&] { store_->get_project(id); });
    expect_unavailable("list_projects", [&] { store_->list_projects(ListProjectsQuery{}); });
    expect_unavailable("ingest", [&] { store_->ingest(second_input, second_parsed); });
  }
  // A batch: every bulletin's outcome says the database is unreachable, and the call does not
  // try them one by one (that would take a pool timeout each).
  const auto third_bulletin =
      bulletin("寿阳县氢能装备生产线项目开工建设。", "寿阳县氢能装备生产线项目");
  const auto fourth_bulletin =
      bulletin("平遥县文旅康养小镇项目开工建设。", "平遥县文旅康养小镇项目");
  const std::vector<BulletinToIngest> batch = {{second_input, &second_parsed},
                                               {third_bulletin.first, &third_bulletin.second},
                                               {fourth_bulletin.first, &fourth_bulletin.second}};
  const auto batch_started = Clock::now();
  const std::vector<IngestOutcome> outcomes =
      within_limit("ingest_batch", [&] { return store_->ingest_batch(batch); });
  EXPECT_LT(Clock::now() - batch_started, seconds(10));
  ASSERT_EQ(outcomes.size(), batch.size());
  for (const IngestOutcome& outcome : outcomes) {
    ASSERT_TRUE(std::holds_alternative<StoreError>(outcome));
    EXPECT_EQ(std::get<StoreError>(outcome).code(), StoreErrorCode::kUnavailable);
  }
  EXPECT_LE(pool_->open_connections(), kPoolSize);
  EXPECT_EQ(pool_->idle_connections(), 0u) << "dead connections must not be kept";

  cluster_->start();

  const v1::Project again =
      within_limit("get_project after restart", [&] { return store_->get_project(id); });
  EXPECT_EQ(again.display_name(), "榆次区智能制造产业园项目");
  // The ingest that failed while the server was down left nothing behind: it is new, not a
  // duplicate, and it works now.
  const IngestResult second = within_limit(
      "ingest after restart", [&] { return store_->ingest(second_input, second_parsed); });
  EXPECT_FALSE(second.duplicate);
  EXPECT_EQ(second.created_project_ids.size(), 1u);
  // The batch that failed left nothing either: its other two bulletins are new now.
  const std::vector<IngestOutcome> retried =
      within_limit("ingest_batch after restart", [&] { return store_->ingest_batch(batch); });
  ASSERT_EQ(retried.size(), batch.size());
  EXPECT_TRUE(std::get<IngestResult>(retried[0]).duplicate);
  EXPECT_FALSE(std::get<IngestResult>(retried[1]).duplicate);
  EXPECT_FALSE(std::get<IngestResult>(retried[2]).duplicate);
  ListProjectsQuery all;
  all.page_size = 10;
  EXPECT_EQ(store_->list_projects(all).projects.size(), 4u);
}

// Callers keep working through a stop and a start: every failure is kUnavailable, and each caller
// gets through again after the restart without anyone touching the pool.
TEST_F(DatabaseRestartTest, ConcurrentCallersSeeOnlyUnavailableAcrossARestart) {
  const auto seeded = bulletin("寿阳县抽水蓄能电站项目开工建设。", "寿阳县抽水蓄能电站项目");
  const std::string id = store_->ingest(seeded.first, seeded.second).created_project_ids.at(0);

  constexpr int kCallers = 3;
  std::atomic<bool> stopping{false};
  std::atomic<bool> restarted{false};
  std::atomic<int> unavailable{0};
  std::atomic<int> succeeded_after_restart[kCallers] = {};
  std::mutex other_errors_mutex;
  std::vector<std::string> other_errors;
  std::vector<std::thread> callers;
  for (int caller = 0; caller < kCallers; ++caller) {
    callers.emplace_back([&, caller] {
      CallOptions options;
      options.statement_timeout = milliseconds(5000);
      while (!stopping.load()) {
        const bool after_restart = restarted.load();
        try {
          if (caller % 2 == 0) {
            store_->get_project(id, false, options);
          } else {
            ListProjectsQuery query;
            query.page_size = 5;
            store_->list_projects(query, options);
          }
          if (after_restart) succeeded_after_restart[caller].fetch_add(1);
        } catch (const StoreError& e) {
          if (e.code() == StoreErrorCode::kUnavailable) {
            unavailable.fetch_add(1);
            // A caller that is told to retry waits a little first, as a real client would.
            std::this_thread::sleep_for(milliseconds(20));
          } else {
            std::lock_guard lock(other_errors_mutex);
            other_errors.push_back(std::string(to_string(e.code())) + ": " + e.message() + " / " +
                                   e.detail());
          }
        } catch (const std::exception& e) {
          std::lock_guard lock(other_errors_mutex);
          other_errors.push_back(std::string("not a StoreError: ") + e.what());
        }
      }
    });
  }
  // Let the callers run, then pull the server from under them mid-run.
  std::this_thread::sleep_for(milliseconds(300));
  cluster_->stop();
  std::this_thread::sleep_for(milliseconds(500));
  cluster_->start();
  restarted.store(true);
  const auto deadline = Clock::now() + seconds(20);
  const auto all_through = [&] {
    for (const auto& count : succeeded_after_restart) {
      if (count.load() == 0) return false;
    }
    return true;
  };
  while (!all_through() && Clock::now() < deadline) std::this_thread::sleep_for(milliseconds(20));
  stopping.store(true);
  for (std::thread& caller : callers) caller.join();

  EXPECT_TRUE(all_through()) << "some caller never got through after the restart";
  EXPECT_GT(unavailable.load(), 0) << "no call noticed the server was down";
  EXPECT_TRUE(other_errors.empty())
      << other_errors.size()
      << " unexpected errors, first: " << (other_errors.empty() ? "" : other_errors.front());
  EXPECT_LE(pool_->open_connections(), kPoolSize);
}

}  // namespace
}  // namespace investtrack::store
