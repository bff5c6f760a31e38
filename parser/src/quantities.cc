// Measured quantities in one sentence: capacities (56GW, 10万千瓦, 年产5万吨, 年产10万台) and areas
// (建筑面积4.8万平方米, 占地300亩). The unit keeps its magnitude as written (万吨, 万平方米) and
// the value is the number before it, so 4.8万平方米 is 4.8 of 万平方米.
#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "byte_match.h"
#include "clauses.h"
#include "investtrack/parser/numbers.h"
#include "investtrack/parser/utf8.h"
#include "phrase_table.h"

namespace investtrack::parser {
namespace {

enum class UnitClass {
  kPower,    // GW, 千瓦: always a capacity
  kMass,     // 吨: a capacity unless the words say emissions or savings
  kProduct,  // 台, 套, 辆, 立方米: a capacity only with production words (年产, 产能)
  kBuildingArea,  // 平方米: floor or land area by context
  kLandArea,      // 亩: land area
  kLargeArea,     // 公顷, 平方公里: land area with land words
  kLength,        // 公里: a capacity (a road's or line's length) only with length words (全长)
};

struct UnitDef {
  std::string_view word;
  UnitClass unit_class;
  bool takes_magnitude;  // 万/亿 may stand before it (万吨, 万千瓦, 万平方米)
};

constexpr std::array<UnitDef, 47> kUnits{{
    {"GWh", UnitClass::kPower, false},
    {"GWp", UnitClass::kPower, false},
    {"GW", UnitClass::kPower, false},
    {"MWh", UnitClass::kPower, false},
    {"MWp", UnitClass::kPower, false},
    {"MW", UnitClass::kPower, false},
    {"kWh", UnitClass::kPower, false},
    {"kWp", UnitClass::kPower, false},
    {"kW", UnitClass::kPower, false},
    {"KWh", UnitClass::kPower, false},
    {"KW", UnitClass::kPower, false},
    {"TWh", UnitClass::kPower, false},
    {"吉瓦时", UnitClass::kPower, true},
    {"吉瓦", UnitClass::kPower, true},
    {"兆瓦时", UnitClass::kPower, true},
    {"兆瓦", UnitClass::kPower, true},
    {"千瓦时", UnitClass::kPower, true},
    {"千瓦", UnitClass::kPower, true},
    {"千伏安", UnitClass::kPower, true},
    {"吨", UnitClass::kMass, true},
    {"台", UnitClass::kProduct, true},
    {"套", UnitClass::kProduct, true},
    {"辆", UnitClass::kProduct, true},
    {"件", UnitClass::kProduct, true},
    {"片", UnitClass::kProduct, true},
    {"只", UnitClass::kProduct, true},
    {"头", UnitClass::kProduct, true},
    {"羽", UnitClass::kProduct, true},
    {"条", UnitClass::kProduct, true},
    {"颗", UnitClass::kProduct, true},
    {"支", UnitClass::kProduct, true},
    {"部", UnitClass::kProduct, true},
    {"立方米", UnitClass::kProduct, true},
    {"标箱", UnitClass::kProduct, true},
    {"平方米", UnitClass::kBuildingArea, true},
    {"平米", UnitClass::kBuildingArea, true},
    {"㎡", UnitClass::kBuildingArea, true},
    {"亩", UnitClass::kLandArea, true},
    {"公顷", UnitClass::kLargeArea, true},
    {"平方公里", UnitClass::kLargeArea, false},
    {"平方千米", UnitClass::kLargeArea, false},
    {"千克", UnitClass::kMass, false},
    // batteries (亿安时), spinning mills (万锭), rated daily output (4000t/d), passengers through
    // an airport or station (100万人次), the length of a road or line (全长126公里)
    {"安时", UnitClass::kPower, true},
    {"锭", UnitClass::kPower, true},
    {"t/d", UnitClass::kMass, false},
    {"人次", UnitClass::kProduct, true},
    {"公里", UnitClass::kLength, false},
}};

constexpr std::array<std::string_view, 4> kMagnitudePrefixes{"千万", "百万", "万", "亿"};
constexpr std::array<std::string_view, 4> kRateSuffixes{"/年", "/日", "/天", "/小时"};

bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool word_at(std::string_view text, std::size_t pos, std::string_view word) {
  return word_at_fast(text, pos, word);
}

// ASCII unit words are written in any case: 20MWP, 0.7GWH, 5gw.
bool unit_word_at(std::string_view text, std::size_t pos, std::string_view word) {
  if (word.empty() || static_cast<unsigned char>(word[0]) >= 0x80) return word_at(text, pos, word);
  if (pos + word.size() > text.size()) return false;
  for (std::size_t k = 0; k < word.size(); ++k) {
    if (std::tolower(static_cast<unsigned char>(text[pos + k])) !=
        std::tolower(static_cast<unsigned char>(word[k]))) {
      return false;
    }
  }
  return true;
}

struct UnitMatch {
  const UnitDef* def = nullptr;
  std::size_t begin = 0;
  std::size_t end = 0;
  bool per_time = false;  // 吨/年
};

// The first characters of every unit and magnitude prefix, so most numbers are turned away with
// one lookup instead of a comparison per unit word.
bool could_start_unit(char32_t c) {
  static const std::vector<char32_t> kStarts = [] {
    std::vector<char32_t> starts;
    for (const UnitDef& u : kUnits) {
      const char32_t c = decode_utf8_at(u.word, 0).value;
      starts.push_back(c);
      if (c < 0x80) {  // ASCII units in either case (unit_word_at)
        starts.push_back(static_cast<char32_t>(std::tolower(static_cast<int>(c))));
        starts.push_back(static_cast<char32_t>(std::toupper(static_cast<int>(c))));
      }
    }
    for (std::string_view p : kMagnitudePrefixes) starts.push_back(decode_utf8_at(p, 0).value);
    std::sort(starts.begin(), starts.end());
    starts.erase(std::unique(starts.begin(), starts.end()), starts.end());
    return starts;
  }();
  return std::binary_search(kStarts.begin(), kStarts.end(), c);
}

// The unit written at pos, longest word first; never more than the table's words, so a following
// word (300亩征地) stays out of the unit.
std::optional<UnitMatch> match_unit(std::string_view text, std::size_t pos) {
  if (!could_start_unit(decode_utf8_at(text, pos).value)) return std::nullopt;
  std::size_t base = pos;
  bool prefixed = false;
  for (std::string_view prefix : kMagnitudePrefixes) {
    if (word_at(text, pos, prefix)) {
      base = pos + prefix.size();
      prefixed = true;
      break;
    }
  }
  const UnitDef* best = nullptr;
  for (const UnitDef& u : kUnits) {
    if (prefixed && !u.takes_magnitude) continue;
    if (unit_word_at(text, base, u.word) && (!best || u.word.size() > best->word.size())) best = &u;
  }
  if (!best) return std::nullopt;
  std::size_t end = base + best->word.size();
  if (end < text.size() && is_ascii_letter(text[end]) && is_ascii_letter(best->word[0])) {
    return std::nullopt;  // 5GWX is not GW
  }
  // 万吨级码头, 百万千瓦级: a class of size, not an amount of capacity.
  if (word_at(text, end, "级")) return std::nullopt;
  // 3片区, 2条路: the count word opens another noun.
  if (best->word == "片" && word_at(text, end, "区")) return std::nullopt;
  UnitMatch match{best, pos, end, false};
  for (std::string_view suffix : kRateSuffixes) {
    if (word_at(text, end, suffix)) {
      match.end = end + suffix.size();
      match.per_time = true;
      break;
    }
  }
  return match;
}

struct ContextWord {
  std::string_view word;
  int meaning;
};

enum Meaning { kProduction = 1, kNotCapacity, kFloor, kLand };

constexpr std::array<ContextWord, 44> kContextWords{{
    {"年产", kProduction},     {"产能", kProduction},  {"生产", kProduction},
    {"年加工", kProduction},   {"加工", kProduction},  {"年处理", kProduction},
    {"处理", kProduction},     {"日产", kProduction},  {"出栏", kProduction},
    {"存栏", kProduction},     {"屠宰", kProduction},  {"年组装", kProduction},
    {"年制造", kProduction},   {"库容", kProduction},  {"规模", kProduction},
    {"设计能力", kProduction}, {"吞吐", kProduction},  {"装机", kProduction},
    {"储能", kProduction},     {"减排", kNotCapacity}, {"减少", kNotCapacity},
    {"排放", kNotCapacity},    {"节约", kNotCapacity}, {"消耗", kNotCapacity},
    {"标煤", kNotCapacity},    {"运输", kNotCapacity}, {"建筑面积", kFloor},
    {"厂房", kFloor},          {"车间", kFloor},       {"仓库", kFloor},
    {"库房", kFloor},          {"办公楼", kFloor},     {"综合楼", kFloor},
    {"宿舍", kFloor},          {"营业面积", kFloor},   {"占地", kLand},
    {"用地", kLand},           {"征地", kLand},        {"征收", kLand},
    {"流转", kLand},           {"土地", kLand},        {"规划面积", kLand},
    {"摘牌", kLand},           {"种植", kLand},
}};

struct Context {
  int meaning = 0;
  std::size_t end = 0;  // where the deciding word ends; 0 when none
};

// The word nearest before `pos` in its clause, among kContextWords.
Context nearest_context(std::string_view sentence, std::size_t pos) {
  static const PhraseTable words = [] {
    std::vector<std::string_view> list;
    list.reserve(kContextWords.size());
    for (const ContextWord& w : kContextWords) list.push_back(w.word);
    return PhraseTable(list);
  }();
  Context best;
  if (const auto [found, begin, end] = word_before_figure(sentence, pos, words); found >= 0) {
    best = {kContextWords[static_cast<std::size_t>(found)].meaning, begin + end};
  }
  return best;
}

// 300亩征地, 50亩土地: the words right after an area can say it is land.
bool land_word_follows(std::string_view text, std::size_t pos) {
  for (std::string_view w : {"征地", "用地", "土地", "的土地", "建设用地", "地块"}) {
    if (word_at(text, pos, w)) return true;
  }
  return false;
}

// 全长126公里, 线路全长10.61公里, 里程达383公里: a length said of the works, right before the
// number (a distance between places, 距市区20公里, is no capacity).
bool length_word_before(std::string_view sentence, std::size_t number_begin) {
  constexpr std::size_t kLengthWindow = ideograph_bytes(4);
  const std::size_t from = number_begin > kLengthWindow ? number_begin - kLengthWindow : 0;
  const std::string_view before = sentence.substr(from, number_begin - from);
  for (std::string_view w : {"全长", "总长", "长约", "长度", "里程", "全线长"}) {
    if (before.find(w) != std::string_view::npos) return true;
  }
  return false;
}

// Production words must sit close before the number (年产各类电机10万台), not anywhere earlier.
constexpr std::size_t kProductionWindow = 18;

std::optional<QuantityKind> classify(std::string_view sentence, std::size_t number_begin,
                                     const UnitMatch& unit) {
  const Context context = nearest_context(sentence, number_begin);
  switch (unit.def->unit_class) {
    case UnitClass::kPower:
      return QuantityKind::kCapacity;
    case UnitClass::kMass:
      if (context.meaning == kNotCapacity) return std::nullopt;
      return QuantityKind::kCapacity;
    case UnitClass::kProduct:
      if (unit.per_time ||
          (context.meaning == kProduction && number_begin - context.end <= kProductionWindow)) {
        return QuantityKind::kCapacity;
      }
      return std::nullopt;
    case UnitClass::kBuildingArea:
      if (context.meaning == kLand || land_word_follows(sentence, unit.end)) {
        return QuantityKind::kLandArea;
      }
      return context.meaning == kFloor ? QuantityKind::kFloorArea : QuantityKind::kOther;
    case UnitClass::kLandArea:
      return context.meaning == kFloor ? QuantityKind::kFloorArea : QuantityKind::kLandArea;
    case UnitClass::kLargeArea:
      if (context.meaning == kLand || land_word_follows(sentence, unit.end)) {
        return QuantityKind::kLandArea;
      }
      return QuantityKind::kOther;
    case UnitClass::kLength:
      return length_word_before(sentence, number_begin) ? QuantityKind::kCapacity
                                                        : QuantityKind::kOther;
  }
  return std::nullopt;
}

double to_double(const Decimal& d) {
  return static_cast<double>(d.units) + static_cast<double>(d.nanos) / 1e9;
}

bool is_number_start(std::string_view text, std::size_t pos, char32_t c) {
  if (c < 0x80) {
    if (!is_ascii_digit(static_cast<char>(c))) return false;
    return pos == 0 || !(is_ascii_digit(text[pos - 1]) || is_ascii_letter(text[pos - 1]) ||
                         text[pos - 1] == '.');
  }
  return chinese_digit_value(c) > 0 || c == U'十';
}

constexpr std::string_view kTimes = "×";

// Where the count of units starts in "N×" right before pos (2×350兆瓦), else pos.
std::size_t count_before_times(std::string_view sentence, std::size_t pos) {
  if (pos < kTimes.size() + 1 || sentence.substr(pos - kTimes.size(), kTimes.size()) != kTimes)
    return pos;
  std::size_t begin = pos - kTimes.size();
  constexpr std::size_t kMaxCountDigits = 2;
  while (begin > 0 && pos - kTimes.size() - begin < kMaxCountDigits &&
         is_ascii_digit(sentence[begin - 1])) {
    --begin;
  }
  if (begin == pos - kTimes.size()) return pos;
  // 12×350 is a count; 123×350 or x1×350 is something else.
  if (begin > 0 && (is_ascii_digit(sentence[begin - 1]) || is_ascii_letter(sentence[begin - 1])))
    return pos;
  return begin;
}

struct Reading {
  Decimal value;
  std::size_t unit_pos;  // where the unit (or 余/多 before it) starts
};

// The ways to cut a number from its unit, best first: 4.8|万平方米 and 10|万千瓦 keep the magnitude
// in the unit; 3|千瓦 gives back a 千 the numeral reader took; 5000|吨 is the plain reading.
struct Readings {
  std::array<Reading, 3> items;
  std::size_t count = 0;
  void add(const Reading& r) { items[count++] = r; }
  const Reading* begin() const { return items.data(); }
  const Reading* end() const { return items.data() + count; }
};

Readings readings(std::string_view text, std::size_t pos, const NumberRead& number) {
  Readings out;
  if (number.has_magnitude()) out.add({number.mantissa, number.magnitude_begin});
  if (number.end >= pos + 3) {
    const std::string_view last = text.substr(number.end - 3, 3);
    if (last == "千" || last == "百") {
      if (const auto shorter = parse_number(text.substr(pos, number.end - 3 - pos))) {
        out.add({*shorter, number.end - 3});
      }
    }
  }
  out.add({number.value, number.end});
  return out;
}

std::optional<QuantityMention> read_quantity(std::string_view sentence, std::size_t pos,
                                             const NumberRead& number) {
  for (const Reading& r : readings(sentence, pos, number)) {
    std::size_t unit_pos = r.unit_pos;
    const char32_t next = decode_utf8_at(sentence, unit_pos).value;
    if (next == U'余' || next == U'多') {
      unit_pos += 3;
    } else if (next == U' ') {
      ++unit_pos;
    }
    const auto unit = match_unit(sentence, unit_pos);
    if (!unit) continue;
    const auto kind = classify(sentence, pos, *unit);
    if (!kind) return std::nullopt;
    QuantityMention mention;
    // 2×350兆瓦: two units of 350 each, 700 in all.
    const std::size_t begin = count_before_times(sentence, pos);
    double count = begin < pos ? 0.0 : 1.0;
    for (std::size_t d = begin; d < pos && is_ascii_digit(sentence[d]); ++d)
      count = count * 10 + (sentence[d] - '0');
    mention.span = {begin, unit->end};
    mention.quantity.value = count * to_double(r.value);
    mention.quantity.unit = std::string(sentence.substr(unit->begin, unit->end - unit->begin));
    mention.quantity.kind = *kind;
    mention.quantity.text = std::string(sentence.substr(begin, unit->end - begin));
    return mention;
  }
  return std::nullopt;
}

}  // namespace

std::vector<QuantityMention> find_quantities(std::string_view sentence) {
  // is_number_start() of a character outside ASCII depends on that character alone.
  static const CodePointFilter starts([](char32_t c) { return is_number_start({}, 0, c); });
  std::vector<QuantityMention> found;
  starts.scan(sentence, [&](std::size_t pos, const CodePoint& cp, std::size_t step) {
    if (!is_number_start(sentence, pos, cp.value)) return pos + step;
    const auto number = read_number_at(sentence, pos);
    if (!number) return pos + step;
    auto mention = read_quantity(sentence, pos, *number);
    if (!mention) return std::max(number->end, pos + step);
    const std::size_t end = mention->span.end;
    found.push_back(std::move(*mention));
    return end;
  });
  return found;
}

}  // namespace investtrack::parser
