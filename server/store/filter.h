// A small typed filter language for list_projects. The API layer parses AIP-160 text into this
// tree; the store turns it into a parameterised SQL condition. Field names and operators are
// closed enums, so no caller text ever reaches the SQL except as a bound parameter.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "investtrack/v1/project.pb.h"

namespace investtrack::store {

enum class FilterField {
  kStatus,           // ProjectStatus value: = !=
  kProvince,         // text: = != : (contains)
  kCity,             // text: = != :
  kCounty,           // text: = != :
  kZone,             // text: = != :
  kDivisionCode,     // digits: = != ; ':' is a prefix match (GB/T 2260 codes nest by prefix)
  kIndustry,         // text: = != :
  kLevel,            // text: = != :
  kOrganization,     // text: = (some organization equals) ':' (some organization contains)
  kDisplayName,      // text: = != ; ':' contains, also over aliases
  kTotalInvestment,  // decimal string in currency units: = != < <= > >=
  kCreateTime,       // RFC 3339 timestamp: = != < <= > >=
  kUpdateTime,       // RFC 3339 timestamp: = != < <= > >=
  kNeedsReview,      // bool: = !=
  kParent,           // text, projects/{id} of a phase's project or "": = != :
};

enum class FilterOp { kEq, kNe, kLt, kLe, kGt, kGe, kHas };

// How a field's value is written: the API parses filter text by it, the store binds and compares
// by it. kProjectName is projects/{id} or "" (compared as text).
enum class FilterValueType { kStatus, kText, kDigits, kDecimal, kTimestamp, kBool, kProjectName };

// One filter field: the one place its API names, value type and SQL column are written. Adding a
// field is an enum value above and a row in filter_fields() (filter.cc).
struct FilterFieldSpec {
  FilterField field;
  std::string_view name;   // as the API spells it
  std::string_view alias;  // a second spelling the API accepts (location.city), or ""
  FilterValueType type;
  std::string_view column;  // SQL expression; a constant, never caller text
};

// Every field, in FilterField order.
std::span<const FilterFieldSpec> filter_fields();
const FilterFieldSpec& filter_field(FilterField field);

// Exactly one of the members is meaningful, chosen by the field's type (see FilterField).
struct FilterValue {
  std::string text;  // text, decimal and timestamp fields
  v1::ProjectStatus status = v1::PROJECT_STATUS_UNSPECIFIED;
  bool boolean = false;

  static FilterValue of_text(std::string value);
  static FilterValue of_status(v1::ProjectStatus value);
  static FilterValue of_bool(bool value);
};

struct FilterExpr {
  enum class Kind { kComparison, kAnd, kOr, kNot };
  Kind kind = Kind::kComparison;
  // kComparison
  FilterField field = FilterField::kStatus;
  FilterOp op = FilterOp::kEq;
  FilterValue value;
  // kAnd / kOr: two or more; kNot: exactly one.
  std::vector<FilterExpr> children;

  static FilterExpr compare(FilterField field, FilterOp op, FilterValue value);
  static FilterExpr all_of(std::vector<FilterExpr> children);
  static FilterExpr any_of(std::vector<FilterExpr> children);
  static FilterExpr negate(FilterExpr child);
};

// The SQL condition and its parameters. Parameters are numbered from first_parameter, so the
// condition can be combined with other bound values in one statement.
struct SqlCondition {
  std::string sql;
  std::vector<std::string> parameters;
};

// Throws StoreError kInvalidArgument naming the problem when an operator does not apply to the
// field or a value has the wrong form (e.g. "abc" for total_investment).
SqlCondition to_sql_condition(const FilterExpr& filter, int first_parameter);

// The register's name for a status (also the database's): under_construction, ...
std::string status_key(v1::ProjectStatus status);
// The inverse; PROJECT_STATUS_UNSPECIFIED for an unknown key.
v1::ProjectStatus status_from_key(std::string_view key);

// The value forms a filter accepts, shared by the API's parser and the SQL builder so both agree:
// a decimal number (-12.5) and an RFC 3339 timestamp with an offset, fields range-checked.
bool is_decimal_literal(std::string_view text);
bool is_rfc3339_timestamp(std::string_view text);
// An RFC 3339 timestamp as the same instant in UTC ("2023-03-01T22:59:00Z"), or nothing when it is
// none: a day the month does not have (2023-02-30), a field out of range, a year outside 1-9999.
// Any offset RFC 3339 allows (up to ±23:59) is taken; PostgreSQL itself reads only up to ±15:59,
// so values always reach it in UTC.
std::optional<std::string> rfc3339_as_utc(std::string_view text);

}  // namespace investtrack::store
