// Exact reading of Arabic, Chinese and mixed numerals. Values are kept as integers scaled by 1e9
// (the nanos of Decimal) in a 128-bit integer, so no step ever goes through floating point.
#include <climits>
#include <cstdint>
#include <optional>
#include <string_view>

#include "investtrack/parser/numbers.h"

namespace investtrack::parser {
namespace {

__extension__ using Scaled = __int128;  // value * 1e9, never negative here

constexpr Scaled kNanosPerUnit = 1'000'000'000;
constexpr Scaled kMaxScaled = static_cast<Scaled>(INT64_MAX) * kNanosPerUnit + (kNanosPerUnit - 1);
constexpr int kMaxFractionDigits = 9;

bool checked_multiply(Scaled value, Scaled factor, Scaled& out) {
  if (value != 0 && factor > kMaxScaled / value) return false;
  out = value * factor;
  return out <= kMaxScaled;
}

bool checked_add(Scaled a, Scaled b, Scaled& out) {
  if (a > kMaxScaled - b) return false;
  out = a + b;
  return true;
}

Decimal to_decimal(Scaled value) {
  Decimal d;
  d.units = static_cast<std::int64_t>(value / kNanosPerUnit);
  d.nanos = static_cast<std::int32_t>(value % kNanosPerUnit);
  return d;
}

bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }

int small_unit_value(char32_t c) {
  switch (c) {
    case U'十':
    case U'拾':
      return 10;
    case U'百':
    case U'佰':
      return 100;
    case U'千':
    case U'仟':
      return 1000;
    default:
      return 0;
  }
}

struct ArabicRead {
  Scaled value = 0;
  std::size_t end = 0;
};

// The byte after the run of ASCII digits starting at pos.
std::size_t digit_run_end(std::string_view text, std::size_t pos) {
  while (pos < text.size() && is_ascii_digit(text[pos])) ++pos;
  return pos;
}

// A thousands separator at pos (',' or '，') followed by exactly three digits: its byte length.
std::size_t thousands_separator_length(std::string_view text, std::size_t pos) {
  std::size_t length = 0;
  if (pos < text.size() && text[pos] == ',') {
    length = 1;
  } else if (text.substr(pos, 3) == "，") {
    length = 3;
  } else {
    return 0;
  }
  const std::size_t digits_begin = pos + length;
  const std::size_t digits_end = digit_run_end(text, digits_begin);
  return digits_end - digits_begin == 3 ? length : 0;
}

// Digits with optional thousands groups (1,234 or 82,225.00) and an optional decimal fraction.
// nullopt when the digits are there but cannot be held exactly (overflow, > 9 fraction digits).
std::optional<ArabicRead> read_arabic(std::string_view text, std::size_t pos) {
  Scaled integer = 0;
  std::size_t i = pos;
  const std::size_t first_end = digit_run_end(text, i);
  if (first_end == i) return std::nullopt;
  auto add_digits = [&](std::size_t from, std::size_t to) {
    for (std::size_t k = from; k < to; ++k) {
      if (!checked_multiply(integer, 10, integer)) return false;
      if (!checked_add(integer, text[k] - '0', integer)) return false;
    }
    return true;
  };
  if (!add_digits(i, first_end)) return std::nullopt;
  i = first_end;
  if (first_end - pos <= 3) {
    while (const std::size_t sep = thousands_separator_length(text, i)) {
      if (!add_digits(i + sep, i + sep + 3)) return std::nullopt;
      i += sep + 3;
    }
  }
  Scaled value = 0;
  if (!checked_multiply(integer, kNanosPerUnit, value)) return std::nullopt;
  if (i + 1 < text.size() && text[i] == '.' && is_ascii_digit(text[i + 1])) {
    const std::size_t fraction_end = digit_run_end(text, i + 1);
    if (fraction_end - (i + 1) > kMaxFractionDigits) return std::nullopt;
    Scaled place = kNanosPerUnit;
    for (std::size_t k = i + 1; k < fraction_end; ++k) {
      place /= 10;
      value += (text[k] - '0') * place;
    }
    if (value > kMaxScaled) return std::nullopt;
    i = fraction_end;
  }
  return ArabicRead{value, i};
}

enum class Token { kNone, kArabic, kDigit, kZero, kSmallUnit, kWan, kYi, kFraction };

// Chinese numeral grammar with Arabic digits allowed where a Chinese digit group may stand
// (1.2万, 1亿2000万). Sections are 亿 > 万 > units; inside a 万-section the small units must
// descend (千 before 百 before 十). Digits without any unit are read positionally (一七二零).
class NumeralReader {
 public:
  NumeralReader(std::string_view text, std::size_t pos) : text_(text), pos_(pos) {}

