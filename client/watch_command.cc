#include "watch_command.h"

#include <algorithm>
#include <chrono>
#include <ostream>
#include <thread>

#include "exit_codes.h"
#include "investtrack/v1/project_service.grpc.pb.h"
#include "value_format.h"

namespace investtrack::client {
namespace {

using Clock = std::chrono::system_clock;

constexpr std::chrono::milliseconds kFirstRetryDelay{250};
constexpr std::chrono::milliseconds kMaxRetryDelay{10'000};

// A server that restarts ends its streams cleanly or drops the connection; both mean "come back".
bool worth_reconnecting(const grpc::Status& status) {
  return status.ok() || status.error_code() == grpc::StatusCode::UNAVAILABLE;
}

}  // namespace

std::string watch_line(const v1::ProjectChange& change) {
  const auto& project = change.project();
  const std::string type = v1::ProjectChange::Type_IsValid(change.type())
                               ? enum_label(v1::ProjectChange::Type_Name(change.type()), "TYPE_")
                               : std::to_string(static_cast<int>(change.type()));
  return timestamp_label(change.change_time()) + "\t" + type + "\t" + project.name() + "\t" +
         project.display_name() + "\t" + status_label(project.status()) + "\t" +
         change.change_token();
}

int run_watch(const WatchOptions& options, const ServerConnection& server, const CommandIo& io) {
  const bool bounded = options.duration_seconds > 0;
  const auto end =
      bounded ? Clock::now() + std::chrono::milliseconds(static_cast<long long>(
                                   std::min(options.duration_seconds, 86400.0 * 365) * 1000))
              : Clock::time_point::max();
  auto stub = v1::ProjectService::NewStub(server.channel());
  // The first connection is a plain call: a wrong address must fail like any other command.
  if (!server.channel()->WaitForConnected(std::min(end, Clock::now() + server.timeout()))) {
    // The channel does not say why it could not connect; a call does (refused, or a TLS
    // handshake that failed and why), reported like any other command's failure.
    grpc::ClientContext context;
    server.prepare(context, Clock::now() + std::chrono::seconds(5));
    v1::ListProjectsRequest request;
    request.set_page_size(1);
    v1::ListProjectsResponse response;
    const grpc::Status status = stub->ListProjects(&context, request, &response);
    if (!status.ok()) return report_rpc_error("watch", status, io.err);
  }
  std::string token = options.resume_token;
  auto retry_delay = kFirstRetryDelay;
  bool announced = false;
  while (true) {
    grpc::ClientContext context;
    if (bounded) {
      server.prepare(context, end);
    } else {
      // A watch runs until interrupted, so it has no deadline; keepalive pings notice a dead peer.
      server.prepare(context, Clock::time_point::max());
    }
    v1::WatchProjectsRequest request;
    request.set_filter(options.filter);
    request.set_resume_token(token);
    auto reader = stub->WatchProjects(&context, request);
    // The server answers with its initial metadata once the watch is in place: from then on no
    // change is missed, which is when a script may start the changes it wants to see.
    reader->WaitForInitialMetadata();
    if (!announced) {
      io.err << "investtrack watch: watching " << server.address() << "\n" << std::flush;
      announced = true;
    }
    v1::ProjectChange change;
    while (reader->Read(&change)) {
      io.out << (options.format == "json" ? to_json(change) : watch_line(change)) << "\n"
             << std::flush;
      token = change.change_token();
      retry_delay = kFirstRetryDelay;
    }
    const grpc::Status status = reader->Finish();
    if (bounded && Clock::now() >= end) return kExitOk;
    if (!worth_reconnecting(status)) return report_rpc_error("watch", status, io.err);
    // A server shutting down says where to resume, which covers changes this client never saw.
    if (std::string resume = error_metadata(status, "resumeToken"); !resume.empty())
      token = std::move(resume);
    io.err << "investtrack watch: stream ended ("
           << (status.ok() ? "server closed it" : status.error_message()) << "); reconnecting"
           << (token.empty() ? "" : " after the last change seen") << "\n"
           << std::flush;
    const auto wake = std::min(end, Clock::now() + retry_delay);
    std::this_thread::sleep_until(wake);
    if (bounded && Clock::now() >= end) return kExitOk;
    retry_delay = std::min(retry_delay * 2, kMaxRetryDelay);
  }
}

void add_watch_command(const CommandSetup& setup) {
  auto options = std::make_shared<WatchOptions>();
  auto* sub = setup.app.add_subcommand(
      "watch",
      "Print one line per change as it commits; reconnects and resumes when the server goes away");
  sub->add_option("--filter", options->filter, "AIP-160 filter, as for list");
  sub->add_option("--resume", options->resume_token,
                  "Continue after this change token (the last column)");
  sub->add_option("--format", options->format, "Output: text (tab-separated) json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  sub->add_option("--duration", options->duration_seconds,
                  "Stop after this many seconds (default: never)")
      ->check(CLI::NonNegativeNumber);
  on_selected(setup, sub, [options](const ServerConnection& server, const CommandIo& io) {
    return run_watch(*options, server, io);
  });
}

}  // namespace investtrack::client
