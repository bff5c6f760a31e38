// api_load: a load generator for investtrackd. It can first ingest synthetic bulletins, timed
// (--populate). Then N concurrent callers, each on its own connection, call GetProject or
// ListProjects for a fixed time; prints throughput, p50/p99 latency, the
// server's and its own CPU time per call (steady even when other work shares the machine, unlike
// throughput) and the server's resident memory (idle before the run and the peak during it).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

#include <absl/synchronization/mutex.h>
#include <grpcpp/grpcpp.h>
#include <CLI/CLI.hpp>

#include "investtrack/v1/bulletin_service.grpc.pb.h"
#include "investtrack/v1/project_service.grpc.pb.h"

namespace {

using Clock = std::chrono::steady_clock;
using namespace investtrack;

struct Options {
  std::string target = "127.0.0.1:50051";
  std::string token;
  std::string method = "get";
  int callers = 16;
  double seconds = 10;
  int populate = 0;
  int populate_batch = 50;
  int list_page_size = 50;
  int server_pid = 0;
  std::string client = "queue";
  int queue_threads = 2;
  // 0 = one per caller.
  int connections = 0;
};

// VmRSS of a process in KiB, 0 when it cannot be read.
long rss_kib(int pid) {
  if (pid <= 0) return 0;
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  return 0;
}

// User plus system CPU time a process has used, in seconds; 0 when it cannot be read.
double cpu_seconds(int pid) {
  if (pid <= 0) return 0;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return 0;
  // Fields after the parenthesised command name, which may itself hold spaces.
  const std::size_t after_name = line.rfind(')');
  if (after_name == std::string::npos) return 0;
  std::istringstream fields(line.substr(after_name + 2));
  std::string field;
  double ticks = 0;
  // utime and stime are fields 14 and 15; the text after the name starts at field 3.
  for (int index = 3; index <= 15 && fields >> field; ++index) {
    if (index >= 14) ticks += std::stod(field);
  }
  return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

std::unique_ptr<grpc::ClientContext> context_for(const Options& options) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  if (!options.token.empty()) context->AddMetadata("authorization", "Bearer " + options.token);
  return context;
}

std::shared_ptr<grpc::Channel> channel_for(const Options& options, int index) {
  // A distinct argument per caller gives each its own connection instead of one shared one.
  grpc::ChannelArguments arguments;
  arguments.SetInt("investtrack.load_caller", index);
  return grpc::CreateCustomChannel(options.target, grpc::InsecureChannelCredentials(), arguments);
}

double percentile(std::vector<double>& values, double p) {
  if (values.empty()) return 0;
  const auto at = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1));
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(at), values.end());
  return values[at];
}

// Synthetic bulletin `b`: ten distinct projects, named by their number, across five cities.
std::string synthetic_bulletin(int b) {
  static const char* const kCities[] = {"太原市", "大同市", "长治市", "晋中市", "忻州市"};
  static const char* const kProducts[] = {"碳纤维", "铝型材", "玻璃纤维", "光伏组件", "锂电池"};
  std::string text = "山西经济信息\n2023年第" + std::to_string(b + 1) + "期\n\n";
  for (int p = 0; p < 10; ++p) {
    const int n = b * 10 + p;
    text += "本刊讯 11月5日，" + std::string(kCities[n % 5]) + "的负载测试" + std::to_string(n) +
            "号科技有限公司年产" + std::to_string(n % 90 + 10) + "万吨" + kProducts[n % 5] +
            "项目正式开工建设，项目总投资" + std::to_string(n % 50 + 1) + "亿元。\n\n";
  }
  return text;
}

