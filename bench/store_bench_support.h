// What the store benchmarks share: a fresh database with the register's schema, and latency
// statistics.
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace investtrack::bench {

// `server_url` (a libpq URI or key=value string) pointing at database `dbname` instead.
std::string url_with_database(const std::string& server_url, const std::string& dbname);

// Drops and recreates database `dbname` on the server, applies every migration, and returns its
// URL. The benchmark's numbers then never depend on what an earlier run left.
std::string fresh_database(const std::string& server_url, const std::string& dbname);

struct LatencySummary {
  std::size_t count = 0;
  double p50_ms = 0;
  double p90_ms = 0;
  double p99_ms = 0;
  double max_ms = 0;
  double mean_ms = 0;
};

// Nearest-rank percentiles over the samples.
LatencySummary summarize(std::vector<std::chrono::nanoseconds> samples);

std::string format_summary(const std::string& label, const LatencySummary& summary);

}  // namespace investtrack::bench
