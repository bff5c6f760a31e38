// Organizations, industry and project level read from normalized text (simplified characters,
// ASCII brackets and digits; Chinese punctuation kept).
#include "investtrack/parser/entities.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <iterator>
#include <unordered_map>
#include <utility>
#include <vector>

#include "byte_match.h"
#include "investtrack/parser/utf8.h"
#include "phrase_table.h"

namespace investtrack::parser {

namespace {

// ---------------------------------------------------------------------------------------------
// UTF-8 helpers: utf8.h's steps (bounds-checked; a malformed byte counts as one character).

// The code point ch starts with, 0 when ch is empty or starts with a malformed byte:
// decode_utf8_at() (a real U+FFFD is three bytes long).
char32_t code_point(std::string_view ch) {
  const CodePoint cp = decode_utf8_at(ch, 0);
  return cp.length == 1 && cp.value == 0xFFFD ? 0 : cp.value;
}

bool is_ideograph(char32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
         (cp >= 0x20000 && cp <= 0x2FFFF);
}

std::size_t char_count(std::string_view s) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < s.size(); i += utf8_sequence_length(static_cast<unsigned char>(s[i])))
    ++count;
  return count;
}

// The last byte of a CJK character varies most, so it rejects nearly every mismatch without a
// memcmp call; these run for every word of several lists at every candidate name.
bool starts_with(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && (p.empty() || s[p.size() - 1] == p.back()) &&
         s.substr(0, p.size()) == p;
}
bool ends_with(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && (p.empty() || s.back() == p.back()) &&
         s.substr(s.size() - p.size()) == p;
}

// Keywords grouped by their first character, so one pass over a text finds all of them (a
// find() per keyword would read the text once per keyword).
class KeywordIndex {
 public:
  KeywordIndex(std::initializer_list<std::pair<std::string_view, int>> keywords)
      : KeywordIndex(std::vector<std::pair<std::string_view, int>>(keywords)) {}
  explicit KeywordIndex(const std::vector<std::pair<std::string_view, int>>& keywords) {
    for (const auto& [keyword, tag] : keywords) {
      const char32_t first = code_point(keyword.substr(0, utf8_next(keyword, 0)));
      if (first < 0x10000) first_chars_[first / 64] |= std::uint64_t{1} << (first % 64);
      const std::size_t first_end = utf8_next(keyword, 0);
      if (first_end > 0)
        first_last_bytes_[static_cast<unsigned char>(keyword[first_end - 1])] = true;
      if (first_end == 3) {
        const std::size_t tail = tail_bits(keyword[1], keyword[2]);
        first_tails_[tail / 64] |= std::uint64_t{1} << (tail % 64);
      }
      by_first_[first].emplace_back(keyword, tag);
    }
    for (auto& [first, list] : by_first_)
      std::stable_sort(list.begin(), list.end(), [](const auto& a, const auto& b) {
        return a.first.size() > b.first.size();
      });
  }

  // Keywords starting at offset, longest first; empty when none.
  template <class Visit>
  void at(std::string_view text, std::size_t offset, Visit&& visit) const {
    const std::size_t next = utf8_next(text, offset);
    // The last byte of a CJK character varies most: one table read rejects most characters
    // before they are decoded. For a three-byte character (all of CJK), its last two bytes do
    // better: with several first characters, their last bytes alone let one character in six by.
    if (next == offset + 3) {
      if (!may_start_with(text[offset + 1], text[offset + 2])) return;
    } else if (next > offset && !first_last_bytes_[static_cast<unsigned char>(text[next - 1])]) {
      return;
    }
    const char32_t first = code_point(text.substr(offset, next - offset));
    if (first < 0x80) return;
    if (first < 0x10000 && ((first_chars_[first / 64] >> (first % 64)) & 1U) == 0) return;
    const auto it = by_first_.find(first);
    if (it == by_first_.end()) return;
    const std::string_view rest = text.substr(offset);
    for (const auto& [keyword, tag] : it->second)
      if (starts_with(rest, keyword)) visit(keyword, tag);
  }

