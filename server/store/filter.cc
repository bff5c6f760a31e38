#include "filter.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <utility>

#include "store_error.h"

namespace investtrack::store {
namespace {

// Deeper trees than this are refused rather than risking the stack on hostile input.
constexpr int kMaxDepth = 32;
constexpr std::size_t kMaxDivisionCodeDigits = 12;

using ValueType = FilterValueType;

std::string_view op_sql(FilterOp op) {
  switch (op) {
    case FilterOp::kEq:
      return "=";
    case FilterOp::kNe:
      return "<>";
    case FilterOp::kLt:
      return "<";
    case FilterOp::kLe:
      return "<=";
    case FilterOp::kGt:
      return ">";
    case FilterOp::kGe:
      return ">=";
    case FilterOp::kHas:
      return ":";
  }
  return "=";
}

std::string_view op_name(FilterOp op) { return op == FilterOp::kNe ? "!=" : op_sql(op); }

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// GB/T 2260 codes give two digits each to province, city and county.
bool is_division_level_prefix(std::size_t digits) {
  return digits == 2 || digits == 4 || digits == 6;
}

}  // namespace

bool is_decimal_literal(std::string_view s) {
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  std::size_t digits = 0;
  while (i < s.size() && is_digit(s[i])) ++i, ++digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && is_digit(s[i])) ++i, ++digits;
  }
  return digits > 0 && i == s.size();
}

namespace {

bool digits_at(std::string_view s, std::size_t pos, std::size_t count) {
  if (pos + count > s.size()) return false;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (!is_digit(s[i])) return false;
  }
  return true;
}

}  // namespace

// RFC 3339 date-time with a mandatory offset; fields range-checked.
std::optional<std::string> rfc3339_as_utc(std::string_view s) {
  if (!is_rfc3339_timestamp(s)) return std::nullopt;
  namespace chrono = std::chrono;
  const auto number = [&](std::size_t at, std::size_t n) {
    int value = 0;
    for (std::size_t i = at; i < at + n; ++i) value = value * 10 + (s[i] - '0');
    return value;
  };
  // The calendar decides which days exist (2023-02-30 does not).
  const chrono::year_month_day date{chrono::year{number(0, 4)},
                                    chrono::month{static_cast<unsigned>(number(5, 2))},
                                    chrono::day{static_cast<unsigned>(number(8, 2))}};
  if (!date.ok()) return std::nullopt;
  std::size_t i = 19;
  std::string_view fraction;
  if (s[i] == '.') {
    const std::size_t start = ++i;
    while (i < s.size() && is_digit(s[i])) ++i;
    fraction = s.substr(start, i - start);
  }
  chrono::seconds offset{0};
  if (s[i] == '+' || s[i] == '-') {
    offset = chrono::hours{number(i + 1, 2)} + chrono::minutes{number(i + 4, 2)};
    if (s[i] == '-') offset = -offset;
  }
  const chrono::sys_seconds utc = chrono::sys_days{date} + chrono::hours{number(11, 2)} +
                                  chrono::minutes{number(14, 2)} + chrono::seconds{number(17, 2)} -
                                  offset;
  const chrono::sys_days utc_day = chrono::floor<chrono::days>(utc);
  const chrono::year_month_day utc_date{utc_day};
  const chrono::hh_mm_ss<chrono::seconds> time{utc - utc_day};
  const int utc_year = static_cast<int>(utc_date.year());
  if (utc_year < 1 || utc_year > 9999) return std::nullopt;
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02d", utc_year,
                static_cast<unsigned>(utc_date.month()), static_cast<unsigned>(utc_date.day()),
                static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
                static_cast<int>(time.seconds().count()));
  std::string out = buffer;
  if (!fraction.empty()) out += "." + std::string(fraction);
  return out + "Z";
}

bool is_rfc3339_timestamp(std::string_view s) {
  if (s.size() < 20 || !digits_at(s, 0, 4) || s[4] != '-' || !digits_at(s, 5, 2) || s[7] != '-' ||
      !digits_at(s, 8, 2) || (s[10] != 'T' && s[10] != 't') || !digits_at(s, 11, 2) ||
      s[13] != ':' || !digits_at(s, 14, 2) || s[16] != ':' || !digits_at(s, 17, 2)) {
    return false;
  }
  const auto two = [&](std::size_t at) { return (s[at] - '0') * 10 + (s[at + 1] - '0'); };
  if (two(5) < 1 || two(5) > 12 || two(8) < 1 || two(8) > 31 || two(11) > 23 || two(14) > 59 ||
      two(17) > 60) {
    return false;
  }
  std::size_t i = 19;
  if (i < s.size() && s[i] == '.') {
    const std::size_t start = ++i;
    while (i < s.size() && is_digit(s[i])) ++i;
    if (i == start) return false;
  }
  if (i < s.size() && (s[i] == 'Z' || s[i] == 'z')) return i + 1 == s.size();
  return i + 6 == s.size() && (s[i] == '+' || s[i] == '-') && digits_at(s, i + 1, 2) &&
         s[i + 3] == ':' && digits_at(s, i + 4, 2) && two(i + 1) <= 23 && two(i + 4) <= 59;
}

