#include "value_format.h"

#include <google/protobuf/util/json_util.h>

#include <cctype>
#include <cstdint>
#include <cstdio>
#include <ctime>

namespace investtrack::client {
namespace {

// Nine-digit fraction without trailing zeros; empty when zero.
std::string fraction_digits(std::int32_t nanos) {
  if (nanos == 0) return "";
  std::string digits = std::to_string(nanos < 0 ? -static_cast<std::int64_t>(nanos) : nanos);
  digits.insert(0, 9 - digits.size(), '0');
  while (!digits.empty() && digits.back() == '0') digits.pop_back();
  return digits;
}

bool negative(const v1::Money& money) { return money.units() < 0 || money.nanos() < 0; }

std::string magnitude_units(const v1::Money& money) {
  const std::int64_t units = money.units();
  // Negating INT64_MIN overflows; its decimal text is known.
  if (units == INT64_MIN) return "9223372036854775808";
  return std::to_string(units < 0 ? -units : units);
}

std::string group_thousands(const std::string& digits) {
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

std::string money_decimal(const v1::Money& money) {
  std::string out = negative(money) ? "-" : "";
  out += magnitude_units(money);
  if (const std::string fraction = fraction_digits(money.nanos()); !fraction.empty())
    out += "." + fraction;
  return out;
}

std::string money_label(const v1::Money& money) {
  std::string out = negative(money) ? "-" : "";
  out += group_thousands(magnitude_units(money));
  if (const std::string fraction = fraction_digits(money.nanos()); !fraction.empty())
    out += "." + fraction;
  if (!money.currency_code().empty()) out += " " + money.currency_code();
  return out;
}

std::string amount_label(const v1::Amount& amount) {
  if (!amount.has_low() && !amount.has_high()) return "";
  const v1::Money& high = amount.has_high() ? amount.high() : amount.low();
  const v1::Money& low = amount.has_low() ? amount.low() : high;
  std::string label = money_label(high);
  if (low.units() != high.units() || low.nanos() != high.nanos()) {
    v1::Money bare = low;
    bare.clear_currency_code();
    label = money_label(bare) + "-" + label;
  }
  const bool exact = amount.qualifier() == v1::AMOUNT_QUALIFIER_EXACT ||
                     amount.qualifier() == v1::AMOUNT_QUALIFIER_UNSPECIFIED;
  if (!exact && !amount.text().empty()) label += " (" + amount.text() + ")";
  return label;
}

std::optional<v1::Money> parse_money(std::string_view text, std::string_view currency_code) {
  bool minus = false;
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
    minus = text.front() == '-';
    text.remove_prefix(1);
  }
  std::size_t scale = 0;
  constexpr std::string_view kWan = "万";
  constexpr std::string_view kYi = "亿";
  if (text.size() > kWan.size() && text.substr(text.size() - kWan.size()) == kWan) {
    scale = 4;
    text.remove_suffix(kWan.size());
  } else if (text.size() > kYi.size() && text.substr(text.size() - kYi.size()) == kYi) {
    scale = 8;
    text.remove_suffix(kYi.size());
  }
  const std::size_t point = text.find('.');
  const std::string_view whole = text.substr(0, point);
  const std::string_view fraction =
      point == std::string_view::npos ? std::string_view{} : text.substr(point + 1);
  if (whole.empty() || (point != std::string_view::npos && fraction.empty())) return std::nullopt;
  for (const char c : whole)
    if (!is_digit(c)) return std::nullopt;
  for (const char c : fraction)
    if (!is_digit(c)) return std::nullopt;

  // Shift the decimal point right by the 万/亿 scale, then split into units and nine nano digits.
  std::string digits = std::string(whole) + std::string(fraction);
  std::size_t units_length = whole.size() + scale;
  if (digits.size() < units_length) digits.append(units_length - digits.size(), '0');
  std::string units_text = digits.substr(0, units_length);
  std::string nanos_text = digits.substr(units_length);
  while (!nanos_text.empty() && nanos_text.back() == '0') nanos_text.pop_back();
  if (nanos_text.size() > 9) return std::nullopt;
  nanos_text.append(9 - nanos_text.size(), '0');
  const std::size_t first_significant = units_text.find_first_not_of('0');
  units_text = first_significant == std::string::npos ? "0" : units_text.substr(first_significant);
  // Up to 18 digits always fit in int64.
  if (units_text.size() > 18) return std::nullopt;

  v1::Money money;
  money.set_currency_code(std::string(currency_code));
  const std::int64_t units = std::stoll(units_text);
  const auto nanos = static_cast<std::int32_t>(std::stol(nanos_text));
  money.set_units(minus ? -units : units);
  money.set_nanos(minus ? -nanos : nanos);
  return money;
}

std::string enum_label(const std::string& name, std::string_view prefix) {
  if (name.rfind(prefix, 0) == 0) return name.substr(prefix.size());
  return name;
}

std::string status_label(v1::ProjectStatus status) {
  if (!v1::ProjectStatus_IsValid(status)) return std::to_string(static_cast<int>(status));
  return enum_label(v1::ProjectStatus_Name(status), "PROJECT_STATUS_");
}

std::optional<v1::ProjectStatus> parse_status(std::string_view text) {
  std::string name;
  for (const char c : text)
    name += c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (name.rfind("PROJECT_STATUS_", 0) != 0) name = "PROJECT_STATUS_" + name;
  v1::ProjectStatus status = v1::PROJECT_STATUS_UNSPECIFIED;
  if (!v1::ProjectStatus_Parse(name, &status) || status == v1::PROJECT_STATUS_UNSPECIFIED)
    return std::nullopt;
  return status;
}

std::string timestamp_label(const google::protobuf::Timestamp& time) {
  if (time.seconds() == 0 && time.nanos() == 0) return "";
  const auto seconds = static_cast<std::time_t>(time.seconds());
  std::tm utc{};
  if (gmtime_r(&seconds, &utc) == nullptr) return std::to_string(time.seconds());
  char buffer[32];
  const std::size_t length = std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return {buffer, length};
}

std::string civil_date_label(const v1::CivilDate& date) {
  if (date.year() == 0) return "";
  char buffer[32];
  if (date.month() == 0) {
    std::snprintf(buffer, sizeof buffer, "%04d", date.year());
  } else if (date.day() == 0) {
    std::snprintf(buffer, sizeof buffer, "%04d-%02d", date.year(), date.month());
  } else {
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", date.year(), date.month(), date.day());
  }
  return buffer;
}

std::optional<v1::CivilDate> parse_civil_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto number = [&](std::size_t begin, std::size_t length) {
    int value = 0;
    for (std::size_t i = begin; i < begin + length; ++i) {
      if (!is_digit(text[i])) return -1;
      value = value * 10 + (text[i] - '0');
    }
    return value;
  };
  const int y = number(0, 4), m = number(5, 2), d = number(8, 2);
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > kDays[m - 1] ||
      (m == 2 && d == 29 && !leap)) {
    return std::nullopt;
  }
  v1::CivilDate date;
  date.set_year(y);
  date.set_month(m);
  date.set_day(d);
  return date;
}

std::string place_label(const v1::Location& location) {
  std::string out = location.province() + location.city() + location.county();
  if (!location.zone().empty()) out += (out.empty() ? "" : " ") + location.zone();
  return out;
}

std::string join(const google::protobuf::RepeatedPtrField<std::string>& items,
                 std::string_view separator) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

std::string to_json(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  std::string json;
  // Printing a well-formed message cannot fail; an empty object is the safe fallback regardless.
  if (!google::protobuf::util::MessageToJsonString(message, &json, options).ok()) return "{}";
  return json;
}

}  // namespace investtrack::client
