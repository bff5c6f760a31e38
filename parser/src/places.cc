// Administrative divisions and development zones found in normalized text.
//
// The division tables (parser/data/china-division, GB/T 2260 codes) and the reading rules
// (parser/data/places/short_name_rules.txt) are compiled into the library; see
// parser/data/embed_tables.cmake. Everything is built once into an immutable Impl.
#include "investtrack/parser/places.h"

#include <algorithm>
#include <array>
#include <iterator>
#include <cstdint>
#include <map>
#include <set>
#include <tuple>
#include <span>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "investtrack/parser/utf8.h"

namespace investtrack::parser {

namespace place_tables {
extern const std::string_view kProvincesCsv;
extern const std::string_view kCitiesCsv;
extern const std::string_view kAreasCsv;
extern const std::string_view kShortNameRules;
}  // namespace place_tables

namespace {

// ---------------------------------------------------------------------------------------------
// UTF-8 helpers: utf8.h's steps. The text is valid UTF-8 after decoding, but nothing here may
// crash on bytes that are not: a bad lead byte counts as one byte and a truncated sequence ends at
// the text.

// Code point at offset (0 when out of range or malformed) and its byte length: decode_utf8_at(),
// with a malformed byte read as 0 (no rule here matches it; a real U+FFFD is three bytes long).
[[gnu::always_inline]] inline std::pair<char32_t, std::size_t> decode_at(std::string_view text, std::size_t offset) {
  const CodePoint cp = decode_utf8_at(text, offset);
  return {cp.length == 1 && cp.value == 0xFFFD ? 0 : cp.value, cp.length};
}

bool is_ideograph(char32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
         (cp >= 0x20000 && cp <= 0x2FFFF) || (cp >= 0xF900 && cp <= 0xFAFF);
}

std::size_t char_count(std::string_view s) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < s.size(); i += utf8_sequence_length(static_cast<unsigned char>(s[i]))) ++count;
  return count;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}

// The character (as a UTF-8 string_view) at offset, empty at the end.
std::string_view char_at(std::string_view text, std::size_t offset) {
  if (offset >= text.size()) return {};
  const std::size_t length = std::min(utf8_sequence_length(static_cast<unsigned char>(text[offset])),
                                      text.size() - offset);
  return text.substr(offset, length);
}

bool is_one_of(std::string_view ch, std::initializer_list<std::string_view> set) {
  return std::find(set.begin(), set.end(), ch) != set.end();
}

// ---------------------------------------------------------------------------------------------
// Short names. A division's short name drops its level word and, for autonomous divisions, the
// peoples named before it: 延边朝鲜族自治州 -> 延边, 内蒙古自治区 -> 内蒙古, 武乡县 -> 武乡.

constexpr std::string_view kPeoples[] = {
    "蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗", "瑶", "白", "土家",
    "哈尼", "哈萨克", "傣", "黎", "傈僳", "佤", "畲", "高山", "拉祜", "水", "东乡", "纳西", "景颇",
    "柯尔克孜", "土", "达斡尔", "仫佬", "羌", "布朗", "撒拉", "毛南", "仡佬", "锡伯", "阿昌", "普米",
    "塔吉克", "怒", "乌孜别克", "俄罗斯", "鄂温克", "德昂", "保安", "裕固", "京", "塔塔尔", "独龙",
    "鄂伦春", "赫哲", "门巴", "珞巴", "基诺", "各"};

std::string strip_peoples(std::string stem) {
  for (bool changed = true; changed;) {
    changed = false;
    for (std::string_view people : kPeoples) {
      for (std::string_view suffix : {std::string(people) + "族", std::string(people)}) {
        if (ends_with(stem, suffix) && char_count(stem) - char_count(suffix) >= 2) {
          stem.resize(stem.size() - suffix.size());
          changed = true;
          break;
        }
      }
      if (changed) break;
    }
  }
  // 东乡族自治县, 鄂温克族自治旗: the people is the whole name; keep it without 族.
  if (ends_with(stem, "族") && char_count(stem) >= 3) stem.resize(stem.size() - std::string_view("族").size());
  return stem;
}

std::string derive_short_name(std::string_view name) {
  for (std::string_view suffix : {"自治区", "自治州", "自治县", "自治旗"}) {
    if (ends_with(name, suffix)) {
      std::string stem = strip_peoples(std::string(name.substr(0, name.size() - suffix.size())));
      return char_count(stem) >= 2 ? stem : std::string();
    }
  }
  for (std::string_view suffix : {"地区", "林区", "特区", "新区", "省", "市", "县", "区", "盟", "旗"}) {
    if (!ends_with(name, suffix)) continue;
    std::string_view stem = name.substr(0, name.size() - suffix.size());
    if (char_count(stem) < 2) return {};
    // 土默特左旗 -> 土默特左 is no name anyone writes.
    if (suffix == "旗") {
      const std::string_view last = stem.substr(utf8_previous(stem, stem.size()));
      if (is_one_of(last, {"左", "右", "前", "中", "后"})) return {};
    }
    return std::string(stem);
  }
  return {};
}

// ---------------------------------------------------------------------------------------------
// CSV rows of china-division: code,"name",parentCode[,provinceCode]

