// Conversions between register rows and the proto messages, shared by the store's operations.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "investtrack/v1/project.pb.h"

namespace investtrack::store::rows {

// A text[] literal ({"a","b"}) for a $n::text[] parameter; quotes and backslashes escaped.
std::string to_array_literal(const std::vector<std::string>& values);
std::vector<std::string> from_array(const pqxx::field& field);

// 2023-10-24; a month or day of 0 counts as the first; an impossible day is clamped to the month's
// last. Empty when the year is 0 (unknown).
std::string to_iso_date(const v1::CivilDate& date);
v1::CivilDate from_iso_date(const std::string& iso);

// Money <-> NUMERIC text, exact (never through floating point).
std::string money_to_decimal(const v1::Money& money);
v1::Money decimal_to_money(const std::string& decimal, const std::string& currency_code);

// Proto JSON with the proto field names (what the jsonb columns hold).
std::string to_json(const google::protobuf::Message& message);
// Throws StoreError kInternal when stored JSON does not parse (a schema drift, not caller input).
void from_json(const std::string& json, google::protobuf::Message* message);

// An observation's fields from its two columns (INVESTTRACK_OBSERVATION_FIELDS): the protobuf
// bytes when present, else the JSON. Throws StoreError kInternal when neither parses.
void observation_fields(const pqxx::field& bytes, const pqxx::field& json, v1::Project* fields);

// The Project columns (INVESTTRACK_PROJECT_COLUMNS) of a row, as a resource with its name.
struct ProjectRow {
  v1::Project project;
  std::vector<std::string> manual_fields;
  std::string status_date;  // ISO date or empty
  std::int64_t version = 0;
};
ProjectRow project_from_row(const pqxx::row& row);

// The composite (jsonb) fields of a project as one JSON object, for kWriteProject's $15, and as
// serialized protobuf bytes, for its $25 (the composite_pb column).
std::string composite_json(const v1::Project& project);
std::string composite_bytes(const v1::Project& project);
// Bytes in bytea's hex input form (\x0a1b...), for bytea values inside an array literal.
std::string bytea_hex(const std::string& bytes);

}  // namespace investtrack::store::rows