// Ingests options.populate synthetic bulletins, options.populate_batch per BatchIngestBulletins
// call (1: one IngestBulletin each), from one caller, and prints what that cost: the API's
// whole ingest path (parse, store, read back, answer), not the store alone.
void populate(const Options& options) {
  auto stub = v1::BulletinService::NewStub(channel_for(options, -1));
  const double server_cpu_before = cpu_seconds(options.server_pid);
  std::vector<double> latencies;
  const auto begin = Clock::now();
  for (int first = 0; first < options.populate; first += options.populate_batch) {
    const int last = std::min(options.populate, first + options.populate_batch);
    const auto start = Clock::now();
    grpc::Status status;
    std::string refused;
    if (options.populate_batch == 1) {
      v1::IngestBulletinRequest request;
      request.set_content(synthetic_bulletin(first));
      request.set_source("api_load-" + std::to_string(first));
      v1::IngestBulletinResponse response;
      status = stub->IngestBulletin(context_for(options).get(), request, &response);
    } else {
      v1::BatchIngestBulletinsRequest request;
      for (int b = first; b < last; ++b) {
        v1::IngestBulletinRequest* one = request.add_requests();
        one->set_content(synthetic_bulletin(b));
        one->set_source("api_load-" + std::to_string(b));
      }
      v1::BatchIngestBulletinsResponse response;
      status = stub->BatchIngestBulletins(context_for(options).get(), request, &response);
      for (const v1::BatchIngestBulletinsResult& result : response.results()) {
        if (result.status().code() != 0) refused = result.status().message();
      }
    }
    latencies.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    if (!status.ok() || !refused.empty()) {
      std::cerr << "ingest failed: " << (status.ok() ? refused : status.error_message()) << "\n";
      std::exit(1);
    }
  }
  const double elapsed = std::chrono::duration<double>(Clock::now() - begin).count();
  const double server_cpu = cpu_seconds(options.server_pid) - server_cpu_before;
  const double bulletins = options.populate;
  std::printf(
      "method=ingest batch=%d bulletins=%d calls=%zu bulletins_per_s=%.0f "
      "observations_per_s=%.0f p50_ms=%.2f p99_ms=%.2f server_cpu_ms_per_bulletin=%.2f\n",
      options.populate_batch, options.populate, latencies.size(), bulletins / elapsed,
      bulletins * 10 / elapsed, percentile(latencies, 0.50), percentile(latencies, 0.99),
      options.server_pid > 0 ? server_cpu * 1e3 / bulletins : 0.0);
  std::fflush(stdout);
}

std::vector<std::string> project_names(const Options& options) {
  auto stub = v1::ProjectService::NewStub(channel_for(options, -2));
  std::vector<std::string> names;
  v1::ListProjectsRequest request;
  request.set_page_size(1000);
  while (true) {
    v1::ListProjectsResponse response;
    const grpc::Status status = stub->ListProjects(context_for(options).get(), request, &response);
    if (!status.ok()) {
      std::cerr << "list failed: " << status.error_message() << "\n";
      std::exit(1);
    }
    for (const v1::Project& p : response.projects()) names.push_back(p.name());
    if (response.next_page_token().empty()) break;
    request.set_page_token(response.next_page_token());
  }
  return names;
}

// A ListProjects call of the benchmark: one of two indexed filters, at random.
v1::ListProjectsRequest list_request(const Options& options, std::mt19937& random) {
  v1::ListProjectsRequest request;
  request.set_page_size(options.list_page_size);
  request.set_filter(random() % 2 == 0 ? "status = UNDER_CONSTRUCTION" : "city = \"太原市\"");
  return request;
}

// One caller on the completion-queue client: each call is sent when the previous one's
// completion is taken from the queue, by the thread that polls it, so the load tool needs no
// thread per caller and no hand-off between threads (the sync stub costs a completion queue and
// a thread wake-up per call, about as much CPU as the server's whole work for a cached get).
class QueueCaller {
 public:
  QueueCaller(const Options& options, const std::vector<std::string>& names, int index,
              const std::atomic<bool>& stop, std::atomic<long>& errors,
              std::vector<double>& latencies, grpc::CompletionQueue& queue)
      : options_(options),
        names_(names),
        stub_(v1::ProjectService::NewStub(channel_for(options, index % options.connections))),
        random_(static_cast<unsigned>(index)),
        stop_(stop),
        errors_(errors),
        latencies_(latencies),
        queue_(queue) {}

