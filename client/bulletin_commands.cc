#include "bulletin_commands.h"

#include <memory>
#include <optional>
#include <ostream>
#include <span>
#include <vector>

#include "exit_codes.h"
#include "file_input.h"
#include "investtrack/v1/bulletin_service.grpc.pb.h"
#include "progress_bar.h"
#include "text_table.h"
#include "value_format.h"

namespace investtrack::client {
namespace {

// Codes after which the next file would fail the same way, so ingesting stops at once.
bool ends_the_run(grpc::StatusCode code) {
  return code == grpc::StatusCode::UNAVAILABLE || code == grpc::StatusCode::DEADLINE_EXCEEDED ||
         code == grpc::StatusCode::UNAUTHENTICATED || code == grpc::StatusCode::PERMISSION_DENIED ||
         code == grpc::StatusCode::UNIMPLEMENTED;
}

struct BulletinListOptions {
  int page_size = 0;
  std::string page_token;
  bool all = false;
  std::string format = "table";
};

int run_bulletins(const BulletinListOptions& options, const ServerConnection& server,
                  const CommandIo& io) {
  auto stub = v1::BulletinService::NewStub(server.channel());
  v1::ListBulletinsRequest request;
  request.set_page_size(options.page_size);
  request.set_page_token(options.page_token);
  v1::ListBulletinsResponse collected;
  while (true) {
    grpc::ClientContext context;
    server.prepare(context);
    v1::ListBulletinsResponse page;
    const auto status = stub->ListBulletins(&context, request, &page);
    if (!status.ok()) return report_rpc_error("bulletins", status, io.err);
    for (auto& bulletin : *page.mutable_bulletins())
      *collected.add_bulletins() = std::move(bulletin);
    collected.set_next_page_token(page.next_page_token());
    if (!options.all || page.next_page_token().empty()) break;
    request.set_page_token(page.next_page_token());
  }
  if (options.format == "json") {
    io.out << to_json(collected) << "\n";
    return kExitOk;
  }
  TextTable table({"name", "source", "published", "ingested", "sha256"});
  for (const auto& bulletin : collected.bulletins()) {
    table.add_row({bulletin.name(), bulletin.source(),
                   civil_date_label(bulletin.publication_date()),
                   timestamp_label(bulletin.ingest_time()), bulletin.content_hash().substr(0, 12)});
  }
  io.out << table.render(60);
  print_next_page_hint("bulletins", collected.next_page_token(), io.err);
  return kExitOk;
}

}  // namespace

std::string ingest_summary(const std::string& file, const v1::IngestBulletinResponse& response) {
  std::string line = file + ": " + response.bulletin().name() + ": ";
  if (response.duplicate()) return line + "duplicate, nothing changed";
  return line + std::to_string(response.created_projects_size()) + " created, " +
         std::to_string(response.updated_projects_size()) + " updated";
}

namespace {

// Files one BatchIngestBulletins call carries at most, and their bytes: below the server's
// default limit (8 MiB), so a default server takes every batch. A server with a lower limit
// refuses the batch (RESOURCE_EXHAUSTED), and its files then go one call each.
constexpr std::size_t kBatchFiles = 50;
constexpr std::size_t kBatchBytes = std::size_t{4} * 1024 * 1024;

struct FileToIngest {
  std::string file;
  v1::IngestBulletinRequest request;
};

// Names files on stderr after a reason, e.g. which ones a stopped run never sent. Ingesting a
// stored bulletin again changes nothing, so the advice is always to send them again.
void list_files(std::ostream& err, std::string_view reason, const std::vector<std::string>& files) {
  if (files.empty()) return;
  err << "investtrack ingest: " << reason << " (" << files.size()
      << "; ingesting a stored one again "
      << "changes nothing):\n";
  for (const std::string& file : files) err << "  " << file << "\n";
}

void list_files(std::ostream& err, std::string_view reason, std::span<const FileToIngest> files) {
  std::vector<std::string> names;
  for (const FileToIngest& f : files) names.push_back(f.file);
  list_files(err, reason, names);
}

// Sends the files and prints a line for each. Returns the exit code to stop with, when the
// next files would fail the same way; otherwise sets *some_failed when one of them failed.
class IngestSender {
 public:
  IngestSender(const ServerConnection& server, const CommandIo& io)
      : server_(server), io_(io), stub_(v1::BulletinService::NewStub(server.channel())) {}

  std::optional<int> send(std::vector<FileToIngest>& files, bool& some_failed) {
    if (files.size() == 1) return send_one(files.front(), some_failed);
    v1::BatchIngestBulletinsRequest request;
    for (FileToIngest& f : files) *request.add_requests() = f.request;
    grpc::ClientContext context;
    server_.prepare(context);
    v1::BatchIngestBulletinsResponse response;
    const grpc::Status status = stub_->BatchIngestBulletins(&context, request, &response);
    if (status.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED ||
        status.error_code() == grpc::StatusCode::UNIMPLEMENTED) {
      // Too large together for this server, or a server without batches: one call each.
      for (std::size_t i = 0; i < files.size(); ++i) {
        if (auto stop = send_one(files[i], some_failed)) {
          list_files(io_.err, "not sent, the run stopped", std::span(files).subspan(i + 1));
          return stop;
        }
      }
      return std::nullopt;
    }
    if (!status.ok() || response.results_size() != static_cast<int>(files.size())) {
      const int code = report_rpc_error(
          "ingest " + files.front().file + " and " + std::to_string(files.size() - 1) + " more",
          status.ok() ? grpc::Status(grpc::StatusCode::INTERNAL,
                                     "the server answered a "
                                     "different number of files")
                      : status,
          io_.err);
      if (ends_the_run(status.error_code())) {
        // The server may have stored some of them before the call broke off.
        list_files(io_.err, "the outcome of these files is unknown, some may be stored",
                   std::span(files));
        return code;
      }
      some_failed = true;
      return std::nullopt;
    }
    for (std::size_t i = 0; i < files.size(); ++i) {
      const v1::BatchIngestBulletinsResult& result = response.results(static_cast<int>(i));
      if (result.status().code() == 0) {
        io_.out << ingest_summary(files[i].file, result.response()) << "\n" << std::flush;
        continue;
      }
      const auto code = static_cast<grpc::StatusCode>(result.status().code());
      const int exit_code = report_rpc_error(
          "ingest " + files[i].file,
          grpc::Status(code, result.status().message(), result.status().SerializeAsString()),
          io_.err);
      if (ends_the_run(code)) {
        list_files(io_.err, "not stored, the run stopped", std::span(files).subspan(i + 1));
        return exit_code;
      }
      some_failed = true;
    }
    return std::nullopt;
  }