  std::optional<NumberRead> read() {
    std::size_t i = pos_;
    while (i < text_.size()) {
      const CodePoint cp = decode_utf8_at(text_, i);
      const auto step = consume(cp, i);
      if (!step) {
        if (failed_) return std::nullopt;
        break;
      }
      i = *step;
    }
    if (!best_) return std::nullopt;
    return best_;
  }

 private:
  // Returns the position after the consumed token, or nullopt to stop reading before it.
  std::optional<std::size_t> consume(const CodePoint& cp, std::size_t i) {
    const std::size_t next = i + cp.length;
    if (cp.value < 0x80 && is_ascii_digit(static_cast<char>(cp.value))) return consume_arabic(i);
    const int digit = chinese_digit_value(cp.value);
    if (digit == 0) return consume_zero(next);
    if (digit > 0) return consume_digit(cp.value, digit, next);
    if (const int unit = small_unit_value(cp.value)) return consume_small_unit(unit, next);
    if (cp.value == U'万') return consume_wan(i, next);
    if (cp.value == U'亿') return consume_yi(i, next);
    if (cp.value == U'点') return consume_fraction(next);
    return std::nullopt;
  }

  std::optional<std::size_t> consume_arabic(std::size_t i) {
    const bool allowed = last_ == Token::kNone || last_ == Token::kWan || last_ == Token::kYi ||
                         (last_ == Token::kZero && units_seen_);
    if (!allowed) return std::nullopt;
    const auto arabic = read_arabic(text_, i);
    if (!arabic) {
      failed_ = true;
      return std::nullopt;
    }
    digit_ = arabic->value;
    last_ = Token::kArabic;
    return record(arabic->end, false);
  }

  std::optional<std::size_t> consume_zero(std::size_t next) {
    if (last_ == Token::kArabic) return std::nullopt;
    if (!units_seen_) {
      // 〇 at the start or inside a positional run: 二〇二三, 一七二零.
      if (!append_positional(0)) return std::nullopt;
      positional_zero_ = true;
      last_ = Token::kDigit;
      return record(next, false);
    }
    if (digit_ || last_ == Token::kZero) return std::nullopt;
    last_ = Token::kZero;  // a gap marker (一百零五, 十万零一); not a valid end by itself
    return next;
  }

  std::optional<std::size_t> consume_digit(char32_t c, int digit, std::size_t next) {
    if (last_ == Token::kArabic || last_ == Token::kFraction) return std::nullopt;
    if (digit_) {
      // 一两 is "one or two", not a positional 12.
      if (units_seen_ || c == U'两' || last_two_) return std::nullopt;
      if (!append_positional(digit)) return std::nullopt;
    } else {
      digit_ = static_cast<Scaled>(digit) * kNanosPerUnit;
      ++positional_digits_;
    }
    last_two_ = c == U'两';
    last_ = Token::kDigit;
    return record(next, false);
  }

  bool append_positional(int digit) {
    Scaled value = digit_.value_or(0);
    if (!checked_multiply(value, 10, value) ||
        !checked_add(value, static_cast<Scaled>(digit) * kNanosPerUnit, value)) {
      failed_ = true;
      return false;
    }
    digit_ = value;
    ++positional_digits_;
    return true;
  }

  std::optional<std::size_t> consume_small_unit(int unit, std::size_t next) {
    if (positional_digits_ >= 2 || unit >= last_small_unit_) return std::nullopt;
    Scaled part = 0;
    if (digit_) {
      if (!checked_multiply(*digit_, unit, part)) return fail();
    } else if (unit == 10 &&
               (last_ == Token::kNone || last_ == Token::kSmallUnit || last_ == Token::kWan ||
                last_ == Token::kYi || last_ == Token::kZero)) {
      // 十四, 三百十五, 两万十: a 一 before 十 is left out in speech, at the start or after a
      // larger unit.
      part = 10 * kNanosPerUnit;
    } else {
      return std::nullopt;
    }
    if (!checked_add(small_, part, small_)) return fail();
    digit_.reset();
    positional_digits_ = 0;
    last_small_unit_ = unit;
    units_seen_ = true;
    last_ = Token::kSmallUnit;
    return record(next, false);
  }