std::vector<std::vector<std::string_view>> parse_csv(std::string_view csv) {
  std::vector<std::vector<std::string_view>> rows;
  bool header = true;
  while (!csv.empty()) {
    const std::size_t eol = csv.find('\n');
    std::string_view line = csv.substr(0, eol);
    csv = eol == std::string_view::npos ? std::string_view() : csv.substr(eol + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    if (header) {
      header = false;
      continue;
    }
    std::vector<std::string_view> fields;
    while (true) {
      const std::size_t comma = line.find(',');
      std::string_view field = line.substr(0, comma);
      if (field.size() >= 2 && field.front() == '"' && field.back() == '"') field = field.substr(1, field.size() - 2);
      fields.push_back(field);
      if (comma == std::string_view::npos) break;
      line.remove_prefix(comma + 1);
    }
    rows.push_back(std::move(fields));
  }
  return rows;
}

std::string pad_code(std::string_view code) {
  std::string padded(code);
  padded.resize(6, '0');
  return padded;
}

// Words that end a zone's name when read backwards: a zone's name never contains them.
constexpr std::string_view kZoneStopWords[] = {
    "的", "在", "和", "与", "及", "、", "是", "为", "将", "已", "于", "由", "对", "向", "把", "被",
    "从", "到", "等", "或", "并", "落户", "位于", "建设", "引进", "签约", "项目", "入驻", "签订", "开工",
    "投资", "推进", "打造", "建成", "成立", "企业"};

// A zone named only by the words before its suffix (no place) must not start with these.
constexpr std::string_view kGenericZoneLeads[] = {
    "国家级", "省级", "市级", "县级", "国家", "各", "本", "该", "全", "此", "这", "重点", "现有", "特色",
    "新", "相关", "其他", "所在"};

// Characters before a county-level short name (or a two-character full name) that show it starts
// a word: prepositions and verbs that introduce a place.
bool is_place_lead_in(std::string_view ch) {
  return is_one_of(ch, {"在", "于", "到", "赴", "至", "从", "自", "和", "与", "及", "同", "由", "向", "对",
                        "为", "是", "往", "经", "驻", "户", "入", "进", "、", "原", "走", "去", "来"});
}

// A byte trie flattened into two arrays; a node's edges are sorted by byte.
struct TrieNode {
  std::uint32_t first_edge = 0;
  std::uint32_t edge_count = 0;
  std::int32_t surface = -1;
};
struct TrieEdge {
  unsigned char byte;
  std::uint32_t target;
};

}  // namespace

// ---------------------------------------------------------------------------------------------

struct Gazetteer::Impl {
  // What a surface string in the trie stands for. Several roles can share one surface.
  struct Surface {
    std::vector<const Division*> full;      // divisions with this full name
    std::vector<const Division*> short_of;  // divisions with this short name
    int known_zone = -1;                    // index into zones
    bool zone_suffix = false;
    bool strict_zone_suffix = false;        // 新区, 示范区: need a place before them
    bool bare_zone_suffix = false;          // 开发区, 园区 words that name no kind of zone
    bool trap = false;
    bool generic = false;                   // full name that needs its parent right before it
  };
  struct KnownZone {
    std::string name;
    const Division* parent = nullptr;
  };
  using Node = TrieNode;
  using Edge = TrieEdge;

  std::vector<Division> divisions;
  std::unordered_map<std::string, const Division*> by_code;
  std::vector<KnownZone> zones;
  std::vector<Surface> surfaces;
  std::vector<Node> nodes;
  std::vector<Edge> edges;
  // Every surface has at least two characters; a bit per hashed leading pair lets the scan skip
  // nearly every position without touching the trie.
  std::vector<std::uint64_t> leading_pairs = std::vector<std::uint64_t>(kPairBits / 64, 0);

  Impl();

  static constexpr std::size_t kPairBits = std::size_t{1} << 18;  // 32 KB: stays in L1
  static std::size_t pair_hash(char32_t first, char32_t second) {
    const std::uint64_t h = (static_cast<std::uint64_t>(first) * 0x9E3779B97F4A7C15ULL) ^
                            (static_cast<std::uint64_t>(second) * 0xC2B2AE3D27D4EB4FULL);
    return static_cast<std::size_t>((h >> 32) & (kPairBits - 1));
  }
  // One bit per code point of the BMP, set when a surface starts with it. Most characters of a
  // text start none; this test needs neither the next character nor a hash.
  static constexpr std::size_t kFirstBits = std::size_t{1} << 16;
  std::vector<std::uint64_t> leading_chars = std::vector<std::uint64_t>(kFirstBits / 64, 0);
  bool char_may_start(char32_t first) const {
    return first >= kFirstBits || ((leading_chars[first / 64] >> (first % 64)) & 1U) != 0;
  }

