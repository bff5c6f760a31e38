// Numbers, money, measured quantities and dates in one normalized sentence.
// All spans are byte offsets into the sentence passed in.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "investtrack/parser/types.h"

namespace investtrack::parser {

// "12000", "12.8", "1,234.5", "一千二百", "两亿", "十四", "壹仟玖佰", "一七二零" -> exact Decimal.
std::optional<Decimal> parse_number(std::string_view text);

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
