// Figures over the register: summary tables and streamed exports.
#pragma once

#include <optional>
#include <string>

#include "command_support.h"
#include "investtrack/v1/report_service.pb.h"

namespace investtrack::client {

struct SummaryOptions {
  std::string by = "status";  // status | city | industry | month
  std::string filter;
  std::string format = "table";  // table | json | csv
  bool byte_order_mark = false;
};

struct ExportOptions {
  std::string format = "csv";  // csv | jsonl
  bool byte_order_mark = false;
  std::string output;  // stdout when empty
  std::string filter;
  std::string order_by;
};

// "city" -> SUMMARY_DIMENSION_CITY; nullopt for anything else.
std::optional<v1::SummaryDimension> parse_summary_dimension(const std::string& text);

int run_summary(const SummaryOptions& options, const ServerConnection& server, const CommandIo& io);
int run_export(const ExportOptions& options, const ServerConnection& server, const CommandIo& io);

void add_report_commands(const CommandSetup& setup);

}  // namespace investtrack::client
