// Dates in one sentence: full and partial calendar dates (2021年9月7日, 2023年1月, 2023-01-05,
// 二〇二三年十月), dates without a year (10月24日, 24日) placed at the nearest such day not after
// the base date, and words relative to the base date (明年, 今年以来, 年底前). Document numbers
// such as 晋政发〔2023〕5号 are not dates.
#include <algorithm>
#include <array>
#include <optional>
#include <string_view>
#include <vector>

#include "byte_match.h"
#include "investtrack/parser/numbers.h"

namespace investtrack::parser {
namespace {

constexpr int kMinYear = 1900;
constexpr int kMaxYear = 2100;

bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool word_at(std::string_view text, std::size_t pos, std::string_view word) {
  return word_at_fast(text, pos, word);
}

bool word_before(std::string_view text, std::size_t pos, std::string_view word) {
  return pos <= text.size() && text.substr(0, pos).ends_with(word);
}

bool is_leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
  static constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  return month == 2 && is_leap(year) ? 29 : kDays[month - 1];
}

bool valid_date(int year, int month, int day) {
  return year >= kMinYear && year <= kMaxYear && month >= 1 && month <= 12 && day >= 1 &&
         day <= days_in_month(year, month);
}

struct SmallNumber {
  int value = 0;
  std::size_t end = 0;
};

// A month or day number: one or two Arabic digits, or a Chinese numeral up to 三十一.
std::optional<SmallNumber> read_small_number(std::string_view text, std::size_t pos) {
  if (pos >= text.size()) return std::nullopt;
  if (is_ascii_digit(text[pos])) {
    std::size_t end = pos;
    int value = 0;
    while (end < text.size() && is_ascii_digit(text[end])) {
      if (end - pos == 2) return std::nullopt;
      value = value * 10 + (text[end] - '0');
      ++end;
    }
    return SmallNumber{value, end};
  }
  const char32_t first = decode_utf8_at(text, pos).value;
  if (chinese_digit_value(first) <= 0 && first != U'十') return std::nullopt;
  const auto number = read_number_at(text, pos);
  if (!number || number->value.nanos != 0 || number->value.units > 31 || number->has_magnitude()) {
    return std::nullopt;
  }
  return SmallNumber{static_cast<int>(number->value.units), number->end};
}

bool is_opening_bracket(char32_t c) {
  return c == U'〔' || c == U'[' || c == U'【' || c == U'(' || c == U'（' || c == U'［' ||
         c == U'〖';
}

bool is_closing_bracket(char32_t c) {
  return c == U'〕' || c == U']' || c == U'】' || c == U')' || c == U'）' || c == U'］' ||
         c == U'〗';
}

// 〔2023年〕12号, 公告2023年第12号, 2023年5号文: a year inside a document number.
bool year_is_document_number(std::string_view text, std::size_t year_begin,
                             std::size_t after_nian) {
  if (is_opening_bracket(code_point_before(text, year_begin).value) &&
      is_closing_bracket(decode_utf8_at(text, after_nian).value)) {
    return true;
  }
  std::size_t pos = after_nian;
  if (word_at(text, pos, "第")) pos += 3;
  const std::size_t digits_begin = pos;
  while (pos < text.size() && is_ascii_digit(text[pos])) ++pos;
  return pos > digits_begin && word_at(text, pos, "号");
}

struct Found {
  CivilDate date;
  std::size_t end = 0;
};

// Part-of-year words after a year (2024年上半年, 明年底, 今年三季度).
std::optional<Found> read_part_of_year(std::string_view text, std::size_t pos, int year) {
  struct Part {
    std::string_view word;
    int month;
  };
  static constexpr std::array<Part, 16> kParts{{
      {"年底前", 12},
      {"年底", 12},
      {"年末", 12},
      {"底前", 12},
      {"底", 12},
      {"末", 12},
      {"上半年", 6},
      {"下半年", 12},
      {"年中", 6},
      {"第一季度", 3},
      {"第二季度", 6},
      {"第三季度", 9},
      {"第四季度", 12},
      {"一季度", 3},
      {"二季度", 6},
      {"三季度", 9},
  }};
  for (const Part& p : kParts) {
    if (word_at(text, pos, p.word)) return Found{{year, p.month, 0}, pos + p.word.size()};
  }
  if (word_at(text, pos, "四季度")) return Found{{year, 12, 0}, pos + 9};
  return std::nullopt;
}

bool is_day_marker(std::string_view text, std::size_t pos) {
  return word_at(text, pos, "日") || word_at(text, pos, "号");
}

// After 月: 底/末/中旬... keep month precision; the span takes the word along.
std::size_t after_month_words(std::string_view text, std::size_t pos) {
  for (std::string_view w : {"底前", "底", "末", "上旬", "中旬", "下旬", "初"}) {
    if (word_at(text, pos, w)) return pos + w.size();
  }
  return pos;
}

// What follows a known year and its 年: month, day, or a part of the year. nullopt when the text
// names an impossible date (2023年13月, 2023年2月30日).
std::optional<Found> read_after_year(std::string_view text, std::size_t pos, int year) {
  if (const auto part = read_part_of_year(text, pos, year)) return part;
  const auto month = read_small_number(text, pos);
  if (!month || !word_at(text, month->end, "月")) return Found{{year, 0, 0}, pos};
  if (month->value < 1 || month->value > 12) return std::nullopt;
  const std::size_t after_month = month->end + 3;
  const auto day = read_small_number(text, after_month);
  if (day && is_day_marker(text, day->end)) {
    if (!valid_date(year, month->value, day->value)) return std::nullopt;
    return Found{{year, month->value, day->value}, day->end + 3};
  }
  return Found{{year, month->value, 0}, after_month_words(text, after_month)};
}

// The nearest month/day not after base (10月24日 on 2023-01-05 is 2022-10-24).
std::optional<CivilDate> resolve_month_day(int month, int day, const CivilDate& base) {
  if (!base.valid() || month < 1 || month > 12) return std::nullopt;
  int year = base.year;
  const bool after_base =
      base.month > 0 &&
      (month > base.month || (month == base.month && base.day > 0 && day > base.day));
  if (after_base) --year;
  if (day == 0) return CivilDate{year, month, 0};
  if (day < 1 || day > 31 || day > days_in_month(2000, month)) return std::nullopt;  // 2000: leap
  for (int tries = 0; tries < 8 && !valid_date(year, month, day); ++tries) --year;
  if (!valid_date(year, month, day)) return std::nullopt;
  return CivilDate{year, month, day};
}

// 24日 alone: the base's month when that day is not after base, else the month before.
std::optional<CivilDate> resolve_day(int day, const CivilDate& base) {
  if (!base.valid() || base.month == 0 || base.day == 0 || day < 1 || day > 31) return std::nullopt;
  int year = base.year;
  int month = base.month;
  auto previous_month = [&] {
    if (--month == 0) {
      month = 12;
      --year;
    }
  };
  if (day > base.day) previous_month();
  for (int tries = 0; tries < 3 && !valid_date(year, month, day); ++tries) previous_month();
  if (!valid_date(year, month, day)) return std::nullopt;
  return CivilDate{year, month, day};
}

bool preceded_by_numeral(std::string_view text, std::size_t pos) {
  const char32_t c = code_point_before(text, pos).value;
  if (c < 0x80) return c != 0 && is_ascii_digit(static_cast<char>(c));
  return chinese_digit_value(c) >= 0 || c == U'十' || c == U'百' || c == U'千' || c == U'几' ||
         c == U'数' || c == U'多' || c == U'半';
}

// The first characters of the relative words read_relative() knows (明年, 今年以来, 年底前,
// 上半年...).
constexpr bool starts_relative_word(char32_t first) {
  return first == U'明' || first == U'今' || first == U'去' || first == U'本' || first == U'年' ||
         first == U'上' || first == U'下';
}

class DateFinder {
 public:
  DateFinder(std::string_view sentence, const CivilDate& base) : s_(sentence), base_(base) {}

