#include "test_db.h"

#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <iostream>
#include <random>
#include <stdexcept>

#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include "empty_database.h"
#include "server/apply_migrations.h"

namespace investtrack::testing {
namespace {

// PostgreSQL truncates identifiers longer than this, which could make two names collide.
constexpr std::size_t kMaxIdentifierBytes = 63;

// it_<suite>_<test>_<pid>_<random>: readable in pg_database when a run leaves one behind, and
// unique across the test processes ctest runs in parallel and within one process.
std::string unique_database_name() {
  std::string test = "outside_a_test";
  if (const auto* info = ::testing::UnitTest::GetInstance()->current_test_info()) {
    test = std::string(info->test_suite_name()) + "_" + info->name();
  }
  std::string cleaned;
  for (const char c : test) {
    const auto u = static_cast<unsigned char>(c);
    cleaned += std::isalnum(u) != 0 ? static_cast<char>(std::tolower(u)) : '_';
  }
  std::random_device random;
  const std::string suffix =
      "_" + std::to_string(::getpid()) + "_" + std::to_string(random() % 1000000);
  const std::size_t room = kMaxIdentifierBytes - suffix.size() - 3;
  if (cleaned.size() > room) cleaned.resize(room);
  return "it_" + cleaned + suffix;
}

void create_database(const std::string& name) {
  pqxx::connection admin(test_db_url());
  pqxx::nontransaction tx(admin);
  tx.exec("CREATE DATABASE " + tx.quote_name(name));
}

void drop_database(const std::string& name) noexcept {
  try {
    pqxx::connection admin(test_db_url());
    pqxx::nontransaction tx(admin);
    // FORCE ends connections a failed test may have left open.
    tx.exec("DROP DATABASE IF EXISTS " + tx.quote_name(name) + " WITH (FORCE)");
  } catch (const std::exception& e) {
    std::cerr << "could not drop test database " << name << ": " << e.what() << '\n';
  }
}

}  // namespace

std::string test_db_url() {
  const char* url = std::getenv("INVESTTRACK_TEST_DB_URL");
  if (url == nullptr || *url == '\0') {
    ADD_FAILURE() << "INVESTTRACK_TEST_DB_URL is not set; run the tests through scripts/test.sh, "
                     "which starts a throwaway PostgreSQL and sets it";
    throw std::runtime_error("INVESTTRACK_TEST_DB_URL is not set");
  }
  return url;
}

std::string with_database(const std::string& url, const std::string& dbname) {
  const std::size_t scheme_end = url.find("://");
  if (scheme_end == std::string::npos) {
    // key=value form: a later keyword overrides an earlier one.
    return url + " dbname='" + dbname + "'";
  }
  const std::size_t authority_start = scheme_end + 3;
  const std::size_t query = url.find('?', authority_start);
  const std::size_t path = url.find('/', authority_start);
  const std::string rest = query == std::string::npos ? "" : url.substr(query);
  const std::size_t authority_end =
      path != std::string::npos && (query == std::string::npos || path < query) ? path
      : query != std::string::npos                                              ? query
                                                                                : url.size();
  return url.substr(0, authority_end) + "/" + dbname + rest;
}

EmptyDatabase::EmptyDatabase() : name_(unique_database_name()) {
  create_database(name_);
  url_ = with_database(test_db_url(), name_);
}

EmptyDatabase::~EmptyDatabase() { drop_database(name_); }

ScratchDatabase::ScratchDatabase() : name_(unique_database_name()) {
  create_database(name_);
  url_ = with_database(test_db_url(), name_);
  try {
    pqxx::connection conn(url_);
    server::apply_migrations(conn, server::load_migrations(INVESTTRACK_MIGRATIONS_DIR));
  } catch (...) {
    drop_database(name_);  // the destructor does not run when the constructor throws
    throw;
  }
}

ScratchDatabase::~ScratchDatabase() { drop_database(name_); }

}  // namespace investtrack::testing
