#include "stored_values.h"

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string_view>

namespace investtrack::store::rows {
namespace {

constexpr int kNanosPerUnit = 1'000'000'000;
constexpr int kFractionDigits = 9;

}  // namespace

std::string to_iso_date(const v1::CivilDate& date) {
  if (date.year() <= 0 || date.year() > 9999) return {};
  const unsigned month = date.month() >= 1 && date.month() <= 12 ? date.month() : 1;
  // A day without its month means nothing; take the month's first.
  unsigned day = month == static_cast<unsigned>(date.month()) && date.day() >= 1 && date.day() <= 31
                     ? date.day()
                     : 1;
  const std::chrono::year_month_day_last last{std::chrono::year{date.year()} /
                                              std::chrono::month{month} / std::chrono::last};
  if (day > static_cast<unsigned>(last.day())) day = static_cast<unsigned>(last.day());
  return to_iso_date(std::chrono::year_month_day{std::chrono::year{date.year()},
                                                 std::chrono::month{month}, std::chrono::day{day}});
}

std::string to_iso_date(const std::chrono::year_month_day& day) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(day.year()),
                static_cast<unsigned>(day.month()), static_cast<unsigned>(day.day()));
  return buffer;
}

v1::CivilDate from_iso_date(const std::string& iso) {
  v1::CivilDate date;
  int year = 0;
  int month = 0;
  int day = 0;
  if (std::sscanf(iso.c_str(), "%d-%d-%d", &year, &month, &day) == 3) {
    date.set_year(year);
    date.set_month(month);
    date.set_day(day);
  }
  return date;
}

std::string money_to_decimal(const v1::Money& money) {
  const bool negative = money.units() < 0 || money.nanos() < 0;
  const std::uint64_t units = money.units() < 0 ? 0 - static_cast<std::uint64_t>(money.units())
                                                : static_cast<std::uint64_t>(money.units());
  const int nanos = money.nanos() < 0 ? -money.nanos() : money.nanos();
  char fraction[16];
  std::snprintf(fraction, sizeof fraction, "%09d", nanos % kNanosPerUnit);
  return (negative ? "-" : "") + std::to_string(units) + "." + fraction;
}

v1::Money decimal_to_money(const std::string& decimal, const std::string& currency_code) {
  v1::Money money;
  money.set_currency_code(currency_code);
  std::string_view text = decimal;
  const bool negative = !text.empty() && text.front() == '-';
  if (negative) text.remove_prefix(1);
  const std::size_t dot = text.find('.');
  const std::string_view whole = text.substr(0, dot);
  std::string fraction(dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1));
  fraction.resize(kFractionDigits, '0');
  std::int64_t units = 0;
  for (char c : whole) units = units * 10 + (c - '0');
  const int nanos = std::stoi(fraction);
  money.set_units(negative ? -units : units);
  money.set_nanos(negative ? -nanos : nanos);
  return money;
}

}  // namespace investtrack::store::rows
