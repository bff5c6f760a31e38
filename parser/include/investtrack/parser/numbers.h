// Numbers, money, measured quantities and dates in one normalized sentence.
// All spans are byte offsets into the sentence passed in.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "investtrack/parser/types.h"
#include "investtrack/parser/utf8.h"  // decode_utf8_at(), code_point_before(): the readers below step with them

namespace investtrack::parser {

// "12000", "12.8", "1,234.5", "一千二百", "两亿", "十四", "壹仟玖佰", "一七二零" -> exact Decimal.
std::optional<Decimal> parse_number(std::string_view text);

// Lower-level readers shared by the finders below; other stages may use them too (the UTF-8 ones,
// decode_utf8_at() and code_point_before(), are in utf8.h).

// 0-9 for a Chinese digit (〇零一二两三...九, financial 壹贰叁...玖), -1 for anything else.
inline int chinese_digit_value(char32_t c) {
  // Most characters are no digit: one bit per value of the code point's low eight bits, set for
  // the digits' low bytes only, rejects them before the comparisons below.
  static constexpr char32_t kDigits[] = {U'〇', U'零', U'一', U'壹', U'二', U'两', U'贰',
                                         U'三', U'叁', U'四', U'肆', U'五', U'伍', U'六',
                                         U'陆', U'七', U'柒', U'八', U'捌', U'九', U'玖'};
  static constexpr auto kLowBytes = [] {
    std::array<std::uint64_t, 4> bits{};
    for (const char32_t d : kDigits) bits[(d >> 6) & 3] |= std::uint64_t{1} << (d & 63);
    return bits;
  }();
  if (((kLowBytes[(c >> 6) & 3] >> (c & 63)) & 1U) == 0) return -1;
  switch (c) {
    case U'〇':
    case U'零':
      return 0;
    case U'一':
    case U'壹':
      return 1;
    case U'二':
    case U'两':
    case U'贰':
      return 2;
    case U'三':
    case U'叁':
      return 3;
    case U'四':
    case U'肆':
      return 4;
    case U'五':
    case U'伍':
      return 5;
    case U'六':
    case U'陆':
      return 6;
    case U'七':
    case U'柒':
      return 7;
    case U'八':
    case U'捌':
      return 8;
    case U'九':
    case U'玖':
      return 9;
    default:
      return -1;
  }
}

// The longest number (Arabic, Chinese or mixed such as 1.2万, 1亿2000万) that starts exactly at
// byte `pos`. A number never starts with 万/亿 or with 百/千 alone; 十 may start one (十四).
struct NumberRead {
  Decimal value;
  std::size_t end = 0;  // byte after the number
  // When the number ends with 万, 亿 or 万亿 multiplying all of it (12000万, 一千二百万, 1.2万亿),
  // `magnitude_begin` is where those characters start and `mantissa` the value before them
  // (12000, 1200, 1.2). Otherwise magnitude_begin == end and mantissa == value.
  std::size_t magnitude_begin = 0;
  Decimal mantissa;
  bool has_magnitude() const { return magnitude_begin < end; }
};
std::optional<NumberRead> read_number_at(std::string_view text, std::size_t pos);

struct MoneyMention {
  MoneyAmount amount;
  Span span;  // the amount with its qualifier and currency
  // True when the sentence counts many projects ("签约项目120个、总投资560亿元"): the amount is
  // an aggregate and belongs to no single project.
  bool aggregate = false;
};
std::vector<MoneyMention> find_money(std::string_view sentence);

struct QuantityMention {
  Quantity quantity;
  Span span;
};
// Capacities (56GW, 300MW, 100万吨, 10万千瓦, 年产5000台), floor areas (4.8万平方米) and land areas
// (300亩, 12公顷). Counts of things (12栋, 10余种, 93个) are not quantities.
std::vector<QuantityMention> find_quantities(std::string_view sentence);

struct DateMention {
  CivilDate date;
  Span span;
  bool relative = false;  // 明年, 今年, 年底前, 去年: resolved against the base date
};
// 2023年1月, 2021年9月7日, 10月24日 (nearest such day not after base), 明年 (base year + 1),
// 今年以来, 年底前. Document numbers such as 〔2023〕12号 and 晋政发[2023]5号 are not dates.
std::vector<DateMention> find_dates(std::string_view sentence, const CivilDate& base_date);

}  // namespace investtrack::parser
