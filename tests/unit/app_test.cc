// The application layer on its own, with no gRPC linked (app_unit_tests links investtrack_app
// alone): ParseBulletin's work and its refusals, resource names, outcomes and the store's errors
// as the layer's own, the call's stop test.
#include <chrono>
#include <fstream>
#include <sstream>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "server/app/bulletins.h"
#include "server/app/call.h"
#include "server/app/outcome.h"
#include "server/app/resources.h"
#include "test_data.h"

namespace investtrack::server::app {
namespace {

using ::testing::HasSubstr;

std::string read_sample_bulletin() {
  std::ifstream in(INVESTTRACK_SEED_BULLETIN, std::ios::binary);
  std::ostringstream contents;
  contents << in.rdbuf();
  return std::move(contents).str();
}

// The Error a callable throws; fails the test when it throws nothing.
template <typename F>
Error error_of(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << "expected an app::Error";
  return {ErrorKind::kInternal, "", ""};
}

TEST(ParseBulletin, RefusesEmptyContent) {
  v1::ParseBulletinRequest request;
  request.set_source("empty.txt");
  const Outcome<v1::ParseBulletinResponse> outcome = parse_bulletin(request, BulletinLimits{});
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.error().kind(), ErrorKind::kInvalidArgument);
  EXPECT_EQ(outcome.error().reason(), "EMPTY_CONTENT");
  EXPECT_THAT(outcome.error().message(), HasSubstr("content is empty"));
}

TEST(ParseBulletin, RefusesBlankContentLikeEmpty) {
  v1::ParseBulletinRequest request;
  request.set_content(" \t\r\n\xC2\xA0\xE3\x80\x80\xEF\xBB\xBF");
  const Outcome<v1::ParseBulletinResponse> outcome = parse_bulletin(request, BulletinLimits{});
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.error().reason(), "EMPTY_CONTENT");
  EXPECT_THAT(outcome.error().message(), HasSubstr("only whitespace"));
}

TEST(ParseBulletin, RefusesContentOverTheLimitBeforeParsing) {
  v1::ParseBulletinRequest request;
  request.set_content(std::string(101, 'x'));
  const Outcome<v1::ParseBulletinResponse> outcome = parse_bulletin(request, BulletinLimits{100});
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.error().kind(), ErrorKind::kResourceExhausted);
  EXPECT_THAT(outcome.error().message(), HasSubstr("at most 100 bytes"));
}

TEST(ParseBulletin, ParsesTheSampleBulletin) {
  v1::ParseBulletinRequest request;
  request.set_content(read_sample_bulletin());
  request.set_source("000_591e0df0c0e1022c.txt");
  ASSERT_FALSE(request.content().empty());
  const Outcome<v1::ParseBulletinResponse> outcome = parse_bulletin(request, BulletinLimits{});
  ASSERT_TRUE(outcome.ok()) << outcome.error().message();
  EXPECT_GE(outcome.value().result().articles_size(), 1);
  EXPECT_EQ(outcome.value().result().source(), "000_591e0df0c0e1022c.txt");
}

TEST(ParseBulletin, RefusesABulletinOfMoreProjectsThanTheCap) {
  v1::ParseBulletinRequest request;
  request.set_content(read_sample_bulletin());
  BulletinLimits limits;
  limits.max_projects = 2;
  const Outcome<v1::ParseBulletinResponse> outcome = parse_bulletin(request, limits);
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.error().kind(), ErrorKind::kResourceExhausted);
  EXPECT_THAT(outcome.error().message(), HasSubstr("at most 2 per bulletin"));
  EXPECT_EQ(outcome.error().reason(), "TOO_MANY_PROJECTS");
}

TEST(ParseBulletin, RefusesAReplyOverTheLimit) {
  v1::ParseBulletinRequest request;
  request.set_content(read_sample_bulletin());
  BulletinLimits limits;
  limits.max_reply_bytes = 1000;
  const Outcome<v1::ParseBulletinResponse> outcome = parse_bulletin(request, limits);
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.error().kind(), ErrorKind::kResourceExhausted);
  EXPECT_EQ(outcome.error().reason(), "REPLY_TOO_LARGE");
}

