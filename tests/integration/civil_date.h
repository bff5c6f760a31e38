// A civil date of the API written as three numbers, for the tests that build bulletins and
// windows of days.
#pragma once

#include "investtrack/v1/project.pb.h"

namespace investtrack::testing {

inline v1::CivilDate civil(int year, int month, int day) {
  v1::CivilDate date;
  date.set_year(year);
  date.set_month(month);
  date.set_day(day);
  return date;
}

}  // namespace investtrack::testing