  // The characters outside ASCII a reading below may start at; at any other the scan only steps on.
  static bool may_start_date(char32_t c) {
    return chinese_digit_value(c) >= 0 || c == U'十' || starts_relative_word(c);
  }

  std::vector<DateMention> run() {
    static const CodePointFilter starts(may_start_date);
    starts.scan(s_, [&](std::size_t pos, const CodePoint& cp, std::size_t step) {
      std::size_t end = 0;
      if (cp.value < 0x80 && is_ascii_digit(static_cast<char>(cp.value))) {
        end = read_arabic(pos);
      } else if (chinese_digit_value(cp.value) >= 0 || cp.value == U'十') {
        end = read_chinese(pos);
      } else {
        end = read_relative(pos, cp.value);
      }
      return std::max(end, pos + step);
    });
    return std::move(found_);
  }

 private:
  void add(CivilDate date, std::size_t begin, std::size_t end, bool relative) {
    DateMention m;
    m.date = date;
    m.span = {begin, end};
    m.relative = relative;
    found_.push_back(m);
  }

  // Returns where scanning resumes; 0 (or anything <= pos) when nothing was consumed.
  std::size_t read_arabic(std::size_t pos) {
    if (pos > 0 && (is_ascii_digit(s_[pos - 1]) || is_ascii_letter(s_[pos - 1]) ||
                    s_[pos - 1] == '.' || s_[pos - 1] == '/')) {
      return 0;
    }
    std::size_t digits_end = pos;
    while (digits_end < s_.size() && is_ascii_digit(s_[digits_end])) ++digits_end;
    const std::size_t length = digits_end - pos;
    if (length == 4) return read_from_year_digits(pos, digits_end);
    if (length > 2) return digits_end;
    const int value = length == 1 ? s_[pos] - '0' : (s_[pos] - '0') * 10 + (s_[pos + 1] - '0');
    if (word_at(s_, digits_end, "月")) return read_month_day(pos, value, digits_end + 3);
    if (word_at(s_, digits_end, "日") && !word_at(s_, digits_end + 3, "产") &&
        !word_at(s_, digits_end + 3, "均")) {
      if (const auto date = resolve_day(value, base_)) add(*date, pos, digits_end + 3, false);
      return digits_end + 3;
    }
    return digits_end;
  }

