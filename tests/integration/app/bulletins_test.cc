// app::Bulletins against a real PostgreSQL, without a server: a bulletin is read, stored and read
// back; a batch gives each bulletin its own outcome; a reparse reads every stored bulletin; a call
// whose time is up or whose caller has gone stops with the matching error kind.
#include <chrono>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "server/app/bulletins.h"
#include "server/app/resources.h"
#include "server/metrics.h"
#include "server/store/connection_pool.h"
#include "server/store/project_store.h"
#include "test_data.h"
#include "test_db.h"

namespace investtrack::server::app {
namespace {

std::string read_sample_bulletin() {
  std::ifstream in(INVESTTRACK_SEED_BULLETIN, std::ios::binary);
  std::ostringstream contents;
  contents << in.rdbuf();
  return std::move(contents).str();
}

v1::IngestBulletinRequest request_for(std::string content, std::string source) {
  v1::IngestBulletinRequest request;
  request.set_content(std::move(content));
  request.set_source(std::move(source));
  return request;
}

class BulletinsTest : public ::testing::Test {
 protected:
  testing::ScratchDatabase db_;
  store::ConnectionPool pool_{store::PoolOptions{db_.url(), 2, std::chrono::milliseconds(5000)}};
  store::ProjectStore store_{pool_};
  HeavyCalls heavy_calls_{HeavyCallLimits{}};
  ProjectCache cache_{1 << 20};
  Metrics metrics_{false};
  Bulletins bulletins_{BulletinLimits{}, heavy_calls_, store_, cache_, metrics_};
  Call call_;
};

TEST_F(BulletinsTest, IngestStoresTheBulletinAndReadsBackWhatItWrote) {
  const v1::IngestBulletinRequest request = request_for(read_sample_bulletin(), "seed.txt");
  const Outcome<v1::IngestBulletinResponse> first = bulletins_.ingest(request, call_);
  ASSERT_TRUE(first.ok()) << first.error().message();
  const std::int64_t id = bulletin_id_from_name(first.value().bulletin().name(), "name");
  EXPECT_EQ(store_.get_bulletin(id, false).source, "seed.txt");
  ASSERT_GT(first.value().created_projects_size(), 0);
  for (const v1::Project& project : first.value().created_projects()) {
    EXPECT_FALSE(project.display_name().empty());
    EXPECT_NO_THROW(project_id_from_name(project.name(), "name"));
  }
  EXPECT_FALSE(first.value().duplicate());

  const Outcome<v1::IngestBulletinResponse> again = bulletins_.ingest(request, call_);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again.value().duplicate());
  EXPECT_EQ(again.value().bulletin().name(), first.value().bulletin().name());
}

TEST_F(BulletinsTest, ABatchGivesEachBulletinItsOwnOutcome) {
  google::protobuf::RepeatedPtrField<v1::IngestBulletinRequest> requests;
  *requests.Add() = request_for("", "empty.txt");
  *requests.Add() = request_for(read_sample_bulletin(), "seed.txt");
  *requests.Add() = request_for(" \n\xE3\x80\x80", "blank.txt");
  Outcome<Bulletins::BatchItems> items = bulletins_.ingest_batch(requests, call_);
  ASSERT_TRUE(items.ok()) << items.error().message();
  ASSERT_EQ(items.value().size(), 3u);
  ASSERT_FALSE(items.value()[0].ok());
  EXPECT_EQ(items.value()[0].error().kind(), ErrorKind::kInvalidArgument);
  EXPECT_EQ(items.value()[0].error().reason(), "EMPTY_CONTENT");
  ASSERT_TRUE(items.value()[1].ok()) << items.value()[1].error().message();
  EXPECT_GT(items.value()[1].value().created_projects_size(), 0);
  ASSERT_FALSE(items.value()[2].ok());
  EXPECT_EQ(items.value()[2].error().reason(), "EMPTY_CONTENT");

  const Outcome<Bulletins::BatchItems> none = bulletins_.ingest_batch({}, call_);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().kind(), ErrorKind::kInvalidArgument);
  EXPECT_EQ(none.error().metadata().at("field"), "requests");
}

TEST_F(BulletinsTest, AReparseReadsEveryStoredBulletinOrTheOnesNamed) {
  const Outcome<v1::IngestBulletinResponse> stored =
      bulletins_.ingest(request_for(read_sample_bulletin(), "seed.txt"), call_);
  ASSERT_TRUE(stored.ok());
  const Outcome<v1::ReparseBulletinsResponse> all = bulletins_.reparse({}, call_);
  ASSERT_TRUE(all.ok()) << all.error().message();
  EXPECT_EQ(all.value().reparsed_count(), 1);
  const std::int64_t id = bulletin_id_from_name(stored.value().bulletin().name(), "name");
  const Outcome<v1::ReparseBulletinsResponse> named = bulletins_.reparse({id}, call_);
  ASSERT_TRUE(named.ok());
  EXPECT_EQ(named.value().reparsed_count(), 1);
}

TEST_F(BulletinsTest, ACallWhoseTimeIsUpOrWhoseCallerHasGoneStops) {
  Call late;
  late.store.deadline = store::CallOptions::Clock::now() - std::chrono::milliseconds(1);
  const Outcome<v1::IngestBulletinResponse> expired =
      bulletins_.ingest(request_for(read_sample_bulletin(), "seed.txt"), late);
  ASSERT_FALSE(expired.ok());
  EXPECT_EQ(expired.error().kind(), ErrorKind::kDeadlineExceeded);
  EXPECT_TRUE(store_.list_bulletins(0, 10).empty());

  Call gone;
  gone.caller_gone = [] { return true; };
  const Outcome<v1::ReparseBulletinsResponse> reparse = bulletins_.reparse({}, gone);
  ASSERT_FALSE(reparse.ok());
  EXPECT_EQ(reparse.error().kind(), ErrorKind::kCancelled);
}

}  // namespace
}  // namespace investtrack::server::app
