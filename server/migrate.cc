#include "server/migrate.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <pqxx/pqxx>

#include "server/apply_migrations.h"
#include "server/digest.h"
#include "server/store/name_key_upgrade.h"

namespace investtrack::server {
namespace {

// Any fixed 64-bit number works as long as every investtrackd uses the same one and nothing else
// in the database takes the same advisory lock.
constexpr long long kMigrationLockKey = 0x2b7e3c91d46a5f08LL;

std::string file_name(const Migration& migration) {
  return fmt::format("{:04d}_{}.sql", migration.version, migration.name);
}

bool is_name_character(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-';
}

// "0007_add_index.sql" -> {7, "add_index"}; throws when the name is not NNNN_name.sql.
std::pair<int, std::string> parse_file_name(const std::string& file) {
  constexpr std::string_view kSuffix = ".sql";
  const auto bad = [&](std::string_view why) {
    return std::runtime_error(fmt::format(
        "migration file {}: {}; expected NNNN_name.sql, e.g. 0002_projects.sql", file, why));
  };
  if (file.size() <= kSuffix.size() ||
      file.compare(file.size() - kSuffix.size(), kSuffix.size(), kSuffix) != 0) {
    throw bad("not a .sql file");
  }
  const std::string_view stem(file.data(), file.size() - kSuffix.size());
  const std::size_t underscore = stem.find('_');
  if (underscore == std::string_view::npos || underscore < 4)
    throw bad("no four-digit version and '_'");
  const std::string_view digits = stem.substr(0, underscore);
  if (!std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    throw bad("the version is not a number");
  }
  int version = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), version);
  if (error != std::errc{} || end != digits.data() + digits.size() || version <= 0) {
    throw bad("the version must be a positive number");
  }
  const std::string_view name = stem.substr(underscore + 1);
  if (name.empty() || !std::all_of(name.begin(), name.end(), is_name_character)) {
    throw bad("the name after the version must be letters, digits, '_' or '-'");
  }
  return {version, std::string(name)};
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(fmt::format("cannot read migration file {}", path.string()));
  std::ostringstream contents;
  contents << in.rdbuf();
  return std::move(contents).str();
}

// Holds the session advisory lock for its lifetime. Session-level (not transaction-level) because
// it must span the one transaction per migration.
class MigrationLock {
 public:
  explicit MigrationLock(pqxx::connection& conn) : conn_(conn) {
    pqxx::nontransaction tx(conn_);
    tx.exec_params("SELECT pg_advisory_lock($1)", kMigrationLockKey);
  }
  ~MigrationLock() {
    try {
      pqxx::nontransaction tx(conn_);
      tx.exec_params("SELECT pg_advisory_unlock($1)", kMigrationLockKey);
    } catch (const std::exception& e) {
      // A lost connection releases the lock by itself; nothing else to do.
      spdlog::warn("could not release the migration lock: {}", e.what());
    }
  }
  MigrationLock(const MigrationLock&) = delete;
  MigrationLock& operator=(const MigrationLock&) = delete;

 private:
  pqxx::connection& conn_;
};

// version -> checksum of what was applied.
std::map<int, std::string> applied_migrations(pqxx::connection& conn) {
  pqxx::work tx(conn);
  tx.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations ("
      " version integer PRIMARY KEY,"
      " name text NOT NULL,"
      " checksum text NOT NULL,"
      " applied_at timestamptz NOT NULL DEFAULT now())");
  std::map<int, std::string> applied;
  for (const auto& row : tx.exec("SELECT version, checksum FROM schema_migrations")) {
    applied.emplace(row[0].as<int>(), row[1].as<std::string>());
  }
  tx.commit();
  return applied;
}

}  // namespace

std::vector<Migration> load_migrations(const std::filesystem::path& dir) {
  std::error_code error;
  if (!std::filesystem::is_directory(dir, error)) {
    throw std::runtime_error(fmt::format("migrations directory {} does not exist", dir.string()));
  }
  std::vector<Migration> migrations;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".sql") continue;
    auto [version, name] = parse_file_name(entry.path().filename().string());
    Migration migration;
    migration.version = version;
    migration.name = std::move(name);
    migration.sql = read_file(entry.path());
    migration.checksum = sha256_hex(migration.sql);
    migrations.push_back(std::move(migration));
  }
  std::sort(migrations.begin(), migrations.end(),
            [](const Migration& a, const Migration& b) { return a.version < b.version; });
  for (std::size_t i = 1; i < migrations.size(); ++i) {
    if (migrations[i].version == migrations[i - 1].version) {
      throw std::runtime_error(fmt::format("migrations {} and {} have the same version {}",
                                           file_name(migrations[i - 1]), file_name(migrations[i]),
                                           migrations[i].version));
    }
  }
  return migrations;
}

int apply_migrations(pqxx::connection& conn, const std::vector<Migration>& migrations) {
  const MigrationLock lock(conn);
  // Read under the lock: a runner that waited for it sees what the other one applied.
  const std::map<int, std::string> applied = applied_migrations(conn);

  // Refuse before changing anything, so a tampered history never gets a newer migration on top.
  for (const Migration& migration : migrations) {
    const auto found = applied.find(migration.version);
    if (found != applied.end() && found->second != migration.checksum) {
      throw std::runtime_error(fmt::format(
          "migration {} was changed after it was applied (recorded checksum {}, file checksum {}); "
          "add a new migration instead of editing an applied one",
          file_name(migration), found->second, migration.checksum));
    }
  }

  int count = 0;
  for (const Migration& migration : migrations) {
    if (applied.count(migration.version) != 0) continue;
    try {
      pqxx::work tx(conn);
      tx.exec(migration.sql);
      tx.exec_params("INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)",
                     migration.version, migration.name, migration.checksum);
      tx.commit();
    } catch (const pqxx::sql_error& e) {
      throw std::runtime_error(fmt::format("migration {} failed and was rolled back: {}",
                                           file_name(migration), e.what()));
    }
    spdlog::info("applied migration {}", file_name(migration));
    ++count;
  }
  return count;
}

bool bring_schema_up_to_date(const std::string& db_url, const std::filesystem::path& dir) {
  std::unique_ptr<pqxx::connection> conn;
  try {
    conn = std::make_unique<pqxx::connection>(db_url);
  } catch (const std::exception& e) {
    spdlog::critical("cannot connect to the database: {}", e.what());
    return false;
  }
  spdlog::info("connected to database {} on {}:{}", conn->dbname(),
               conn->hostname() != nullptr ? conn->hostname() : "local socket",
               conn->port() != nullptr ? conn->port() : "default");
  try {
    const std::vector<Migration> migrations = load_migrations(dir);
    const int applied = apply_migrations(*conn, migrations);
    spdlog::info("schema up to date: {} migration(s) in {}, {} newly applied", migrations.size(),
                 dir.string(), applied);
    if (const std::size_t upgraded = store::upgrade_name_keys(*conn); upgraded > 0) {
      spdlog::info("name keys of {} stored project(s) recomputed for key version {}", upgraded,
                   store::kNameKeyVersion);
    }
  } catch (const std::exception& e) {
    spdlog::critical("migrations failed: {}", e.what());
    return false;
  }
  return true;
}

}  // namespace investtrack::server