  std::optional<std::size_t> consume_wan(std::size_t i, std::size_t next) {
    if (positional_digits_ >= 2 || wan_in_section_) return std::nullopt;
    Scaled group = 0;
    if (!checked_add(small_, digit_.value_or(0), group) || group == 0) return std::nullopt;
    const bool multiplies_everything = !yi_seen_;
    if (!checked_multiply(group, 10'000, section_)) return fail();
    if (multiplies_everything) {
      magnitude_begin_ = i;
      mantissa_ = group;
    }
    small_ = 0;
    digit_.reset();
    positional_digits_ = 0;
    last_small_unit_ = INT_MAX;
    wan_in_section_ = true;
    units_seen_ = true;
    last_ = Token::kWan;
    return record(next, multiplies_everything);
  }

  std::optional<std::size_t> consume_yi(std::size_t i, std::size_t next) {
    if (positional_digits_ >= 2 || yi_seen_) return std::nullopt;
    Scaled group = 0;
    if (!checked_add(section_, small_, group) || !checked_add(group, digit_.value_or(0), group) ||
        group == 0) {
      return std::nullopt;
    }
    // 万亿: the 万 that already multiplied everything stays the start of the magnitude.
    const bool continues_wan = last_ == Token::kWan && magnitude_begin_ != SIZE_MAX;
    if (!continues_wan) {
      magnitude_begin_ = i;
      mantissa_ = group;
    }
    if (!checked_multiply(group, 100'000'000, result_)) return fail();
    section_ = 0;
    small_ = 0;
    digit_.reset();
    positional_digits_ = 0;
    last_small_unit_ = INT_MAX;
    wan_in_section_ = false;
    yi_seen_ = true;
    units_seen_ = true;
    last_ = Token::kYi;
    return record(next, true);
  }

  // 一点五亿: Chinese digits after 点 are a positional fraction.
  std::optional<std::size_t> consume_fraction(std::size_t next) {
    if (!digit_ || last_ != Token::kDigit || positional_digits_ != 1) return std::nullopt;
    std::size_t i = next;
    Scaled place = kNanosPerUnit;
    Scaled fraction = 0;
    int count = 0;
    while (i < text_.size()) {
      const CodePoint cp = decode_utf8_at(text_, i);
      const int digit = chinese_digit_value(cp.value);
      if (digit < 0 || cp.value == U'两') break;
      if (++count > kMaxFractionDigits) return fail();
      place /= 10;
      fraction += digit * place;
      i += cp.length;
    }
    if (count == 0) return std::nullopt;
    *digit_ += fraction;
    last_ = Token::kFraction;
    return record(i, false);
  }

  std::optional<std::size_t> fail() {
    failed_ = true;
    return std::nullopt;
  }

  // Remembers the number read so far as the best complete reading ending at `end`.
  std::optional<std::size_t> record(std::size_t end, bool ends_with_magnitude) {
    // Two digits side by side (三五, 七八) are an estimate "three or five", not 35; a positional
    // reading needs three digits (一七二零) or a 〇 (二〇).
    if (!units_seen_ && positional_digits_ == 2 && !positional_zero_) return end;
    Scaled total = 0;
    if (!checked_add(result_, section_, total) || !checked_add(total, small_, total) ||
        !checked_add(total, digit_.value_or(0), total)) {
      return fail();
    }
    NumberRead read;
    read.value = to_decimal(total);
    read.end = end;
    if (ends_with_magnitude) {
      read.magnitude_begin = magnitude_begin_;
      read.mantissa = to_decimal(mantissa_);
    } else {
      read.magnitude_begin = end;
      read.mantissa = read.value;
    }
    best_ = read;
    return end;
  }

  std::string_view text_;
  std::size_t pos_;
  Scaled result_ = 0;   // everything multiplied by 亿
  Scaled section_ = 0;  // the 万 group of the current 亿-section, multiplied
  Scaled small_ = 0;    // digit * 千/百/十 sums of the current 万-section
  std::optional<Scaled> digit_;
  int positional_digits_ = 0;
  int last_small_unit_ = INT_MAX;
  bool last_two_ = false;
  bool positional_zero_ = false;
  bool units_seen_ = false;
  bool wan_in_section_ = false;
  bool yi_seen_ = false;
  bool failed_ = false;
  Token last_ = Token::kNone;
  std::size_t magnitude_begin_ = SIZE_MAX;
  Scaled mantissa_ = 0;
  std::optional<NumberRead> best_;
};

}  // namespace

std::optional<NumberRead> read_number_at(std::string_view text, std::size_t pos) {
  if (pos >= text.size()) return std::nullopt;
  return NumeralReader(text, pos).read();
}

std::optional<Decimal> parse_number(std::string_view text) {
  const auto read = read_number_at(text, 0);
  if (!read || read->end != text.size()) return std::nullopt;
  return read->value;
}

}  // namespace investtrack::parser
