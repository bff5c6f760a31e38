// The built investtrack binary against the real investtrackd and PostgreSQL over loopback: what a
// script sees (stdout, stderr, exit code) for every command.
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "child_process.h"
#include "test_data.h"
#include "test_db.h"
#include "test_server.h"
#include "text_table.h"

namespace investtrack::testing {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

constexpr const char* kFoodPark = "武乡县食品产业园项目";

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

class CliLoopbackTest : public ::testing::Test {
 protected:
  // Resume tokens are signed with this key; a fixed one lets them survive a server restart, as
  // they do in a deployment that sets INVESTTRACK_PAGE_TOKEN_KEY.
  void SetUp() override { start_server(0); }
  void start_server(int port) {
    ServerOptions options;
    options.extra_args = {"--page-token-key", kKey};
    options.port = port;
    server_.emplace(db_.url(), options);
  }

  static constexpr const char* kKey = "cli-loopback-test-signing-key";

  CommandResult cli(const std::vector<std::string>& args) {
    return run_cli(server_->address(), args);
  }

  // Ingests the sample bulletin and returns every project as ListProjects JSON.
  nlohmann::json ingest_sample() {
    const auto ingest = cli({"ingest", INVESTTRACK_SEED_BULLETIN});
    EXPECT_EQ(ingest.exit_code, 0) << ingest.err;
    return list_all();
  }

  nlohmann::json list_all(const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args{"list", "--all", "--format", "json"};
    args.insert(args.end(), extra.begin(), extra.end());
    const auto list = cli(args);
    EXPECT_EQ(list.exit_code, 0) << list.err;
    const auto json = nlohmann::json::parse(list.out);
    return json.contains("projects") ? json["projects"] : nlohmann::json::array();
  }

  // The stored project with this display name; fails the test when there is none.
  nlohmann::json project_named(const nlohmann::json& projects, const std::string& display_name) {
    for (const auto& project : projects) {
      if (project.value("display_name", "") == display_name) return project;
    }
    ADD_FAILURE() << "no project named " << display_name << " in " << projects.dump();
    return nlohmann::json::object();
  }

