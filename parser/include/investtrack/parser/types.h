// Value types shared by every stage of the parser and by its result.
// Plain structs on purpose: the parser is a pure library (no protobuf, no I/O);
// parser/proto/ maps these onto investtrack.v1 messages.
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace investtrack::parser {

// Byte range [begin, end) in some text; which text is said where a Span is used.
struct Span {
  std::size_t begin = 0;
  std::size_t end = 0;
  bool operator==(const Span&) const = default;
};

// A calendar date with its precision: month == 0 means year only, day == 0 means year and month.
struct CivilDate {
  int year = 0;
  int month = 0;
  int day = 0;
  // clang-tidy 14 takes the 0 a defaulted <=> compares with for a null pointer constant.
  // NOLINTNEXTLINE(modernize-use-nullptr)
  auto operator<=>(const CivilDate&) const = default;
  bool valid() const { return year > 0; }
};

// An exact decimal, laid out like google.type.Money: value = units + nanos / 1e9, both with the
// same sign. Money must never pass through floating point (一七二零 must not become 1719.999...).
struct Decimal {
  std::int64_t units = 0;
  std::int32_t nanos = 0;
  auto operator<=>(const Decimal&) const = default;
};

enum class ProjectStatus {
  kUnknown,
  kAnnounced,
  kSigned,
  kPreparing,
  kUnderConstruction,
  kCompleted,
  kOperating,
  kSuspended,
  kCancelled,
};

// How an amount's own words bound it: 约 -> kAbout, 逾/超/以上 -> kAtLeast, 近/不到 -> kAtMost.
enum class Qualifier { kExact, kAbout, kAtLeast, kAtMost };

// What an amount of money measures. Only kTotalInvestment fills Project::total_investment.
enum class AmountKind {
  kOther,
  kTotalInvestment,      // 总投资, 计划总投资, 投资(额)
  kAnnualInvestment,     // 年度投资, 年度计划投资
  kCompletedInvestment,  // 已完成投资, 累计完成投资
  kAnnualOutput,         // 年产值, 年销售收入, 营业收入
  kTax,                  // 税收, 利税
  kRegisteredCapital,    // 注册资本
};

struct MoneyAmount {
  std::string currency_code = "CNY";  // ISO 4217
  Decimal low;  // equal to high unless the text gave a range (3-5亿元, 数千万元)
  Decimal high;
  Qualifier qualifier = Qualifier::kExact;
  AmountKind kind = AmountKind::kOther;
  std::string text;  // the words it was read from, normalized
};

enum class QuantityKind { kCapacity, kFloorArea, kLandArea, kOther };

struct Quantity {
  double value = 0;  // capacities and areas are measurements, not money: double is fine here
  std::string
      unit;  // as written after normalization: GW, MW, 万吨, 吨, 平方米, 万平方米, 亩, 千瓦, ...
  QuantityKind kind = QuantityKind::kOther;
  std::string text;
};

struct Location {
  std::string province;       // full official names: 山西省
  std::string city;           // 长治市
  std::string county;         // 武乡县
  std::string zone;           // development zone / park, not an administrative division
  std::string division_code;  // GB/T 2260 code of the most specific division known
  bool empty() const { return province.empty() && city.empty() && county.empty() && zone.empty(); }
};

struct KeyDate {
  std::string
      kind;  // signed | construction_start | completion | expected_operation | expected_completion
  CivilDate date;
};

// Where a field came from: the whole sentence in the article's own writing and its byte offsets
// in the decoded (UTF-8) input text.
struct Evidence {
  std::string field;
  std::string sentence;
  Span span;
};

struct Phase {
  std::string name;  // 一期, 二期
  ProjectStatus status = ProjectStatus::kUnknown;
  std::vector<Quantity> capacities;
  std::optional<MoneyAmount> total_investment;
};

struct Project {
  std::string display_name;          // as the article writes it
  std::vector<std::string> aliases;  // other ways the same bulletin names it
  std::vector<std::string> organizations;
  Location location;
  std::string industry;  // photovoltaics, airport, food_processing, ...
  std::vector<Quantity> capacities;
  std::optional<MoneyAmount> total_investment;
  std::vector<MoneyAmount> amounts;  // every amount tied to the project, total included, typed
  std::optional<Quantity> floor_area;
  std::optional<Quantity> land_area;
  ProjectStatus status = ProjectStatus::kUnknown;
  std::string status_phrase;  // the words that decided the status
  bool ceremony = false;      // 奠基 / 开工仪式: construction flagged as a ceremony
  std::vector<KeyDate> dates;
  std::string level;  // 省级重点工程, 重大转型项目, 国家重点项目
  std::vector<Phase> phases;
  std::string project_code;  // 24-character national project code (GB/T 40058)
  int article_index = -1;
  std::vector<Evidence> evidence;
};

struct Warning {
  std::string code;     // UPPER_SNAKE_CASE, stable for scripts
  std::string message;  // English, says what was wrong
  std::size_t offset = 0;
};

}  // namespace investtrack::parser
