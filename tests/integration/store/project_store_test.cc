// ProjectStore against a real PostgreSQL (a scratch database per test, all migrations applied).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <future>
#include <map>
#include <optional>
#include <set>
#include <thread>
#include <utility>

#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include "integration/civil_date.h"
#include "server/store/change_feed.h"
#include "server/store/connection_pool.h"
#include "server/store/entity_resolution.h"
#include "server/store/name_key_upgrade.h"
#include "server/store/pooled_connection.h"
#include "server/store/project_rows.h"
#include "server/store/project_store.h"
#include "server/store/sql_statements.h"
#include "test_db.h"

namespace investtrack::store {
namespace {

using investtrack::testing::civil;

// A mention as the parser would emit it, built by hand.
struct Mention {
  std::string name{};
  std::string city = "长治市";
  std::string county{};
  v1::ProjectStatus status = v1::PROJECT_STATUS_UNSPECIFIED;
  std::string phrase{};
  std::vector<std::string> organizations{};
  std::int64_t investment_yuan = 0;
  std::string industry{};
  std::string division_code{};
};

v1::Project to_proto(const Mention& m, int article_index) {
  v1::Project p;
  p.set_display_name(m.name);
  p.mutable_location()->set_province("山西省");
  p.mutable_location()->set_city(m.city);
  p.mutable_location()->set_county(m.county);
  p.mutable_location()->set_division_code(m.division_code);
  p.set_status(m.status);
  p.set_status_phrase(m.phrase);
  p.set_industry(m.industry);
  p.set_article_index(article_index);
  for (const auto& org : m.organizations) p.add_organizations(org);
  if (m.investment_yuan > 0) {
    p.mutable_total_investment()->set_currency_code("CNY");
    p.mutable_total_investment()->set_units(m.investment_yuan);
  }
  if (m.status != v1::PROJECT_STATUS_UNSPECIFIED) {
    v1::Evidence* e = p.add_evidence();
    e->set_field("status");
    e->set_sentence(m.name + m.phrase + "。");
    e->set_begin_offset(10);
    e->set_end_offset(10 + e->sentence().size());
  }
  return p;
}

// One bulletin with one article dated `date` mentioning every project in `mentions`.
struct Bulletin {
  BulletinInput input;
  v1::ParseResult parsed;
};

Bulletin bulletin(const std::string& text, v1::CivilDate date,
                  const std::vector<Mention>& mentions) {
  Bulletin b;
  b.input.source = "长治日报";
  b.input.publication_date = date;
  b.input.raw_text = text;
  b.parsed.set_source("长治日报");
  *b.parsed.mutable_base_date() = date;
  v1::Article* article = b.parsed.add_articles();
  article->set_title("项目建设快讯");
  *article->mutable_date() = date;
  article->add_paragraphs(text);
  for (const Mention& m : mentions) *b.parsed.add_projects() = to_proto(m, 0);
  return b;
}

std::string id_of(const v1::Project& p) { return p.name().substr(std::string("projects/").size()); }

class ProjectStoreTest : public ::testing::Test {
 protected:
  ProjectStoreTest()
      : pool_(PoolOptions{db_.url(), 4, std::chrono::milliseconds(5000)}), store_(pool_) {}

  std::int64_t count(const std::string& table) {
    pqxx::connection c(db_.url());
    pqxx::nontransaction tx(c);
    return tx.exec1("SELECT count(*) FROM " + tx.quote_name(table))[0].as<std::int64_t>();
  }

  IngestResult ingest(const Bulletin& b) { return store_.ingest(b.input, b.parsed); }

  std::vector<v1::Project> all_projects(std::optional<FilterExpr> filter = std::nullopt) {
    ListProjectsQuery query;
    query.filter = std::move(filter);
    query.order.field = ProjectOrderField::kDisplayName;
    query.page_size = 1000;
    return store_.list_projects(query).projects;
  }

  testing::ScratchDatabase db_;
  ConnectionPool pool_;
  ProjectStore store_;
};

const Mention kSolar{.name = "“武乡县50MW光伏电站”项目",
                     .county = "武乡县",
                     .status = v1::PROJECT_STATUS_UNDER_CONSTRUCTION,
                     .phrase = "开工建设",
                     .organizations = {"山西潞安太阳能有限公司"},
                     .investment_yuan = 280000000,
                     .industry = "photovoltaics",
                     .division_code = "140429"};
const Mention kAirport{.name = "长治王村机场改扩建工程",
                       .status = v1::PROJECT_STATUS_PREPARING,
                       .phrase = "完成可研批复",
                       .industry = "airport",
                       .division_code = "140400"};
// kSolar later on, connected to the grid.
const Mention kSolarOperating = [] {
  Mention m = kSolar;
  m.status = v1::PROJECT_STATUS_OPERATING;
  m.phrase = "并网发电";
  return m;
}();

// A manual correction of a project's level, as an editor sends it.
ProjectUpdate level_edit(const std::string& id, const std::string& level) {
  ProjectUpdate edit;
  edit.project_id = id;
  edit.values.set_level(level);
  edit.update_mask = {"level"};
  edit.actor = "dave";
  return edit;
}

// A manual correction of a project's status.
ProjectUpdate status_edit(const std::string& id, v1::ProjectStatus status) {
  ProjectUpdate edit;
  edit.project_id = id;
  edit.values.set_status(status);
  edit.update_mask = {"status"};
  edit.actor = "alice";
  return edit;
}

TEST_F(ProjectStoreTest, SameBulletinTwiceChangesNothing) {
  const Bulletin b = bulletin("第一期快讯正文", civil(2023, 10, 24), {kSolar, kAirport});
  const IngestResult first = ingest(b);
  EXPECT_FALSE(first.duplicate);
  EXPECT_EQ(first.created_project_ids.size(), 2u);
  const std::int64_t observations = count("project_observations");
  const v1::Project before = store_.get_project(first.created_project_ids[0]);

  const IngestResult second = ingest(b);
  EXPECT_TRUE(second.duplicate);
  EXPECT_EQ(second.bulletin_id, first.bulletin_id);
  EXPECT_EQ(second.created_project_ids, first.created_project_ids);
  EXPECT_EQ(count("projects"), 2);
  EXPECT_EQ(count("bulletins"), 1);
  EXPECT_EQ(count("project_observations"), observations);
  EXPECT_EQ(store_.get_project(first.created_project_ids[0]).etag(), before.etag());
}

TEST_F(ProjectStoreTest, StoredProjectCarriesTheParsedFields) {
  const IngestResult result = ingest(bulletin("正文", civil(2023, 10, 24), {kSolar}));
  const v1::Project p = store_.get_project("projects/" + result.created_project_ids.at(0));
  EXPECT_EQ(p.display_name(), kSolar.name);
  EXPECT_EQ(p.status(), v1::PROJECT_STATUS_UNDER_CONSTRUCTION);
  EXPECT_EQ(p.status_phrase(), "开工建设");
  EXPECT_EQ(p.location().county(), "武乡县");
  EXPECT_EQ(p.total_investment().units(), 280000000);
  EXPECT_EQ(p.total_investment().currency_code(), "CNY");
  ASSERT_EQ(p.organizations_size(), 1);
  ASSERT_EQ(p.evidence_size(), 1);
  EXPECT_EQ(p.evidence(0).field(), "status");
  EXPECT_FALSE(p.etag().empty());
  EXPECT_GT(p.create_time().seconds(), 0);
}

TEST_F(ProjectStoreTest, ConcurrentBulletinsNamingTheSameNewProjectMakeOneRecord) {
  constexpr int kRounds = 6;
  for (int round = 0; round < kRounds; ++round) {
    Mention a = kSolar;
    a.name = "沁源县第" + std::to_string(round) + "号储能电站项目";
    Mention b = a;
    b.name = "“沁源县第" + std::to_string(round) + "号储能电站”";  // same project, other writing
    b.status = v1::PROJECT_STATUS_OPERATING;
    const Bulletin first = bulletin("甲" + std::to_string(round), civil(2023, 5, 1), {a});
    const Bulletin second = bulletin("乙" + std::to_string(round), civil(2023, 6, 1), {b});
    std::atomic<int> ready{0};
    std::vector<std::exception_ptr> errors(2);
    auto run = [&](const Bulletin& bulletin, int slot) {
      ++ready;
      while (ready.load() < 2) std::this_thread::yield();
      try {
        ingest(bulletin);
      } catch (...) {
        errors[slot] = std::current_exception();
      }
    };
    std::thread t1(run, std::cref(first), 0);
    std::thread t2(run, std::cref(second), 1);
    t1.join();
    t2.join();
    for (auto& error : errors) {
      if (error) std::rethrow_exception(error);
    }
  }
  EXPECT_EQ(count("projects"), kRounds);
  for (const v1::Project& p : all_projects()) {
    EXPECT_EQ(p.status(), v1::PROJECT_STATUS_OPERATING) << p.display_name();
  }
}

TEST_F(ProjectStoreTest, OlderBulletinIngestedLaterDoesNotRollStatusBack) {
  Mention june = kSolar;
  june.status = v1::PROJECT_STATUS_OPERATING;
  june.phrase = "并网发电";
  Mention march = kSolar;
  march.status = v1::PROJECT_STATUS_SIGNED;
  march.phrase = "签约";
  const IngestResult newer = ingest(bulletin("六月", civil(2023, 6, 20), {june}));
  const IngestResult older = ingest(bulletin("三月", civil(2023, 3, 5), {march}));
  ASSERT_EQ(older.updated_project_ids, newer.created_project_ids);
  const std::string id = newer.created_project_ids.at(0);
  EXPECT_EQ(store_.get_project(id).status(), v1::PROJECT_STATUS_OPERATING);

  std::vector<std::pair<std::string, v1::ProjectStatus>> history;
  for (const ProjectEvent& e : store_.list_events(id)) {
    if (e.kind == ProjectEvent::Kind::kStatusChange) history.emplace_back(e.date, e.status);
  }
  std::sort(history.begin(), history.end());
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0], std::make_pair(std::string("2023-03-05"), v1::PROJECT_STATUS_SIGNED));
  EXPECT_EQ(history[1], std::make_pair(std::string("2023-06-20"), v1::PROJECT_STATUS_OPERATING));
}

TEST_F(ProjectStoreTest, HistoryIsInDateOrderWithEachStatedAmountAndNoStagelessChange) {
  // Three bulletins arrive newest first: a revised total, a stage-less mention, the first report.
  Mention revised = kSolar;
  revised.investment_yuan = 350000000;
  revised.status = v1::PROJECT_STATUS_OPERATING;
  revised.phrase = "并网发电";
  Mention named_only = kSolar;
  named_only.investment_yuan = 0;
  named_only.status = v1::PROJECT_STATUS_UNKNOWN;
  named_only.phrase = "";
  const std::string id =
      ingest(bulletin("九月", civil(2023, 9, 1), {revised})).created_project_ids.at(0);
  ingest(bulletin("六月", civil(2023, 6, 1), {named_only}));
  ingest(bulletin("三月", civil(2023, 3, 1), {kSolar}));

  const v1::Project project = store_.get_project(id);
  EXPECT_EQ(project.total_investment().units(), 350000000);  // the newest stated total
  EXPECT_EQ(project.status(), v1::PROJECT_STATUS_OPERATING);

  std::vector<std::string> dates;
  std::vector<std::pair<std::string, std::int64_t>> amounts;  // observation date -> stated total
  std::vector<v1::ProjectStatus> changes;
  for (const ProjectEvent& e : store_.list_events(id)) {
    dates.push_back(e.date);
    if (e.kind == ProjectEvent::Kind::kObservation) {
      amounts.emplace_back(e.date, e.total_investment ? e.total_investment->low().units() : 0);
    }
    if (e.kind == ProjectEvent::Kind::kStatusChange) changes.push_back(e.status);
  }
  EXPECT_TRUE(std::is_sorted(dates.begin(), dates.end())) << ::testing::PrintToString(dates);
  EXPECT_EQ(amounts, (std::vector<std::pair<std::string, std::int64_t>>{
                         {"2023-03-01", 280000000}, {"2023-06-01", 0}, {"2023-09-01", 350000000}}));
  // The June mention named the project without a stage: no status change, and no rollback.
  EXPECT_EQ(changes, (std::vector<v1::ProjectStatus>{v1::PROJECT_STATUS_UNDER_CONSTRUCTION,
                                                     v1::PROJECT_STATUS_OPERATING}));
}

