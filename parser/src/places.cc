// Administrative divisions and development zones found in normalized text.
//
// The division tables (parser/data/china-division, GB/T 2260 codes) and the reading rules
// (parser/data/places/short_name_rules.txt) are compiled into the library; see
// parser/data/embed_tables.cmake. Everything is built once into an immutable Impl.
//
// This file holds the tables: reading the embedded CSV and rules, short names, the trie and
// Gazetteer's public entry points. Finding places in a text is place_matching.cc, resolving them
// to one location place_resolution.cc; Impl is declared in places_internal.h.
#include "investtrack/parser/places.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <iterator>
#include <map>
#include <set>
#include <span>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "investtrack/parser/utf8.h"
#include "places_internal.h"

namespace investtrack::parser {

namespace place_tables {
extern const std::string_view kProvincesCsv;
extern const std::string_view kCitiesCsv;
extern const std::string_view kAreasCsv;
extern const std::string_view kShortNameRules;
}  // namespace place_tables

using namespace places_internal;

namespace {

// ---------------------------------------------------------------------------------------------
// Short names. A division's short name drops its level word and, for autonomous divisions, the
// peoples named before it: 延边朝鲜族自治州 -> 延边, 内蒙古自治区 -> 内蒙古, 武乡县 -> 武乡.

constexpr std::string_view kPeoples[] = {
    "蒙古",   "回",       "藏",     "维吾尔",   "苗",   "彝",     "壮",   "布依",
    "朝鲜",   "满",       "侗",     "瑶",       "白",   "土家",   "哈尼", "哈萨克",
    "傣",     "黎",       "傈僳",   "佤",       "畲",   "高山",   "拉祜", "水",
    "东乡",   "纳西",     "景颇",   "柯尔克孜", "土",   "达斡尔", "仫佬", "羌",
    "布朗",   "撒拉",     "毛南",   "仡佬",     "锡伯", "阿昌",   "普米", "塔吉克",
    "怒",     "乌孜别克", "俄罗斯", "鄂温克",   "德昂", "保安",   "裕固", "京",
    "塔塔尔", "独龙",     "鄂伦春", "赫哲",     "门巴", "珞巴",   "基诺", "各"};

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
  if (ends_with(stem, "族") && char_count(stem) >= 3)
    stem.resize(stem.size() - std::string_view("族").size());
  return stem;
}

std::string derive_short_name(std::string_view name) {
  for (std::string_view suffix : {"自治区", "自治州", "自治县", "自治旗"}) {
    if (ends_with(name, suffix)) {
      std::string stem = strip_peoples(std::string(name.substr(0, name.size() - suffix.size())));
      return char_count(stem) >= 2 ? stem : std::string();
    }
  }
  for (std::string_view suffix :
       {"地区", "林区", "特区", "新区", "省", "市", "县", "区", "盟", "旗"}) {
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
      if (field.size() >= 2 && field.front() == '"' && field.back() == '"')
        field = field.substr(1, field.size() - 2);
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

}  // namespace

namespace {

// Builds the byte trie from a surface map; kept apart so Impl's constructor stays readable.
class TrieBuilder {
 public:
  TrieBuilder() {
    children_.emplace_back();
    surfaces_.push_back(-1);
  }
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
      for (const auto& [byte, target] : children_[n])
        edges.push_back({byte, target});  // std::map: sorted
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
  std::unordered_map<std::string, std::string>
      city_parent;  // 4-digit city code -> 6-digit parent code
  std::unordered_map<std::string, std::string> city_name;
  for (const auto& row : cities) {
    if (row.size() < 3) continue;
    city_name[std::string(row[0])] = std::string(row[1]);
    const bool placeholder =
        row[1] == "市辖区" || row[1] == "县" || row[1].find("直辖") != std::string_view::npos;
    city_parent[std::string(row[0])] = placeholder ? pad_code(row[2]) : pad_code(row[0]);
  }

  divisions.reserve(provinces.size() + cities.size() + areas.size());
  for (const auto& row : provinces) {
    if (row.size() < 2) continue;
    divisions.push_back({pad_code(row[0]), std::string(row[1]), derive_short_name(row[1]),
                         DivisionLevel::kProvince, ""});
  }
  for (const auto& row : cities) {
    if (row.size() < 3 || city_parent[std::string(row[0])] != pad_code(row[0])) continue;
    divisions.push_back({pad_code(row[0]), std::string(row[1]), derive_short_name(row[1]),
                         DivisionLevel::kCity, pad_code(row[2])});
  }
  std::vector<std::pair<std::string, std::string>> zone_rows;  // name, parent code
  for (const auto& row : areas) {
    if (row.size() < 3 || row[0].size() != 6) continue;
    const std::string parent_code = city_parent.count(std::string(row[2]))
                                        ? city_parent[std::string(row[2])]
                                        : pad_code(row[2]);
    // Codes xxxx7x are development zones listed next to the counties; they are not divisions.
    if (row[0][4] == '7') {
      zone_rows.emplace_back(std::string(row[1]), parent_code);
      continue;
    }
    // 东莞市, 中山市: cities without counties repeat themselves as their only county.
    if (city_name[std::string(row[2])] == row[1]) continue;
    divisions.push_back({std::string(row[0]), std::string(row[1]), derive_short_name(row[1]),
                         DivisionLevel::kCounty, parent_code});
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
    if (const std::size_t hash = line.find('#'); hash != std::string_view::npos)
      line = line.substr(0, hash);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r' || line.back() == '\t'))
      line.remove_suffix(1);
    const std::size_t space = line.find(' ');
    if (space == std::string_view::npos) continue;
    const std::string_view kind = line.substr(0, space);
    const std::string word(line.substr(space + 1));
    if (kind == "block")
      blocked.insert(word);
    else if (kind == "trap")
      traps.insert(word);
    else if (kind == "generic")
      generic.insert(word);
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
    if (blocked.count(d.short_name) || best_level[d.short_name] < static_cast<int>(d.level))
      d.short_name.clear();
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
    if (!d.short_name.empty() && char_count(d.short_name) >= 2)
      surface_for(d.short_name).short_of.push_back(&d);
  }
  for (std::size_t z = 0; z < zones.size(); ++z)
    surface_for(zones[z].name).known_zone = static_cast<int>(z);
  for (std::string_view suffix :
       {"经济技术开发区", "经济开发区", "高新技术产业开发区", "高新技术开发区", "高新区", "开发区",
        "综合保税区", "综保区", "保税区", "工业园区", "产业园区", "示范区", "新区"}) {
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

const Gazetteer::Impl::Surface* Gazetteer::Impl::surface_of(std::string_view s) const {
  std::uint32_t node = 0;
  for (char c : s) {
    const auto byte = static_cast<unsigned char>(c);
    const Node& n = nodes[node];
    const Edge* first = edges.data() + n.first_edge;
    const Edge* last = first + n.edge_count;
    const Edge* hit = std::lower_bound(first, last, byte,
                                       [](const Edge& e, unsigned char b) { return e.byte < b; });
    if (hit == last || hit->byte != byte) return nullptr;
    node = hit->target;
  }
  return nodes[node].surface >= 0 ? &surfaces[static_cast<std::size_t>(nodes[node].surface)]
                                  : nullptr;
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

Location Gazetteer::resolve(const std::vector<PlaceMention>& mentions,
                            const Location& context) const {
  return impl_->resolve(mentions, context);
}

}  // namespace investtrack::parser
