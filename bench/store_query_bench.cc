// Lookup and filter latency of the project register at a million projects. Set-up loads synthetic
// rows with plain SQL (far faster than ingesting a million bulletins); every measured query goes
// through ProjectStore, exactly as the API layer calls it.
//
//   store_query_bench --server-url postgresql://postgres@127.0.0.1:5432/postgres
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <map>
#include <random>
#include <sstream>

#include <CLI/CLI.hpp>
#include <pqxx/pqxx>

#include "server/store/connection_pool.h"
#include "server/store/filter.h"
#include "server/store/project_store.h"
#include "server/store/sql_statements.h"
#include "store_bench_support.h"

namespace {

using Clock = std::chrono::steady_clock;
namespace store = investtrack::store;
namespace v1 = investtrack::v1;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Splits one line of china-division's CSV (code,"name",...); names hold no commas or quotes.
std::vector<std::string> csv_fields(const std::string& line) {
  std::vector<std::string> fields;
  std::string field;
  std::istringstream in(line);
  while (std::getline(in, field, ',')) {
    if (field.size() >= 2 && field.front() == '"' && field.back() == '"') {
      field = field.substr(1, field.size() - 2);
    }
    fields.push_back(field);
  }
  return fields;
}

std::vector<std::vector<std::string>> read_csv(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::vector<std::vector<std::string>> rows;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) rows.push_back(csv_fields(line));
  }
  return rows;
}

// bench_places(n, code, province, city, county): every real county-level division, numbered.
void load_places(pqxx::work& tx) {
  const std::string dir = INVESTTRACK_DIVISION_DIR;
  std::map<std::string, std::string> provinces;
  for (const auto& row : read_csv(dir + "/provinces.csv")) provinces[row.at(0)] = row.at(1);
  std::map<std::string, std::string> cities;
  for (const auto& row : read_csv(dir + "/cities.csv")) {
    // Municipalities list their districts under a "市辖区" city: the city is the province.
    cities[row.at(0)] = row.at(1) == "市辖区" ? provinces[row.at(2)] : row.at(1);
  }
  tx.exec(
      "CREATE TEMP TABLE bench_places (n int PRIMARY KEY, code text, province text, "
      "city text, county text)");
  std::string insert = "INSERT INTO bench_places VALUES ";
  int n = 0;
  for (const auto& row : read_csv(dir + "/areas.csv")) {
    if (n > 0) insert += ", ";
    insert += "(" + std::to_string(++n) + ", " + tx.quote(row.at(0)) + ", " +
              tx.quote(provinces[row.at(3)]) + ", " + tx.quote(cities[row.at(2)]) + ", " +
              tx.quote(row.at(1)) + ")";
  }
  tx.exec(insert);
}

// A million projects over the real divisions, statuses skewed as in a live register (most under
// construction or operating), update times spread over a year. Indexes are dropped for the load
// and rebuilt from their own definitions afterwards: the same indexes, built once.
void load_projects(const std::string& url, int count) {
  pqxx::connection connection(url);
  pqxx::work tx(connection);
  tx.exec("SET maintenance_work_mem = '256MB'");
  load_places(tx);
  std::vector<std::string> index_definitions;
  for (const auto& row : tx.exec("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = "
                                 "'projects' AND indexname <> 'projects_pkey'")) {
    index_definitions.push_back(row[1].as<std::string>());
    tx.exec("DROP INDEX " + tx.quote_name(row[0].as<std::string>()));
  }
  // The change log and NOTIFY are for live edits; a million notifications would only measure the
  // notification queue.
  tx.exec("ALTER TABLE projects DISABLE TRIGGER projects_changed");
  tx.exec("SELECT setseed(0.31)");
  tx.exec_params(R"SQL(
    INSERT INTO projects (display_name, name_key, province, city, county, division_code, industry,
                          total_investment, currency_code, status, status_phrase, status_date,
                          create_time, update_time)
    SELECT pl.county || ind.word || g || '号' || ind.suffix,
           pl.county || ind.word || g || '号' || ind.suffix,
           pl.province, pl.city, pl.county, pl.code, ind.key,
           round((x.r_money * 500)::numeric, 1) * 100000000, 'CNY',
           CASE WHEN x.r_status < 0.08 THEN 'announced'
                WHEN x.r_status < 0.23 THEN 'signed'
                WHEN x.r_status < 0.35 THEN 'preparing'
                WHEN x.r_status < 0.65 THEN 'under_construction'
                WHEN x.r_status < 0.75 THEN 'completed'
                WHEN x.r_status < 0.95 THEN 'operating'
                WHEN x.r_status < 0.98 THEN 'suspended'
                ELSE 'cancelled' END,
           '', current_date - (x.r_time * 365)::int,
           now() - (x.r_time * 400 + 30) * interval '1 day',
           now() - x.r_time * 365 * interval '1 day'
    FROM (SELECT g, 1 + floor(random() * (SELECT count(*) FROM bench_places))::int AS place,
                 floor(random() * 8)::int AS industry, random() AS r_status,
                 random() AS r_money, random() AS r_time
          FROM generate_series(1, $1) g) x
    JOIN bench_places pl ON pl.n = x.place
    JOIN (VALUES (0, 'photovoltaics', '光伏', '电站项目'), (1, 'food_processing', '食品', '产业园项目'),
                 (2, 'logistics', '物流', '中心项目'), (3, 'new_materials', '新材料', '基地项目'),
                 (4, 'pharmaceuticals', '医药', '产业园项目'), (5, 'wind_power', '风电', '场项目'),
                 (6, 'data_center', '数据', '中心项目'), (7, 'tourism', '文旅', '小镇项目'))
         AS ind(n, key, word, suffix) ON ind.n = x.industry
  )SQL",
                 count);
  tx.exec("ALTER TABLE projects ENABLE TRIGGER projects_changed");
  for (const std::string& definition : index_definitions) tx.exec(definition);
  tx.commit();
  pqxx::nontransaction maintenance(connection);
  maintenance.exec("VACUUM ANALYZE projects");
}