TEST_F(ProjectStoreTest, APhaseRecordedOnItsOwnPointsAtItsProjectWhicheverCameFirst) {
  const Mention park{.name = "长治高新区智能制造产业园项目",
                     .status = v1::PROJECT_STATUS_OPERATING,
                     .phrase = "投产"};
  const Mention second{.name = "长治高新区智能制造产业园二期项目",
                       .status = v1::PROJECT_STATUS_UNDER_CONSTRUCTION,
                       .phrase = "开工"};
  const Mention third{.name = "长治高新区智能制造产业园（三期）",
                      .status = v1::PROJECT_STATUS_SIGNED,
                      .phrase = "签约"};
  // The second phase is reported before its project, the third after it.
  const std::string second_id =
      ingest(bulletin("二期", civil(2023, 5, 1), {second})).created_project_ids.at(0);
  EXPECT_EQ(store_.get_project(second_id).parent(), "");
  const std::string park_id =
      ingest(bulletin("园区", civil(2023, 6, 1), {park})).created_project_ids.at(0);
  const std::string third_id =
      ingest(bulletin("三期", civil(2023, 7, 1), {third})).created_project_ids.at(0);
  EXPECT_NE(second_id, park_id);
  EXPECT_EQ(store_.get_project(second_id).parent(), "projects/" + park_id);
  EXPECT_EQ(store_.get_project(third_id).parent(), "projects/" + park_id);
  EXPECT_EQ(store_.get_project(park_id).parent(), "");
  // Each keeps its own status.
  EXPECT_EQ(store_.get_project(second_id).status(), v1::PROJECT_STATUS_UNDER_CONSTRUCTION);
  EXPECT_EQ(store_.get_project(park_id).status(), v1::PROJECT_STATUS_OPERATING);

  const auto parent_is = [](const std::string& value) {
    return FilterExpr::compare(FilterField::kParent, FilterOp::kEq, FilterValue::of_text(value));
  };
  std::vector<std::string> phases;
  for (const v1::Project& p : all_projects(parent_is("projects/" + park_id)))
    phases.push_back(p.display_name());
  std::sort(phases.begin(), phases.end());
  std::vector<std::string> expected{second.name, third.name};
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(phases, expected);
  ASSERT_EQ(all_projects(parent_is("")).size(), 1u);
  EXPECT_EQ(all_projects(parent_is("")).front().display_name(), park.name);
}

// A phase follows its project through merges, splits, deletion and undeletion: it never points
// at a record nobody sees.
TEST_F(ProjectStoreTest, APhaseFollowsItsProjectThroughMergeSplitAndDelete) {
  const Mention park{.name = "长治高新区智能制造产业园项目",
                     .status = v1::PROJECT_STATUS_OPERATING,
                     .phrase = "投产"};
  const Mention other{
      .name = "长治智造产业基地", .status = v1::PROJECT_STATUS_OPERATING, .phrase = "投产"};
  const Mention second{.name = "长治高新区智能制造产业园二期项目",
                       .status = v1::PROJECT_STATUS_UNDER_CONSTRUCTION,
                       .phrase = "开工"};
  const std::string park_id =
      ingest(bulletin("园区", civil(2023, 5, 1), {park})).created_project_ids.at(0);
  const std::string other_id =
      ingest(bulletin("基地", civil(2023, 5, 2), {other})).created_project_ids.at(0);
  const std::string phase_id =
      ingest(bulletin("二期", civil(2023, 6, 1), {second})).created_project_ids.at(0);
  ASSERT_EQ(store_.get_project(phase_id).parent(), "projects/" + park_id);

  const MergeResult merged =
      store_.merge_projects("projects/" + other_id, {"projects/" + park_id}, "carol", "same park");
  EXPECT_EQ(store_.get_project(phase_id).parent(), "projects/" + other_id);
  store_.split_project("projects/" + other_id, merged.merge_id, "carol", "not the same");
  EXPECT_EQ(store_.get_project(phase_id).parent(), "projects/" + park_id);

  const v1::Project deleted = store_.delete_project(park_id, "", "carol", "withdrawn");
  EXPECT_EQ(store_.get_project(phase_id).parent(), "");
  store_.undelete_project(park_id, deleted.etag(), "carol", "mistake");
  EXPECT_EQ(store_.get_project(phase_id).parent(), "projects/" + park_id);
}

TEST_F(ProjectStoreTest, APhaseOfANameTwoProjectsCarryIsLinkedToNeither) {
  // The same name in two cities: which one the phase belongs to is not known.
  Mention elsewhere{.name = "智能制造产业园项目", .city = "晋中市"};
  Mention here{.name = "智能制造产业园项目", .city = ""};
  ingest(bulletin("晋中", civil(2023, 5, 1), {elsewhere}));
  elsewhere.city = "大同市";
  ingest(bulletin("大同", civil(2023, 5, 2), {elsewhere}));
  const Mention phase{.name = "智能制造产业园二期项目", .city = ""};
  const std::string id =
      ingest(bulletin("二期", civil(2023, 6, 1), {phase})).created_project_ids.at(0);
  EXPECT_EQ(store_.get_project(id).parent(), "");
}

TEST_F(ProjectStoreTest, KeysOfARegisterWrittenByTheOlderKeyFunctionAreRecomputedOnce) {
  const Mention traditional{.name = "臨港海上風電項目", .city = "上海市"};
  const std::string id =
      ingest(bulletin("一", civil(2023, 3, 1), {traditional})).created_project_ids.at(0);
  {
    // What version 1 stored: the name as written (no script folding), no derived keys.
    pqxx::connection c(db_.url());
    pqxx::work tx(c);
    tx.exec_params("UPDATE projects SET name_key = $1 WHERE id = $2", "臨港海上風電", id);
    tx.exec_params("DELETE FROM project_aliases WHERE project_id = $1", id);
    tx.exec_params(
        "INSERT INTO project_aliases (alias_key, project_id, owner) VALUES ($1, $2, true)",
        "臨港海上風電", id);
    tx.exec(
        "INSERT INTO register_settings (name, value) VALUES ('name_key_version', '1') "
        "ON CONFLICT (name) DO UPDATE SET value = '1'");
    tx.commit();
  }
  pqxx::connection conn(db_.url());
  EXPECT_EQ(upgrade_name_keys(conn), 1u);
  EXPECT_EQ(upgrade_name_keys(conn), 0u);  // current now: nothing to do at the next start

  // The same project written in simplified script finds the record.
  const IngestResult later = ingest(
      bulletin("二", civil(2023, 6, 1), {Mention{.name = "临港海上风电项目", .city = "上海市"}}));
  EXPECT_TRUE(later.created_project_ids.empty());
  EXPECT_EQ(later.updated_project_ids, std::vector<std::string>{id});
  pqxx::connection check(db_.url());
  pqxx::nontransaction read(check);
  EXPECT_EQ(
      read.exec_params1("SELECT name_key FROM projects WHERE id = $1", id)[0].as<std::string>(),
      normalize_name_key("临港海上风电项目"));
  // The old key stays: it is still this project's owner claim.
  EXPECT_EQ(read.exec_params1(
                    "SELECT count(*) FROM project_aliases WHERE alias_key = $1 AND project_id = $2",
                    "臨港海上風電", id)[0]
                .as<int>(),
            1);
}

TEST_F(ProjectStoreTest, ManualEditSurvivesReingestAndReparse) {
  const Bulletin first = bulletin("一", civil(2023, 3, 1), {kSolar});
  const std::string id = ingest(first).created_project_ids.at(0);
  const v1::Project read = store_.get_project(id);

  ProjectUpdate edit;
  edit.project_id = id;
  edit.values.set_status(v1::PROJECT_STATUS_COMPLETED);
  edit.values.set_status_phrase("已竣工（现场核实）");
  edit.update_mask = {"status", "status_phrase"};
  edit.expected_etag = read.etag();
  edit.actor = "alice";
  edit.reason = "site visit";
  const v1::Project edited = store_.update_project(edit);
  EXPECT_EQ(edited.status(), v1::PROJECT_STATUS_COMPLETED);
  EXPECT_NE(edited.etag(), read.etag());

  Mention later = kSolar;
  later.status = v1::PROJECT_STATUS_UNDER_CONSTRUCTION;
  later.industry = "solar_power";  // a parser-owned field still follows new bulletins
  ingest(bulletin("二", civil(2023, 9, 1), {later}));
  v1::Project after = store_.get_project(id);
  EXPECT_EQ(after.status(), v1::PROJECT_STATUS_COMPLETED);
  EXPECT_EQ(after.status_phrase(), "已竣工（现场核实）");
  EXPECT_EQ(after.industry(), "solar_power");

  v1::ParseResult reparsed = first.parsed;
  reparsed.mutable_projects(0)->set_status(v1::PROJECT_STATUS_CANCELLED);
  reparsed.mutable_projects(0)->mutable_total_investment()->set_units(300000000);
  const auto stored = store_.list_bulletins(0, 10);
  ASSERT_EQ(stored.size(), 2u);
  EXPECT_EQ(stored[0].raw_text, "一");
  store_.apply_reparse(stored[0].id, reparsed);
  after = store_.get_project(id);
  EXPECT_EQ(after.status(), v1::PROJECT_STATUS_COMPLETED);
  // Investment: the reparsed March figure is older than September's, which stated the same
  // 2.8亿; the newest statement wins.
  EXPECT_EQ(after.total_investment().units(), 280000000);
  EXPECT_EQ(count("projects"), 1);

  int edits = 0;
  for (const ProjectEvent& e : store_.list_events(id)) {
    if (e.kind == ProjectEvent::Kind::kEdit) {
      ++edits;
      EXPECT_EQ(e.actor, "alice");
      EXPECT_EQ(e.reason, "site visit");
    }
  }
  EXPECT_EQ(edits, 2);  // status and status_phrase
}

TEST_F(ProjectStoreTest, ReparseUpdatesParserOwnedFields) {
  const Bulletin b = bulletin("一", civil(2023, 3, 1), {kAirport});
  const std::string id = ingest(b).created_project_ids.at(0);
  v1::ParseResult reparsed = b.parsed;
  reparsed.mutable_projects(0)->set_status(v1::PROJECT_STATUS_UNDER_CONSTRUCTION);
  reparsed.mutable_projects(0)->set_level("省级重点工程");
  const ReparseResult result = store_.apply_reparse(store_.list_bulletins(0, 1).at(0).id, reparsed);
  EXPECT_EQ(result.updated_project_ids, std::vector<std::string>{id});
  const v1::Project after = store_.get_project(id);
  EXPECT_EQ(after.status(), v1::PROJECT_STATUS_UNDER_CONSTRUCTION);
  EXPECT_EQ(after.level(), "省级重点工程");
  EXPECT_EQ(count("project_observations"), 1);
  EXPECT_THROW(store_.apply_reparse(999999, reparsed), StoreError);
}

TEST_F(ProjectStoreTest, AProjectLeftWithoutObservationsIsRefoldedFromItsNewOnes) {
  const Bulletin first = bulletin("一", civil(2023, 3, 1), {kSolar});
  const std::string id = ingest(first).created_project_ids.at(0);
  // A reparse finds no project in the bulletin any more: the project keeps its fields, but no
  // observation stands behind them.
  v1::ParseResult nothing = first.parsed;
  nothing.clear_projects();
  store_.apply_reparse(store_.list_bulletins(0, 1).at(0).id, nothing);
  ASSERT_TRUE(store_.get_project(id).has_total_investment());

  // A later mention of the same name, with no investment and no owner: the project is what that
  // mention says, not the stale fields plus it.
  Mention bare{.name = kSolar.name,
               .county = kSolar.county,
               .status = v1::PROJECT_STATUS_OPERATING,
               .phrase = "并网发电",
               .division_code = kSolar.division_code};
  const IngestResult later = ingest(bulletin("二", civil(2023, 9, 1), {bare}));
  ASSERT_EQ(later.updated_project_ids, std::vector<std::string>{id});
  const v1::Project after = store_.get_project(id);
  EXPECT_EQ(after.status(), v1::PROJECT_STATUS_OPERATING);
  EXPECT_FALSE(after.has_total_investment()) << after.DebugString();
  EXPECT_EQ(after.organizations_size(), 0) << after.DebugString();
}

