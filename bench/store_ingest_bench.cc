// Ingest throughput of the project register, in project observations per second: a synthetic
// corpus is generated and parsed first (not timed), then only ProjectStore::ingest is timed, from
// several threads (one transaction per bulletin, as the store defines it).
//
//   store_ingest_bench --server-url postgresql://postgres@127.0.0.1:5432/postgres
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <map>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <variant>

#include <sys/resource.h>

#include <CLI/CLI.hpp>
#include <pqxx/pqxx>

#include "investtrack/parser/parse.h"
#include "investtrack/parser_proto/convert.h"
#include "server/store/connection_pool.h"
#include "server/store/project_store.h"
#include "store_bench_support.h"
#include "store_synthetic_corpus.h"

namespace {

using Clock = std::chrono::steady_clock;
namespace store = investtrack::store;

struct PreparedBulletin {
  store::BulletinInput input;
  investtrack::v1::ParseResult parsed;
};

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::vector<PreparedBulletin> parse_corpus(
    const std::vector<investtrack::bench::SyntheticBulletin>& corpus) {
  std::vector<PreparedBulletin> prepared;
  prepared.reserve(corpus.size());
  for (const auto& bulletin : corpus) {
    investtrack::parser::ParseOptions options;
    options.base_date = bulletin.date;
    options.source_name = bulletin.source;
    auto result = investtrack::parser::parse_bulletin(bulletin.text, options);
    if (const auto* error = std::get_if<investtrack::parser::ParseError>(&result)) {
      throw std::runtime_error("a synthetic bulletin does not parse: " + error->message);
    }
    PreparedBulletin p;
    p.parsed = investtrack::parser_proto::to_proto(
        std::get<investtrack::parser::ParseResult>(result), options);
    p.input.source = bulletin.source;
    p.input.publication_date = investtrack::parser_proto::to_proto(bulletin.date);
    p.input.raw_text = bulletin.text;
    prepared.push_back(std::move(p));
  }
  return prepared;
}

// CPU time (user + system) this process has used so far, in seconds.
double process_cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
  };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