  void issue() {
    context_ = context_for(options_);
    started_ = Clock::now();
    if (options_.method == "get") {
      get_request_.set_name(names_[random_() % names_.size()]);
      get_reader_ = stub_->AsyncGetProject(context_.get(), get_request_, &queue_);
      get_reader_->Finish(&project_, &status_, this);
    } else {
      list_request_ = list_request(options_, random_);
      list_reader_ = stub_->AsyncListProjects(context_.get(), list_request_, &queue_);
      list_reader_->Finish(&list_response_, &status_, this);
    }
  }

  // The call this caller had out came back; sends the next one unless the run is over. Returns
  // whether a call is out again.
  bool complete(bool delivered) {
    if (!delivered || !status_.ok()) ++errors_;
    latencies_.push_back(
        std::chrono::duration<double, std::milli>(Clock::now() - started_).count());
    if (stop_.load(std::memory_order_relaxed)) return false;
    issue();
    return true;
  }

 private:
  const Options& options_;
  const std::vector<std::string>& names_;
  std::unique_ptr<v1::ProjectService::Stub> stub_;
  std::mt19937 random_;
  const std::atomic<bool>& stop_;
  std::atomic<long>& errors_;
  std::vector<double>& latencies_;
  grpc::CompletionQueue& queue_;
  std::unique_ptr<grpc::ClientContext> context_;
  Clock::time_point started_;
  grpc::Status status_;
  v1::GetProjectRequest get_request_;
  v1::Project project_;
  std::unique_ptr<grpc::ClientAsyncResponseReader<v1::Project>> get_reader_;
  v1::ListProjectsRequest list_request_;
  v1::ListProjectsResponse list_response_;
  std::unique_ptr<grpc::ClientAsyncResponseReader<v1::ListProjectsResponse>> list_reader_;
};

