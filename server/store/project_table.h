// A project row, declared once: every column of `projects` the store reads or writes, and every
// value a project write sends. The SELECT list, the writes' unnest, the INSERT and UPDATE lists
// (composed in sql_statements.h) and the positions project_from_row reads and
// ProjectWrites::add fills (project_rows.cc) all follow this table. To add a column, see "How to
// add a project column" in docs/architecture.md.
#pragma once

#include <array>
#include <cstddef>
#include <stdexcept>
#include <string_view>

namespace investtrack::store::table {

// Stands for the column itself: p.<name> in a read, u.<name> (its parameter) in an insert, and
// in an update whatever the insert stores.
inline constexpr std::string_view kSame = "=";
// A timestamp column read as microseconds since the epoch (bigint).
inline constexpr std::string_view kMicros = "micros";
// The composite fields' JSON (kCompositeFields), read only when composite_pb does not hold them.
inline constexpr std::string_view kCompositeJson = "composite JSON";

struct ProjectColumn {
  // The projects column; for an input that fills no column of its own (composite, bump), the
  // input's name.
  std::string_view name;
  // Its SELECT expression over `projects p`; empty: reads do not return it.
  std::string_view read = kSame;
  // The element type of its array parameter in a project write (element i of each array is one
  // project; arrays inside travel as array literals, absent values as ''); empty: no parameter.
  std::string_view input = "text";
  // What inserting a new project stores in the column, over the write's row `u`; empty: the
  // column's default.
  std::string_view insert = kSame;
  // What writing an existing project sets the column to, over `u` and the row as it was, `p`;
  // empty: left as it is.
  std::string_view update = kSame;
};

// A column the store reads and never writes.
constexpr ProjectColumn read_only(std::string_view name, std::string_view read = kSame) {
  return ProjectColumn{name, read, "", "", ""};
}

// Order is free: SELECT lists, parameters and the readers follow it.
inline constexpr ProjectColumn kProjectColumns[] = {
    {.name = "id", .update = ""},
    // Text columns: read as they are, written from a text parameter of the same name.
    {"display_name"},
    {"province"},
    {"city"},
    {"county"},
    {"zone"},
    {"division_code"},
    {"industry"},
    {"currency_code"},
    {"level"},
    {"project_code"},
    {"status"},
    {"status_phrase"},
    {.name = "name_key", .read = ""},
    {.name = "aliases", .insert = "u.aliases::text[]"},
    {.name = "organizations", .insert = "u.organizations::text[]"},
    {.name = "organization_keys", .read = "", .insert = "u.organization_keys::text[]"},
    {.name = "manual_fields", .insert = "u.manual_fields::text[]"},
    {.name = "total_investment",
     .read = "p.total_investment::text",
     .insert = "NULLIF(u.total_investment, '')::numeric"},
    {.name = "status_date",
     .read = "p.status_date::text",
     .insert = "NULLIF(u.status_date, '')::date"},
    {.name = "ceremony", .input = "boolean"},
    // One JSON object of the composite fields (absent keys store NULL), each written to its
    // jsonb column, read back as one.
    {.name = "composite", .read = kCompositeJson, .insert = "", .update = ""},
    // The same fields as protobuf bytes (bytea's hex form inside the array literal), which reads
    // parse much faster than the JSON.
    {.name = "composite_pb", .input = "bytea"},
    // A write may flag a project for review, never clear the flag.
    {.name = "needs_review",
     .read = "",
     .input = "boolean",
     .update = "p.needs_review OR u.needs_review"},
    // 1 when a write is a visible change (new version and update time, a change for watchers).
    {.name = "bump", .read = "", .input = "int", .insert = "", .update = ""},
    {.name = "version", .input = "", .insert = "", .update = "p.version + u.bump"},
    {.name = "update_time",
     .read = kMicros,
     .input = "",
     .insert = "",
     .update = "CASE WHEN u.bump > 0 THEN clock_timestamp() ELSE p.update_time END"},
    read_only("create_time", kMicros),
    read_only("delete_time", kMicros),
    read_only("etag"),
    read_only("parent_id"),
};

// The composite fields: jsonb columns of these names, filled from the keys of the same names of
// the composite input.
inline constexpr std::array<std::string_view, 8> kCompositeFields = {
    "capacities", "total_investment_amount",
    "amounts",    "floor_area",
    "land_area",  "key_dates",
    "phases",     "evidence"};

namespace detail {

// How many columns have `part` (read or input) set, and the position of `name` among them.
consteval std::size_t count(std::string_view ProjectColumn::*part) {
  std::size_t n = 0;
  for (const ProjectColumn& column : kProjectColumns) n += (column.*part).empty() ? 0 : 1;
  return n;
}
consteval std::size_t position(std::string_view ProjectColumn::*part, std::string_view name) {
  std::size_t at = 0;
  for (const ProjectColumn& column : kProjectColumns) {
    if (column.name == name) {
      if ((column.*part).empty()) throw std::logic_error("the column is not read / no parameter");
      return at;
    }
    if (!(column.*part).empty()) ++at;
  }
  throw std::logic_error("no such project column");
}

}  // namespace detail

// How many columns a project read returns, and how many parameters a project write takes.
inline constexpr std::size_t kReadCount = detail::count(&ProjectColumn::read);
inline constexpr std::size_t kInputCount = detail::count(&ProjectColumn::input);

// The position of `name` among the columns a read returns / of its parameter among a write's.
// A name the table does not have, or does not read / send, stops the compilation.
consteval std::size_t read_index(std::string_view name) {
  return detail::position(&ProjectColumn::read, name);
}
consteval std::size_t input_index(std::string_view name) {
  return detail::position(&ProjectColumn::input, name);
}

}  // namespace investtrack::store::table