struct Samples {
  std::vector<std::string> ids;
  std::vector<std::pair<std::string, std::string>> status_city;
  std::vector<std::string> city_codes;                                  // 4 digits
  std::vector<std::pair<std::string, std::string>> status_county_code;  // 6 digits
};

// Query arguments drawn from stored rows, so every filter names values that exist.
Samples draw_samples(const std::string& url, int n) {
  pqxx::connection connection(url);
  pqxx::work tx(connection);
  tx.exec("SELECT setseed(0.77)");
  Samples samples;
  for (const auto& row : tx.exec_params(
           "SELECT id, status, city, division_code FROM projects ORDER BY random() LIMIT $1", n)) {
    samples.ids.push_back(row[0].as<std::string>());
    samples.status_city.emplace_back(row[1].as<std::string>(), row[2].as<std::string>());
    const std::string code = row[3].as<std::string>();
    samples.city_codes.push_back(code.substr(0, 4));
    samples.status_county_code.emplace_back(row[1].as<std::string>(), code);
  }
  return samples;
}

store::FilterExpr status_is(const std::string& key) {
  return store::FilterExpr::compare(store::FilterField::kStatus, store::FilterOp::kEq,
                                    store::FilterValue::of_status(store::status_from_key(key)));
}

// The statement list_projects runs for `filter` on its first page in the default order, for
// EXPLAIN: rebuilt from the same pieces (filter.h, sql_statements.h) the store uses.
std::string list_statement(const store::FilterExpr& filter, std::vector<std::string>* parameters) {
  const store::SqlCondition condition = store::to_sql_condition(filter, 1);
  *parameters = condition.parameters;
  return std::string(store::sql::kListProjectsPrefix) +
         ", 0 FROM projects p WHERE true AND p.delete_time IS NULL AND " + condition.sql +
         " ORDER BY p.update_time ASC, p.id ASC LIMIT 51";
}

void explain(const std::string& url, const std::string& label, const store::FilterExpr& filter) {
  pqxx::connection connection(url);
  pqxx::work tx(connection);
  std::vector<std::string> parameters;
  const std::string statement = list_statement(filter, &parameters);
  std::printf("EXPLAIN ANALYZE %s:\n", label.c_str());
  for (const auto& row : tx.exec_params("EXPLAIN (ANALYZE, BUFFERS) " + statement,
                                        pqxx::prepare::make_dynamic_params(parameters))) {
    std::printf("    %s\n", row[0].c_str());
  }
}

struct Measured {
  investtrack::bench::LatencySummary latency;
  double mean_rows = 0;
};

