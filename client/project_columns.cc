#include "project_columns.h"

#include "value_format.h"

namespace investtrack::client {

std::vector<std::string> project_csv_header() {
  return {
      "name",  "display_name", "status",      "total_investment", "currency_code", "province",
      "city",  "county",       "zone",        "division_code",    "industry",      "organizations",
      "level", "project_code", "create_time", "update_time",      "delete_time"};
}

std::vector<std::string> project_csv_row(const v1::Project& project) {
  const auto& location = project.location();
  const bool has_money = project.has_total_investment();
  return {project.name(),
          project.display_name(),
          status_label(project.status()),
          has_money ? money_decimal(project.total_investment()) : "",
          has_money ? project.total_investment().currency_code() : "",
          location.province(),
          location.city(),
          location.county(),
          location.zone(),
          location.division_code(),
          project.industry(),
          join(project.organizations(), "; "),
          project.level(),
          project.project_code(),
          timestamp_label(project.create_time()),
          timestamp_label(project.update_time()),
          timestamp_label(project.delete_time())};
}

std::vector<std::string> project_table_header() {
  return {"id", "project", "status", "total investment", "place", "industry", "updated"};
}

std::vector<std::string> project_table_row(const v1::Project& project) {
  return {resource_id(project.name()),
          project.display_name(),
          status_label(project.status()),
          project.has_total_investment() ? money_label(project.total_investment()) : "",
          place_label(project.location()),
          project.industry(),
          timestamp_label(project.update_time())};
}

std::string resource_id(const std::string& name) {
  const std::size_t slash = name.rfind('/');
  return slash == std::string::npos ? name : name.substr(slash + 1);
}

}  // namespace investtrack::client
