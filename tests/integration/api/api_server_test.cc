// Every RPC of the four services against the real investtrackd and a real PostgreSQL, over
// loopback, the way a client would call them.
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <future>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include <gmock/gmock.h>
#include <grpcpp/generic/generic_stub.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "integration/civil_date.h"
#include "investtrack/v1/bulletin_service.grpc.pb.h"
#include "investtrack/v1/caller_service.grpc.pb.h"
#include "investtrack/v1/project_service.grpc.pb.h"
#include "investtrack/v1/report_service.grpc.pb.h"
#include "server/api/page_token.h"
#include "test_db.h"
#include "test_server.h"

namespace investtrack {
namespace {

using namespace std::chrono_literals;
using testing::client_context;
using testing::error_info;
using ::testing::HasSubstr;

const std::string kSeedPath = std::string(INVESTTRACK_TEST_DATA) + "/000_591e0df0c0e1022c.txt";
const std::string kGoldPath =
    std::string(INVESTTRACK_TEST_DATA) + "/000_591e0df0c0e1022c.gold.json";

// A short bulletin with one new project per entry of `companies`, each distinctly named.
std::string bulletin_about(const std::vector<std::string>& companies, const std::string& product) {
  std::string text = "山西经济信息\n2023年第12期\n\n";
  for (const std::string& company : companies) {
    text += "本刊讯 11月5日，晋中市榆次区的" + company + "年产10万吨" + product +
            "项目正式开工建设，项目总投资15亿元。\n\n";
  }
  return text;
}

v1::UpdateProjectRequest level_update(const std::string& name, const std::string& level) {
  v1::UpdateProjectRequest request;
  request.mutable_project()->set_name(name);
  request.mutable_project()->set_level(level);
  return request;
}

class ApiTest : public ::testing::Test {
 protected:
  void start(const std::vector<std::string>& args = {},
             const std::map<std::string, std::string>& env = {}) {
    server_.emplace(db_.url(), testing::ServerOptions{args, env});
    channel_ = server_->channel();
    bulletins_ = v1::BulletinService::NewStub(channel_);
    projects_ = v1::ProjectService::NewStub(channel_);
    reports_ = v1::ReportService::NewStub(channel_);
  }

