// The seed bulletin end to end: the real parser's output ingested into a real PostgreSQL, checked
// against the hand-labelled gold file the way shared/eval/score.py matches projects (a stored
// project whose display name holds one of a gold project's "match" keys, greedy, one to one).
#include <atomic>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>
#include <variant>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "investtrack/parser/parse.h"
#include "investtrack/parser_proto/convert.h"
#include "server/store/connection_pool.h"
#include "server/store/filter.h"
#include "server/store/project_store.h"
#include "test_db.h"

namespace investtrack::store {
namespace {

const std::string kSeedName = "000_591e0df0c0e1022c";

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

struct GoldProject {
  std::string name;
  std::vector<std::string> match_keys;
  bool required = false;
  std::string status;
};

std::vector<GoldProject> load_gold() {
  const nlohmann::json gold = nlohmann::json::parse(
      read_file(std::string(INVESTTRACK_TEST_DATA) + "/" + kSeedName + ".gold.json"));
  std::vector<GoldProject> projects;
  for (const auto& entry : gold.at("projects")) {
    GoldProject p;
    p.name = entry.at("name").get<std::string>();
    p.match_keys = entry.at("match").get<std::vector<std::string>>();
    p.required = entry.at("required").get<bool>();
    p.status = entry.at("status").get<std::string>();
    projects.push_back(std::move(p));
  }
  return projects;
}

// score.py's norm_name: drops blanks, quotes, book-title marks and brackets (ASCII and full-width).
std::string normalized_name(const std::string& name) {
  static const std::vector<std::string> kDropped = {"“",  "”",  "《", "》", "「",
                                                    "」", "『", "』", "（", "）"};
  std::string out;
  for (std::size_t i = 0; i < name.size();) {
    const unsigned char c = static_cast<unsigned char>(name[i]);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == '"' ||
        c == '\'' || c == '(' || c == ')') {
      ++i;
      continue;
    }
    bool dropped = false;
    for (const std::string& mark : kDropped) {
      if (name.compare(i, mark.size(), mark) == 0) {
        i += mark.size();
        dropped = true;
        break;
      }
    }
    if (!dropped) out += name[i++];
  }
  return out;
}

// Gold index -> index into `stored`, greedy in gold order like score.py.
std::map<std::size_t, std::size_t> match_gold(const std::vector<GoldProject>& gold,
                                              const std::vector<v1::Project>& stored) {
  std::map<std::size_t, std::size_t> pairs;
  std::vector<bool> used(stored.size(), false);
  for (std::size_t g = 0; g < gold.size(); ++g) {
    for (std::size_t s = 0; s < stored.size(); ++s) {
      if (used[s]) continue;
      const std::string name = normalized_name(stored[s].display_name());
      bool hit = false;
      for (const std::string& key : gold[g].match_keys) {
        if (name.find(normalized_name(key)) != std::string::npos) hit = true;
      }
      if (hit) {
        pairs[g] = s;
        used[s] = true;
        break;
      }
    }
  }
  return pairs;
}

struct SeedBulletin {
  BulletinInput input;
  v1::ParseResult parsed;
};

// The seed parsed for real, as the server would: base date 2023-10-31 (the gold's). `trailer`
// is appended to the bytes to make a different bulletin (another content hash) with the same
// projects.
SeedBulletin parse_seed(const std::string& trailer = {}) {
  const std::string bytes =
      read_file(std::string(INVESTTRACK_TEST_DATA) + "/" + kSeedName + ".txt") + trailer;
  parser::ParseOptions options;
  options.base_date = {2023, 10, 31};
  options.source_name = kSeedName + ".txt";
  auto result = parser::parse_bulletin(bytes, options);
  if (const auto* error = std::get_if<parser::ParseError>(&result)) {
    throw std::runtime_error("the seed does not parse: " + error->code + " " + error->message);
  }
  SeedBulletin seed;
  seed.parsed = parser_proto::to_proto(std::get<parser::ParseResult>(result), options);
  seed.input.source = options.source_name;
  seed.input.publication_date = parser_proto::to_proto(options.base_date);
  seed.input.raw_text = bytes;
  return seed;
}

class SeedIngestTest : public ::testing::Test {
 protected:
  SeedIngestTest()
      : pool_(PoolOptions{db_.url(), 4, std::chrono::milliseconds(10000)}), store_(pool_) {}