TEST_F(ProjectStoreTest, StaleEtagIsAbortedAndChangesNothing) {
  const std::string id =
      ingest(bulletin("一", civil(2023, 3, 1), {kAirport})).created_project_ids.at(0);
  const v1::Project original = store_.get_project(id);
  ProjectUpdate edit;
  edit.project_id = id;
  edit.values.set_level("省级重点工程");
  edit.update_mask = {"level"};
  edit.expected_etag = original.etag();
  edit.actor = "bob";
  const v1::Project first = store_.update_project(edit);

  edit.values.set_level("市级重点工程");  // still the old etag
  try {
    store_.update_project(edit);
    FAIL() << "a stale etag must be refused";
  } catch (const StoreError& e) {
    EXPECT_EQ(e.code(), StoreErrorCode::kAborted);
  }
  const v1::Project now = store_.get_project(id);
  EXPECT_EQ(now.level(), "省级重点工程");
  EXPECT_EQ(now.etag(), first.etag());
  EXPECT_EQ(count("project_edits"), 1);
}

TEST_F(ProjectStoreTest, BadUpdateMaskIsInvalidArgument) {
  const std::string id =
      ingest(bulletin("一", civil(2023, 3, 1), {kAirport})).created_project_ids.at(0);
  ProjectUpdate edit;
  edit.project_id = id;
  edit.actor = "bob";
  for (const auto& mask :
       std::vector<std::vector<std::string>>{{}, {"etag"}, {"name"}, {"location.bogus"}}) {
    edit.update_mask = mask;
    try {
      store_.update_project(edit);
      ADD_FAILURE() << "mask accepted";
    } catch (const StoreError& e) {
      EXPECT_EQ(e.code(), StoreErrorCode::kInvalidArgument);
    }
  }
}

TEST_F(ProjectStoreTest, SoftDeleteHidesAndUndeleteRestores) {
  const std::string id =
      ingest(bulletin("一", civil(2023, 3, 1), {kAirport})).created_project_ids.at(0);
  const v1::Project deleted = store_.delete_project(id, "", "carol", "duplicate entry");
  EXPECT_TRUE(deleted.has_delete_time());
  EXPECT_THROW(store_.get_project(id), StoreError);
  EXPECT_TRUE(all_projects().empty());
  EXPECT_EQ(store_.get_project(id, /*include_deleted=*/true).display_name(), kAirport.name);
  const v1::Project restored = store_.undelete_project(id, deleted.etag(), "carol", "mistake");
  EXPECT_FALSE(restored.has_delete_time());
  EXPECT_EQ(all_projects().size(), 1u);
}

TEST_F(ProjectStoreTest, SeveralProjectsAndBulletinsReadAtOnceAsOneByOne) {
  const IngestResult first = ingest(bulletin("一", civil(2023, 3, 1), {kSolar, kAirport}));
  const IngestResult second = ingest(bulletin("二", civil(2023, 4, 1), {kSolarOperating}));
  const std::string solar = first.created_project_ids.at(0);
  const std::string airport = first.created_project_ids.at(1);
  store_.delete_project(airport, "", "carol", "duplicate entry");

  // Deleted ones included, unknown ids left out, a name as good as an id, repeats read once.
  const std::vector<v1::Project> projects =
      store_.get_projects({solar, "projects/" + airport, "projects/0", solar});
  std::map<std::string, std::string> etags;
  for (const v1::Project& p : projects) etags[p.name()] = p.etag();
  EXPECT_EQ(projects.size(), 2u);
  for (const std::string& id : {solar, airport}) {
    const v1::Project one = store_.get_project(id, /*include_deleted=*/true);
    EXPECT_EQ(etags[one.name()], one.etag()) << id;
  }
  const auto same = [](const v1::Project& a, const v1::Project& b) {
    return a.SerializeAsString() == b.SerializeAsString();
  };
  for (const v1::Project& p : projects) {
    EXPECT_TRUE(same(p, store_.get_project(p.name(), true))) << p.name();
  }
  EXPECT_TRUE(store_.get_projects({}).empty());

  const std::vector<StoredBulletin> bulletins =
      store_.get_bulletins({second.bulletin_id, first.bulletin_id, 999'999});
  ASSERT_EQ(bulletins.size(), 2u);
  for (const StoredBulletin& b : bulletins) {
    const StoredBulletin one = store_.get_bulletin(b.id, false);
    EXPECT_EQ(b.content_hash, one.content_hash);
    EXPECT_EQ(b.ingested_time, one.ingested_time);
    EXPECT_TRUE(b.raw_text.empty());
  }
}

TEST_F(ProjectStoreTest, AmbiguousNameInAnotherPlaceIsKeptApartForReview) {
  Mention here{.name = "新能源产业园项目", .city = "长治市"};
  Mention there{.name = "新能源产业园项目", .city = "大同市"};
  ingest(bulletin("一", civil(2023, 3, 1), {here}));
  const IngestResult second = ingest(bulletin("二", civil(2023, 4, 1), {there}));
  EXPECT_EQ(count("projects"), 2);
  ASSERT_EQ(second.review_project_ids.size(), 1u);
  const auto items = store_.list_review_items(true);
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].project_id, second.review_project_ids[0]);
  EXPECT_FALSE(items[0].reason.empty());
}

TEST_F(ProjectStoreTest, SameOwnerPlaceAndSizeMergeAcrossNames) {
  Mention first{.name = "潞安50MW武乡光伏电站项目",
                .county = "武乡县",
                .organizations = {"山西潞安太阳能有限公司"}};
  Mention second{.name = "潞安太阳能武乡光伏发电项目",
                 .county = "武乡县",
                 .status = v1::PROJECT_STATUS_OPERATING,
                 .organizations = {"山西潞安太阳能"}};
  v1::Quantity mw;
  mw.set_value(50);
  mw.set_unit("MW");
  Bulletin a = bulletin("一", civil(2023, 3, 1), {first});
  *a.parsed.mutable_projects(0)->add_capacities() = mw;
  Bulletin b = bulletin("二", civil(2023, 4, 1), {second});
  *b.parsed.mutable_projects(0)->add_capacities() = mw;
  const std::string id = ingest(a).created_project_ids.at(0);
  const IngestResult result = ingest(b);
  EXPECT_EQ(result.updated_project_ids, std::vector<std::string>{id});
  const v1::Project merged = store_.get_project(id);
  ASSERT_EQ(merged.aliases_size(), 1);
  bool explained = false;
  for (const ProjectEvent& e : store_.list_events(id)) {
    if (e.kind == ProjectEvent::Kind::kObservation &&
        e.match_rule == "organization_place_capacity") {
      explained = e.match_confidence >= 0.8;
    }
  }
  EXPECT_TRUE(explained);
}

// A part of the works is never the display name, also when the project carries another name
// (北京新机场, found by the city's airport key), whichever bulletin came first.
TEST_F(ProjectStoreTest, APartOfTheWorksIsNoDisplayNameBesideTheProjectsOtherName) {
  struct Pair {
    std::string city, part, whole;
    bool part_first;
  };
  const Pair pairs[] = {{"北京市", "北京大兴国际机场航站区工程", "北京新机场", true},
                        {"厦门市", "厦门翔安国际机场航站区工程", "厦门新机场", false}};
  for (const Pair& pair : pairs) {
    SCOPED_TRACE(pair.whole);
    const Mention part{
        .name = pair.part, .city = pair.city, .status = v1::PROJECT_STATUS_UNDER_CONSTRUCTION};
    const Mention whole{.name = pair.whole, .city = pair.city};
    ingest(bulletin(pair.city + "一", civil(2016, 3, 1), {pair.part_first ? part : whole}));
    ingest(bulletin(pair.city + "二", civil(2016, 4, 1), {pair.part_first ? whole : part}));
  }
  const std::vector<v1::Project> projects = all_projects();
  ASSERT_EQ(projects.size(), 2u);
  EXPECT_EQ(projects[0].display_name(), "北京新机场");
  EXPECT_EQ(projects[1].display_name(), "厦门新机场");
}

TEST_F(ProjectStoreTest, PhasesStaySeparateProjects) {
  ingest(bulletin("一", civil(2023, 3, 1),
                  {Mention{.name = "长治高新区智能制造产业园一期项目"},
                   Mention{.name = "长治高新区智能制造产业园二期项目"}}));
  EXPECT_EQ(count("projects"), 2);
}

FilterExpr cmp(FilterField field, FilterOp op, std::string value) {
  return FilterExpr::compare(field, op, FilterValue::of_text(std::move(value)));
}

std::set<std::string> names_of(const std::vector<v1::Project>& projects) {
  std::set<std::string> names;
  for (const auto& p : projects) names.insert(p.display_name());
  return names;
}

TEST_F(ProjectStoreTest, FiltersSelectTheRightRows) {
  Mention coal{.name = "襄垣县煤矿智能化改造项目",
               .county = "襄垣县",
               .status = v1::PROJECT_STATUS_UNDER_CONSTRUCTION,
               .investment_yuan = 50000000,
               .industry = "coal",
               .division_code = "140423"};
  Mention datong{.name = "大同云冈文旅综合体",
                 .city = "大同市",
                 .status = v1::PROJECT_STATUS_SIGNED,
                 .investment_yuan = 1200000000,
                 .industry = "tourism",
                 .division_code = "140200"};
  ingest(bulletin("一", civil(2023, 3, 1), {kSolar, kAirport, coal, datong}));

  using S = std::set<std::string>;
  EXPECT_EQ(names_of(all_projects(FilterExpr::compare(
                FilterField::kStatus, FilterOp::kEq,
                FilterValue::of_status(v1::PROJECT_STATUS_UNDER_CONSTRUCTION)))),
            (S{kSolar.name, coal.name}));
  EXPECT_EQ(names_of(all_projects(cmp(FilterField::kCity, FilterOp::kEq, "大同市"))),
            S{datong.name});
  EXPECT_EQ(names_of(all_projects(cmp(FilterField::kDivisionCode, FilterOp::kHas, "1404"))),
            (S{kSolar.name, kAirport.name, coal.name}));
  // Province, city and county prefixes use left(code, n); other lengths LIKE: same rows.
  EXPECT_EQ(names_of(all_projects(cmp(FilterField::kDivisionCode, FilterOp::kHas, "14"))),
            (S{kSolar.name, kAirport.name, coal.name, datong.name}));
  EXPECT_EQ(names_of(all_projects(cmp(FilterField::kDivisionCode, FilterOp::kHas, "140423"))),
            S{coal.name});
  EXPECT_EQ(names_of(all_projects(cmp(FilterField::kDivisionCode, FilterOp::kHas, "14042"))),
            (S{kSolar.name, coal.name}));
  EXPECT_EQ(names_of(all_projects(cmp(FilterField::kDivisionCode, FilterOp::kHas, "1402"))),
            S{datong.name});
  EXPECT_TRUE(all_projects(cmp(FilterField::kDivisionCode, FilterOp::kHas, "11")).empty());
  EXPECT_TRUE(all_projects(cmp(FilterField::kDivisionCode, FilterOp::kHas, "1404230")).empty());
  EXPECT_EQ(names_of(all_projects(FilterExpr::all_of(
                {cmp(FilterField::kTotalInvestment, FilterOp::kGe, "100000000"),
                 cmp(FilterField::kTotalInvestment, FilterOp::kLt, "1200000000")}))),
            S{kSolar.name});
  EXPECT_EQ(names_of(all_projects(cmp(FilterField::kDisplayName, FilterOp::kHas, "机场"))),
            S{kAirport.name});
  EXPECT_EQ(names_of(all_projects(cmp(FilterField::kOrganization, FilterOp::kHas, "潞安"))),
            S{kSolar.name});
  EXPECT_EQ(names_of(all_projects(FilterExpr::negate(
                FilterExpr::any_of({cmp(FilterField::kCity, FilterOp::kEq, "大同市"),
                                    cmp(FilterField::kIndustry, FilterOp::kEq, "coal")})))),
            (S{kSolar.name, kAirport.name}));
  EXPECT_TRUE(
      all_projects(cmp(FilterField::kUpdateTime, FilterOp::kLt, "2000-01-01T00:00:00Z")).empty());
  EXPECT_EQ(
      all_projects(cmp(FilterField::kCity, FilterOp::kEq, "长治'; DROP TABLE projects; --")).size(),
      0u);
  EXPECT_EQ(count("projects"), 4);
}