  ScratchDatabase db_;
  std::optional<ServerProcess> server_;
};

TEST_F(CliLoopbackTest, IngestSaysWhatItCreatedAndThatTheSameFileAgainIsADuplicate) {
  auto first = cli({"ingest", INVESTTRACK_SEED_BULLETIN});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_THAT(first.out, StartsWith(std::string(INVESTTRACK_SEED_BULLETIN) + ": bulletins/"));
  EXPECT_THAT(first.out, ::testing::ContainsRegex(": [1-9][0-9]* created, 0 updated\n$"));

  auto again = cli({"ingest", "--source", "second-upload", INVESTTRACK_SEED_BULLETIN});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_THAT(again.out, HasSubstr(": duplicate, nothing changed\n"));

  // One good file and one missing: the good one is stored, the exit code says some failed.
  auto mixed = cli({"ingest", "/nonexistent/bulletin.txt", INVESTTRACK_SEED_BULLETIN});
  EXPECT_EQ(mixed.exit_code, 1);
  EXPECT_THAT(mixed.err,
              HasSubstr("investtrack ingest: /nonexistent/bulletin.txt: cannot open file"));
  EXPECT_THAT(mixed.out, HasSubstr("duplicate"));

  const auto bulletins = cli({"bulletins"});
  ASSERT_EQ(bulletins.exit_code, 0) << bulletins.err;
  EXPECT_THAT(bulletins.out, HasSubstr(INVESTTRACK_SEED_BULLETIN));
}

TEST_F(CliLoopbackTest, ManyFilesGoInBatchesWithALineForEachInOrder) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                    ("investtrack-cli-batch-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::vector<std::string> files;
  for (int i = 0; i < 60; ++i) {
    const std::string path = (dir / ("bulletin-" + std::to_string(i) + ".txt")).string();
    std::ofstream(path) << "山西经济信息\n2023年第12期\n\n本刊讯 11月5日，晋中市榆次区的晋中恒通"
                        << i << "号新材料有限公司年产10万吨碳纤维项目正式开工建设。\n";
    files.push_back(path);
  }
  // Not text: refused by the server, alone.
  const std::string binary = (dir / "binary.txt").string();
  std::ofstream(binary) << std::string("\0\1\2 not a bulletin", 20);
  files.insert(files.begin() + 30, binary);
  files.push_back(INVESTTRACK_SEED_BULLETIN);

  std::vector<std::string> args{"ingest"};
  args.insert(args.end(), files.begin(), files.end());
  const auto run = cli(args);
  std::filesystem::remove_all(dir);
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_THAT(run.err, HasSubstr("ingest " + binary));
  const std::vector<std::string> lines = lines_of(run.out);
  ASSERT_EQ(lines.size(), files.size() - 1) << run.out;
  std::size_t line = 0;
  for (const std::string& file : files) {
    if (file == binary) continue;
    EXPECT_THAT(lines[line++], StartsWith(file + ": bulletins/"));
  }
  EXPECT_THAT(lines.back(), ::testing::ContainsRegex(": [1-9][0-9]* created, 0 updated$"));
  EXPECT_EQ(list_all({"--filter", "display_name:\"号新材料\""}).size(), 60u);
  // 62 files in two calls (50 at most each), not 62.
  const std::string log = server_->log();
  std::size_t batches = 0;
  for (std::size_t at = log.find("method=BatchIngestBulletins"); at != std::string::npos;
       at = log.find("method=BatchIngestBulletins", at + 1)) {
    ++batches;
  }
  EXPECT_EQ(batches, 2u);
  EXPECT_THAT(log, Not(HasSubstr("method=IngestBulletin ")));
}

TEST_F(CliLoopbackTest, ListPrintsJsonTableAndCsvWithExactFigures) {
  const auto projects = ingest_sample();
  ASSERT_GE(projects.size(), 5u);
  const auto park = project_named(projects, kFoodPark);
  EXPECT_EQ(park["total_investment"]["units"], "120000000");
  EXPECT_EQ(park["total_investment"]["currency_code"], "CNY");
  EXPECT_EQ(park["location"]["county"], "武乡县");
  EXPECT_THAT(park.value("name", ""), StartsWith("projects/"));

  const auto table = cli({"list", "--all"});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_THAT(table.out, HasSubstr(kFoodPark));
  EXPECT_THAT(table.out, HasSubstr("120,000,000 CNY"));
  // Chinese names take two columns each: every row's status column starts at the same display
  // column as the header's.
  const auto rows = lines_of(table.out);
  ASSERT_GE(rows.size(), projects.size() + 2);
  const std::size_t status_column =
      client::display_width(rows[0].substr(0, rows[0].find("status")));
  for (std::size_t i = 2; i < rows.size(); ++i) {
    bool found = false;
    for (const char* status : {"UNKNOWN", "ANNOUNCED", "SIGNED", "PREPARING", "UNDER_CONSTRUCTION",
                               "COMPLETED", "OPERATING", "SUSPENDED", "CANCELLED"}) {
      const std::size_t at = rows[i].find(std::string("  ") + status);
      if (at == std::string::npos) continue;
      EXPECT_EQ(client::display_width(rows[i].substr(0, at + 2)), status_column) << rows[i];
      found = true;
      break;
    }
    EXPECT_TRUE(found) << rows[i];
  }

  const auto csv = cli({"list", "--all", "--format", "csv", "--bom"});
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_THAT(
      csv.out,
      StartsWith("\xEF\xBB\xBFname,display_name,status,total_investment,currency_code,province,"
                 "city,county,zone,division_code,industry,organizations,level,project_code,"
                 "create_time,update_time,delete_time\r\n"));
  EXPECT_THAT(csv.out, HasSubstr(park["name"].get<std::string>() + "," + kFoodPark + ","));
  EXPECT_THAT(csv.out, HasSubstr(",120000000,CNY,山西省,长治市,武乡县,"));
  EXPECT_EQ(std::count(csv.out.begin(), csv.out.end(), '\n'),
            static_cast<long>(projects.size() + 1));
}

TEST_F(CliLoopbackTest, PagesFollowTheTokenWithoutRepeatsOrGaps) {
  const auto projects = ingest_sample();
  ASSERT_GE(projects.size(), 3u);
  const auto first = cli({"list", "--page-size", "2", "--format", "json"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  const auto page = nlohmann::json::parse(first.out);
  ASSERT_EQ(page["projects"].size(), 2u);
  const std::string token = page.value("next_page_token", "");
  ASSERT_FALSE(token.empty());

  // The table says where to continue, on stderr.
  const auto table = cli({"list", "--page-size", "2"});
  EXPECT_THAT(table.err, HasSubstr("more results: --page-token "));

  const auto second = cli({"list", "--page-size", "2", "--page-token", token, "--format", "json"});
  ASSERT_EQ(second.exit_code, 0) << second.err;
  const auto next = nlohmann::json::parse(second.out);
  ASSERT_FALSE(next["projects"].empty());
  EXPECT_NE(next["projects"][0]["name"], page["projects"][0]["name"]);
  EXPECT_NE(next["projects"][0]["name"], page["projects"][1]["name"]);

  std::set<std::string> paged;
  for (const auto& project : list_all({"--page-size", "2"}))
    paged.insert(project["name"].get<std::string>());
  std::set<std::string> whole;
  for (const auto& project : projects) whole.insert(project["name"].get<std::string>());
  EXPECT_EQ(paged, whole);
}

TEST_F(CliLoopbackTest, FiltersReachTheServerAndABadOneExitsWithSevenAndTheServersMessage) {
  const auto projects = ingest_sample();
  const auto filtered =
      list_all({"--filter", "total_investment >= 100000000 AND county = \"武乡县\""});
  ASSERT_FALSE(filtered.empty());
  for (const auto& project : filtered) EXPECT_EQ(project["location"]["county"], "武乡县");
  EXPECT_LT(filtered.size(), projects.size());

  const auto bad = cli({"list", "--filter", "colour = \"red\""});
  EXPECT_EQ(bad.exit_code, 7);
  EXPECT_THAT(bad.err, StartsWith("investtrack list: INVALID_ARGUMENT: "));
  EXPECT_THAT(bad.err, HasSubstr("colour"));
  EXPECT_EQ(bad.out, "");
}

TEST_F(CliLoopbackTest, GetAndHistoryShowOneProject) {
  const auto park = project_named(ingest_sample(), kFoodPark);
  const std::string name = park["name"];
  const std::string id = name.substr(name.find('/') + 1);

  const auto text = cli({"get", id});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_THAT(text.out, HasSubstr(kFoodPark));
  EXPECT_THAT(text.out, HasSubstr("120,000,000 CNY"));
  EXPECT_THAT(text.out, HasSubstr("etag"));

  const auto json = cli({"get", name, "--format", "json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_EQ(nlohmann::json::parse(json.out)["total_investment"]["units"], "120000000");

  const auto history = cli({"history", id});
  ASSERT_EQ(history.exit_code, 0) << history.err;
  EXPECT_THAT(history.out, HasSubstr("OBSERVATION"));

  const auto missing = cli({"get", "no-such-project"});
  EXPECT_EQ(missing.exit_code, 4);
  EXPECT_THAT(missing.err, StartsWith("investtrack get: NOT_FOUND: "));
}

TEST_F(CliLoopbackTest, GetAndHistoryShowHowTheStatedTotalChangedInDateOrder) {
  // Two reports of one park, the later one first: the total was raised from 12亿 to 15亿.
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("cli-amounts-" + db_.name());
  std::filesystem::create_directories(dir);
  const auto write = [&](const std::string& file, const std::string& text) {
    std::ofstream(dir / file) << text;
    return (dir / file).string();
  };
  const std::string march =
      write("march.txt", "晋中日报讯 晋中市榆次区智能装备产业园项目开工建设，项目总投资12亿元。\n");
  const std::string september =
      write("september.txt",
            "晋中日报讯 晋中市榆次区智能装备产业园项目总投资调增至15亿元，主体厂房已封顶。\n");
  ASSERT_EQ(cli({"ingest", "--date", "2023-09-01", september}).exit_code, 0);
  ASSERT_EQ(cli({"ingest", "--date", "2023-03-01", march}).exit_code, 0);
  std::filesystem::remove_all(dir);

  const auto park = project_named(list_all(), "晋中市榆次区智能装备产业园项目");
  EXPECT_EQ(park["total_investment"]["units"], "1500000000");  // the newest stated total
  const std::string name = park["name"];
  const auto text = cli({"get", name});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  const std::size_t history = text.out.find("investment history:");
  ASSERT_NE(history, std::string::npos) << text.out;
  const std::size_t first = text.out.find("2023-03-01  1,200,000,000 CNY", history);
  const std::size_t second = text.out.find("2023-09-01  1,500,000,000 CNY", history);
  EXPECT_NE(first, std::string::npos) << text.out;
  EXPECT_NE(second, std::string::npos) << text.out;
  EXPECT_LT(first, second) << text.out;

  const auto events = cli({"history", name});
  ASSERT_EQ(events.exit_code, 0) << events.err;
  EXPECT_THAT(events.out, HasSubstr("investment"));
  EXPECT_LT(events.out.find("1,200,000,000 CNY"), events.out.find("1,500,000,000 CNY"))
      << events.out;
}

TEST_F(CliLoopbackTest, APhaseShowsItsProjectAndTheProjectItsPhases) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("cli-phases-" + db_.name());
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "phase.txt") << "晋中日报讯 晋中市榆次区智能装备产业园二期项目开工建设。\n";
  std::ofstream(dir / "park.txt") << "晋中日报讯 晋中市榆次区智能装备产业园项目建成投产。\n";
  ASSERT_EQ(cli({"ingest", "--date", "2023-09-01", (dir / "phase.txt").string()}).exit_code, 0);
  ASSERT_EQ(cli({"ingest", "--date", "2023-03-01", (dir / "park.txt").string()}).exit_code, 0);
  std::filesystem::remove_all(dir);

  const auto projects = list_all();
  const auto park = project_named(projects, "晋中市榆次区智能装备产业园项目");
  const auto phase = project_named(projects, "晋中市榆次区智能装备产业园二期项目");
  EXPECT_EQ(phase.value("parent", ""), park.value("name", "x"));
  const auto phase_text = cli({"get", phase.value("name", "")});
  EXPECT_THAT(phase_text.out, HasSubstr("parent"));
  const auto park_text = cli({"get", park.value("name", "")});
  ASSERT_EQ(park_text.exit_code, 0) << park_text.err;
  EXPECT_THAT(park_text.out, HasSubstr("phases recorded apart:"));
  EXPECT_THAT(park_text.out, HasSubstr("晋中市榆次区智能装备产业园二期项目  UNDER_CONSTRUCTION"));
  // Projects only: the phase is left out.
  EXPECT_EQ(list_all({"--filter", "parent = \"\""}).size(), 1u);
  const auto bad = cli({"list", "--filter", "parent = \"晋中\""});
  EXPECT_EQ(bad.exit_code, 7);
  EXPECT_THAT(bad.err, HasSubstr("projects/{id}"));
}

TEST_F(CliLoopbackTest, EditChangesOnlyTheGivenFieldsAndAStaleEtagExitsWithSix) {
  const auto park = project_named(ingest_sample(), kFoodPark);
  const std::string name = park["name"];
  const std::string old_etag = park["etag"];

  const auto edit = cli({"edit", name, "--status", "operating", "--reason",
                         "投产 reported by phone", "--format", "json"});
  ASSERT_EQ(edit.exit_code, 0) << edit.err;
  const auto edited = nlohmann::json::parse(edit.out);
  EXPECT_EQ(edited["status"], "PROJECT_STATUS_OPERATING");
  EXPECT_EQ(edited["display_name"], kFoodPark);
  EXPECT_EQ(edited["total_investment"]["units"], "120000000");
  EXPECT_NE(edited["etag"], old_etag);

  const auto history = cli({"history", name});
  EXPECT_THAT(history.out, HasSubstr("EDIT"));
  EXPECT_THAT(history.out, HasSubstr("投产 reported by phone"));

  const auto stale =
      cli({"edit", name, "--display-name", "别的名字", "--reason", "late", "--etag", old_etag});
  EXPECT_EQ(stale.exit_code, 6);
  EXPECT_THAT(stale.err, StartsWith("investtrack edit: ABORTED: "));
  const auto after = cli({"get", name, "--format", "json"});
  EXPECT_EQ(nlohmann::json::parse(after.out)["display_name"], kFoodPark);
}

TEST_F(CliLoopbackTest, DeleteHidesAProjectAndUndeleteBringsItBack) {
  const auto park = project_named(ingest_sample(), kFoodPark);
  const std::string name = park["name"];
  const auto deleted = cli({"delete", name, "--reason", "duplicate entry"});
  ASSERT_EQ(deleted.exit_code, 0) << deleted.err;
  EXPECT_EQ(deleted.out, name + " deleted\n");
  for (const auto& project : list_all()) EXPECT_NE(project["name"], name);

  const auto restored = cli({"undelete", name, "--reason", "not a duplicate after all"});
  ASSERT_EQ(restored.exit_code, 0) << restored.err;
  bool back = false;
  for (const auto& project : list_all()) back = back || project["name"] == name;
  EXPECT_TRUE(back);
}

TEST_F(CliLoopbackTest, SummaryGroupsByCityAndAgreesWithTheList) {
  const auto projects = ingest_sample();
  std::size_t changzhi = 0;
  for (const auto& project : projects)
    changzhi += project["location"].value("city", "") == "长治市" ? 1 : 0;
  ASSERT_GT(changzhi, 0u);

  const auto csv = cli({"summary", "--by", "city", "--format", "csv"});
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_THAT(csv.out, StartsWith("city,projects,with_investment,total_investment_cny\r\n"));
  EXPECT_THAT(csv.out, HasSubstr("\r\n长治市," + std::to_string(changzhi) + ","));

  const auto table = cli({"summary", "--by", "status"});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_THAT(table.out,
              ::testing::ContainsRegex("\ntotal +" + std::to_string(projects.size()) + " "));

  const auto json = cli({"summary", "--by", "industry", "--format", "json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_EQ(nlohmann::json::parse(json.out)["total"]["project_count"],
            std::to_string(projects.size()));
}

TEST_F(CliLoopbackTest, ExportWritesCsvAndJsonLinesToAFile) {
  const auto projects = ingest_sample();
  const auto dir =
      std::filesystem::temp_directory_path() / ("cli_export_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);

  const auto csv_path = dir / "projects.csv";
  const auto csv = cli({"export", "--format", "csv", "--bom", "--output", csv_path.string()});
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  const std::string csv_text = read_file(csv_path);
  EXPECT_THAT(csv_text, StartsWith("\xEF\xBB\xBFname,display_name,"));
  EXPECT_THAT(csv_text, HasSubstr(",120000000,CNY,"));
  EXPECT_EQ(std::count(csv_text.begin(), csv_text.end(), '\n'),
            static_cast<long>(projects.size() + 1));
  EXPECT_FALSE(std::filesystem::exists(dir / "projects.csv.partial"));

  const auto jsonl = cli({"export", "--format", "jsonl"});
  ASSERT_EQ(jsonl.exit_code, 0) << jsonl.err;
  const auto lines = lines_of(jsonl.out);
  ASSERT_EQ(lines.size(), projects.size());
  bool found = false;
  for (const auto& line : lines) {
    const auto project = nlohmann::json::parse(line);
    found = found || project.value("display_name", "") == kFoodPark;
  }
  EXPECT_TRUE(found);

  // A refused export leaves no file behind.
  const auto bad_path = dir / "bad.csv";
  const auto bad = cli({"export", "--filter", "colour = red", "--output", bad_path.string()});
  EXPECT_EQ(bad.exit_code, 7);
  EXPECT_FALSE(std::filesystem::exists(bad_path));
  EXPECT_FALSE(std::filesystem::exists(dir / "bad.csv.partial"));
  std::filesystem::remove_all(dir);
}

// Waits until `watcher` says its watch is in place (stderr "watching").
bool wait_until_watching(ChildProcess& watcher) {
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  while (std::chrono::steady_clock::now() < deadline) {
    if (watcher.err().find("investtrack watch: watching") != std::string::npos) return true;
    std::this_thread::sleep_for(20ms);
  }
  return false;
}

// Edits `name`'s display name until `watcher` has printed a line for the edit within a second of
// it (a later attempt covers a watch that reconnects meanwhile).
bool edit_until_seen(ChildProcess& watcher, const std::string& name,
                     const std::string& display_name, std::chrono::seconds timeout,
                     const std::function<CommandResult(const std::vector<std::string>&)>& cli) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  int attempt = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    const std::string wanted = display_name + std::to_string(attempt++);
    const auto edit = cli({"edit", name, "--display-name", wanted, "--reason", "watch test"});
    if (edit.exit_code != 0) return false;
    const auto seen_by = std::chrono::steady_clock::now() + 1s;
    while (std::chrono::steady_clock::now() < seen_by) {
      if (watcher.out().find("\tUPDATED\t" + name + "\t" + wanted + "\t") != std::string::npos)
        return true;
      std::this_thread::sleep_for(50ms);
    }
  }
  return false;
}

TEST_F(CliLoopbackTest, WatchPrintsEditsWithinASecondAndResumesFromItsToken) {
  const auto park = project_named(ingest_sample(), kFoodPark);
  const std::string name = park["name"];
  auto cli_fn = [this](const std::vector<std::string>& args) { return cli(args); };

  ChildProcess watcher({cli_path(), "--server", server_->address(), "watch", "--duration", "60"});
  ASSERT_TRUE(wait_until_watching(watcher)) << watcher.err();
  ASSERT_TRUE(edit_until_seen(watcher, name, "食品园", 20s, cli_fn))
      << "watch printed:\n"
      << watcher.out() << "\nstderr:\n"
      << watcher.err();

  // Resuming after the first line seen replays what came after it, even though this watcher
  // starts later.
  const std::string first_line = lines_of(watcher.out()).front();
  const std::string token = first_line.substr(first_line.rfind('\t') + 1);
  const auto later = cli({"edit", name, "--display-name", "恢复后可见", "--reason", "resume test"});
  ASSERT_EQ(later.exit_code, 0) << later.err;
  const auto resumed = cli({"watch", "--resume", token, "--duration", "2"});
  EXPECT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_THAT(resumed.out, HasSubstr("\tUPDATED\t" + name + "\t恢复后可见\t"));
  EXPECT_THAT(resumed.out, Not(HasSubstr(first_line)));
  watcher.signal(SIGTERM);
  watcher.wait(10s);
}

TEST_F(CliLoopbackTest, WatchReconnectsAfterTheServerComesBack) {
  const auto park = project_named(ingest_sample(), kFoodPark);
  const std::string name = park["name"];
  auto cli_fn = [this](const std::vector<std::string>& args) { return cli(args); };
  ChildProcess watcher({cli_path(), "--server", server_->address(), "watch", "--duration", "90"});
  ASSERT_TRUE(wait_until_watching(watcher)) << watcher.err();
  ASSERT_TRUE(edit_until_seen(watcher, name, "重启前", 20s, cli_fn)) << watcher.err();

  const int port = server_->port();
  server_.reset();
  start_server(port);
  ASSERT_TRUE(edit_until_seen(watcher, name, "重启后", 30s, cli_fn))
      << "watch printed:\n"
      << watcher.out() << "\nstderr:\n"
      << watcher.err();
  EXPECT_THAT(watcher.err(), HasSubstr("reconnecting"));
  watcher.signal(SIGTERM);
  watcher.wait(10s);
}

TEST_F(CliLoopbackTest, ReviewListsTheQueue) {
  ingest_sample();
  const auto review = cli({"review", "--show-resolved"});
  EXPECT_EQ(review.exit_code, 0) << review.err;
  EXPECT_THAT(review.out, StartsWith("item"));
}

TEST_F(CliLoopbackTest, MergeHidesTheSourceAndSplitRestoresIt) {
  const auto projects = ingest_sample();
  ASSERT_GE(projects.size(), 2u);
  const std::string target = projects[0]["name"];
  const std::string source = projects[1]["name"];
  const auto merge = cli({"merge", target, source, "--reason", "one project under two names"});
  ASSERT_EQ(merge.exit_code, 0) << merge.err;
  const std::string marker = " as merges/";
  const std::size_t at = merge.out.find(marker);
  ASSERT_NE(at, std::string::npos) << merge.out;
  const std::string merge_name =
      merge.out.substr(at + 4, merge.out.find(' ', at + marker.size()) - at - 4);
  for (const auto& project : list_all()) EXPECT_NE(project["name"], source);

  const auto split =
      cli({"split", target, "--merge", merge_name, "--reason", "they were two after all"});
  ASSERT_EQ(split.exit_code, 0) << split.err;
  bool restored = false;
  for (const auto& project : list_all()) restored = restored || project["name"] == source;
  EXPECT_TRUE(restored);
}

TEST_F(CliLoopbackTest, TokensAreSentAndAWrongOrWeakOneExitsWithFive) {
  const auto token_file = std::filesystem::temp_directory_path() /
                          ("cli_tokens_" + std::to_string(::getpid()) + ".txt");
  {
    std::ofstream tokens(token_file);
    tokens << "reader-secret-0001 reader alice\neditor-secret-0002 editor bob\n";
  }
  server_.reset();
  ServerOptions with_tokens;
  with_tokens.extra_args = {"--token-file", token_file.string()};
  server_.emplace(db_.url(), with_tokens);

  const auto anonymous = cli({"list"});
  EXPECT_EQ(anonymous.exit_code, 5);
  EXPECT_THAT(anonymous.err, StartsWith("investtrack list: UNAUTHENTICATED: "));

  const auto wrong = cli({"--token", "guess", "list"});
  EXPECT_EQ(wrong.exit_code, 5);

  // whoami names the token's owner and role, and refuses no token as every command does.
  const auto reader = cli({"--token", "reader-secret-0001", "whoami"});
  EXPECT_EQ(reader.exit_code, 0) << reader.err;
  EXPECT_EQ(reader.out, "alice\treader\n");
  const auto editor = cli({"--token", "editor-secret-0002", "whoami", "--format", "json"});
  EXPECT_EQ(editor.exit_code, 0) << editor.err;
  EXPECT_THAT(editor.out, HasSubstr("\"role\":\"CALLER_ROLE_EDITOR\""));
  EXPECT_THAT(editor.out, Not(HasSubstr("editor-secret-0002")));
  const auto nobody = cli({"whoami"});
  EXPECT_EQ(nobody.exit_code, 5);
  EXPECT_THAT(nobody.err, StartsWith("investtrack whoami: UNAUTHENTICATED: "));

  const auto reader_ingest =
      cli({"--token", "reader-secret-0001", "ingest", INVESTTRACK_SEED_BULLETIN});
  EXPECT_EQ(reader_ingest.exit_code, 5);
  EXPECT_THAT(reader_ingest.err, HasSubstr("PERMISSION_DENIED"));

  const auto editor_ingest =
      cli({"--token", "editor-secret-0002", "ingest", INVESTTRACK_SEED_BULLETIN});
  EXPECT_EQ(editor_ingest.exit_code, 0) << editor_ingest.err;

  // The token may come from the environment instead of the command line.
  ChildProcess from_env({"/usr/bin/env", "INVESTTRACK_TOKEN=reader-secret-0001",
                         "INVESTTRACK_SERVER=" + server_->address(), cli_path(), "list", "--format",
                         "json"});
  ASSERT_EQ(from_env.wait(60s), 0) << from_env.err();
  EXPECT_THAT(from_env.out(), HasSubstr(kFoodPark));
  std::filesystem::remove(token_file);
}

TEST_F(CliLoopbackTest, AStoppedRunNamesTheFilesItDidNotStoreOrCannotTellAbout) {
  // 51 small files: a first batch of 50, then one more, against a server that is gone.
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("cli-stopped-" + db_.name());
  std::filesystem::create_directories(dir);
  std::vector<std::string> args{"--timeout", "5", "ingest"};
  for (int i = 0; i < 51; ++i) {
    const std::string file = (dir / ("b" + std::to_string(100 + i) + ".txt")).string();
    std::ofstream(file) << "晋中日报讯 晋中市第" << i << "号产业园项目开工建设。\n";
    args.push_back(file);
  }
  const std::string address = server_->address();
  server_.reset();
  const auto ingest = run_cli(address, args);
  std::filesystem::remove_all(dir);
  EXPECT_EQ(ingest.exit_code, 3);
  EXPECT_THAT(ingest.err, HasSubstr("UNAVAILABLE"));
  EXPECT_THAT(ingest.err,
              HasSubstr("the outcome of these files is unknown, some may be stored (50;"));
  EXPECT_THAT(ingest.err, HasSubstr("b100.txt"));
  EXPECT_THAT(ingest.err, HasSubstr("not sent, the run stopped (1;"));
  EXPECT_THAT(ingest.err, HasSubstr("b150.txt"));
}

TEST_F(CliLoopbackTest, AStoppedServerExitsWithThree) {
  const std::string address = server_->address();
  server_.reset();
  const auto list = run_cli(address, {"--timeout", "5", "list"});
  EXPECT_EQ(list.exit_code, 3);
  EXPECT_THAT(list.err, StartsWith("investtrack list: UNAVAILABLE: "));
  const auto watch = run_cli(address, {"--timeout", "2", "watch"});
  EXPECT_EQ(watch.exit_code, 3);
  EXPECT_THAT(watch.err, HasSubstr("investtrack watch: UNAVAILABLE"));
}

}  // namespace
}  // namespace investtrack::testing
