// How the register writes a date and an amount: ISO date text and exact NUMERIC text. Some store
// results carry them in that form (a report's totals, an event's date), so the API reads them with
// these too; a header without libpqxx, unlike project_rows.h.
#pragma once

#include <chrono>
#include <string>

#include "investtrack/v1/project.pb.h"

namespace investtrack::store::rows {

// 2023-10-24; a month or day of 0 counts as the first; an impossible day is clamped to the month's
// last. Empty when the year is 0 (unknown).
std::string to_iso_date(const v1::CivilDate& date);
// 2023-10-24, for a day already known to be whole and valid.
std::string to_iso_date(const std::chrono::year_month_day& day);
v1::CivilDate from_iso_date(const std::string& iso);

// Money <-> NUMERIC text, exact (never through floating point).
std::string money_to_decimal(const v1::Money& money);
v1::Money decimal_to_money(const std::string& decimal, const std::string& currency_code);

}  // namespace investtrack::store::rows
