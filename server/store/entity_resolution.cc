#include "entity_resolution.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <set>
#include <span>
#include <utility>

#include "investtrack/parser/places.h"
#include "investtrack/parser/text.h"

namespace investtrack::store {
namespace {

// Decodes one UTF-8 character at pos; returns 0 length for an invalid or truncated sequence.
std::pair<char32_t, std::size_t> decode(std::string_view s, std::size_t pos) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned char lead = byte(pos);
  std::size_t len = 0;
  char32_t cp = 0;
  if (lead < 0x80) return {lead, 1};
  if ((lead & 0xE0) == 0xC0)
    len = 2, cp = lead & 0x1F;
  else if ((lead & 0xF0) == 0xE0)
    len = 3, cp = lead & 0x0F;
  else if ((lead & 0xF8) == 0xF0)
    len = 4, cp = lead & 0x07;
  else
    return {0, 0};
  if (pos + len > s.size()) return {0, 0};
  for (std::size_t i = 1; i < len; ++i) {
    if ((byte(pos + i) & 0xC0) != 0x80) return {0, 0};
    cp = (cp << 6) | (byte(pos + i) & 0x3F);
  }
  return {cp, len};
}

void append_utf8(std::u32string_view text, std::string& out) {
  for (char32_t cp : text) {
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }
}

bool is_dropped(char32_t cp) {
  if (cp <= 0x20 || cp == 0x7F) return true;
  if (cp < 0x80) {
    // ASCII punctuation; letters and digits stay.
    return !((cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z'));
  }
  if (cp >= 0x2000 && cp <= 0x206F) return true;  // general punctuation: “ ” ‘ ’ — … ·
  if (cp >= 0x3000 && cp <= 0x303F) return true;  // CJK punctuation: 、。《》「」【】〔〕
  if (cp == 0x00B7 || cp == 0x30FB) return true;  // middle dots
  return false;
}

// Full-width ASCII variants and the ideographic space fold to ASCII (the NFKC mapping for them).
char32_t fold_width(char32_t cp) {
  if (cp >= 0xFF01 && cp <= 0xFF5E) cp -= 0xFEE0;
  if (cp == 0x3000) cp = ' ';
  if (cp >= 'A' && cp <= 'Z') cp += 'a' - 'A';
  return cp;
}

// The name as the parser reads text: simplified script, without converters' pinyin readings.
std::string simplified(std::string_view name) { return parser::NormalizedText::build(name).text(); }

std::u32string fold(std::string_view text) {
  std::u32string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  while (pos < text.size()) {
    const auto [cp, len] = decode(text, pos);
    if (len == 0) {
      ++pos;
      continue;
    }
    pos += len;
    const char32_t folded = fold_width(cp);
    if (!is_dropped(folded)) out.push_back(folded);
  }
  return out;
}

int chinese_digit(char32_t cp) {
  static constexpr std::u32string_view kDigits = U"零一二三四五六七八九";
  const auto at = kDigits.find(cp);
  if (at != std::u32string_view::npos) return static_cast<int>(at);
  if (cp == U'两') return 2;
  return -1;
}

// Value of a phase numeral (1, 12, 一, 十二, 二十) ending just before `end`; start receives where
// the numeral begins. Returns 0 when there is none.
int phase_number_before(const std::u32string& s, std::size_t end, std::size_t& start) {
  std::size_t i = end;
  while (i > 0 && ((s[i - 1] >= U'0' && s[i - 1] <= U'9') || chinese_digit(s[i - 1]) >= 0 ||
                   s[i - 1] == U'十')) {
    --i;
  }
  if (i == end || end - i > 3) return 0;
  start = i;
  if (s[i] >= U'0' && s[i] <= U'9') {
    int value = 0;
    for (std::size_t k = i; k < end; ++k) {
      if (s[k] < U'0' || s[k] > U'9') return 0;
      value = value * 10 + static_cast<int>(s[k] - U'0');
    }
    return value;
  }
  int value = 0;
  int pending = 0;
  for (std::size_t k = i; k < end; ++k) {
    if (s[k] == U'十') {
      value += (pending == 0 ? 1 : pending) * 10;
      pending = 0;
    } else {
      const int d = chinese_digit(s[k]);
      // 四五 is no numeral (十四五期间 is a plan period, not phase 45).
      if (d < 0 || pending != 0) return 0;
      pending = d;
    }
  }
  return value + pending;
}

bool ends_with(const std::u32string& s, std::u32string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

void strip_suffixes(std::u32string& s, std::span<const std::u32string_view> suffixes) {
  for (bool stripped = true; stripped;) {
    stripped = false;
    for (std::u32string_view suffix : suffixes) {
      // Keep at least one character: "项目" alone stays a (useless but non-empty) key.
      if (s.size() > suffix.size() && ends_with(s, suffix)) {
        s.resize(s.size() - suffix.size());
        stripped = true;
      }
    }
  }
}

constexpr std::u32string_view kProjectHeads[] = {U"项目", U"工程"};
constexpr std::u32string_view kLegalForms[] = {U"股份有限公司", U"有限责任公司", U"有限公司",
                                               U"集团", U"公司"};

enum class PlaceRelation { kConflict, kUnknown, kSameProvince, kSameCity, kSameCounty };

std::string_view significant_code(std::string_view code) {
  while (code.size() >= 2 && code.substr(code.size() - 2) == "00") code.remove_suffix(2);
  return code;
}

PlaceRelation compare_places(const EntityFacts& a, const EntityFacts& b) {
  const auto both = [](const std::string& x, const std::string& y) {
    return !x.empty() && !y.empty();
  };
  if (both(a.province, b.province) && a.province != b.province) return PlaceRelation::kConflict;
  if (both(a.city, b.city) && a.city != b.city) return PlaceRelation::kConflict;
  if (both(a.county, b.county)) {
    return a.county == b.county ? PlaceRelation::kSameCounty : PlaceRelation::kConflict;
  }
  PlaceRelation by_name = PlaceRelation::kUnknown;
  if (both(a.city, b.city))
    by_name = PlaceRelation::kSameCity;
  else if (both(a.province, b.province))
    by_name = PlaceRelation::kSameProvince;
  if (both(a.division_code, b.division_code)) {
    const std::string_view x = significant_code(a.division_code);
    const std::string_view y = significant_code(b.division_code);
    const std::string_view shorter = x.size() <= y.size() ? x : y;
    const std::string_view longer = x.size() <= y.size() ? y : x;
    if (longer.substr(0, shorter.size()) != shorter) return PlaceRelation::kConflict;
    // A municipality's code is its province's (北京市 110000): the same city by name is still
    // the same city.
    if (shorter.size() >= 6) return PlaceRelation::kSameCounty;
    if (shorter.size() >= 4) return std::max(by_name, PlaceRelation::kSameCity);
    if (shorter.size() >= 2) return std::max(by_name, PlaceRelation::kSameProvince);
  }
  return by_name;
}

enum class SizeRelation { kConflict, kUnknown, kSame };

// Same-unit capacities within 10% of each other describe the same plant; same-unit figures that
// all differ more describe different ones.
SizeRelation compare_sizes(const EntityFacts& a, const EntityFacts& b) {
  bool comparable = false;
  for (const v1::Quantity& x : a.capacities) {
    for (const v1::Quantity& y : b.capacities) {
      if (x.unit().empty() || x.unit() != y.unit() || !(x.value() > 0) || !(y.value() > 0)) {
        continue;
      }
      comparable = true;
      const double ratio = std::min(x.value(), y.value()) / std::max(x.value(), y.value());
      if (ratio >= 0.9) return SizeRelation::kSame;
    }
  }
  return comparable ? SizeRelation::kConflict : SizeRelation::kUnknown;
}

bool organizations_overlap(const EntityFacts& a, const EntityFacts& b) {
  for (const std::string& x : a.organization_keys) {
    for (const std::string& y : b.organization_keys) {
      if (x.empty() || y.empty()) continue;
      if (x == y) return true;
      const std::string& shorter = x.size() <= y.size() ? x : y;
      const std::string& longer = x.size() <= y.size() ? y : x;
      if (code_point_count(shorter) >= 4 && longer.find(shorter) != std::string::npos) return true;
    }
  }
  return false;
}

std::u32string without_phase(std::string_view key) {
  const std::size_t hash = key.rfind('#');
  return fold(hash == std::string_view::npos ? key : key.substr(0, hash));
}

// Dice coefficient over character bigrams.
double name_similarity(std::string_view a, std::string_view b) {
  const std::u32string x = without_phase(a);
  const std::u32string y = without_phase(b);
  if (x.size() < 2 || y.size() < 2) return x == y ? 1.0 : 0.0;
  std::multiset<std::u32string> grams;
  for (std::size_t i = 0; i + 1 < x.size(); ++i) grams.insert(x.substr(i, 2));
  std::size_t shared = 0;
  for (std::size_t i = 0; i + 1 < y.size(); ++i) {
    const auto it = grams.find(y.substr(i, 2));
    if (it != grams.end()) {
      grams.erase(it);
      ++shared;
    }
  }
  return 2.0 * static_cast<double>(shared) / static_cast<double>(x.size() + y.size() - 2);
}

// Which of a project's keys a rule compares: its names' keys, or one kind of derived_keys.
enum class KeyKind { kName, kCore, kPlaceFacility, kProjectCode };

KeyKind kind_of(std::string_view key) {
  if (key.empty() || key[0] != '~') return KeyKind::kName;
  if (key.size() > 1 && key[1] == '@') return KeyKind::kPlaceFacility;
  if (key.size() > 1 && key[1] == '#') return KeyKind::kProjectCode;
  return KeyKind::kCore;
}

// Between a core and its province in a province-level core key
// ("~巴音布鲁克机场@@新疆维吾尔自治区"), and after it for a project in no named city.
constexpr std::string_view kProvinceCoreMark = "@@";
constexpr std::string_view kNoCityMark = "?";

bool is_province_core_key(std::string_view key) {
  return kind_of(key) == KeyKind::kCore && key.find(kProvinceCoreMark) != std::string_view::npos;
}

// A province-level core key without its no-city mark: the same for both kinds.
std::string_view province_core(std::string_view key) {
  if (key.ends_with(kNoCityMark)) key.remove_suffix(kNoCityMark.size());
  return key;
}

// Whether both carry a project code and the codes differ.
bool project_codes_differ(const EntityFacts& a, const EntityFacts& b) {
  const auto code_of = [](const EntityFacts& f) {
    for (const std::string& key : f.alias_keys) {
      if (kind_of(key) == KeyKind::kProjectCode) return std::string_view(key);
    }
    return std::string_view();
  };
  const std::string_view x = code_of(a);
  const std::string_view y = code_of(b);
  return !x.empty() && !y.empty() && x != y;
}

// Whether a and b share a key of one kind; province-level core keys are compared apart
// (shares_province_core).
bool shares_key(const EntityFacts& a, const EntityFacts& b, KeyKind kind) {
  for (const std::string& x : a.alias_keys) {
    if (kind_of(x) != kind || is_province_core_key(x)) continue;
    if (std::find(b.alias_keys.begin(), b.alias_keys.end(), x) != b.alias_keys.end()) return true;
  }
  return false;
}

// Whether a and b have the same core in the same province (with or without a city).
bool shares_province_core(const EntityFacts& a, const EntityFacts& b) {
  for (const std::string& x : a.alias_keys) {
    if (!is_province_core_key(x)) continue;
    for (const std::string& y : b.alias_keys) {
      if (is_province_core_key(y) && province_core(x) == province_core(y)) return true;
    }
  }
  return false;
}

bool shares_alias(const EntityFacts& a, const EntityFacts& b) {
  return shares_key(a, b, KeyKind::kName);
}

// Words that name a part of the works rather than a project: a name that is another project's name
// followed by one of them (北京新机场主航站楼, 港珠澳大桥人工岛) is evidence for that project.
constexpr std::u32string_view kPartWords[] = {
    U"航站楼", U"航站区", U"跑道", U"人工岛", U"岛隧", U"桥隧", U"隧道", U"主体结构", U"地下结构",
    U"主体工程", U"主装置", U"装置区", U"生产装置", U"标段", U"土建", U"厂房", U"站房", U"主线",
    U"主塔", U"桩基", U"钢结构", U"车间", U"罐区", U"配套工程",
    // One unit of several: a plant's 2号机组, a base's 首条 line, its 首台 machine.
    U"号机组", U"首条", U"首台"};

// Whether what follows a project's name opens with a part of its works: the part word first, after
// at most a number, an ordinal or a side (2号机组, 第二跑道, 西人工岛, 主航站楼). A part word
// further on (花园产业园入驻企业厂房项目) names something else of the project's, not a part of its
// works.
bool names_a_part(std::u32string_view rest) {
  static constexpr std::u32string_view kQualifiers =
      U"0123456789一二三四五六七八九十第东西南北中主";
  std::size_t at = 0;
  while (at < rest.size() && kQualifiers.find(rest[at]) != std::u32string_view::npos) ++at;
  for (std::u32string_view word : kPartWords) {
    if (rest.substr(at).starts_with(word) || rest.starts_with(word)) return true;
  }
  return false;
}

bool key_is_part_of(std::string_view part, std::string_view whole) {
  const std::u32string longer = without_phase(part);
  const std::u32string shorter = without_phase(whole);
  return shorter.size() >= kMinConfidentNameKeyLength && longer.size() > shorter.size() &&
         longer.compare(0, shorter.size(), shorter) == 0 &&
         names_a_part(std::u32string_view(longer).substr(shorter.size()));
}

// Whether some name of `part` is a name of `whole` followed by a part of the works.
bool part_of(const EntityFacts& part, const EntityFacts& whole) {
  for (const std::string& p : part.alias_keys) {
    if (kind_of(p) != KeyKind::kName) continue;
    for (const std::string& w : whole.alias_keys) {
      if (kind_of(w) == KeyKind::kName && key_is_part_of(p, w)) return true;
    }
  }
  return false;
}

// A short reference (晶科项目) inside a longer name (晶科能源光伏组件项目) in the same city.
bool name_contained(const EntityFacts& a, const EntityFacts& b) {
  const std::u32string x = without_phase(a.name_key);
  const std::u32string y = without_phase(b.name_key);
  const std::u32string& shorter = x.size() <= y.size() ? x : y;
  const std::u32string& longer = x.size() <= y.size() ? y : x;
  return shorter.size() >= 2 && longer.find(shorter) != std::u32string::npos;
}

// Numbers written in both names (5号, 50MW, 2023) that differ mark different projects of one owner.
bool name_numbers_differ(std::string_view a, std::string_view b) {
  const auto numbers = [](const std::u32string& s) {
    std::set<std::u32string> found;
    for (std::size_t i = 0; i < s.size();) {
      if (s[i] < U'0' || s[i] > U'9') {
        ++i;
        continue;
      }
      std::size_t end = i;
      while (end < s.size() && s[end] >= U'0' && s[end] <= U'9') ++end;
      found.insert(s.substr(i, end - i));
      i = end;
    }
    return found;
  };
  const auto x = numbers(without_phase(a));
  const auto y = numbers(without_phase(b));
  return !x.empty() && !y.empty() && x != y;
}

ScoredCandidate score(const EntityFacts& mention, const EntityFacts& candidate) {
  ScoredCandidate scored;
  scored.project_id = candidate.project_id;
  if (project_codes_differ(mention, candidate)) return scored;
  if (shares_key(mention, candidate, KeyKind::kProjectCode)) {
    scored.rule = MatchRule::kProjectCode;
    scored.score = 0.99;
    scored.reason = "same national project code";
    return scored;
  }
  if (phase_of_key(mention.name_key) != phase_of_key(candidate.name_key)) return scored;

  const PlaceRelation place = compare_places(mention, candidate);
  const SizeRelation size = compare_sizes(mention, candidate);
  const bool same_owner = organizations_overlap(mention, candidate);
  const bool same_name = mention.name_key == candidate.name_key;
  const bool alias = !same_name && shares_alias(mention, candidate);

  if (same_name || alias) {
    scored.rule = same_name ? MatchRule::kNameKey : MatchRule::kAliasKey;
    if (place == PlaceRelation::kConflict || size == SizeRelation::kConflict) {
      scored.score = kReviewThreshold;
      scored.reason = place == PlaceRelation::kConflict ? "same name in a different place"
                                                        : "same name with a different capacity";
      return scored;
    }
    if (without_phase(mention.name_key).size() < kMinConfidentNameKeyLength) {
      scored.score = 0.6;
      scored.reason = "same short, generic name";
      return scored;
    }
    scored.score =
        0.9 + (place >= PlaceRelation::kSameCity ? 0.05 : 0.0) + (same_owner ? 0.05 : 0.0);
    scored.reason = same_name ? "same name" : "known alias";
    return scored;
  }

  if (place == PlaceRelation::kConflict || size == SizeRelation::kConflict ||
      name_numbers_differ(mention.name_key, candidate.name_key)) {
    return scored;
  }
  // The works of a project, reported on their own (its terminal, its island): the project.
  if (part_of(mention, candidate) || part_of(candidate, mention)) {
    scored.rule = MatchRule::kPartOf;
    scored.score = place >= PlaceRelation::kSameCity || same_owner ? 0.85 : 0.6;
    scored.reason = "one name is the other's followed by a part of the works";
    return scored;
  }
  if (shares_key(mention, candidate, KeyKind::kCore)) {
    // The key holds the city: without one on either side, a brand-like core (迪士尼) may be
    // another city's.
    scored.rule = MatchRule::kCoreName;
    scored.score = place >= PlaceRelation::kSameCity || same_owner ? 0.85 : 0.6;
    scored.reason = "same name without places, owner and generic heads";
    return scored;
  }
  if (shares_province_core(mention, candidate)) {
    // A long core in one province, one side in no named city (a province-wide report): the
    // same project. Both in no city stay a question, as above.
    scored.rule = MatchRule::kCoreName;
    const bool one_city_unknown = mention.city.empty() != candidate.city.empty();
    scored.score = one_city_unknown || same_owner ? 0.85 : 0.6;
    scored.reason = "same name without places, owner and generic heads, in the same province";
    return scored;
  }
  if (shares_key(mention, candidate, KeyKind::kPlaceFacility)) {
    // Several such facilities in one city make several strong candidates: a reviewer decides.
    scored.rule = MatchRule::kPlaceFacility;
    scored.score = 0.82;
    scored.reason = "the same kind of facility of the same city, named by its place";
    return scored;
  }
  if (!same_owner) {
    if (place >= PlaceRelation::kSameCity && name_contained(mention, candidate)) {
      scored.rule = MatchRule::kNameKey;
      scored.score = 0.55;
      scored.reason = "one name contains the other in the same place";
    }
    return scored;
  }
  double value = 0.5;
  if (place == PlaceRelation::kSameCounty)
    value += 0.2;
  else if (place == PlaceRelation::kSameCity)
    value += 0.15;
  else if (place == PlaceRelation::kSameProvince)
    value += 0.05;
  if (size == SizeRelation::kSame) value += 0.2;
  value += 0.2 * name_similarity(mention.name_key, candidate.name_key);
  scored.rule = MatchRule::kOrganizationPlaceCapacity;
  // One owner often has several projects in one place: without the same capacity a similar
  // name is not enough to merge, only to ask.
  scored.score = std::min(value, size == SizeRelation::kSame ? 1.0 : kMergeThreshold - 0.05);
  scored.reason = "same organization" +
                  std::string(size == SizeRelation::kSame ? ", same capacity" : "") +
                  (place >= PlaceRelation::kSameCity ? ", same place" : "");
  return scored;
}

}  // namespace

std::size_t code_point_count(std::string_view text) {
  std::size_t count = 0;
  for (unsigned char c : text) count += (c & 0xC0) != 0x80 ? 1 : 0;
  return count;
}

std::vector<std::string> code_point_runs(std::string_view text, std::size_t length) {
  std::vector<std::size_t> starts;  // byte offset of each code point, then the end
  for (std::size_t pos = 0; pos < text.size(); ++pos) {
    if ((static_cast<unsigned char>(text[pos]) & 0xC0) != 0x80) starts.push_back(pos);
  }
  starts.push_back(text.size());
  std::vector<std::string> runs;
  if (length == 0) return runs;
  for (std::size_t i = 0; i + length < starts.size(); ++i) {
    std::string run(text.substr(starts[i], starts[i + length] - starts[i]));
    if (std::find(runs.begin(), runs.end(), run) == runs.end()) runs.push_back(std::move(run));
  }
  return runs;
}

std::string normalize_name_key(std::string_view name) {
  std::u32string s = fold(simplified(name));
  // The phase, wherever it stands: 一期 / 第一期 / 1期, but not 前期 or 工期.
  int phase = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != U'期' || (i + 1 < s.size() && s[i + 1] == U'间')) continue;
    std::size_t start = i;
    const int number = phase_number_before(s, i, start);
    if (number <= 0) continue;
    if (start > 0 && s[start - 1] == U'第') --start;
    phase = number;
    s.erase(start, i + 1 - start);
    break;
  }
  strip_suffixes(s, kProjectHeads);
  std::string key;
  key.reserve(s.size() * 3 + 4);
  append_utf8(s, key);
  if (phase > 0) key += "#" + std::to_string(phase);
  return key;
}

namespace {

// Generic heads a core leaves out, longest first where one ends another.
constexpr std::u32string_view kGenericHeads[] = {
    U"项目", U"工程", U"制造产业园", U"产业园区", U"产业园", U"生产基地", U"制造基地", U"产业基地",
    U"基地", U"主题公园", U"乐园", U"度假区", U"一体化",
    // 机场新建工程: the works that build it new are the facility.
    U"新建"};

// Words before a facility that only say it is the place's new or main one.
constexpr std::u32string_view kFacilityQualifiers[] = {U"新建", U"新", U"国际", U"第二", U"民用"};
constexpr std::u32string_view kFacilities[] = {U"机场", U"火车站", U"高铁站", U"客运站", U"码头"};

// Words that say what kind of thing a project is, never which one. A core made of them alone
// (物流园, 新机场, 污水处理厂) names a kind that many places have, so it is no key.
constexpr std::u32string_view kKindWords[] = {
    U"物流", U"工业", U"产业", U"科技", U"创业",   U"创新", U"孵化", U"商贸", U"电商", U"现代",
    U"综合", U"智能", U"智慧", U"制造", U"新能源", U"光伏", U"风电", U"储能", U"电站", U"发电",
    U"电厂", U"园区", U"中心", U"医院", U"学校",   U"中学", U"小学", U"道路", U"公路", U"高速",
    U"铁路", U"机场", U"新区", U"新城", U"城市",   U"更新", U"改造", U"安置", U"保障", U"住房",
    U"污水", U"处理", U"垃圾", U"供水", U"供热",   U"水库", U"农业", U"食品", U"加工", U"冷链",
    U"文化", U"旅游", U"体育", U"会展", U"商业",   U"总部", U"标准", U"厂房", U"大道", U"大桥",
    U"码头", U"港口", U"示范", U"生态", U"环保",   U"电池", U"材料", U"装备", U"汽车", U"医药",
    U"生物", U"数据", U"国际", U"重点", U"建设",   U"配套", U"设施", U"基础", U"项目", U"工程",
    U"园",   U"区",   U"厂",   U"城",   U"馆",     U"站",   U"港",   U"库",   U"场",   U"楼",
    U"新",   U"大",   U"型",   U"高",   U"级"};

bool made_of_kind_words(std::u32string_view core) {
  // reachable[i]: core[0, i) splits into kind words.
  std::vector<bool> reachable(core.size() + 1, false);
  reachable[0] = true;
  for (std::size_t i = 0; i < core.size(); ++i) {
    if (!reachable[i]) continue;
    for (std::u32string_view word : kKindWords) {
      if (core.substr(i, word.size()) == word) reachable[i + word.size()] = true;
    }
  }
  return reachable[core.size()];
}

void strip_generic_heads(std::u32string& s) { strip_suffixes(s, kGenericHeads); }

// The division a place name at the start of text stands for: one of the gazetteer's candidates
// for it, within `within` (a significant code prefix; empty: anywhere). Returns the name's length
// in bytes, 0 when text starts with no such place.
std::size_t leading_division(std::string_view text, std::string_view within, std::string* code) {
  std::size_t end = 0;
  for (const parser::PlaceMention& place : parser::Gazetteer::instance().find(text)) {
    if (place.span.begin != 0 || place.is_zone || place.span.end <= end) continue;
    for (const parser::Division* division : place.candidates) {
      if (division->code.compare(0, within.size(), within) != 0) continue;
      end = place.span.end;
      *code = division->code;
      break;
    }
  }
  return end;
}

// Leading administrative place names (上海, 鹤山市, 北京大兴): a first place, then places inside
// it, so that 龙湾 (a district of another province) in 鹤山市龙湾工业园 stays part of the name.
// A district or county inside the first place may be written without its 区/县 (北京大兴).
std::u32string without_leading_places(const std::u32string& core) {
  std::string text;
  append_utf8(core, text);
  std::string within;
  for (int round = 0; round < 3; ++round) {
    std::string code;
    std::size_t end = leading_division(text, within, &code);
    if (end == 0 && !within.empty()) {
      // Two or three characters of a district or county named without its suffix.
      for (std::size_t bytes : {std::size_t{9}, std::size_t{6}}) {
        if (text.size() <= bytes) continue;
        for (std::string_view suffix : {"区", "县"}) {
          const std::string name = text.substr(0, bytes) + std::string(suffix);
          if (leading_division(name, within, &code) == name.size()) {
            end = bytes;
            break;
          }
        }
        if (end != 0) break;
      }
    }
    if (end == 0 || end >= text.size()) break;
    text.erase(0, end);
    within = std::string(significant_code(code));
  }
  return fold(text);
}

// The facility a name names by its place alone ("新机场" -> 机场), or empty.
std::u32string_view generic_facility(std::u32string_view rest) {
  for (bool stripped = true; stripped;) {
    stripped = false;
    for (std::u32string_view word : kFacilityQualifiers) {
      if (rest.size() > word.size() && rest.substr(0, word.size()) == word) {
        rest.remove_prefix(word.size());
        stripped = true;
      }
    }
  }
  for (std::u32string_view facility : kFacilities) {
    if (rest == facility) return facility;
  }
  return {};
}

// The name a part of the works is named after (北京新机场 of 北京新机场主航站楼), or empty.
std::u32string whole_of_part(const std::u32string& name) {
  std::size_t first = name.size();
  for (std::u32string_view word : kPartWords) {
    first = std::min(first, name.find(word));
  }
  if (first == std::u32string::npos || first == name.size()) return {};
  std::u32string whole = name.substr(0, first);
  if (whole.size() > 1 && whole.back() == U'主') whole.pop_back();  // 主航站楼, 主体结构
  return whole.size() >= kMinConfidentNameKeyLength ? whole : std::u32string();
}

}  // namespace

std::vector<std::string> derived_keys(std::string_view name_key,
                                      const std::vector<std::string>& organization_keys,
                                      std::string_view city, std::string_view province) {
  std::vector<std::string> keys;
  // A part of the works is found by what its project is found by.
  if (const std::u32string whole = whole_of_part(without_phase(name_key)); !whole.empty()) {
    std::string whole_key;
    append_utf8(whole, whole_key);
    keys = derived_keys(whole_key, organization_keys, city, province);
  }
  std::u32string core = without_phase(name_key);
  strip_generic_heads(core);
  const std::u32string placeless = without_leading_places(core);
  core = placeless;
  for (const std::string& organization : organization_keys) {
    const std::u32string owner = fold(organization);
    if (owner.size() >= 2 && core.size() > owner.size() &&
        core.compare(0, owner.size(), owner) == 0) {
      core.erase(0, owner.size());
      if (core.size() > 2 && core.compare(0, 2, U"集团") == 0) core.erase(0, 2);
      break;
    }
  }
  const auto add_core = [&](std::u32string candidate) {
    strip_generic_heads(candidate);
    if (candidate.size() < kMinCoreLength || made_of_kind_words(candidate)) return;
    std::string core_text;
    append_utf8(candidate, core_text);
    const auto add_key = [&](std::string key) {
      if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(std::move(key));
    };
    add_key("~" + core_text + "@" + std::string(city));
    if (!province.empty() && candidate.size() >= kMinProvinceCoreLength) {
      add_key("~" + core_text + std::string(kProvinceCoreMark) + std::string(province) +
              (city.empty() ? std::string(kNoCityMark) : std::string()));
    }
  };
  add_core(core);
  // An owner named inside the name is written with and without its 集团 (中核集团龙湾工业园,
  // 中核龙湾工业园), whether or not the text named the owner apart.
  if (const std::size_t group = placeless.find(U"集团");
      group != std::u32string::npos && group >= 2) {
    add_core(placeless.substr(0, group) + placeless.substr(group + 2));
  }
  const std::u32string_view facility = generic_facility(placeless);
  if (!facility.empty() && !city.empty() && placeless.size() < without_phase(name_key).size()) {
    std::string key = "~@" + std::string(city) + "/";
    append_utf8(facility, key);
    keys.push_back(std::move(key));
  }
  return keys;
}

std::string project_code_key(std::string_view code) {
  std::string key = "~#";
  for (const char c : code) {
    if (c != '-' && c != ' ')
      key.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  }
  return key;
}

bool is_part_key(std::string_view part_key, std::string_view whole_key) {
  return key_is_part_of(part_key, whole_key);
}

bool names_a_part_of_works(std::string_view name_key) {
  return !whole_of_part(without_phase(name_key)).empty();
}

bool is_part_name(std::string_view name, std::string_view whole) {
  return key_is_part_of(normalize_name_key(name), normalize_name_key(whole));
}

std::string phase_of_key(std::string_view key) {
  const std::size_t hash = key.rfind('#');
  return hash == std::string_view::npos ? std::string() : std::string(key.substr(hash + 1));
}

std::string normalize_organization_key(std::string_view name) {
  std::u32string s = fold(simplified(name));
  strip_suffixes(s, kLegalForms);
  std::string key;
  append_utf8(s, key);
  return key;
}

std::vector<std::string> organization_keys_of(const v1::Project& project) {
  std::vector<std::string> keys;
  for (const std::string& organization : project.organizations()) {
    std::string key = normalize_organization_key(organization);
    if (!key.empty() && std::find(keys.begin(), keys.end(), key) == keys.end()) {
      keys.push_back(std::move(key));
    }
  }
  return keys;
}

EntityFacts facts_of(const v1::Project& project) {
  EntityFacts facts;
  facts.name_key = normalize_name_key(project.display_name());
  facts.alias_keys.push_back(facts.name_key);
  for (const std::string& alias : project.aliases()) {
    std::string key = normalize_name_key(alias);
    if (!key.empty() && std::find(facts.alias_keys.begin(), facts.alias_keys.end(), key) ==
                            facts.alias_keys.end()) {
      facts.alias_keys.push_back(std::move(key));
    }
  }
  facts.organization_keys = organization_keys_of(project);
  const std::size_t name_count = facts.alias_keys.size();
  for (std::size_t i = 0; i < name_count; ++i) {
    for (std::string& key :
         derived_keys(facts.alias_keys[i], facts.organization_keys, project.location().city(),
                      project.location().province())) {
      if (std::find(facts.alias_keys.begin(), facts.alias_keys.end(), key) ==
          facts.alias_keys.end()) {
        facts.alias_keys.push_back(std::move(key));
      }
    }
  }
  if (!project.project_code().empty())
    facts.alias_keys.push_back(project_code_key(project.project_code()));
  // A project with a city looks up the province-level cores of projects without one, and one
  // without a city those of both.
  for (const std::string& key : facts.alias_keys) {
    if (!is_province_core_key(key)) {
      facts.search_keys.push_back(key);
    } else if (key.ends_with(kNoCityMark)) {
      facts.search_keys.push_back(key);
      facts.search_keys.emplace_back(province_core(key));
    } else {
      facts.search_keys.push_back(key + std::string(kNoCityMark));
    }
  }
  facts.province = project.location().province();
  facts.city = project.location().city();
  facts.county = project.location().county();
  facts.division_code = project.location().division_code();
  facts.capacities.assign(project.capacities().begin(), project.capacities().end());
  for (const v1::Phase& phase : project.phases()) {
    facts.capacities.insert(facts.capacities.end(), phase.capacities().begin(),
                            phase.capacities().end());
  }
  return facts;
}

std::string_view to_string(MatchRule rule) {
  switch (rule) {
    case MatchRule::kNone:
      return "none";
    case MatchRule::kNameKey:
      return "name_key";
    case MatchRule::kAliasKey:
      return "alias_key";
    case MatchRule::kOrganizationPlaceCapacity:
      return "organization_place_capacity";
    case MatchRule::kCoreName:
      return "core_name";
    case MatchRule::kPartOf:
      return "part_of";
    case MatchRule::kPlaceFacility:
      return "place_facility";
    case MatchRule::kProjectCode:
      return "project_code";
  }
  return "none";
}

MatchDecision resolve_mention(const EntityFacts& mention,
                              const std::vector<EntityFacts>& candidates) {
  std::vector<ScoredCandidate> strong;
  std::vector<ScoredCandidate> plausible;
  std::set<std::string> seen;
  for (const EntityFacts& candidate : candidates) {
    if (candidate.project_id.empty() || !seen.insert(candidate.project_id).second) continue;
    ScoredCandidate scored = score(mention, candidate);
    if (scored.score >= kMergeThreshold)
      strong.push_back(std::move(scored));
    else if (scored.score >= kReviewThreshold)
      plausible.push_back(std::move(scored));
  }
  MatchDecision decision;
  if (strong.size() == 1) {
    decision.outcome = MatchDecision::Outcome::kMatch;
    decision.project_id = strong.front().project_id;
    decision.rule = strong.front().rule;
    decision.confidence = strong.front().score;
    return decision;
  }
  if (strong.size() > 1) {
    decision.outcome = MatchDecision::Outcome::kAmbiguous;
    decision.candidates = std::move(strong);
    for (ScoredCandidate& c : decision.candidates) c.reason += "; several projects match";
    return decision;
  }
  if (!plausible.empty()) {
    decision.outcome = MatchDecision::Outcome::kAmbiguous;
    decision.candidates = std::move(plausible);
    return decision;
  }
  return decision;
}

}  // namespace investtrack::store
