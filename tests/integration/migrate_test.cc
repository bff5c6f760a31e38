#include "server/apply_migrations.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <future>
#include <random>
#include <stdexcept>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include "empty_database.h"
#include "test_db.h"

namespace investtrack::server {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class MigrationDir {
 public:
  MigrationDir() {
    std::random_device random;
    path_ =
        std::filesystem::temp_directory_path() /
        ("investtrack_migrations_" + std::to_string(::getpid()) + "_" + std::to_string(random()));
    std::filesystem::create_directories(path_);
  }
  ~MigrationDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  MigrationDir(const MigrationDir&) = delete;
  MigrationDir& operator=(const MigrationDir&) = delete;

  void write(const std::string& file, const std::string& sql) const {
    std::ofstream(path_ / file, std::ios::binary | std::ios::trunc) << sql;
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

std::string error_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "(no error)";
}

long long query_count(const std::string& url, const std::string& sql) {
  pqxx::connection conn(url);
  pqxx::nontransaction tx(conn);
  return tx.exec1(sql)[0].as<long long>();
}

TEST(LoadMigrations, ReadsSqlFilesInVersionOrderWithTheirChecksums) {
  MigrationDir dir;
  dir.write("0010_later.sql", "SELECT 10;");
  dir.write("0002_second.sql", "abc");
  dir.write("0001_first.sql", "SELECT 1;");
  dir.write("README.md", "not a migration");

  const std::vector<Migration> migrations = load_migrations(dir.path());

  ASSERT_EQ(migrations.size(), 3u);
  EXPECT_EQ(migrations[0].version, 1);
  EXPECT_EQ(migrations[0].name, "first");
  EXPECT_EQ(migrations[0].sql, "SELECT 1;");
  EXPECT_EQ(migrations[1].version, 2);
  EXPECT_EQ(migrations[1].name, "second");
  // The published SHA-256 test vector for "abc".
  EXPECT_EQ(migrations[1].checksum,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(migrations[2].version, 10);
  EXPECT_EQ(migrations[2].name, "later");
}

TEST(LoadMigrations, RefusesFileNamesThatAreNotNumberedMigrations) {
  for (const std::string bad : {"1_short.sql", "0001.sql", "abcd_letters.sql",
                                "0001_with space.sql", "0000_zero.sql", "0001_.sql"}) {
    MigrationDir dir;
    dir.write(bad, "SELECT 1;");
    EXPECT_THAT(error_of([&] { load_migrations(dir.path()); }), HasSubstr(bad)) << bad;
  }
}

TEST(LoadMigrations, RefusesTwoFilesWithTheSameVersion) {
  MigrationDir dir;
  dir.write("0003_one.sql", "SELECT 1;");
  dir.write("0003_other.sql", "SELECT 2;");
  const std::string error = error_of([&] { load_migrations(dir.path()); });
  EXPECT_THAT(error, HasSubstr("0003_one.sql"));
  EXPECT_THAT(error, HasSubstr("0003_other.sql"));
}

TEST(LoadMigrations, RefusesAMissingDirectory) {
  EXPECT_THAT(error_of([] { load_migrations("/nonexistent/investtrack/migrations"); }),
              HasSubstr("does not exist"));
}

TEST(LoadMigrations, TheRepositoryMigrationsLoad) {
  const std::vector<Migration> migrations = load_migrations(INVESTTRACK_MIGRATIONS_DIR);
  ASSERT_FALSE(migrations.empty());
  EXPECT_EQ(migrations.front().version, 1);
}

// What investtrackd runs before it serves: the repository's migrations on an empty database, then
// nothing more on the next start; an unreachable database or a failing migration is a false
// answer (and a critical log line), not an exception.
TEST(BringSchemaUpToDate, MigratesOnceAndAnswersFalseWhenItCannot) {
  testing::EmptyDatabase db;
  const auto migrations = load_migrations(INVESTTRACK_MIGRATIONS_DIR);
  EXPECT_TRUE(bring_schema_up_to_date(db.url(), INVESTTRACK_MIGRATIONS_DIR));
  EXPECT_EQ(query_count(db.url(), "SELECT count(*) FROM schema_migrations"),
            static_cast<long long>(migrations.size()));
  EXPECT_TRUE(bring_schema_up_to_date(db.url(), INVESTTRACK_MIGRATIONS_DIR));
  EXPECT_EQ(query_count(db.url(), "SELECT count(*) FROM schema_migrations"),
            static_cast<long long>(migrations.size()));

  EXPECT_FALSE(bring_schema_up_to_date(
      "postgresql://postgres@127.0.0.1:1/postgres?connect_timeout=2", INVESTTRACK_MIGRATIONS_DIR));
  testing::EmptyDatabase other;
  MigrationDir broken;
  broken.write("0001_broken.sql", "CREATE TABLE;");
  EXPECT_FALSE(bring_schema_up_to_date(other.url(), broken.path()));
}

TEST(ApplyMigrations, AppliesInOrderOnceAndRecordsEach) {
  testing::EmptyDatabase db;
  MigrationDir dir;
  dir.write("0001_table.sql", "CREATE TABLE item (id integer PRIMARY KEY);");
  dir.write("0002_row.sql", "INSERT INTO item VALUES (1);");
  dir.write("0003_column.sql", "ALTER TABLE item ADD COLUMN label text NOT NULL DEFAULT 'x';");

  pqxx::connection conn(db.url());
  EXPECT_EQ(apply_migrations(conn, load_migrations(dir.path())), 3);

  pqxx::nontransaction tx(conn);
  std::vector<std::string> recorded;
  for (const auto& row :
       tx.exec("SELECT version, name, checksum FROM schema_migrations ORDER BY version")) {
    recorded.push_back(row[0].as<std::string>() + ":" + row[1].as<std::string>());
    EXPECT_EQ(row[2].as<std::string>().size(), 64u);
  }
  EXPECT_THAT(recorded, ElementsAre("1:table", "2:row", "3:column"));
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM item WHERE label = 'x'")[0].as<int>(), 1);
}

TEST(ApplyMigrations, SecondRunAppliesNothingAndALaterFileOnlyItself) {
  testing::EmptyDatabase db;
  MigrationDir dir;
  dir.write("0001_table.sql", "CREATE TABLE item (id integer PRIMARY KEY);");
  dir.write("0002_row.sql", "INSERT INTO item VALUES (1);");
  pqxx::connection conn(db.url());
  ASSERT_EQ(apply_migrations(conn, load_migrations(dir.path())), 2);

  EXPECT_EQ(apply_migrations(conn, load_migrations(dir.path())), 0);
  EXPECT_EQ(query_count(db.url(), "SELECT count(*) FROM item"), 1);

  dir.write("0003_more.sql", "INSERT INTO item VALUES (2);");
  EXPECT_EQ(apply_migrations(conn, load_migrations(dir.path())), 1);
  EXPECT_EQ(query_count(db.url(), "SELECT count(*) FROM item"), 2);
}

TEST(ApplyMigrations, RefusesAnAppliedMigrationWhoseFileChangedAndAppliesNothingElse) {
  testing::EmptyDatabase db;
  MigrationDir dir;
  dir.write("0001_table.sql", "CREATE TABLE item (id integer PRIMARY KEY);");
  dir.write("0002_row.sql", "INSERT INTO item VALUES (1);");
  pqxx::connection conn(db.url());
  ASSERT_EQ(apply_migrations(conn, load_migrations(dir.path())), 2);

  dir.write("0002_row.sql", "INSERT INTO item VALUES (42);");
  dir.write("0003_more.sql", "INSERT INTO item VALUES (3);");
  const std::string error = error_of([&] { apply_migrations(conn, load_migrations(dir.path())); });

  EXPECT_THAT(error, HasSubstr("0002_row.sql"));
  EXPECT_THAT(error, HasSubstr("changed"));
  EXPECT_EQ(query_count(db.url(), "SELECT count(*) FROM item"), 1);
  EXPECT_EQ(query_count(db.url(), "SELECT count(*) FROM schema_migrations"), 2);
}

TEST(ApplyMigrations, AFailingMigrationIsRolledBackAndNamed) {
  testing::EmptyDatabase db;
  MigrationDir dir;
  dir.write("0001_table.sql", "CREATE TABLE item (id integer PRIMARY KEY);");
  dir.write("0002_broken.sql", "CREATE TABLE half (id integer); SELECT * FROM no_such_table;");
  pqxx::connection conn(db.url());

  EXPECT_THAT(error_of([&] { apply_migrations(conn, load_migrations(dir.path())); }),
              HasSubstr("0002_broken.sql"));
  EXPECT_EQ(query_count(db.url(), "SELECT count(*) FROM schema_migrations"), 1);
  EXPECT_EQ(query_count(db.url(), "SELECT count(*) FROM pg_tables WHERE tablename = 'half'"), 0);
  // The connection is still usable, and the lock was released: a fixed file applies.
  dir.write("0002_broken.sql", "CREATE TABLE half (id integer);");
  EXPECT_EQ(apply_migrations(conn, load_migrations(dir.path())), 1);
}

TEST(ApplyMigrations, TwoRunnersAtOnceApplyEachMigrationOnce) {
  testing::EmptyDatabase db;
  MigrationDir dir;
  // The sleep keeps the first runner inside its migration while the second one arrives.
  dir.write("0001_slow.sql", "SELECT pg_sleep(0.5); CREATE TABLE item (id serial PRIMARY KEY);");
  dir.write("0002_row.sql", "INSERT INTO item DEFAULT VALUES;");
  const std::vector<Migration> migrations = load_migrations(dir.path());

  const auto runner = [&] {
    pqxx::connection conn(db.url());
    return apply_migrations(conn, migrations);
  };
  auto first = std::async(std::launch::async, runner);
  auto second = std::async(std::launch::async, runner);
  const int applied_first = first.get();
  const int applied_second = second.get();

  EXPECT_EQ(applied_first + applied_second, 2);
  EXPECT_TRUE(applied_first == 0 || applied_second == 0);
  EXPECT_EQ(query_count(db.url(), "SELECT count(*) FROM item"), 1);
  EXPECT_EQ(query_count(db.url(), "SELECT count(*) FROM schema_migrations"), 2);
}

// Migration 0012 turns the stored status history into a view over observations and manual
// changes: a register written before it reads the same history after it (a parser row's time
// becomes its observation's, recorded in the same transaction).
TEST(RepositoryMigrations, StatusHistoryReadsTheSameBeforeAndAfterItBecameAView) {
  testing::EmptyDatabase db;
  std::vector<Migration> migrations = load_migrations(INVESTTRACK_MIGRATIONS_DIR);
  std::vector<Migration> before_view;
  for (const Migration& m : migrations) {
    if (m.version < 12) before_view.push_back(m);
  }
  pqxx::connection conn(db.url());
  apply_migrations(conn, before_view);
  {
    pqxx::work tx(conn);
    tx.exec(
        "INSERT INTO bulletins (id, source, content_hash, raw_text) VALUES (7, 's', 'h', '\\x00');"
        "INSERT INTO projects (id, display_name, name_key) VALUES ('p', '光伏项目', '光伏项目');"
        "INSERT INTO project_observations (id, project_id, bulletin_id, mention_index, "
        "  observed_date, observed_status, status_phrase, fields, evidence_sentence, "
        "  evidence_begin, evidence_end, match_rule, match_confidence, observed_at) "
        "VALUES (11, 'p', 7, 0, '2023-06-01', 'operating', '投产', '{}', '项目投产。', 3, 9, "
        "  'new', 1, '2023-06-02 10:00+00'),"
        "  (12, 'p', 7, 1, '2023-06-01', 'unspecified', '', '{}', '', NULL, NULL, 'name_key', "
        "  0.9, '2023-06-02 10:00+00');"
        "INSERT INTO project_status_history (project_id, status, status_phrase, status_date, "
        "  source, observation_id, bulletin_id, evidence_sentence, evidence_begin, evidence_end, "
        "  recorded_at) "
        "VALUES ('p', 'operating', '投产', '2023-06-01', 'parser', 11, 7, '项目投产。', 3, 9, "
        "  '2023-06-02 10:00+00'),"
        "  ('p', 'suspended', '停工', '2023-07-01', 'manual', NULL, NULL, '人工核实', NULL, NULL, "
        "  '2023-07-05 08:00+00');");
    tx.commit();
  }
  const std::string history =
      "SELECT string_agg(concat_ws('|', project_id, status, status_phrase, status_date, source, "
      "observation_id, bulletin_id, evidence_sentence, evidence_begin, evidence_end, "
      "recorded_at AT TIME ZONE 'UTC'), E'\\n' ORDER BY status_date) FROM project_status_history";
  const auto read = [&] {
    pqxx::nontransaction tx(conn);
    return tx.exec1(history)[0].as<std::string>();
  };
  const std::string before = read();
  EXPECT_EQ(apply_migrations(conn, migrations),
            static_cast<int>(migrations.size() - before_view.size()));
  EXPECT_EQ(read(), before);
  EXPECT_THAT(before, HasSubstr("p|operating|投产|2023-06-01|parser|11|7|项目投产。|3|9|"));
  EXPECT_THAT(before, HasSubstr("p|suspended|停工|2023-07-01|manual|人工核实|"));
}

TEST(ScratchDatabase, HasTheRepositorySchemaApplied) {
  testing::ScratchDatabase db;
  EXPECT_EQ(query_count(db.url(), "SELECT count(*) FROM pg_extension WHERE extname = 'pg_trgm'"),
            1);
  EXPECT_EQ(query_count(db.url(), "SELECT count(*) FROM schema_migrations"),
            static_cast<long long>(load_migrations(INVESTTRACK_MIGRATIONS_DIR).size()));
}

TEST(WithDatabase, ReplacesTheDatabaseInBothConnectionStringForms) {
  EXPECT_EQ(testing::with_database("postgresql://u@127.0.0.1:5432/postgres", "x"),
            "postgresql://u@127.0.0.1:5432/x");
  EXPECT_EQ(testing::with_database("postgresql://u@localhost:5432?sslmode=disable", "x"),
            "postgresql://u@localhost:5432/x?sslmode=disable");
  EXPECT_EQ(testing::with_database("postgres:///postgres?host=/tmp/sock&port=5", "x"),
            "postgres:///x?host=/tmp/sock&port=5");
  EXPECT_EQ(testing::with_database("host=/tmp port=5 dbname=postgres", "x"),
            "host=/tmp port=5 dbname=postgres dbname='x'");
}

}  // namespace
}  // namespace investtrack::server
