#include "store_bench_support.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <sstream>

#include <pqxx/pqxx>

namespace investtrack::bench {

std::string url_with_database(const std::string& server_url, const std::string& dbname) {
  const std::size_t scheme_end = server_url.find("://");
  if (scheme_end == std::string::npos) {
    // key=value form: a later keyword overrides an earlier one.
    return server_url + " dbname='" + dbname + "'";
  }
  const std::size_t authority_start = scheme_end + 3;
  const std::size_t query = server_url.find('?', authority_start);
  const std::size_t path = server_url.find('/', authority_start);
  const std::size_t authority_end =
      path != std::string::npos && (query == std::string::npos || path < query) ? path
      : query != std::string::npos                                              ? query
                                                                                : server_url.size();
  const std::string rest = query == std::string::npos ? "" : server_url.substr(query);
  return server_url.substr(0, authority_end) + "/" + dbname + rest;
}

std::string fresh_database(const std::string& server_url, const std::string& dbname) {
  {
    pqxx::connection admin(server_url);
    pqxx::nontransaction tx(admin);
    tx.exec("DROP DATABASE IF EXISTS " + tx.quote_name(dbname) + " WITH (FORCE)");
    tx.exec("CREATE DATABASE " + tx.quote_name(dbname));
  }
  const std::string url = url_with_database(server_url, dbname);
  // Every migration in file-name order, without the server's bookkeeping: the database lives for
  // one run, and the benchmark then builds without the server's other parts.
  // INVESTTRACK_MIGRATIONS_DIR (as for investtrackd) lets a run try a schema change side by side.
  const char* dir_override = std::getenv("INVESTTRACK_MIGRATIONS_DIR");
  const std::filesystem::path dir =
      dir_override != nullptr && *dir_override != '\0' ? dir_override : INVESTTRACK_MIGRATIONS_DIR;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".sql") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  pqxx::connection connection(url);
  for (const auto& file : files) {
    std::ifstream in(file);
    std::stringstream sql;
    sql << in.rdbuf();
    pqxx::work tx(connection);
    tx.exec(sql.str());
    tx.commit();
    std::printf("applied %s\n", file.filename().c_str());
  }
  return url;
}

LatencySummary summarize(std::vector<std::chrono::nanoseconds> samples) {
  LatencySummary summary;
  if (samples.empty()) return summary;
  std::sort(samples.begin(), samples.end());
  const auto ms = [](std::chrono::nanoseconds d) { return static_cast<double>(d.count()) / 1e6; };
  const auto rank = [&](double fraction) {
    const auto index =
        static_cast<std::size_t>(std::ceil(fraction * static_cast<double>(samples.size())));
    return ms(samples[std::min(samples.size() - 1, index == 0 ? 0 : index - 1)]);
  };
  summary.count = samples.size();
  summary.p50_ms = rank(0.50);
  summary.p90_ms = rank(0.90);
  summary.p99_ms = rank(0.99);
  summary.max_ms = ms(samples.back());
  const std::chrono::nanoseconds total =
      std::accumulate(samples.begin(), samples.end(), std::chrono::nanoseconds(0));
  summary.mean_ms = ms(total) / static_cast<double>(samples.size());
  return summary;
}

std::string format_summary(const std::string& label, const LatencySummary& summary) {
  char line[256];
  std::snprintf(line, sizeof line,
                "%-44s n=%zu  p50=%.2f ms  p90=%.2f ms  p99=%.2f ms  max=%.2f ms  mean=%.2f ms",
                label.c_str(), summary.count, summary.p50_ms, summary.p90_ms, summary.p99_ms,
                summary.max_ms, summary.mean_ms);
  return line;
}

}  // namespace investtrack::bench