  std::vector<v1::Project> all_projects() {
    ListProjectsQuery query;
    query.order.field = ProjectOrderField::kCreateTime;
    query.page_size = 1000;
    ListProjectsResult page = store_.list_projects(query);
    EXPECT_FALSE(page.next_page.has_value()) << "more than 1000 projects from one bulletin";
    return page.projects;
  }

  std::int64_t count_rows(const std::string& table) {
    pqxx::connection c(db_.url());
    pqxx::nontransaction tx(c);
    return tx.exec1("SELECT count(*) FROM " + tx.quote_name(table))[0].as<std::int64_t>();
  }

  // Every required gold project is present, once, with the gold status.
  void expect_required_projects(const std::vector<v1::Project>& stored) {
    const std::vector<GoldProject> gold = load_gold();
    const auto pairs = match_gold(gold, stored);
    int required = 0;
    for (std::size_t g = 0; g < gold.size(); ++g) {
      if (!gold[g].required) continue;
      ++required;
      const auto found = pairs.find(g);
      if (found == pairs.end()) {
        ADD_FAILURE() << "required project missing: " << gold[g].name;
        continue;
      }
      const v1::Project& p = stored[found->second];
      EXPECT_EQ(status_key(p.status()), gold[g].status)
          << gold[g].name << " stored as " << p.display_name();
      // Exactly one stored project per required gold project: a second one would be a duplicate.
      int holders = 0;
      for (const v1::Project& other : stored) {
        for (const std::string& key : gold[g].match_keys) {
          if (normalized_name(other.display_name()).find(normalized_name(key)) !=
              std::string::npos) {
            ++holders;
            break;
          }
        }
      }
      EXPECT_EQ(holders, 1) << gold[g].name << " is stored " << holders << " times";
    }
    EXPECT_EQ(required, 7) << "the gold file changed; this test assumes its 7 required projects";
  }

  static std::multiset<std::string> names_of(const std::vector<v1::Project>& projects) {
    std::multiset<std::string> names;
    for (const v1::Project& p : projects) names.insert(p.display_name());
    return names;
  }