 private:
  std::optional<int> send_one(const FileToIngest& f, bool& some_failed) {
    grpc::ClientContext context;
    server_.prepare(context);
    v1::IngestBulletinResponse response;
    const grpc::Status status = stub_->IngestBulletin(&context, f.request, &response);
    if (!status.ok()) {
      const int code = report_rpc_error("ingest " + f.file, status, io_.err);
      if (ends_the_run(status.error_code())) return code;
      some_failed = true;
      return std::nullopt;
    }
    io_.out << ingest_summary(f.file, response) << "\n" << std::flush;
    return std::nullopt;
  }

  const ServerConnection& server_;
  const CommandIo& io_;
  std::unique_ptr<v1::BulletinService::Stub> stub_;
};

}  // namespace

int run_ingest(const IngestOptions& options, const ServerConnection& server, const CommandIo& io) {
  v1::IngestBulletinRequest request;
  if (!options.publication_date.empty()) {
    const auto date = parse_civil_date(options.publication_date);
    if (!date) return usage_error("ingest", "--date must be a calendar date as YYYY-MM-DD", io.err);
    *request.mutable_publication_date() = *date;
  }
  IngestSender sender(server, io);
  ProgressBar progress(io.err, options.files.size(),
                       io.err_is_terminal && options.files.size() >= kProgressBarMinFiles);
  bool some_failed = false;
  std::vector<FileToIngest> batch;
  std::size_t batch_bytes = 0;
  const auto send_batch = [&]() -> std::optional<int> {
    if (batch.empty()) return std::nullopt;
    std::optional<int> stop = sender.send(batch, some_failed);
    batch.clear();
    batch_bytes = 0;
    return stop;
  };
  for (std::size_t i = 0; i < options.files.size(); ++i) {
    const std::string& file = options.files[i];
    progress.show(i, file);
    std::string error;
    auto content = read_input_file(file, error);
    if (!content) {
      progress.clear();
      io.err << "investtrack ingest: " << file << ": " << error << "\n";
      some_failed = true;
      continue;
    }
    if (!batch.empty() &&
        (batch.size() == kBatchFiles || batch_bytes + content->size() > kBatchBytes)) {
      progress.clear();
      if (auto stop = send_batch()) {
        list_files(io.err, "not sent, the run stopped",
                   std::vector<std::string>(options.files.begin() + static_cast<std::ptrdiff_t>(i),
                                            options.files.end()));
        return *stop;
      }
    }
    batch_bytes += content->size();
    FileToIngest& next = batch.emplace_back(FileToIngest{file, request});
    next.request.set_content(std::move(*content));
    next.request.set_source(options.source.empty() ? file : options.source);
  }
  progress.show(options.files.size(), "");
  progress.clear();
  if (auto stop = send_batch()) return *stop;
  return some_failed ? kExitSomeInputsFailed : kExitOk;
}

void add_bulletin_commands(const CommandSetup& setup) {
  {
    auto options = std::make_shared<IngestOptions>();
    auto* sub = setup.app.add_subcommand("ingest",
                                         "Store bulletins and merge their projects into the "
                                         "register (the same file twice changes nothing)");
    sub->add_option("files", options->files,
                    "Bulletin files: UTF-8 (with or without BOM) or GB18030")
        ->required();
    sub->add_option("--source", options->source,
                    "Where the bulletins came from (default: each file's path)");
    sub->add_option(
        "--date", options->publication_date,
        "Publication date YYYY-MM-DD that relative dates resolve against (default: from the text)");
    on_selected(setup, sub, [options](const ServerConnection& server, const CommandIo& io) {
      return run_ingest(*options, server, io);
    });
  }
  {
    auto options = std::make_shared<BulletinListOptions>();
    auto* sub = setup.app.add_subcommand("bulletins", "List stored bulletins, newest first");
    sub->add_option("--page-size", options->page_size, "Bulletins per page (server default when 0)")
        ->check(CLI::NonNegativeNumber);
    sub->add_option("--page-token", options->page_token,
                    "Continue from the token a previous page printed");
    sub->add_flag("--all", options->all, "Fetch every page");
    sub->add_option("--format", options->format, "Output: table json")
        ->check(CLI::IsMember({"table", "json"}))
        ->capture_default_str();
    on_selected(setup, sub, [options](const ServerConnection& server, const CommandIo& io) {
      return run_bulletins(*options, server, io);
    });
  }
}

}  // namespace investtrack::client