TEST_F(ProjectStoreTest, KeysetPagesNeitherSkipNorRepeatWhileRowsArrive) {
  std::vector<Mention> mentions;
  for (int i = 0; i < 23; ++i)
    mentions.push_back(Mention{.name = "初始项目甲乙丙" + std::to_string(i) + "号"});
  ingest(bulletin("初始", civil(2023, 3, 1), mentions));
  std::set<std::string> initial;
  for (const auto& p : all_projects()) initial.insert(id_of(p));
  ASSERT_EQ(initial.size(), 23u);

  int arrival = 0;
  for (ProjectOrderField field : {ProjectOrderField::kCreateTime, ProjectOrderField::kDisplayName,
                                  ProjectOrderField::kTotalInvestment, ProjectOrderField::kId}) {
    for (bool descending : {false, true}) {
      ListProjectsQuery query;
      query.order = {field, descending};
      query.page_size = 5;
      std::map<std::string, int> seen;
      for (int page = 0; page < 50; ++page) {
        const ListProjectsResult result = store_.list_projects(query);
        for (const auto& p : result.projects) ++seen[id_of(p)];
        // New rows arrive between pages.
        ++arrival;
        ingest(bulletin("新" + std::to_string(arrival), civil(2023, 4, 1),
                        {Mention{.name = "新到项目丁戊己" + std::to_string(arrival) + "号"}}));
        if (!result.next_page) break;
        query.page_after = result.next_page;
      }
      for (const std::string& id : initial) EXPECT_EQ(seen[id], 1) << id;
      for (const auto& [id, times] : seen) EXPECT_EQ(times, 1) << id;
    }
  }
}

TEST_F(ProjectStoreTest, PageSizeIsCheckedAndCoerced) {
  ListProjectsQuery query;
  query.page_size = -1;
  EXPECT_THROW(store_.list_projects(query), StoreError);
  query.page_size = 100000;
  EXPECT_NO_THROW(store_.list_projects(query));
}

TEST_F(ProjectStoreTest, MissingProjectIsNotFound) {
  try {
    store_.get_project("projects/does-not-exist");
    FAIL();
  } catch (const StoreError& e) {
    EXPECT_EQ(e.code(), StoreErrorCode::kNotFound);
  }
}

TEST_F(ProjectStoreTest, ChangesAreLoggedForWatchers) {
  const std::string id =
      ingest(bulletin("一", civil(2023, 3, 1), {kAirport})).created_project_ids.at(0);
  ingest(bulletin("二", civil(2023, 4, 1), {kAirport}));
  pqxx::connection c(db_.url());
  pqxx::work tx(c);
  const pqxx::result log = tx.exec_params(
      "SELECT version, change_kind FROM project_changes WHERE project_id = $1 "
      "ORDER BY change_id",
      id);
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0][1].as<std::string>(), "created");
  EXPECT_EQ(log[1][0].as<int>(), 2);
}

class PayloadCollector : public pqxx::notification_receiver {
 public:
  using pqxx::notification_receiver::notification_receiver;
  void operator()(const std::string& payload, int) override { payloads.push_back(payload); }
  std::vector<std::string> payloads;
};

TEST_F(ProjectStoreTest, CommittedChangesAreAnnouncedOnTheChannel) {
  pqxx::connection listener(db_.url());
  PayloadCollector collector(listener, "investtrack_project_changes");
  listener.get_notifs();  // LISTEN is issued lazily; make sure it is in place before the change
  const std::string id =
      ingest(bulletin("一", civil(2023, 3, 1), {kAirport})).created_project_ids.at(0);
  for (int i = 0; i < 20 && collector.payloads.empty(); ++i) listener.await_notification(0, 100000);
  ASSERT_EQ(collector.payloads.size(), 1u);
  EXPECT_NE(collector.payloads[0].find(id), std::string::npos);
  EXPECT_NE(collector.payloads[0].find("\"version\" : 1"), std::string::npos)
      << collector.payloads[0];
}

std::int64_t changes_of(const std::string& url, const std::string& id) {
  pqxx::connection c(url);
  pqxx::nontransaction tx(c);
  return tx.exec_params1("SELECT count(*) FROM project_changes WHERE project_id = $1", id)[0]
      .as<std::int64_t>();
}

// An older bulletin that states nothing newer than what the project holds leaves it as it was:
// no new version, no change in the log, no notification. Its observation and status history
// are still recorded. A later bulletin that does change the project is announced as before.
TEST_F(ProjectStoreTest, AMentionThatChangesNothingLeavesTheProjectAlone) {
  const std::string id =
      ingest(bulletin("六月快讯", civil(2023, 6, 1), {kSolar})).created_project_ids.at(0);
  const v1::Project before = store_.get_project(id);
  pqxx::connection listener(db_.url());
  PayloadCollector collector(listener, "investtrack_project_changes");
  listener.get_notifs();

  const IngestResult older = ingest(bulletin("三月快讯", civil(2023, 3, 1), {kSolar}));
  EXPECT_EQ(older.updated_project_ids, std::vector<std::string>{id});
  const v1::Project after = store_.get_project(id);
  EXPECT_EQ(after.etag(), before.etag());
  EXPECT_EQ(after.update_time().seconds(), before.update_time().seconds());
  EXPECT_EQ(after.update_time().nanos(), before.update_time().nanos());
  EXPECT_EQ(changes_of(db_.url(), id), 1);
  EXPECT_EQ(count("project_observations"), 2);
  EXPECT_EQ(count("project_status_history"), 2);
  for (int i = 0; i < 3; ++i) listener.await_notification(0, 100000);
  EXPECT_TRUE(collector.payloads.empty());

  Mention completed = kSolar;
  completed.status = v1::PROJECT_STATUS_COMPLETED;
  completed.phrase = "建成投产";
  ingest(bulletin("七月快讯", civil(2023, 7, 1), {completed}));
  const v1::Project changed = store_.get_project(id);
  EXPECT_EQ(changed.status(), v1::PROJECT_STATUS_COMPLETED);
  EXPECT_NE(changed.etag(), before.etag());
  EXPECT_EQ(changes_of(db_.url(), id), 2);
  for (int i = 0; i < 20 && collector.payloads.empty(); ++i) listener.await_notification(0, 100000);
  ASSERT_EQ(collector.payloads.size(), 1u);
  EXPECT_NE(collector.payloads[0].find(id), std::string::npos);
  EXPECT_NE(collector.payloads[0].find("\"version\" : 2"), std::string::npos)
      << collector.payloads[0];
  EXPECT_NE(collector.payloads[0].find("\"kind\" : \"updated\""), std::string::npos);
}

// The parser-owned fields without the bookkeeping a refold moves (etag, times).
v1::Project parser_fields(v1::Project project) {
  project.clear_etag();
  project.clear_update_time();
  project.clear_create_time();
  return project;
}

// Ingest folds a bulletin's mentions onto the stored project when they are the newest, and
// refolds from every observation otherwise. Whatever the path, the project must be what a full
// refold of all its observations gives (a reparse refolds everything).
TEST_F(ProjectStoreTest, FoldingOntoTheStoredProjectMatchesAFullRefold) {
  Bulletin january = bulletin("一月快讯", civil(2023, 1, 10), {kAirport});
  const std::string id = ingest(january).created_project_ids.at(0);

  Mention started = kAirport;
  started.status = v1::PROJECT_STATUS_UNDER_CONSTRUCTION;
  started.phrase = "开工建设";
  started.organizations = {"山西省民航机场集团有限公司"};
  started.investment_yuan = 1200000000;
  started.name = "长治市王村机场改扩建工程";
  Bulletin march = bulletin("三月快讯", civil(2023, 3, 5), {started});
  march.parsed.mutable_projects(0)->add_aliases(kAirport.name);
  march.parsed.mutable_projects(0)->add_aliases("王村机场改扩建项目");
  v1::KeyDate* start_date = march.parsed.mutable_projects(0)->add_key_dates();
  start_date->set_kind("start");
  *start_date->mutable_date() = civil(2023, 3, 1);
  EXPECT_EQ(ingest(march).updated_project_ids, std::vector<std::string>{id});

  // Newer, stating only some fields: they are taken, the rest stays.
  Mention funded = kAirport;
  funded.status = v1::PROJECT_STATUS_UNSPECIFIED;
  funded.phrase = "";
  funded.organizations = {"长治市城市建设投资有限公司"};
  funded.investment_yuan = 1500000000;
  EXPECT_EQ(ingest(bulletin("五月快讯", civil(2023, 5, 20), {funded})).updated_project_ids,
            std::vector<std::string>{id});

  // Older than what is stored: must not roll the status or the investment back.
  Mention signed_earlier = kAirport;
  signed_earlier.status = v1::PROJECT_STATUS_SIGNED;
  signed_earlier.phrase = "签约";
  signed_earlier.investment_yuan = 900000000;
  ingest(bulletin("二月快讯", civil(2023, 2, 1), {signed_earlier}));

  // A longer name becomes the display name; the one it replaces joins the aliases where it
  // first appeared (after the January name).
  Mention renamed = kAirport;
  renamed.name = "山西省长治市王村机场改扩建工程";
  renamed.status = v1::PROJECT_STATUS_UNSPECIFIED;
  renamed.phrase = "";
  Bulletin june = bulletin("六月快讯", civil(2023, 6, 1), {renamed});
  june.parsed.mutable_projects(0)->add_aliases(kAirport.name);
  EXPECT_EQ(ingest(june).updated_project_ids, std::vector<std::string>{id});

  const v1::Project folded = store_.get_project(id);
  EXPECT_EQ(folded.display_name(), "山西省长治市王村机场改扩建工程");
  ASSERT_EQ(folded.aliases_size(), 3);
  EXPECT_EQ(folded.aliases(0), kAirport.name);
  EXPECT_EQ(folded.aliases(1), "长治市王村机场改扩建工程");
  EXPECT_EQ(folded.status(), v1::PROJECT_STATUS_UNDER_CONSTRUCTION);
  EXPECT_EQ(folded.total_investment().units(), 1500000000);
  ASSERT_EQ(folded.organizations_size(), 2);
  EXPECT_EQ(folded.key_dates_size(), 1);

  store_.apply_reparse(store_.list_bulletins(0, 1).at(0).id, january.parsed);
  const v1::Project refolded = store_.get_project(id);
  EXPECT_NE(refolded.etag(), folded.etag()) << "the reparse must have rewritten the project";
  EXPECT_EQ(parser_fields(folded).DebugString(), parser_fields(refolded).DebugString());
}

TEST_F(ProjectStoreTest, BrokenConnectionsAreReplacedWithoutFailingCalls) {
  const std::string id =
      ingest(bulletin("一", civil(2023, 3, 1), {kAirport})).created_project_ids.at(0);
  ASSERT_GE(pool_.idle_connections(), 1u);
  {
    // What a database restart does to the pool's idle connections.
    pqxx::connection admin(db_.url());
    pqxx::nontransaction tx(admin);
    tx.exec(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        "WHERE datname = current_database() AND pid <> pg_backend_pid()");
  }
  EXPECT_EQ(store_.get_project(id).display_name(), kAirport.name);
  EXPECT_EQ(store_.get_project(id).display_name(), kAirport.name);
}

TEST_F(ProjectStoreTest, StatementTimeoutIsDeadlineExceeded) {
  const std::string id =
      ingest(bulletin("一", civil(2023, 3, 1), {kAirport})).created_project_ids.at(0);
  pqxx::connection blocker(db_.url());
  pqxx::work lock(blocker);
  lock.exec_params("SELECT 1 FROM projects WHERE id = $1 FOR UPDATE", id);
  ProjectUpdate edit;
  edit.project_id = id;
  edit.values.set_level("x");
  edit.update_mask = {"level"};
  edit.actor = "dave";
  CallOptions options;
  options.statement_timeout = std::chrono::milliseconds(200);
  try {
    store_.update_project(edit, options);
    FAIL() << "the locked row should have timed out";
  } catch (const StoreError& e) {
    EXPECT_EQ(e.code(), StoreErrorCode::kDeadlineExceeded);
  }
}

