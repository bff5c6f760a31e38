#include "report_commands.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <ostream>

#include "csv_writer.h"
#include "exit_codes.h"
#include "investtrack/v1/report_service.grpc.pb.h"
#include "project_columns.h"
#include "text_table.h"
#include "value_format.h"

namespace investtrack::client {
namespace {

// Status groups come keyed by the full enum name; the short form matches `list`.
std::string group_label(const std::string& by, const std::string& key) {
  return by == "status" ? enum_label(key, "PROJECT_STATUS_") : key;
}

std::vector<std::string> summary_row(const std::string& key, const v1::SummaryGroup& group) {
  return {key, std::to_string(group.project_count()),
          std::to_string(group.projects_with_investment()),
          group.has_total_investment() ? money_decimal(group.total_investment()) : "0"};
}

// Writes the export stream to `out`; returns the exit code.
int stream_export(const ExportOptions& options, const ServerConnection& server, std::ostream& out,
                  const CommandIo& io) {
  grpc::ClientContext context;
  server.prepare(context);
  v1::ExportProjectsRequest request;
  request.set_filter(options.filter);
  request.set_order_by(options.order_by);
  auto reader = v1::ReportService::NewStub(server.channel())->ExportProjects(&context, request);
  std::optional<CsvWriter> csv;
  if (options.format == "csv") {
    csv.emplace(out, options.byte_order_mark);
    csv->write_row(project_csv_header());
  }
  v1::Project project;
  while (reader->Read(&project)) {
    if (csv) {
      csv->write_row(project_csv_row(project));
    } else {
      out << to_json(project) << "\n";
    }
  }
  const auto status = reader->Finish();
  if (!status.ok()) return report_rpc_error("export", status, io.err);
  out.flush();
  if (!out) {
    io.err << "investtrack export: cannot write the output\n";
    return kExitOther;
  }
  return kExitOk;
}

}  // namespace

std::optional<v1::SummaryDimension> parse_summary_dimension(const std::string& text) {
  if (text == "status") return v1::SUMMARY_DIMENSION_STATUS;
  if (text == "city") return v1::SUMMARY_DIMENSION_CITY;
  if (text == "industry") return v1::SUMMARY_DIMENSION_INDUSTRY;
  if (text == "month") return v1::SUMMARY_DIMENSION_MONTH;
  if (text == "province") return v1::SUMMARY_DIMENSION_PROVINCE;
  return std::nullopt;
}

int run_summary(const SummaryOptions& options, const ServerConnection& server,
                const CommandIo& io) {
  const auto dimension = parse_summary_dimension(options.by);
  if (!dimension) {
    return usage_error("summary", "--by must be status, city, industry, month or province", io.err);
  }
  grpc::ClientContext context;
  server.prepare(context);
  v1::SummarizeRequest request;
  request.set_filter(options.filter);
  request.set_group_by(*dimension);
  v1::SummarizeResponse response;
  const auto status =
      v1::ReportService::NewStub(server.channel())->Summarize(&context, request, &response);
  if (!status.ok()) return report_rpc_error("summary", status, io.err);

  if (options.format == "json") {
    io.out << to_json(response) << "\n";
    return kExitOk;
  }
  const std::vector<std::string> header = {options.by, "projects", "with_investment",
                                           "total_investment_cny"};
  if (options.format == "csv") {
    CsvWriter csv(io.out, options.byte_order_mark);
    csv.write_row(header);
    for (const auto& group : response.groups()) {
      csv.write_row(summary_row(group_label(options.by, group.key()), group));
    }
    return kExitOk;
  }
  TextTable table({options.by, "projects", "with investment", "total investment"});
  auto table_row = [](const std::string& key, const v1::SummaryGroup& group) {
    return std::vector<std::string>{
        key, std::to_string(group.project_count()),
        std::to_string(group.projects_with_investment()),
        group.has_total_investment() ? money_label(group.total_investment()) : ""};
  };
  for (const auto& group : response.groups()) {
    table.add_row(
        table_row(group.key().empty() ? "(none)" : group_label(options.by, group.key()), group));
  }
  table.add_row(table_row("total", response.total()));
  io.out << table.render();
  return kExitOk;
}

int run_export(const ExportOptions& options, const ServerConnection& server, const CommandIo& io) {
  if (options.output.empty()) return stream_export(options, server, io.out, io);
  // Written beside the target and renamed at the end, so a failed export never leaves a file
  // that looks complete.
  const std::filesystem::path target(options.output);
  std::filesystem::path partial = target;
  partial += ".partial";
  int exit_code = kExitOk;
  {
    std::ofstream file(partial, std::ios::binary | std::ios::trunc);
    if (!file) {
      io.err << "investtrack export: cannot write " << partial.string() << "\n";
      return kExitOther;
    }
    exit_code = stream_export(options, server, file, io);
  }
  std::error_code error;
  if (exit_code != kExitOk) {
    std::filesystem::remove(partial, error);
    return exit_code;
  }
  std::filesystem::rename(partial, target, error);
  if (error) {
    io.err << "investtrack export: cannot rename " << partial.string() << " to " << target.string()
           << ": " << error.message() << "\n";
    return kExitOther;
  }
  return kExitOk;
}

void add_report_commands(const CommandSetup& setup) {
  {
    auto options = std::make_shared<SummaryOptions>();
    auto* sub = setup.app.add_subcommand("summary",
                                         "Project counts and investment totals by one dimension");
    sub->add_option("--by", options->by, "Group by: status city industry month province")
        ->check(CLI::IsMember({"status", "city", "industry", "month", "province"}))
        ->capture_default_str();
    sub->add_option("--filter", options->filter, "AIP-160 filter, as for list");
    sub->add_option("--format", options->format, "Output: table json csv")
        ->check(CLI::IsMember({"table", "json", "csv"}))
        ->capture_default_str();
    sub->add_flag("--bom", options->byte_order_mark,
                  "Start CSV with a UTF-8 byte-order mark (for Excel)");
    on_selected(setup, sub, [options](const ServerConnection& server, const CommandIo& io) {
      return run_summary(*options, server, io);
    });
  }
  {
    auto options = std::make_shared<ExportOptions>();
    auto* sub = setup.app.add_subcommand(
        "export",
        "Stream every matching project as CSV or JSON Lines (--timeout bounds the whole export)");
    sub->add_option("--format", options->format, "Output: csv jsonl")
        ->check(CLI::IsMember({"csv", "jsonl"}))
        ->capture_default_str();
    sub->add_flag("--bom", options->byte_order_mark,
                  "Start CSV with a UTF-8 byte-order mark (for Excel)");
    sub->add_option("--output,-o", options->output, "Write to this file (default: stdout)");
    sub->add_option("--filter", options->filter, "AIP-160 filter, as for list");
    sub->add_option("--order-by", options->order_by, "As for list");
    on_selected(setup, sub, [options](const ServerConnection& server, const CommandIo& io) {
      return run_export(*options, server, io);
    });
  }
}

}  // namespace investtrack::client