  std::size_t read_from_year_digits(std::size_t pos, std::size_t digits_end) {
    int year = 0;
    for (std::size_t i = pos; i < digits_end; ++i) year = year * 10 + (s_[i] - '0');
    if (year < kMinYear || year > kMaxYear) return digits_end;
    if (word_at(s_, digits_end, "年")) {
      const std::size_t after_nian = digits_end + 3;
      if (year_is_document_number(s_, pos, after_nian)) return after_nian;
      const auto found = read_after_year(s_, after_nian, year);
      if (!found) return after_nian;
      add(found->date, pos, found->end, false);
      return found->end;
    }
    return read_separated(pos, digits_end, year);
  }

  // 2023-01-05, 2023.1.5, 2023/1/5: all three parts with one separator.
  std::size_t read_separated(std::size_t pos, std::size_t digits_end, int year) {
    if (digits_end >= s_.size()) return digits_end;
    const char sep = s_[digits_end];
    if (sep != '-' && sep != '.' && sep != '/') return digits_end;
    int parts[2] = {0, 0};
    std::size_t i = digits_end;
    for (int& part : parts) {
      if (i >= s_.size() || s_[i] != sep) return digits_end;
      const std::size_t begin = ++i;
      while (i < s_.size() && is_ascii_digit(s_[i]) && i - begin < 3) {
        part = part * 10 + (s_[i] - '0');
        ++i;
      }
      if (i == begin || i - begin > 2) return digits_end;
    }
    if (i < s_.size() && (is_ascii_digit(s_[i]) ||
                          (s_[i] == sep && i + 1 < s_.size() && is_ascii_digit(s_[i + 1])))) {
      return digits_end;
    }
    if (!valid_date(year, parts[0], parts[1])) return i;
    add({year, parts[0], parts[1]}, pos, i, false);
    return i;
  }