// The call's deadline bounds its whole transaction, not only each statement: a write waiting on a
// lock ends at the deadline, rolled back, although its statement timeout is far longer.
TEST_F(ProjectStoreTest, DeadlineEndsTheWholeTransactionAndRollsBack) {
  pqxx::connection blocker(db_.url());
  pqxx::work lock(blocker);
  lock.exec("LOCK TABLE projects IN ACCESS EXCLUSIVE MODE");
  CallOptions options;
  options.statement_timeout = std::chrono::milliseconds(30'000);
  options.deadline = CallOptions::Clock::now() + std::chrono::milliseconds(400);
  const auto started = CallOptions::Clock::now();
  const Bulletin b = bulletin("一", civil(2023, 3, 1), {kAirport});
  try {
    store_.ingest(b.input, b.parsed, options);
    FAIL() << "the ingest should have ended at its deadline";
  } catch (const StoreError& e) {
    EXPECT_EQ(e.code(), StoreErrorCode::kDeadlineExceeded) << e.what();
  }
  EXPECT_LT(CallOptions::Clock::now() - started, std::chrono::milliseconds(1500));
  lock.abort();
  EXPECT_EQ(count("bulletins"), 0);
  EXPECT_EQ(count("projects"), 0);
}

// A caller that goes away ends the work as its deadline would: the statement waiting on a lock is
// cancelled, which no statement timeout would have done.
TEST_F(ProjectStoreTest, CallerGoneCancelsTheRunningStatement) {
  pqxx::connection blocker(db_.url());
  pqxx::work lock(blocker);
  lock.exec("LOCK TABLE projects IN ACCESS EXCLUSIVE MODE");
  const auto started = CallOptions::Clock::now();
  CallOptions options;
  options.statement_timeout = std::chrono::milliseconds(30'000);
  options.cancelled = [started] {
    return CallOptions::Clock::now() - started > std::chrono::milliseconds(300);
  };
  const Bulletin b = bulletin("一", civil(2023, 3, 1), {kAirport});
  try {
    store_.ingest(b.input, b.parsed, options);
    FAIL() << "the ingest should have stopped when its caller went away";
  } catch (const StoreError& e) {
    EXPECT_EQ(e.code(), StoreErrorCode::kCancelled) << e.what();
  }
  EXPECT_LT(CallOptions::Clock::now() - started, std::chrono::milliseconds(1500));
  lock.abort();
  EXPECT_EQ(count("bulletins"), 0);
  // The pool's connections serve the next call as before.
  EXPECT_EQ(ingest(b).created_project_ids.size(), 1u);
}

TEST_F(ProjectStoreTest, NoWorkStartsAfterTheDeadline) {
  CallOptions options;
  options.deadline = CallOptions::Clock::now() - std::chrono::milliseconds(1);
  const Bulletin b = bulletin("一", civil(2023, 3, 1), {kAirport});
  try {
    store_.ingest(b.input, b.parsed, options);
    FAIL() << "a call past its deadline should not reach the database";
  } catch (const StoreError& e) {
    EXPECT_EQ(e.code(), StoreErrorCode::kDeadlineExceeded);
  }
  EXPECT_THROW(store_.get_project("00000000-0000-4000-8000-000000000000", false, options),
               StoreError);
  EXPECT_EQ(count("bulletins"), 0);
}

TEST_F(ProjectStoreTest, ReadsAreCancelledByTheirStatementTimeout) {
  const std::string id =
      ingest(bulletin("一", civil(2023, 3, 1), {kAirport})).created_project_ids.at(0);
  pqxx::connection blocker(db_.url());
  pqxx::work lock(blocker);
  lock.exec("LOCK TABLE projects IN ACCESS EXCLUSIVE MODE");
  CallOptions options;
  options.statement_timeout = std::chrono::milliseconds(200);
  const auto started = std::chrono::steady_clock::now();
  try {
    store_.get_project(id, false, options);
    FAIL() << "the locked table should have timed the read out";
  } catch (const StoreError& e) {
    EXPECT_EQ(e.code(), StoreErrorCode::kDeadlineExceeded);
  }
  // Cancelled near the timeout (plus the slack a session value may have), not left waiting.
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(3));
}

TEST_F(ProjectStoreTest, ReadsReuseTheSessionTimeoutAndWritesDoNotInheritIt) {
  ConnectionPool one(PoolOptions{db_.url(), 1, std::chrono::milliseconds(5000)});
  ProjectStore store(one);
  const Bulletin first_bulletin = bulletin("一", civil(2023, 3, 1), {kAirport});
  const std::string id =
      store.ingest(first_bulletin.input, first_bulletin.parsed).created_project_ids.at(0);
  const auto session_timeout = [&]() {
    ConnectionLease lease = one.acquire();
    pqxx::nontransaction tx(lease->connection);
    return tx.exec1("SHOW statement_timeout")[0].as<std::string>();
  };

  CallOptions reads;
  reads.statement_timeout = std::chrono::milliseconds(30000);
  store.get_project(id, false, reads);
  const std::string first = session_timeout();
  EXPECT_NE(first, "0");
  // A later read with a slightly shorter deadline keeps the session's value: no SET sent.
  reads.statement_timeout = std::chrono::milliseconds(29990);
  store.get_project(id, false, reads);
  EXPECT_EQ(session_timeout(), first);
  // A much shorter one sets it again.
  reads.statement_timeout = std::chrono::milliseconds(300);
  store.get_project(id, false, reads);
  EXPECT_NE(session_timeout(), first);

  // A write without a limit must not be cancelled by what the read left on the session: it waits
  // longer than 300 ms for a row lock and still succeeds.
  pqxx::connection blocker(db_.url());
  auto lock = std::make_unique<pqxx::work>(blocker);
  lock->exec_params("SELECT 1 FROM projects WHERE id = $1 FOR UPDATE", id);
  std::thread release([&]() {
    std::this_thread::sleep_for(std::chrono::milliseconds(800));
    lock->commit();
  });
  EXPECT_NO_THROW(store.update_project(level_edit(id, "省级重点工程")));
  release.join();
  EXPECT_EQ(store.get_project(id).level(), "省级重点工程");
}

TEST_F(ProjectStoreTest, CompositeFieldsAreReadFromTheirBytesAndNeverStale) {
  const std::string id =
      ingest(bulletin("一", civil(2023, 3, 1), {kSolar})).created_project_ids.at(0);
  const auto has_bytes = [&]() {
    pqxx::connection c(db_.url());
    pqxx::nontransaction tx(c);
    return tx.exec_params1("SELECT composite_pb IS NOT NULL FROM projects WHERE id = $1", id)[0]
        .as<bool>();
  };
  EXPECT_TRUE(has_bytes());
  const v1::Project stored = store_.get_project(id);
  ASSERT_EQ(stored.evidence_size(), 1);
  EXPECT_EQ(stored.evidence(0).sentence(), kSolar.name + kSolar.phrase + "。");

  // A later bulletin's mention updates the project in ingest's batch statement: bytes current.
  ingest(bulletin("二", civil(2023, 9, 1), {kSolarOperating}));
  EXPECT_TRUE(has_bytes());
  const v1::Project updated = store_.get_project(id);
  EXPECT_EQ(updated.status(), v1::PROJECT_STATUS_OPERATING);
  bool new_evidence = false;
  for (const v1::Evidence& e : updated.evidence()) {
    new_evidence = new_evidence || e.sentence() == kSolar.name + "并网发电。";
  }
  EXPECT_TRUE(new_evidence) << updated.DebugString();

  // A writer that changes a jsonb column and not the bytes: the bytes are dropped and the
  // project is read from the jsonb columns, with the change.
  {
    pqxx::connection c(db_.url());
    pqxx::nontransaction tx(c);
    tx.exec_params("UPDATE projects SET evidence = '[]'::jsonb WHERE id = $1", id);
  }
  EXPECT_FALSE(has_bytes());
  EXPECT_EQ(store_.get_project(id).evidence_size(), 0);
  EXPECT_EQ(store_.get_project(id).display_name(), kSolar.name);

  // The store's next write of the row stores the bytes again.
  store_.update_project(level_edit(id, "省级重点工程"));
  EXPECT_TRUE(has_bytes());
  EXPECT_EQ(store_.get_project(id).evidence_size(), 0);
  EXPECT_EQ(store_.get_project(id).level(), "省级重点工程");
}

// A foreign-key check takes a KEY SHARE lock on the project it checks: a concurrent ingest that
// records an observation of a project holds one until it commits. Writers of the project must
// not wait for it (two ingests that both held one and then wanted the row deadlocked).
TEST_F(ProjectStoreTest, WritersOfAProjectDoNotWaitForKeyShareLocksOnIt) {
  const std::string id =
      ingest(bulletin("三月", civil(2023, 3, 1), {kSolar})).created_project_ids.at(0);
  pqxx::connection holder(db_.url());
  pqxx::work hold(holder);
  hold.exec_params("SELECT 1 FROM projects WHERE id = $1 FOR KEY SHARE", id);

  auto ingested = std::async(std::launch::async, [&] {
    return ingest(bulletin("九月", civil(2023, 9, 1), {kSolarOperating}));
  });
  const bool ingest_finished =
      ingested.wait_for(std::chrono::seconds(5)) == std::future_status::ready;
  auto edited = std::async(std::launch::async,
                           [&] { return store_.update_project(level_edit(id, "省级重点工程")); });
  const bool edit_finished = edited.wait_for(std::chrono::seconds(5)) == std::future_status::ready;
  hold.commit();
  ASSERT_TRUE(ingest_finished) << "the ingest waited for the KEY SHARE lock";
  ASSERT_TRUE(edit_finished) << "the edit waited for the KEY SHARE lock";
  EXPECT_EQ(ingested.get().updated_project_ids, std::vector<std::string>{id});
  EXPECT_EQ(edited.get().level(), "省级重点工程");
  const v1::Project stored = store_.get_project(id);
  EXPECT_EQ(stored.status(), v1::PROJECT_STATUS_OPERATING);
  EXPECT_EQ(stored.level(), "省级重点工程");
}

TEST_F(ProjectStoreTest, ObservationsAreFoldedFromTheirBytesAndNeverStale) {
  const std::string id =
      ingest(bulletin("九月", civil(2023, 9, 1), {kSolarOperating})).created_project_ids.at(0);
  const auto observations_with_bytes = [&]() {
    pqxx::connection c(db_.url());
    pqxx::nontransaction tx(c);
    return tx
        .exec_params1(
            "SELECT count(*) FROM project_observations "
            "WHERE project_id = $1 AND fields_pb IS NOT NULL",
            id)[0]
        .as<int>();
  };
  EXPECT_EQ(observations_with_bytes(), 1);

  // An older bulletin ingested later refolds the project from both observations (its mention
  // does not sort after the stored one): the newer status stays, read from the bytes.
  ingest(bulletin("三月", civil(2023, 3, 1), {kSolar}));
  EXPECT_EQ(observations_with_bytes(), 2);
  EXPECT_EQ(store_.get_project(id).status(), v1::PROJECT_STATUS_OPERATING);
  EXPECT_EQ(store_.get_project(id).status_phrase(), "并网发电");

  // A writer that changes the JSON and not the bytes: the bytes are dropped, and the next
  // refold reads the JSON, with the change.
  {
    pqxx::connection c(db_.url());
    pqxx::nontransaction tx(c);
    tx.exec_params(
        "UPDATE project_observations "
        "SET fields = jsonb_set(fields, '{status_phrase}', '\"建成投产\"') "
        "WHERE project_id = $1 AND observed_date = '2023-09-01'",
        id);
  }
  EXPECT_EQ(observations_with_bytes(), 1);
  ingest(bulletin("六月", civil(2023, 6, 1), {kSolar}));
  EXPECT_EQ(store_.get_project(id).status(), v1::PROJECT_STATUS_OPERATING);
  EXPECT_EQ(store_.get_project(id).status_phrase(), "建成投产");
}

// Sets a project's level in `work` the way another writer would: the version moves, so the
// change log and its notification follow when `work` commits.
void change_level(pqxx::transaction_base& work, const std::string& id, const std::string& level) {
  work.exec_params("UPDATE projects SET level = $2, version = version + 1 WHERE id = $1", id,
                   level);
}

// The same, in a transaction of its own, committed.
void commit_level_change(const std::string& url, const std::string& id, const std::string& level) {
  pqxx::connection connection(url);
  pqxx::work work(connection);
  change_level(work, id, level);
  work.commit();
}

std::set<std::string> watched_until(ChangeFeed& feed, const std::string& project_id,
                                    std::chrono::milliseconds limit) {
  std::set<std::string> seen;
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline && !seen.count("projects/" + project_id)) {
    for (const ChangeRecord& record : feed.poll(std::chrono::milliseconds(100))) {
      seen.insert(record.project.name());
    }
  }
  return seen;
}

// The first non-empty batch the feed delivers within `limit` (empty when none came).
std::vector<ChangeRecord> first_delivery(ChangeFeed& feed, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  std::vector<ChangeRecord> records;
  while (records.empty() && std::chrono::steady_clock::now() < deadline) {
    records = feed.poll(std::chrono::milliseconds(100));
  }
  return records;
}