  // The first offset at or after `offset` where at() may find a keyword, as far as a character's
  // bytes tell: each three-byte character stepped over starts no keyword (the test at() makes
  // first), and a scan stepping by utf8_next() (three bytes for each) lands on the same offset. One
  // tight loop instead of a test and a step per character.
  std::size_t skip(std::string_view text, std::size_t offset) const {
    const char* const data = text.data();
    const std::size_t n = text.size();
    while (offset < n && n - offset >= 3 &&
           (static_cast<unsigned char>(data[offset]) & 0xF0) == 0xE0 &&
           !may_start_with(data[offset + 1], data[offset + 2])) {
      offset += 3;
    }
    return offset;
  }

  // Whether a keyword may start with the three-byte character whose last two bytes these are: a
  // scan can step over the character when not, as at() would find nothing there.
  bool may_start_with(char second, char third) const {
    const std::size_t tail = tail_bits(second, third);
    return ((first_tails_[tail / 64] >> (tail % 64)) & 1U) != 0;
  }

 private:
  std::array<std::uint64_t, 1024> first_chars_{};  // one bit per BMP code point
  std::array<bool, 256> first_last_bytes_{};       // last bytes of the keywords' first characters
  // The low six bits of the second and third bytes of the keywords' three-byte first characters.
  static std::size_t tail_bits(char second, char third) {
    return (static_cast<std::size_t>(static_cast<unsigned char>(second) & 0x3F) << 6) |
           (static_cast<std::size_t>(static_cast<unsigned char>(third) & 0x3F));
  }
  std::array<std::uint64_t, 4096 / 64> first_tails_{};
  std::unordered_map<char32_t, std::vector<std::pair<std::string_view, int>>> by_first_;
};

// ---------------------------------------------------------------------------------------------
// Organizations.

// Words that end an organization's name: its last word is one of these. Longest first matters
// only for reading the stem; the scan anchors on the shortest.
constexpr std::string_view kOrgSuffixes[] = {"集团股份有限公司",
                                             "集团有限责任公司",
                                             "集团有限公司",
                                             "股份有限公司",
                                             "有限责任公司",
                                             "有限公司",
                                             "分公司",
                                             "子公司",
                                             "集团公司",
                                             "总公司",
                                             "公司",
                                             "集团",
                                             "研究院",
                                             "研究所",
                                             "设计院",
                                             "银行",
                                             "分行",
                                             "支行",
                                             "合作社",
                                             "管委会",
                                             "管理委员会",
                                             "商会",
                                             "协会",
                                             "事务所",
                                             "研究中心"};

// Words that precede a name in a sentence (verbs, prepositions, conjunctions): a name never
// starts with them, so reading leftwards stops there. Multi-character words first.
constexpr std::string_view kOrgLeftStops[] = {
    "已引进", "成功引进", "引进", "签订", "签约", "签署", "携手", "联合", "共同", "牵头", "投资",
    "引入", "成立", "组建", "注册", "新建", "建设", "委托", "通过", "属于", "隶属", "旗下", "来自",
    "包括", "其中", "例如", "代表", "董事长", "总经理", "负责人", "表示", "介绍", "落户", "入驻",
    "推进", "推动", "支持", "协调", "服务", "对接", "考察", "调研", "走访", "会见", "会谈", "洽谈",
    "邀请", "组织", "举行", "召开", "承建", "承办", "主办", "中标", "获批", "获得", "以及", "还有",
    "作为", "依托", "围绕", "针对", "关于", "根据", "按照", "位于", "就是", "主要", "分别", "陪同",
    "希望", "提升", "加强", "鼓励", "引导", "要求", "依靠", "发挥", "成为", "加快", "促进", "积极",
    "充分", "进一步", "帮助", "指导", "号召", "倡议", "呼吁", "等", "由", "与", "和", "同", "在",
    "对", "向", "是", "为", "及", "把", "被", "将", "从", "给", "跟", "据", "于", "的", "或", "让",
    "使", "并", "了", "获", "到", "即", "称", "说", "请",
    // 暨 joins an event to what it is for (集中开工暨中国科学院……项目): no name runs over it.
    "暨"};

