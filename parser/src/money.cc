// Amounts of money in one sentence: number, magnitude (万/亿), currency, qualifiers, ranges, and
// what the amount measures (total investment, output, tax...). Exact integer arithmetic only.
#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "byte_match.h"
#include "clauses.h"
#include "investtrack/parser/numbers.h"
#include "phrase_table.h"

namespace investtrack::parser {
namespace {

__extension__ using Scaled = __int128;  // value * 1e9

constexpr Scaled kNanosPerUnit = 1'000'000'000;
constexpr Scaled kMaxScaled = static_cast<Scaled>(INT64_MAX) * kNanosPerUnit + (kNanosPerUnit - 1);

Scaled to_scaled(const Decimal& d) {
  return static_cast<Scaled>(d.units) * kNanosPerUnit + d.nanos;
}

Decimal to_decimal(Scaled value) {
  Decimal d;
  d.units = static_cast<std::int64_t>(value / kNanosPerUnit);
  d.nanos = static_cast<std::int32_t>(value % kNanosPerUnit);
  return d;
}

// a * factor where factor is a plain integer (10, 1e4, 1e8...); nullopt beyond Decimal's range.
std::optional<Scaled> multiply(Scaled a, Scaled factor) {
  if (a != 0 && factor > kMaxScaled / a) return std::nullopt;
  return a * factor;
}

bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ascii_alnum(char c) {
  return is_ascii_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool word_at(std::string_view text, std::size_t pos, std::string_view word) {
  return word_at_fast(text, pos, word);
}

bool word_before(std::string_view text, std::size_t pos, std::string_view word) {
  return pos <= text.size() && text.substr(0, pos).ends_with(word);
}

char32_t code_point_at(std::string_view text, std::size_t pos) {
  return decode_utf8_at(text, pos).value;
}

// A run of magnitude characters such as 千万, 万, 亿, 百亿, 万亿 and the factor it stands for.
struct Magnitude {
  Scaled factor = 1;
  std::size_t end = 0;
  bool empty() const { return factor == 1; }
};

Magnitude read_magnitude(std::string_view text, std::size_t pos) {
  Magnitude m{1, pos};
  const CodePoint first = decode_utf8_at(text, pos);
  switch (first.value) {
    case U'十':
      m.factor = 10;
      break;
    case U'百':
      m.factor = 100;
      break;
    case U'千':
      m.factor = 1000;
      break;
    default:
      break;
  }
  if (m.factor != 1) m.end += first.length;
  if (word_at(text, m.end, "万")) {
    m.factor *= 10'000;
    m.end += 3;
  }
  if (word_at(text, m.end, "亿")) {
    m.factor *= 100'000'000;
    m.end += 3;
  }
  return m;
}

struct Currency {
  std::string_view word;
  std::string_view code;
};

// Longer words first so 美元 wins over 元.
constexpr std::array<Currency, 9> kCurrencies{{
    {"人民币", "CNY"},
    {"美元", "USD"},
    {"美金", "USD"},
    {"欧元", "EUR"},
    {"港元", "HKD"},
    {"港币", "HKD"},
    {"日元", "JPY"},
    {"英镑", "GBP"},
    {"元", "CNY"},
}};

// Words in which 元 is not the currency: 元旦, 元素, 元件, 元器件, 元宵, 元首, 元帅.
bool yuan_starts_other_word(std::string_view text, std::size_t after_yuan) {
  const char32_t next = code_point_at(text, after_yuan);
  return next == U'旦' || next == U'素' || next == U'件' || next == U'器' || next == U'宵' ||
         next == U'首' || next == U'帅';
}

struct CurrencyRead {
  std::string_view code;
  std::size_t end = 0;
};

std::optional<CurrencyRead> read_currency(std::string_view text, std::size_t pos) {
  for (const Currency& c : kCurrencies) {
    if (!word_at(text, pos, c.word)) continue;
    std::size_t end = pos + c.word.size();
    if (c.word == "元" && yuan_starts_other_word(text, end)) return std::nullopt;
    if (c.word == "元" || c.word == "圆") {
      if (word_at(text, end, "整")) end += 3;
      if (word_at(text, end, "人民币")) end += 9;  // 5000万元人民币
    }
    return CurrencyRead{c.code, end};
  }
  if (word_at(text, pos, "圆")) {
    std::size_t end = pos + 3;
    if (word_at(text, end, "整")) end += 3;
    return CurrencyRead{"CNY", end};
  }
  return std::nullopt;
}

// The number part of an amount, before any currency word.
struct AmountCore {
  std::size_t begin = 0;
  std::size_t end = 0;
  Scaled low = 0;
  Scaled high = 0;
  Scaled mantissa = 0;   // the value before a trailing magnitude (3 in 3亿)
  Scaled magnitude = 1;  // the trailing magnitude's factor (1e8 in 3亿), 1 when none
  Qualifier qualifier = Qualifier::kExact;
  bool vague = false;               // 数千万, 几十亿, 十几亿
  bool lone_chinese_digit = false;  // 二 in 二元结构: too weak alone to be money
};

// 数千万 [1e7, 9e7], 几十亿 [1e9, 9e9], 十几亿 [1.1e9, 1.9e9], 上亿 (at least 1e8).
std::optional<AmountCore> read_vague_core(std::string_view text, std::size_t pos) {
  const CodePoint cp = decode_utf8_at(text, pos);
  std::size_t after = pos + cp.length;
  Scaled low_digit = 1;
  Scaled high_digit = 9;
  Qualifier qualifier = Qualifier::kAbout;
  bool single_value = false;
  if (cp.value == U'数' || cp.value == U'几') {
  } else if (cp.value == U'十' && word_at(text, after, "几")) {
    after += 3;
    low_digit = 11;
    high_digit = 19;
  } else if (cp.value == U'上') {
    qualifier = Qualifier::kAtLeast;
    single_value = true;
  } else {
    return std::nullopt;
  }
  const Magnitude m = read_magnitude(text, after);
  if (m.empty()) return std::nullopt;
  // 十几 already holds its tens, so only 万/亿 may follow it (十几亿, not 十几百).
  if (low_digit == 11 && m.factor < 10'000) return std::nullopt;
  AmountCore core;
  core.begin = pos;
  core.end = m.end;
  core.magnitude = m.factor;
  core.qualifier = qualifier;
  core.vague = !single_value;
  const Scaled unit = m.factor * kNanosPerUnit;  // at most 1e15 * 1e9: no overflow
  if (unit > kMaxScaled / 19) return std::nullopt;
  core.low = (single_value ? 1 : low_digit) * unit;
  core.high = (single_value ? 1 : high_digit) * unit;
  core.mantissa = single_value ? kNanosPerUnit : core.low / m.factor;
  return core;
}

// 超亿元, 逾亿元, 近亿元, 过亿: a bare magnitude right after a qualifier means one of it.
std::optional<AmountCore> read_bare_magnitude_core(std::string_view text, std::size_t pos) {
  const CodePoint before = code_point_before(text, pos);
  if (before.value != U'超' && before.value != U'逾' && before.value != U'近' &&
      before.value != U'过') {
    return std::nullopt;
  }
  const Magnitude m = read_magnitude(text, pos);
  if (m.empty() || m.factor < 10'000) return std::nullopt;
  AmountCore core;
  core.begin = pos;
  core.end = m.end;
  core.magnitude = m.factor;
  core.mantissa = kNanosPerUnit;
  const auto value = multiply(kNanosPerUnit, m.factor);
  if (!value) return std::nullopt;
  core.low = core.high = *value;
  return core;
}

std::optional<AmountCore> read_numeric_core(std::string_view text, std::size_t pos) {
  const auto number = read_number_at(text, pos);
  if (!number) return std::nullopt;
  AmountCore core;
  core.begin = pos;
  core.end = number->end;
  core.low = core.high = to_scaled(number->value);
  core.mantissa = to_scaled(number->mantissa);
  if (number->has_magnitude() && core.mantissa != 0) core.magnitude = core.low / core.mantissa;
  // A magnitude read after the number (not inside it) scales it; false when the value overflows.
  const auto scale = [&core](const Magnitude& m) {
    const auto value = multiply(core.low, m.factor);
    if (!value) return false;
    core.mantissa = core.low;
    core.magnitude = m.factor;
    core.low = core.high = *value;
    core.end = m.end;
    return true;
  };
  // 5 亿元: a space (a PDF's or a typesetter's) between the number and its magnitude.
  if (!number->has_magnitude() && core.end + 1 < text.size() && text[core.end] == ' ') {
    const Magnitude m = read_magnitude(text, core.end + 1);
    if (!m.empty() && !scale(m)) return std::nullopt;
  }
  // 3000余万元, 10多亿元, 1亿多元: 余/多 make it a lower bound; a magnitude may follow them.
  const char32_t next = code_point_at(text, core.end);
  if (next == U'余' || next == U'多') {
    const Magnitude m = read_magnitude(text, core.end + 3);
    if (!m.empty() && !number->has_magnitude()) {
      if (!scale(m)) return std::nullopt;
      core.qualifier = Qualifier::kAtLeast;
    } else if (m.empty()) {
      core.end += 3;
      core.qualifier = Qualifier::kAtLeast;
    }
  }
  const CodePoint first = decode_utf8_at(text, pos);
  core.lone_chinese_digit = number->end == pos + first.length && first.value >= 0x80;
  return core;
}

struct QualifierWord {
  std::string_view word;
  Qualifier qualifier;
};

// Longest first where one word ends another (不超过 before 超过 before 超).
constexpr std::array<QualifierWord, 17> kPrefixQualifiers{{
    {"不超过", Qualifier::kAtMost},
    {"超过", Qualifier::kAtLeast},
    {"高达", Qualifier::kExact},
    {"多达", Qualifier::kExact},
    {"达到", Qualifier::kExact},
    {"大约", Qualifier::kAbout},
    {"将近", Qualifier::kAtMost},
    {"接近", Qualifier::kAtMost},
    {"不到", Qualifier::kAtMost},
    {"不足", Qualifier::kAtMost},
    {"突破", Qualifier::kAtLeast},
    {"约", Qualifier::kAbout},
    {"近", Qualifier::kAtMost},
    {"逾", Qualifier::kAtLeast},
    {"超", Qualifier::kAtLeast},
    {"过", Qualifier::kAtLeast},
    {"达", Qualifier::kExact},
}};

constexpr std::array<QualifierWord, 6> kSuffixQualifiers{{
    {"以上", Qualifier::kAtLeast},
    {"左右", Qualifier::kAbout},
    {"上下", Qualifier::kAbout},
    {"以下", Qualifier::kAtMost},
    {"以内", Qualifier::kAtMost},
    {"之内", Qualifier::kAtMost},
}};

struct KindWord {
  std::string_view word;
  AmountKind kind;
};

constexpr std::array<KindWord, 45> kKindWords{{
    {"总投资", AmountKind::kTotalInvestment},
    {"计划总投资", AmountKind::kTotalInvestment},
    // What a first phase or instalment costs is not the project's total
    // (首期投资5亿元，总投资20亿元).
    {"首期投资", AmountKind::kOther},
    {"首期投入", AmountKind::kOther},
    {"首期总投资", AmountKind::kOther},
    {"投资总额", AmountKind::kTotalInvestment},
    {"总投入", AmountKind::kTotalInvestment},
    {"项目投资", AmountKind::kTotalInvestment},
    {"投资额", AmountKind::kTotalInvestment},
    {"计划投资", AmountKind::kTotalInvestment},
    {"拟投资", AmountKind::kTotalInvestment},
    {"投资", AmountKind::kTotalInvestment},
    {"年度投资", AmountKind::kAnnualInvestment},
    {"年度计划投资", AmountKind::kAnnualInvestment},
    {"今年计划投资", AmountKind::kAnnualInvestment},
    {"本年计划投资", AmountKind::kAnnualInvestment},
    {"年计划投资", AmountKind::kAnnualInvestment},
    {"年度计划完成投资", AmountKind::kAnnualInvestment},
    {"计划完成投资", AmountKind::kAnnualInvestment},
    {"已完成投资", AmountKind::kCompletedInvestment},
    {"累计完成投资", AmountKind::kCompletedInvestment},
    {"完成投资", AmountKind::kCompletedInvestment},
    {"累计投资", AmountKind::kCompletedInvestment},
    {"已投资", AmountKind::kCompletedInvestment},
    {"已投入", AmountKind::kCompletedInvestment},
    {"年产值", AmountKind::kAnnualOutput},
    {"产值", AmountKind::kAnnualOutput},
    {"年销售收入", AmountKind::kAnnualOutput},
    {"销售收入", AmountKind::kAnnualOutput},
    {"年营业收入", AmountKind::kAnnualOutput},
    {"营业收入", AmountKind::kAnnualOutput},
    {"主营业务收入", AmountKind::kAnnualOutput},
    {"营收", AmountKind::kAnnualOutput},
    {"销售额", AmountKind::kAnnualOutput},
    {"年收入", AmountKind::kAnnualOutput},
    {"税收", AmountKind::kTax},
    {"利税", AmountKind::kTax},
    {"纳税", AmountKind::kTax},
    {"税金", AmountKind::kTax},
    {"注册资本", AmountKind::kRegisteredCapital},
    {"注册资金", AmountKind::kRegisteredCapital},
    // Money words with no kind of their own: they still make 4亿 without 元 an amount of money.
    {"资金", AmountKind::kOther},
    {"融资", AmountKind::kOther},
    {"金额", AmountKind::kOther},
    {"贷款", AmountKind::kOther},
}};

struct KindMatch {
  AmountKind kind = AmountKind::kOther;
  std::size_t keyword_end = 0;  // 0 when no keyword was found
};

// The keyword nearest before the amount in its clause decides the kind; a longer keyword ending at
// the same place is more specific (累计完成投资 over 投资).
KindMatch find_kind(std::string_view sentence, std::size_t amount_begin) {
  static const PhraseTable kinds = [] {
    std::vector<std::string_view> words;
    words.reserve(kKindWords.size());
    for (const KindWord& k : kKindWords) words.push_back(k.word);
    return PhraseTable(words);
  }();
  const auto [found, begin, end] = word_before_figure(sentence, amount_begin, kinds);
  const std::string_view clause = sentence.substr(begin, amount_begin - begin);
  KindMatch best;
  std::size_t best_length = 0;
  std::size_t best_at = 0;
  if (found >= 0) {
    const KindWord& k = kKindWords[static_cast<std::size_t>(found)];
    best = {k.kind, begin + end};
    best_length = k.word.size();
    best_at = end - k.word.size();
  }
  // A bare 投资 takes its meaning from earlier words: 今年以来完成固定资产投资, 今年投资.
  if (best.kind == AmountKind::kTotalInvestment && best_length > 0) {
    const std::string_view keyword = clause.substr(best_at, best_length);
    const bool generic = keyword == "投资" || keyword == "项目投资" || keyword == "投资额" ||
                         keyword == "计划投资" || keyword == "拟投资";
    const std::string_view before = clause.substr(0, best_at);
    if (generic && find_word(before, "完成") != std::string_view::npos) {
      best.kind = AmountKind::kCompletedInvestment;
    } else if (generic && (find_word(before, "年度") != std::string_view::npos ||
                           find_word(before, "今年") != std::string_view::npos ||
                           find_word(before, "本年") != std::string_view::npos)) {
      best.kind = AmountKind::kAnnualInvestment;
    }
  }
  return best;
}

bool is_numeral_start(char32_t c) {
  return chinese_digit_value(c) >= 0 || c == U'十' || c == U'拾';
}

// Reads a numeral backwards from `end` (exclusive): its start, or end when there is none.
std::size_t numeral_begin_before(std::string_view text, std::size_t end) {
  std::size_t begin = end;
  while (begin > 0) {
    const CodePoint cp = code_point_before(text, begin);
    const bool numeral = (cp.value < 0x80 && is_ascii_digit(static_cast<char>(cp.value))) ||
                         is_numeral_start(cp.value) || cp.value == U'百' || cp.value == U'千' ||
                         cp.value == U'万' || cp.value == U'数' || cp.value == U'几';
    if (!numeral) break;
    begin -= cp.length;
  }
  return begin;
}

// "93个" / "30余个" / "一批" before `classifier_begin`: true when it counts more than one thing.
bool counts_several(std::string_view text, std::size_t classifier_begin, bool batch) {
  std::size_t end = classifier_begin;
  const CodePoint before = code_point_before(text, end);
  bool approximate = false;
  if (before.value == U'余' || before.value == U'多') {
    end -= before.length;
    approximate = true;
  }
  const std::size_t begin = numeral_begin_before(text, end);
  if (begin == end) return approximate && batch;
  if (word_before(text, begin, "第")) return false;  // 第二个项目 is an ordinal
  if (batch || approximate) return true;
  const std::string_view numeral = text.substr(begin, end - begin);
  if (numeral.starts_with("数") || numeral.starts_with("几")) return true;
  const auto value = parse_number(numeral);
  return value && (value->units > 1 || (value->units == 1 && value->nanos > 0));
}

// Count words in [begin, end) that say several projects are meant: 93个项目, 项目413个, 一批项目.
std::vector<std::size_t> project_count_positions(std::string_view text, std::size_t begin,
                                                 std::size_t end) {
  std::vector<std::size_t> found;
  std::size_t i = begin;
  while (i < end) {
    const CodePoint cp = decode_utf8_at(text, i);
    const std::size_t next = i + std::max<std::size_t>(1, cp.length);
    if (cp.value == U'个' || cp.value == U'项' || cp.value == U'批') {
      const bool batch = cp.value == U'批';
      if (cp.value == U'项' && word_at(text, next, "目")) {
        i = next;
        continue;
      }
      if (counts_several(text, i, batch)) {
        // 93个项目, 30个重点项目: the counted things are projects. 项目413个: counted after 项目.
        const std::size_t window_end = std::min(figure_clause_end(text, next), next + 18);
        const std::string_view after = text.substr(next, window_end - next);
        const std::size_t numeral = numeral_begin_before(text, i);
        const std::size_t look_back = numeral >= 15 ? numeral - 15 : 0;
        const std::string_view before = text.substr(look_back, numeral - look_back);
        if (find_word(after, "项目") != std::string_view::npos ||
            find_word(after, "工程") != std::string_view::npos ||
            find_word(before, "项目") != std::string_view::npos ||
            find_word(before, "工程") != std::string_view::npos) {
          found.push_back(i);
        }
      }
    }
    i = next;
  }
  for (std::string_view word : {"一批", "多个项目", "各类项目", "等项目", "项目群", "集中签约"}) {
    std::size_t at = find_word(text.substr(0, end), word, begin);
    while (at != std::string_view::npos && at < end) {
      found.push_back(at);
      at = find_word(text.substr(0, end), word, at + word.size());
    }
  }
  return found;
}

std::size_t sentence_part_begin(std::string_view text, std::size_t pos) {
  std::size_t begin = 0;
  for (std::string_view d : {"。", "；", ";", "！", "？"}) {
    const std::size_t at = rfind_word(text.substr(0, pos), d);
    if (at != std::string_view::npos) begin = std::max(begin, at + d.size());
  }
  return begin;
}

std::size_t sentence_part_end(std::string_view text, std::size_t pos) {
  std::size_t end = text.size();
  for (std::string_view d : {"。", "；", ";", "！", "？"}) {
    const std::size_t at = find_word(text, d, pos);
    if (at != std::string_view::npos) end = std::min(end, at);
  }
  return end;
}

// An amount counted over several projects belongs to none of them. After 其中 the text turns to
// one member, so a count before 其中 no longer applies.
bool is_aggregate(std::string_view sentence, const Span& amount) {
  const std::size_t part_begin = sentence_part_begin(sentence, amount.begin);
  const std::size_t part_end = sentence_part_end(sentence, amount.end);
  const std::size_t after_clause_end = figure_clause_end(sentence, amount.end);
  const auto counts =
      project_count_positions(sentence, part_begin, std::max(after_clause_end, amount.end));
  const std::size_t qizhong = sentence.substr(part_begin, amount.begin - part_begin).rfind("其中");
  const std::size_t qizhong_at =
      qizhong == std::string_view::npos ? part_begin : part_begin + qizhong;
  for (std::size_t at : counts) {
    if (at < amount.begin && (qizhong == std::string_view::npos || at > qizhong_at)) return true;
    if (at >= amount.end && at < std::min(after_clause_end, part_end)) return true;
  }
  return false;
}

// The separator of a range (3-5亿元, 10——15亿元, 5 ~ 8亿元), spaces around it included.
bool is_range_separator(std::string_view text, std::size_t pos, std::size_t& length) {
  std::size_t at = pos;
  // 5亿元(含)至8亿元(不含): whether an end is included says nothing of the range's values.
  for (std::string_view inclusion : {"(含)", "(不含)"}) {
    if (word_at(text, at, inclusion)) at += inclusion.size();
  }
  while (at < text.size() && text[at] == ' ') ++at;
  for (std::string_view s : {"——", "--", "-", "~", "至", "到", "—", "–", "－", "～", "〜"}) {
    if (word_at(text, at, s)) {
      std::size_t end = at + s.size();
      while (end < text.size() && text[end] == ' ') ++end;
      length = end - pos;
      return true;
    }
  }
  return false;
}

// A character right after a currency-less 亿/万 that shows a measurement, not money (4亿千瓦时).
bool starts_measure_word(std::string_view text, std::size_t pos) {
  if (pos >= text.size()) return false;
  if (is_ascii_alnum(text[pos])) return true;
  switch (code_point_at(text, pos)) {
    case U'吨':
    case U'千':
    case U'瓦':
    case U'平':
    case U'亩':
    case U'台':
    case U'套':
    case U'辆':
    case U'件':
    case U'个':
    case U'人':
    case U'户':
    case U'股':
    case U'头':
    case U'只':
    case U'片':
    case U'度':
    case U'立':
    case U'公':
    case U'米':
    case U'名':
    case U'家':
    case U'项':
    case U'次':
    case U'%':
      return true;
    default:
      return false;
  }
}

struct AmountRead {
  AmountCore core;
  std::string_view currency;  // ISO code, empty when the text names none
  std::size_t end = 0;        // after the currency
};

std::optional<AmountRead> read_amount(std::string_view text, std::size_t pos) {
  std::optional<AmountCore> core = read_vague_core(text, pos);
  if (!core) core = read_bare_magnitude_core(text, pos);
  if (!core) core = read_numeric_core(text, pos);
  if (!core) return std::nullopt;
  AmountRead read{*core, {}, core->end};
  if (const auto currency = read_currency(text, core->end)) {
    read.currency = currency->code;
    read.end = currency->end;
  }
  return read;
}

Qualifier combine(Qualifier outer, Qualifier inner) {
  return outer != Qualifier::kExact ? outer : inner;
}

struct Prefix {
  std::size_t begin;
  Qualifier qualifier = Qualifier::kExact;
};

Prefix read_prefix_qualifier(std::string_view text, std::size_t pos) {
  for (const QualifierWord& q : kPrefixQualifiers) {
    if (word_before(text, pos, q.word)) return {pos - q.word.size(), q.qualifier};
  }
  return {pos, Qualifier::kExact};
}

bool is_amount_start(std::string_view text, std::size_t pos, char32_t c) {
  if (c < 0x80) {
    if (!is_ascii_digit(static_cast<char>(c))) return false;
    return pos == 0 || !(is_ascii_alnum(text[pos - 1]) || text[pos - 1] == '.');
  }
  if (is_numeral_start(c) || c == U'数' || c == U'几' || c == U'上') return true;
  return c == U'亿' || c == U'万';
}

class MoneyFinder {
 public:
  explicit MoneyFinder(std::string_view sentence) : s_(sentence) {}

  std::vector<MoneyMention> run() {
    // is_amount_start() of a character outside ASCII depends on that character alone.
    static const CodePointFilter starts([](char32_t c) { return is_amount_start({}, 0, c); });
    starts.scan(s_, [&](std::size_t pos, const CodePoint& cp, std::size_t step) {
      if (!is_amount_start(s_, pos, cp.value)) return pos + step;
      std::size_t skip_to = pos + step;
      auto mention = read_mention(pos, skip_to);
      if (!mention) return std::max(skip_to, pos + step);
      const std::size_t end = mention->span.end;
      mentions_.push_back(std::move(*mention));
      return end;
    });
    return std::move(mentions_);
  }

 private:
  // skip_to: where scanning resumes when no mention starts here (past the number just read, so
  // the tail of 1,234个 is not read again as 234).
  std::optional<MoneyMention> read_mention(std::size_t pos, std::size_t& skip_to) {
    auto left = read_amount(s_, pos);
    if (!left) return std::nullopt;
    skip_to = left->core.end;
    std::size_t sep_length = 0;
    const bool range_follows = !left->core.vague && is_range_separator(s_, left->end, sep_length);
    // Most numbers in a text (一体化, 12栋, 2023年) end here, before any look-around.
    if (left->currency.empty() && left->core.magnitude == 1 && !range_follows) return std::nullopt;
    const Prefix prefix = read_prefix_qualifier(s_, pos);

    std::optional<AmountRead> right;
    if (range_follows) {
      right = read_amount(s_, left->end + sep_length);
      if (right && (right->core.vague || right->core.qualifier != Qualifier::kExact ||
                    (!left->currency.empty() && left->currency != right->currency))) {
        right.reset();
      }
    }

    MoneyAmount amount;
    Span span{prefix.begin, left->end};
    Scaled low = left->core.low;
    Scaled high = left->core.high;
    std::string_view currency = left->currency;
    std::size_t core_end = left->core.end;
    Qualifier inner = left->core.qualifier;
    bool has_magnitude = left->core.magnitude != 1;
    bool weak = left->core.lone_chinese_digit;
    if (right) {
      Scaled left_value = left->core.low;
      if (left->core.magnitude == 1 && left->currency.empty() && right->core.magnitude != 1) {
        // 3-5亿元, 两到三万元: the right side's magnitude applies when that keeps left <= right.
        if (const auto scaled = multiply(left_value, right->core.magnitude);
            scaled && *scaled <= right->core.low) {
          left_value = *scaled;
        }
      }
      if (left_value <= right->core.low &&
          (!right->currency.empty() || right->core.magnitude != 1)) {
        low = left_value;
        high = right->core.high;
        currency = right->currency;
        span.end = right->end;
        core_end = right->core.end;
        has_magnitude = right->core.magnitude != 1;
        weak = false;
      }
    }

    if (currency.empty()) {
      if (!has_magnitude || starts_measure_word(s_, core_end)) return std::nullopt;
    } else if (prefix.qualifier != Qualifier::kExact) {
      weak = false;
    }
    const KindMatch kind = find_kind(s_, span.begin);
    if (currency.empty()) {
      // 总投资4亿: a money word right before a 亿/万 amount makes it money without 元.
      const bool near_keyword = kind.keyword_end > 0 && span.begin >= kind.keyword_end &&
                                span.begin - kind.keyword_end <= 9;
      if (!near_keyword) return std::nullopt;
      currency = "CNY";
    } else if (weak && kind.keyword_end == 0) {
      return std::nullopt;  // 二元结构
    }

    // 港币3亿元, 人民币5000万元: a currency word written before the number names the currency.
    if (currency == "CNY") {
      for (const Currency& c : kCurrencies) {
        if (c.word != "元" && word_before(s_, span.begin, c.word)) {
          currency = c.code;
          span.begin -= c.word.size();
          break;
        }
      }
    }

    Qualifier suffix = Qualifier::kExact;
    for (const QualifierWord& q : kSuffixQualifiers) {
      if (word_at(s_, span.end, q.word)) {
        suffix = q.qualifier;
        span.end += q.word.size();
        break;
      }
    }

    amount.currency_code = std::string(currency);
    amount.low = to_decimal(low);
    amount.high = to_decimal(high);
    amount.qualifier = combine(prefix.qualifier, combine(inner, suffix));
    amount.kind = kind.kind;
    amount.text = std::string(s_.substr(span.begin, span.end - span.begin));
    MoneyMention mention;
    mention.amount = std::move(amount);
    mention.span = span;
    mention.aggregate = is_aggregate(s_, span);
    return mention;
  }

  std::string_view s_;
  std::vector<MoneyMention> mentions_;
};

}  // namespace

std::vector<MoneyMention> find_money(std::string_view sentence) {
  return MoneyFinder(sentence).run();
}

}  // namespace investtrack::parser