TEST_F(ProjectStoreTest, WatchWithoutResumePointGetsChangesOfTransactionsAlreadyRunning) {
  const IngestResult first = ingest(bulletin("一", civil(2023, 3, 1), {kSolar, kAirport}));
  const std::string early = first.created_project_ids.at(0);
  const std::string later = first.created_project_ids.at(1);
  // A transaction takes a change id, then a second one commits a higher id before the watch
  // starts: the watch begins after the higher id while the lower one is still uncommitted.
  pqxx::connection slow_connection(db_.url());
  pqxx::work slow(slow_connection);
  change_level(slow, early, "x");
  commit_level_change(db_.url(), later, "y");
  ChangeFeed feed(db_.url(), std::nullopt, std::nullopt);
  EXPECT_TRUE(feed.poll(std::chrono::milliseconds(50)).empty());
  slow.commit();
  const std::set<std::string> seen = watched_until(feed, early, std::chrono::seconds(3));
  EXPECT_TRUE(seen.count("projects/" + early)) << "the change committed after the watch began";
  EXPECT_FALSE(seen.count("projects/" + later)) << "committed before the watch began";

  // And changes after the starting point still arrive, in order after it.
  store_.get_project(later);
  commit_level_change(db_.url(), later, "z");
  EXPECT_TRUE(watched_until(feed, later, std::chrono::seconds(3)).count("projects/" + later));
}

// A transaction holding a change id below a watch's starting point (a higher id committed before
// the watch began) outlasts the start hold, so a change made after the start goes out first. A
// client that resumes from that change must still get the held one when it commits: the token
// carries what the first feed still owed.
TEST_F(ProjectStoreTest, ResumingPastTheStartHoldStillGetsTheHeldChange) {
  const IngestResult first = ingest(bulletin("一", civil(2023, 3, 1), {kSolar, kAirport}));
  const std::string early = first.created_project_ids.at(0);
  const std::string later = first.created_project_ids.at(1);
  // The held transaction commits after the client resumed, or while it was away.
  for (const bool commit_while_away : {false, true}) {
    SCOPED_TRACE(commit_while_away ? "committed while away" : "committed after the resume");
    pqxx::connection slow_connection(db_.url());
    pqxx::work slow(slow_connection);
    change_level(slow, early, commit_while_away ? "x2" : "x1");
    commit_level_change(db_.url(), later, commit_while_away ? "y2" : "y1");

    std::optional<ResumePoint> resume;
    {
      ChangeFeed feed(db_.url(), std::nullopt, std::nullopt);
      EXPECT_TRUE(feed.poll(std::chrono::milliseconds(50)).empty());
      commit_level_change(db_.url(), later, commit_while_away ? "z2" : "z1");
      const std::vector<ChangeRecord> newer = first_delivery(feed, std::chrono::seconds(6));
      ASSERT_FALSE(newer.empty()) << "the newer change was held back for good";
      for (const ChangeRecord& record : newer) {
        EXPECT_EQ(record.project.name(), "projects/" + later);
      }
      resume = newer.back().resume;
      EXPECT_FALSE(resume->start_snapshot.empty());
      EXPECT_FALSE(feed.position().start_snapshot.empty());
    }  // the client goes away with the newer change's token

    if (commit_while_away) slow.commit();
    ChangeFeed resumed(db_.url(), resume, std::nullopt);
    if (!commit_while_away) {
      EXPECT_TRUE(resumed.poll(std::chrono::milliseconds(50)).empty());
      slow.commit();
    }
    const std::vector<ChangeRecord> held = first_delivery(resumed, std::chrono::seconds(3));
    ASSERT_FALSE(held.empty()) << "the change held back before the resume was lost";
    for (const ChangeRecord& record : held) {
      EXPECT_EQ(record.project.name(), "projects/" + early) << "nothing else is owed";
    }
    // Owed nothing more: later tokens are plain change ids again.
    EXPECT_TRUE(held.back().resume.start_snapshot.empty());
    EXPECT_TRUE(resumed.position().start_snapshot.empty());
  }
}

// --- the "one name contains the other in the same city" candidates ------------------------------

// Names varied in length, script, digits, phases and quoting, in three cities; several contain
// others (晶科 / 晶科能源光伏组件, 5号 / 50号, 一期 / 二期).
const std::vector<std::pair<std::string, std::string>> kVariedNames = {
    {"晶科项目", "长治市"},
    {"晶科能源光伏组件项目", "长治市"},
    {"晶科能源光伏组件二期项目", "长治市"},
    {"“晶科能源”光伏组件一期", "长治市"},
    {"潞安化工园区项目", "长治市"},
    {"潞安", "长治市"},
    {"长治王村机场改扩建工程", "长治市"},
    {"王村机场", "长治市"},
    {"机场", "长治市"},
    {"武乡县5号储能电站项目", "长治市"},
    {"武乡县50号储能电站项目", "长治市"},
    {"ABC新材料产业园", "长治市"},
    {"ａｂｃ新材料", "长治市"},
    {"晶科能源光伏组件项目", "大同市"},
    {"云冈文旅综合体", "大同市"},
    {"云冈", "大同市"},
    {"年产5万吨玉米深加工项目", "襄阳市"},
    {"湖北远航食品有限公司“谷城县远航年产5万吨玉米深加工项目”", "襄阳市"},
    {"远航", "襄阳市"},
    {"厂", "襄阳市"},
    // Six and seven characters: the two ways a contained name is looked up meet here.
    {"武乡光伏电站", "长治市"},
    {"武乡县光伏电站", "长治市"},
    {"武乡光伏电站武乡县光伏电站升压站扩建", "长治市"},
};

// What the strpos rule this index replaced returned, for pairs the resolver can score at all (the
// shorter phase-less name has two characters or more).
std::set<std::string> containment_by_scan(pqxx::work& tx, const std::string& city,
                                          const std::string& key) {
  std::set<std::string> ids;
  for (const pqxx::row& row :
       tx.exec_params("SELECT id FROM projects WHERE $1 <> '' AND city = $1 AND $2 <> '' "
                      "AND (strpos(name_key, $2) > 0 OR strpos($2, name_key) > 0) "
                      "AND least(char_length($2), char_length(split_part(name_key, '#', 1))) >= 2",
                      city, key)) {
    ids.insert(row[0].as<std::string>());
  }
  return ids;
}

std::set<std::string> containment_by_index(pqxx::work& tx, const std::string& city,
                                           const std::string& key) {
  using rows::to_array_literal;
  // As ingest looks a mention up: containment needs a city and two characters.
  const bool containment = !city.empty() && code_point_count(key) >= 2;
  const auto runs = [&](std::size_t length) {
    return to_array_literal(containment ? code_point_runs(key, length)
                                        : std::vector<std::string>{});
  };
  std::set<std::string> ids;
  for (const pqxx::row& row : tx.exec_params(
           std::string(sql::kFindCandidates), to_array_literal({"{}"}), to_array_literal({"{}"}),
           to_array_literal({city}), to_array_literal({containment ? key : ""}),
           to_array_literal({runs(2)}), to_array_literal({runs(kShortNameMaxLength + 1)}),
           to_array_literal({""}), to_array_literal({""}))) {
    EXPECT_EQ(row[0].as<int>(), 1);
    ids.insert(row[1].as<std::string>());
  }
  return ids;
}

TEST_F(ProjectStoreTest, ContainmentCandidatesMatchTheFullScan) {
  std::vector<Mention> mentions;
  for (const auto& [name, city] : kVariedNames)
    mentions.push_back(Mention{.name = name, .city = city});
  ingest(bulletin("各地项目", civil(2023, 3, 1), mentions));
  pqxx::connection c(db_.url());
  pqxx::work tx(c);
  int nonempty = 0;
  std::vector<std::pair<std::string, std::string>> probes = kVariedNames;
  probes.emplace_back("光伏组件", "长治市");
  probes.emplace_back("新材料产业", "长治市");
  probes.emplace_back("谷城县远航年产5万吨", "襄阳市");
  probes.emplace_back("储能电站", "");
  for (const auto& [name, city] : probes) {
    const std::string key = normalize_name_key(name);
    const std::string stem = key.substr(0, key.rfind('#'));
    const std::set<std::string> expected = containment_by_scan(tx, city, stem);
    EXPECT_EQ(containment_by_index(tx, city, stem), expected) << name << " in " << city;
    if (!expected.empty()) ++nonempty;
  }
  EXPECT_GE(nonempty, 10);  // the probes do exercise containment both ways
}

TEST_F(ProjectStoreTest, ContainmentFollowsRenamesAndMoves) {
  // Named by its short form first; a fuller name arriving later becomes the display name.
  Mention short_name{
      .name = "远航玉米项目", .city = "襄阳市", .organizations = {"远航食品有限公司"}};
  Mention full_name{
      .name = "远航玉米深加工项目", .city = "襄阳市", .organizations = {"远航食品有限公司"}};
  v1::Quantity tons;
  tons.set_value(5);
  tons.set_unit("万吨");
  Bulletin a = bulletin("一", civil(2023, 3, 1), {short_name});
  *a.parsed.mutable_projects(0)->add_capacities() = tons;
  Bulletin b = bulletin("二", civil(2023, 4, 1), {full_name});
  *b.parsed.mutable_projects(0)->add_capacities() = tons;
  const std::string id = ingest(a).created_project_ids.at(0);
  ASSERT_EQ(ingest(b).updated_project_ids, std::vector<std::string>{id});
  pqxx::connection c(db_.url());
  {
    pqxx::work tx(c);
    EXPECT_EQ(containment_by_index(tx, "襄阳市", "深加工"), std::set<std::string>{id});
    EXPECT_EQ(containment_by_index(tx, "襄阳市", "远航玉米深加工厂区"), std::set<std::string>{id});
    EXPECT_TRUE(containment_by_index(tx, "襄阳市", "远航玉米厂").empty());  // the old name is gone
  }
  ProjectUpdate move;
  move.project_id = id;
  move.values.mutable_location()->set_city("宜昌市");
  move.update_mask = {"location.city"};
  move.actor = "erin";
  store_.update_project(move);
  pqxx::work tx(c);
  EXPECT_TRUE(containment_by_index(tx, "襄阳市", "深加工").empty());
  EXPECT_EQ(containment_by_index(tx, "宜昌市", "深加工"), std::set<std::string>{id});
}

// The suffix rows of a project are exactly those of its current name key and city after every
// kind of rename (0010 keeps the rows old and new name share instead of rewriting them): a
// longer name from ingest, a phase added by hand (the stem's row stops being whole), a move.
TEST_F(ProjectStoreTest, NameSuffixRowsFollowEveryRenameExactly) {
  const auto rows_match = [&](const std::string& id) {
    pqxx::connection c(db_.url());
    pqxx::nontransaction tx(c);
    const pqxx::row row = tx.exec_params1(
        "SELECT (SELECT COALESCE(array_agg(s.city || '|' || s.suffix || '|' || s.whole "
        "          ORDER BY s.city, s.suffix), '{}') FROM project_name_suffixes s "
        "        WHERE s.project_id = p.id)::text, "
        "       (SELECT COALESCE(array_agg(p.city || '|' || x.suffix || '|' || x.whole "
        "          ORDER BY x.suffix COLLATE \"C\"), '{}') "
        "        FROM investtrack_name_suffixes(p.name_key, p.city) x)::text, "
        "       p.name_key FROM projects p WHERE p.id = $1",
        id);
    EXPECT_EQ(row[0].as<std::string>(), row[1].as<std::string>()) << row[2].as<std::string>();
    return row[2].as<std::string>();
  };
  Mention short_name{
      .name = "远航玉米项目", .city = "襄阳市", .organizations = {"远航食品有限公司"}};
  Mention full_name{
      .name = "远航玉米深加工项目", .city = "襄阳市", .organizations = {"远航食品有限公司"}};
  v1::Quantity tons;  // same owner, place and size: the fuller name is the same project
  tons.set_value(5);
  tons.set_unit("万吨");
  Bulletin a = bulletin("一", civil(2023, 3, 1), {short_name});
  *a.parsed.mutable_projects(0)->add_capacities() = tons;
  Bulletin b = bulletin("二", civil(2023, 4, 1), {full_name});
  *b.parsed.mutable_projects(0)->add_capacities() = tons;
  const std::string id = ingest(a).created_project_ids.at(0);
  const std::string first_key = rows_match(id);
  ASSERT_EQ(ingest(b).updated_project_ids, std::vector<std::string>{id});
  const std::string second_key = rows_match(id);
  EXPECT_NE(second_key, first_key);  // the rename did happen

  // Manual edits by one editor, each of one field.
  const auto edit = [&](const std::string& path, const std::function<void(v1::Project&)>& set) {
    ProjectUpdate update;
    update.project_id = id;
    set(update.values);
    update.update_mask = {path};
    update.actor = "erin";
    store_.update_project(update);
  };
  edit("display_name", [](v1::Project& p) { p.set_display_name("远航玉米深加工项目二期"); });
  const std::string third_key = rows_match(id);
  EXPECT_NE(third_key.find('#'), std::string::npos) << third_key;  // a phase, same stem

  edit("display_name", [](v1::Project& p) { p.set_display_name("远航玉米深加工项目"); });
  EXPECT_EQ(rows_match(id), second_key);

  edit("location.city", [](v1::Project& p) { p.mutable_location()->set_city("宜昌市"); });
  rows_match(id);
}