namespace {

std::string escape_like(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  for (char c : text) {
    if (c == '\\' || c == '%' || c == '_') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

[[noreturn]] void invalid(const std::string& message) {
  throw StoreError(StoreErrorCode::kInvalidArgument, message);
}

class ConditionBuilder {
 public:
  explicit ConditionBuilder(int first_parameter) : next_parameter_(first_parameter) {}

  std::string build(const FilterExpr& expr, int depth) {
    if (depth > kMaxDepth) invalid("the filter is nested too deeply");
    switch (expr.kind) {
      case FilterExpr::Kind::kComparison:
        return comparison(expr);
      case FilterExpr::Kind::kNot:
        if (expr.children.size() != 1) invalid("NOT takes exactly one operand");
        return "(NOT " + build(expr.children.front(), depth + 1) + ")";
      case FilterExpr::Kind::kAnd:
      case FilterExpr::Kind::kOr: {
        if (expr.children.empty()) invalid("AND/OR needs operands");
        const std::string_view joiner = expr.kind == FilterExpr::Kind::kAnd ? " AND " : " OR ";
        std::string sql = "(";
        for (std::size_t i = 0; i < expr.children.size(); ++i) {
          if (i > 0) sql += joiner;
          sql += build(expr.children[i], depth + 1);
        }
        return sql + ")";
      }
    }
    invalid("unknown filter node");
  }

  std::vector<std::string> take_parameters() { return std::move(parameters_); }

 private:
  std::string bind(std::string value) {
    parameters_.push_back(std::move(value));
    return "$" + std::to_string(next_parameter_++);
  }

  std::string comparison(const FilterExpr& expr) {
    const FilterFieldSpec& field = filter_field(expr.field);
    const std::string column(field.column);
    const bool ordering = expr.op == FilterOp::kLt || expr.op == FilterOp::kLe ||
                          expr.op == FilterOp::kGt || expr.op == FilterOp::kGe;
    const auto refuse = [&]() {
      invalid("operator " + std::string(op_name(expr.op)) + " does not apply to " +
              std::string(field.name));
    };
    const std::string& text = expr.value.text;

    switch (field.type) {
      case ValueType::kStatus: {
        if (ordering || expr.op == FilterOp::kHas) refuse();
        if (expr.value.status == v1::PROJECT_STATUS_UNSPECIFIED ||
            !v1::ProjectStatus_IsValid(expr.value.status)) {
          invalid("status needs a status value such as UNDER_CONSTRUCTION");
        }
        return "(" + column + " " + std::string(op_sql(expr.op)) + " " +
               bind(status_key(expr.value.status)) + ")";
      }
      case ValueType::kBool: {
        if (ordering || expr.op == FilterOp::kHas) refuse();
        return "(" + column + " " + std::string(op_sql(expr.op)) + " " +
               bind(expr.value.boolean ? "true" : "false") + "::boolean)";
      }
      case ValueType::kDecimal:
      case ValueType::kTimestamp: {
        if (expr.op == FilterOp::kHas) refuse();
        const bool decimal = field.type == ValueType::kDecimal;
        const std::optional<std::string> utc = decimal ? std::nullopt : rfc3339_as_utc(text);
        if (decimal ? !is_decimal_literal(text) : !utc) {
          invalid(std::string(field.name) + " needs " +
                  (decimal ? "a decimal number" : "an RFC 3339 timestamp") + ", not \"" + text +
                  "\"");
        }
        return "(" + column + " " + std::string(op_sql(expr.op)) + " " +
               bind(decimal ? text : *utc) + (decimal ? "::numeric)" : "::timestamptz)");
      }
      case ValueType::kDigits: {
        if (ordering) refuse();
        if (text.empty() || text.size() > kMaxDivisionCodeDigits ||
            !std::all_of(text.begin(), text.end(), is_digit)) {
          invalid(std::string(field.name) + " needs digits, not \"" + text + "\"");
        }
        if (expr.op == FilterOp::kHas) {
          // A province, city or county prefix is compared as left(code, n), which has an index
          // with the default page order (0005_division_prefix_indexes.sql): a LIKE range
          // covers many codes, so its rows had to be read in full and sorted for every page.
          if (is_division_level_prefix(text.size())) {
            return "(left(" + column + ", " + std::to_string(text.size()) + ") = " + bind(text) +
                   ")";
          }
          // Other lengths: text_pattern_ops index. Digits need no LIKE escaping.
          return "(" + column + " LIKE " + bind(text + "%") + ")";
        }
        return "(" + column + " " + std::string(op_sql(expr.op)) + " " + bind(text) + ")";
      }
      case ValueType::kText:
      case ValueType::kProjectName:
        break;
    }

    if (ordering) refuse();
    if (expr.field == FilterField::kOrganization) {
      if (expr.op == FilterOp::kEq) return "(" + bind(text) + " = ANY(" + column + "))";
      if (expr.op == FilterOp::kNe) return "(NOT (" + bind(text) + " = ANY(" + column + ")))";
      return "EXISTS (SELECT 1 FROM unnest(" + column + ") AS o(v) WHERE o.v ILIKE " +
             bind("%" + escape_like(text) + "%") + ")";
    }
    if (expr.op == FilterOp::kHas) {
      const std::string pattern = bind("%" + escape_like(text) + "%");
      if (expr.field == FilterField::kDisplayName) {
        return "(" + column + " ILIKE " + pattern +
               " OR EXISTS (SELECT 1 FROM unnest(p.aliases) AS a(v) WHERE a.v ILIKE " + pattern +
               "))";
      }
      return "(" + column + " ILIKE " + pattern + ")";
    }
    return "(" + column + " " + std::string(op_sql(expr.op)) + " " + bind(text) + ")";
  }

  int next_parameter_;
  std::vector<std::string> parameters_;
};

}  // namespace

std::span<const FilterFieldSpec> filter_fields() {
  using F = FilterField;
  using T = FilterValueType;
  static constexpr FilterFieldSpec kFields[] = {
      {F::kStatus, "status", "", T::kStatus, "p.status"},
      {F::kProvince, "province", "location.province", T::kText, "p.province"},
      {F::kCity, "city", "location.city", T::kText, "p.city"},
      {F::kCounty, "county", "location.county", T::kText, "p.county"},
      {F::kZone, "zone", "location.zone", T::kText, "p.zone"},
      {F::kDivisionCode, "division_code", "location.division_code", T::kDigits, "p.division_code"},
      {F::kIndustry, "industry", "", T::kText, "p.industry"},
      {F::kLevel, "level", "", T::kText, "p.level"},
      {F::kOrganization, "organization", "organizations", T::kText, "p.organizations"},
      {F::kDisplayName, "display_name", "", T::kText, "p.display_name"},
      {F::kTotalInvestment, "total_investment", "", T::kDecimal, "p.total_investment"},
      {F::kCreateTime, "create_time", "", T::kTimestamp, "p.create_time"},
      {F::kUpdateTime, "update_time", "", T::kTimestamp, "p.update_time"},
      {F::kNeedsReview, "needs_review", "", T::kBool, "p.needs_review"},
      {F::kParent, "parent", "", T::kProjectName, "COALESCE('projects/' || p.parent_id, '')"},
  };
  static_assert(
      [] {
        for (std::size_t i = 0; i < std::size(kFields); ++i) {
          if (static_cast<std::size_t>(kFields[i].field) != i) return false;
        }
        return true;
      }(),
      "filter_fields() rows follow FilterField order");
  return kFields;
}

const FilterFieldSpec& filter_field(FilterField field) {
  return filter_fields()[static_cast<std::size_t>(field)];
}

FilterValue FilterValue::of_text(std::string value) {
  FilterValue v;
  v.text = std::move(value);
  return v;
}

FilterValue FilterValue::of_status(v1::ProjectStatus value) {
  FilterValue v;
  v.status = value;
  return v;
}

FilterValue FilterValue::of_bool(bool value) {
  FilterValue v;
  v.boolean = value;
  return v;
}

FilterExpr FilterExpr::compare(FilterField field, FilterOp op, FilterValue value) {
  FilterExpr e;
  e.kind = Kind::kComparison;
  e.field = field;
  e.op = op;
  e.value = std::move(value);
  return e;
}

FilterExpr FilterExpr::all_of(std::vector<FilterExpr> children) {
  FilterExpr e;
  e.kind = Kind::kAnd;
  e.children = std::move(children);
  return e;
}

FilterExpr FilterExpr::any_of(std::vector<FilterExpr> children) {
  FilterExpr e;
  e.kind = Kind::kOr;
  e.children = std::move(children);
  return e;
}

FilterExpr FilterExpr::negate(FilterExpr child) {
  FilterExpr e;
  e.kind = Kind::kNot;
  e.children.push_back(std::move(child));
  return e;
}

SqlCondition to_sql_condition(const FilterExpr& filter, int first_parameter) {
  ConditionBuilder builder(first_parameter);
  SqlCondition condition;
  condition.sql = builder.build(filter, 0);
  condition.parameters = builder.take_parameters();
  return condition;
}

std::string status_key(v1::ProjectStatus status) {
  if (!v1::ProjectStatus_IsValid(status)) return "unspecified";
  std::string name = v1::ProjectStatus_Name(status);
  constexpr std::string_view kPrefix = "PROJECT_STATUS_";
  if (name.rfind(kPrefix, 0) == 0) name.erase(0, kPrefix.size());
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return name;
}

v1::ProjectStatus status_from_key(std::string_view key) {
  std::string name = "PROJECT_STATUS_";
  for (char c : key) name.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  v1::ProjectStatus status = v1::PROJECT_STATUS_UNSPECIFIED;
  if (!v1::ProjectStatus_Parse(name, &status)) return v1::PROJECT_STATUS_UNSPECIFIED;
  return status;
}

}  // namespace investtrack::store