  std::size_t read_month_day(std::size_t pos, int month, std::size_t after_month) {
    const auto day = read_small_number(s_, after_month);
    const bool has_day = day && is_day_marker(s_, day->end);
    // 13月5日 is no date at all: its 5日 must not be read alone either.
    if (month < 1 || month > 12) return has_day ? day->end + 3 : after_month;
    if (has_day) {
      if (const auto date = resolve_month_day(month, day->value, base_)) {
        add(*date, pos, day->end + 3, false);
      }
      return day->end + 3;
    }
    if (const auto date = resolve_month_day(month, 0, base_)) {
      add(*date, pos, after_month_words(s_, after_month), false);
    }
    return after_month;
  }

  // 二〇二三年十月二十四日 (positional year) or 十月二十四日 (needs the day: 三月 alone is too
  // weak).
  std::size_t read_chinese(std::size_t pos) {
    if (preceded_by_numeral(s_, pos)) return 0;
    int year = 0;
    std::size_t i = pos;
    int digits = 0;
    while (digits < 4 && i < s_.size()) {
      const CodePoint cp = decode_utf8_at(s_, i);
      const int d = chinese_digit_value(cp.value);
      if (d < 0 || cp.value == U'两') break;
      year = year * 10 + d;
      i += cp.length;
      ++digits;
    }
    if (digits == 4 && word_at(s_, i, "年") && year >= kMinYear && year <= kMaxYear) {
      const std::size_t after_nian = i + 3;
      if (year_is_document_number(s_, pos, after_nian)) return after_nian;
      const auto found = read_after_year(s_, after_nian, year);
      if (!found) return after_nian;
      add(found->date, pos, found->end, false);
      return found->end;
    }
    const auto month = read_small_number(s_, pos);
    if (!month || !word_at(s_, month->end, "月")) return 0;
    const std::size_t after_month = month->end + 3;
    const auto day = read_small_number(s_, after_month);
    if (!day || !is_day_marker(s_, day->end)) return 0;
    if (const auto date = resolve_month_day(month->value, day->value, base_)) {
      add(*date, pos, day->end + 3, false);
    }
    return day->end + 3;
  }

  // 明年, 今年(以来), 去年, 本年(度), 年底(前), 年内, 上半年, 下半年.
  std::size_t read_relative(std::size_t pos, char32_t first) {
    if (!base_.valid()) return 0;
    if (!starts_relative_word(first)) return 0;
    struct YearWord {
      std::string_view word;
      int offset;
    };
    static constexpr std::array<YearWord, 4> kYearWords{{
        {"明年", 1},
        {"今年", 0},
        {"去年", -1},
        {"本年", 0},
    }};
    for (const YearWord& w : kYearWords) {
      if (!word_at(s_, pos, w.word)) continue;
      const int year = base_.year + w.offset;
      std::size_t end = pos + w.word.size();
      if (word_at(s_, end, "以来")) {
        add({year, 0, 0}, pos, end + 6, true);
        return end + 6;
      }
      if (word_at(s_, end, "度")) end += 3;
      const auto found = read_after_year(s_, end, year);
      if (!found) return end;
      add(found->date, pos, found->end, true);
      return found->end;
    }
    // Year-less parts of the year; 3年内 and 两年底 are durations, not this year.
    const bool standalone = !preceded_by_numeral(s_, pos) && !word_before(s_, pos, "年") &&
                            !word_before(s_, pos, "当") && !word_before(s_, pos, "每");
    if (!standalone) return 0;
    if (word_at(s_, pos, "年内")) {
      add({base_.year, 0, 0}, pos, pos + 6, true);
      return pos + 6;
    }
    if (word_at(s_, pos, "年") || word_at(s_, pos, "上半年") || word_at(s_, pos, "下半年")) {
      if (const auto part = read_part_of_year(s_, pos, base_.year)) {
        add(part->date, pos, part->end, true);
        return part->end;
      }
    }
    return 0;
  }

  std::string_view s_;
  CivilDate base_;
  std::vector<DateMention> found_;
};

}  // namespace

std::vector<DateMention> find_dates(std::string_view sentence, const CivilDate& base_date) {
  return DateFinder(sentence, base_date).run();
}

}  // namespace investtrack::parser