  // The first position at or after i that the scan in find() must look at: it steps over each
  // well-formed three-byte character that char_may_start() rules out, or that is followed by a
  // well-formed three-byte character with which pair_may_start() rules it out, and it would give
  // each of those the same verdict one at a time. Anything else (ASCII, other lengths, broken
  // bytes, the text's end) stops here for the scan's general path.
  std::size_t skip_non_starts(std::string_view text, std::size_t i) const {
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t n = text.size();
    auto three_byte_at = [&](std::size_t at, char32_t& cp) {
      const unsigned lead = p[at];
      if ((lead & 0xF0) != 0xE0 || ((p[at + 1] ^ 0x80U) | (p[at + 2] ^ 0x80U)) >= 0x40) return false;
      cp = ((lead & 0x0FU) << 12) | ((p[at + 1] & 0x3FU) << 6) | (p[at + 2] & 0x3FU);
      return true;
    };
    char32_t first = 0;
    while (i + 3 <= n && three_byte_at(i, first)) {
      if (((leading_chars[first / 64] >> (first % 64)) & 1U) != 0) {
        char32_t second = 0;
        if (i + 6 > n || !three_byte_at(i + 3, second) || first < 0x80 || pair_may_start(first, second)) break;
      }
      i += 3;
    }
    return i;
  }

  bool pair_may_start(char32_t first, char32_t second) const {
    const std::size_t bit = pair_hash(first, second);
    return (leading_pairs[bit / 64] >> (bit % 64)) & 1U;
  }

  // parents[i] is the parent of divisions[i]: resolving walks up the tree for every pair of
  // mentions, and a hash lookup of the parent's code per step was most of resolve()'s time.
  std::vector<const Division*> parents;

  const Division* parent(const Division* d) const {
    if (d == nullptr || d->parent_code.empty()) return nullptr;
    if (d >= divisions.data() && d < divisions.data() + divisions.size()) {
      return parents[static_cast<std::size_t>(d - divisions.data())];
    }
    auto it = by_code.find(d->parent_code);
    return it == by_code.end() ? nullptr : it->second;
  }
  // d itself, then its ancestors up to the province. At most four levels, so it lives on the stack.
  struct Chain {
    std::array<const Division*, 4> items{};
    std::size_t size = 0;
    const Division* const* begin() const { return items.data(); }
    const Division* const* end() const { return items.data() + size; }
  };
  Chain chain(const Division* d) const {
    Chain out;
    for (; d != nullptr && out.size < out.items.size(); d = parent(d)) out.items[out.size++] = d;
    return out;
  }
  bool is_ancestor_or_self(const Division* ancestor, const Division* d) const {
    for (int guard = 0; d != nullptr && guard < 4; ++guard, d = parent(d))
      if (d == ancestor) return true;
    return false;
  }
  bool related(const Division* a, const Division* b) const {
    return is_ancestor_or_self(a, b) || is_ancestor_or_self(b, a);
  }

  // Every (end offset, surface) for surfaces starting at begin, shortest first.
  void matches_at(std::string_view text, std::size_t begin,
                  std::vector<std::pair<std::size_t, const Surface*>>& out) const;

  std::vector<PlaceMention> find(std::string_view text) const;
  Location resolve(const std::vector<PlaceMention>& mentions, const Location& context) const;
  const Division* context_division(const Location& context) const;
  const Surface* surface_of(std::string_view s) const;
};

namespace {

// Builds the byte trie from a surface map; kept apart so Impl's constructor stays readable.
class TrieBuilder {
 public:
  TrieBuilder() { children_.emplace_back(); surfaces_.push_back(-1); }
  void insert(std::string_view key, std::int32_t surface) {
    std::uint32_t node = 0;
    for (char c : key) {
      const auto byte = static_cast<unsigned char>(c);
      auto& kids = children_[node];
      auto it = kids.find(byte);
      if (it == kids.end()) {
        const auto next = static_cast<std::uint32_t>(children_.size());
        kids.emplace(byte, next);
        children_.emplace_back();
        surfaces_.push_back(-1);
        node = next;
      } else {
        node = it->second;
      }
    }
    surfaces_[node] = surface;
  }
  void flatten(std::vector<TrieNode>& nodes, std::vector<TrieEdge>& edges) const {
    nodes.resize(children_.size());
    for (std::size_t n = 0; n < children_.size(); ++n) {
      nodes[n].first_edge = static_cast<std::uint32_t>(edges.size());
      nodes[n].edge_count = static_cast<std::uint32_t>(children_[n].size());
      nodes[n].surface = surfaces_[n];
      for (const auto& [byte, target] : children_[n]) edges.push_back({byte, target});  // std::map: sorted
    }
  }

 private:
  std::vector<std::map<unsigned char, std::uint32_t>> children_;
  std::vector<std::int32_t> surfaces_;
};

}  // namespace