// A short name inside a longer one in the same city is a doubtful match: kept apart, reviewed.
TEST_F(ProjectStoreTest, ContainedNameInTheSameCityGoesToReviewEitherWay) {
  const std::string long_id =
      ingest(bulletin("一", civil(2023, 3, 1), {Mention{.name = "晶科能源光伏组件项目"}}))
          .created_project_ids.at(0);
  const IngestResult shorter =
      ingest(bulletin("二", civil(2023, 4, 1), {Mention{.name = "晶科能源项目"}}));
  ASSERT_EQ(shorter.review_project_ids.size(), 1u);
  const IngestResult longer =
      ingest(bulletin("三", civil(2023, 5, 1), {Mention{.name = "晶科能源光伏组件扩能技改项目"}}));
  ASSERT_EQ(longer.review_project_ids.size(), 1u);
  const IngestResult elsewhere = ingest(
      bulletin("四", civil(2023, 5, 1), {Mention{.name = "晶科能源光伏", .city = "大同市"}}));
  EXPECT_TRUE(elsewhere.review_project_ids.empty());
  std::set<std::string> candidates;
  for (const ReviewItem& item : store_.list_review_items(true)) {
    EXPECT_EQ(item.reason, "one name contains the other in the same place");
    candidates.insert(item.candidate_project_id);
  }
  EXPECT_TRUE(candidates.count(long_id));
}

// What ingest decides for a set of bulletins, mention by mention, with ids replaced by the index
// of the mention that created the project, so two registers can be compared.
std::vector<std::string> decisions(ProjectStore& store, const std::string& url,
                                   const std::vector<Bulletin>& bulletins) {
  std::vector<std::int64_t> bulletin_ids;
  for (const Bulletin& b : bulletins)
    bulletin_ids.push_back(store.ingest(b.input, b.parsed).bulletin_id);
  pqxx::connection c(url);
  pqxx::work tx(c);
  std::map<std::string, std::string>
      label;  // project id -> "b<bulletin>m<mention>" that created it
  std::vector<std::string> out;
  for (std::size_t i = 0; i < bulletin_ids.size(); ++i) {
    for (const pqxx::row& row : tx.exec_params(
             "SELECT o.project_id, o.mention_index, o.match_rule, o.created_project, "
             "  (SELECT string_agg(r.rule || ':' || r.candidate_project_id || ':' || r.reason, ';' "
             "     ORDER BY r.id) FROM review_items r WHERE r.observation_id = o.id) "
             "FROM project_observations o WHERE o.bulletin_id = $1 ORDER BY o.mention_index",
             bulletin_ids[i])) {
      const std::string id = row[0].as<std::string>();
      const std::string here = "b" + std::to_string(i) + "m" + row[1].as<std::string>();
      if (row[3].as<bool>()) label.emplace(id, here);
      std::string review = row[4].is_null() ? "" : row[4].as<std::string>();
      for (const auto& [project, name] : label) {
        for (std::size_t at = review.find(project); at != std::string::npos;
             at = review.find(project)) {
          review.replace(at, project.size(), name);
        }
      }
      out.push_back(here + " -> " + (label.count(id) ? label[id] : "filler") + " " +
                    row[2].as<std::string>() + " " + review);
    }
  }
  return out;
}

TEST_F(ProjectStoreTest, AGrowingRegisterDoesNotChangeDecisions) {
  std::vector<Bulletin> bulletins;
  int n = 0;
  for (const auto& [name, city] : kVariedNames) {
    Mention m{.name = name, .city = city, .status = v1::PROJECT_STATUS_SIGNED, .phrase = "签约"};
    if (name.find("机场") != std::string::npos) m.organizations = {"长治机场有限公司"};
    ++n;
    bulletins.push_back(bulletin("变化" + std::to_string(n), civil(2023, 3, n % 28 + 1), {m}));
  }
  const std::vector<std::string> alone = decisions(store_, db_.url(), bulletins);

  // The same bulletins after a few hundred unrelated projects in the same cities (names made of
  // characters none of the names above use, so nothing can contain anything).
  testing::ScratchDatabase grown_db;
  ConnectionPool grown_pool(PoolOptions{grown_db.url(), 2, std::chrono::milliseconds(5000)});
  ProjectStore grown(grown_pool);
  const std::vector<std::string> syllables = {"甲", "乙", "丙", "丁", "戊",
                                              "己", "庚", "辛", "壬", "癸"};
  for (int batch = 0; batch < 30; ++batch) {
    std::vector<Mention> filler;
    for (int i = 0; i < 10; ++i) {
      const int k = batch * 10 + i;
      filler.push_back(Mention{
          .name =
              syllables[k % 10] + syllables[k / 10 % 10] + syllables[k / 100 % 10] + "子丑寅卯辰巳",
          .city = kVariedNames[static_cast<std::size_t>(k) % kVariedNames.size()].second});
    }
    Bulletin b = bulletin("填充" + std::to_string(batch), civil(2022, 1, 1), filler);
    grown.ingest(b.input, b.parsed);
  }
  EXPECT_EQ(decisions(grown, grown_db.url(), bulletins), alone);
}

TEST_F(ProjectStoreTest, WatchWaitsForAGapHeldByATransactionNewerThanTheCommittedOnes) {
  const IngestResult first = ingest(bulletin("一", civil(2023, 3, 1), {kSolar, kAirport}));
  const std::string held_id = first.created_project_ids.at(0);
  const std::string other_id = first.created_project_ids.at(1);
  std::int64_t before = 0;
  {
    pqxx::connection c(db_.url());
    pqxx::nontransaction q(c);
    before = q.exec1("SELECT max(change_id) FROM project_changes")[0].as<std::int64_t>();
  }
  ChangeFeed feed(db_.url(), ResumePoint{before, 0, {}}, std::nullopt);
  // T takes a transaction id first; H takes a later one and the next change id; T then takes
  // the change id after H's and commits. No transaction newer than H has ended, so a snapshot
  // does not list H among the running ones, yet H holds the missing id below T's change.
  pqxx::connection t_connection(db_.url());
  pqxx::work t(t_connection);
  t.exec("SELECT pg_current_xact_id()");
  pqxx::connection h_connection(db_.url());
  pqxx::work h(h_connection);
  change_level(h, held_id, "x");
  change_level(t, other_id, "y");
  t.commit();
  for (int i = 0; i < 5; ++i) feed.poll(std::chrono::milliseconds(50));  // sees the gap
  h.commit();
  EXPECT_TRUE(watched_until(feed, held_id, std::chrono::seconds(3)).count("projects/" + held_id))
      << "the change committed into the gap was skipped";
}

TEST_F(ProjectStoreTest, WatchWithoutResumePointHoldsNewChangesOnlyBriefly) {
  const IngestResult first = ingest(bulletin("一", civil(2023, 3, 1), {kSolar, kAirport}));
  const std::string idle_id = first.created_project_ids.at(0);
  const std::string other_id = first.created_project_ids.at(1);
  // A transaction with an id that stays open past the hold without touching the register, like
  // a session left idle in a transaction.
  pqxx::connection idle_connection(db_.url());
  pqxx::work idle(idle_connection);
  idle.exec("SELECT pg_current_xact_id()");
  ChangeFeed feed(db_.url(), std::nullopt, std::nullopt);
  commit_level_change(db_.url(), other_id, "y");
  // The new change arrives once the hold has passed, though the idle transaction still runs.
  EXPECT_TRUE(watched_until(feed, other_id, std::chrono::seconds(6)).count("projects/" + other_id));
  // And what that transaction writes later is delivered too.
  change_level(idle, idle_id, "x");
  idle.commit();
  EXPECT_TRUE(watched_until(feed, idle_id, std::chrono::seconds(3)).count("projects/" + idle_id));
}

TEST_F(ProjectStoreTest, WatchIsNotHeldBackByTransactionsOfOtherDatabases) {
  const IngestResult first = ingest(bulletin("一", civil(2023, 3, 1), {kSolar}));
  const std::string id = first.created_project_ids.at(0);
  // A session idle in a transaction with an id, in another database of the same cluster (the
  // test server's own), must not delay a new watch's changes by its start hold (2 s).
  pqxx::connection elsewhere(testing::test_db_url());
  ASSERT_NE(elsewhere.dbname(), pqxx::connection(db_.url()).dbname());
  pqxx::work idle(elsewhere);
  idle.exec("SELECT pg_current_xact_id()");
  ChangeFeed feed(db_.url(), std::nullopt, std::nullopt);
  const auto start = std::chrono::steady_clock::now();
  commit_level_change(db_.url(), id, "y");
  EXPECT_TRUE(watched_until(feed, id, std::chrono::seconds(6)).count("projects/" + id));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(1500));
  idle.abort();
}

TEST(ConnectionPoolTest, ClosedPortIsUnavailable) {
  ConnectionPool pool(PoolOptions{"postgresql://127.0.0.1:1/none?connect_timeout=2", 2,
                                  std::chrono::milliseconds(500)});
  ProjectStore store(pool);
  try {
    store.get_project("x");
    FAIL();
  } catch (const StoreError& e) {
    EXPECT_EQ(e.code(), StoreErrorCode::kUnavailable);
    EXPECT_EQ(e.message().find("127.0.0.1"), std::string::npos);  // no connection detail shown
    EXPECT_FALSE(e.detail().empty());
  }
  EXPECT_EQ(pool.open_connections(), 0u);
}

TEST(ConnectionPoolTest, ExhaustedPoolTimesOut) {
  testing::ScratchDatabase db;
  ConnectionPool pool(PoolOptions{db.url(), 1, std::chrono::milliseconds(100)});
  ConnectionLease held = pool.acquire();
  try {
    pool.acquire();
    FAIL();
  } catch (const StoreError& e) {
    EXPECT_EQ(e.code(), StoreErrorCode::kUnavailable);
  }
  std::thread releaser([lease = std::move(held)]() mutable {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  });
  releaser.join();
  EXPECT_NO_THROW(pool.acquire());
  EXPECT_EQ(pool.open_connections(), 1u);
}

// The timeline read a page at a time (keyset pages of 1, 2 and 3 events, and from an offset as
// the page tokens of earlier servers held) is the timeline read whole, which is in the order
// things happened: by the day each event refers to, then as recorded, observations before
// status changes before edits.
TEST_F(ProjectStoreTest, EventPagesReadTheWholeTimelineInOrder) {
  // Two mentions in one bulletin: two observations and two status changes with the same day
  // and time.
  const std::string id = ingest(bulletin("九月", civil(2023, 9, 1), {kSolarOperating, kSolar}))
                             .created_project_ids.at(0);
  ingest(bulletin("三月", civil(2023, 3, 1), {kSolar}));
  store_.update_project(status_edit(id, v1::PROJECT_STATUS_COMPLETED));
  store_.update_project(level_edit(id, "省级"));

  const auto describe = [](const ProjectEvent& e) {
    return std::to_string(static_cast<int>(e.kind)) + "|" + e.time + "|" + e.date + "|" +
           std::to_string(e.status) + "|" + std::to_string(e.bulletin_id) + "|" + e.match_rule +
           "|" + e.field_path + "|" + e.new_value;
  };
  std::vector<std::string> whole;
  std::vector<std::tuple<std::string, std::string, int>> keys;
  for (const ProjectEvent& e : store_.list_events(id)) {
    whole.push_back(describe(e));
    keys.emplace_back(e.date.empty() ? e.time.substr(0, 10) : e.date, e.time,
                      static_cast<int>(e.kind));
  }
  ASSERT_GE(whole.size(), 8u) << ::testing::PrintToString(whole);
  EXPECT_TRUE(std::is_sorted(keys.begin(), keys.end())) << ::testing::PrintToString(whole);

  for (const int limit : {1, 2, 3}) {
    std::vector<std::string> paged;
    EventPageQuery query;
    query.limit = limit;
    for (int pages = 0; pages < 20; ++pages) {
      const EventPage page = store_.list_events(id, query);
      ASSERT_LE(page.events.size(), static_cast<std::size_t>(limit));
      for (const ProjectEvent& e : page.events) paged.push_back(describe(e));
      if (!page.next) break;
      query.after = page.next;
    }
    EXPECT_EQ(paged, whole) << "pages of " << limit;
  }
  EventPageQuery from_offset;
  from_offset.offset = 2;
  from_offset.limit = 3;
  std::vector<std::string> slice;
  for (const ProjectEvent& e : store_.list_events(id, from_offset).events) {
    slice.push_back(describe(e));
  }
  EXPECT_EQ(slice, std::vector<std::string>(whole.begin() + 2, whole.begin() + 5));
}

