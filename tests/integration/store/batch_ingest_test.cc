// ProjectStore::ingest_batch against a real PostgreSQL: a batch must leave the register exactly
// as ingesting its bulletins one at a time would, while sharing transactions where it can.
#include <algorithm>
#include <future>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include "investtrack/parser/parse.h"
#include "investtrack/parser_proto/convert.h"
#include "server/store/connection_pool.h"
#include "server/store/project_store.h"
#include "store_synthetic_corpus.h"
#include "test_db.h"

namespace investtrack::store {
namespace {

struct Bulletin {
  BulletinInput input;
  v1::ParseResult parsed;
};

// Synthetic bulletins as the benchmark makes them, through the real parser.
std::vector<Bulletin> synthetic(std::size_t bulletins, std::size_t distinct_projects) {
  bench::SyntheticCorpusOptions options;
  options.bulletins = bulletins;
  options.distinct_projects = distinct_projects;
  std::vector<Bulletin> out;
  for (const bench::SyntheticBulletin& text : bench::synthetic_corpus(options)) {
    parser::ParseOptions parse_options;
    parse_options.base_date = text.date;
    parse_options.source_name = text.source;
    auto result = parser::parse_bulletin(text.text, parse_options);
    if (std::holds_alternative<parser::ParseError>(result)) {
      throw std::runtime_error("a synthetic bulletin does not parse");
    }
    Bulletin& b = out.emplace_back();
    b.parsed = parser_proto::to_proto(std::get<parser::ParseResult>(result), parse_options);
    b.input.source = text.source;
    b.input.publication_date = parser_proto::to_proto(text.date);
    b.input.raw_text = text.text;
  }
  return out;
}

std::vector<BulletinToIngest> to_ingest(const std::vector<Bulletin>& bulletins) {
  std::vector<BulletinToIngest> out;
  for (const Bulletin& b : bulletins) out.push_back(BulletinToIngest{b.input, &b.parsed});
  return out;
}

// A project is known by its first observation (bulletin bytes, mention): ids are random.
constexpr const char* kIdentities =
    "WITH obs AS (SELECT o.id, o.project_id, b.content_hash || '/' || o.mention_index AS key, "
    "  o.match_rule, o.match_confidence, o.created_project, o.observed_status, "
    "  o.observed_date "
    "  FROM project_observations o JOIN bulletins b ON b.id = o.bulletin_id) ";

// Everything the register holds about its projects, in a form two databases can compare.
std::vector<std::string> register_dump(const std::string& url) {
  pqxx::connection connection(url);
  pqxx::nontransaction tx(connection);
  const pqxx::result rows = tx.exec(
      std::string(kIdentities) +
      ", ident AS (SELECT project_id, min(key) AS key FROM obs GROUP BY project_id) "
      "SELECT concat_ws(E'\\t', i.key, p.display_name, p.name_key, p.aliases::text, "
      "  p.organizations::text, p.organization_keys::text, p.province, p.city, p.county, "
      "  p.zone, p.division_code, p.industry, p.total_investment::text, p.currency_code, "
      "  p.capacities::text, p.amounts::text, p.key_dates::text, p.phases::text, "
      "  p.evidence::text, p.level, p.status, p.status_phrase, p.status_date::text, "
      "  p.needs_review::text, p.version::text, "
      "  (SELECT string_agg(concat_ws(' ', key, match_rule, match_confidence, created_project, "
      "     observed_status, observed_date), ',' ORDER BY key) "
      "   FROM obs WHERE obs.project_id = p.id), "
      "  (SELECT string_agg(obs.key || '>' || c.key || ' ' || r.rule || ' ' || r.score, ',' "
      "     ORDER BY obs.key, c.key) "
      "   FROM review_items r JOIN obs ON obs.id = r.observation_id "
      "   JOIN ident c ON c.project_id = r.candidate_project_id WHERE r.project_id = p.id), "
      "  (SELECT count(*) FROM project_name_suffixes s WHERE s.project_id = p.id), "
      "  (SELECT string_agg(k.organization_key || '@' || k.city, ',' ORDER BY k.organization_key) "
      "   FROM project_organization_keys k WHERE k.project_id = p.id), "
      "  (SELECT string_agg(a.alias_key || ':' || a.owner, ',' ORDER BY a.alias_key) "
      "   FROM project_aliases a WHERE a.project_id = p.id)) "
      "FROM projects p JOIN ident i ON i.project_id = p.id ORDER BY i.key");
  std::vector<std::string> dump;
  for (const pqxx::row& row : rows) dump.push_back(row[0].as<std::string>());
  const pqxx::row counts = tx.exec1(
      "SELECT (SELECT count(*) FROM projects), (SELECT count(*) FROM bulletins), "
      "(SELECT count(*) FROM articles), (SELECT count(*) FROM project_status_history)");
  dump.push_back("projects " + counts[0].as<std::string>() + " bulletins " +
                 counts[1].as<std::string>() + " articles " + counts[2].as<std::string>() +
                 " history " + counts[3].as<std::string>());
  return dump;
}

// An ingest result with project ids replaced by the projects' identities (see kIdentities).
std::string describe(const IngestResult& result, const std::string& url) {
  pqxx::connection connection(url);
  pqxx::nontransaction tx(connection);
  const auto identity = [&](const std::string& id) {
    return tx
        .exec_params1(std::string(kIdentities) + "SELECT min(key) FROM obs WHERE project_id = $1",
                      id)[0]
        .as<std::string>();
  };
  std::string out = result.duplicate ? "duplicate" : "new";
  for (const auto* ids :
       {&result.created_project_ids, &result.updated_project_ids, &result.review_project_ids}) {
    std::set<std::string> keys;
    for (const std::string& id : *ids) keys.insert(identity(id));
    out += " [";
    for (const std::string& key : keys) out += key + " ";
    out += "]";
  }
  return out;
}

std::int64_t transactions_that_stored_bulletins(const std::string& url) {
  pqxx::connection connection(url);
  pqxx::nontransaction tx(connection);
  return tx.exec1("SELECT count(DISTINCT xmin::text) FROM bulletins")[0].as<std::int64_t>();
}

// Ingests `bulletins` one at a time into one database and in batches of `batch` into another,
// and expects the same register and the same results. Returns how many transactions the batches
// stored bulletins in.
std::int64_t expect_batches_match_one_at_a_time(const std::vector<Bulletin>& bulletins,
                                                std::size_t batch) {
  testing::ScratchDatabase one_db;
  testing::ScratchDatabase batch_db;
  ConnectionPool one_pool(PoolOptions{one_db.url(), 1, std::chrono::milliseconds(5000)});
  ConnectionPool batch_pool(PoolOptions{batch_db.url(), 1, std::chrono::milliseconds(5000)});
  ProjectStore one_store(one_pool);
  ProjectStore batch_store(batch_pool);

  std::vector<IngestResult> one_results;
  for (const Bulletin& b : bulletins) one_results.push_back(one_store.ingest(b.input, b.parsed));
  std::vector<IngestResult> batch_results;
  const std::vector<BulletinToIngest> all = to_ingest(bulletins);
  for (std::size_t first = 0; first < all.size(); first += batch) {
    const std::vector<BulletinToIngest> part(
        all.begin() + static_cast<std::ptrdiff_t>(first),
        all.begin() + static_cast<std::ptrdiff_t>(std::min(all.size(), first + batch)));
    for (const IngestOutcome& outcome : batch_store.ingest_batch(part)) {
      if (const StoreError* error = std::get_if<StoreError>(&outcome)) {
        ADD_FAILURE() << error->message();
        return 0;
      }
      batch_results.push_back(std::get<IngestResult>(outcome));
    }
  }
  // Described at the end: a project is known by its first observation in the final register.
  std::vector<std::string> one_described, batch_described;
  for (const IngestResult& result : one_results) {
    one_described.push_back(describe(result, one_db.url()));
  }
  for (const IngestResult& result : batch_results) {
    batch_described.push_back(describe(result, batch_db.url()));
  }
  EXPECT_EQ(batch_described, one_described);
  const std::vector<std::string> one = register_dump(one_db.url());
  const std::vector<std::string> batched = register_dump(batch_db.url());
  EXPECT_EQ(batched.size(), one.size());
  if (batched.size() != one.size()) return 0;
  for (std::size_t i = 0; i < one.size(); ++i) EXPECT_EQ(batched[i], one[i]) << "row " << i;
  return transactions_that_stored_bulletins(batch_db.url());
}

TEST(BatchIngest, FewProjectsMentionedOftenGiveTheSameRegisterAsOneAtATime) {
  // 40 projects in 150 bulletins: nearly every bulletin touches a project an earlier one in the
  // window writes, so few share a transaction.
  EXPECT_LT(expect_batches_match_one_at_a_time(synthetic(150, 40), 25), 150);
}

TEST(BatchIngest, ProjectsCreatedThroughoutGiveTheSameRegisterAsOneAtATime) {
  // 300 projects in 150 bulletins: new projects keep appearing and are mentioned again soon, so
  // bulletins are often left for a later group while later ones go ahead.
  EXPECT_LT(expect_batches_match_one_at_a_time(synthetic(150, 300), 25), 100);
}

TEST(BatchIngest, ManyProjectsMentionedRarelyGiveTheSameRegisterAsOneAtATime) {
  // 2000 projects in 200 bulletins: groups are mostly as large as allowed.
  EXPECT_LT(expect_batches_match_one_at_a_time(synthetic(200, 2000), 40), 40);
}

// A bulletin by hand: one article, one mention per name, all in 长治市.
Bulletin by_hand(const std::string& text, const std::vector<std::string>& names) {
  Bulletin b;
  b.input.source = "长治日报";
  b.input.raw_text = text;
  b.input.publication_date.set_year(2023);
  b.input.publication_date.set_month(6);
  b.input.publication_date.set_day(1);
  *b.parsed.mutable_base_date() = b.input.publication_date;
  v1::Article* article = b.parsed.add_articles();
  article->set_title(text);
  *article->mutable_date() = b.input.publication_date;
  for (const std::string& name : names) {
    v1::Project* project = b.parsed.add_projects();
    project->set_display_name(name);
    project->mutable_location()->set_province("山西省");
    project->mutable_location()->set_city("长治市");
  }
  return b;
}

TEST(BatchIngest, ABulletinLeftForLaterHoldsBackTheOnesThatWouldSeeItsWrites) {
  testing::ScratchDatabase db;
  ConnectionPool pool(PoolOptions{db.url(), 1, std::chrono::milliseconds(5000)});
  ProjectStore store(pool);
  const std::vector<Bulletin> bulletins = {
      by_hand("甲", {"武乡县光伏电站"}),
      // Mentions what 甲 creates: left for a later group.
      by_hand("乙", {"武乡县光伏电站", "襄垣县储能电站"}),
      // Touches nothing 甲 writes, but names what 乙 creates: it must not go before 乙.
      by_hand("丙", {"襄垣县储能电站"}),
      // Independent of all: joins 甲.
      by_hand("丁", {"沁县煤层气开发利用"}),
  };
  const std::vector<IngestOutcome> outcomes = store.ingest_batch(to_ingest(bulletins));
  ASSERT_EQ(outcomes.size(), 4u);
  std::vector<IngestResult> results;
  for (const IngestOutcome& outcome : outcomes) results.push_back(std::get<IngestResult>(outcome));
  EXPECT_EQ(results[0].created_project_ids.size(), 1u);
  EXPECT_EQ(results[1].updated_project_ids, results[0].created_project_ids);
  ASSERT_EQ(results[1].created_project_ids.size(), 1u);
  EXPECT_TRUE(results[2].created_project_ids.empty());
  EXPECT_EQ(results[2].updated_project_ids, results[1].created_project_ids);
  EXPECT_EQ(results[3].created_project_ids.size(), 1u);

  pqxx::connection connection(db.url());
  pqxx::nontransaction tx(connection);
  const auto transaction_of = [&](const std::string& text) {
    return tx
        .exec_params1("SELECT xmin::text FROM bulletins WHERE raw_text = $1",
                      pqxx::binarystring(text))[0]
        .as<std::string>();
  };
  EXPECT_EQ(transaction_of("甲"), transaction_of("丁"));
  EXPECT_NE(transaction_of("甲"), transaction_of("乙"));
  EXPECT_NE(transaction_of("乙"), transaction_of("丙"));
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM projects")[0].as<int>(), 3);
}

TEST(BatchIngest, SameBytesTwiceInABatchAreOneBulletin) {
  std::vector<Bulletin> bulletins = synthetic(6, 100);
  bulletins.push_back(bulletins[1]);
  bulletins.push_back(bulletins[4]);
  // The copies cut the group: they are stored duplicates only once the originals are committed.
  EXPECT_GE(expect_batches_match_one_at_a_time(bulletins, 8), 2);
}

TEST(BatchIngest, ABulletinTheDatabaseRefusesFailsAloneAndTheOthersAreStored) {
  testing::ScratchDatabase db;
  ConnectionPool pool(PoolOptions{db.url(), 1, std::chrono::milliseconds(5000)});
  ProjectStore store(pool);
  std::vector<Bulletin> bulletins = synthetic(5, 1000);
  // Not UTF-8: PostgreSQL refuses the article title, so the group's statement fails.
  bulletins[2].parsed.mutable_articles(0)->set_title("\xff\xfe title");
  const std::vector<IngestOutcome> outcomes = store.ingest_batch(to_ingest(bulletins));
  ASSERT_EQ(outcomes.size(), bulletins.size());
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    EXPECT_EQ(std::holds_alternative<StoreError>(outcomes[i]), i == 2) << "bulletin " << i;
  }
  EXPECT_EQ(std::get<StoreError>(outcomes[2]).code(), StoreErrorCode::kInvalidArgument);
  pqxx::connection connection(db.url());
  pqxx::nontransaction tx(connection);
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM bulletins")[0].as<int>(), 4);
  std::size_t mentions = 0;
  for (std::size_t i = 0; i < bulletins.size(); ++i) {
    if (i != 2) mentions += static_cast<std::size_t>(bulletins[i].parsed.projects_size());
  }
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM project_observations")[0].as<std::size_t>(), mentions);
}

TEST(BatchIngest, ConcurrentBatchesMentioningTheSameNewProjectsMakeOneRecordEach) {
  testing::ScratchDatabase db;
  ConnectionPool pool(PoolOptions{db.url(), 3, std::chrono::milliseconds(10000)});
  ProjectStore store(pool);
  // 120 bulletins over 150 projects; three callers each send all of them, in different orders,
  // so the same new names are claimed by concurrent groups all the time.
  const std::vector<Bulletin> bulletins = synthetic(120, 150);
  std::vector<std::vector<BulletinToIngest>> orders(3, to_ingest(bulletins));
  std::reverse(orders[1].begin(), orders[1].end());
  std::rotate(orders[2].begin(), orders[2].begin() + 60, orders[2].end());
  std::vector<std::future<std::vector<IngestOutcome>>> calls;
  for (const auto& order : orders) {
    calls.push_back(std::async(std::launch::async, [&store, &order] {
      std::vector<IngestOutcome> outcomes;
      for (std::size_t first = 0; first < order.size(); first += 40) {
        const std::vector<BulletinToIngest> part(
            order.begin() + static_cast<std::ptrdiff_t>(first),
            order.begin() + static_cast<std::ptrdiff_t>(std::min(order.size(), first + 40)));
        for (IngestOutcome& outcome : store.ingest_batch(part)) {
          outcomes.push_back(std::move(outcome));
        }
      }
      return outcomes;
    }));
  }
  for (auto& call : calls) {
    for (const IngestOutcome& outcome : call.get()) {
      EXPECT_TRUE(std::holds_alternative<IngestResult>(outcome))
          << std::get<StoreError>(outcome).message();
    }
  }
  pqxx::connection connection(db.url());
  pqxx::nontransaction tx(connection);
  std::size_t mentions = 0;
  for (const Bulletin& b : bulletins) {
    mentions += static_cast<std::size_t>(b.parsed.projects_size());
  }
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM bulletins")[0].as<std::size_t>(), bulletins.size());
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM project_observations")[0].as<std::size_t>(), mentions);
  // A name is one project, unless a doubtful match was kept apart for a reviewer.
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM (SELECT name_key FROM projects WHERE NOT needs_review "
                     "GROUP BY name_key HAVING count(*) > 1) d")[0]
                .as<int>(),
            0);
}

TEST(BatchIngest, AnEmptyBatchDoesNothing) {
  testing::ScratchDatabase db;
  ConnectionPool pool(PoolOptions{db.url(), 1, std::chrono::milliseconds(5000)});
  ProjectStore store(pool);
  EXPECT_TRUE(store.ingest_batch({}).empty());
}

}  // namespace
}  // namespace investtrack::store