TEST(ParseBulletin, AStoppedParseIsDeadlineExceeded) {
  v1::ParseBulletinRequest request;
  request.set_content(read_sample_bulletin());
  const Outcome<v1::ParseBulletinResponse> outcome =
      parse_bulletin(request, BulletinLimits{}, [] { return true; });
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.error().kind(), ErrorKind::kDeadlineExceeded);
}

TEST(ResourceNames, ValidatedWithTheFieldNamed) {
  EXPECT_EQ(project_id_from_name("projects/0b2f-aa_1", "name"), "0b2f-aa_1");
  EXPECT_EQ(bulletin_id_from_name("bulletins/42", "name"), 42);
  EXPECT_EQ(merge_id_from_name("merges/7", "merge"), 7);
  for (const char* bad :
       {"", "projects/", "project/x", "projects/A", "projects/a b", "projects/../x"}) {
    const Error error = error_of([&] { project_id_from_name(bad, "name"); });
    EXPECT_EQ(error.kind(), ErrorKind::kInvalidArgument) << bad;
    EXPECT_EQ(error.metadata().at("field"), "name") << bad;
  }
  for (const char* bad :
       {"bulletins/0", "bulletins/-3", "bulletins/1x", "bulletins/9999999999999999999"}) {
    EXPECT_EQ(error_of([&] { bulletin_id_from_name(bad, "name"); }).kind(),
              ErrorKind::kInvalidArgument)
        << bad;
  }
}

TEST(ResourceNames, WhatIsBuiltParsesBack) {
  EXPECT_EQ(project_id_from_name(project_name("ab-1"), "name"), "ab-1");
  EXPECT_EQ(bulletin_id_from_name(bulletin_name(42), "name"), 42);
  EXPECT_EQ(merge_id_from_name(merge_name(9), "merge"), 9);
  EXPECT_EQ(review_item_name(5), "reviewItems/5");
  store::ReviewItem item;
  item.id = 3;
  item.project_id = "a";
  item.candidate_project_id = "b";
  const v1::ReviewItem message = to_review_item(item);
  EXPECT_EQ(message.name(), "reviewItems/3");
  EXPECT_EQ(message.project(), "projects/a");
  EXPECT_EQ(message.candidate_project(), "projects/b");
}

TEST(Outcome, HoldsAValueOrTheErrorInItsPlace) {
  Outcome<std::string> value = std::string("x");
  ASSERT_TRUE(value.ok());
  EXPECT_EQ(std::move(value).value(), "x");
  const Outcome<std::string> refused =
      Error(ErrorKind::kNotFound, "RESOURCE_NOT_FOUND", "no such bulletin");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().reason(), "RESOURCE_NOT_FOUND");
}

TEST(StoreFailure, KeepsTheKindAndNeverTheDetail) {
  const Error internal =
      store_failure(store::StoreError(store::StoreErrorCode::kInternal, "internal database error",
                                      "SQLSTATE 42P01: relation \"projects\" does not exist"),
                    "Test");
  EXPECT_EQ(internal.kind(), ErrorKind::kInternal);
  EXPECT_THAT(internal.message(), ::testing::Not(HasSubstr("SQLSTATE")));
  const Error stale =
      store_failure(store::StoreError(store::StoreErrorCode::kAborted, "etag mismatch"), "Test");
  EXPECT_EQ(stale.kind(), ErrorKind::kAborted);
  EXPECT_EQ(stale.reason(), "CONCURRENT_MODIFICATION");
  EXPECT_EQ(stale.message(), "etag mismatch");
}

TEST(Call, StopsAtTheDeadlineOrWhenTheCallerHasGone) {
  Call call;
  EXPECT_FALSE(call.stop_test()());
  EXPECT_FALSE(call.cancellable().cancelled);
  bool gone = false;
  call.caller_gone = [&gone] { return gone; };
  EXPECT_FALSE(call.stop_test()());
  gone = true;
  EXPECT_TRUE(call.stop_test()());
  EXPECT_TRUE(call.cancellable().cancelled());
  EXPECT_FALSE(call.store.cancelled);
  Call late;
  late.store.deadline = store::CallOptions::Clock::now() - std::chrono::milliseconds(1);
  EXPECT_TRUE(late.stop_test()());
}

}  // namespace
}  // namespace investtrack::server::app