// --- status changes in summaries ----------------------------------------------------------------

// One stage of a project, as a bulletin of `date` states it.
Mention at_stage(const Mention& project, v1::ProjectStatus status) {
  Mention m = project;
  m.status = status;
  m.phrase = status == v1::PROJECT_STATUS_UNKNOWN ? "" : v1::ProjectStatus_Name(status);
  return m;
}

std::chrono::year_month_day day(int year, unsigned month, unsigned d) {
  return std::chrono::year{year} / std::chrono::month{month} / std::chrono::day{d};
}

DayRange days_from(std::chrono::year_month_day first,
                   std::optional<std::chrono::year_month_day> end = std::nullopt) {
  return DayRange{first, end};
}

const Mention kPumpedStorage{.name = "壶关县抽水蓄能电站项目",
                             .county = "壶关县",
                             .investment_yuan = 9000000000,
                             .industry = "hydropower",
                             .division_code = "140427"};
const Mention kWindFarm{.name = "平顺县100MW风电场项目",
                        .county = "平顺县",
                        .investment_yuan = 700000000,
                        .industry = "wind_power",
                        .division_code = "140425"};

class StatusChangeSummaryTest : public ProjectStoreTest {
 protected:
  // The total's {status_change_count, projects_with_status_change} over `days`.
  std::pair<std::int64_t, std::int64_t> changes(const DayRange& days,
                                                std::optional<FilterExpr> filter = std::nullopt) {
    const Summary summary = store_.summarize(filter, SummaryDimension::kStatus, days);
    return {summary.total.status_change_count, summary.total.projects_with_status_change};
  }

  // The database's today, the day manual status changes are dated with.
  std::chrono::year_month_day database_today() {
    pqxx::connection c(db_.url());
    pqxx::nontransaction tx(c);
    const pqxx::row row = tx.exec1(
        "SELECT extract(year FROM current_date)::int, extract(month FROM current_date)::int, "
        "extract(day FROM current_date)::int");
    return day(row[0].as<int>(), row[1].as<unsigned>(), row[2].as<unsigned>());
  }

  std::string ingest_stages(
      const Mention& project,
      const std::vector<std::pair<v1::CivilDate, v1::ProjectStatus>>& stages) {
    std::string id;
    for (const auto& [date, status] : stages) {
      const IngestResult result =
          ingest(bulletin(project.name + rows::to_iso_date(date) + v1::ProjectStatus_Name(status),
                          date, {at_stage(project, status)}));
      if (!result.created_project_ids.empty()) id = result.created_project_ids.front();
    }
    return id;
  }
};

TEST_F(StatusChangeSummaryTest, ChangesAreNewStatusesOnTheWindowsDaysNotRepeatsOrFirstStatuses) {
  // Signed -> under construction -> under construction again -> operating: two changes, on
  // 2023-04-01 and 2023-05-01. Ingested out of date order: the history is ordered by day.
  ingest_stages(kPumpedStorage, {{civil(2023, 5, 1), v1::PROJECT_STATUS_OPERATING},
                                 {civil(2023, 3, 1), v1::PROJECT_STATUS_SIGNED},
                                 {civil(2023, 4, 15), v1::PROJECT_STATUS_UNDER_CONSTRUCTION},
                                 {civil(2023, 4, 1), v1::PROJECT_STATUS_UNDER_CONSTRUCTION}});
  // Only ever one status: never a change.
  ingest_stages(kWindFarm, {{civil(2023, 4, 1), v1::PROJECT_STATUS_SIGNED},
                            {civil(2023, 4, 20), v1::PROJECT_STATUS_SIGNED}});

  using Counts = std::pair<std::int64_t, std::int64_t>;
  EXPECT_EQ(changes(days_from(day(2023, 1, 1), day(2024, 1, 1))), Counts(2, 1));
  EXPECT_EQ(changes(days_from(day(2023, 1, 1))), Counts(2, 1));
  // The first status (2023-03-01) is no change.
  EXPECT_EQ(changes(days_from(day(2023, 3, 1), day(2023, 4, 1))), Counts(0, 0));
  // The end day is not in the window; the start day is.
  EXPECT_EQ(changes(days_from(day(2023, 3, 1), day(2023, 4, 2))), Counts(1, 1));
  EXPECT_EQ(changes(days_from(day(2023, 4, 1), day(2023, 4, 2))), Counts(1, 1));
  // 2023-04-15 states the status again: no change; 2023-05-01 is one.
  EXPECT_EQ(changes(days_from(day(2023, 4, 2), day(2023, 5, 1))), Counts(0, 0));
  EXPECT_EQ(changes(days_from(day(2023, 4, 2))), Counts(1, 1));
  EXPECT_EQ(changes(days_from(day(2023, 5, 2))), Counts(0, 0));
  // Without a window nothing is counted.
  const Summary plain = store_.summarize(std::nullopt, SummaryDimension::kStatus, std::nullopt);
  EXPECT_EQ(plain.total.project_count, 2);
  EXPECT_EQ(plain.total.status_change_count, 0);
}

TEST_F(StatusChangeSummaryTest, AMentionWithoutAStageIsNeitherAChangeNorTheStatusBeforeOne) {
  // Under construction, named without a stage, under construction again: no change.
  ingest_stages(kPumpedStorage, {{civil(2023, 3, 1), v1::PROJECT_STATUS_UNDER_CONSTRUCTION},
                                 {civil(2023, 4, 1), v1::PROJECT_STATUS_UNKNOWN},
                                 {civil(2023, 5, 1), v1::PROJECT_STATUS_UNDER_CONSTRUCTION}});
  EXPECT_EQ(changes(days_from(day(2023, 1, 1))), std::make_pair(std::int64_t{0}, std::int64_t{0}));
}

TEST_F(StatusChangeSummaryTest, GroupsAndTheFilterFollowTheProjectsCurrentValues) {
  ingest_stages(kPumpedStorage, {{civil(2023, 3, 1), v1::PROJECT_STATUS_SIGNED},
                                 {civil(2023, 6, 1), v1::PROJECT_STATUS_UNDER_CONSTRUCTION},
                                 {civil(2023, 7, 1), v1::PROJECT_STATUS_COMPLETED}});
  ingest_stages(kWindFarm, {{civil(2023, 3, 1), v1::PROJECT_STATUS_SIGNED},
                            {civil(2023, 6, 5), v1::PROJECT_STATUS_UNDER_CONSTRUCTION}});
  Mention datong = kWindFarm;
  datong.name = "大同市左云县风电场项目";
  datong.city = "大同市";
  datong.county = "左云县";
  datong.division_code = "140226";
  ingest_stages(datong, {{civil(2023, 3, 1), v1::PROJECT_STATUS_SIGNED},
                         {civil(2023, 6, 9), v1::PROJECT_STATUS_OPERATING}});

  const DayRange june = days_from(day(2023, 6, 1), day(2023, 7, 1));
  const Summary by_status = store_.summarize(std::nullopt, SummaryDimension::kStatus, june);
  std::map<std::string, std::pair<std::int64_t, std::int64_t>> groups;
  for (const SummaryRow& row : by_status.groups) {
    groups[row.key] = {row.status_change_count, row.projects_with_status_change};
  }
  using Counts = std::pair<std::int64_t, std::int64_t>;
  // The pumped-storage station changed in June but is completed now: its June change is in the
  // completed group.
  EXPECT_EQ(groups,
            (std::map<std::string, Counts>{
                {"completed", {1, 1}}, {"under_construction", {1, 1}}, {"operating", {1, 1}}}));
  EXPECT_EQ(by_status.total.status_change_count, 3);
  EXPECT_EQ(by_status.total.projects_with_status_change, 3);

  const Summary by_city = store_.summarize(std::nullopt, SummaryDimension::kCity, june);
  groups.clear();
  for (const SummaryRow& row : by_city.groups) {
    groups[row.key] = {row.status_change_count, row.projects_with_status_change};
  }
  EXPECT_EQ(groups["长治市"], Counts(2, 2));
  EXPECT_EQ(groups["大同市"], Counts(1, 1));

  EXPECT_EQ(changes(june, cmp(FilterField::kCity, FilterOp::kEq, "长治市")), Counts(2, 2));
  EXPECT_EQ(changes(june, FilterExpr::compare(
                              FilterField::kStatus, FilterOp::kEq,
                              FilterValue::of_status(v1::PROJECT_STATUS_UNDER_CONSTRUCTION))),
            Counts(1, 1));
  EXPECT_EQ(changes(days_from(day(2023, 7, 1)), cmp(FilterField::kCity, FilterOp::kEq, "长治市")),
            Counts(1, 1));
}

TEST_F(StatusChangeSummaryTest, ManualStatusCorrectionsAreChangesOnTheDayTheyAreMade) {
  const std::string id =
      ingest_stages(kPumpedStorage, {{civil(2023, 3, 1), v1::PROJECT_STATUS_UNDER_CONSTRUCTION}});
  const std::chrono::year_month_day today = database_today();
  const DayRange from_today = days_from(today);
  using Counts = std::pair<std::int64_t, std::int64_t>;
  EXPECT_EQ(changes(from_today), Counts(0, 0));

  store_.update_project(status_edit(id, v1::PROJECT_STATUS_COMPLETED));
  EXPECT_EQ(changes(from_today), Counts(1, 1));
  store_.update_project(status_edit(id, v1::PROJECT_STATUS_OPERATING));
  EXPECT_EQ(changes(from_today), Counts(2, 1));
  // An edit of another field is no status change.
  store_.update_project(level_edit(id, "省级重点"));
  EXPECT_EQ(changes(from_today), Counts(2, 1));
  EXPECT_EQ(changes(days_from(day(2023, 1, 1), today)), Counts(0, 0));
}

TEST_F(StatusChangeSummaryTest, AMergedProjectsChangesAreOneHistoryAndASplitPartsThemAgain) {
  // Two records of one station: one saw it signed and then operating, the other under
  // construction in between.
  const std::string signed_id =
      ingest_stages(kPumpedStorage, {{civil(2023, 3, 1), v1::PROJECT_STATUS_SIGNED},
                                     {civil(2023, 9, 1), v1::PROJECT_STATUS_OPERATING}});
  const std::string building_id =
      ingest_stages(kWindFarm, {{civil(2023, 6, 1), v1::PROJECT_STATUS_UNDER_CONSTRUCTION}});
  ASSERT_NE(signed_id, building_id);
  using Counts = std::pair<std::int64_t, std::int64_t>;
  const DayRange year = days_from(day(2023, 1, 1), day(2024, 1, 1));
  const DayRange june = days_from(day(2023, 6, 1), day(2023, 7, 1));
  EXPECT_EQ(changes(year), Counts(1, 1));
  EXPECT_EQ(changes(june), Counts(0, 0));

  const MergeResult merged =
      store_.merge_projects("projects/" + signed_id, {"projects/" + building_id}, "carol", "same");
  // signed -> under construction (June) -> operating (September), all the survivor's; the
  // merged-away record counts nowhere.
  EXPECT_EQ(changes(year), Counts(2, 1));
  EXPECT_EQ(changes(june), Counts(1, 1));
  const Summary by_status = store_.summarize(std::nullopt, SummaryDimension::kStatus, year);
  EXPECT_EQ(by_status.total.project_count, 1);

  store_.split_project("projects/" + signed_id, merged.merge_id, "carol", "not the same");
  EXPECT_EQ(changes(year), Counts(1, 1));
  EXPECT_EQ(changes(june), Counts(0, 0));
}

}  // namespace
}  // namespace investtrack::store