// Words a name may end with before the anchor but that alone name nobody: 本公司, 子公司.
constexpr std::string_view kGenericStems[] = {
    "本",   "该",     "这",     "那",   "此",       "其",       "各",   "我",   "贵",   "子",
    "母",   "总",     "分",     "有关", "相关",     "这家",     "那家", "一家", "多家", "两家",
    "几家", "全资子", "控股子", "全资", "上市",     "国有",     "民营", "外资", "合资", "新",
    "投资", "科技",   "有限",   "股份", "股份有限", "有限责任", "集团", "大型", "龙头", "知名",
    "骨干", "本地",   "当地",   "参股", "控股",     "独资",     "家",   "个",   "省",   "市",
    "县",   "区",     "乡镇",   "其他", "中外合资", "外商独资", "同一", "这些", "那些", "以上",
    "上述", "下属",   "所属",   "项目", "建设",     "运营",     "管理", "开发", "物业", "开发区",
    "园区", "行业",   "产业",   "企业"};

// Determiners that may start a run but are no part of the name (该康师傅公司 -> 康师傅公司).
constexpr std::string_view kLeadingDeterminers[] = {"全省各", "全市各", "全县各", "全省", "全市",
                                                    "全县",   "本",     "该",     "这家", "那家",
                                                    "此",     "其",     "各",     "一家", "多家"};

// After an anchor, a name may go on to a branch or a longer legal form: 集团山西分公司,
// 集团有限公司.
constexpr std::string_view kOrgExtensions[] = {"分公司",       "子公司", "有限公司", "股份有限公司",
                                               "有限责任公司", "公司",   "分行",     "支行",
                                               "分院",         "研究院", "研究所",   "集团"};

// Words after an anchor that end the name there (集团与, 公司项目).
constexpr std::string_view kExtensionStops[] = {
    "与",   "和",   "同",   "在",   "对",   "向",   "是",      "为",   "及",
    "的",   "等",   "由",   "将",   "已",   "于",   "并",      "项目", "工程",
    "签订", "签约", "引进", "承建", "负责", "新建", "投资建设"};