Gazetteer::Impl::Impl() {
  const auto provinces = parse_csv(place_tables::kProvincesCsv);
  const auto cities = parse_csv(place_tables::kCitiesCsv);
  const auto areas = parse_csv(place_tables::kAreasCsv);

  // Cities that are only placeholders in GB/T 2260 (市辖区 of a municipality, 省直辖县级行政区划):
  // their counties hang directly under the province.
  std::unordered_map<std::string, std::string> city_parent;  // 4-digit city code -> 6-digit parent code
  std::unordered_map<std::string, std::string> city_name;
  for (const auto& row : cities) {
    if (row.size() < 3) continue;
    city_name[std::string(row[0])] = std::string(row[1]);
    const bool placeholder = row[1] == "市辖区" || row[1] == "县" || row[1].find("直辖") != std::string_view::npos;
    city_parent[std::string(row[0])] = placeholder ? pad_code(row[2]) : pad_code(row[0]);
  }

  divisions.reserve(provinces.size() + cities.size() + areas.size());
  for (const auto& row : provinces) {
    if (row.size() < 2) continue;
    divisions.push_back({pad_code(row[0]), std::string(row[1]), derive_short_name(row[1]), DivisionLevel::kProvince, ""});
  }
  for (const auto& row : cities) {
    if (row.size() < 3 || city_parent[std::string(row[0])] != pad_code(row[0])) continue;
    divisions.push_back({pad_code(row[0]), std::string(row[1]), derive_short_name(row[1]), DivisionLevel::kCity, pad_code(row[2])});
  }
  std::vector<std::pair<std::string, std::string>> zone_rows;  // name, parent code
  for (const auto& row : areas) {
    if (row.size() < 3 || row[0].size() != 6) continue;
    const std::string parent_code = city_parent.count(std::string(row[2])) ? city_parent[std::string(row[2])] : pad_code(row[2]);
    // Codes xxxx7x are development zones listed next to the counties; they are not divisions.
    if (row[0][4] == '7') {
      zone_rows.emplace_back(std::string(row[1]), parent_code);
      continue;
    }
    // 东莞市, 中山市: cities without counties repeat themselves as their only county.
    if (city_name[std::string(row[2])] == row[1]) continue;
    divisions.push_back({std::string(row[0]), std::string(row[1]), derive_short_name(row[1]), DivisionLevel::kCounty, parent_code});
  }
  for (const Division& d : divisions) by_code.emplace(d.code, &d);
  parents.reserve(divisions.size());
  for (const Division& d : divisions) {
    const auto it = d.parent_code.empty() ? by_code.end() : by_code.find(d.parent_code);
    parents.push_back(it == by_code.end() ? nullptr : it->second);
  }
  for (auto& [name, parent_code] : zone_rows) {
    auto it = by_code.find(parent_code);
    zones.push_back({name, it == by_code.end() ? nullptr : it->second});
  }

  // Rules file.
  std::set<std::string, std::less<>> blocked, traps, generic;
  for (std::string_view rules = place_tables::kShortNameRules; !rules.empty();) {
    const std::size_t eol = rules.find('\n');
    std::string_view line = rules.substr(0, eol);
    rules = eol == std::string_view::npos ? std::string_view() : rules.substr(eol + 1);
    if (const std::size_t hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r' || line.back() == '\t')) line.remove_suffix(1);
    const std::size_t space = line.find(' ');
    if (space == std::string_view::npos) continue;
    const std::string_view kind = line.substr(0, space);
    const std::string word(line.substr(space + 1));
    if (kind == "block") blocked.insert(word);
    else if (kind == "trap") traps.insert(word);
    else if (kind == "generic") generic.insert(word);
  }

  // A short name held by a higher level means that level (河南 is the province, not 河南县).
  std::unordered_map<std::string, int> best_level;
  for (const Division& d : divisions) {
    if (d.short_name.empty()) continue;
    auto [it, inserted] = best_level.emplace(d.short_name, static_cast<int>(d.level));
    if (!inserted) it->second = std::min(it->second, static_cast<int>(d.level));
  }
  for (Division& d : divisions) {
    if (d.short_name.empty()) continue;
    if (blocked.count(d.short_name) || best_level[d.short_name] < static_cast<int>(d.level)) d.short_name.clear();
  }

  std::unordered_map<std::string, std::int32_t> index;
  auto surface_for = [&](const std::string& key) -> Surface& {
    auto [it, inserted] = index.emplace(key, static_cast<std::int32_t>(surfaces.size()));
    if (inserted) surfaces.emplace_back();
    return surfaces[static_cast<std::size_t>(it->second)];
  };
  for (const Division& d : divisions) {
    Surface& full = surface_for(d.name);
    full.full.push_back(&d);
    if (generic.count(d.name)) full.generic = true;
    // A single-character short name (晋, 忻) is never read: one character is rarely a place.
    if (!d.short_name.empty() && char_count(d.short_name) >= 2) surface_for(d.short_name).short_of.push_back(&d);
  }
  for (std::size_t z = 0; z < zones.size(); ++z) surface_for(zones[z].name).known_zone = static_cast<int>(z);
  for (std::string_view suffix : {"经济技术开发区", "经济开发区", "高新技术产业开发区", "高新技术开发区", "高新区",
                                  "开发区", "综合保税区", "综保区", "保税区", "工业园区", "产业园区", "示范区", "新区"}) {
    Surface& s = surface_for(std::string(suffix));
    s.zone_suffix = true;
    s.strict_zone_suffix = suffix == "示范区" || suffix == "新区";
    s.bare_zone_suffix = suffix == "开发区" || suffix == "保税区";
  }
  for (const std::string& word : traps) surface_for(word).trap = true;

  TrieBuilder builder;
  for (const auto& [key, surface] : index) {
    if (char_count(key) < 2) continue;  // one character is never a name here
    builder.insert(key, surface);
    const auto [first, first_length] = decode_at(key, 0);
    const std::size_t bit = pair_hash(first, decode_at(key, first_length).first);
    leading_pairs[bit / 64] |= std::uint64_t{1} << (bit % 64);
    if (first < kFirstBits) leading_chars[first / 64] |= std::uint64_t{1} << (first % 64);
  }
  builder.flatten(nodes, edges);
}

void Gazetteer::Impl::matches_at(std::string_view text, std::size_t begin,
                                 std::vector<std::pair<std::size_t, const Surface*>>& out) const {
  out.clear();
  std::uint32_t node = 0;
  for (std::size_t i = begin; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    const Node& n = nodes[node];
    const Edge* first = edges.data() + n.first_edge;
    const Edge* last = first + n.edge_count;
    const Edge* hit = std::lower_bound(first, last, byte, [](const Edge& e, unsigned char b) { return e.byte < b; });
    if (hit == last || hit->byte != byte) return;
    node = hit->target;
    if (nodes[node].surface >= 0) out.emplace_back(i + 1, &surfaces[static_cast<std::size_t>(nodes[node].surface)]);
  }
}

const Gazetteer::Impl::Surface* Gazetteer::Impl::surface_of(std::string_view s) const {
  std::uint32_t node = 0;
  for (char c : s) {
    const auto byte = static_cast<unsigned char>(c);
    const Node& n = nodes[node];
    const Edge* first = edges.data() + n.first_edge;
    const Edge* last = first + n.edge_count;
    const Edge* hit = std::lower_bound(first, last, byte, [](const Edge& e, unsigned char b) { return e.byte < b; });
    if (hit == last || hit->byte != byte) return nullptr;
    node = hit->target;
  }
  return nodes[node].surface >= 0 ? &surfaces[static_cast<std::size_t>(nodes[node].surface)] : nullptr;
}

namespace {

enum class TokenKind { kPlace, kKnownZone, kZoneSuffix, kTrap };

struct Token {
  std::size_t begin = 0;
  std::size_t end = 0;
  TokenKind kind = TokenKind::kPlace;
  std::vector<const Division*> candidates;
  bool strict_suffix = false;
  int known_zone = -1;
  bool bare_suffix = false;
};

bool is_boundary_char(std::string_view text, std::size_t offset) {
  const auto [cp, length] = decode_at(text, offset);
  return length == 0 || !is_ideograph(cp);
}

// Words after a short name that make it part of a smaller place or a street named after it
// (南武乡镇, 太原路, 中山大道, 新都桥): the short name is then not the division.
bool short_name_continues(std::string_view text, std::size_t end) {
  const std::string_view next = char_at(text, end);
  if (is_one_of(next, {"镇", "乡", "村", "街", "路", "巷", "弄", "社", "组", "屯", "桥"})) return true;
  const std::string_view rest = text.substr(std::min(end, text.size()));
  for (std::string_view word : {"大道", "大街", "中路", "东路", "西路", "南路", "北路"})
    if (starts_with(rest, word)) return true;
  return false;
}

// A two-character full name (和县, 城区, 沛县) read inside a phrase: 市委和县委, 新县城.
bool short_full_name_continues(std::string_view text, std::size_t end) {
  return is_one_of(char_at(text, end), {"委", "政", "级", "城", "域", "长", "里", "内", "乡", "镇", "区",
                                        "县", "市", "际", "属", "直", "情", "志"});
}

}  // namespace

std::vector<PlaceMention> Gazetteer::Impl::find(std::string_view text) const {
  std::vector<Token> tokens;
  std::vector<std::pair<std::size_t, const Surface*>> found;
  std::vector<std::pair<std::size_t, const Surface*>> inner;

  auto previous_place_ends_at = [&](std::size_t offset) -> const Token* {
    if (tokens.empty()) return nullptr;
    const Token& last = tokens.back();
    return last.kind == TokenKind::kPlace && last.end == offset ? &last : nullptr;
  };
  // A county short name or a two-character full name needs a word start on its left: the text
  // start, punctuation, a word that introduces a place, or the division above it (长治武乡). A
  // place right after an unrelated place (忻州双流) is read as one word, so not as a place.
  // Returns the candidates that fit, empty when the name does not start a word here.
  auto fit_word_start = [&](std::size_t begin, const std::vector<const Division*>& candidates) {
    if (const Token* before = previous_place_ends_at(begin)) {
      std::vector<const Division*> under;
      for (const Division* d : candidates)
        for (const Division* p : before->candidates)
          if (p != d && is_ancestor_or_self(p, d)) {
            under.push_back(d);
            break;
          }
      return under;
    }
    if (begin == 0) return candidates;
    const std::size_t prev = utf8_previous(text, begin);
    if (is_boundary_char(text, prev) || is_place_lead_in(char_at(text, prev))) return candidates;
    return std::vector<const Division*>{};
  };

  // Most characters start no surface: their own code point rules them out before the next one is
  // decoded and the pair hashed.
  std::size_t i = 0;
  while (i < text.size()) {
    i = skip_non_starts(text, i);
    if (i >= text.size()) break;
    const auto [current, current_length] = decode_at(text, i);
    const std::size_t step = std::max<std::size_t>(1, current_length);
    if (current < 0x80 || !char_may_start(current)) {
      i += step;
      continue;
    }
    const auto [next, next_length] = decode_at(text, i + step);
    if (next_length == 0 || !pair_may_start(current, next)) {
      i += step;
      continue;
    }
    matches_at(text, i, found);
    bool accepted = false;
    for (auto it = found.rbegin(); it != found.rend() && !accepted; ++it) {
      const std::size_t end = it->first;
      const Surface& s = *it->second;
      const std::size_t chars = char_count(text.substr(i, end - i));

      if (s.trap) {
        // A trap gives way to a full name that starts inside it and runs past it (年日照市).
        bool overridden = false;
        for (std::size_t k = i + step; k < end && !overridden;) {
          matches_at(text, k, inner);
          for (const auto& [inner_end, inner_surface] : inner)
            if (inner_end > end && !inner_surface->full.empty()) overridden = true;
          k += std::max<std::size_t>(1, utf8_sequence_length(static_cast<unsigned char>(text[k])));
        }
        if (!overridden) {
          tokens.push_back({i, end, TokenKind::kTrap, {}, false, -1});
          accepted = true;
        }
        continue;
      }
      if (s.known_zone >= 0) {
        const Division* parent = zones[static_cast<std::size_t>(s.known_zone)].parent;
        Token t{i, end, TokenKind::kKnownZone, {}, false, s.known_zone};
        if (parent != nullptr) t.candidates.push_back(parent);
        tokens.push_back(std::move(t));
        accepted = true;
        continue;
      }
      if (!s.full.empty()) {
        std::vector<const Division*> candidates = s.full;
        bool ok = true;
        if (s.generic) {
          // 城区 alone is any town's centre; 阳泉市城区 is a division.
          const Token* parent_token = previous_place_ends_at(i);
          ok = parent_token != nullptr;
          if (ok) {
            std::erase_if(candidates, [&](const Division* d) {
              return std::none_of(parent_token->candidates.begin(), parent_token->candidates.end(),
                                  [&](const Division* p) { return is_ancestor_or_self(p, d); });
            });
            ok = !candidates.empty();
          }
        } else if (chars <= 2) {
          candidates = fit_word_start(i, candidates);
          ok = !candidates.empty() && !short_full_name_continues(text, end);
        }
        if (ok && ends_with(s.full.front()->name, "区") && char_at(text, end) == "域") ok = false;  // 新华区域
        if (ok) {
          tokens.push_back({i, end, TokenKind::kPlace, std::move(candidates), false, -1});
          accepted = true;
          continue;
        }
      }
      if (!s.short_of.empty()) {
        std::vector<const Division*> candidates = s.short_of;
        bool ok = !short_name_continues(text, end);
        const bool county_level = std::all_of(s.short_of.begin(), s.short_of.end(),
                                              [](const Division* d) { return d->level == DivisionLevel::kCounty; });
        if (ok && county_level && chars <= 2) {
          candidates = fit_word_start(i, candidates);
          ok = !candidates.empty();
        }
        if (ok) {
          tokens.push_back({i, end, TokenKind::kPlace, std::move(candidates), false, -1});
          accepted = true;
          continue;
        }
      }
      if (s.zone_suffix) {
        tokens.push_back({i, end, TokenKind::kZoneSuffix, {}, s.strict_zone_suffix, -1, s.bare_zone_suffix});
        accepted = true;
      }
    }
    if (accepted) {
      i = tokens.back().end;
    } else {
      i += step;
    }
  }

  // Zones: a suffix (经济开发区) preceded by the place that names it, or, for the less generic
  // suffixes, by a short run of words that starts right after punctuation.
  auto gap_is_name = [&](std::size_t from, std::size_t to, std::size_t max_chars) {
    if (to < from) return false;
    const std::string_view gap = text.substr(from, to - from);
    std::size_t chars = 0;
    for (std::size_t k = 0; k < gap.size();) {
      const auto [cp, length] = decode_at(gap, k);
      if (length == 0 || !is_ideograph(cp)) return false;
      for (std::string_view stop : kZoneStopWords)
        if (starts_with(gap.substr(k), stop)) return false;
      k += length;
      if (++chars > max_chars) return false;
    }
    return true;
  };

  // A zone named without a place must stand alone: punctuation (or its office) right after it.
  auto closes_name = [&](std::size_t end) {
    if (end >= text.size() || is_boundary_char(text, end)) return true;
    const std::string_view rest = text.substr(end);
    return starts_with(rest, "管委会") || starts_with(rest, "管理委员会");
  };

  std::vector<PlaceMention> mentions;
  for (std::size_t k = 0; k < tokens.size(); ++k) {
    const Token& t = tokens[k];
    if (t.kind == TokenKind::kPlace) {
      mentions.push_back({{t.begin, t.end}, t.candidates, false, {}});
    } else if (t.kind == TokenKind::kKnownZone) {
      mentions.push_back({{t.begin, t.end}, t.candidates, true, std::string(text.substr(t.begin, t.end - t.begin))});
    } else if (t.kind == TokenKind::kZoneSuffix) {
      std::size_t start = t.begin;
      std::vector<const Division*> candidates;
      // Walk back over the places that name the zone: 山西省忻州市 + 经济开发区.
      std::size_t j = k;
      std::size_t right = t.begin;
      while (j > 0 && tokens[j - 1].kind == TokenKind::kPlace &&
             gap_is_name(tokens[j - 1].end, right, right == t.begin ? 12 : 0)) {
        --j;
        if (candidates.empty()) candidates = tokens[j].candidates;
        start = right = tokens[j].begin;
      }
      // 山西省开发区协会, 广东省工业园区: a province right before the suffix speaks of its zones in
      // general; a real zone adds its own word (山西综改示范区).
      if (start != t.begin && j + 1 == k && tokens[j].end == t.begin &&
          std::all_of(candidates.begin(), candidates.end(),
                      [](const Division* d) { return d->level == DivisionLevel::kProvince; })) {
        continue;
      }
      if (start == t.begin && !t.strict_suffix && !t.bare_suffix && closes_name(t.end)) {
        // No place: accept 2-8 name characters bounded by punctuation, not led by a generic word.
        std::size_t left = t.begin;
        std::size_t chars = 0;
        while (left > 0 && chars <= 8) {
          const std::size_t prev = utf8_previous(text, left);
          const auto [cp, length] = decode_at(text, prev);
          if (length == 0 || !is_ideograph(cp)) break;
          left = prev;
          ++chars;
        }
        const bool bounded = left == 0 || is_boundary_char(text, utf8_previous(text, left));
        const std::string_view lead_words = text.substr(left, t.begin - left);
        const bool generic_lead = std::any_of(std::begin(kGenericZoneLeads), std::end(kGenericZoneLeads),
                                              [&](std::string_view g) { return starts_with(lead_words, g); });
        if (bounded && chars >= 2 && chars <= 8 && !generic_lead && gap_is_name(left, t.begin, 8) &&
            (k == 0 || tokens[k - 1].end <= left)) {
          start = left;
        }
      }
      if (start == t.begin) continue;  // a bare suffix names no zone
      PlaceMention zone{{start, t.end}, std::move(candidates), true, std::string(text.substr(start, t.end - start))};
      mentions.push_back(std::move(zone));
    }
  }
  std::stable_sort(mentions.begin(), mentions.end(), [](const PlaceMention& a, const PlaceMention& b) {
    return a.span.begin != b.span.begin ? a.span.begin < b.span.begin : a.span.end > b.span.end;
  });
  return mentions;
}

const Division* Gazetteer::Impl::context_division(const Location& context) const {
  if (!context.division_code.empty()) {
    auto it = by_code.find(context.division_code);
    if (it != by_code.end()) return it->second;
  }
  auto named = [&](const std::string& name, const Division* within) -> const Division* {
    if (name.empty()) return nullptr;
    const Surface* s = surface_of(name);
    if (s == nullptr) return nullptr;
    std::vector<const Division*> pool = s->full.empty() ? s->short_of : s->full;
    if (within != nullptr) std::erase_if(pool, [&](const Division* d) { return !is_ancestor_or_self(within, d); });
    return pool.size() == 1 ? pool.front() : nullptr;
  };
  const Division* province = named(context.province, nullptr);
  const Division* city = named(context.city, province);
  // A municipality's "city" is the province itself.
  if (city != nullptr && city->level == DivisionLevel::kProvince) city = nullptr;
  const Division* county = named(context.county, city != nullptr ? city : province);
  if (county != nullptr) return county;
  if (city != nullptr) return city;
  return province;
}

Location Gazetteer::Impl::resolve(const std::vector<PlaceMention>& mentions, const Location& context) const {
  const Division* ctx = context_division(context);

  // Candidate sets; a zone counts as a place only when no place mention starts where it does
  // (忻州经济开发区 already gave 忻州).
  // Offsets where a place mention starts, collected once: comparing every zone with every
  // mention was quadratic in the mentions of a project named many times.
  std::unordered_set<std::size_t> place_begins;
  for (const PlaceMention& mention : mentions)
    if (!mention.is_zone) place_begins.insert(mention.span.begin);
  // Views of the mentions' candidate lists, which outlive this call.
  std::vector<std::span<const Division* const>> sets;
  std::vector<std::size_t> order;
  for (std::size_t m = 0; m < mentions.size(); ++m) {
    const PlaceMention& mention = mentions[m];
    if (mention.candidates.empty()) continue;
    if (mention.is_zone && place_begins.count(mention.span.begin)) continue;
    sets.emplace_back(mention.candidates);
    order.push_back(m);
  }

  std::vector<const Division*> resolved(sets.size(), nullptr);
  for (std::size_t s = 0; s < sets.size(); ++s)
    if (sets[s].size() == 1) resolved[s] = sets[s].front();
  // A project named many times brings many mentions, so "is another mention's division above or
  // below this candidate" is answered from counts rather than by comparing every pair:
  // at[x] counts the mentions resolved to x, under[x] those resolved strictly below x.
  std::unordered_map<const Division*, std::size_t> at;
  std::unordered_map<const Division*, std::size_t> under;
  auto count = [&](const Division* d, int delta) {
    if (d == nullptr) return;
    at[d] += static_cast<std::size_t>(delta);
    for (const Division* a = parent(d); a != nullptr; a = parent(a)) under[a] += static_cast<std::size_t>(delta);
  };
  // Whether a mention other than `self` is resolved to a division related to `candidate` and
  // different from it. `self` counts in at/under when `self_counted`.
  auto supported = [&](const Division* candidate, const Division* self, bool self_counted) {
    std::size_t below = under.count(candidate) ? under.at(candidate) : 0;
    if (self_counted && self != candidate && is_ancestor_or_self(candidate, self)) --below;
    if (below > 0) return true;
    for (const Division* a = parent(candidate); a != nullptr; a = parent(a)) {
      std::size_t n = at.count(a) ? at.at(a) : 0;
      if (self_counted && self == a) --n;
      if (n > 0) return true;
    }
    return false;
  };
  // Settles mention s from the candidates other mentions support (`pool`), then the context.
  auto resolve_one = [&](std::size_t s, std::vector<const Division*>& pool) {
    if (pool.size() != 1 && ctx != nullptr) {
      std::vector<const Division*> in_context;
      const std::span<const Division* const> considered = pool.empty() ? sets[s] : std::span<const Division* const>(pool);
      for (const Division* candidate : considered)
        if (related(ctx, candidate)) in_context.push_back(candidate);
      if (!in_context.empty()) pool = std::move(in_context);
    }
    if (pool.empty()) pool.assign(sets[s].begin(), sets[s].end());
    if (pool.size() == 1) {
      resolved[s] = pool.front();
      return;
    }
    // Still ambiguous: keep only what all candidates share (two 城区 in one province -> it).
    const Division* shared = nullptr;
    for (const Division* ancestor : chain(pool.front())) {
      if (std::all_of(pool.begin(), pool.end(), [&](const Division* d) { return is_ancestor_or_self(ancestor, d); })) {
        shared = ancestor;
        break;
      }
    }
    resolved[s] = shared;
  };
  // Ambiguous names (鼓楼区): first the other places in the list, then the context. Two rounds so
  // a name settled in the first round can settle another.
  for (int round = 0; round < 2; ++round) {
    // Round 0 reads only names that were never ambiguous; round 1 every name resolved so far,
    // including those this round resolves as it goes.
    at.clear();
    under.clear();
    for (std::size_t o = 0; o < sets.size(); ++o)
      if (!(sets[o].size() > 1 && round == 0)) count(resolved[o], +1);
    for (std::size_t s = 0; s < sets.size(); ++s) {
      if (sets[s].size() < 2 || (resolved[s] != nullptr && resolved[s]->level == DivisionLevel::kCounty)) continue;
      const bool self_counted = round == 1 && resolved[s] != nullptr;
      std::vector<const Division*> pool;
      for (const Division* candidate : sets[s]) {
        if (supported(candidate, resolved[s], self_counted)) pool.push_back(candidate);
      }
      const Division* const before = resolved[s];
      resolve_one(s, pool);
      if (round == 1 && resolved[s] != before) {
        count(before, -1);
        count(resolved[s], +1);
      }
    }
  }

  // The most supported division: each resolved mention supports every division below it. The
  // context breaks ties only; then deeper wins, then the earlier mention.
  const Division* best = nullptr;
  double best_score = -1;
  std::size_t best_order = 0;
  at.clear();
  for (const Division* d : resolved)
    if (d != nullptr) ++at[d];
  for (std::size_t s = 0; s < resolved.size(); ++s) {
    const Division* d = resolved[s];
    if (d == nullptr) continue;
    // One point per mention resolved to d or above it.
    std::size_t support = 0;
    for (const Division* a : chain(d)) support += at.count(a) ? at.at(a) : 0;
    double score = static_cast<double>(support);
    if (ctx != nullptr && related(ctx, d)) score += 0.5;
    score += 0.01 * static_cast<int>(d->level);
    if (best == nullptr || score > best_score || (score == best_score && order[s] < best_order)) {
      best = d;
      best_score = score;
      best_order = order[s];
    }
  }
  // The context is more specific and agrees (the article is about 长治市, the mention says 山西省).
  if (best != nullptr && ctx != nullptr && best != ctx && is_ancestor_or_self(best, ctx)) best = ctx;
  if (best == nullptr) best = ctx;

  Location out;
  for (const Division* d : chain(best)) {
    switch (d->level) {
      case DivisionLevel::kProvince:
        out.province = d->name;
        if (ends_with(d->name, "市")) out.city = d->name;  // municipalities: 北京市 is both
        break;
      case DivisionLevel::kCity: out.city = d->name; break;
      case DivisionLevel::kCounty: out.county = d->name; break;
    }
  }
  if (best != nullptr) out.division_code = best->code;

  for (const PlaceMention& mention : mentions) {
    if (!mention.is_zone) continue;
    const bool consistent = best == nullptr || mention.candidates.empty() ||
                            std::any_of(mention.candidates.begin(), mention.candidates.end(),
                                        [&](const Division* d) { return related(d, best); });
    if (consistent) {
      out.zone = mention.zone_name;
      break;
    }
  }
  if (out.zone.empty() && !context.zone.empty() && (best == nullptr || ctx == nullptr || related(ctx, best)))
    out.zone = context.zone;
  if (best == nullptr && out.zone.empty()) return context;
  return out;
}

// ---------------------------------------------------------------------------------------------

Gazetteer::Gazetteer() : impl_(std::make_shared<const Impl>()) {}

const Gazetteer& Gazetteer::instance() {
  static const Gazetteer gazetteer;  // C++11 magic static: built once, thread-safe
  return gazetteer;
}

const Division* Gazetteer::by_code(std::string_view code) const {
  auto it = impl_->by_code.find(std::string(code));
  return it == impl_->by_code.end() ? nullptr : it->second;
}

std::vector<PlaceMention> Gazetteer::find(std::string_view text) const { return impl_->find(text); }

Location Gazetteer::resolve(const std::vector<PlaceMention>& mentions, const Location& context) const {
  return impl_->resolve(mentions, context);
}

}  // namespace investtrack::parser
