// Conversions between register rows and the proto messages, shared by the store's operations.
// Internal to server/store (it reads libpqxx rows); dates and amounts as text are stored_values.h.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <pqxx/pqxx>

#include "investtrack/v1/project.pb.h"
#include "project_table.h"
#include "stored_values.h"

namespace investtrack::store::rows {

// A text[] literal ({"a","b"}) for a $n::text[] parameter; quotes and backslashes escaped.
std::string to_array_literal(const std::vector<std::string>& values);
std::vector<std::string> from_array(const pqxx::field& field);

// Proto JSON with the proto field names (what the jsonb columns hold).
std::string to_json(const google::protobuf::Message& message);
// Throws StoreError kInternal when stored JSON does not parse (a schema drift, not caller input).
void from_json(const std::string& json, google::protobuf::Message* message);

// An observation's fields from its two columns (INVESTTRACK_OBSERVATION_FIELDS): the protobuf
// bytes when present, else the JSON. Throws StoreError kInternal when neither parses.
void observation_fields(const pqxx::field& bytes, const pqxx::field& json, v1::Project* fields);

// Throws StoreError kInternal unless the row has exactly `columns` columns (a statement and its
// reader out of step), as libpqxx 7's row.as<T...>() does.
void expect_columns(const pqxx::row& row, std::size_t columns, std::string_view what);

// A project as reads return it (sql::kProjectColumns, table::kReadCount columns), as a resource
// with its name.
struct ProjectRow {
  v1::Project project;
  std::vector<std::string> manual_fields;
  std::string status_date;  // ISO date or empty
  std::int64_t version = 0;
};
// The row must hold the project's columns followed by exactly `trailing` others (a listing's
// sort value, the change feed's change columns).
ProjectRow project_from_row(const pqxx::row& row, std::size_t trailing = 0);

// Project writes (sql::kInsertFoldedProjects, sql::kWriteProjects): one element per project in
// each of the table's table::kInputCount array parameters.
class ProjectWrites {
 public:
  // Every written column from `project`. bump: whether this is a visible change (version,
  // update time, watchers); flag_for_review sets needs_review (never clears it).
  void add(const std::string& id, const v1::Project& project, const std::string& status_date,
           const std::vector<std::string>& manual_fields, bool flag_for_review, bool bump);
  bool empty() const { return columns_[0].empty(); }
  // The array parameters, in the table's order, appended to `out`.
  void append_parameters(std::vector<std::string>& out) const;

 private:
  std::array<std::vector<std::string>, table::kInputCount> columns_;
};

// The composite (jsonb) fields of a project as one JSON object (the composite input), and as
// serialized protobuf bytes (the composite_pb column).
std::string composite_json(const v1::Project& project);
std::string composite_bytes(const v1::Project& project);
// Bytes in bytea's hex input form (\x0a1b...), for bytea values inside an array literal.
std::string bytea_hex(const std::string& bytes);

}  // namespace investtrack::store::rows