bool is_name_char(std::string_view ch) {
  const char32_t cp = code_point(ch);
  if (is_ideograph(cp)) return true;
  if (cp < 0x80)
    return (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') ||
           cp == '&';
  return cp == U'·';
}

std::string_view org_stem(std::string_view name);

// Whether text just before `left` ends with a stop word; its length in bytes when so.
// A company's line of business (技术, 能源, 食品): words after the trade name that do not make a
// name on their own, so a stop word right before them belongs to the trade name (华为技术).
constexpr std::string_view kBusinessWords[] = {
    "新能源", "新材料", "技术", "科技", "能源", "实业", "控股", "投资", "发展", "建设", "电子",
    "电力",   "电气",   "机械", "化工", "食品", "医药", "药业", "物流", "贸易", "置业", "地产",
    "材料",   "环保",   "农业", "矿业", "煤业", "钢铁", "汽车", "信息", "网络", "软件", "通信",
    "文化",   "传媒",   "旅游", "工程", "集团", "股份", "产业", "智能", "光电", "生物", "新"};

bool is_business_words_only(std::string_view stem) {
  for (bool stripped = true; stripped && !stem.empty();) {
    stripped = false;
    for (std::string_view word : kBusinessWords)
      if (ends_with(stem, word)) {
        stem.remove_suffix(word.size());
        stripped = true;
        break;
      }
  }
  return stem.empty();
}

// Whether the text before `left` ends with a word that precedes names; its length when so. A stop
// only counts once the words after it make a name of their own (at least two characters beyond
// the legal form and the line of business): 同方股份, 华为技术, 中建三局建设 keep their first word.
std::size_t stop_word_before(std::string_view text, std::size_t left, std::size_t anchor_end) {
  // Cheap test first: most characters end no stop word.
  static const std::array<std::uint64_t, 1024> last_chars = [] {
    std::array<std::uint64_t, 1024> bits{};
    for (std::string_view stop : kOrgLeftStops) {
      const std::size_t last = utf8_previous(stop, stop.size());
      const char32_t cp = code_point(stop.substr(last));
      if (cp < 0x10000) bits[cp / 64] |= std::uint64_t{1} << (cp % 64);
    }
    return bits;
  }();
  const std::size_t prev = utf8_previous(text, left);
  const char32_t cp = code_point(text.substr(prev, left - prev));
  if (cp < 0x10000 && ((last_chars[cp / 64] >> (cp % 64)) & 1U) == 0) return 0;
  // The list puts every word before the shorter words it ends with, so its first match is the
  // longest one, which is what the table finds.
  static const PhraseTable stops{std::span<const std::string_view>(kOrgLeftStops)};
  const int stop = stops.longest_ending_at(text, left);
  if (stop < 0) return 0;
  const std::size_t found = stops.word(stop).size();
  const std::string_view stem = org_stem(text.substr(left, anchor_end - left));
  if (char_count(stem) < 2 || is_business_words_only(stem)) return 0;
  return found;
}

// The stem of a name: what comes before its legal form (康师傅 in 康师傅公司).
std::string_view org_stem(std::string_view name) {
  for (std::string_view suffix : kOrgSuffixes)
    if (ends_with(name, suffix)) return name.substr(0, name.size() - suffix.size());
  return name;
}

bool is_generic_stem(std::string_view stem) {
  if (stem.empty()) return true;
  for (std::string_view g : kGenericStems)
    if (stem == g) return true;
  // Only digits, letters or counters (3家公司): no name.
  return std::all_of(stem.begin(), stem.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; }) &&
         std::all_of(stem.begin(), stem.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Extends a name past its anchor to a branch or legal form within a few name characters
// (三峡新能源集团 + 山西分公司), never across punctuation or a stop word.
std::size_t extend_name(std::string_view text, std::size_t end) {
  static const PhraseTable extensions{std::span<const std::string_view>(kOrgExtensions)};
  static const PhraseTable extension_stops{std::span<const std::string_view>(kExtensionStops)};
  for (int round = 0; round < 3; ++round) {
    std::size_t best = end;
    std::size_t cursor = end;
    for (int chars = 0; chars <= 8 && cursor < text.size(); ++chars) {
      if (const int ext = extensions.longest_at(text, cursor); ext >= 0) {
        best = std::max(best, cursor + extensions.word(ext).size());
      }
      if (best > end) break;
      const std::size_t next = utf8_next(text, cursor);
      const std::string_view ch = text.substr(cursor, next - cursor);
      if (ch == "(" || ch == "（") {
        // 集团（山西）建设有限公司: a short bracket of name characters.
        std::size_t close = next;
        int inner = 0;
        while (close < text.size() && inner <= 8) {
          const std::size_t after = utf8_next(text, close);
          const std::string_view c = text.substr(close, after - close);
          close = after;
          if (c == ")" || c == "）") break;
          if (!is_name_char(c)) {
            inner = 99;
            break;
          }
          ++inner;
        }
        if (inner == 0 || inner > 8) break;
        cursor = close;
        continue;
      }
      if (!is_name_char(ch)) break;
      if (extension_stops.longest_at(text, cursor) >= 0) break;
      cursor = next;
    }
    if (best == end) break;
    end = best;
  }
  return end;
}

// The name ending at [anchor_begin, end): read leftwards over name characters and one
// parenthesised place, stopping at punctuation and stop words.
std::size_t name_start(std::string_view text, std::size_t anchor_begin, std::size_t anchor_end) {
  std::size_t left = anchor_begin;
  std::size_t chars = 0;
  while (left > 0 && chars < 40) {
    if (stop_word_before(text, left, anchor_end) > 0) break;
    const std::size_t prev = utf8_previous(text, left);
    const std::string_view ch = text.substr(prev, left - prev);
    if (ch == ")" || ch == "）") {
      // 一道新能源科技(衢州)有限公司: a short bracket of name characters belongs to the name.
      std::size_t open = prev;
      std::size_t inner = 0;
      bool closed = false;
      while (open > 0 && inner <= 12) {
        const std::size_t p = utf8_previous(text, open);
        const std::string_view c = text.substr(p, open - p);
        open = p;
        if (c == "(" || c == "（") {
          closed = true;
          break;
        }
        if (!is_name_char(c)) break;
        ++inner;
      }
      if (!closed || inner == 0 || open == 0) break;
      left = open;
      chars += inner + 2;
      continue;
    }
    if (!is_name_char(ch)) break;
    left = prev;
    ++chars;
  }
  // Digits, counters and dates before a name are no part of it (2023年康师傅公司).
  while (left < anchor_begin) {
    const std::size_t next = utf8_next(text, left);
    const std::string_view ch = text.substr(left, next - left);
    const char32_t cp = code_point(ch);
    const bool ascii_digit = cp >= '0' && cp <= '9';
    const bool date_word = (ch == "年" || ch == "月" || ch == "日") && left > 0;
    if (!ascii_digit && !date_word) break;
    left = next;
  }
  return left;
}

// The stop words of two or more characters, in list order.
const std::vector<std::string_view>& multi_char_left_stops() {
  static const std::vector<std::string_view> stops = [] {
    std::vector<std::string_view> out;
    for (std::string_view stop : kOrgLeftStops)
      if (char_count(stop) >= 2) out.push_back(stop);
    return out;
  }();
  return stops;
}

}  // namespace

std::vector<OrgMention> find_organizations(std::string_view text) {
  static const KeywordIndex anchors = [] {
    return KeywordIndex{{"公司", 0},   {"集团", 0},   {"研究院", 0},     {"研究所", 0},
                        {"设计院", 0}, {"银行", 0},   {"分行", 0},       {"支行", 0},
                        {"合作社", 0}, {"管委会", 0}, {"管理委员会", 0}, {"商会", 0},
                        {"协会", 0},   {"事务所", 0}, {"研究中心", 0}};
  }();
  std::vector<OrgMention> out;
  std::size_t i = 0;
  std::size_t consumed = 0;  // names never overlap
  while (i < text.size()) {
    // Most characters start no anchor: step over them without the lookup's decoding.
    i = anchors.skip(text, i);
    if (i >= text.size()) break;
    const auto lead = static_cast<unsigned char>(text[i]);
    if (lead < 0x80) {
      ++i;
      continue;
    }
    std::string_view anchor;
    anchors.at(text, i, [&](std::string_view keyword, int) {
      if (anchor.empty()) anchor = keyword;
    });
    if (anchor.empty()) {
      i = utf8_next(text, i);
      continue;
    }
    const std::size_t end = extend_name(text, i + anchor.size());
    std::size_t begin = std::max(name_start(text, i, i + anchor.size()), consumed);
    // Drop a determiner in front: 该康师傅公司.
    for (std::string_view det : kLeadingDeterminers)
      if (starts_with(text.substr(begin), det) && begin + det.size() < i) {
        begin += det.size();
        break;
      }
    // A verb the name was read through because nothing stood before it (，支持协会发展): not a
    // name.
    for (bool stripped = true; stripped && begin < i;) {
      stripped = false;
      for (std::string_view stop : multi_char_left_stops())
        if (starts_with(text.substr(begin, i - begin), stop)) {
          begin += stop.size();
          stripped = true;
          break;
        }
    }
    const std::string_view name = text.substr(begin, end - begin);
    const std::string_view stem = org_stem(name);
    if (!is_generic_stem(stem) && char_count(stem) >= 2) {
      out.push_back({std::string(name), {begin, end}});
      consumed = end;
    }
    i = end;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Industry.

namespace {

struct IndustryRule {
  std::string_view key;
  int specificity;  // higher wins: a photovoltaic plant is also manufacturing
  std::initializer_list<std::string_view> keywords;
};

const IndustryRule kIndustryRules[] = {
    {"semiconductor",
     3,
     {"半导体", "芯片", "集成电路", "晶圆", "封装测试", "碳化硅", "氮化镓", "光刻"}},
    {"new_energy_vehicle",
     3,
     {"新能源汽车", "电动汽车", "新能源整车", "新能源重卡", "换电站", "充电桩"}},
    {"hydrogen", 3, {"氢能", "制氢", "加氢站", "氢燃料", "储氢", "绿氢"}},
    {"energy_storage",
     3,
     {"储能", "锂电池", "动力电池", "锂电", "钠离子电池", "电池储能", "正极材料", "负极材料"}},
    {"photovoltaics",
     3,
     {"光伏", "硅片", "电池片", "组件", "单晶", "多晶硅", "太阳能电池", "农光互补", "渔光互补",
      "异质结", "TOPCon"}},
    {"wind_power", 3, {"风电", "风力发电", "风机", "风电场"}},
    {"airport", 3, {"机场", "航站楼", "跑道", "通用航空"}},
    {"cross_border_ecommerce", 3, {"跨境电商", "跨境电子商务"}},
    {"data_center", 3, {"数据中心", "算力", "云计算中心", "大数据中心", "智算中心"}},
    {"food_processing",
     3,
     {"食品", "豆制品", "蔬菜加工", "粮油", "肉制品", "乳制品", "饮料", "屠宰", "面粉", "杂粮加工",
      "酿酒"}},
    {"coal", 2, {"煤矿", "煤炭", "洗煤", "选煤", "焦化", "煤层气", "煤电"}},
    {"chemicals", 2, {"化工", "化学品", "化肥", "甲醇", "精细化学", "聚氯乙烯"}},
    {"steel", 2, {"钢铁", "炼钢", "钢材", "不锈钢", "特钢", "轧钢"}},
    {"logistics", 2, {"物流", "仓储", "冷链", "陆港", "货运枢纽"}},
    {"tourism", 2, {"旅游", "文旅", "景区", "度假区", "民宿"}},
    {"real_estate", 2, {"房地产", "商品房", "住宅小区", "楼盘", "棚户区改造", "保障性住房"}},
    {"healthcare", 2, {"医院", "医疗", "医药", "制药", "生物医药", "康养", "疫苗"}},
    {"transport",
     2,
     {"高速公路", "高速铁路", "高铁", "铁路", "公路", "国道", "省道", "快速路", "轨道交通", "地铁",
      "城际", "大桥"}},
    {"water", 2, {"供水", "污水处理", "水利", "水库", "引水", "节水", "水厂", "灌区"}},
    {"power_grid", 2, {"变电站", "输变电", "特高压", "电网", "输电线路"}},
    {"thermal_power", 2, {"火电", "热电", "燃煤发电", "燃气发电", "电厂"}},
    {"building_materials", 2, {"水泥", "建材", "玻璃", "陶瓷", "装配式建筑"}},
    {"agriculture", 1, {"种植", "养殖", "农业", "大棚", "果园", "育苗", "畜牧", "农产品"}},
    {"manufacturing", 0, {"制造", "生产线", "装备", "加工", "智能工厂", "机械", "零部件"}},
};

const KeywordIndex& industry_keywords() {
  static const KeywordIndex keywords = [] {
    std::vector<std::pair<std::string_view, int>> all;
    for (std::size_t r = 0; r < std::size(kIndustryRules); ++r)
      for (std::string_view keyword : kIndustryRules[r].keywords)
        all.emplace_back(keyword, static_cast<int>(r));
    return KeywordIndex(all);
  }();
  return keywords;
}

// Bytes of the longest industry keyword: a keyword starting in the last (this - 1) bytes of a
// piece may continue into the next one.
std::size_t longest_industry_keyword() {
  static const std::size_t longest = [] {
    std::size_t n = 0;
    for (const auto& rule : kIndustryRules)
      for (std::string_view keyword : rule.keywords) n = std::max(n, keyword.size());
    return n;
  }();
  return longest;
}

constexpr std::size_t kIndustryRuleCount = std::size(kIndustryRules);

std::string best_industry(const int* hits, const std::size_t* first) {
  constexpr std::size_t kRules = kIndustryRuleCount;
  std::size_t best = kRules;
  for (std::size_t r = 0; r < kRules; ++r) {
    if (hits[r] == 0) continue;
    if (best == kRules || kIndustryRules[r].specificity > kIndustryRules[best].specificity ||
        (kIndustryRules[r].specificity == kIndustryRules[best].specificity &&
         (hits[r] > hits[best] || (hits[r] == hits[best] && first[r] < first[best])))) {
      best = r;
    }
  }
  return best == kRules ? std::string() : std::string(kIndustryRules[best].key);
}

}  // namespace

std::string classify_industry(std::string_view text) {
  const KeywordIndex& keywords = industry_keywords();
  std::array<int, kIndustryRuleCount> hits{};
  std::array<std::size_t, kIndustryRuleCount> first{};
  for (std::size_t i = 0; i < text.size(); i = utf8_next(text, i)) {
    i = keywords.skip(text, i);
    if (i >= text.size()) break;
    keywords.at(text, i, [&](std::string_view, int rule) {
      const auto r = static_cast<std::size_t>(rule);
      if (hits[r]++ == 0) first[r] = i;
    });
  }
  return best_industry(hits.data(), first.data());
}

void IndustryTally::count(std::size_t joined_offset, std::size_t keyword_size, std::size_t rule) {
  // Keywords that start in the kept tail were counted already when they ended inside it.
  const std::size_t tail_size = tail_.size();
  if (joined_offset < tail_size && joined_offset + keyword_size <= tail_size) return;
  const std::size_t base =
      consumed_ - tail_size;  // offset of the tail's first byte in the joined text
  if (hits_[rule]++ == 0 || base + joined_offset < first_[rule])
    first_[rule] = base + joined_offset;
}

std::size_t IndustryTally::add_seam(std::string_view piece) {
  if (hits_.empty()) {
    hits_.assign(kIndustryRuleCount, 0);
    first_.assign(kIndustryRuleCount, 0);
  }
  // The pieces are read as one joined text. Keywords that start in the kept tail were counted
  // already when they ended inside it; only those running into the new piece are new. The tail is
  // whole characters of earlier pieces. Only the tail and the first bytes of the piece are joined
  // in a copy; the rest of the piece is read where it is (it is a whole sentence, added once per
  // mention).
  const std::size_t tail_size = tail_.size();
  if (tail_size == 0) return 0;
  const std::size_t longest = longest_industry_keyword();
  const KeywordIndex& keywords = industry_keywords();
  // Every keyword starting in the tail ends within `longest` bytes of its start, and a character
  // starting there ends within 4 more.
  // The seam is short (the tail and a keyword's length of the piece): joined on the stack, as most
  // pieces added are names of a few characters and an allocation would cost more than the reading.
  const std::string_view head = piece.substr(0, std::min(piece.size(), longest + 4));
  std::array<char, 256> buffer;
  std::string heap;
  std::string_view seam_view;
  if (tail_size + head.size() <= buffer.size()) {
    std::memcpy(buffer.data(), tail_.data(), tail_size);
    std::memcpy(buffer.data() + tail_size, head.data(), head.size());
    seam_view = std::string_view(buffer.data(), tail_size + head.size());
  } else {
    heap = tail_ + std::string(head);
    seam_view = heap;
  }
  const bool seam_is_all = seam_view.size() == tail_size + piece.size();
  std::size_t i = 0;  // in the joined text (tail, then piece)
  while (i < tail_size || (seam_is_all && i < seam_view.size())) {
    keywords.at(seam_view, i, [&](std::string_view keyword, int rule) {
      count(i, keyword.size(), static_cast<std::size_t>(rule));
    });
    i = utf8_next(seam_view, i);
  }
  return i - tail_size;
}

void IndustryTally::keep_tail(std::string_view piece) {
  const std::size_t tail_size = tail_.size();
  consumed_ += piece.size();
  // Keep whole characters covering the last (longest keyword - 1) bytes of the joined text.
  const std::size_t longest = longest_industry_keyword();
  const std::size_t joined_size = tail_size + piece.size();
  auto byte_at = [&](std::size_t joined_offset) {
    return static_cast<unsigned char>(joined_offset < tail_size ? tail_[joined_offset]
                                                                : piece[joined_offset - tail_size]);
  };
  const std::size_t keep = std::min(joined_size, longest - 1);
  std::size_t from = joined_size - keep;
  while (from > 0 && (byte_at(from) & 0xC0) == 0x80) --from;
  // The bytes [from, joined_size) of the tail and the piece, copied in place of the tail (its
  // buffer is reused from piece to piece).
  if (from >= tail_size) {
    tail_.assign(piece.data() + (from - tail_size), joined_size - from);
  } else {
    tail_.erase(0, from);
    tail_.append(piece.data(), piece.size());
  }
}

IndustryTally::Keywords IndustryTally::keywords_in(std::string_view piece) {
  const KeywordIndex& keywords = industry_keywords();
  Keywords out;
  for (std::size_t k = 0; k < piece.size(); k = utf8_next(piece, k)) {
    k = keywords.skip(piece, k);
    if (k >= piece.size()) break;
    keywords.at(piece, k, [&](std::string_view keyword, int rule) {
      out.push_back({static_cast<std::uint32_t>(k), static_cast<std::uint16_t>(keyword.size()),
                     static_cast<std::uint16_t>(rule)});
    });
  }
  return out;
}

void IndustryTally::count_own(std::string_view piece, std::size_t from) {
  const std::size_t tail_size = tail_.size();
  const KeywordIndex& keywords = industry_keywords();
  for (std::size_t k = from; k < piece.size(); k = utf8_next(piece, k)) {
    k = keywords.skip(piece, k);
    if (k >= piece.size()) break;
    keywords.at(piece, k, [&](std::string_view keyword, int rule) {
      count(tail_size + k, keyword.size(), static_cast<std::size_t>(rule));
    });
  }
}

void IndustryTally::add(std::string_view piece) {
  count_own(piece, add_seam(piece));
  keep_tail(piece);
}

void IndustryTally::add(std::string_view piece, const Keywords& found) {
  const std::size_t from = add_seam(piece);
  if (from == 0) {
    // The piece's own keywords are read from its start: keywords_in() found exactly those.
    const std::size_t tail_size = tail_.size();
    for (const Keyword& k : found) count(tail_size + k.offset, k.size, k.rule);
  } else {
    count_own(piece, from);
  }
  keep_tail(piece);
}

std::string IndustryTally::result() const {
  if (hits_.empty()) return {};
  return best_industry(hits_.data(), first_.data());
}

// ---------------------------------------------------------------------------------------------
// Project level.

namespace {

// Who ranks a project; read leftwards from 重点/重大, several may stand together (省市重点项目).
// Single characters 区 and 州 are left out: they end place names (忻州重点项目 is no 州 rank).
constexpr std::string_view kLevelScopes[] = {
    "自治区级", "自治区", "国家级", "国家", "全国", "全省", "全市", "我省", "本省", "我市", "本市",
    "我县",     "本县",   "全县",   "省级", "市级", "县级", "区级", "州级", "省",   "市",   "县"};
// Words between 重点/重大 and 项目/工程 that still make a rank (省重点建设项目, 重大转型项目).
constexpr std::string_view kLevelMiddles[] = {"转型", "建设",     "产业",   "工业", "招商",
                                              "民生", "基础设施", "标志性", "示范", "前期",
                                              "科技", "技术改造", "技改"};
// Middles that make a rank on their own, without anyone named as ranking it.
bool middle_is_rank(std::string_view middle) { return middle == "转型" || middle == "标志性"; }

}  // namespace

std::string find_project_level(std::string_view text) {
  std::string unscoped;
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t zhongdian = find_word(text, "重点", at);
    const std::size_t zhongda = find_word(text, "重大", at);
    const std::size_t hit = std::min(zhongdian, zhongda);
    if (hit == std::string_view::npos) break;
    at = hit + std::string_view("重点").size();

    // Right side: optional middle, then 项目 or 工程 (or 工程项目).
    std::size_t right = at;
    std::string_view middle;
    for (std::string_view m : kLevelMiddles)
      if (starts_with(text.substr(right), m)) {
        middle = m;
        right += m.size();
        break;
      }
    const std::string_view after = text.substr(right);
    if (starts_with(after, "工程项目"))
      right += std::string_view("工程项目").size();
    else if (starts_with(after, "项目"))
      right += std::string_view("项目").size();
    else if (starts_with(after, "工程"))
      right += std::string_view("工程").size();
    else
      continue;

    // Left side: scopes, possibly joined by 、 (省、市重点项目).
    std::size_t left = hit;
    bool scoped = false;
    for (bool more = true; more;) {
      more = false;
      for (std::string_view scope : kLevelScopes) {
        if (ends_with(text.substr(0, left), scope)) {
          left -= scope.size();
          scoped = more = true;
          break;
        }
      }
      if (scoped && ends_with(text.substr(0, left), "、")) {
        const std::size_t joined = left - std::string_view("、").size();
        for (std::string_view scope : kLevelScopes)
          if (ends_with(text.substr(0, joined), scope)) {
            left = joined;
            more = true;
            break;
          }
      }
    }
    std::string phrase(text.substr(left, right - left));
    if (scoped) return phrase;
    const bool is_works = ends_with(phrase, "工程") && hit == zhongdian;  // 重点工程
    if (unscoped.empty() && (middle_is_rank(middle) || is_works)) unscoped = phrase;
  }
  return unscoped;
}

}  // namespace investtrack::parser