std::string setting(pqxx::connection& connection, const std::string& name) {
  pqxx::nontransaction tx(connection);
  return tx.exec1("SELECT current_setting(" + tx.quote(name) + ")")[0].as<std::string>();
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Project register ingest throughput (observations/s)"};
  std::string server_url;
  std::string database = "investtrack_bench_ingest";
  std::size_t bulletins = 10000;
  std::size_t distinct_projects = 15000;
  int threads = 4;
  app.add_option("--server-url", server_url, "libpq URL of the server (any database)")
      ->required()
      ->envname("INVESTTRACK_BENCH_DB_URL");
  app.add_option("--database", database, "database to (re)create for the run");
  app.add_option("--bulletins", bulletins, "synthetic bulletins to ingest");
  app.add_option("--distinct-projects", distinct_projects, "projects the bulletins draw from");
  investtrack::bench::SyntheticCorpusOptions corpus_options;
  app.add_option("--min-projects-per-bulletin", corpus_options.min_projects_per_bulletin,
                 "fewest projects one synthetic bulletin mentions")
      ->check(CLI::Range(1, 100));
  app.add_option("--max-projects-per-bulletin", corpus_options.max_projects_per_bulletin,
                 "most projects one synthetic bulletin mentions (the seed bulletin has 9)")
      ->check(CLI::Range(1, 100));
  app.add_option("--threads", threads, "concurrent ingest callers (= pool size)")
      ->check(CLI::Range(1, 64));
  std::size_t batch = 100;
  app.add_option("--batch", batch,
                 "bulletins per ProjectStore::ingest_batch call (1: ProjectStore::ingest)")
      ->check(CLI::Range(1, 1000));
  CLI11_PARSE(app, argc, argv);
  // Progress lines should appear as they happen when the output is a pipe (scripts/bench-store.sh).
  std::setvbuf(stdout, nullptr, _IOLBF, 0);

  try {
    if (corpus_options.min_projects_per_bulletin > corpus_options.max_projects_per_bulletin) {
      throw std::invalid_argument(
          "--min-projects-per-bulletin is above --max-projects-per-bulletin");
    }
    corpus_options.bulletins = bulletins;
    corpus_options.distinct_projects = distinct_projects;
    auto start = Clock::now();
    const auto corpus = investtrack::bench::synthetic_corpus(corpus_options);
    std::size_t corpus_bytes = 0;
    for (const auto& b : corpus) corpus_bytes += b.text.size();
    std::printf("corpus: %zu bulletins, %.1f MB, generated in %.2f s\n", corpus.size(),
                static_cast<double>(corpus_bytes) / 1e6, seconds_since(start));

    start = Clock::now();
    const std::vector<PreparedBulletin> prepared = parse_corpus(corpus);
    std::size_t mentions = 0;
    std::size_t empty = 0;
    for (const auto& p : prepared) {
      mentions += static_cast<std::size_t>(p.parsed.projects_size());
      if (p.parsed.projects_size() == 0) ++empty;
    }
    std::printf(
        "parse (not timed below): %.2f s, %zu project mentions (%.2f per bulletin), %zu "
        "bulletins without a project\n",
        seconds_since(start), mentions,
        static_cast<double>(mentions) / static_cast<double>(prepared.size()), empty);

    const std::string url = investtrack::bench::fresh_database(server_url, database);
    {
      pqxx::connection connection(url);
      std::printf("server: %s; fsync=%s synchronous_commit=%s shared_buffers=%s\n",
                  setting(connection, "server_version").c_str(),
                  setting(connection, "fsync").c_str(),
                  setting(connection, "synchronous_commit").c_str(),
                  setting(connection, "shared_buffers").c_str());
    }

    store::ConnectionPool pool(store::PoolOptions{url, static_cast<std::size_t>(threads),
                                                  std::chrono::milliseconds(30000)});
    store::ProjectStore project_store(pool);
    std::atomic<std::size_t> next{0};
    // Observations stored by each tenth of the corpus, to show whether throughput holds as the
    // register grows (entity resolution looks at more candidates).
    constexpr std::size_t kTenths = 10;
    std::vector<std::atomic<std::size_t>> tenth_observations(kTenths);
    std::vector<std::atomic<std::int64_t>> tenth_done_ns(kTenths);
    std::vector<std::atomic<std::size_t>> tenth_remaining(kTenths);
    for (std::size_t t = 0; t < kTenths; ++t) {
      tenth_remaining[t] = prepared.size() * (t + 1) / kTenths - prepared.size() * t / kTenths;
    }
    std::mutex errors_mutex;
    std::map<std::string, std::size_t> errors;
    std::string first_error;
    const double cpu_before = process_cpu_seconds();
    start = Clock::now();
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
      workers.emplace_back([&] {
        const auto record_error = [&](const store::StoreError& e) {
          std::lock_guard lock(errors_mutex);
          ++errors[std::string(store::to_string(e.code()))];
          if (first_error.empty()) first_error = e.message() + " / " + e.detail();
        };
        const auto record_done = [&](std::size_t i) {
          const std::size_t tenth = i * kTenths / prepared.size();
          tenth_observations[tenth] += static_cast<std::size_t>(prepared[i].parsed.projects_size());
          if (--tenth_remaining[tenth] == 0) {
            tenth_done_ns[tenth] =
                std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - start).count();
          }
        };
        for (std::size_t first = next.fetch_add(batch); first < prepared.size();
             first = next.fetch_add(batch)) {
          const std::size_t last = std::min(prepared.size(), first + batch);
          if (batch == 1) {
            try {
              project_store.ingest(prepared[first].input, prepared[first].parsed);
              record_done(first);
            } catch (const store::StoreError& e) {
              record_error(e);
            }
            continue;
          }
          std::vector<store::BulletinToIngest> group;
          for (std::size_t i = first; i < last; ++i) {
            group.push_back(store::BulletinToIngest{prepared[i].input, &prepared[i].parsed});
          }
          const std::vector<store::IngestOutcome> outcomes = project_store.ingest_batch(group);
          for (std::size_t i = first; i < last; ++i) {
            if (const auto* e = std::get_if<store::StoreError>(&outcomes[i - first])) {
              record_error(*e);
            } else {
              record_done(i);
            }
          }
        }
      });
    }
    for (std::thread& worker : workers) worker.join();
    const double elapsed = seconds_since(start);
    const double client_cpu = process_cpu_seconds() - cpu_before;

    pqxx::connection connection(url);
    pqxx::nontransaction tx(connection);
    const auto count = [&](const char* table) {
      return tx.exec1(std::string("SELECT count(*) FROM ") + table)[0].as<std::size_t>();
    };
    const std::size_t observations = count("project_observations");
    const std::size_t projects = count("projects");
    const std::size_t stored_bulletins = count("bulletins");
    const std::size_t review = count("review_items");
    std::printf(
        "ingest: %zu bulletins, %zu observations in %.2f s with %d threads, %zu bulletins "
        "per call\n",
        stored_bulletins, observations, elapsed, threads, batch);
    std::printf("RESULT ingest_observations_per_second=%.0f bulletins_per_second=%.0f\n",
                static_cast<double>(observations) / elapsed,
                static_cast<double>(stored_bulletins) / elapsed);
    // The ingesting process's own CPU (the part investtrackd would spend), which unlike the
    // rate does not depend on what else the machine is doing.
    std::printf("client CPU: %.3f ms per observation\n",
                client_cpu * 1e3 / static_cast<double>(std::max<std::size_t>(observations, 1)));
    std::printf("observations/s by tenth of the corpus:");
    std::int64_t previous_ns = 0;
    for (std::size_t t = 0; t < kTenths; ++t) {
      const std::int64_t done = tenth_done_ns[t].load();
      // Tenths finish out of order by a few bulletins; the span from the previous one is close.
      const double span = static_cast<double>(std::max<std::int64_t>(done - previous_ns, 1)) / 1e9;
      std::printf(" %.0f", static_cast<double>(tenth_observations[t].load()) / span);
      previous_ns = std::max(previous_ns, done);
    }
    std::printf("\n");
    std::printf("register: %zu projects from %zu distinct in the pool, %zu review items\n",
                projects, distinct_projects, review);
    for (const auto& [code, n] : errors) std::printf("errors: %s x%zu\n", code.c_str(), n);
    if (!first_error.empty()) std::printf("first error: %s\n", first_error.c_str());
    if (observations != mentions) {
      std::printf("MISMATCH: %zu mentions parsed but %zu observations stored\n", mentions,
                  observations);
      return 1;
    }
    return errors.empty() ? 0 : 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "store_ingest_bench: %s\n", e.what());
    return 1;
  }
}
