// The columns a project shows as in tables and in CSV, so `list` and `export` agree.
#pragma once

#include <string>
#include <vector>

#include "investtrack/v1/project.pb.h"

namespace investtrack::client {

// Every column a spreadsheet needs; money as an exact decimal, lists joined with "; ".
std::vector<std::string> project_csv_header();
std::vector<std::string> project_csv_row(const v1::Project& project);

// The compact view for a terminal.
std::vector<std::string> project_table_header();
std::vector<std::string> project_table_row(const v1::Project& project);

// `projects/abc` -> `abc`, for narrow tables.
std::string resource_id(const std::string& name);

}  // namespace investtrack::client