// Runs query(i) for i in [0, n) after `warmup` untimed runs; query returns the rows it got.
Measured measure(int n, int warmup, const std::function<std::size_t(int)>& query) {
  for (int i = 0; i < warmup; ++i) query(n + i);
  std::vector<std::chrono::nanoseconds> samples;
  samples.reserve(static_cast<std::size_t>(n));
  std::size_t rows = 0;
  for (int i = 0; i < n; ++i) {
    const auto start = Clock::now();
    rows += query(i);
    samples.push_back(Clock::now() - start);
  }
  Measured m;
  m.latency = investtrack::bench::summarize(std::move(samples));
  m.mean_rows = static_cast<double>(rows) / n;
  return m;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Project register lookup/filter latency at a million projects"};
  std::string server_url;
  std::string database = "investtrack_bench_query";
  int projects = 1000000;
  int queries = 2000;
  int page_size = 50;
  bool reuse = false;
  bool show_plans = false;
  app.add_option("--server-url", server_url, "libpq URL of the server (any database)")
      ->required()
      ->envname("INVESTTRACK_BENCH_DB_URL");
  app.add_option("--database", database, "database to (re)create for the run");
  app.add_option("--projects", projects, "synthetic projects to load");
  app.add_option("--queries", queries, "timed queries per kind")->check(CLI::Range(100, 1000000));
  app.add_option("--page-size", page_size, "page size of the list queries");
  app.add_flag("--reuse", reuse, "keep the database a previous run loaded");
  app.add_flag("--explain", show_plans, "print EXPLAIN ANALYZE of one query per kind");
  CLI11_PARSE(app, argc, argv);
  // Progress lines should appear as they happen when the output is a pipe (scripts/bench-store.sh).
  std::setvbuf(stdout, nullptr, _IOLBF, 0);

  try {
    std::string url;
    if (reuse) {
      url = investtrack::bench::url_with_database(server_url, database);
    } else {
      url = investtrack::bench::fresh_database(server_url, database);
      const auto start = Clock::now();
      load_projects(url, projects);
      std::printf("set-up: %d projects loaded, indexed and analyzed in %.1f s\n", projects,
                  seconds_since(start));
    }
    const int warmup = std::max(100, queries / 10);
    const Samples samples = draw_samples(url, queries + warmup);
    {
      pqxx::connection connection(url);
      pqxx::nontransaction tx(connection);
      std::printf("register: %s projects, table+indexes %s\n",
                  tx.exec1("SELECT count(*) FROM projects")[0].c_str(),
                  tx.exec1("SELECT pg_size_pretty(pg_total_relation_size('projects'))")[0].c_str());
    }

    store::ConnectionPool pool(store::PoolOptions{url, 1, std::chrono::milliseconds(10000)});
    store::ProjectStore project_store(pool);
    const auto page = [&](store::FilterExpr filter) {
      store::ListProjectsQuery query;
      query.filter = std::move(filter);
      query.page_size = page_size;
      return project_store.list_projects(query).projects.size();
    };
    const auto status_and_city = [&](int i) {
      const auto& [status, city] = samples.status_city.at(static_cast<std::size_t>(i));
      return store::FilterExpr::all_of(
          {status_is(status),
           store::FilterExpr::compare(store::FilterField::kCity, store::FilterOp::kEq,
                                      store::FilterValue::of_text(city))});
    };
    const auto city_code_prefix = [&](int i) {
      return store::FilterExpr::compare(
          store::FilterField::kDivisionCode, store::FilterOp::kHas,
          store::FilterValue::of_text(samples.city_codes.at(static_cast<std::size_t>(i))));
    };
    const auto status_and_county_prefix = [&](int i) {
      const auto& [status, code] = samples.status_county_code.at(static_cast<std::size_t>(i));
      return store::FilterExpr::all_of(
          {status_is(status),
           store::FilterExpr::compare(store::FilterField::kDivisionCode, store::FilterOp::kHas,
                                      store::FilterValue::of_text(code))});
    };
    if (show_plans) {
      explain(url, "status = S AND city = C", status_and_city(0));
      explain(url, "division_code : CCCC (city prefix)", city_code_prefix(0));
      explain(url, "status = S AND division_code : CCCCCC", status_and_county_prefix(0));
    }

    std::printf("queries: %d timed per kind after %d warm-up, one caller, page size %d\n", queries,
                warmup, page_size);
    const Measured get = measure(queries, warmup, [&](int i) {
      project_store.get_project(samples.ids.at(static_cast<std::size_t>(i)));
      return std::size_t{1};
    });
    const Measured by_status_city =
        measure(queries, warmup, [&](int i) { return page(status_and_city(i)); });
    const Measured by_city_code =
        measure(queries, warmup, [&](int i) { return page(city_code_prefix(i)); });
    const Measured by_status_county =
        measure(queries, warmup, [&](int i) { return page(status_and_county_prefix(i)); });

    const auto report = [](const char* label, const Measured& m) {
      std::printf("%s  rows/page=%.1f\n",
                  investtrack::bench::format_summary(label, m.latency).c_str(), m.mean_rows);
    };
    report("get_project(id)", get);
    report("list status=S AND city=C", by_status_city);
    report("list division_code:CCCC (city prefix)", by_city_code);
    report("list status=S AND division_code:CCCCCC", by_status_county);
    std::printf(
        "RESULT get_p99_ms=%.2f status_city_p99_ms=%.2f city_prefix_p99_ms=%.2f "
        "status_county_prefix_p99_ms=%.2f\n",
        get.latency.p99_ms, by_status_city.latency.p99_ms, by_city_code.latency.p99_ms,
        by_status_county.latency.p99_ms);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "store_query_bench: %s\n", e.what());
    return 1;
  }
}