  testing::ScratchDatabase db_;
  ConnectionPool pool_;
  ProjectStore store_;
};

TEST_F(SeedIngestTest, RequiredProjectsHaveTheGoldStatuses) {
  const SeedBulletin seed = parse_seed();
  ASSERT_GE(seed.parsed.projects_size(), 7);
  const IngestResult result = store_.ingest(seed.input, seed.parsed);
  EXPECT_FALSE(result.duplicate);
  const std::vector<v1::Project> stored = all_projects();
  EXPECT_EQ(static_cast<int>(result.created_project_ids.size()), static_cast<int>(stored.size()));
  expect_required_projects(stored);
  // One observation per parsed mention: nothing the parser found is dropped.
  EXPECT_EQ(count_rows("project_observations"), seed.parsed.projects_size());
}

TEST_F(SeedIngestTest, FoodParkInvestmentIsStoredExactly) {
  const SeedBulletin seed = parse_seed();
  store_.ingest(seed.input, seed.parsed);
  std::vector<v1::Project> parks;
  for (const v1::Project& p : all_projects()) {
    if (normalized_name(p.display_name()).find("食品产业园") != std::string::npos) {
      parks.push_back(p);
    }
  }
  ASSERT_EQ(parks.size(), 1u);
  const v1::Project park = store_.get_project(parks[0].name());
  EXPECT_EQ(park.location().county(), "武乡县");
  ASSERT_TRUE(park.has_total_investment());
  EXPECT_EQ(park.total_investment().currency_code(), "CNY");
  EXPECT_EQ(park.total_investment().units(), 120000000);
  EXPECT_EQ(park.total_investment().nanos(), 0);
  // The column itself, not only its proto rendering: an exact NUMERIC, not a float.
  pqxx::connection c(db_.url());
  pqxx::nontransaction tx(c);
  const std::string id = park.name().substr(std::string("projects/").size());
  const pqxx::row row = tx.exec_params1(
      "SELECT total_investment = 120000000::numeric, currency_code FROM projects WHERE id = $1",
      id);
  EXPECT_TRUE(row[0].as<bool>());
  EXPECT_EQ(row[1].as<std::string>(), "CNY");
}

TEST_F(SeedIngestTest, IngestingTwiceChangesNothing) {
  const SeedBulletin seed = parse_seed();
  const IngestResult first = store_.ingest(seed.input, seed.parsed);
  const std::vector<v1::Project> before = all_projects();
  const std::int64_t observations = count_rows("project_observations");
  const std::int64_t history = count_rows("project_status_history");

  const IngestResult second = store_.ingest(seed.input, seed.parsed);
  EXPECT_TRUE(second.duplicate);
  EXPECT_EQ(second.bulletin_id, first.bulletin_id);
  const std::vector<v1::Project> after = all_projects();
  ASSERT_EQ(after.size(), before.size());
  for (std::size_t i = 0; i < after.size(); ++i) {
    EXPECT_EQ(after[i].name(), before[i].name());
    EXPECT_EQ(after[i].etag(), before[i].etag()) << after[i].display_name() << " changed";
  }
  EXPECT_EQ(count_rows("bulletins"), 1);
  EXPECT_EQ(count_rows("project_observations"), observations);
  EXPECT_EQ(count_rows("project_status_history"), history);
  expect_required_projects(after);
}

// Runs both ingests at the same moment (as near as two threads can), returning their results.
std::pair<IngestResult, IngestResult> ingest_together(ProjectStore& store, const SeedBulletin& a,
                                                      const SeedBulletin& b) {
  std::atomic<int> ready{0};
  IngestResult results[2];
  std::exception_ptr errors[2];
  const auto run = [&](const SeedBulletin& seed, int slot) {
    ready.fetch_add(1);
    while (ready.load() < 2) std::this_thread::yield();
    try {
      results[slot] = store.ingest(seed.input, seed.parsed);
    } catch (...) {
      errors[slot] = std::current_exception();
    }
  };
  std::thread first(run, std::cref(a), 0);
  std::thread second(run, std::cref(b), 1);
  first.join();
  second.join();
  for (const auto& error : errors) {
    if (error) std::rethrow_exception(error);
  }
  return {results[0], results[1]};
}

// Baseline: what one ingest of the seed yields, in its own scratch database.
std::multiset<std::string> single_ingest_names() {
  testing::ScratchDatabase db;
  ConnectionPool pool(PoolOptions{db.url(), 2, std::chrono::milliseconds(10000)});
  ProjectStore store(pool);
  const SeedBulletin seed = parse_seed();
  store.ingest(seed.input, seed.parsed);
  ListProjectsQuery query;
  query.page_size = 1000;
  std::multiset<std::string> names;
  for (const v1::Project& p : store.list_projects(query).projects) names.insert(p.display_name());
  return names;
}

TEST_F(SeedIngestTest, SameBulletinFromTwoThreadsIsIngestedOnce) {
  const std::multiset<std::string> expected = single_ingest_names();
  const SeedBulletin seed = parse_seed();
  for (int round = 0; round < 3; ++round) {
    const auto [a, b] = ingest_together(store_, seed, seed);
    EXPECT_EQ(a.bulletin_id, b.bulletin_id);
    if (round == 0) {
      EXPECT_NE(a.duplicate, b.duplicate) << "exactly one of the two must have stored it";
    } else {
      EXPECT_TRUE(a.duplicate && b.duplicate);
    }
  }
  const std::vector<v1::Project> stored = all_projects();
  EXPECT_EQ(names_of(stored), expected);
  EXPECT_EQ(count_rows("bulletins"), 1);
  EXPECT_EQ(count_rows("project_observations"), parse_seed().parsed.projects_size());
  expect_required_projects(stored);
}

TEST_F(SeedIngestTest, TwoBulletinsWithTheSameProjectsAtOnceMakeOneRecordEach) {
  const std::multiset<std::string> expected = single_ingest_names();
  // A reprint with an extra closing line: other bytes, so a second bulletin, same projects.
  const SeedBulletin original = parse_seed();
  const SeedBulletin reprint = parse_seed("\n\n（责任编辑：王芳）\n");
  ASSERT_EQ(reprint.parsed.projects_size(), original.parsed.projects_size());
  const auto [a, b] = ingest_together(store_, original, reprint);
  EXPECT_FALSE(a.duplicate);
  EXPECT_FALSE(b.duplicate);
  EXPECT_NE(a.bulletin_id, b.bulletin_id);
  const std::vector<v1::Project> stored = all_projects();
  EXPECT_EQ(names_of(stored), expected);
  EXPECT_EQ(count_rows("bulletins"), 2);
  EXPECT_EQ(count_rows("project_observations"), 2 * original.parsed.projects_size());
  expect_required_projects(stored);
}

}  // namespace
}  // namespace investtrack::store