  v1::IngestBulletinResponse ingest(const std::string& content, const std::string& source,
                                    const std::string& token = {}) {
    v1::IngestBulletinRequest request;
    request.set_content(content);
    request.set_source(source);
    v1::IngestBulletinResponse response;
    const grpc::Status status =
        bulletins_->IngestBulletin(client_context(token).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  v1::IngestBulletinResponse ingest_seed() { return ingest(testing::read_file(kSeedPath), "seed"); }

  grpc::Status list(const v1::ListProjectsRequest& request, v1::ListProjectsResponse& response) {
    return projects_->ListProjects(client_context().get(), request, &response);
  }

  // Every page of a listing, following next_page_token.
  std::vector<v1::Project> list_all(v1::ListProjectsRequest request) {
    std::vector<v1::Project> all;
    for (int page = 0; page < 1000; ++page) {
      v1::ListProjectsResponse response;
      const grpc::Status status = list(request, response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok()) break;
      all.insert(all.end(), response.projects().begin(), response.projects().end());
      if (response.next_page_token().empty()) break;
      request.set_page_token(response.next_page_token());
    }
    return all;
  }

  std::vector<v1::Project> matching(const std::string& filter) {
    v1::ListProjectsRequest request;
    request.set_filter(filter);
    return list_all(request);
  }

  v1::Project get(const std::string& name) {
    v1::GetProjectRequest request;
    request.set_name(name);
    v1::Project project;
    const grpc::Status status = projects_->GetProject(client_context().get(), request, &project);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return project;
  }

  std::vector<v1::ProjectEvent> events(const std::string& name) {
    v1::ListProjectEventsRequest request;
    request.set_parent(name);
    request.set_page_size(3);
    std::vector<v1::ProjectEvent> all;
    while (true) {
      v1::ListProjectEventsResponse response;
      const grpc::Status status =
          projects_->ListProjectEvents(client_context().get(), request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      all.insert(all.end(), response.events().begin(), response.events().end());
      if (!status.ok() || response.next_page_token().empty()) break;
      request.set_page_token(response.next_page_token());
    }
    return all;
  }

  v1::Project by_name_part(const std::string& part) {
    const std::vector<v1::Project> found = matching("display_name:\"" + part + "\"");
    EXPECT_EQ(found.size(), 1u) << part;
    return found.empty() ? v1::Project() : found.front();
  }

  // Stops the server with SIGTERM, this fixture's connection still open, so its log is complete.
  void stop_server() { ASSERT_EQ(server_->stop(SIGTERM, 10s), std::optional<int>(0)); }

  testing::ScratchDatabase db_;
  std::optional<testing::ServerProcess> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::BulletinService::Stub> bulletins_;
  std::unique_ptr<v1::ProjectService::Stub> projects_;
  std::unique_ptr<v1::ReportService::Stub> reports_;
};

// --- BulletinService -------------------------------------------------------------------------

TEST_F(ApiTest, IngestingTheSeedBulletinGivesItsRequiredGoldProjects) {
  start();
  const v1::IngestBulletinResponse first = ingest_seed();
  EXPECT_FALSE(first.duplicate());
  EXPECT_THAT(first.bulletin().name(), ::testing::MatchesRegex("bulletins/[0-9]+"));
  EXPECT_EQ(first.bulletin().content_hash().size(), 64u);
  EXPECT_GE(first.created_projects_size(), 7);

  const nlohmann::json gold = nlohmann::json::parse(testing::read_file(kGoldPath));
  const std::vector<v1::Project> stored = matching("");
  std::set<std::string> used;
  int required = 0;
  int found = 0;
  for (const auto& entry : gold.at("projects")) {
    if (!entry.at("required").get<bool>()) continue;
    ++required;
    for (const v1::Project& project : stored) {
      if (used.count(project.name()) != 0) continue;
      const bool hit = std::any_of(
          entry.at("match").begin(), entry.at("match").end(), [&](const nlohmann::json& key) {
            return project.display_name().find(key.get<std::string>()) != std::string::npos;
          });
      if (hit) {
        used.insert(project.name());
        ++found;
        std::string status = entry.at("status").get<std::string>();
        std::transform(status.begin(), status.end(), status.begin(),
                       [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
        v1::ProjectStatus expected = v1::PROJECT_STATUS_UNSPECIFIED;
        ASSERT_TRUE(v1::ProjectStatus_Parse("PROJECT_STATUS_" + status, &expected)) << status;
        EXPECT_EQ(project.status(), expected) << project.display_name();
        break;
      }
    }
  }
  EXPECT_EQ(required, 7);
  EXPECT_EQ(found, required);

  // The same bytes again: the earlier result, nothing new.
  const v1::IngestBulletinResponse again = ingest_seed();
  EXPECT_TRUE(again.duplicate());
  EXPECT_EQ(again.bulletin().name(), first.bulletin().name());
  EXPECT_EQ(matching("").size(), stored.size());
}

TEST_F(ApiTest, IngestRefusesEmptyAndOversizedContent) {
  start({"--max-bulletin-bytes", "2000"});
  v1::IngestBulletinRequest request;
  v1::IngestBulletinResponse response;
  grpc::Status status = bulletins_->IngestBulletin(client_context().get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  ASSERT_TRUE(error_info(status).has_value());
  EXPECT_EQ(error_info(status)->reason(), "EMPTY_CONTENT");
  // Whitespace alone (line ends, an ideographic space, a BOM) is no bulletin either.
  for (const std::string& blank :
       {std::string(" \n\t\r\n"), std::string("\xEF\xBB\xBF\n\xE3\x80\x80 \xC2\xA0\n")}) {
    request.set_content(blank);
    status = bulletins_->IngestBulletin(client_context().get(), request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    ASSERT_TRUE(error_info(status).has_value());
    EXPECT_EQ(error_info(status)->reason(), "EMPTY_CONTENT");
    EXPECT_THAT(status.error_message(), HasSubstr("only whitespace"));
  }
  request.set_content(std::string(2001, 'a'));
  status = bulletins_->IngestBulletin(client_context().get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(error_info(status)->reason(), "BULLETIN_TOO_LARGE");
  EXPECT_EQ(matching("").size(), 0u);
  v1::ListBulletinsResponse bulletins;
  ASSERT_TRUE(
      bulletins_->ListBulletins(client_context().get(), v1::ListBulletinsRequest(), &bulletins)
          .ok());
  EXPECT_EQ(bulletins.bulletins_size(), 0);  // nothing was stored
}

// Windows Notepad's "Unicode": UTF-16LE with its byte order mark (BMP text only).
std::string utf16le_with_bom(std::string_view utf8) {
  std::string out = "\xFF\xFE";
  for (std::size_t i = 0; i < utf8.size();) {
    const auto c = static_cast<unsigned char>(utf8[i]);
    char32_t cp = c;
    std::size_t length = 1;
    if (c >= 0xE0) {
      cp = ((c & 0x0F) << 12) | ((utf8[i + 1] & 0x3F) << 6) | (utf8[i + 2] & 0x3F);
      length = 3;
    } else if (c >= 0xC0) {
      cp = ((c & 0x1F) << 6) | (utf8[i + 1] & 0x3F);
      length = 2;
    }
    out.push_back(static_cast<char>(cp & 0xFF));
    out.push_back(static_cast<char>(cp >> 8));
    i += length;
  }
  return out;
}

// A bulletin in traditional characters keeps its names as written, and a search in simplified
// characters still finds them (through the simplified alias the parser adds), as a search in
// traditional ones does.
TEST_F(ApiTest, ASearchInSimplifiedCharactersFindsANameWrittenInTraditionalOnes) {
  start();
  ingest("## 新聞\n\n總投資12億元的臨汾市新材料產業園項目已於去年竣工。\n", "traditional");
  const v1::Project found = by_name_part("新材料产业园");
  EXPECT_EQ(found.display_name(), "臨汾市新材料產業園項目");
  EXPECT_EQ(by_name_part("新材料產業園").name(), found.name());
}

TEST_F(ApiTest, AFilterTimestampWithAnOffsetPostgresCannotReadStillWorks) {
  start();
  v1::ListProjectsRequest request;
  request.set_filter(
      "update_time > 2000-01-01T00:00:00-23:59 AND create_time < \"2999-12-31T23:59:59+23:59\"");
  v1::ListProjectsResponse response;
  const grpc::Status status = projects_->ListProjects(client_context().get(), request, &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  request.set_filter("update_time > 2023-02-30T00:00:00Z");
  const grpc::Status refused = projects_->ListProjects(client_context().get(), request, &response);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(refused.error_message(), HasSubstr("update_time needs an RFC 3339 timestamp"));
}

TEST_F(ApiTest, Utf16WithAByteOrderMarkIsReadNotRefusedAsBinary) {
  start();
  v1::IngestBulletinRequest request;
  request.set_content(utf16le_with_bom("晋中市榆次区智能装备产业园项目开工建设，总投资12亿元。\n"));
  request.set_source("notepad-unicode");
  v1::IngestBulletinResponse response;
  const grpc::Status status =
      bulletins_->IngestBulletin(client_context().get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(response.created_projects_size(), 1);
  EXPECT_EQ(response.created_projects(0).display_name(), "晋中市榆次区智能装备产业园项目");
  EXPECT_EQ(response.created_projects(0).total_investment().units(), 1200000000);
}

v1::IngestBulletinRequest ingest_request(const std::string& content, const std::string& source) {
  v1::IngestBulletinRequest request;
  request.set_content(content);
  request.set_source(source);
  return request;
}

TEST_F(ApiTest, BatchIngestGivesEachBulletinWhatIngestBulletinWould) {
  start();
  v1::BatchIngestBulletinsRequest request;
  *request.add_requests() = ingest_request(testing::read_file(kSeedPath), "seed");
  *request.add_requests() = ingest_request("", "empty");
  *request.add_requests() = ingest_request(bulletin_about({"晋中恒通新材料"}, "碳纤维"), "news");
  // The seed again, after it in the same call: a duplicate of the first.
  *request.add_requests() = ingest_request(testing::read_file(kSeedPath), "seed again");
  v1::BatchIngestBulletinsResponse response;
  const grpc::Status status =
      bulletins_->BatchIngestBulletins(client_context().get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(response.results_size(), 4);

  const v1::BatchIngestBulletinsResult& seed = response.results(0);
  EXPECT_EQ(seed.status().code(), 0);
  EXPECT_FALSE(seed.response().duplicate());
  EXPECT_EQ(seed.response().bulletin().source(), "seed");
  EXPECT_GE(seed.response().created_projects_size(), 7);

  // The unreadable one has IngestBulletin's refusal, ErrorInfo included; the others are stored.
  const v1::BatchIngestBulletinsResult& empty = response.results(1);
  EXPECT_EQ(empty.status().code(), static_cast<int>(grpc::StatusCode::INVALID_ARGUMENT));
  EXPECT_THAT(empty.status().message(), HasSubstr("content is empty"));
  ASSERT_EQ(empty.status().details_size(), 1);
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(empty.status().details(0).UnpackTo(&info));
  EXPECT_EQ(info.reason(), "EMPTY_CONTENT");
  EXPECT_FALSE(empty.has_response());

  const v1::BatchIngestBulletinsResult& news = response.results(2);
  EXPECT_EQ(news.status().code(), 0);
  ASSERT_EQ(news.response().created_projects_size(), 1);
  EXPECT_EQ(get(news.response().created_projects(0).name()).display_name(),
            news.response().created_projects(0).display_name());

  const v1::BatchIngestBulletinsResult& again = response.results(3);
  EXPECT_EQ(again.status().code(), 0);
  EXPECT_TRUE(again.response().duplicate());
  EXPECT_EQ(again.response().bulletin().name(), seed.response().bulletin().name());

  // As IngestBulletin would have left it: the same bulletin once more is a duplicate.
  EXPECT_TRUE(ingest(bulletin_about({"晋中恒通新材料"}, "碳纤维"), "news").duplicate());
  EXPECT_EQ(matching("").size(),
            static_cast<std::size_t>(seed.response().created_projects_size() + 1));
}

TEST_F(ApiTest, BatchIngestRefusesEmptyTooManyAndTooLargeCallsWhole) {
  start({"--max-bulletin-bytes", "2000"});
  v1::BatchIngestBulletinsRequest request;
  v1::BatchIngestBulletinsResponse response;
  grpc::Status status =
      bulletins_->BatchIngestBulletins(client_context().get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(error_info(status)->metadata().at("field"), "requests");

  for (int i = 0; i < 101; ++i) *request.add_requests() = ingest_request("本刊讯", "x");
  status = bulletins_->BatchIngestBulletins(client_context().get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("at most 100"));

  // Each bulletin within the limit, together above it.
  request.clear_requests();
  const std::vector<std::string> companies = {"恒通新材料", "瑞丰新材料", "金鼎新材料",
                                              "宏达新材料", "天润新材料", "鑫源新材料"};
  for (const char* product : {"碳纤维", "铝型材", "玻璃纤维"}) {
    *request.add_requests() = ingest_request(bulletin_about(companies, product), product);
  }
  ASSERT_LT(request.requests(0).content().size(), 2000u);
  ASSERT_GT(request.requests(0).content().size() * 3, 2000u);
  status = bulletins_->BatchIngestBulletins(client_context().get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(error_info(status)->reason(), "BATCH_TOO_LARGE");
  EXPECT_EQ(matching("").size(), 0u);
}

TEST_F(ApiTest, GetAndListBulletinsNewestFirstInPages) {
  start();
  std::vector<std::string> names;
  for (const char* product : {"碳纤维", "铝型材", "玻璃纤维"}) {
    names.push_back(ingest(bulletin_about({"晋中恒通新材料"}, product), product).bulletin().name());
  }
  v1::ListBulletinsRequest request;
  request.set_page_size(2);
  v1::ListBulletinsResponse page1;
  ASSERT_TRUE(bulletins_->ListBulletins(client_context().get(), request, &page1).ok());
  ASSERT_EQ(page1.bulletins_size(), 2);
  EXPECT_EQ(page1.bulletins(0).name(), names[2]);
  EXPECT_EQ(page1.bulletins(1).name(), names[1]);
  EXPECT_TRUE(page1.bulletins(0).content().empty());
  ASSERT_FALSE(page1.next_page_token().empty());
  request.set_page_token(page1.next_page_token());
  v1::ListBulletinsResponse page2;
  ASSERT_TRUE(bulletins_->ListBulletins(client_context().get(), request, &page2).ok());
  ASSERT_EQ(page2.bulletins_size(), 1);
  EXPECT_EQ(page2.bulletins(0).name(), names[0]);
  EXPECT_TRUE(page2.next_page_token().empty());

  v1::GetBulletinRequest get;
  get.set_name(names[0]);
  v1::Bulletin basic;
  ASSERT_TRUE(bulletins_->GetBulletin(client_context().get(), get, &basic).ok());
  EXPECT_EQ(basic.source(), "碳纤维");
  EXPECT_TRUE(basic.content().empty());
  get.set_view(v1::BULLETIN_VIEW_FULL);
  v1::Bulletin full;
  ASSERT_TRUE(bulletins_->GetBulletin(client_context().get(), get, &full).ok());
  EXPECT_EQ(full.content(), bulletin_about({"晋中恒通新材料"}, "碳纤维"));

  get.set_name("bulletins/999999");
  const grpc::Status missing = bulletins_->GetBulletin(client_context().get(), get, &full);
  EXPECT_EQ(missing.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(error_info(missing)->reason(), "RESOURCE_NOT_FOUND");
  get.set_name("bulletin/1");
  EXPECT_EQ(bulletins_->GetBulletin(client_context().get(), get, &full).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(ApiTest, ReparseKeepsManualEditsAndCountsBulletins) {
  start();
  ingest_seed();
  ingest(bulletin_about({"晋中恒通新材料"}, "碳纤维"), "extra");
  v1::Project airport = by_name_part("机场三期");
  v1::UpdateProjectRequest update;
  update.mutable_project()->set_name(airport.name());
  update.mutable_project()->set_level("国家级重点工程");
  v1::Project edited;
  ASSERT_TRUE(projects_->UpdateProject(client_context().get(), update, &edited).ok());

  v1::ReparseBulletinsRequest all;
  v1::ReparseBulletinsResponse response;
  const grpc::Status status = bulletins_->ReparseBulletins(client_context().get(), all, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.reparsed_count(), 2);
  EXPECT_EQ(get(airport.name()).level(), "国家级重点工程");

  v1::ReparseBulletinsRequest one;
  one.add_names("bulletins/1");
  v1::ReparseBulletinsResponse single;
  ASSERT_TRUE(bulletins_->ReparseBulletins(client_context().get(), one, &single).ok());
  EXPECT_EQ(single.reparsed_count(), 1);
  one.set_names(0, "bulletins/77");
  EXPECT_EQ(bulletins_->ReparseBulletins(client_context().get(), one, &single).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

// --- ProjectService: reads --------------------------------------------------------------------

TEST_F(ApiTest, GetProjectFindsProjectsAndExplainsMisses) {
  start();
  const v1::IngestBulletinResponse ingested = ingest_seed();
  const v1::Project& created = ingested.created_projects(0);
  EXPECT_EQ(get(created.name()).display_name(), created.display_name());

  v1::GetProjectRequest request;
  v1::Project project;
  request.set_name("projects/no-such-project");
  grpc::Status status = projects_->GetProject(client_context().get(), request, &project);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(status.error_message(), HasSubstr("no-such-project"));
  request.set_name("projects/Robert'); DROP TABLE projects;--");
  status = projects_->GetProject(client_context().get(), request, &project);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  ASSERT_TRUE(error_info(status).has_value());
  EXPECT_EQ(error_info(status)->domain(), "investtrack.dev");
  EXPECT_EQ(error_info(status)->metadata().at("field"), "name");
}

// Changes a project's level straight in the database, behind every server's back, as another
// writer would (the version moves, so the change log announces it).
void change_level_in_database(const std::string& db_url, const std::string& project_name,
                              const std::string& level) {
  pqxx::connection connection(db_url);
  pqxx::nontransaction(connection)
      .exec_params0("UPDATE projects SET level = $2, version = version + 1 WHERE id = $1",
                    project_name.substr(std::string_view("projects/").size()), level);
}

// The hits investtrackd's shutdown line reports for its project cache; -1 when there is none.
long cache_hits_in(const std::string& log) {
  const std::string marker = "project cache: ";
  const std::size_t at = log.rfind(marker);
  if (at == std::string::npos) return -1;
  return std::stol(log.substr(at + marker.size()));
}

// Polls GetProject until `done` holds for the project or `limit` passes; returns the time taken.
template <typename Done>
std::optional<std::chrono::steady_clock::duration> time_until(v1::ProjectService::Stub& stub,
                                                              const std::string& name, Done&& done,
                                                              std::chrono::milliseconds limit) {
  const auto start = std::chrono::steady_clock::now();
  while (std::chrono::steady_clock::now() - start < limit) {
    v1::GetProjectRequest request;
    request.set_name(name);
    v1::Project project;
    if (stub.GetProject(client_context().get(), request, &project).ok() && done(project)) {
      return std::chrono::steady_clock::now() - start;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return std::nullopt;
}

TEST_F(ApiTest, GetProjectRefusesBytesThatAreNotARequest) {
  start();
  // GetProject reads its request from raw bytes; garbage must be INVALID_ARGUMENT, not a crash.
  grpc::GenericStub generic(channel_);
  grpc::CompletionQueue queue;
  const std::string garbage = "\xff\xff\xff\xff";
  grpc::Slice slice(garbage);
  const grpc::ByteBuffer request(&slice, 1);
  grpc::ByteBuffer response;
  grpc::Status status;
  const auto context = client_context();
  auto call = generic.PrepareUnaryCall(context.get(), "/investtrack.v1.ProjectService/GetProject",
                                       request, &queue);
  call->StartCall();
  call->Finish(&response, &status, reinterpret_cast<void*>(1));
  void* tag = nullptr;
  bool ok = false;
  ASSERT_TRUE(queue.Next(&tag, &ok));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
  EXPECT_THAT(status.error_message(), HasSubstr("GetProjectRequest"));
  queue.Shutdown();
  while (queue.Next(&tag, &ok)) {
  }
  // The server still answers.
  v1::GetProjectRequest missing;
  missing.set_name("projects/none");
  v1::Project project;
  EXPECT_EQ(projects_->GetProject(client_context().get(), missing, &project).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(ApiTest, RepeatedGetsAreServedFromMemoryAndFollowWritesOfAnotherServer) {
  start();
  ingest_seed();
  const v1::Project airport = by_name_part("机场三期");
  // The ingest's own change notifications land first, then every read after the first is a hit.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  for (int i = 0; i < 10; ++i) EXPECT_EQ(get(airport.name()).etag(), airport.etag());

  // Another replica on the same database changes the project: this server hears of it.
  testing::ServerProcess other(db_.url());
  auto other_projects = v1::ProjectService::NewStub(other.channel());
  v1::Project updated;
  ASSERT_TRUE(other_projects
                  ->UpdateProject(client_context().get(),
                                  level_update(airport.name(), "另一台服务器"), &updated)
                  .ok());
  const auto seen = time_until(
      *projects_, airport.name(),
      [&](const v1::Project& p) {
        return p.level() == "另一台服务器" && p.etag() == updated.etag();
      },
      std::chrono::milliseconds(2000));
  ASSERT_TRUE(seen.has_value()) << "the other server's change never reached this server's reads";
  EXPECT_LT(*seen, 1s);

  // Its own writes are read back at once, with no wait for a notification.
  ASSERT_TRUE(
      projects_
          ->UpdateProject(client_context().get(), level_update(airport.name(), "本机"), &updated)
          .ok());
  EXPECT_EQ(get(airport.name()).level(), "本机");

  stop_server();
  EXPECT_GE(cache_hits_in(server_->log()), 8) << server_->log();
}

TEST_F(ApiTest, AnIngestThatChangesACachedProjectIsReadBackAtOnce) {
  start();
  const v1::IngestBulletinResponse first =
      ingest(bulletin_about({"远景测试科技有限公司"}, "碳纤维"), "first");
  ASSERT_EQ(first.created_projects_size(), 1);
  const std::string name = first.created_projects(0).name();
  EXPECT_EQ(get(name).etag(), first.created_projects(0).etag());
  EXPECT_EQ(get(name).etag(), first.created_projects(0).etag());

  const v1::IngestBulletinResponse second = ingest(
      "山西经济信息\n2023年第13期\n\n本刊讯 11月20日，晋中市榆次区的远景测试科技有限公司年产10万吨"
      "碳纤维项目正式建成投产。\n\n",
      "second");
  ASSERT_EQ(second.updated_projects_size(), 1);
  ASSERT_EQ(second.updated_projects(0).name(), name);
  EXPECT_NE(second.updated_projects(0).etag(), first.created_projects(0).etag());
  const v1::Project read_back = get(name);
  EXPECT_EQ(read_back.etag(), second.updated_projects(0).etag());
  EXPECT_EQ(read_back.status(), v1::PROJECT_STATUS_OPERATING);
}

TEST_F(ApiTest, UndatedBulletinsAreOrderedByTheYearsTheirMastheadsGive) {
  start();
  const std::string project = "晋中市榆次区的远航测试新材料年产10万吨碳纤维项目";
  // Sent without publication dates, the newer first; only the mastheads say which year.
  const v1::IngestBulletinResponse newer = ingest(
      "山西经济信息\n2023年第1期\n\n本刊讯 1月10日，" + project + "正式建成投产。\n\n", "newer");
  const v1::IngestBulletinResponse older =
      ingest("山西经济信息\n2022年第9期\n\n本刊讯 9月5日，" + project +
                 "正式开工建设，项目总投资15亿元。\n\n",
             "older");
  EXPECT_EQ(newer.bulletin().publication_date().year(), 2023);
  EXPECT_EQ(older.bulletin().publication_date().year(), 2022);
  ASSERT_EQ(older.updated_projects_size(), 1);
  ASSERT_EQ(newer.created_projects_size(), 1);
  EXPECT_EQ(older.updated_projects(0).name(), newer.created_projects(0).name());
  // Read in either year as this one, 9月5日 would come after 1月10日 and roll the status back.
  const v1::Project read_back = get(newer.created_projects(0).name());
  EXPECT_EQ(read_back.status(), v1::PROJECT_STATUS_OPERATING);
  EXPECT_EQ(read_back.total_investment().units(), 1'500'000'000);
}

TEST_F(ApiTest, WithTheProjectCacheOffEveryGetReadsTheDatabase) {
  start({"--project-cache-mb", "0"});
  ingest_seed();
  const v1::Project airport = by_name_part("机场三期");
  for (int i = 0; i < 5; ++i) EXPECT_EQ(get(airport.name()).etag(), airport.etag());
  change_level_in_database(db_.url(), airport.name(), "改于库中");
  EXPECT_EQ(get(airport.name()).level(), "改于库中");
  stop_server();
  EXPECT_EQ(cache_hits_in(server_->log()), 0) << server_->log();
}

TEST_F(ApiTest, TheProjectCacheStopsWhileChangesCannotBeHeardAndResumes) {
  start();
  ingest_seed();
  const v1::Project airport = by_name_part("机场三期");
  get(airport.name());
  get(airport.name());
  const auto log_count = [&](const std::string& text) {
    const std::string log = server_->log();
    std::size_t count = 0;
    for (std::size_t at = log.find(text); at != std::string::npos; at = log.find(text, at + 1))
      ++count;
    return count;
  };
  ASSERT_EQ(log_count("project cache on"), 1u);

  // The listening connection is cut: the server must notice, stop serving from memory and
  // listen again by itself.
  pqxx::connection admin(db_.url());
  const pqxx::result cut = pqxx::nontransaction(admin).exec(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
      "WHERE application_name = 'investtrackd change listener' AND datname = current_database()");
  ASSERT_EQ(cut.size(), 1u);
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (log_count("project cache on") < 2 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(log_count("project cache off"), 1u) << server_->log();
  ASSERT_EQ(log_count("project cache on"), 2u) << server_->log();

  // Listening again: a change made directly in the database reaches the reads.
  change_level_in_database(db_.url(), airport.name(), "改于库中");
  const auto seen = time_until(
      *projects_, airport.name(), [](const v1::Project& p) { return p.level() == "改于库中"; },
      std::chrono::milliseconds(2000));
  ASSERT_TRUE(seen.has_value());
  EXPECT_LT(*seen, 1s);
}

TEST_F(ApiTest, PagesNeitherSkipNorRepeatRowsWhileRowsAreInserted) {
  start();
  ingest_seed();
  const std::vector<v1::Project> before = matching("");
  ASSERT_GE(before.size(), 7u);

  const std::vector<std::string> companies = {"恒通", "华兴", "瑞丰", "金泰", "宏达",
                                              "鑫源", "永昌", "天成", "博远", "中科"};
  v1::ListProjectsRequest request;
  request.set_page_size(2);
  std::vector<std::string> seen;
  std::size_t inserted = 0;
  for (int page = 0; page < 100; ++page) {
    v1::ListProjectsResponse response;
    ASSERT_TRUE(list(request, response).ok());
    for (const v1::Project& project : response.projects()) seen.push_back(project.name());
    if (response.next_page_token().empty()) break;
    if (inserted < companies.size()) {
      // A new project between pages: it must not shift what the next page returns.
      ingest(bulletin_about({companies[inserted] + "新材料"}, "碳纤维"),
             "page-" + std::to_string(page));
      ++inserted;
    }
    request.set_page_token(response.next_page_token());
  }
  std::set<std::string> unique(seen.begin(), seen.end());
  EXPECT_EQ(unique.size(), seen.size()) << "a row was repeated";
  for (const v1::Project& project : before) {
    EXPECT_EQ(unique.count(project.name()), 1u) << "skipped " << project.display_name();
  }
  // Ordered by create_time, rows inserted meanwhile come after everything read so far.
  EXPECT_EQ(unique.size(), matching("").size());
  EXPECT_GT(inserted, 2u);
}

TEST_F(ApiTest, PageSizeRulesAndTokensBoundToTheRequest) {
  start();
  ingest_seed();
  v1::ListProjectsRequest request;
  v1::ListProjectsResponse response;
  request.set_page_size(-1);
  grpc::Status status = list(request, response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(error_info(status)->metadata().at("field"), "page_size");
  request.set_page_size(5000);
  ASSERT_TRUE(list(request, response).ok());
  EXPECT_EQ(static_cast<std::size_t>(response.projects_size()), matching("").size());
  EXPECT_TRUE(response.next_page_token().empty());

  request.set_page_size(2);
  request.set_filter("province = \"山西省\"");
  response.Clear();
  ASSERT_TRUE(list(request, response).ok());
  ASSERT_FALSE(response.next_page_token().empty());
  request.set_page_token(response.next_page_token());
  request.set_filter("province = \"河北省\"");
  status = list(request, response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("different request"));
  request.set_filter("province = \"山西省\"");
  request.set_order_by("display_name");
  EXPECT_EQ(list(request, response).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  request.set_order_by("");
  request.set_page_token(response.next_page_token() + "x");
  EXPECT_EQ(list(request, response).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(ApiTest, EveryFilterOperatorAgreesWithTheProjectsThemselves) {
  start();
  ingest_seed();
  ingest(bulletin_about({"恒通新材料", "华兴新材料"}, "碳纤维"), "extra");
  const std::vector<v1::Project> all = matching("");
  ASSERT_GE(all.size(), 9u);
  const auto count = [&](auto predicate) {
    return static_cast<std::size_t>(std::count_if(all.begin(), all.end(), predicate));
  };
  const auto investment = [](const v1::Project& p) {
    return p.has_total_investment() ? p.total_investment().units() : -1;
  };
  const auto has_org = [](const v1::Project& p, const std::string& part) {
    return std::any_of(p.organizations().begin(), p.organizations().end(),
                       [&](const std::string& o) { return o.find(part) != std::string::npos; });
  };

  struct Case {
    std::string filter;
    std::size_t expected;
  };
  const std::vector<Case> cases = {
      {"status = UNDER_CONSTRUCTION", count([](const v1::Project& p) {
         return p.status() == v1::PROJECT_STATUS_UNDER_CONSTRUCTION;
       })},
      {"status != UNDER_CONSTRUCTION", count([](const v1::Project& p) {
         return p.status() != v1::PROJECT_STATUS_UNDER_CONSTRUCTION;
       })},
      {"city = \"太原市\"",
       count([](const v1::Project& p) { return p.location().city() == "太原市"; })},
      {"city : \"治\"", count([](const v1::Project& p) {
         return p.location().city().find("治") != std::string::npos;
       })},
      {"organization : \"晶科\"", count([&](const v1::Project& p) { return has_org(p, "晶科"); })},
      {"total_investment >= 1500000000",
       count([&](const v1::Project& p) { return investment(p) >= 1500000000; })},
      {"total_investment > 1500000000",
       count([&](const v1::Project& p) { return investment(p) > 1500000000; })},
      {"total_investment <= 1500000000", count([&](const v1::Project& p) {
         return investment(p) >= 0 && investment(p) <= 1500000000;
       })},
      {"total_investment < 1500000000", count([&](const v1::Project& p) {
         return investment(p) >= 0 && investment(p) < 1500000000;
       })},
      {"total_investment = 120000000",
       count([&](const v1::Project& p) { return investment(p) == 120000000; })},
      {"city = \"晋中市\" AND status = UNDER_CONSTRUCTION", count([](const v1::Project& p) {
         return p.location().city() == "晋中市" &&
                p.status() == v1::PROJECT_STATUS_UNDER_CONSTRUCTION;
       })},
      {"city = \"太原市\" OR city = \"忻州市\"", count([](const v1::Project& p) {
         return p.location().city() == "太原市" || p.location().city() == "忻州市";
       })},
      {"NOT (city = \"太原市\" OR city = \"忻州市\")", count([](const v1::Project& p) {
         return !(p.location().city() == "太原市" || p.location().city() == "忻州市");
       })},
      {"display_name : \"食品\"", count([](const v1::Project& p) {
         return p.display_name().find("食品") != std::string::npos ||
                std::any_of(p.aliases().begin(), p.aliases().end(), [](const std::string& a) {
                  return a.find("食品") != std::string::npos;
                });
       })},
      {"update_time > 2000-01-01T00:00:00Z", all.size()},
      {"create_time < 2000-01-01T00:00:00Z", 0},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(matching(c.filter).size(), c.expected) << c.filter;
  }
  // Sanity: the cases are not all trivially empty or full.
  EXPECT_GT(cases[0].expected, 0u);
  EXPECT_LT(cases[0].expected, all.size());
}

TEST_F(ApiTest, BadFiltersAreInvalidArgumentNamingTheProblem) {
  start();
  v1::ListProjectsRequest request;
  v1::ListProjectsResponse response;
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"colour = \"red\"", "unknown field \"colour\""},
      {"total_investment = lots", "total_investment needs a number"},
      {"status = FINISHED", "status needs a status name"},
      {"city < \"x\"", "operator < does not apply to city"},
      {"city = \"x\" AND (status = SIGNED", "never closed"},
  };
  for (const auto& [filter, expected] : cases) {
    request.set_filter(filter);
    const grpc::Status status = list(request, response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << filter;
    EXPECT_THAT(status.error_message(), HasSubstr(expected)) << filter;
    ASSERT_TRUE(error_info(status).has_value());
    EXPECT_EQ(error_info(status)->metadata().at("field"), "filter");
  }
  request.set_filter("");
  request.set_order_by("colour");
  EXPECT_EQ(list(request, response).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(ApiTest, OrderByDisplayNameDescending) {
  start();
  ingest_seed();
  v1::ListProjectsRequest request;
  request.set_order_by("display_name desc");
  request.set_page_size(3);
  const std::vector<v1::Project> ordered = list_all(request);
  ASSERT_GE(ordered.size(), 7u);
  for (std::size_t i = 1; i < ordered.size(); ++i) {
    EXPECT_GE(ordered[i - 1].display_name(), ordered[i].display_name());
  }
}

// --- ProjectService: writes -------------------------------------------------------------------

TEST_F(ApiTest, UpdateWithMaskWithoutMaskAndWithStar) {
  start();
  ingest_seed();
  const v1::Project airport = by_name_part("机场三期");

  v1::UpdateProjectRequest request;
  request.mutable_project()->set_name(airport.name());
  request.mutable_project()->set_status(v1::PROJECT_STATUS_OPERATING);
  request.mutable_project()->set_industry("ignored_because_not_in_mask");
  request.mutable_update_mask()->add_paths("status");
  request.set_reason("opened");
  v1::Project updated;
  grpc::Status status = projects_->UpdateProject(client_context().get(), request, &updated);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(updated.status(), v1::PROJECT_STATUS_OPERATING);
  EXPECT_EQ(updated.industry(), airport.industry());
  EXPECT_NE(updated.etag(), airport.etag());

  // No mask: the populated editable fields; a location part leaves the rest of the location.
  request.Clear();
  request.mutable_project()->set_name(airport.name());
  request.mutable_project()->mutable_location()->set_county("小店区");
  ASSERT_TRUE(projects_->UpdateProject(client_context().get(), request, &updated).ok());
  EXPECT_EQ(updated.location().county(), "小店区");
  EXPECT_EQ(updated.location().city(), airport.location().city());
  EXPECT_EQ(updated.status(), v1::PROJECT_STATUS_OPERATING);

  // `*`: every editable field takes the request's value, unset ones included.
  request.Clear();
  request.mutable_project()->set_name(airport.name());
  request.mutable_project()->set_display_name("太原武宿国际机场三期改扩建工程");
  request.mutable_update_mask()->add_paths("*");
  ASSERT_TRUE(projects_->UpdateProject(client_context().get(), request, &updated).ok());
  EXPECT_EQ(updated.display_name(), "太原武宿国际机场三期改扩建工程");
  EXPECT_TRUE(updated.location().city().empty());
  EXPECT_EQ(updated.status(), v1::PROJECT_STATUS_UNSPECIFIED);

  for (const char* bad : {"etag", "create_time", "nonsense", "location.planet"}) {
    request.mutable_update_mask()->Clear();
    request.mutable_update_mask()->add_paths(bad);
    status = projects_->UpdateProject(client_context().get(), request, &updated);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << bad;
    EXPECT_EQ(error_info(status)->metadata().at("path"), bad);
  }
  request.Clear();
  request.mutable_project()->set_name(airport.name());
  EXPECT_EQ(projects_->UpdateProject(client_context().get(), request, &updated).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(ApiTest, StaleEtagIsAbortedAndChangesNothing) {
  start();
  ingest_seed();
  const v1::Project project = by_name_part("机场三期");
  v1::UpdateProjectRequest request;
  request.mutable_project()->set_name(project.name());
  request.mutable_project()->set_etag(project.etag());
  request.mutable_project()->set_level("省级重点工程");
  v1::Project first;
  ASSERT_TRUE(projects_->UpdateProject(client_context().get(), request, &first).ok());

  request.mutable_project()->set_level("市级重点工程");  // still the old etag
  v1::Project second;
  const grpc::Status status = projects_->UpdateProject(client_context().get(), request, &second);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_EQ(error_info(status)->reason(), "CONCURRENT_MODIFICATION");
  EXPECT_EQ(get(project.name()).level(), "省级重点工程");

  v1::DeleteProjectRequest del;
  del.set_name(project.name());
  del.set_etag(project.etag());
  v1::Project deleted;
  EXPECT_EQ(projects_->DeleteProject(client_context().get(), del, &deleted).error_code(),
            grpc::StatusCode::ABORTED);
}

TEST_F(ApiTest, DeleteAndUndeleteAreSoftAndLogged) {
  start();
  ingest_seed();
  const v1::Project project = by_name_part("机场三期");
  const std::size_t live = matching("").size();
  v1::DeleteProjectRequest del;
  del.set_name(project.name());
  del.set_reason("duplicate entry");
  v1::Project deleted;
  ASSERT_TRUE(projects_->DeleteProject(client_context().get(), del, &deleted).ok());
  EXPECT_TRUE(deleted.has_delete_time());
  EXPECT_EQ(matching("").size(), live - 1);
  v1::ListProjectsRequest with_deleted;
  with_deleted.set_show_deleted(true);
  EXPECT_EQ(list_all(with_deleted).size(), live);
  EXPECT_EQ(projects_->DeleteProject(client_context().get(), del, &deleted).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);

  v1::UndeleteProjectRequest undel;
  undel.set_name(project.name());
  undel.set_etag(deleted.etag());
  v1::Project restored;
  ASSERT_TRUE(projects_->UndeleteProject(client_context().get(), undel, &restored).ok());
  EXPECT_FALSE(restored.has_delete_time());
  EXPECT_EQ(matching("").size(), live);

  const std::vector<v1::ProjectEvent> timeline = events(project.name());
  std::vector<std::string> edits;
  for (const v1::ProjectEvent& e : timeline) {
    if (e.kind() == v1::ProjectEvent::KIND_EDIT) edits.push_back(e.field_path());
  }
  EXPECT_THAT(edits, ::testing::ElementsAre("delete", "undelete"));
  for (const v1::ProjectEvent& e : timeline) {
    if (e.kind() == v1::ProjectEvent::KIND_EDIT) {
      EXPECT_EQ(e.actor(), "local");
    }
  }
  EXPECT_TRUE(std::any_of(timeline.begin(), timeline.end(), [](const v1::ProjectEvent& e) {
    return e.kind() == v1::ProjectEvent::KIND_OBSERVATION && e.bulletin() == "bulletins/1" &&
           !e.evidence().sentence().empty();
  }));
}

TEST_F(ApiTest, MergeMovesEverythingAndSplitPutsItBackExactly) {
  start();
  ingest_seed();
  const v1::Project survivor = by_name_part("晶科");
  const v1::Project source = by_name_part("一道新能源");
  const std::size_t survivor_events = events(survivor.name()).size();
  const std::size_t source_events = events(source.name()).size();

  v1::MergeProjectsRequest merge;
  merge.set_name(survivor.name());
  merge.add_sources(source.name());
  merge.set_reason("test merge");
  v1::MergeProjectsResponse merged;
  grpc::Status status = projects_->MergeProjects(client_context().get(), merge, &merged);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_THAT(merged.merge(), ::testing::StartsWith("merges/"));
  EXPECT_EQ(merged.project().name(), survivor.name());
  EXPECT_THAT(merged.project().aliases(), ::testing::Contains(source.display_name()));
  const v1::Project gone = get(source.name());
  EXPECT_TRUE(gone.has_delete_time());
  // The source's observations and status history now belong to the survivor, plus a merge edit.
  EXPECT_EQ(events(survivor.name()).size(), survivor_events + source_events + 1);
  EXPECT_EQ(events(source.name()).size(), 1u);

  v1::SplitProjectRequest split;
  split.set_name(survivor.name());
  split.set_merge(merged.merge());
  v1::SplitProjectResponse response;
  status = projects_->SplitProject(client_context().get(), split, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(response.projects_size(), 2);
  EXPECT_EQ(response.projects(0).name(), survivor.name());
  const v1::Project back = get(source.name());
  EXPECT_FALSE(back.has_delete_time());
  EXPECT_EQ(back.display_name(), source.display_name());
  EXPECT_EQ(back.status(), source.status());
  EXPECT_THAT(get(survivor.name()).aliases(),
              ::testing::Not(::testing::Contains(source.display_name())));
  // Each side has its own observations again, plus the merge and split edits.
  EXPECT_EQ(events(source.name()).size(), source_events + 2);
  EXPECT_EQ(events(survivor.name()).size(), survivor_events + 2);

  EXPECT_EQ(projects_->SplitProject(client_context().get(), split, &response).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  merge.clear_sources();
  merge.add_sources(survivor.name());
  EXPECT_EQ(projects_->MergeProjects(client_context().get(), merge, &merged).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  merge.set_sources(0, "projects/missing");
  EXPECT_EQ(projects_->MergeProjects(client_context().get(), merge, &merged).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

// An events page token of a server before keyset pages held an offset; it still reads on from
// there. A token whose position is not a number is INVALID_ARGUMENT.
TEST_F(ApiTest, ListProjectEventsReadsOnFromAnEarlierServersOffsetToken) {
  constexpr const char* kKey = "events-token-test-signing-key";
  start({"--page-token-key", kKey});
  ingest_seed();
  std::string parent;
  std::vector<v1::ProjectEvent> all;
  for (const v1::Project& project : list_all({})) {
    all = events(project.name());
    parent = project.name();
    if (all.size() >= 2) break;
  }
  ASSERT_GE(all.size(), 2u);
  const server::api::PageTokenCodec codec(kKey);
  const std::string fingerprint = server::api::request_fingerprint({parent});
  v1::ListProjectEventsRequest request;
  request.set_parent(parent);
  request.set_page_token(codec.encode({"events", fingerprint, {"1"}}));
  v1::ListProjectEventsResponse response;
  ASSERT_TRUE(projects_->ListProjectEvents(client_context().get(), request, &response).ok());
  ASSERT_EQ(static_cast<std::size_t>(response.events_size()), all.size() - 1);
  for (int i = 0; i < response.events_size(); ++i) {
    EXPECT_EQ(response.events(i).SerializeAsString(),
              all[static_cast<std::size_t>(i) + 1].SerializeAsString());
  }
  request.set_page_token(codec.encode({"events", fingerprint, {"one"}}));
  const grpc::Status damaged =
      projects_->ListProjectEvents(client_context().get(), request, &response);
  EXPECT_EQ(damaged.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(damaged.error_message(), HasSubstr("page_token"));
}

TEST_F(ApiTest, ListReviewItemsPagesThroughTheQueue) {
  start();
  v1::ListReviewItemsRequest request;
  request.set_show_resolved(true);
  v1::ListReviewItemsResponse response;
  ASSERT_TRUE(projects_->ListReviewItems(client_context().get(), request, &response).ok());
  EXPECT_EQ(response.review_items_size(), 0);
  EXPECT_TRUE(response.next_page_token().empty());

  // Two projects kept apart for review, inserted the way ingest does when a match is doubtful.
  ingest_seed();
  const v1::Project a = by_name_part("晶科");
  const v1::Project b = by_name_part("一道新能源");
  {
    pqxx::connection conn(db_.url());
    pqxx::work work(conn);
    for (int i = 0; i < 3; ++i) {
      work.exec_params(
          "INSERT INTO review_items (project_id, candidate_project_id, rule, score, "
          "reason) VALUES ($1, $2, 'name_containment', 0.5, 'similar names')",
          a.name().substr(9), b.name().substr(9));
    }
    work.commit();
  }
  request.set_page_size(2);
  ASSERT_TRUE(projects_->ListReviewItems(client_context().get(), request, &response).ok());
  ASSERT_EQ(response.review_items_size(), 2);
  EXPECT_EQ(response.review_items(0).project(), a.name());
  EXPECT_EQ(response.review_items(0).candidate_project(), b.name());
  ASSERT_FALSE(response.next_page_token().empty());
  request.set_page_token(response.next_page_token());
  v1::ListReviewItemsResponse rest;
  ASSERT_TRUE(projects_->ListReviewItems(client_context().get(), request, &rest).ok());
  ASSERT_EQ(rest.review_items_size(), 1);
  EXPECT_NE(rest.review_items(0).name(), response.review_items(1).name());
  EXPECT_TRUE(rest.next_page_token().empty());
}

// --- WatchProjects ----------------------------------------------------------------------------

// A watch stream read on its own thread, so a test can wait for changes with a timeout.
class WatchReader {
 public:
  WatchReader(v1::ProjectService::Stub& stub, const v1::WatchProjectsRequest& request) {
    context_.AddMetadata("x-test", "watch");
    reader_ = stub.WatchProjects(&context_, request);
    reader_->WaitForInitialMetadata();
    thread_ = std::thread([this] {
      v1::ProjectChange change;
      while (reader_->Read(&change)) {
        const std::lock_guard lock(mutex_);
        changes_.push_back(change);
        arrived_.notify_all();
      }
      const std::lock_guard lock(mutex_);
      finished_ = true;
      arrived_.notify_all();
    });
  }
  ~WatchReader() {
    if (finish_called_) return;
    context_.TryCancel();
    thread_.join();
    reader_->Finish();
  }

  // The first `count` changes, or fewer when they do not arrive within `timeout`.
  std::vector<v1::ProjectChange> wait_for(std::size_t count, std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    arrived_.wait_for(lock, timeout, [&] { return changes_.size() >= count || finished_; });
    return changes_;
  }

  // Waits for the server to end the stream and returns how it ended.
  grpc::Status finish_status() {
    thread_.join();
    finish_called_ = true;
    return reader_->Finish();
  }

 private:
  grpc::ClientContext context_;
  std::unique_ptr<grpc::ClientReader<v1::ProjectChange>> reader_;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable arrived_;
  std::vector<v1::ProjectChange> changes_;
  bool finished_ = false;
  bool finish_called_ = false;
};

TEST_F(ApiTest, WatchDeliversAChangeWithinASecond) {
  start();
  ingest_seed();
  const v1::Project project = by_name_part("机场三期");
  WatchReader watch(*projects_, v1::WatchProjectsRequest());
  const auto before = std::chrono::steady_clock::now();
  v1::Project updated;
  ASSERT_TRUE(
      projects_->UpdateProject(client_context().get(), level_update(project.name(), "甲"), &updated)
          .ok());
  const std::vector<v1::ProjectChange> changes = watch.wait_for(1, 1s);
  const auto latency = std::chrono::steady_clock::now() - before;
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_LT(latency, 1s);
  EXPECT_EQ(changes[0].type(), v1::ProjectChange::TYPE_UPDATED);
  EXPECT_EQ(changes[0].project().name(), project.name());
  EXPECT_EQ(changes[0].project().level(), "甲");
  EXPECT_FALSE(changes[0].change_token().empty());
}

TEST_F(ApiTest, WatchFiltersAndResumesAfterAReconnectWithoutLoss) {
  start();
  ingest_seed();
  const v1::Project airport = by_name_part("机场三期");
  const v1::Project food = by_name_part("食品产业园");
  std::string token;
  {
    WatchReader watch(*projects_, v1::WatchProjectsRequest());
    v1::Project updated;
    ASSERT_TRUE(
        projects_
            ->UpdateProject(client_context().get(), level_update(airport.name(), "1"), &updated)
            .ok());
    const std::vector<v1::ProjectChange> changes = watch.wait_for(1, 2s);
    ASSERT_EQ(changes.size(), 1u);
    token = changes[0].change_token();
  }
  // While nobody watches: three changes to two projects, and a new project.
  v1::Project updated;
  ASSERT_TRUE(
      projects_->UpdateProject(client_context().get(), level_update(airport.name(), "2"), &updated)
          .ok());
  ASSERT_TRUE(
      projects_->UpdateProject(client_context().get(), level_update(food.name(), "3"), &updated)
          .ok());
  ASSERT_TRUE(
      projects_->UpdateProject(client_context().get(), level_update(airport.name(), "4"), &updated)
          .ok());
  const v1::IngestBulletinResponse fresh = ingest(bulletin_about({"恒通新材料"}, "碳纤维"), "new");
  ASSERT_EQ(fresh.created_projects_size(), 1);

  v1::WatchProjectsRequest resume;
  resume.set_resume_token(token);
  WatchReader resumed(*projects_, resume);
  const std::vector<v1::ProjectChange> replay = resumed.wait_for(4, 2s);
  ASSERT_EQ(replay.size(), 4u);
  EXPECT_EQ(replay[0].project().name(), airport.name());
  EXPECT_EQ(replay[1].project().name(), food.name());
  EXPECT_EQ(replay[2].project().name(), airport.name());
  EXPECT_EQ(replay[3].type(), v1::ProjectChange::TYPE_CREATED);
  EXPECT_EQ(replay[3].project().name(), fresh.created_projects(0).name());
  // Then live, and nothing repeated.
  ASSERT_TRUE(
      projects_->UpdateProject(client_context().get(), level_update(food.name(), "5"), &updated)
          .ok());
  const std::vector<v1::ProjectChange> live = resumed.wait_for(5, 2s);
  ASSERT_EQ(live.size(), 5u);
  EXPECT_EQ(live[4].project().level(), "5");
  EXPECT_EQ(resumed.wait_for(6, 300ms).size(), 5u);

  // A filtered watch from the same point sees only the airport's changes.
  v1::WatchProjectsRequest filtered;
  filtered.set_resume_token(token);
  filtered.set_filter("display_name : \"机场\"");
  WatchReader airport_only(*projects_, filtered);
  const std::vector<v1::ProjectChange> mine = airport_only.wait_for(2, 2s);
  ASSERT_EQ(mine.size(), 2u);
  EXPECT_EQ(mine[0].project().name(), airport.name());
  EXPECT_EQ(mine[1].project().name(), airport.name());
  EXPECT_EQ(airport_only.wait_for(3, 300ms).size(), 2u);
}

TEST_F(ApiTest, WatchWaitsForAChangeThatCommitsOutOfOrder) {
  start();
  ingest_seed();
  const v1::Project airport = by_name_part("机场三期");
  const v1::Project food = by_name_part("食品产业园");
  WatchReader watch(*projects_, v1::WatchProjectsRequest());

  // A transaction takes the next change id and stays open...
  pqxx::connection conn(db_.url());
  pqxx::work slow(conn);
  slow.exec_params("UPDATE projects SET version = version + 1, level = 'slow' WHERE id = $1",
                   airport.name().substr(9));
  // ...while a later change (a higher id) commits first.
  v1::Project updated;
  ASSERT_TRUE(
      projects_->UpdateProject(client_context().get(), level_update(food.name(), "fast"), &updated)
          .ok());
  // Delivering the later one now would make a resume token that skips the earlier one.
  EXPECT_EQ(watch.wait_for(1, 500ms).size(), 0u);
  slow.commit();
  const std::vector<v1::ProjectChange> changes = watch.wait_for(2, 2s);
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0].project().name(), airport.name());
  EXPECT_EQ(changes[1].project().name(), food.name());
}

TEST_F(ApiTest, WatchPassesGapsOfRolledBackTransactions) {
  start();
  ingest_seed();
  const v1::Project airport = by_name_part("机场三期");
  const v1::Project food = by_name_part("食品产业园");
  WatchReader watch(*projects_, v1::WatchProjectsRequest());
  {
    pqxx::connection conn(db_.url());
    pqxx::work doomed(conn);
    doomed.exec_params("UPDATE projects SET version = version + 1 WHERE id = $1",
                       airport.name().substr(9));
    v1::Project updated;
    ASSERT_TRUE(
        projects_->UpdateProject(client_context().get(), level_update(food.name(), "x"), &updated)
            .ok());
    doomed.abort();
  }
  const std::vector<v1::ProjectChange> changes = watch.wait_for(1, 2s);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].project().name(), food.name());
}

// --- ReportService ----------------------------------------------------------------------------

TEST_F(ApiTest, SummarizeGroupsAndTotalsWithFilters) {
  start();
  ingest_seed();
  const std::vector<v1::Project> all = matching("");
  v1::SummarizeRequest request;
  request.set_group_by(v1::SUMMARY_DIMENSION_CITY);
  v1::SummarizeResponse response;
  ASSERT_TRUE(reports_->Summarize(client_context().get(), request, &response).ok());
  EXPECT_EQ(response.total().project_count(), static_cast<std::int64_t>(all.size()));
  std::map<std::string, std::int64_t> by_city;
  std::int64_t investment = 0;
  for (const v1::Project& p : all) {
    ++by_city[p.location().city()];
    if (p.has_total_investment() && p.total_investment().currency_code() == "CNY") {
      investment += p.total_investment().units();
    }
  }
  ASSERT_EQ(static_cast<std::size_t>(response.groups_size()), by_city.size());
  for (int i = 0; i < response.groups_size(); ++i) {
    EXPECT_EQ(response.groups(i).project_count(), by_city[response.groups(i).key()]);
    if (i > 0) {
      EXPECT_GE(response.groups(i - 1).project_count(), response.groups(i).project_count());
    }
  }
  EXPECT_EQ(response.total().total_investment().units(), investment);
  EXPECT_EQ(response.total().total_investment().currency_code(), "CNY");

  request.set_group_by(v1::SUMMARY_DIMENSION_STATUS);
  request.set_filter("city = \"太原市\"");
  ASSERT_TRUE(reports_->Summarize(client_context().get(), request, &response).ok());
  EXPECT_EQ(response.total().project_count(), by_city["太原市"]);
  for (const v1::SummaryGroup& group : response.groups()) {
    EXPECT_THAT(group.key(), ::testing::StartsWith("PROJECT_STATUS_"));
  }
  request.set_group_by(v1::SUMMARY_DIMENSION_MONTH);
  ASSERT_TRUE(reports_->Summarize(client_context().get(), request, &response).ok());
  for (const v1::SummaryGroup& group : response.groups()) {
    EXPECT_THAT(group.key(), ::testing::MatchesRegex("[0-9]{4}-[0-9]{2}"));
  }
  request.set_group_by(v1::SUMMARY_DIMENSION_PROVINCE);
  request.clear_filter();
  ASSERT_TRUE(reports_->Summarize(client_context().get(), request, &response).ok());
  std::map<std::string, std::int64_t> by_province;
  for (const v1::Project& p : all) ++by_province[p.location().province()];
  ASSERT_EQ(static_cast<std::size_t>(response.groups_size()), by_province.size());
  for (const v1::SummaryGroup& group : response.groups()) {
    EXPECT_EQ(group.project_count(), by_province[group.key()]) << group.key();
  }
  EXPECT_EQ(response.total().project_count(), static_cast<std::int64_t>(all.size()));
  request.set_group_by(v1::SUMMARY_DIMENSION_UNSPECIFIED);
  EXPECT_EQ(reports_->Summarize(client_context().get(), request, &response).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  request.set_group_by(v1::SUMMARY_DIMENSION_INDUSTRY);
  request.set_filter("industry < 3");
  EXPECT_EQ(reports_->Summarize(client_context().get(), request, &response).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

v1::DateInterval days(v1::CivilDate start, std::optional<v1::CivilDate> end = std::nullopt) {
  v1::DateInterval window;
  *window.mutable_start_date() = start;
  if (end) *window.mutable_end_date() = *end;
  return window;
}

using investtrack::testing::civil;

// What a change is, exactly, is the store's tests' (project_store_test.cc); here: the window
// reaches the store, every group carries the counts, and bad windows are refused naming the field.
TEST_F(ApiTest, SummarizeCountsStatusChangesInAWindowOfDaysAndRefusesBadWindows) {
  start();
  ingest_seed();
  v1::SummarizeRequest request;
  request.set_group_by(v1::SUMMARY_DIMENSION_STATUS);
  *request.mutable_status_change_window() = days(civil(2000, 1, 1));
  v1::SummarizeResponse before;
  grpc::Status status = reports_->Summarize(client_context().get(), request, &before);
  ASSERT_TRUE(status.ok()) << status.error_message();

  // A correction of a status is a change today, inside a window without an end.
  const v1::Project food = by_name_part("食品产业园");
  v1::UpdateProjectRequest update;
  update.mutable_project()->set_name(food.name());
  update.mutable_project()->set_status(food.status() == v1::PROJECT_STATUS_COMPLETED
                                           ? v1::PROJECT_STATUS_OPERATING
                                           : v1::PROJECT_STATUS_COMPLETED);
  update.mutable_update_mask()->add_paths("status");
  v1::Project updated;
  ASSERT_TRUE(projects_->UpdateProject(client_context().get(), update, &updated).ok());
  v1::SummarizeResponse after;
  ASSERT_TRUE(reports_->Summarize(client_context().get(), request, &after).ok());
  EXPECT_EQ(after.total().status_change_count(), before.total().status_change_count() + 1);
  EXPECT_EQ(after.total().project_count(), before.total().project_count());
  std::int64_t group_changes = 0;
  std::int64_t group_projects = 0;
  for (const v1::SummaryGroup& group : after.groups()) {
    group_changes += group.status_change_count();
    group_projects += group.projects_with_status_change();
    if (group.key() == v1::ProjectStatus_Name(updated.status())) {
      EXPECT_GE(group.status_change_count(), 1) << group.key();
    }
  }
  EXPECT_EQ(group_changes, after.total().status_change_count());
  EXPECT_EQ(group_projects, after.total().projects_with_status_change());
  EXPECT_GE(after.total().projects_with_status_change(), 1);

  // A window that ended long ago, and no window at all: nothing counted.
  *request.mutable_status_change_window() = days(civil(2000, 1, 1), civil(2000, 1, 2));
  ASSERT_TRUE(reports_->Summarize(client_context().get(), request, &after).ok());
  EXPECT_EQ(after.total().status_change_count(), 0);
  request.clear_status_change_window();
  ASSERT_TRUE(reports_->Summarize(client_context().get(), request, &after).ok());
  EXPECT_EQ(after.total().status_change_count(), 0);
  EXPECT_EQ(after.total().projects_with_status_change(), 0);

  const auto refused = [&](const v1::DateInterval& window) {
    *request.mutable_status_change_window() = window;
    v1::SummarizeResponse response;
    const grpc::Status refusal = reports_->Summarize(client_context().get(), request, &response);
    EXPECT_EQ(refusal.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << refusal.error_message();
    const auto info = error_info(refusal);
    return std::make_pair(info ? info->metadata().at("field") : "", refusal.error_message());
  };
  EXPECT_EQ(refused(v1::DateInterval()).first, "status_change_window.start_date");
  auto [field, message] = refused(days(civil(2026, 12, 1), civil(2026, 11, 1)));
  EXPECT_EQ(field, "status_change_window.end_date");
  EXPECT_THAT(message, HasSubstr("2026-11-01 must be after start_date 2026-12-01"));
  EXPECT_EQ(refused(days(civil(2026, 12, 1), civil(2026, 12, 1))).first,
            "status_change_window.end_date");
  std::tie(field, message) = refused(days(civil(2026, 12, 0)));
  EXPECT_EQ(field, "status_change_window.start_date");
  EXPECT_THAT(message, HasSubstr("must be a whole day"));
  std::tie(field, message) = refused(days(civil(2026, 12, 1), civil(2027, 2, 29)));
  EXPECT_EQ(field, "status_change_window.end_date");
  EXPECT_THAT(message, HasSubstr("2027-02-29 is not a day of the calendar"));
  EXPECT_THAT(refused(days(civil(2026, 13, 1))).second, HasSubstr("is not a day"));
  EXPECT_THAT(refused(days(civil(2026, 1, 257))).second, HasSubstr("is not a day"));
  EXPECT_THAT(refused(days(civil(2026, -1, 1))).second, HasSubstr("is not a day"));
  EXPECT_THAT(refused(days(civil(10000, 1, 1))).second, HasSubstr("must be a whole day"));
}

// --- CallerService ----------------------------------------------------------------------------

TEST_F(ApiTest, GetCallerNamesTheRoleAndNameOfTheCallersTokenAndNothingElse) {
  start({}, {{"INVESTTRACK_TOKENS",
              "read-token-000001 reader Rita;edit-token-000001 editor Ed;admin-token-00001 admin "
              "Ada Lovelace"}});
  const auto callers = v1::CallerService::NewStub(channel_);
  const auto get_caller = [&](const std::string& token, v1::Caller& caller) {
    return callers->GetCaller(client_context(token).get(), v1::GetCallerRequest(), &caller);
  };
  const std::vector<std::tuple<std::string, std::string, v1::CallerRole>> expected{
      {"read-token-000001", "Rita", v1::CALLER_ROLE_READER},
      {"edit-token-000001", "Ed", v1::CALLER_ROLE_EDITOR},
      {"admin-token-00001", "Ada Lovelace", v1::CALLER_ROLE_ADMIN}};
  for (const auto& [token, name, role] : expected) {
    v1::Caller caller;
    const grpc::Status status = get_caller(token, caller);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(caller.display_name(), name);
    EXPECT_EQ(caller.role(), role) << name;
    EXPECT_THAT(caller.DebugString(), ::testing::Not(HasSubstr(token)));
  }
  v1::Caller caller;
  grpc::Status status = get_caller("", caller);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(status.error_message(), HasSubstr("missing credentials"));
  status = get_caller("not-a-token-of-this-server", caller);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(status.error_message(), HasSubstr("not valid"));
  stop_server();
  const std::string log = server_->log();
  EXPECT_THAT(log, HasSubstr("method=GetCaller code=OK"));
  EXPECT_THAT(log, HasSubstr("method=GetCaller code=UNAUTHENTICATED"));
  EXPECT_THAT(log, ::testing::Not(HasSubstr("read-token-000001")));
}

TEST_F(ApiTest, GetCallerOnAServerWithoutTokensIsTheLocalAdmin) {
  start();
  v1::Caller caller;
  const grpc::Status status = v1::CallerService::NewStub(channel_)->GetCaller(
      client_context().get(), v1::GetCallerRequest(), &caller);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(caller.display_name(), "local");
  EXPECT_EQ(caller.role(), v1::CALLER_ROLE_ADMIN);
}

TEST_F(ApiTest, ExportStreamsEveryMatchingProjectAcrossPages) {
  start();
  ingest_seed();
  std::vector<std::string> companies;
  for (int i = 0; i < 12; ++i) companies.push_back("恒通" + std::to_string(i) + "号新材料");
  ingest(bulletin_about(companies, "碳纤维"), "many");
  v1::ExportProjectsRequest request;
  request.set_order_by("display_name");
  auto context = client_context();
  auto reader = reports_->ExportProjects(context.get(), request);
  std::vector<std::string> names;
  v1::Project project;
  while (reader->Read(&project)) names.push_back(project.display_name());
  ASSERT_TRUE(reader->Finish().ok());
  EXPECT_EQ(names.size(), matching("").size());
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));

  request.set_filter("city = \"晋中市\"");
  auto filtered_context = client_context();
  auto filtered = reports_->ExportProjects(filtered_context.get(), request);
  std::size_t count = 0;
  while (filtered->Read(&project)) {
    EXPECT_EQ(project.location().city(), "晋中市");
    ++count;
  }
  ASSERT_TRUE(filtered->Finish().ok());
  EXPECT_EQ(count, matching("city = \"晋中市\"").size());

  request.set_filter("bogus = 1");
  auto bad_context = client_context();
  auto bad = reports_->ExportProjects(bad_context.get(), request);
  while (bad->Read(&project)) {
  }
  EXPECT_EQ(bad->Finish().error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

// --- Auth, deadlines, shutdown ----------------------------------------------------------------

TEST_F(ApiTest, RolesDecideWhoMayDoWhatAndRefusedCallsChangeNothing) {
  start(
      {},
      {{"INVESTTRACK_TOKENS",
        "read-token-000001 reader Rita;edit-token-000001 editor Ed;admin-token-00001 admin Ada"}});
  EXPECT_THAT(server_->log(), HasSubstr("3 access token(s) configured"));

  v1::ListProjectsRequest list_request;
  v1::ListProjectsResponse list_response;
  grpc::Status status =
      projects_->ListProjects(client_context().get(), list_request, &list_response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(projects_->ListProjects(client_context("wrong").get(), list_request, &list_response)
                .error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_TRUE(
      projects_
          ->ListProjects(client_context("read-token-000001").get(), list_request, &list_response)
          .ok());

  v1::IngestBulletinRequest ingest_request;
  ingest_request.set_content(testing::read_file(kSeedPath));
  v1::IngestBulletinResponse ingested;
  status = bulletins_->IngestBulletin(client_context("read-token-000001").get(), ingest_request,
                                      &ingested);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(error_info(status)->metadata().at("requiredRole"), "editor");
  ASSERT_TRUE(
      projects_
          ->ListProjects(client_context("read-token-000001").get(), list_request, &list_response)
          .ok());
  EXPECT_EQ(list_response.projects_size(), 0);
  v1::BatchIngestBulletinsRequest batch_request;
  *batch_request.add_requests() = ingest_request;
  v1::BatchIngestBulletinsResponse batch_response;
  status = bulletins_->BatchIngestBulletins(client_context("read-token-000001").get(),
                                            batch_request, &batch_response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(
      bulletins_
          ->IngestBulletin(client_context("edit-token-000001").get(), ingest_request, &ingested)
          .ok());

  const v1::Project a = ingested.created_projects(0);
  const v1::Project b = ingested.created_projects(1);
  v1::UpdateProjectRequest update = level_update(a.name(), "由读者改");
  v1::Project updated;
  EXPECT_EQ(projects_->UpdateProject(client_context("read-token-000001").get(), update, &updated)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  update = level_update(a.name(), "由编辑改");
  ASSERT_TRUE(
      projects_->UpdateProject(client_context("edit-token-000001").get(), update, &updated).ok());

  v1::MergeProjectsRequest merge;
  merge.set_name(a.name());
  merge.add_sources(b.name());
  v1::MergeProjectsResponse merged;
  EXPECT_EQ(projects_->MergeProjects(client_context("edit-token-000001").get(), merge, &merged)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  v1::GetProjectRequest get_request;
  get_request.set_name(b.name());
  v1::Project still;
  ASSERT_TRUE(
      projects_->GetProject(client_context("read-token-000001").get(), get_request, &still).ok());
  EXPECT_FALSE(still.has_delete_time());
  ASSERT_TRUE(
      projects_->MergeProjects(client_context("admin-token-00001").get(), merge, &merged).ok());

  // The edit log names who did it, and the access log names every caller.
  v1::ListProjectEventsRequest events_request;
  events_request.set_parent(a.name());
  v1::ListProjectEventsResponse timeline;
  ASSERT_TRUE(
      projects_
          ->ListProjectEvents(client_context("read-token-000001").get(), events_request, &timeline)
          .ok());
  std::set<std::string> actors;
  for (const v1::ProjectEvent& e : timeline.events()) {
    if (!e.actor().empty()) actors.insert(e.actor());
  }
  EXPECT_EQ(actors, (std::set<std::string>{"Ed", "Ada"}));
  const std::string log = server_->log();
  EXPECT_THAT(log, HasSubstr("method=UpdateProject code=PERMISSION_DENIED"));
  EXPECT_THAT(log, HasSubstr("method=MergeProjects code=OK"));
  EXPECT_THAT(log, HasSubstr("caller=Ada"));
}

TEST_F(ApiTest, ExpiredDeadlinesAreRefusedBeforeTheDatabase) {
  start();
  v1::ListProjectsRequest request;
  v1::ListProjectsResponse response;
  auto context = client_context({}, 5ms);
  const grpc::Status status = projects_->ListProjects(context.get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
}

// The server's transactions on the test database still open: none once a call has ended.
int open_server_transactions(const std::string& db_url) {
  pqxx::connection c(db_url);
  pqxx::nontransaction tx(c);
  return tx
      .exec1(
          "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
          "AND pid <> pg_backend_pid() AND xact_start IS NOT NULL "
          "AND query NOT ILIKE '%LOCK TABLE%'")[0]
      .as<int>();
}

// The deadline ends the server's work, not only the client's wait: an ingest stuck behind a lock
// is cancelled and rolled back at the deadline, and nothing of it stays open or stored.
TEST_F(ApiTest, AnIngestPastItsDeadlineStopsItsWorkAndRollsBack) {
  start();
  pqxx::connection blocker(db_.url());
  pqxx::work lock(blocker);
  lock.exec("LOCK TABLE projects IN ACCESS EXCLUSIVE MODE");
  v1::IngestBulletinRequest request;
  request.set_content(testing::read_file(kSeedPath));
  request.set_source("seed");
  v1::IngestBulletinResponse response;
  const auto started = std::chrono::steady_clock::now();
  const grpc::Status status =
      bulletins_->IngestBulletin(client_context({}, 1000ms).get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  // The server's work ends within 1.5 s of the deadline (issue 16), the lock still held.
  int open = -1;
  while (std::chrono::steady_clock::now() - started < 2500ms) {
    open = open_server_transactions(db_.url());
    if (open == 0) break;
    std::this_thread::sleep_for(50ms);
  }
  EXPECT_EQ(open, 0) << server_->log();
  lock.abort();
  pqxx::connection c(db_.url());
  pqxx::nontransaction tx(c);
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM bulletins")[0].as<int>(), 0);
  EXPECT_THAT(server_->log(), HasSubstr("method=IngestBulletin code=DEADLINE_EXCEEDED"));
}

// A list of `count` one-line items, the text with the most projects per byte.
std::string one_line_items(int count) {
  static const char* const kHeads[] = {"产业园项目", "物流中心", "光伏电站", "污水处理厂"};
  std::string text;
  for (int i = 0; i < count; ++i) {
    text += "某县第" + std::to_string(i) + "号" + kHeads[i % 4] + "开工建设，总投资" +
            std::to_string(1 + i % 50) + "亿元。\n\n";
  }
  return text;
}

// The duration the server logged for the last call of `method` ending in `code`, once its access
// line (written when its work has ended) is there; nullopt after 10 s without one.
std::optional<double> logged_duration_ms(const testing::ServerProcess& server,
                                         const std::string& method, const std::string& code) {
  const std::regex line("method=" + method + " code=" + code + " duration_ms=([0-9.]+)");
  const auto waited = std::chrono::steady_clock::now();
  while (std::chrono::steady_clock::now() - waited < 10s) {
    const std::string log = server.log();
    std::smatch found;
    if (std::regex_search(log, found, line)) return std::stod(found[1].str());
    std::this_thread::sleep_for(50ms);
  }
  return std::nullopt;
}

// A list of thousands of one-line items (the most projects per byte) takes seconds to store in
// many statements: the deadline ends the whole of it, not each statement in turn.
TEST_F(ApiTest, ALongIngestEndsAtItsDeadlineNotStatementByStatement) {
  start();
  v1::IngestBulletinRequest request;
  request.set_content(one_line_items(4800));
  v1::IngestBulletinResponse response;
  const grpc::Status status =
      bulletins_->IngestBulletin(client_context({}, 700ms).get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  const std::optional<double> duration =
      logged_duration_ms(*server_, "IngestBulletin", "DEADLINE_EXCEEDED");
  ASSERT_TRUE(duration.has_value()) << server_->log();
  EXPECT_LT(*duration, 700 + 1500) << server_->log();
  EXPECT_EQ(open_server_transactions(db_.url()), 0);
  pqxx::connection c(db_.url());
  pqxx::nontransaction tx(c);
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM bulletins")[0].as<int>(), 0);
}

// Up to twice the limit the server itself refuses, with the reason and the limit; beyond that
// gRPC refuses before any handler runs (the CLI explains that text).
TEST_F(ApiTest, ABulletinWellOverTheLimitStillGetsTheReason) {
  start({"--max-bulletin-bytes", "1000"});
  for (const std::size_t size :
       {std::size_t{1001}, std::size_t{2000}, std::size_t{1000 + (1u << 20)}}) {
    v1::IngestBulletinRequest request;
    request.set_content(std::string(size, 'x'));
    v1::IngestBulletinResponse response;
    const grpc::Status status =
        bulletins_->IngestBulletin(client_context().get(), request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << size;
    ASSERT_TRUE(error_info(status).has_value()) << size << ": " << status.error_message();
    EXPECT_EQ(error_info(status)->reason(), "BULLETIN_TOO_LARGE");
    EXPECT_EQ(error_info(status)->metadata().at("limit"), "1000");
  }
}

// ParseBulletin stops parsing at its deadline instead of finishing and answering nobody.
TEST_F(ApiTest, AParseEndsAtItsDeadline) {
  start();
  v1::ParseBulletinRequest request;
  request.set_content(one_line_items(60'000));
  v1::ParseBulletinResponse response;
  const grpc::Status status =
      bulletins_->ParseBulletin(client_context({}, 300ms).get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  const std::optional<double> duration =
      logged_duration_ms(*server_, "ParseBulletin", "DEADLINE_EXCEEDED");
  ASSERT_TRUE(duration.has_value()) << server_->log();
  EXPECT_LT(*duration, 300 + 1000) << server_->log();
}

TEST_F(ApiTest, ABulletinOfTooManyProjectsIsRefusedWithTheLimit) {
  start({"--max-projects-per-bulletin", "2"});
  for (const bool store : {false, true}) {
    grpc::Status status;
    if (store) {
      v1::IngestBulletinRequest request;
      request.set_content(testing::read_file(kSeedPath));
      v1::IngestBulletinResponse response;
      status = bulletins_->IngestBulletin(client_context().get(), request, &response);
    } else {
      v1::ParseBulletinRequest request;
      request.set_content(testing::read_file(kSeedPath));
      v1::ParseBulletinResponse response;
      status = bulletins_->ParseBulletin(client_context().get(), request, &response);
    }
    EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
    ASSERT_TRUE(error_info(status).has_value());
    EXPECT_EQ(error_info(status)->reason(), "TOO_MANY_PROJECTS");
    EXPECT_EQ(error_info(status)->metadata().at("limit"), "2");
  }
  pqxx::connection c(db_.url());
  pqxx::nontransaction tx(c);
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM bulletins")[0].as<int>(), 0);
}

// With one heavy call at a time, a parse waits for the ingest ahead of it, and is refused with a
// reason once its wait is up; lighter calls are not held up meanwhile.
TEST_F(ApiTest, HeavyCallsBeyondTheLimitWaitThenAreRefused) {
  start({"--heavy-calls", "1", "--heavy-call-queue-wait", "0.3"});
  pqxx::connection blocker(db_.url());
  pqxx::work lock(blocker);
  lock.exec("LOCK TABLE projects IN ACCESS EXCLUSIVE MODE");
  // An ingest that holds the only slot, stuck behind the lock until its 4 s deadline.
  auto stuck = std::async(std::launch::async, [&] {
    v1::IngestBulletinRequest request;
    request.set_content(testing::read_file(kSeedPath));
    v1::IngestBulletinResponse response;
    return bulletins_->IngestBulletin(client_context({}, 4000ms).get(), request, &response);
  });
  std::this_thread::sleep_for(500ms);
  v1::ParseBulletinRequest parse;
  parse.set_content(testing::read_file(kSeedPath));
  v1::ParseBulletinResponse parsed;
  const grpc::Status refused = bulletins_->ParseBulletin(client_context().get(), parse, &parsed);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  ASSERT_TRUE(error_info(refused).has_value());
  EXPECT_EQ(error_info(refused)->reason(), "TOO_MANY_HEAVY_CALLS");
  EXPECT_EQ(error_info(refused)->metadata().at("limit"), "1");
  v1::ListBulletinsRequest light;
  v1::ListBulletinsResponse listed;
  EXPECT_TRUE(bulletins_->ListBulletins(client_context().get(), light, &listed).ok());
  EXPECT_EQ(stuck.get().error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  lock.abort();
  // The slot is free again once the stuck call has ended.
  EXPECT_TRUE(bulletins_->ParseBulletin(client_context().get(), parse, &parsed).ok());
}

TEST_F(ApiTest, ShutdownEndsWatchStreamsCleanlyAndReportsCounts) {
  start();
  ingest_seed();
  WatchReader watch(*projects_, v1::WatchProjectsRequest());
  v1::GetProjectRequest missing;
  missing.set_name("projects/none");
  v1::Project project;
  EXPECT_EQ(projects_->GetProject(client_context().get(), missing, &project).error_code(),
            grpc::StatusCode::NOT_FOUND);

  const auto before = std::chrono::steady_clock::now();
  const std::optional<int> exit_status = server_->stop(SIGTERM, 10s);
  ASSERT_TRUE(exit_status.has_value()) << "investtrackd did not stop";
  EXPECT_EQ(*exit_status, 0);
  // Well inside the 5 s grace period: the stream ended instead of being waited for.
  EXPECT_LT(std::chrono::steady_clock::now() - before, 3s) << server_->log();
  const grpc::Status status = watch.finish_status();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  ASSERT_TRUE(error_info(status).has_value());
  EXPECT_EQ(error_info(status)->reason(), "SERVER_SHUTTING_DOWN");
  EXPECT_FALSE(error_info(status)->metadata().at("resumeToken").empty());
  const std::string log = server_->log();
  EXPECT_THAT(log, HasSubstr("GetProject NOT_FOUND=1"));
  EXPECT_THAT(log, HasSubstr("IngestBulletin OK=1"));
}

// 100 distinct bulletins of five new projects each: a call that takes a good part of a second.
v1::BatchIngestBulletinsRequest slow_batch() {
  const std::vector<std::string> firms = {"恒通", "瑞丰", "金鼎", "宏达", "天润",
                                          "鑫源", "华晋", "泰和", "安泰", "丰源"};
  const std::vector<std::string> trades = {"新材料", "科技", "能源", "化工", "机械"};
  const std::vector<std::string> products = {"碳纤维", "铝型材",   "玻璃纤维", "光伏组件",
                                             "锂电池", "特种钢材", "燃料电池", "有机硅",
                                             "石墨烯", "陶瓷材料"};
  v1::BatchIngestBulletinsRequest request;
  for (const std::string& firm : firms) {
    std::vector<std::string> companies;
    for (const std::string& trade : trades) companies.push_back("晋中" + firm + trade);
    for (const std::string& product : products) {
      *request.add_requests() = ingest_request(bulletin_about(companies, product), product);
    }
  }
  return request;
}

// Sends slow_batch(), stops the server with SIGTERM 100 ms later and returns the call's status.
grpc::Status stop_during_slow_batch(v1::BulletinService::Stub& stub, testing::ServerProcess& server,
                                    v1::BatchIngestBulletinsResponse& response) {
  const v1::BatchIngestBulletinsRequest request = slow_batch();
  std::future<grpc::Status> call = std::async(std::launch::async, [&] {
    return stub.BatchIngestBulletins(client_context().get(), request, &response);
  });
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(server.stop(SIGTERM, 10s), std::optional<int>(0));
  return call.get();
}

TEST_F(ApiTest, ShutdownLetsACallInFlightFinishWithinTheGracePeriod) {
  start();
  v1::BatchIngestBulletinsResponse response;
  const grpc::Status status = stop_during_slow_batch(*bulletins_, *server_, response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(response.results_size(), 100);
  for (const v1::BatchIngestBulletinsResult& result : response.results()) {
    EXPECT_EQ(result.status().code(), 0) << result.status().message();
  }
  // The call was still open when the signal came, and it ended as it would have anyway.
  const std::string log = server_->log();
  const std::size_t signalled = log.find("SIGTERM received");
  const std::size_t answered = log.find("method=BatchIngestBulletins code=OK");
  ASSERT_NE(answered, std::string::npos) << log;
  EXPECT_LT(signalled, answered) << log;
}

TEST_F(ApiTest, ShutdownCancelsACallStillOpenWhenTheGracePeriodEnds) {
  start({"--grace-period", "0.05"});
  v1::BatchIngestBulletinsResponse response;
  EXPECT_FALSE(stop_during_slow_batch(*bulletins_, *server_, response).ok());
  EXPECT_THAT(server_->log(), HasSubstr("grace period over: cancelled 1 call(s) still open"));
}

}  // namespace
}  // namespace investtrack