// Polls one completion queue for its callers until every one has stopped.
void drive_queue(std::vector<std::unique_ptr<QueueCaller>>& callers, grpc::CompletionQueue& queue) {
  for (auto& caller : callers) caller->issue();
  std::size_t out = callers.size();
  void* tag = nullptr;
  bool delivered = false;
  while (out > 0 && queue.Next(&tag, &delivered)) {
    if (!static_cast<QueueCaller*>(tag)->complete(delivered)) --out;
  }
  queue.Shutdown();
  while (queue.Next(&tag, &delivered)) {
  }
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  CLI::App app{"api_load: concurrent GetProject/ListProjects load against investtrackd"};
  app.add_option("--target", options.target, "host:port of investtrackd")->capture_default_str();
  app.add_option("--token", options.token, "Bearer token, when the server requires one");
  app.add_option("--method", options.method, "get or list")
      ->check(CLI::IsMember({"get", "list"}))
      ->capture_default_str();
  app.add_option("--callers", options.callers, "Concurrent callers")->capture_default_str();
  app.add_option("--client", options.client,
                 "gRPC client API: queue (completion queues polled by --queue-threads threads, one "
                 "call out per caller) or sync (a thread and a blocking stub per caller)")
      ->check(CLI::IsMember({"queue", "sync"}))
      ->capture_default_str();
  app.add_option("--connections", options.connections,
                 "Connections the callers share, round robin (0 = one per caller)")
      ->check(CLI::Range(0, 1024))
      ->capture_default_str();
  app.add_option("--queue-threads", options.queue_threads,
                 "Threads (each with its own completion queue) for --client queue")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  app.add_option("--seconds", options.seconds, "Measured duration")->capture_default_str();
  app.add_option("--populate", options.populate,
                 "Synthetic bulletins to ingest first (10 projects each), timed")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--populate-batch", options.populate_batch,
                 "Bulletins per BatchIngestBulletins call while populating (1 = IngestBulletin)")
      ->check(CLI::Range(1, 100))
      ->capture_default_str();
  app.add_option("--page-size", options.list_page_size, "ListProjects page size")
      ->capture_default_str();
  app.add_option("--server-pid", options.server_pid, "investtrackd's pid, to report its memory");
  CLI11_PARSE(app, argc, argv);
  if (options.connections == 0 || options.connections > options.callers)
    options.connections = options.callers;
  // As in investtrackd: Debian's abseil checks every gRPC lock for deadlocks unless told not to.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);

  if (options.populate > 0) populate(options);
  const std::vector<std::string> names = project_names(options);
  if (names.empty()) {
    std::cerr << "the server has no projects; use --populate\n";
    return 1;
  }
  const long idle_rss = rss_kib(options.server_pid);
  const double server_cpu_before = cpu_seconds(options.server_pid);
  const double own_cpu_before = cpu_seconds(static_cast<int>(getpid()));

  std::atomic<bool> stop{false};
  std::atomic<long> errors{0};
  std::vector<std::vector<double>> latencies(static_cast<std::size_t>(options.callers));
  std::vector<std::thread> callers;
  const int queues =
      options.client == "queue" ? std::min(options.queue_threads, options.callers) : 0;
  std::vector<std::unique_ptr<grpc::CompletionQueue>> completion_queues;
  std::vector<std::vector<std::unique_ptr<QueueCaller>>> queue_callers(
      static_cast<std::size_t>(queues));
  for (int q = 0; q < queues; ++q)
    completion_queues.push_back(std::make_unique<grpc::CompletionQueue>());
  for (int i = 0; i < options.callers && queues > 0; ++i) {
    latencies[static_cast<std::size_t>(i)].reserve(400000);
    queue_callers[static_cast<std::size_t>(i % queues)].push_back(std::make_unique<QueueCaller>(
        options, names, i, stop, errors, latencies[static_cast<std::size_t>(i)],
        *completion_queues[static_cast<std::size_t>(i % queues)]));
  }
  for (int q = 0; q < queues; ++q) {
    callers.emplace_back([&, q] {
      drive_queue(queue_callers[static_cast<std::size_t>(q)],
                  *completion_queues[static_cast<std::size_t>(q)]);
    });
  }
  for (int i = 0; i < options.callers && options.client == "sync"; ++i) {
    callers.emplace_back([&, i] {
      auto stub = v1::ProjectService::NewStub(channel_for(options, i % options.connections));
      std::mt19937 random(static_cast<unsigned>(i));
      std::vector<double>& mine = latencies[static_cast<std::size_t>(i)];
      mine.reserve(200000);
      while (!stop.load(std::memory_order_relaxed)) {
        const auto start = Clock::now();
        grpc::Status status;
        if (options.method == "get") {
          v1::GetProjectRequest request;
          request.set_name(names[random() % names.size()]);
          v1::Project project;
          status = stub->GetProject(context_for(options).get(), request, &project);
        } else {
          const v1::ListProjectsRequest request = list_request(options, random);
          v1::ListProjectsResponse response;
          status = stub->ListProjects(context_for(options).get(), request, &response);
        }
        if (!status.ok()) ++errors;
        mine.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
      }
    });
  }
  long peak_rss = idle_rss;
  const auto begin = Clock::now();
  const auto end = begin + std::chrono::duration_cast<Clock::duration>(
                               std::chrono::duration<double>(options.seconds));
  while (Clock::now() < end) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    peak_rss = std::max(peak_rss, rss_kib(options.server_pid));
  }
  stop = true;
  for (std::thread& t : callers) t.join();
  const double elapsed = std::chrono::duration<double>(Clock::now() - begin).count();
  const double server_cpu = cpu_seconds(options.server_pid) - server_cpu_before;
  const double own_cpu = cpu_seconds(static_cast<int>(getpid())) - own_cpu_before;

  std::vector<double> all;
  for (const auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  const double calls = static_cast<double>(all.size());
  std::printf(
      "method=%s client=%s callers=%d connections=%d projects=%zu calls=%.0f errors=%ld "
      "calls_per_s=%.0f p50_ms=%.2f "
      "p99_ms=%.2f server_cpu_us_per_call=%.0f client_cpu_us_per_call=%.0f "
      "server_rss_idle_mib=%.1f server_rss_peak_mib=%.1f\n",
      options.method.c_str(), options.client.c_str(), options.callers, options.connections,
      names.size(), calls, errors.load(), calls / elapsed, percentile(all, 0.50),
      percentile(all, 0.99), calls > 0 ? server_cpu * 1e6 / calls : 0.0,
      calls > 0 ? own_cpu * 1e6 / calls : 0.0, idle_rss / 1024.0, peak_rss / 1024.0);
  return errors.load() == 0 ? 0 : 1;
}
