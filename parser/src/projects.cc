// Project extraction. The pipeline per bulletin:
//   1. read every sentence once: organizations, places, clauses;
//   2. collect brands (company short names, the words before a quoted project name) so later short
//      references (晶科项目) can be recognised;
//   3. find mentions: a noun phrase ending in a head word (项目, 工程, 基地, 产业园, ...) whose
//      left edge is fixed by stop words, quotes and anchors (places, companies, brands), or a company
//      signing an investment agreement; generic phrases (重大项目, 配套项目) are not mentions;
//   4. cluster mentions that name one project (same key, brand short form, subsequence within an
//      article, a company tied to a project named after it);
//   5. attribute every fact of a clause (status, money, quantities, dates, level, companies) to
//      the project the clause speaks of: inside a name, the subject or object in the clause, the
//      last project named in the sentence, or the paragraph's focus.
#include "investtrack/parser/projects.h"
#include "investtrack/parser/stop.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <numeric>
#include <optional>
#include <set>
#include <span>
#include <unordered_map>

#include "investtrack/parser/entities.h"
#include "investtrack/parser/numbers.h"
#include "investtrack/parser/places.h"
#include "investtrack/parser/utf8.h"
#include "phrase_table.h"
#include "byte_match.h"
#include "clauses.h"
#include "parallel.h"

namespace investtrack::parser {
namespace {

// ---------------------------------------------------------------------------------------------
// UTF-8 helpers: utf8.h's steps. Sentences are valid UTF-8 (decode() guarantees it), but every step is
// bounded.

bool is_cjk_at(std::string_view s, std::size_t pos) {
  if (pos + 3 > s.size()) return false;
  const auto c0 = static_cast<unsigned char>(s[pos]);
  const auto c1 = static_cast<unsigned char>(s[pos + 1]);
  // U+3400..U+9FFF: lead bytes E3 (from 0x90 on) .. E9.
  return (c0 >= 0xE4 && c0 <= 0xE9) || (c0 == 0xE3 && c1 >= 0x90);
}

std::size_t count_chars(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size(); i = utf8_next(s, i)) ++n;
  return n;
}

bool starts_at(std::string_view s, std::size_t pos, std::string_view w) { return word_at_fast(s, pos, w); }

bool ends_at(std::string_view s, std::size_t end, std::string_view w) {
  return end >= w.size() && end <= s.size() && word_at_fast(s, end - w.size(), w);
}

void erase_all(std::string& s, std::string_view w) {
  for (std::size_t p = find_word(s, w); p != std::string::npos; p = find_word(s, w, p)) s.erase(p, w.size());
}

// Which characters a text holds, as one bit per hashed code point. A word whose bits are not all
// set cannot occur in the text, and erasing words never adds characters, so a word list can be
// erased from a short name without searching for the many words it cannot hold.
std::uint64_t char_signature(std::string_view s) {
  std::uint64_t bits = 0;
  for (std::size_t i = 0; i < s.size();) {
    const CodePoint cp = decode_utf8_at(s, i);
    bits |= std::uint64_t{1} << ((static_cast<std::uint64_t>(cp.value) * 0x9E3779B97F4A7C15ULL) >> 58);
    i += std::max<std::size_t>(1, cp.length);
  }
  return bits;
}

struct SignedWord {
  std::string_view text;
  std::uint64_t signature;
  bool single_char;
};

// A fixed word list with each word's char_signature(), built once at first use (the words are
// tested against every name, and signing them each time was a tenth of clustering's cost).
struct WordSignature {
  std::string_view text;
  std::uint64_t signature;
};

template <std::size_t N>
std::array<WordSignature, N> sign_words(const std::string_view (&words)[N]) {
  std::array<WordSignature, N> out;
  for (std::size_t k = 0; k < N; ++k) out[k] = {words[k], char_signature(words[k])};
  return out;
}

// Whether a text whose char_signature() is `present` may hold every character of word.
bool holds_chars_of(std::uint64_t present, const WordSignature& word) {
  return (word.signature & present) == word.signature;
}

// ---------------------------------------------------------------------------------------------
// Word lists. Each list is about bulletins in general: the wording of Chinese government and
// trade-press reports on investment projects.

enum class HeadStrength { kStrong, kWeak };
struct HeadWord {
  std::string_view text;
  HeadStrength strength;
};

// The noun that ends a project's name. Weak heads (中心, 公园) name projects only with project
// context; otherwise they are places someone visited.
constexpr HeadWord kHeads[] = {
    {"项目", HeadStrength::kStrong},     {"工程", HeadStrength::kStrong},     {"基地", HeadStrength::kStrong},
    {"生产线", HeadStrength::kStrong},   {"电站", HeadStrength::kStrong},     {"产业园区", HeadStrength::kStrong},
    {"产业园", HeadStrength::kStrong},   {"工业园区", HeadStrength::kStrong}, {"工业园", HeadStrength::kStrong},
    {"物流园", HeadStrength::kStrong},   {"科技园", HeadStrength::kStrong},   {"改扩建", HeadStrength::kStrong},
    {"扩建工程", HeadStrength::kStrong}, {"风电场", HeadStrength::kStrong},   {"产业城", HeadStrength::kStrong},
    {"中心", HeadStrength::kWeak},       {"园区", HeadStrength::kWeak},       {"公园", HeadStrength::kWeak},
    {"度假区", HeadStrength::kWeak},     {"景区", HeadStrength::kWeak},       {"综合体", HeadStrength::kWeak},
    {"小镇", HeadStrength::kWeak},       {"厂区", HeadStrength::kWeak},       {"医院", HeadStrength::kWeak},
    {"乐园", HeadStrength::kWeak},
    // Works of infrastructure: named projects when their clause says what happens to them
    // (跨渭河大桥建成通车, 通用机场施工进入收尾阶段, 开工建设的环线高速公路).
    {"大桥", HeadStrength::kWeak},       {"机场", HeadStrength::kWeak},       {"铁路", HeadStrength::kWeak},
    {"高速公路", HeadStrength::kWeak},   {"高铁", HeadStrength::kWeak},       {"水库", HeadStrength::kWeak},
    {"码头", HeadStrength::kWeak},       {"电厂", HeadStrength::kWeak},       {"隧道", HeadStrength::kWeak},
    {"航站楼", HeadStrength::kWeak},     {"号线", HeadStrength::kWeak},       {"支线", HeadStrength::kWeak},
    {"变电站", HeadStrength::kWeak},     {"水电站", HeadStrength::kWeak},     {"枢纽", HeadStrength::kWeak},
};

// Heads of routes, which a section of the route may follow: 环线高速公路德阳至简阳段.
constexpr std::string_view kRouteHeads[] = {"高速公路", "铁路", "高铁", "公路", "号线", "支线", "高速"};

// Words that may follow a head and still belong to the name: 基地项目, 改扩建工程, 项目(一期).
constexpr std::string_view kNameTails[] = {"项目", "工程", "(一期)", "(二期)", "(三期)", "一期", "二期", "三期",
                                           "四期", "首期"};

constexpr std::string_view kPhaseWords[] = {"一二期", "一期", "二期", "三期", "四期", "五期", "首期"};
static_assert(std::all_of(std::begin(kPhaseWords), std::end(kPhaseWords), [](std::string_view w) { return w.ends_with("期"); }),
              "read_named looks for 期 before it looks for a phase word");

// Words that end the text before a name: verbs of visiting, reporting and pushing, prepositions,
// conjunctions. A name never starts with one of these.
constexpr std::string_view kLeftStops[] = {
    // Single characters only where no brand or place name is likely to contain them (成都, 正泰,
    // 国有, 同煤 keep 都, 正, 有, 同 out of this list); places and companies are read as whole units
    // before these are checked, which protects 和平区 and 向阳区.
    "的", "了", "在", "到", "是", "为", "和", "与", "及", "以及", "对", "把", "将", "由", "从", "于", "向", "至",
    "跟", "被", "让", "给", "等", "以",
    "引进", "推进", "推动", "实施", "考察", "调研", "来到", "走进", "前往", "察看", "查看", "视察", "参观",
    "观摩", "检查", "督导", "调度", "听取", "了解", "深入", "看望", "打造", "建设", "建成", "新建", "扩建",
    "开工", "签约", "签订", "签署", "落户", "入驻", "包括", "加快", "支持", "抓好", "推介", "发挥", "带动",
    "肯定", "成为", "作为", "属于", "位于", "启动", "完成", "开展", "举行", "召开", "出席", "主持", "参加",
    "谋划", "储备", "争取", "申报", "投资", "投建", "承建", "运营", "服务", "保障", "围绕", "依托", "聚焦",
    "这", "该", "此", "各", "每", "其中", "已经", "正在", "并且", "还有", "目前", "今年", "去年", "明年", "近日", "日前", "此外",
    "同时", "以来", "期间", "上午", "下午", "据悉", "据了解", "重点", "一批", "一个", "多个", "个", "座",
    "标志着", "提供", "导读", "全线", "部分", "含", "组织", "相继", "建有", "拥有", "意味着", "没有", "途经", "暨",
    "经过", "乘坐", "通过",
};

const PhraseTable& left_stops() {
  static const PhraseTable table(std::vector<std::string_view>(std::begin(kLeftStops), std::end(kLeftStops)));
  return table;
}

// Person titles: a name never reaches back over the person speaking or visiting.
constexpr std::string_view kPersonTitles[] = {"书记", "省长", "市长", "县长", "区长", "主任", "董事长", "总裁",
                                              "总经理", "部长", "厅长", "局长", "主席", "一行"};

// Words that say nothing about which project is meant: 重大项目, 配套项目, 我省重点工程.
constexpr std::string_view kGenericWords[] = {
    "我省", "我市", "我县", "我区", "全省", "全市", "全县", "全区", "本省", "本市", "省级", "市级", "县级",
    "国家级", "国家", "重大", "重点", "重要", "转型", "产业链", "全产业链", "上下游", "产业", "配套", "招商引资",
    "招商", "签约", "在建", "新建", "续建", "新开工", "开工", "竣工", "投产", "储备", "谋划", "民生", "民心",
    "基础设施", "精品", "标杆", "样板", "示范", "亿元", "万元", "一批", "一个", "多个", "各类", "有关", "相关",
    "其他", "其它", "建设", "发展", "一二期", "一期", "二期", "三期", "首期", "本次", "此次", "这批", "整个",
    "全部", "所有", "优质", "好", "大", "新", "该", "此", "这", "本", "各", "上述", "前述", "首批", "系列", "等",
    "个", "类", "级", "的", "省", "市", "县", "区", "工业", "农业", "服务业", "文旅", "同类", "外资", "内资",
    "龙头", "优势", "特色", "亿", "万", "年度", "当年", "计划", "拟", "这些", "那些", "哪些", "标志性",
    "省列", "市列", "县列", "省属", "市属", "控制性", "重难点", "全线", "部分", "前期工作", "领导联络",
    "层面", "前期", "突破", "强省", "强市", "强县",
};

// Words that name a sector, a kind or a batch of projects rather than one project: a name made of
// nothing else (农林水利项目, 社会事业项目, 清洁能源基地, 集中开复工项目, 中德合作项目) is a category
// or an aggregate unless a place, a company or quotes make it one project.
constexpr std::string_view kSectorWords[] = {
    "农林水利", "农林", "水利", "现代农业", "农业", "林业", "牧业", "渔业", "乡村振兴", "社会事业", "社会民生",
    "民生改善", "民生", "生态环保", "生态建设", "生态", "环境保护", "环保", "环境", "清洁能源", "新能源",
    "能源", "电力", "电网", "风电", "光伏", "水电", "火电", "储能", "房地产", "地产", "综合交通", "轨道交通",
    "交通", "城市基础设施", "基础设施", "市政", "城建", "城市建设", "城市更新", "产业", "工业", "商业", "商贸",
    "现代服务业", "服务业", "先进制造业", "制造业", "高端制造", "装备制造", "高新技术", "高精尖", "科技",
    "科创", "创新", "数字经济", "数字", "电子信息", "信息", "生物医药", "医药", "新材料", "化工", "冶金",
    "钢铁", "汽车", "文化", "文旅", "旅游", "体育", "教育", "医疗", "卫生", "养老", "现代物流", "物流", "仓储",
    "合作", "外资", "内资", "央企", "省属", "市属", "大型", "中型", "小型", "集中", "开复工", "复工",
    "新开工", "续建", "在建", "提质升级", "提质", "升级", "创新载体", "载体", "领域", "板块", "行业", "方面",
    "地区", "区域", "一般性", "百万千瓦级", "千万千瓦级", "百万吨级", "千万吨级", "客货运", "投资",
    "引资", "中德", "中外", "中美", "中欧", "中法", "中英", "中日", "中韩", "中俄", "中新", "京津冀",
    "协同发展", "高精尖", "经济结构", "城市功能", "战略性新兴产业", "新兴产业", "未来产业", "产业链", "延链",
    "强链", "补链", "一大批", "国内", "国外", "著名", "知名", "企业", "人民币", "超", "政策性开发性金融工具",
    "金融工具", "专项债", "调整改造", "构建", "功能", "结构", "新基建", "新型基础设施", "航空航天", "活动",
    "发展和改革委员会", "改革委员会", "委员会", "发改委"};

// What is left of a name's words once sector words, counts and amounts are gone: empty (or one
// character) when the name is a category (3亿元旅游项目, 创新载体类项目).
std::string without_sector_words(std::string rest) {
  static const auto by_length = [] {
    std::vector<std::string_view> words(std::begin(kSectorWords), std::end(kSectorWords));
    std::stable_sort(words.begin(), words.end(), [](auto a, auto b) { return a.size() > b.size(); });
    std::vector<WordSignature> signed_words;
    for (auto w : words) signed_words.push_back({w, char_signature(w)});
    return signed_words;
  }();
  // Erasing never adds characters: a word whose characters the text lacks is not searched for.
  const std::uint64_t present = char_signature(rest);
  for (const WordSignature& w : by_length) {
    if (holds_chars_of(present, w)) erase_all(rest, w.text);
  }
  std::string out;
  for (char c : rest) {
    if (!std::isdigit(static_cast<unsigned char>(c)) && c != '.') out.push_back(c);
  }
  // out holds no character rest did not: a word whose characters rest lacks is not searched for.
  static constexpr std::string_view kCounters[] = {"亿元", "万元", "亿", "万", "个", "项", "类", "级", "的"};
  static const auto counters = sign_words(kCounters);
  for (const WordSignature& w : counters) {
    if (holds_chars_of(present, w)) erase_all(out, w.text);
  }
  // Function words alone say nothing of which project either (还可开复工项目 leaves 还可).
  std::string_view rest_view = out;
  while (!rest_view.empty()) {
    bool function_word = false;
    for (std::string_view w : {"还", "可", "也", "再", "均", "都", "将", "已"}) {
      if (rest_view.starts_with(w)) {
        rest_view.remove_prefix(w.size());
        function_word = true;
        break;
      }
    }
    if (!function_word) return out;
  }
  return {};
}

// Verbs and adverbs of a clause that no project's name holds: a "name" holding one is the clause
// that runs up to a head word (武汉已连续举办七场重大项目, 随时面临资金链断裂导致项目, 也意味着港珠澳
// 大桥工程).
constexpr std::string_view kClauseVerbs[] = {"进一步", "完善", "强调", "举办", "连续", "导致", "面临", "随时",
                                             "如今", "当时", "刷新", "来自", "意味着", "意味著", "已经", "正在",
                                             "将要", "继续", "实现了", "完成了", "标志着", "成为", "作为", "爆出",
                                             "曝出", "传出", "宣布", "签署", "签订", "都有", "兼有", "改善"};

// present: char_signature(name). A verb with a character the name lacks is not searched for.
bool holds_clause_verb(std::string_view name, std::uint64_t present) {
  static const auto verbs = sign_words(kClauseVerbs);
  return std::any_of(verbs.begin(), verbs.end(), [&](const WordSignature& v) {
    return holds_chars_of(present, v) && find_word(name, v.text) != std::string_view::npos;
  });
}

bool holds_clause_verb(std::string_view name) { return holds_clause_verb(name, char_signature(name)); }

// Verbs and adverbs of government exhortation that put 项目 in object position (进一步强化抓项目,
// 要锚定项目, 精准破解项目): words before 项目 that hold one are no project's name.
constexpr std::string_view kExhortationWords[] = {
    "抓", "强化", "锚定", "破解", "进一步", "要", "精准", "着力", "全力", "大力", "持续", "加强", "推进",
    "加快", "优化", "提升", "做好", "服务", "保障", "落实", "围绕", "聚焦", "盯", "跑", "谋", "推动", "狠抓",
    "实现", "宣布", "活动", "投放", "积极", "协调", "建立", "完善", "促进", "深化", "提高", "扩大", "坚持",
    "力促", "梳理", "记者", "更多",
};

// Determiners that make a bare head refer back to the project just named: 该项目, 项目, 一二期项目.
constexpr std::string_view kAnaphorWords[] = {"该", "此", "这个", "这", "本", "上述", "整个", "一二期", "一期", "二期",
                                              "三期", "首期", "全部"};

// Verbs of building that end many names right before their head: 基站建设项目, 异地新建项目.
constexpr std::string_view kNameBuildVerbs[] = {"建设", "新建", "扩建", "改建", "改扩建", "迁建", "续建"};

// Agreement kinds that bring an investment in (a company signing one is a project); 合作协议 and
// 战略合作协议 are not.
constexpr std::string_view kInvestmentAgreements[] = {"入园", "投资", "入驻", "落户", "项目", "招商", "建设", "进驻"};

// Verbs that introduce the project an agreement is about: 拟建设X, 投资建设X, 将打造X.
constexpr std::string_view kBuildVerbs[] = {"建设", "投资", "新建", "打造", "实施", "投建", "建成", "布局"};

// Words that mark a company's role in a project within one clause.
constexpr std::string_view kOrgRoles[] = {"投资", "建设", "实施", "承建", "引进", "运营", "投建", "开发", "出资",
                                          "主导", "牵头", "建设运营", "合资"};

// How the name of a list item ends when it names a project (中信昆仑碳酸锂 need not; 京沪高速铁路,
// 德厚水库, 昭通支线三期 do): a list most of whose items end so is a list of projects.
constexpr std::string_view kItemHeads[] = {
    "项目", "工程", "基地", "生产线", "电站", "电厂", "热电", "码头", "港区", "泊位", "航道", "高速公路", "高速",
    "公路", "铁路", "高铁", "城际", "专线", "机场", "跑道", "航站楼", "水库", "枢纽", "大桥", "隧道", "通道",
    "支线", "干线", "管线", "管道", "中心", "园区", "产业园", "工业园", "物流园", "科技园", "产业城", "医院",
    "学校", "大学", "学院", "公园", "工厂", "综合体", "小镇", "机组", "平台", "大楼", "大厦", "广场",
    "街区", "社区", "场馆", "体育馆", "博物馆", "展示馆", "水厂", "变电站", "改扩建", "扩建", "扩能", "扩容",
    "改造", "一期", "二期", "三期", "四期", "五期", "(一期)", "(二期)", "(三期)", "线", "段", "站", "厂", "港",
    "馆", "城", "园", "路", "桥", "场", "楼"};

// Nouns after 等 that say the items before it are projects: A、B等一批重大项目, 等6条天然气支线.
constexpr std::string_view kListProjectNouns[] = {"项目", "工程", "一批"};

// Words that introduce a list of projects: 分别为A、B, 主要有A、B, 安排A、B等4个重大项目.
constexpr std::string_view kListIntroducers[] = {"分别为", "分别是", "主要有", "主要包括", "包括", "包含",
                                                 "涵盖", "安排", "如"};

// Words before a list's first item that are not part of its name: introducers, and the verbs and
// words of plan that state the items' status (新开工A、B, 计划年内A竣工、B通车).
constexpr std::string_view kListTriggers[] = {"分别为", "分别是", "主要有", "主要包括", "包括", "包含", "涵盖",
                                              "安排", "如", "新开工", "开工建设", "开工", "推进", "计划",
                                              "力争", "确保", "年内", "年底前", "今年", "建成", "投产", "签约",
                                              "启动", "实施"};

// Verbs of visiting: what follows them is what was seen (了解航站楼、飞行区等施工进度), parts of a
// project as often as projects.
constexpr std::string_view kVisitVerbs[] = {"了解", "察看", "查看", "考察", "视察", "参观", "调研", "观摩",
                                            "检查", "听取", "走访", "来到", "深入"};

// Words after which the last item of a list without 等 has ended: its status or an adverb of it.
constexpr std::string_view kItemEnders[] = {"已", "正在", "正", "将", "均", "全部", "相继", "先后", "顺利", "即将",
                                            "加快", "开工", "建成", "竣工", "投产", "签约", "完成", "开始", "进入",
                                            "启动", "稳步", "抓紧", "于", "在", "项目建设", "建设", "实现", "获得",
                                            "为", "是", "均为", "都是", "属于", "列入", "年内", "年底", "今年", "明年",
                                            "上半年", "下半年"};

// Words no project's name holds but a clause of reporting does: an item holding one is a
// clause, not a name (完成年计划的91%, 实现开工).
constexpr std::string_view kClauseWords[] = {"完成", "实现", "推进", "加快", "取得", "超过", "达到", "累计",
                                             "亿元", "万元", "同比", "增长", "计划", "以上", "以来", "导读"};

// Bounds that keep work per mention constant, whatever the input (a 50 MB line has no sentences).
constexpr std::size_t kMaxQuotedNameBytes = 40 * 3;
constexpr std::size_t kContextBytes = 30 * 3;
// No sentence of a real bulletin is this long; longer runs are debris and are not read for projects.
constexpr std::size_t kMaxSentenceBytes = 16 * 1024;
// Mentions of one project sit near each other; comparing further back would be quadratic.
constexpr std::size_t kClusterWindow = 120;

// Sentences that list policy measures name programmes, not projects.
bool is_policy_list(std::string_view sentence) {
  // Every form needs 措 (措施, 举措); most sentences have none, and one search settles that.
  if (find_word(sentence, "措") == std::string_view::npos) return false;
  return (find_word(sentence, "包括") != std::string_view::npos && find_word(sentence, "措施") != std::string_view::npos) ||
         find_word(sentence, "等措施") != std::string_view::npos || find_word(sentence, "等举措") != std::string_view::npos;
}

bool is_name_char(std::string_view s, std::size_t pos) {
  if (is_cjk_at(s, pos)) return true;
  const auto c = static_cast<unsigned char>(s[pos]);
  // A space alone between two ideographs is a line break of a PDF or page copy (黔 张常): Chinese
  // puts none between words.
  if (c == ' ') return pos >= 3 && is_cjk_at(s, pos - 3) && is_cjk_at(s, pos + 1);
  // A dash between two ideographs joins a route's ends (衡阳—南宁公路, 依吞布拉克–若羌).
  if (c == 0xE2 && (starts_at(s, pos, "—") || starts_at(s, pos, "–"))) {
    return pos >= 3 && is_cjk_at(s, pos - 3) && is_cjk_at(s, pos + 3);
  }
  // '/' for rates inside names: 360万吨/年甲醇项目; '.' only inside a number (3.5GW), since
  // copied text often ends its sentences with one.
  if (c == '.') {
    return pos > 0 && pos + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[pos - 1])) &&
           std::isdigit(static_cast<unsigned char>(s[pos + 1]));
  }
  return std::isalnum(c) || c == '-' || c == '(' || c == ')' || c == '/';
}

// ---------------------------------------------------------------------------------------------
// Per-sentence reading.

// A clause's byte range in its sentence. Sentences are at most kMaxSentenceBytes long, so 32-bit
// offsets do; a 100 MiB bulletin has about two million clauses.
struct ClauseSpan {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  operator Span() const { return {begin, end}; }
};
static_assert(kMaxSentenceBytes <= UINT32_MAX);
static_assert(kMaxSentenceBytes <= UINT16_MAX, "SentenceInfo counts a sentence's items in 16 bits");

struct Clause {
  ClauseSpan span;
};

// A place as the sentence tables keep it: 16 bytes instead of a PlaceMention's 80 and its
// candidate list's own allocation, on the few hundred thousand places of a 100 MiB bulletin. The
// candidates sit in SentenceTables::place_candidates; a zone's name is the sentence's text at span.
struct PlaceEntry {
  ClauseSpan span;
  std::uint32_t first_candidate = 0;
  std::uint16_t candidate_count = 0;
  bool is_zone = false;
};
static_assert(sizeof(PlaceEntry) <= 16);

// The companies, places and clauses of every sentence of a bulletin, sentence after sentence.
struct SentenceTables {
  std::vector<OrgMention> orgs;
  std::vector<PlaceEntry> places;
  std::vector<const Division*> place_candidates;  // the places' candidates, place after place
  std::vector<Clause> clauses;

  // Whether one more sentence's places fit the 16- and 32-bit fields of PlaceEntry.
  bool can_add_places(std::span<const PlaceMention> found) const {
    std::size_t candidates = 0;
    for (const auto& place : found) {
      if (place.candidates.size() > UINT16_MAX) return false;
      candidates += place.candidates.size();
    }
    return candidates <= UINT32_MAX - place_candidates.size();
  }
  // found comes from Gazetteer::find() of one sentence (at most kMaxSentenceBytes long), and
  // can_add_places() accepted it.
  void add_places(const std::vector<PlaceMention>& found) {
    for (const auto& place : found) {
      places.push_back({{static_cast<std::uint32_t>(place.span.begin), static_cast<std::uint32_t>(place.span.end)},
                        static_cast<std::uint32_t>(place_candidates.size()),
                        static_cast<std::uint16_t>(place.candidates.size()), place.is_zone});
      place_candidates.insert(place_candidates.end(), place.candidates.begin(), place.candidates.end());
    }
  }
  // The PlaceMention Gazetteer::find() returned for entry, in the sentence it was found in.
  PlaceMention place_mention(const PlaceEntry& entry, std::string_view sentence) const {
    PlaceMention out;
    out.span = entry.span;
    const auto first = place_candidates.begin() + entry.first_candidate;
    out.candidates.assign(first, first + entry.candidate_count);
    out.is_zone = entry.is_zone;
    if (entry.is_zone) out.zone_name = std::string(sentence.substr(entry.span.begin, entry.span.end - entry.span.begin));
    return out;
  }
};

// What one sentence holds, read once. The lists are views of the bulletin-wide SentenceTables:
// three small vectors per sentence cost more in allocations and headers than the items they hold,
// on the half million sentences of a 100 MiB bulletin. They are kept as 32-bit positions and
// 16-bit counts rather than spans: 48 bytes instead of 72 per sentence.
class SentenceInfo {
 public:
  int article = 0;
  int paragraph = 0;
  const Sentence* sentence = nullptr;
  bool policy = false;

  // The lists start at the tables' current ends; finish_lists() closes them once the sentence's
  // items are appended.
  void start_lists(const SentenceTables& tables) {
    tables_ = &tables;
    org_begin_ = static_cast<std::uint32_t>(tables.orgs.size());
    place_begin_ = static_cast<std::uint32_t>(tables.places.size());
    clause_begin_ = static_cast<std::uint32_t>(tables.clauses.size());
  }
  void finish_lists() {
    org_count_ = static_cast<std::uint16_t>(tables_->orgs.size() - org_begin_);
    place_count_ = static_cast<std::uint16_t>(tables_->places.size() - place_begin_);
    clause_count_ = static_cast<std::uint16_t>(tables_->clauses.size() - clause_begin_);
  }
  // Valid once the tables no longer grow.
  std::span<const OrgMention> orgs() const { return {tables_->orgs.data() + org_begin_, org_count_}; }
  std::span<const PlaceEntry> places() const { return {tables_->places.data() + place_begin_, place_count_}; }
  std::span<const Clause> clauses() const { return {tables_->clauses.data() + clause_begin_, clause_count_}; }

 private:
  const SentenceTables* tables_ = nullptr;
  std::uint32_t org_begin_ = 0;
  std::uint32_t place_begin_ = 0;
  std::uint32_t clause_begin_ = 0;
  std::uint16_t org_count_ = 0;
  std::uint16_t place_count_ = 0;
  std::uint16_t clause_count_ = 0;
};

// Appends the clauses of s to out.
void split_clauses(std::string_view s, std::vector<Clause>& out) {
  // Only an ASCII mark or a lead byte E3/EF can begin a break; every other character is stepped
  // over on one table read.
  static constexpr auto kMayBreak = [] {
    std::array<bool, 256> may{};
    for (unsigned char c : {',', ';', ':', '!', '?', '\n', '|'}) may[c] = true;
    may[0xE3] = may[0xEF] = true;
    return may;
  }();
  std::size_t start = 0;
  for (std::size_t i = 0; i < s.size(); i = utf8_next(s, i)) {
    if (kMayBreak[static_cast<unsigned char>(s[i])] && is_clause_break(s, i)) {
      if (i > start) out.push_back({{static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(i)}});
      start = utf8_next(s, i);
    }
  }
  if (start < s.size()) out.push_back({{static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(s.size())}});
}

std::size_t clause_index(const SentenceInfo& info, std::size_t pos) {
  const auto it = std::upper_bound(info.clauses().begin(), info.clauses().end(), pos,
                                   [](std::size_t p, const Clause& c) { return p < c.span.end; });
  if (it == info.clauses().end()) return info.clauses().empty() ? 0 : info.clauses().size() - 1;
  return static_cast<std::size_t>(it - info.clauses().begin());
}

bool inside_org(const SentenceInfo& info, Span span) {
  return std::any_of(info.orgs().begin(), info.orgs().end(),
                     [&](const OrgMention& o) { return span.begin >= o.span.begin && span.end <= o.span.end; });
}

// ---------------------------------------------------------------------------------------------
// Brands: the short names companies go by. 一道新能源科技(衢州)有限公司 -> 一道新能源;
// 江苏维扬豆制品有限公司 -> 维扬豆制品. Used to recognise 晶科项目 as 晶科能源's project.

constexpr std::string_view kOrgSuffixes[] = {"股份有限公司", "有限责任公司", "集团有限公司", "有限公司", "分公司",
                                             "集团",         "公司",         "研究院",       "研究所"};
constexpr std::string_view kOrgFillers[] = {"科技", "实业", "发展", "控股", "股份", "集团", "投资", "建设",
                                            "工程", "新材料", "技术", "国际", "中国", "山西", "有限"};

std::string strip_parenthesised(std::string s) {
  for (std::size_t open = s.find('('); open != std::string::npos; open = s.find('(')) {
    const std::size_t close = s.find(')', open);
    if (close == std::string::npos) break;
    s.erase(open, close - open + 1);
  }
  return s;
}

std::string brand_of(std::string_view org, const Gazetteer& gazetteer) {
  std::string s = strip_parenthesised(std::string(org));
  for (auto suffix : kOrgSuffixes) {
    if (s.ends_with(suffix)) {
      s.resize(s.size() - suffix.size());
      break;
    }
  }
  // A leading place (江苏, 武乡县, 江苏兴化市) is where the company is registered, not its name.
  for (int guard = 0; guard < 3; ++guard) {
    auto places = gazetteer.find(s);
    if (places.empty() || places.front().span.begin != 0 || places.front().is_zone) break;
    if (places.front().span.end >= s.size()) break;
    s.erase(0, places.front().span.end);
  }
  bool trimmed = true;
  while (trimmed) {
    trimmed = false;
    for (auto filler : kOrgFillers) {
      if (s.size() > filler.size() + 3 && s.ends_with(filler)) {
        s.resize(s.size() - filler.size());
        trimmed = true;
      }
    }
  }
  return count_chars(s) >= 2 ? s : std::string();
}

// ---------------------------------------------------------------------------------------------
// Mentions.

std::string_view head_family(std::string_view head) {
  for (std::string_view park : {"产业园区", "产业园", "工业园区", "工业园", "园区", "物流园", "科技园"}) {
    if (head == park) return "园";
  }
  return head;
}

enum class MentionKind : std::uint8_t { kNamed, kAnaphor };

// A bulletin of 100 MiB has about 200,000 mentions, alive from finding to attribution: the name
// and the company are views (of the sentence, of the bulletin's company table, or of the
// extractor's list of agreement names), and the small fields are packed.
struct Mention {
  std::uint32_t sentence = 0;  // index into the SentenceInfo list
  int cluster = -1;
  // The project the mention speaks of once anaphors are resolved; -1 for none.
  int resolved = -1;
  MentionKind kind = MentionKind::kNamed;
  bool joins_next_named = false;  // an agreement about the project named next in the sentence
  bool quoted = false;
  Span span;                 // in the sentence
  std::string_view name;     // normalized
  std::string key;           // for clustering: no place prefix, quotes, phases or trailing 项目
  std::string_view head;   // a word of kHeads or a literal: static
  std::string_view phase;  // a word of kPhaseWords: static
  std::string_view agreement_org;  // set for a company signing an investment agreement
  // For an anaphor: the head family it can refer back to ("园" for a bare 园区), empty for 项目.
  std::string_view anaphor_family;  // static, like head
  // The list this mention is an item of (A、B、C等项目开工): one number per list in the bulletin,
  // -1 for a mention that is no list item. What the list's clause states after the items is
  // stated of every item.
  std::int32_t group = -1;
};
static_assert(sizeof(Mention) <= 152);

// The other name an article gives a project right after naming it: X（以下简称“Y”）, X(简称Y),
// X(原名Y), X更名为Y, X正式命名为“Y”. Returns Y's span in text, or nothing. Later bulletins
// often use only the short or the new name: the register matches them through the alias.
std::optional<Span> introduced_alias(std::string_view text, std::size_t name_end) {
  static constexpr std::string_view kBracketed[] = {"(以下简称", "(以下称", "(下称", "(简称", "(原名", "(原称", "(又称"};
  static constexpr std::string_view kRenamed[] = {"正式更名为", "正式命名为", "更名为", "命名为", "改名为"};
  std::string_view rest = text.substr(name_end);
  bool bracketed = false;
  std::size_t skip = 0;
  for (std::string_view opener : kBracketed) {
    if (rest.starts_with(opener)) {
      skip = opener.size();
      bracketed = true;
      break;
    }
  }
  for (std::string_view verb : kRenamed) {
    if (skip == 0 && rest.starts_with(verb)) skip = verb.size();
  }
  if (skip == 0) return std::nullopt;
  std::size_t begin = name_end + skip;
  if (text.substr(begin).starts_with("为")) begin += std::string_view("为").size();
  if (text.substr(begin).starts_with(":")) begin += 1;
  const bool quoted = text.substr(begin).starts_with("“") || text.substr(begin).starts_with("\"");
  if (quoted) begin += text[begin] == '"' ? 1 : std::string_view("“").size();
  // The alias ends at its closing quote, the bracket, or the clause.
  std::size_t end = begin;
  int chars = 0;
  while (end < text.size()) {
    const std::string_view at = text.substr(end);
    if (at.starts_with("”") || at.starts_with("\"") || at.starts_with(")") || at.starts_with("，") ||
        at.starts_with(",") || at.starts_with("。") || at.starts_with("；") || at.starts_with("、") ||
        at.starts_with("(") || at.starts_with("\n")) {
      break;
    }
    end = utf8_next(text, end);
    ++chars;
  }
  // Unquoted renamings stop at the clause; without a bracket or quote, a long run is a clause.
  if (chars < 2 || chars > (bracketed || quoted ? 20 : 16)) return std::nullopt;
  return Span{begin, end};
}

struct Brand {
  std::string text;
  std::size_t first_sentence = 0;
};

// The Chinese numeral (一..九, 两, 十, 百, 千; not 零) at pos, or 0: what counts and numbers lines.
char32_t count_numeral_at(std::string_view s, std::size_t pos) {
  if (pos >= s.size()) return 0;
  const char32_t c = decode_utf8_at(s, pos).value;
  return chinese_digit_value(c) > 0 || c == U'十' || c == U'百' || c == U'千' ? c : 0;
}

// Whether a role word (投资, 建设, 承建 ...) stands between a company and a name: 由X公司投资建设的Y.
// A list's mark between them means the role word belongs to another item (A公司5G网络建设工程、B项目).
bool has_role_between(std::string_view s, std::size_t begin, std::size_t end) {
  const std::string_view between = s.substr(begin, end - begin);
  if (find_word(between, "、") != std::string_view::npos) return false;
  return std::any_of(std::begin(kOrgRoles), std::end(kOrgRoles),
                     [&](std::string_view r) { return find_word(between, r) != std::string_view::npos; });
}

// Bounds of list items and lines, without the spaces around them.
std::size_t trim_left(std::string_view s, std::size_t begin, std::size_t end) {
  while (begin < end && (s[begin] == ' ' || s[begin] == '-')) ++begin;
  return begin;
}
std::size_t trim_right(std::string_view s, std::size_t begin, std::size_t end) {
  while (end > begin && s[end - 1] == ' ') --end;
  return end;
}

// Where a line's text starts after its number: 1. / 1、 / (1) / （一） / 一是.
std::size_t after_line_number(std::string_view s) {
  std::size_t p = trim_left(s, 0, s.size());
  const std::size_t start = p;
  const bool bracket = p < s.size() && s[p] == '(';
  if (bracket) ++p;
  const std::size_t digits = p;
  while (p < s.size() && std::isdigit(static_cast<unsigned char>(s[p]))) ++p;
  std::size_t numerals = p;
  if (p == digits) {
    while (count_numeral_at(s, numerals) != 0) numerals = utf8_next(s, numerals);
    if (numerals == p) return start;
    p = numerals;
  }
  if (bracket) return p < s.size() && s[p] == ')' ? trim_left(s, p + 1, s.size()) : start;
  for (std::string_view mark : {".", "、", ")", "是"}) {
    if (starts_at(s, p, mark)) return trim_left(s, p + mark.size(), s.size());
  }
  return start;
}

// Whether a sentence opens a paragraph that is a line of a list laid out as lines.
enum class LineItem { kNone, kNumbered, kUnderHeading };

class MentionFinder {
 public:
  // agreement_names keeps the names made for agreements (X公司入园项目), which mentions view.
  // list_categories gets, for each list found (by its group number), the words after its 等 or
  // copula that classify its items (等4个怀柔科学城领域重大项目), empty when there are none.
  MentionFinder(const Gazetteer& gazetteer, const std::vector<Brand>& brands, std::deque<std::string>& agreement_names,
                std::vector<Span>& list_categories)
      : gazetteer_(gazetteer), brands_(brands), agreement_names_(agreement_names), list_categories_(list_categories) {}

  // line_item: the sentence opens a paragraph that may be one item of a list laid out as
  // lines (under a heading that ends with a colon, or numbered): its first clause may name a
  // project without a head word.
  void find(std::size_t index, const SentenceInfo& info, std::deque<Mention>& out,
            LineItem line_item = LineItem::kNone) const {
    const std::string_view s = info.sentence->text;
    // This sentence's mentions are the ones appended from here on; earlier ones belong to earlier
    // sentences and need not be searched (searching them made large bulletins quadratic).
    const std::size_t first_of_sentence = out.size();
    std::size_t covered_until = 0;
    const PhraseTable& heads = head_table();
    for (std::size_t pos = 0; pos < s.size(); pos = utf8_next(s, pos)) {
      if (pos < covered_until) continue;
      // Most characters start no head word: step over them in one tight loop.
      pos = heads.next_candidate(s, pos);
      if (pos >= s.size()) break;
      const HeadWord* head = longest_head_at(s, pos);
      if (!head) continue;
      // 装备制造园区智能装备产业园项目: a weak head inside a longer name is not where it ends.
      if (head->strength == HeadStrength::kWeak && strong_head_follows(s, pos + head->text.size())) continue;
      auto mention = read_named(index, info, pos, *head, covered_until);
      if (!mention) continue;
      covered_until = mention->span.end;
      if (mention->kind == MentionKind::kNamed && is_work_of_earlier_project(info, mention->span.begin, out, first_of_sentence)) {
        continue;
      }
      out.push_back(std::move(*mention));
    }
    find_agreements(index, info, out, first_of_sentence);
    for (const Clause& clause : info.clauses()) find_lists(index, info, clause.span, out, first_of_sentence);
    find_table_rows(index, info, out, first_of_sentence);
    if (line_item != LineItem::kNone) find_line_item(index, info, out, first_of_sentence, line_item == LineItem::kUnderHeading);
  }

 private:
  static const PhraseTable& head_table() {
    static const PhraseTable table = [] {
      std::vector<std::string_view> words;
      for (const auto& head : kHeads) words.push_back(head.text);
      return PhraseTable(words);
    }();
    return table;
  }

  static const HeadWord* longest_head_at(std::string_view s, std::size_t pos) {
    const int found = head_table().longest_at(s, pos);
    return found < 0 ? nullptr : &kHeads[found];
  }

  // previous_end: where the sentence's previous mention ends; a name never reaches back into it.
  std::optional<Mention> read_named(std::size_t index, const SentenceInfo& info, std::size_t head_pos,
                                    const HeadWord& head, std::size_t previous_end) const {
    const std::string_view s = info.sentence->text;
    const Clause& clause = info.clauses()[clause_index(info, head_pos)];
    // Right edge: further heads and tails that belong to the name (基地项目, 改扩建工程, 项目一期).
    std::size_t end = head_pos + head.text.size();
    end = route_section_end(s, end, clause.span.end, head.text);
    for (bool grew = true; grew;) {
      grew = false;
      if (const HeadWord* more = longest_head_at(s, end)) {
        end += more->text.size();
        grew = true;
        continue;
      }
      for (auto tail : kNameTails) {
        if (starts_at(s, end, tail)) {
          end += tail.size();
          grew = true;
          break;
        }
      }
    }
    bool quoted = false;
    std::size_t begin = head_pos;
    if (starts_at(s, end, "”") || starts_at(s, end, "》")) {
      // The head closes a quoted name: the name is the whole quotation, plus the company or place
      // written right before it (晶科能源“年产56GW……项目”).
      const std::string_view open = starts_at(s, end, "”") ? "“" : "《";
      // Quoted names are short; looking further back would make long clauses quadratic.
      const std::size_t window = std::max<std::size_t>(clause.span.begin, head_pos > kMaxQuotedNameBytes ? head_pos - kMaxQuotedNameBytes : 0);
      const std::size_t open_pos = s.substr(window, head_pos - window).rfind(open);
      const std::size_t open_at = open_pos == std::string_view::npos ? 0 : window + open_pos;
      if (open_pos != std::string_view::npos && looks_like_quoted_name(s.substr(open_at + 3, end - open_at - 3))) {
        quoted = true;
        end += 3;
        begin = extend_left(info, open_at, clause.span.begin, /*max_chars=*/10);
      }
    }
    if (!quoted) begin = extend_left(info, head_pos, std::max<std::size_t>(clause.span.begin, previous_end), /*max_chars=*/24);
    begin = skip_leading_junk(s, begin, head_pos);
    if (opens_with_counted_part(s.substr(begin, head_pos - begin))) return std::nullopt;
    if (!quoted && holds_clause_verb(s.substr(begin, head_pos - begin))) return std::nullopt;
    if (begin >= head_pos && !quoted && head.text != "项目" && head.text != "工程") {
      // A bare park word (园区于5月建成) refers back to the park just named, and to nothing else.
      if (head_family(head.text) != "园") return std::nullopt;
      Mention m;
      m.sentence = index;
      m.span = {head_pos, end};
      m.name = s.substr(head_pos, end - head_pos);
      m.head = head.text;
      m.kind = MentionKind::kAnaphor;
      m.anaphor_family = head_family(head.text);
      return m;
    }

    Mention m;
    m.sentence = index;
    m.span = {begin, end};
    m.name = s.substr(begin, end - begin);
    m.head = head.text;
    m.quoted = quoted;
    // Every phase word ends in 期; most names hold none, and one search settles that.
    if (find_word(m.name, "期") != std::string_view::npos) {
      for (auto phase : kPhaseWords) {
        if (find_word(m.name, phase) != std::string_view::npos) {
          m.phase = phase;
          break;
        }
      }
    }
    // X是我省重大转型项目，也是……光伏全产业链项目: a predicate after 是 describes the subject.
    if (is_copula_predicate(s, clause.span.begin, begin)) {
      m.kind = MentionKind::kAnaphor;
      return m;
    }
    const std::string core = distinctive_core(info, m, head_pos);
    if (core.empty()) {
      if (!is_anaphor(s.substr(begin, head_pos - begin))) return std::nullopt;
      m.kind = MentionKind::kAnaphor;
      return m;
    }
    if (info.policy) return std::nullopt;
    // 蔚来……基地在合肥新桥智能电动汽车产业园区正式投产: a park after 在/于/位于 is where the
    // clause's subject is, not a project of its own (when a project was named before it).
    if (head_family(head.text) == "园" && is_locative(info, begin)) return std::nullopt;
    if (head.strength == HeadStrength::kWeak && !quoted && !weak_head_has_context(info, m)) return std::nullopt;
    m.key = make_key(info, m);
    return m;
  }

  // Whether the words after a 至 name a route or its section (涝峪段, 十堰高铁, 合作铁路): 至 then
  // joins the route's two ends rather than ending the name.
  static bool names_a_route(std::string_view words) {
    if (find_word(words, "段") != std::string_view::npos) return true;
    return std::any_of(std::begin(kRouteHeads), std::end(kRouteHeads),
                       [&](std::string_view h) { return find_word(words, h) != std::string_view::npos; });
  }

  // Where a route's name ends when a section follows its head (高速公路德阳至简阳段, 铁路湖南段):
  // at the section's 段, a few name characters on; otherwise at the head.
  static std::size_t route_section_end(std::string_view s, std::size_t head_end, std::size_t clause_end,
                                       std::string_view head) {
    if (std::find(std::begin(kRouteHeads), std::end(kRouteHeads), head) == std::end(kRouteHeads)) return head_end;
    constexpr std::size_t kMaxSectionChars = 12;
    std::size_t p = head_end;
    for (std::size_t chars = 0; p < clause_end && chars < kMaxSectionChars && is_name_char(s, p); ++chars) {
      if (starts_at(s, p, "段")) return p + std::string_view("段").size();
      p = utf8_next(s, p);
    }
    return head_end;
  }

  // Walks left from `from` over name characters until a stop word, punctuation, a person's title
  // or the length limit; then, when no stop word fixed the edge, starts at the first anchor (a
  // place, company or brand), since a name rarely starts with anything else.
  std::size_t extend_left(const SentenceInfo& info, std::size_t from, std::size_t limit, std::size_t max_chars) const {
    const std::string_view s = info.sentence->text;
    std::size_t begin = from;
    std::size_t chars = 0;
    int open_parens = 0;
    bool stopped_by_word = false;
    while (begin > limit && chars < max_chars) {
      // A company's or a place's name is one unit: never cut inside it.
      bool took_unit = false;
      for (const auto& org : info.orgs()) {
        if (org.span.end == begin && org.span.begin >= limit) {
          begin = org.span.begin;
          chars += count_chars(org.name);
          took_unit = true;
          break;
        }
      }
      for (const auto& place : info.places()) {
        if (!took_unit && place.span.end == begin && place.span.begin >= limit && place.span.begin < begin) {
          chars += count_chars(s.substr(place.span.begin, begin - place.span.begin));
          begin = place.span.begin;
          took_unit = true;
        }
      }
      if (took_unit) continue;
      // 5G基站建设项目, 异地新建项目: a verb of building right before the head is part of the name.
      const bool names_end_so = begin == from && (starts_at(s, from, "项目") || starts_at(s, from, "工程"));
      // 发展服务中心项目: a stop word right before a second head word is part of the name.
      const HeadWord* inner_head = begin < from ? longest_head_at(s, begin) : nullptr;
      const bool before_inner_head = inner_head != nullptr && begin + inner_head->text.size() == from;
      // 蒲城至涝峪段: 至 joins a route's two ends.
      const bool route_join = ends_at(s, begin, "至") && names_a_route(s.substr(begin, from + 2 * 3 > s.size() ? s.size() - begin : from + 2 * 3 - begin));
      if (ends_with_stop(s, begin, limit) && !(names_end_so && ends_with_build_verb(s, begin, limit)) && !before_inner_head &&
          !route_join) {
        stopped_by_word = true;
        break;
      }
      // 46兆瓦“农光互补”光伏发电项目, 兰州市“读者印象”文化街区项目: a quoted word inside a name.
      if (ends_at(s, begin, "”")) {
        const std::size_t close = begin - std::string_view("”").size();
        constexpr std::size_t kMaxInnerQuoteBytes = 12 * 3;
        const std::size_t window = std::max(limit, close > kMaxInnerQuoteBytes ? close - kMaxInnerQuoteBytes : 0);
        const std::size_t open = rfind_word(s.substr(window, close - window), "“");
        // Only inside a name: an anchor (a place, a company, a figure) stands right before the
        // quote; after a verb (加强“两高”项目) or at a clause's start (“五网”基础设施) the quoted
        // word is a slogan.
        if (open != std::string_view::npos && looks_like_quoted_name(s.substr(window + open + 3, close - window - open - 3)) &&
            anchored_before(info, window + open, limit)) {
          chars += count_chars(s.substr(window + open, begin - window - open));
          begin = window + open;
          continue;
        }
      }
      const std::size_t prev = utf8_previous(s, begin);
      // 某某水泥有限公司 年产90万吨水泥粉磨项目: lists set the company apart by a space.
      if (s[prev] == ' ' && prev > limit && std::any_of(info.orgs().begin(), info.orgs().end(), [&](const OrgMention& o) {
            return o.span.end == prev && o.span.begin >= limit;
          })) {
        begin = prev;
        continue;
      }
      if (!is_name_char(s, prev)) break;
      if (!walks_left_over_bracket(s[prev], open_parens)) break;
      begin = prev;
      ++chars;
    }
    begin = after_person_titles(s, begin, from);
    if (!stopped_by_word) begin = first_anchor(info, begin, from).value_or(begin);
    return begin;
  }

  static bool ends_with_build_verb(std::string_view s, std::size_t pos, std::size_t limit) {
    return std::any_of(std::begin(kNameBuildVerbs), std::end(kNameBuildVerbs), [&](std::string_view v) {
      return pos >= limit + v.size() && ends_at(s, pos, v);
    });
  }

  // Walking a name leftwards, a ')' opens a bracket the name holds and a '(' closes it; a '('
  // with no ')' of the name after it ends the walk (the name stood inside that bracket).
  static bool walks_left_over_bracket(char c, int& open_parens) {
    if (c == ')') ++open_parens;
    if (c == '(') {
      if (open_parens == 0) return false;
      --open_parens;
    }
    return true;
  }

  // Never reach back over a person and their title (省长金湘军...): where a name starting at
  // begin and ending at end starts once the last title in it is left out.
  static std::size_t after_person_titles(std::string_view s, std::size_t begin, std::size_t end) {
    // Where the last title in the span ends: one backward pass instead of a search per title.
    static const PhraseTable titles(kPersonTitles);
    return begin + titles.last_ending(s.substr(begin, end - begin)).first;
  }

  // Whether what stands right before pos is a place, a company or a figure with its unit.
  static bool anchored_before(const SentenceInfo& info, std::size_t pos, std::size_t limit) {
    const auto ends_here = [&](const auto& list) {
      return std::any_of(list.begin(), list.end(), [&](const auto& item) { return item.span.end == pos; });
    };
    if (ends_here(info.places()) || ends_here(info.orgs())) return true;
    const std::string_view s = info.sentence->text;
    constexpr std::size_t kUnitBytes = 3 * 3;
    const std::size_t from = std::max(limit, pos > kUnitBytes ? pos - kUnitBytes : 0);
    const std::string_view before = s.substr(from, pos - from);
    return std::any_of(before.begin(), before.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; });
  }

  // A slogan or model in quotes (“政府+链主企业+产业园”, “一园、三区”) is no project's name.
  static bool looks_like_quoted_name(std::string_view quoted) {
    for (std::string_view mark : {"+", "、", " ", "，", "“"}) {
      if (find_word(quoted, mark) != std::string_view::npos) return false;
    }
    return !is_numbered_slogan(quoted);
  }

  // Policy slogans count their parts in words (“一区四园一中心”, “三供一业”, “一号工程”): a
  // programme, not a project's name.
  static bool is_numbered_slogan(std::string_view quoted) {
    if (quoted.starts_with("一号") || quoted.starts_with("头号")) return true;
    std::size_t numerals = 0;
    for (std::size_t p = 0; p < quoted.size(); p = utf8_next(quoted, p)) numerals += count_numeral_at(quoted, p) != 0;
    return numerals >= 2;
  }

  static bool ends_with_stop(std::string_view s, std::size_t pos, std::size_t limit) {
    const int found = left_stops().longest_ending_at(s, pos);
    return found >= 0 && pos >= limit + left_stops().word(found).size();
  }

  std::optional<std::size_t> first_anchor(const SentenceInfo& info, std::size_t begin, std::size_t end) const {
    std::optional<std::size_t> best;
    auto consider = [&](std::size_t pos) {
      if (pos >= begin && pos < end && (!best || pos < *best)) best = pos;
    };
    for (const auto& place : info.places()) consider(place.span.begin);
    for (const auto& org : info.orgs()) consider(org.span.begin);
    const std::string_view s = info.sentence->text;
    const std::size_t at = first_brand_prefix(s.substr(begin, end - begin));
    if (at != std::string_view::npos) consider(begin + at);
    return best;
  }

  static bool strong_head_follows(std::string_view s, std::size_t from) {
    constexpr std::size_t kMaxGapChars = 12;
    std::size_t pos = from;
    for (std::size_t chars = 0; chars <= kMaxGapChars && pos < s.size(); ++chars) {
      if (const HeadWord* next = longest_head_at(s, pos); next && next->strength == HeadStrength::kStrong) return true;
      if (!is_name_char(s, pos)) return false;
      pos = utf8_next(s, pos);
    }
    return false;
  }

  static std::size_t skip_leading_junk(std::string_view s, std::size_t begin, std::size_t limit) {
    // A closing quote without its opening one ends a slogan before the name (“十三五”脱贫攻坚项目
    // cut at its opening quote): the name starts after it.
    const std::size_t close = find_word(s.substr(begin, limit - begin), "”");
    if (close != std::string_view::npos && find_word(s.substr(begin, close), "“") == std::string_view::npos) {
      begin += close + std::string_view("”").size();
    }
    // A closing bracket without its opening one closes what stood before the name (武汉弘芯(公司)
    // cut inside its brackets): the name starts after it.
    {
      int depth = 0;
      for (std::size_t p = begin; p < limit; ++p) {
        if (s[p] == '(') ++depth;
        if (s[p] == ')' && --depth < 0) {
          begin = p + 1;
          depth = 0;
        }
      }
    }
    // Debris never starts a name: lowercase Latin letters (a file name's jpg, a URL's html; brands
    // and models are written in capitals), the tail of a date (2020年7月弘芯……).
    while (begin < limit && std::islower(static_cast<unsigned char>(s[begin]))) ++begin;
    std::size_t before_begin = begin;
    while (before_begin > 0 && s[before_begin - 1] == ' ') --before_begin;
    const bool after_digit = before_begin > 0 && std::isdigit(static_cast<unsigned char>(s[before_begin - 1]));
    for (std::string_view tail : {"年", "月", "日", "号"}) {
      if (after_digit && starts_at(s, begin, tail) && begin + tail.size() < limit) begin += tail.size();
    }
    // Stray punctuation never starts a name, nor does a list marker: (一), (3).
    while (begin < limit && (s[begin] == ' ' || s[begin] == ')' || s[begin] == '-')) ++begin;
    if (begin < limit && s[begin] == '(') {
      const std::size_t close = s.find(')', begin);
      // A bracket that opens a name is a list marker or a byline ((记者罗艾桦)): a name may end
      // in a bracket (综合保税区(一期)) but never starts with one.
      constexpr std::size_t kMaxOpeningBracketBytes = 16 * 3;
      if (close != std::string_view::npos && close < limit && close - begin <= kMaxOpeningBracketBytes) {
        begin = close + 1;
        while (begin < limit && s[begin] == ' ') ++begin;
      }
    }
    return begin;
  }

  // Years, quarters and months in a name (2023年一季度重大项目) say when, not which project.
  static std::string without_dates(std::string text) {
    for (const auto& d : find_dates(text, CivilDate{9999, 12, 31})) {
      for (std::size_t k = d.span.begin; k < d.span.end && k < text.size(); ++k) text[k] = ' ';
    }
    const std::uint64_t present = char_signature(text);
    static constexpr std::string_view kPeriods[] = {"一季度", "二季度", "三季度", "四季度", "上半年", "下半年", "前三季度"};
    static const auto periods = sign_words(kPeriods);
    for (const WordSignature& signed_period : periods) {
      if (!holds_chars_of(present, signed_period)) continue;
      const std::string_view period = signed_period.text;
      for (std::size_t p = find_word(text, period); p != std::string::npos; p = find_word(text, period, p)) {
        text.replace(p, period.size(), period.size(), ' ');
      }
    }
    erase_all(text, " ");
    return text;
  }

  static bool is_locative(const SentenceInfo& info, std::size_t name_begin) {
    const std::string_view s = info.sentence->text;
    const Clause& clause = info.clauses()[clause_index(info, name_begin)];
    std::string_view before = s.substr(clause.span.begin, name_begin - clause.span.begin);
    bool preposition = false;
    for (std::string_view p : {"在", "于", "位于", "落户", "落户于", "入驻"}) {
      if (before.ends_with(p)) {
        before.remove_suffix(p.size());
        preposition = true;
        break;
      }
    }
    if (!preposition) return false;
    // Only when the clause already named its subject: "在X产业园" opening a clause may be a visit.
    for (std::size_t pos = 0; pos < before.size(); pos = utf8_next(before, pos)) {
      if (const HeadWord* h = longest_head_at(before, pos); h && h->strength == HeadStrength::kStrong) return true;
    }
    return false;
  }

  static bool is_copula_predicate(std::string_view s, std::size_t clause_begin, std::size_t name_begin) {
    const std::string_view before = s.substr(clause_begin, name_begin - clause_begin);
    for (std::string_view copula : {"是", "系", "作为", "成为", "列为", "列入"}) {
      const std::size_t at = find_word(before, copula);
      // The copula opens the clause (也是, 是) rather than sitting inside a longer word (于是).
      if (at != std::string_view::npos && at <= 2 * 3 && find_word(before.substr(0, at), "于") == std::string_view::npos) {
        return true;
      }
    }
    return false;
  }

  static bool is_anaphor(std::string_view before_head) {
    std::string rest(before_head);
    for (auto w : kAnaphorWords) erase_all(rest, w);
    return rest.empty();
  }

  // What is left of a name once heads, phases, generic words and places are taken out; empty when
  // the name could be any project.
  std::string distinctive_core(const SentenceInfo& info, const Mention& m, std::size_t head_pos) const {
    const std::string_view s = info.sentence->text;
    std::string before(s.substr(m.span.begin, head_pos - m.span.begin));
    bool has_anchor = m.quoted;
    for (const auto& org : info.orgs()) {
      if (org.span.begin >= m.span.begin && org.span.end <= m.span.end) has_anchor = true;
    }
    bool has_place = false;
    for (const auto& place : info.places()) {
      if (place.span.begin >= m.span.begin && place.span.end <= head_pos) has_place = true;
    }
    const bool has_brand = first_brand_prefix(before) != std::string_view::npos;
    std::string rest = before;
    static constexpr std::string_view kQuotes[] = {"“”"};
    static const auto quotes = sign_words(kQuotes);
    if (holds_chars_of(char_signature(rest), quotes[0])) {
      erase_all(rest, "“");
      erase_all(rest, "”");
    }
    for (const auto& place : info.places()) {
      if (place.span.begin >= m.span.begin && place.span.end <= head_pos && !place.is_zone) {
        erase_all(rest, s.substr(place.span.begin, place.span.end - place.span.begin));
      }
    }
    // Longest generic words first so 全产业链 goes before 产业链.
    static const auto generic_by_length = [] {
      std::vector<std::string_view> words(std::begin(kGenericWords), std::end(kGenericWords));
      std::sort(words.begin(), words.end(), [](auto a, auto b) { return a.size() > b.size(); });
      std::vector<SignedWord> signed_words;
      for (auto w : words) signed_words.push_back({w, char_signature(w), count_chars(w) == 1});
      return signed_words;
    }();
    // Multi-character generic words go wherever they stand; single characters (新, 大) only when
    // nothing else is left, so 新能源 stays a distinctive word while 新项目 is generic.
    // Only words whose characters the name holds can be erased. Each word is filed under one bit of
    // its signature, so the few filed under the name's bits are the only ones tested; they are
    // erased in list order, as the plain loop over every word would.
    static const auto generic_by_bit = [] {
      std::array<std::vector<std::uint16_t>, 65> by_bit;  // [64]: words with an empty signature
      for (std::size_t k = 0; k < generic_by_length.size(); ++k) {
        const std::uint64_t sig = generic_by_length[k].signature;
        by_bit[sig == 0 ? 64 : static_cast<std::size_t>(std::countr_zero(sig))].push_back(static_cast<std::uint16_t>(k));
      }
      return by_bit;
    }();
    const std::uint64_t present = char_signature(rest);
    std::vector<std::uint16_t>& candidates = generic_candidates_;
    candidates.assign(generic_by_bit[64].begin(), generic_by_bit[64].end());
    for (std::uint64_t bits = present; bits != 0; bits &= bits - 1) {
      const auto& filed = generic_by_bit[static_cast<std::size_t>(std::countr_zero(bits))];
      candidates.insert(candidates.end(), filed.begin(), filed.end());
    }
    std::sort(candidates.begin(), candidates.end());
    for (const std::uint16_t k : candidates) {
      const auto& w = generic_by_length[k];
      if (!w.single_char && (w.signature & present) == w.signature) erase_all(rest, w.text);
    }
    std::string singles_removed = rest;
    for (const std::uint16_t k : candidates) {
      const auto& w = generic_by_length[k];
      if (w.single_char && (w.signature & present) == w.signature) erase_all(singles_removed, w.text);
    }
    if (singles_removed.empty()) rest.clear();
    rest = without_dates(std::move(rest));
    // 九台市11个项目, 共有九大项目: a count of projects is an aggregate.
    if (holds_count(rest) || holds_count(s.substr(m.span.begin, m.span.end - m.span.begin))) return {};
    if (!has_anchor && !has_place && !has_brand && !has_builder_in_clause(info, m.span.begin) &&
        count_chars(without_sector_words(rest)) <= 1) {
      return {};
    }
    const bool has_figure = std::any_of(rest.begin(), rest.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
    const std::size_t chars = count_chars(rest);
    if (has_anchor || has_figure || (chars >= 2 && (has_place || has_brand))) return rest.empty() ? before : rest;
    // 项目 and 工程 also follow verbs (抓项目, 锚定项目, 破解项目): without an anchor, the words
    // before them must name a line of business (食品加工, 光伏电池), or be a name of four or more
    // characters with no verb or adverb of exhortation in it (长鑫存储).
    const bool bare_noun_head = m.head == "项目" || m.head == "工程";
    if (chars >= 3 && (!bare_noun_head || !classify_industry(rest).empty())) return rest;
    const bool exhortation = std::any_of(std::begin(kExhortationWords), std::end(kExhortationWords),
                                         [&](std::string_view w) { return find_word(rest, w) != std::string::npos; });
    if (chars >= 4 && !exhortation) return rest;
    return {};
  }

  // 由X公司投资建设的新能源产业园区: a company building it earlier in the clause makes even a
  // name of sector words one project.
  static bool has_builder_in_clause(const SentenceInfo& info, std::size_t name_begin) {
    const std::string_view s = info.sentence->text;
    const Clause& clause = info.clauses()[clause_index(info, name_begin)];
    return std::any_of(info.orgs().begin(), info.orgs().end(), [&](const OrgMention& org) {
      return org.span.begin >= clause.span.begin && org.span.end <= name_begin &&
             has_role_between(s, org.span.end, name_begin);
    });
  }

  bool weak_head_has_context(const SentenceInfo& info, const Mention& m) const {
    const std::string_view s = info.sentence->text;
    // One of several places visited (A、B、C等地) is a destination, not a project.
    if (ends_at(s, m.span.begin, "、") || starts_at(s, m.span.end, "、") || starts_at(s, m.span.end, "和")) return false;
    const Clause& clause = info.clauses()[clause_index(info, m.span.begin)];
    // A status word right after the name (X中心建成投用) or money in the same clause.
    const std::string_view after = s.substr(m.span.end, std::min<std::size_t>(clause.span.end - m.span.end, 8 * 3));
    const StatusReading reading = read_status(after);
    if (reading.status != ProjectStatus::kUnknown || reading.planned != ProjectStatus::kUnknown) return true;
    // Or a verb that takes it as its object right before it: 开工建设的X, 新开工X.
    const std::size_t lead_from = std::max<std::size_t>(clause.span.begin, m.span.begin > 8 * 3 ? m.span.begin - 8 * 3 : 0);
    std::string_view lead = s.substr(lead_from, m.span.begin - lead_from);
    if (lead.ends_with("的")) lead.remove_suffix(std::string_view("的").size());
    const StatusReading before = read_status(lead);
    if (before.status != ProjectStatus::kUnknown && before.object_first && before.span.end == lead.size()) return true;
    const std::size_t from = std::max<std::size_t>(clause.span.begin, m.span.begin > kContextBytes ? m.span.begin - kContextBytes : 0);
    const std::size_t to = std::min<std::size_t>(clause.span.end, m.span.end + kContextBytes);
    return !find_money(s.substr(from, to - from)).empty();
  }

  std::string make_key(const SentenceInfo& info, const Mention& m) const {
    std::string key = key_from(info, m, /*drop_places=*/true);
    // A key that is a head word alone once its place is gone (昭通支线三期 and 临沧支线(一期) would
    // both be 支线) keeps its place: the place is then what tells the projects apart.
    if (count_chars(key) <= 2 || (ends_with_item_head(key) && count_chars(key) <= 3)) return key_from(info, m, false);
    return key;
  }

  std::string key_from(const SentenceInfo& info, const Mention& m, bool drop_places) const {
    const std::string_view s = info.sentence->text;
    std::size_t begin = m.span.begin;
    // Leading places and zones name where, not what: 武乡县食品产业园 and 食品产业园 are one key.
    for (bool moved = drop_places; moved;) {
      moved = false;
      for (const auto& place : info.places()) {
        if (place.span.begin == begin && place.span.end < m.span.end && !inside_org(info, place.span)) {
          begin = place.span.end;
          moved = true;
        }
      }
    }
    std::string key(s.substr(begin, m.span.end - begin));
    // Erasing never adds characters: a word whose characters the key lacks is not searched for.
    const std::uint64_t present = char_signature(key);
    static constexpr std::string_view kMarks[] = {"“", "”", "《", "》", "(", ")", " "};
    static const auto marks = sign_words(kMarks);
    static const auto phases = sign_words(kPhaseWords);
    for (const WordSignature& w : marks) {
      if (holds_chars_of(present, w)) erase_all(key, w.text);
    }
    for (const WordSignature& phase : phases) {
      if (holds_chars_of(present, phase)) erase_all(key, phase.text);
    }
    for (std::string_view tail : {"项目", "工程"}) {
      if (key.size() > tail.size() + 6 && key.ends_with(tail)) key.resize(key.size() - tail.size());
    }
    return key;
  }

  // 与福建达利园食品有限公司签订了入园协议 -> a project of that company.
  void find_agreements(std::size_t index, const SentenceInfo& info, std::deque<Mention>& out,
                       std::size_t first_of_sentence) const {
    const std::string_view s = info.sentence->text;
    for (const auto& org : info.orgs()) {
      const Clause& clause = info.clauses()[clause_index(info, org.span.begin)];
      const std::string_view after = s.substr(org.span.end, clause.span.end - org.span.end);
      const bool partner = ends_at(s, org.span.begin, "与") || ends_at(s, org.span.begin, "同") ||
                           ends_at(s, org.span.begin, "和");
      std::size_t verb = std::string_view::npos;
      for (std::string_view v : {"签订", "签署", "签约"}) verb = std::min(verb, find_word(after, v));
      if (!partner || verb == std::string_view::npos || verb > 3 * 4) continue;
      const std::size_t agreement_end = std::min(find_word(after, "协议"), find_word(after, "合同"));
      if (agreement_end == std::string_view::npos) continue;
      const std::string_view kind = after.substr(verb, agreement_end - verb);
      const auto investment = std::find_if(std::begin(kInvestmentAgreements), std::end(kInvestmentAgreements),
                                           [&](std::string_view w) { return find_word(kind, w) != std::string_view::npos; });
      if (investment == std::end(kInvestmentAgreements)) continue;
      // Already a named project of this company in the clause (与X公司签订Y项目协议)?
      const auto own = out.begin() + static_cast<std::ptrdiff_t>(first_of_sentence);
      const bool named = std::any_of(own, out.end(), [&](const Mention& m) {
        return m.sentence == index && m.kind == MentionKind::kNamed && m.span.begin >= clause.span.begin &&
               m.span.end <= clause.span.end;
      });
      if (named) continue;
      // A project named later in the sentence is what the agreement is about (签订投资协议，拟建设
      // 年产5GWh……项目): the agreement joins it rather than standing as a second project.
      // Only the very next clause, and only when it builds or invests in what it names; a project
      // named further on is another subject (……签订了入园协议，正在征地，X产业园已成为……).
      const std::size_t next = clause_index(info, org.span.begin) + 1;
      const bool named_later = next < info.clauses().size() && std::any_of(own, out.end(), [&](const Mention& m) {
        if (m.sentence != index || m.kind != MentionKind::kNamed || clause_index(info, m.span.begin) != next) return false;
        const std::string_view lead = s.substr(info.clauses()[next].span.begin, m.span.begin - info.clauses()[next].span.begin);
        return std::any_of(std::begin(kBuildVerbs), std::end(kBuildVerbs),
                           [&](std::string_view v) { return find_word(lead, v) != std::string_view::npos; });
      });
      Mention m;
      m.sentence = index;
      m.span = org.span;
      const std::string_view kind_word = *investment == "项目" || *investment == "建设" ? "" : *investment;
      m.key = org.name + std::string(kind_word) + "项目";
      m.name = agreement_names_.emplace_back(m.key);
      m.head = "项目";
      m.agreement_org = org.name;
      m.joins_next_named = named_later;
      out.push_back(std::move(m));
    }
  }

  // Whether what starts at pos is what a project named earlier in the sentence builds or holds:
  // ……速度项目1期……建成了年产10万吨薯条生产线; ……配套厂房项目，包含厂房建设、场地软基处理.
  // Those are the project's works, not projects of their own.
  static bool is_work_of_earlier_project(const SentenceInfo& info, std::size_t pos, const std::deque<Mention>& out,
                                         std::size_t first_of_sentence) {
    static constexpr std::string_view kWorkVerbs[] = {"建成", "新建", "建有", "包含", "包括", "配套建设", "建设"};
    std::string_view before = info.sentence->text.substr(0, pos);
    if (before.ends_with("了")) before.remove_suffix(std::string_view("了").size());  // 建成了, 建设了
    const bool verb = std::any_of(std::begin(kWorkVerbs), std::end(kWorkVerbs), [&](std::string_view v) { return before.ends_with(v); });
    if (!verb) return false;
    for (auto it = out.begin() + static_cast<std::ptrdiff_t>(first_of_sentence); it != out.end(); ++it) {
      if (it->kind == MentionKind::kNamed && it->agreement_org.empty() && it->span.end <= pos) return true;
    }
    return false;
  }

  // ---- Lists: 京沪高速铁路、京石客运专线、山海关造船等一批重大项目开工建设. The items of a list of
  // projects often have no head word at all, so they are read from the list's own marks: 、 between
  // items, a trigger (分别为, 主要有, 安排) or the clause's start before the first, 等 or the
  // clause's end after the last.

  static constexpr std::string_view kEnumerationMark = "、";

  static bool is_numbering(std::string_view segment) {
    // 1、 and 一、 number lines; they separate nothing.
    if (segment.empty() || segment.size() > 3 * 3) return false;
    for (std::size_t p = 0; p < segment.size(); p = utf8_next(segment, p)) {
      const char32_t n = count_numeral_at(segment, p);
      if (!std::isdigit(static_cast<unsigned char>(segment[p])) && (n == 0 || n == U'百' || n == U'千')) return false;
    }
    return true;
  }

  // The longest item head `item` ends with, empty for none. One table look-up instead of a
  // comparison per head: lists test every item, and the words after 等 character by character.
  static std::string_view item_head_of(std::string_view item) {
    static const PhraseTable heads(std::vector<std::string_view>(std::begin(kItemHeads), std::end(kItemHeads)));
    const int found = heads.longest_ending_at(item, item.size());
    return found < 0 ? std::string_view() : heads.word(found);
  }

  static bool ends_with_item_head(std::string_view item) { return !item_head_of(item).empty(); }

  // Where the first item of a list starts: walking left from its end over name characters, until
  // the clause starts, a trigger or a stop word ends (安排, 分别为, 开工建设), or a person's title.
  // 至 joins the ends of a route (蒲城至涝峪段) and does not stop; no stop word cuts an item to
  // fewer than two characters (基站建设项目).
  std::size_t first_item_begin(const SentenceInfo& info, std::size_t clause_begin, std::size_t item_end) const {
    const std::string_view s = info.sentence->text;
    constexpr std::size_t kMaxItemChars = 40;
    std::size_t begin = item_end;
    std::size_t chars = 0;
    int open_parens = 0;
    while (begin > clause_begin && chars < kMaxItemChars) {
      bool took_unit = false;
      for (const auto& org : info.orgs()) {
        if (org.span.end == begin && org.span.begin >= clause_begin && org.span.begin < begin) {
          chars += count_chars(s.substr(org.span.begin, begin - org.span.begin));
          begin = org.span.begin;
          took_unit = true;
          break;
        }
      }
      if (took_unit) continue;
      // No stop word cuts an item to fewer than two characters, and a verb of building right
      // before the head is part of the name (基站建设项目 is not 项目).
      const std::string_view so_far = s.substr(begin, item_end - begin);
      const bool bare_head = so_far == "项目" || so_far == "工程";
      if (count_chars(so_far) >= 2) {
        const int trigger = list_triggers().longest_ending_at(s, begin);
        if (trigger >= 0 && begin >= clause_begin + list_triggers().word(trigger).size()) break;
        const int stop = left_stops().longest_ending_at(s, begin);
        if (stop >= 0 && !is_item_joiner(left_stops().word(stop)) && begin >= clause_begin + left_stops().word(stop).size() &&
            !(bare_head && ends_with_build_verb(s, begin, clause_begin))) {
          break;
        }
      }
      const std::size_t prev = utf8_previous(s, begin);
      // Inside brackets a list mark lists the parts of this item: 科创中心(一号楼、二号楼).
      const bool part_mark = open_parens > 0 && starts_at(s, prev, kEnumerationMark);
      if (!is_name_char(s, prev) && !starts_at(s, prev, "·") && !part_mark) break;
      if (!walks_left_over_bracket(s[prev], open_parens)) break;
      begin = prev;
      ++chars;
    }
    return skip_leading_junk(s, after_person_titles(s, begin, item_end), item_end);
  }

  // Words inside an item's name rather than before it: 至 joins a route's ends (蒲城至涝峪段),
  // 和/与/及 the products of one line (三乙醇胺和三异丙醇胺生产线).
  static bool is_item_joiner(std::string_view stop) {
    return stop == "至" || stop == "和" || stop == "与" || stop == "及";
  }

  static const PhraseTable& list_introducers() {
    static const PhraseTable table(std::vector<std::string_view>(std::begin(kListIntroducers), std::end(kListIntroducers)));
    return table;
  }

  static bool follows_visit_verb(std::string_view s, std::size_t pos) {
    return std::any_of(std::begin(kVisitVerbs), std::end(kVisitVerbs), [&](std::string_view v) { return ends_at(s, pos, v); });
  }

  static const PhraseTable& list_triggers() {
    static const PhraseTable table(std::vector<std::string_view>(std::begin(kListTriggers), std::end(kListTriggers)));
    return table;
  }

  // Where the last item of a list without 等 ends: before its status or an adverb of it, at least
  // two characters in.
  static std::size_t last_item_end(std::string_view s, std::size_t begin, std::size_t clause_end) {
    std::size_t chars = 0;
    for (std::size_t p = begin; p < clause_end; p = utf8_next(s, p), ++chars) {
      // A name holds name characters, quotes and spaces; anything else ends it (……五大板块.此前).
      const bool name_part = is_name_char(s, p) || s[p] == ' ' || starts_at(s, p, "“") || starts_at(s, p, "”") ||
                             starts_at(s, p, "《") || starts_at(s, p, "》") || starts_at(s, p, "·");
      if (!name_part) return p;
      if (chars < 2) continue;
      // Any of the item enders starting here: one table look-up instead of a test per word.
      static const PhraseTable item_enders(kItemEnders);
      if (item_enders.longest_at(s, p) >= 0) return p;
    }
    return clause_end;
  }

  // 等 closing the clause (……、D项目等。) or followed by the items' status (等开工建设) says
  // nothing of what the items are.
  static bool etc_is_neutral(std::string_view s, std::size_t etc, std::size_t clause_end) {
    const std::size_t rest = trim_left(s, etc + std::string_view("等").size(), clause_end);
    if (rest == clause_end) return true;
    const StatusReading after = read_status(s.substr(rest, clause_end - rest));
    return (after.status != ProjectStatus::kUnknown && after.span.begin == 0) ||
           (after.planned != ProjectStatus::kUnknown && after.planned_span.begin == 0);
  }

  // Where the words after a list's 等 (or copula) that say its items are projects end: a project
  // noun within a few characters (等一批重大项目, 为省上开工项目) or a head word closing them
  // (等6条天然气支线); npos when they say no such thing (等地, 等5个市, 等企业).
  static std::size_t category_after(std::string_view s, std::size_t from, std::size_t clause_end) {
    constexpr std::size_t kCategoryChars = 12;
    std::size_t end = std::string_view::npos;
    std::size_t p = utf8_next(s, from);
    // The last noun of the window ends the category: 等一批重大项目 runs to 项目.
    for (std::size_t chars = 0; p < clause_end && chars < kCategoryChars; p = utf8_next(s, p), ++chars) {
      for (std::string_view noun : kListProjectNouns) {
        if (starts_at(s, p, noun)) end = p + noun.size();
      }
      if (end == std::string_view::npos && chars > 0) {
        const std::string_view so_far = s.substr(from, utf8_next(s, p) - from);
        if (ends_with_item_head(so_far) && so_far.size() > 3 * 2) return utf8_next(s, p);
      }
    }
    return end;
  }

  // Whether a name counts projects or firms (14个, 81项, 第三批, 5家) somewhere in it.
  static bool holds_count(std::string_view text) {
    // 九大项目, 十大工程, 三个项目: a count written in words (一 is too often part of a name). The
    // words counted are searched for, and the character before each is tested: most names hold
    // none of them, where testing every character for a numeral decoded each one.
    for (std::string_view counted : {"大项目", "大工程", "个项目", "项重点", "批"}) {
      for (std::size_t after = find_word(text, counted); after != std::string_view::npos;
           after = find_word(text, counted, after + counted.size())) {
        if (after == 0) continue;
        const std::size_t at = utf8_previous(text, after);
        const char32_t n = count_numeral_at(text, at);
        if ((n != 0 && n != U'一') || starts_at(text, at, "几") || starts_at(text, at, "多")) return true;
      }
    }
    for (std::size_t p = 0; p < text.size(); ++p) {
      if (!std::isdigit(static_cast<unsigned char>(text[p]))) continue;
      std::size_t end = p;
      while (end < text.size() && std::isdigit(static_cast<unsigned char>(text[end]))) ++end;
      for (std::string_view counter : {"个", "项", "家", "件", "批"}) {
        if (starts_at(text, end, counter)) return true;
      }
      p = end;
    }
    return false;
  }

  // Whether a list item carries what names a project: a head word after at least two characters
  // of name (德厚水库; not 铁路 alone), a place, a company or brand, or a figure (2万吨碳酸锂).
  bool is_anchored_item(const SentenceInfo& info, Span item) const {
    const std::string_view s = info.sentence->text;
    const std::string_view text = s.substr(item.begin, item.end - item.begin);
    if (const std::string_view head = item_head_of(text); !head.empty() && count_chars(text) >= count_chars(head) + 2) return true;
    for (const auto& place : info.places()) {
      if (place.span.begin >= item.begin && place.span.end <= item.end) return true;
    }
    for (const auto& org : info.orgs()) {
      if (org.span.begin >= item.begin && org.span.end <= item.end) return true;
    }
    if (first_brand_prefix(text) != std::string_view::npos) return true;
    return std::any_of(text.begin(), text.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; });
  }

  // 千万头, 千亿斤, 百万吨: an amount in words at the start of a name.
  static bool opens_with_large_numeral(std::string_view text) {
    std::size_t p = 0;
    for (bool more = true; more;) {
      more = false;
      for (std::string_view n : {"百", "千", "万", "亿"}) {
        if (starts_at(text, p, n)) {
          p += n.size();
          more = true;
        }
      }
    }
    return p >= 2 * 3;
  }

  // Whether a name opens with a count of things (一条……生产线, 8条聚合物锂离子电池生产线, 两座
  // 泊位): the works a project builds, not a project of its own.
  static bool opens_with_counted_part(std::string_view name) {
    std::size_t p = 0;
    while (p < name.size() && std::isdigit(static_cast<unsigned char>(name[p]))) ++p;
    if (p == 0 && (count_numeral_at(name, 0) != 0 || name.starts_with("多") || name.starts_with("几"))) p = utf8_next(name, 0);
    if (p == 0) return false;
    for (std::string_view classifier : {"条", "座", "套", "栋", "幢", "台", "组"}) {
      if (starts_at(name, p, classifier)) return true;
    }
    // 700余公里高速公路, 30亩厂房: a measure of works, not a name.
    if (starts_at(name, p, "余") || starts_at(name, p, "多")) p += 3;
    for (std::string_view measure : {"公里", "千米", "米", "亩", "平方米", "万平方米"}) {
      if (starts_at(name, p, measure)) return true;
    }
    return false;
  }

  // Whether an item reads as a name: long enough, not a place alone, no count or amount, no verb
  // of reporting, something left once generic words are gone.
  bool is_item_name(const SentenceInfo& info, Span item) const {
    const std::string_view s = info.sentence->text;
    const std::string_view text = s.substr(item.begin, item.end - item.begin);
    const std::size_t chars = count_chars(text);
    if (chars < 2 || chars > 45) return false;
    for (const auto& place : info.places()) {
      if (place.span.begin <= item.begin && place.span.end >= item.end) return false;
    }
    // 81项基础设施项目, 6条天然气支线, 舒城县14个, 水利项目46个: a count of projects, not one.
    std::size_t digits = 0;
    while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
    if (digits > 0 && digits < text.size()) {
      for (std::string_view counter : {"条", "座", "所"}) {
        if (starts_at(text, digits, counter)) return false;
      }
    }
    if (holds_count(text)) return false;
    // Words with a character the item lacks are not searched for.
    static const auto clause_words = sign_words(kClauseWords);
    const std::uint64_t text_chars = char_signature(text);
    for (const WordSignature& w : clause_words) {
      if (holds_chars_of(text_chars, w) && find_word(text, w.text) != std::string_view::npos) return false;
    }
    if (opens_with_counted_part(text) || holds_clause_verb(text, text_chars)) return false;
    // 继7月、8月重大项目: a date is no name; 8月重大项目 names nothing but a head.
    std::string rest = without_dates(std::string(text));
    if (count_chars(rest) < 2) return false;
    // 年产12万吨合成氨, 20万吨尿素, 千万头肉牛 without a head word: a product and its output (or a
    // programme's target), not a project.
    if ((text.starts_with("年产") || digits > 0 || opens_with_large_numeral(text)) && !ends_with_item_head(text)) return false;
    static const auto generic = [] {
      std::vector<WordSignature> words;
      for (std::string_view w : kGenericWords) {
        if (count_chars(w) > 1) words.push_back({w, char_signature(w)});
      }
      return words;
    }();
    const std::uint64_t present = char_signature(rest);
    for (const WordSignature& w : generic) {
      if (holds_chars_of(present, w)) erase_all(rest, w.text);
    }
    if (count_chars(rest) < 2) return false;
    // 重点项目: nothing but a head word once the generic words are gone.
    if (item_head_of(rest) == rest) return false;
    // A sector alone (教育、就业、医疗卫生) is no project, unless a place or company names one.
    return count_chars(without_sector_words(rest)) >= 2 || is_anchored_item(info, item);
  }

  // What one list of a clause is made of: its items, and the words after them that classify
  // them (等4个轨道交通重大项目, 为省上开工项目), if any.
  struct ListShape {
    std::vector<Span> items;
    std::size_t etc = std::string_view::npos;           // its 等, if it has one
    std::size_t category_end = std::string_view::npos;  // end of the classifying words saying "projects"
    std::size_t end = 0;                                // where the next list of the clause may start
  };

  // The list that starts in [span.begin, clause_end), when there is one. A clause may hold
  // several in a row: A、B等220千伏工程、C等110千伏工程.
  std::optional<ListShape> read_list_shape(const SentenceInfo& info, Span span) const {
    const std::string_view s = info.sentence->text;
    if (find_word(s.substr(span.begin, span.end - span.begin), kEnumerationMark) == std::string_view::npos) {
      return std::nullopt;
    }
    // The marks that separate items; a mark after a number (1、) only numbers a line.
    std::vector<std::size_t> marks;
    std::size_t segment_begin = span.begin;
    // Brackets opened and closed between span.begin and the mark, counted on from the last mark
    // (counting from span.begin at every mark made long lists quadratic).
    std::ptrdiff_t opened = 0, closed = 0;
    std::size_t counted_to = span.begin;
    for (std::size_t at = find_word(s, kEnumerationMark, span.begin); at != std::string_view::npos && at < span.end;
         at = find_word(s, kEnumerationMark, at + kEnumerationMark.size())) {
      // A mark inside brackets lists the parts of one item: 创新中心(A楼、B楼、3号楼).
      const std::string_view newly = s.substr(counted_to, at - counted_to);
      opened += std::count(newly.begin(), newly.end(), '(');
      closed += std::count(newly.begin(), newly.end(), ')');
      counted_to = at;
      if (opened > closed) continue;
      if (!is_numbering(s.substr(segment_begin, at - segment_begin))) marks.push_back(at);
      segment_begin = at + kEnumerationMark.size();
    }
    if (marks.empty()) return std::nullopt;
    ListShape list;
    // The last item runs to 等 (A、B等项目) or, without one, to its status or the clause's end. 等
    // between two marks ends the list there: the marks after it belong to its category
    // (等4个轨道交通、市郊铁路重大项目) or to the next list.
    list.etc = find_word(s.substr(0, span.end), "等", marks.front());
    while (!marks.empty() && list.etc != std::string_view::npos && list.etc < marks.back()) marks.pop_back();
    if (marks.empty()) return std::nullopt;
    const std::size_t last_begin = marks.back() + kEnumerationMark.size();
    std::size_t last_end;
    if (list.etc != std::string_view::npos) {
      last_end = list.etc;
      list.category_end = category_after(s, list.etc, span.end);
    } else {
      last_end = last_item_end(s, last_begin, span.end);
      // A copula after the last item classifies the items as 等 does: A、B为省上开工项目.
      for (std::string_view copula : {"为", "是", "均为", "都是", "属于", "列入"}) {
        if (last_end < span.end && starts_at(s, last_end, copula)) {
          list.category_end = category_after(s, last_end, span.end);
          break;
        }
      }
    }
    list.items.push_back({first_item_begin(info, span.begin, marks.front()), marks.front()});
    for (std::size_t k = 0; k + 1 < marks.size(); ++k) list.items.push_back({marks[k] + kEnumerationMark.size(), marks[k + 1]});
    // 以及 before the last item joins it to the list (……资中至铜梁高速公路以及G5京昆高速公路……扩容).
    const std::size_t also = find_word(s.substr(0, last_end), "以及", last_begin);
    if (also != std::string_view::npos) {
      list.items.push_back({last_begin, also});
      list.items.push_back({also + std::string_view("以及").size(), last_end});
    } else {
      list.items.push_back({last_begin, last_end});
    }
    for (Span& item : list.items) item = trimmed_item(s, item);
    // A list that continues an earlier one of the clause starts with its mark (……工程、C等110千伏
    // 工程): nothing stands before that mark.
    std::erase_if(list.items, [](const Span& item) { return item.begin >= item.end; });
    list.end = list.category_end != std::string_view::npos ? list.category_end
               : list.etc != std::string_view::npos        ? list.etc + std::string_view("等").size()
                                                            : last_end;
    if (list.items.empty()) return std::nullopt;
    return list;
  }

  // An item without the spaces around it and without its own status at its end (A竣工、B建成通车).
  static Span trimmed_item(std::string_view s, Span item) {
    item.begin = trim_left(s, item.begin, item.end);
    item.end = trim_right(s, item.begin, item.end);
    // What stands before 的 describes the name (全长13.59公里的林芝市贡多顶隧道).
    const std::size_t of = rfind_word(s.substr(item.begin, item.end - item.begin), "的");
    if (of != std::string_view::npos && count_chars(s.substr(item.begin + of + 3, item.end - item.begin - of - 3)) >= 2) {
      item.begin += of + std::string_view("的").size();
    }
    const StatusReading own = read_status(s.substr(item.begin, item.end - item.begin));
    for (const auto& [found, span] : {std::pair{own.status, own.span}, std::pair{own.planned, own.planned_span}}) {
      if (found != ProjectStatus::kUnknown && span.end == item.end - item.begin && span.begin >= 2 * 3) {
        item.end = item.begin + span.begin;
      }
    }
    return item;
  }

  // Whether a list names projects: a project noun after its 等 or copula; an introducer after a
  // mention of projects (……13个重点交通项目即将开始建设，分别为A、B); or items that mostly end as
  // project names do, with nothing after 等 saying otherwise. Lists of places or firms (等地,
  // 等企业), of what a visitor saw, of products and of lines of business are not.
  bool is_list_of_projects(const SentenceInfo& info, Span clause, const ListShape& list) const {
    const std::string_view s = info.sentence->text;
    const std::vector<Span>& items = list.items;
    const bool project_noun_after = list.category_end != std::string_view::npos;
    const bool etc_neutral = list.etc != std::string_view::npos && etc_is_neutral(s, list.etc, clause.end);
    if (list.etc != std::string_view::npos && !project_noun_after && !etc_neutral) return false;
    if (!project_noun_after && follows_visit_verb(s, items.front().begin)) return false;
    const std::size_t look_back = items.front().begin > kContextBytes ? items.front().begin - kContextBytes : 0;
    if (find_word(s.substr(look_back, items.front().begin - look_back), "产品") != std::string_view::npos) return false;
    bool by_trigger = false;
    if (!project_noun_after) {
      const std::string_view before = s.substr(0, items.front().begin);
      const bool trigger = list_introducers().longest_ending_at(s, items.front().begin) >= 0 ||
                           (items.front().begin == clause.begin && clause.begin > 0 &&
                            (ends_at(s, clause.begin, ":") || ends_at(s, clause.begin, "：")));
      by_trigger = trigger && (find_word(before, "项目") != std::string_view::npos ||
                               find_word(before, "工程") != std::string_view::npos);
    }
    if (!project_noun_after && !by_trigger) {
      // Short items before a headed last one share its head: 黄登、大华桥水电站.
      const bool last_headed = ends_with_item_head(s.substr(items.back().begin, items.back().end - items.back().begin));
      std::size_t headed = 0;
      for (const Span& item : items) {
        const std::string_view text = s.substr(item.begin, item.end - item.begin);
        const std::size_t chars = count_chars(text) - static_cast<std::size_t>(std::count(text.begin(), text.end(), ' '));
        headed += ends_with_item_head(text) || (last_headed && chars <= 3) ? 1 : 0;
      }
      if (headed * 2 <= items.size()) return false;
    }
    // Most items of a list of projects are anchored, by a head word after a name, a place, a
    // company or a figure. Lines of business are short words (教育、就业、医疗卫生); a list the text
    // says is of projects may name them without anchors (黄河矿业夏日哈木镍钴矿采选).
    std::size_t anchored = 0;
    std::size_t chars = 0;
    for (const Span& item : items) {
      anchored += is_anchored_item(info, item) ? 1 : 0;
      chars += count_chars(s.substr(item.begin, item.end - item.begin));
    }
    constexpr std::size_t kMinMeanItemChars = 5;
    const bool long_items = chars >= kMinMeanItemChars * items.size();
    return anchored * 2 >= items.size() || ((by_trigger || project_noun_after) && long_items);
  }

  // The items of an accepted list as mentions; head-word mentions inside the items and in the
  // words after 等 give way to them.
  void add_list_mentions(std::size_t index, const SentenceInfo& info, const ListShape& list, std::deque<Mention>& out,
                         std::size_t first_of_sentence) const {
    const auto own = out.begin() + static_cast<std::ptrdiff_t>(first_of_sentence);
    const std::size_t list_begin = list.items.front().begin;
    const std::size_t list_end = std::max(list.end, list.items.back().end);
    out.erase(std::remove_if(own, out.end(),
                             [&](const Mention& m) {
                               return m.sentence == index && m.agreement_org.empty() && m.span.end > list_begin &&
                                      m.span.begin < list_end;
                             }),
              out.end());
    const std::int32_t group = static_cast<std::int32_t>(list_categories_.size());
    const std::size_t category_begin = list.etc != std::string_view::npos ? list.etc : list.items.back().end;
    list_categories_.push_back(list.category_end != std::string_view::npos ? Span{category_begin, list.category_end}
                                                                            : Span{});
    for (const Span& item : list.items) {
      if (is_item_name(info, item)) out.push_back(item_mention(index, info, item, group));
    }
  }

  void find_lists(std::size_t index, const SentenceInfo& info, Span clause, std::deque<Mention>& out,
                  std::size_t first_of_sentence) const {
    for (std::size_t from = clause.begin; from < clause.end;) {
      const auto list = read_list_shape(info, {from, clause.end});
      if (!list || list->end <= from) return;
      const bool works = list->category_end == std::string_view::npos &&
                         is_work_of_earlier_project(info, list->items.front().begin, out, first_of_sentence);
      if (!works && is_list_of_projects(info, clause, *list)) add_list_mentions(index, info, *list, out, first_of_sentence);
      from = list->end;
    }
  }

  // ---- Lists laid out as lines: `3. 某某公司固废处理中心，待农作物收割后方可进地施工。` or, under
  // `华龙区1个：`, `新天龙市场，未开工原因是……`. The line's first clause, after its number, names
  // the project when it reads as a name and states nothing itself.

  // under_heading: the line is under a heading line ending with a colon (华龙区1个：), which
  // says its lines are items; a numbered line needs a head word or an anchor in its name.
  void find_line_item(std::size_t index, const SentenceInfo& info, std::deque<Mention>& out,
                      std::size_t first_of_sentence, bool under_heading) const {
    const std::string_view s = info.sentence->text;
    if (info.clauses().empty()) return;
    const std::size_t begin = after_line_number(s);
    const std::size_t clause = clause_index(info, begin);
    Span item{begin, trim_right(s, begin, info.clauses()[clause].span.end)};
    constexpr std::size_t kMaxLineItemChars = 30;
    const std::string_view text = s.substr(item.begin, item.end - item.begin);
    if (item.begin >= item.end || count_chars(text) > kMaxLineItemChars || find_word(text, kEnumerationMark) != std::string_view::npos) {
      return;
    }
    // A line that states something (濮阳县4个项目完成投资, 项目已开工) is no name.
    const StatusReading reading = read_status(text);
    if (reading.status != ProjectStatus::kUnknown || reading.planned != ProjectStatus::kUnknown || !is_item_name(info, item)) return;
    // The line goes on after the name (3. 某某中心，待……): a line that is its name alone is a
    // section's title (一、优化开放布局).
    if (item.end >= s.size() || trim_left(s, info.clauses()[clause].span.end, s.size()) >= s.size() - 1) return;
    const bool headed_or_anchored = ends_with_item_head(text) || is_anchored_item(info, item);
    const bool exhortation = std::any_of(std::begin(kExhortationWords), std::end(kExhortationWords),
                                         [&](std::string_view w) { return text.starts_with(w); });
    // A line that opens with a verb of policy (五是建立开放大平台) is a measure, not a project.
    if (exhortation) return;
    if (!headed_or_anchored && (!under_heading || count_chars(without_sector_words(std::string(text))) < 3)) return;
    replace_with_item(index, info, item, out, first_of_sentence);
  }

  // The mention of a line or a table row that names a project, in place of the head-word mentions
  // read inside it.
  void replace_with_item(std::size_t index, const SentenceInfo& info, Span item, std::deque<Mention>& out,
                         std::size_t first_of_sentence) const {
    const auto own = out.begin() + static_cast<std::ptrdiff_t>(first_of_sentence);
    out.erase(std::remove_if(own, out.end(),
                             [&](const Mention& m) {
                               return m.sentence == index && m.span.end > item.begin && m.span.begin < item.end;
                             }),
              out.end());
    out.push_back(item_mention(index, info, item, -1));
  }

  // ---- Tables flattened into text: `12 | 某某研发中心 | 在建 |`. A row numbered in its first cell
  // names a project in the next cell; its status, when the table gives one, is the next clause.

  static bool is_row_number(std::string_view cell) {
    cell = cell.substr(0, trim_right(cell, 0, cell.size()));
    cell.remove_prefix(trim_left(cell, 0, cell.size()));
    return !cell.empty() && cell.size() <= 4 &&
           std::all_of(cell.begin(), cell.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; });
  }

  void find_table_rows(std::size_t index, const SentenceInfo& info, std::deque<Mention>& out,
                       std::size_t first_of_sentence) const {
    const std::string_view s = info.sentence->text;
    if (s.find('|') == std::string_view::npos) return;
    const auto clauses = info.clauses();
    for (std::size_t c = 0; c + 1 < clauses.size(); ++c) {
      const Span number = clauses[c].span;
      const Span cell = clauses[c + 1].span;
      if (number.end >= s.size() || s[number.end] != '|' || cell.end >= s.size() || s[cell.end] != '|') continue;
      if (!is_row_number(s.substr(number.begin, number.end - number.begin))) continue;
      Span item{trim_left(s, cell.begin, cell.end), 0};
      item.end = trim_right(s, item.begin, cell.end);
      if (item.begin >= item.end || is_row_number(s.substr(item.begin, item.end - item.begin)) || !is_item_name(info, item)) {
        continue;
      }
      replace_with_item(index, info, item, out, first_of_sentence);
    }
  }

  // A mention for a list item or table cell that names a project.
  Mention item_mention(std::size_t index, const SentenceInfo& info, Span item, std::int32_t group) const {
    const std::string_view s = info.sentence->text;
    Mention m;
    m.sentence = static_cast<std::uint32_t>(index);
    m.span = item;
    m.name = s.substr(item.begin, item.end - item.begin);
    const std::string_view head = item_head_of(m.name);
    m.head = head.empty() ? std::string_view("项目") : head;
    if (find_word(m.name, "期") != std::string_view::npos) {
      for (auto phase : kPhaseWords) {
        if (find_word(m.name, phase) != std::string_view::npos) {
          m.phase = phase;
          break;
        }
      }
    }
    m.group = group;
    m.key = make_key(info, m);
    return m;
  }

  static std::string_view brand_prefix(std::string_view brand) {
    // The first two characters are how bulletins shorten a brand (晶科能源 -> 晶科).
    std::size_t end = 0;
    for (int i = 0; i < 2 && end < brand.size(); ++i) end = utf8_next(brand, end);
    return brand.substr(0, end);
  }

  static std::vector<std::string_view> brand_prefixes_of(const std::vector<Brand>& brands) {
    std::vector<std::string_view> prefixes;
    for (const auto& brand : brands) prefixes.push_back(brand_prefix(brand.text));
    return prefixes;
  }

  // Where the first brand prefix (晶科 of 晶科能源) starts in text, wholly inside it; npos for none.
  // One pass over the text instead of one search per brand: names are short, brands dozens.
  std::size_t first_brand_prefix(std::string_view text) const {
    if (brand_prefix_words_.empty()) return std::string_view::npos;
    for (std::size_t pos = 0; pos < text.size(); ++pos) {
      if (brand_prefixes_->longest_at(text, pos) >= 0) return pos;
    }
    return std::string_view::npos;
  }

  const Gazetteer& gazetteer_;
  const std::vector<Brand>& brands_;
  std::deque<std::string>& agreement_names_;
  std::vector<Span>& list_categories_;
  // distinctive_core()'s list of generic words to test, kept to reuse its buffer (a finder belongs
  // to one extraction, on one thread).
  mutable std::vector<std::uint16_t> generic_candidates_;
  std::vector<std::string_view> brand_prefix_words_ = brand_prefixes_of(brands_);  // views of brands_
  // On the heap: a PhraseTable is about 200 KiB, too much for a thread's stack.
  std::unique_ptr<const PhraseTable> brand_prefixes_ = std::make_unique<const PhraseTable>(brand_prefix_words_);
};

// ---------------------------------------------------------------------------------------------
// Clustering.

class DisjointSets {
 public:
  explicit DisjointSets(std::size_t n) : parent_(n) { std::iota(parent_.begin(), parent_.end(), 0); }
  std::size_t find(std::size_t x) {
    while (parent_[x] != x) x = parent_[x] = parent_[parent_[x]];
    return x;
  }
  // The earlier mention stays the representative, so a project is named as it was first written.
  void unite(std::size_t a, std::size_t b) {
    a = find(a);
    b = find(b);
    if (a != b) parent_[std::max(a, b)] = std::min(a, b);
  }

 private:
  std::vector<std::size_t> parent_;
};

// The digits of a name, in order: 年产90万吨 and 年产100万吨 name two projects, and 水泥粉磨 says
// too little to be either.
std::string figures_of(std::string_view name) {
  std::string out;
  for (char c : name) {
    if (std::isdigit(static_cast<unsigned char>(c))) out.push_back(c);
  }
  return out;
}

// A name without its figures and their units: 南山口240万千瓦抽水蓄能 -> 南山口抽水蓄能.
std::string without_figures(std::string_view name) {
  static constexpr std::string_view kUnits[] = {"万千瓦时", "万千瓦", "千瓦时", "千瓦", "兆瓦", "吉瓦", "千伏", "万吨",
                                                "亿吨", "吨", "万台", "台", "万套", "套", "平方米", "万平方米", "米",
                                                "公里", "亩", "万", "亿", "GW", "MW", "GWh", "MWh", "KV", "kV"};
  std::string out;
  for (std::size_t p = 0; p < name.size();) {
    if (!std::isdigit(static_cast<unsigned char>(name[p]))) {
      out.push_back(name[p++]);
      continue;
    }
    while (p < name.size() && (std::isdigit(static_cast<unsigned char>(name[p])) || name[p] == '.')) ++p;
    for (std::string_view unit : kUnits) {
      if (name.substr(p).starts_with(unit)) {
        p += unit.size();
        break;
      }
    }
  }
  return out;
}

bool is_subsequence(std::string_view shorter, std::string_view longer) {
  std::size_t j = 0;
  for (std::size_t i = 0; i < shorter.size();) {
    const std::size_t len = utf8_next(shorter, i) - i;
    const std::size_t at = longer.find(shorter.substr(i, len), j);
    if (at == std::string_view::npos) return false;
    j = at + len;
    i += len;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Assembly.

struct ProjectBuilder {
  Project project;
  bool named_by_agreement = false;
  int status_rank = 0;
  std::set<std::string> aliases;
  std::set<std::string> orgs;
  std::set<std::string> evidence_keys;
  std::vector<PlaceMention> name_places;
  std::vector<PlaceMention> clause_places;
  // Places inside the names of its companies (乳山山水水泥有限公司): where the company is
  // registered, the project's place only when nothing else says where it is.
  std::vector<PlaceMention> company_places;
  // Places in the words that classify the list it is an item of (等4个怀柔科学城领域重大项目).
  std::vector<PlaceMention> list_places;
  IndustryTally industry;  // the names and sentences of its mentions, as read
  Location context;
  std::size_t first_sentence = 0;  // where it was first named: the section and article it belongs to
  ProjectStatus planned = ProjectStatus::kUnknown;  // the latest stage its text plans
  std::string planned_phrase;
};

// What a stage that is only planned says of where a project stands now: 确保年内建成投产 is said
// of works under way; 计划新开工, 拟签约 of projects not yet begun.
ProjectStatus status_implied_by_plan(ProjectStatus planned) {
  switch (planned) {
    case ProjectStatus::kCompleted:
    case ProjectStatus::kOperating:
      return ProjectStatus::kUnderConstruction;
    case ProjectStatus::kUnknown:
      return ProjectStatus::kUnknown;
    default:
      return ProjectStatus::kAnnounced;
  }
}

// Words of a headline or section opening that present projects as a list of plans: 重点项目清单,
// 名单, 计划表, 出炉, 在列.
constexpr std::string_view kListOfPlansWords[] = {"清单", "名单", "计划表", "出炉", "在列", "项目库"};

// The status a headline, lead or section opening states for every project under it (集中开工,
// 签约仪式, 竣工投产, 计划新开工, 重点项目名单); kUnknown when it states none.
StatusReading context_status(std::string_view text) {
  StatusReading reading = read_status(text);
  if (reading.status != ProjectStatus::kUnknown) return reading;
  if (reading.planned != ProjectStatus::kUnknown) {
    reading.status = status_implied_by_plan(reading.planned);
    reading.phrase = reading.planned_phrase;
    return reading;
  }
  for (const std::string_view w : kListOfPlansWords) {
    if (find_word(text, w) != std::string_view::npos) {
      reading.status = ProjectStatus::kAnnounced;
      reading.phrase = std::string(w);
      return reading;
    }
  }
  return reading;
}

std::string phrase_key(const Evidence& e) { return e.field + "\x1f" + e.sentence; }

// A list of brands for every mention, all in one table: a vector per mention cost more in headers
// and allocations than the few brands they hold, on the hundreds of thousands of mentions of a
// large bulletin.
struct ListsPerMention {
  std::vector<std::string_view> items;
  std::vector<std::size_t> begins{0};  // mention i's list is items[begins[i], begins[i + 1])

  // The items appended since the last call are the next mention's list.
  void close_list() { begins.push_back(items.size()); }
  std::span<const std::string_view> of(std::size_t mention) const {
    if (mention + 1 >= begins.size()) return {};
    return {items.data() + begins[mention], begins[mention + 1] - begins[mention]};
  }
};

// A sentence's clauses, companies and places and whether it lists policies, as read_sentences()
// stores them: pure readings of its text, so they may be read ahead of the sequential pass, on
// another thread.
struct SentenceReading {
  std::vector<Clause> clauses;
  std::vector<OrgMention> orgs;
  std::vector<PlaceMention> places;
  bool policy = false;
};

// The facts read_facts() finds in a sentence's whole text, read ahead on another thread while
// clustering runs on this one (they do not depend on it).
struct SentenceFacts {
  std::vector<DateMention> dates;
  std::vector<MoneyMention> money;
  std::vector<QuantityMention> quantities;
  // The industry keywords of the whole sentence, which read_facts() adds to the project of each
  // mention that is no list item; read ahead only for sentences holding such a mention.
  std::optional<IndustryTally::Keywords> industry;
};

// A stage read_status() found in a part of a clause (clause_parts), as read_facts() applies it.
struct PartStatus {
  std::uint32_t clause = 0;    // index in the sentence's clauses
  std::size_t part_begin = 0;  // in the sentence; the reading's spans are in the part
  StatusReading reading;
};
using SentenceStatuses = std::vector<PartStatus>;

// Sets a flag when it goes out of scope, however the scope is left: tells a thread reading ahead
// that its reader is done.
class StopOnExit {
 public:
  explicit StopOnExit(std::atomic<bool>& flag) : flag_(flag) {}
  ~StopOnExit() { flag_.store(true, std::memory_order_relaxed); }
  StopOnExit(const StopOnExit&) = delete;
  StopOnExit& operator=(const StopOnExit&) = delete;

 private:
  std::atomic<bool>& flag_;
};

class Extractor {
 public:
  using WhileIdle = std::function<void(const std::vector<Article>&, const std::function<bool()>&)>;

  Extractor(const NormalizedText& text, const std::vector<Article>& articles, const CivilDate& base_date,
            std::vector<Warning>& warnings, int threads, const std::function<bool()>& should_stop,
            const WhileIdle& while_idle)
      : should_stop_(should_stop), while_idle_(while_idle), text_(text), articles_(articles), base_date_(base_date), warnings_(warnings),
        gazetteer_(Gazetteer::instance()), parallel_(threads > 1 && sentence_bytes(articles) >= kParallelFromBytes) {}

  // Below this much sentence text a second thread costs more to start (three times, about 0.1 ms
  // in all) than it saves: a short bulletin is read on the calling thread alone.
  static constexpr std::size_t kParallelFromBytes = 64 << 10;
  // find_mentions() hands out the sentences in pieces of about this much text: a few milliseconds
  // each, so the two threads end within about one piece of each other.
  static constexpr std::size_t kMentionPieceBytes = 64 << 10;

  static std::size_t sentence_bytes(const std::vector<Article>& articles) {
    std::size_t bytes = 0;
    for (const auto& article : articles) {
      for (const auto& paragraph : article.paragraphs) {
        for (const auto& sentence : paragraph.sentences) bytes += sentence.text.size();
      }
    }
    return bytes;
  }

  std::vector<Project> run() {
    StopPoll stop(should_stop_);
    const std::vector<std::optional<std::size_t>> first_read = read_sentences();
    stop.now();
    // The brands and the articles' places read the sentences' readings and write nothing the other
    // reads: the places (about 3 ms at 16 MiB, against 9 for the brands) on the second thread.
    run_both(parallel_, [&] { collect_brands(); }, [&] { finish_read_sentences(first_read); });
    find_mentions();
    stop.now();
    place_articles_before_their_lists();
    // Clustering needs the mentions; the facts of the sentences that may speak of a project need
    // only their text, and are read meanwhile on a second thread, which this one joins in once
    // clustering is done (the two take blocks of sentences in turn).
    may_need_facts_ = parallel_ ? sentences_after_a_mention() : std::vector<std::uint8_t>();
    facts_ahead_.resize(may_need_facts_.size());
    std::atomic<std::size_t> next_facts{0};
    run_both(
        parallel_,
        [&] {
          cluster();
          stop.now();
          join_introduced_aliases();
          read_section_places();
          read_context_statuses();
          read_facts_ahead(may_need_facts_, next_facts);
        },
        [&] { read_facts_ahead(may_need_facts_, next_facts); });
    category_places_.assign(list_categories_.size(), std::nullopt);
    // Attribution runs in text order on this thread; what it reads of the named mentions' own words,
    // then the clause stages it applies (the largest part of its reading), are read meanwhile on the
    // second, ahead of it. The mentions' spans and lists, which both depend on, are final by now.
    names_ahead_.resize(parallel_ ? mentions_.size() : 0);
    statuses_ahead_.resize(may_need_facts_.size());
    std::atomic<bool> names_attributed{false};
    std::atomic<bool> attributed{false};
    run_both(
        parallel_,
        [&] {
          const StopOnExit stop_reading_ahead(attributed);
          {
            const StopOnExit stop_reading_names(names_attributed);
            attribute_names();
          }
          attribute_facts();
        },
        [&] {
          read_names_ahead(names_attributed);
          read_statuses_ahead(attributed);
          free_mention_keys(attributed);
          // Nothing of the parse's own is left for this thread until attribution ends (traced at
          // 16 MiB: about 30 ms): the caller's work runs meanwhile (ParseOptions::while_idle).
          if (parallel_ && while_idle_) {
            while_idle_(articles_, [&attributed] { return attributed.load(std::memory_order_relaxed); });
          }
        });
    names_ahead_ = {};
    statuses_ahead_ = {};
    stop.now();
    // The projects are assembled from the builders alone; the rest of the working data, hundreds of
    // thousands of small blocks on a large bulletin, is freed meanwhile on the second thread, which
    // took longer than the assembly on this one: the mentions and the sentence tables there, the
    // sentences' readings here once the projects are assembled (traced at 16 MiB: 6-11 ms to
    // assemble, 13 ms to free everything).
    std::vector<Project> projects;
    run_both(
        parallel_,
        [&] {
          projects = finish();
          free_sentence_readings();
        },
        [&] { free_mentions_and_tables(); });
    return projects;
  }

 private:
  class ReadingsAhead;

  // Returns, per article, the index in sentences_ of its first sentence, when it was read.
  std::vector<std::optional<std::size_t>> read_sentences() {
    // Sized once: growing by doubling would hold two copies at the last step, on large inputs the
    // parser's peak.
    std::size_t count = 0;
    for (const auto& article : articles_) {
      for (const auto& paragraph : article.paragraphs) count += paragraph.sentences.size();
    }
    sentences_.reserve(count);
    std::vector<std::optional<std::size_t>> first_read(articles_.size());  // index in sentences_
    std::vector<const Sentence*> in_order;
    in_order.reserve(count);
    for (const auto& article : articles_) {
      for (const auto& paragraph : article.paragraphs) {
        for (const auto& sentence : paragraph.sentences) in_order.push_back(&sentence);
      }
    }
    // The readings are taken into the tables in text order on this thread while the second reads
    // the next sentences ahead (a block read half on each thread, then taken while the second
    // idled, had left about 20 ms of taking at 16 MiB on this thread alone).
    ReadingsAhead ahead(in_order, gazetteer_);
    run_both(
        parallel_,
        [&] {
          const ReadingsAhead::EndOfTaking stop_reading_ahead(ahead);
          take_readings(ahead, first_read);
        },
        [&] { ahead.read_ahead(); });
    return first_read;
  }

  // read_sentences()'s sequential pass: each sentence's reading taken into the tables, in order.
  // Stops early (leaving the rest unread) on a bulletin too large for 32-bit list positions.
  void take_readings(ReadingsAhead& ahead, std::vector<std::optional<std::size_t>>& first_read) {
    std::size_t ordinal = 0;  // of the sentence below in in_order, plus one
    for (std::size_t a = 0; a < articles_.size(); ++a) {
      const auto& article = articles_[a];
      const Sentence* first_sentence = article.paragraphs.empty() || article.paragraphs.front().sentences.empty()
                                           ? nullptr
                                           : &article.paragraphs.front().sentences.front();
      for (std::size_t p = 0; p < article.paragraphs.size(); ++p) {
        for (const auto& sentence : article.paragraphs[p].sentences) {
          ++ordinal;
          SentenceInfo info;
          info.article = static_cast<int>(a);
          info.paragraph = static_cast<int>(p);
          info.sentence = &sentence;
          if (sentence.text.size() > kMaxSentenceBytes) {
            const std::size_t offset = sentence.pieces.empty() ? 0 : text_.to_original(sentence.pieces.front().begin);
            warnings_.push_back({"SENTENCE_TOO_LONG",
                                 "a sentence of " + std::to_string(sentence.text.size()) +
                                     " bytes was not read for projects (no real sentence is that long)",
                                 offset});
            continue;
          }
          // Lists are addressed with 32-bit positions; a sentence adds at most kMaxSentenceBytes
          // items to a table. Only a bulletin of many gigabytes gets here.
          const auto too_large = [&] {
            warnings_.push_back({"BULLETIN_TOO_LARGE",
                                 "the rest of the bulletin was not read for projects (too many clauses)",
                                 sentence.pieces.empty() ? 0 : text_.to_original(sentence.pieces.front().begin)});
          };
          if (std::max({tables_.orgs.size(), tables_.places.size(), tables_.clauses.size()}) >
              UINT32_MAX - kMaxSentenceBytes) {
            return too_large();
          }
          info.start_lists(tables_);
          SentenceReading reading = ahead.take(ordinal - 1);
          if (reading.clauses.empty()) continue;
          tables_.clauses.insert(tables_.clauses.end(), reading.clauses.begin(), reading.clauses.end());
          for (auto& org : reading.orgs) tables_.orgs.push_back(std::move(org));
          const std::vector<PlaceMention>& places = reading.places;
          // Items already appended for this sentence are viewed by no SentenceInfo: stopping here
          // leaves them unread.
          if (!tables_.can_add_places(places)) return too_large();
          tables_.add_places(places);
          info.finish_lists();
          info.policy = reading.policy;
          sentences_.push_back(info);
          if (&sentence == first_sentence) first_read[a] = sentences_.size() - 1;
        }
      }
    }
  }

  // The clauses, companies and places of every sentence, read in chunks of sentences taken in turn
  // by whichever thread is free: the second thread (read_ahead()) reads chunk after chunk while
  // this one takes the readings in order (take()), and this one reads the next unclaimed chunk
  // itself whenever the one it needs is not ready, so neither waits except for a chunk the other
  // is reading. At most kWindow chunks are read ahead of the one being taken: their readings keep
  // PlaceMentions, which SentenceTables packs far smaller, so what is held stays bounded. A thread
  // that has to wait sleeps (atomic wait) rather than spins: the machine may be shared.
  class ReadingsAhead {
   public:
    ReadingsAhead(const std::vector<const Sentence*>& sentences, const Gazetteer& gazetteer)
        : sentences_(sentences), gazetteer_(gazetteer), chunks_((sentences.size() + kChunk - 1) / kChunk),
          slots_(std::min(chunks_, kWindow) * kChunk), ready_(std::min(chunks_, kWindow)) {}

    // Ends the taking when it goes out of scope, however the scope is left: read_ahead() returns.
    class EndOfTaking {
     public:
      explicit EndOfTaking(ReadingsAhead& ahead) : ahead_(ahead) {}
      ~EndOfTaking() {
        ahead_.taking_over_.store(true, std::memory_order_relaxed);
        ahead_.taking_published_.fetch_add(1, std::memory_order_release);  // wakes a waiting read_ahead()
        ahead_.taking_published_.notify_one();
      }
      EndOfTaking(const EndOfTaking&) = delete;
      EndOfTaking& operator=(const EndOfTaking&) = delete;

     private:
      ReadingsAhead& ahead_;
    };

    // The reading of sentences[k], on the taking thread; k grows from call to call.
    SentenceReading take(std::size_t k) {
      const std::size_t c = k / kChunk;
      if (c != taking_) {
        // The chunks before c are taken: their slots may be read into again.
        taking_ = c;
        taking_published_.store(c, std::memory_order_release);
        taking_published_.notify_one();
      }
      std::atomic<std::size_t>& ready = ready_[c % kWindow];
      for (std::size_t state = ready.load(std::memory_order_acquire); state != c + 1;
           state = ready.load(std::memory_order_acquire)) {
        if (state == kAbandoned) {
          read_chunk(c);  // the second thread failed reading it; run_both() rethrows its error
          continue;
        }
        std::size_t next = next_.load(std::memory_order_relaxed);
        if (next <= c || (next < chunks_ && next < c + kWindow)) {
          if (next_.compare_exchange_weak(next, next + 1, std::memory_order_relaxed)) read_chunk(next);
          continue;
        }
        ready.wait(state, std::memory_order_acquire);  // chunk c is being read on the second thread
      }
      return std::move(slots_[(c % kWindow) * kChunk + k % kChunk]);
    }

    // On the second thread: reads chunks ahead until none is left or the taking is over.
    void read_ahead() {
      while (!taking_over_.load(std::memory_order_relaxed)) {
        std::size_t next = next_.load(std::memory_order_relaxed);
        if (next >= chunks_) return;
        const std::size_t taking = taking_published_.load(std::memory_order_acquire);
        if (next >= taking + kWindow) {
          // Far enough ahead (rare: reading costs far more than taking); woken by the next chunk taken.
          taking_published_.wait(taking, std::memory_order_acquire);
          continue;
        }
        if (!next_.compare_exchange_weak(next, next + 1, std::memory_order_relaxed)) continue;
        try {
          read_chunk(next);
        } catch (...) {
          ready_[next % kWindow].store(kAbandoned, std::memory_order_release);
          ready_[next % kWindow].notify_one();
          throw;
        }
      }
    }

   private:
    static constexpr std::size_t kChunk = 64;    // sentences: a few hundred microseconds of reading
    static constexpr std::size_t kWindow = 32;   // chunks: as many sentences as one block before
    static constexpr std::size_t kAbandoned = static_cast<std::size_t>(-1);  // in ready_

    void read_chunk(std::size_t c) {
      const std::size_t end = std::min(sentences_.size(), (c + 1) * kChunk);
      for (std::size_t k = c * kChunk; k < end; ++k) {
        SentenceReading& r = slots_[(c % kWindow) * kChunk + k % kChunk];
        r = SentenceReading{};
        const std::string_view text = sentences_[k]->text;
        if (text.size() > kMaxSentenceBytes) continue;  // never read (SENTENCE_TOO_LONG)
        split_clauses(text, r.clauses);
        if (r.clauses.empty()) continue;  // not read further (read_sentences() skips it)
        r.orgs = find_organizations(text);
        r.places = gazetteer_.find(text);
        r.policy = is_policy_list(text);
      }
      ready_[c % kWindow].store(c + 1, std::memory_order_release);
      ready_[c % kWindow].notify_one();
    }

    const std::vector<const Sentence*>& sentences_;
    const Gazetteer& gazetteer_;
    const std::size_t chunks_;
    std::vector<SentenceReading> slots_;  // chunk c's readings at (c % kWindow) * kChunk
    // Per slot, the chunk read into it, plus one (taking chunk c waits for c + 1), or kAbandoned.
    std::vector<std::atomic<std::size_t>> ready_;
    std::atomic<std::size_t> next_{0};              // the first chunk no thread has claimed
    std::atomic<std::size_t> taking_published_{0};  // the chunk being taken, for read_ahead()
    std::atomic<bool> taking_over_{false};
    std::size_t taking_ = 0;  // the same, on the taking thread
  };

  void finish_read_sentences(const std::vector<std::optional<std::size_t>>& first_read) {
    first_read_ = first_read;
    article_context_.reserve(articles_.size());
    for (std::size_t a = 0; a < articles_.size(); ++a) {
      article_context_.push_back(context_of(articles_[a], first_read[a] ? &sentences_[*first_read[a]] : nullptr));
    }
  }

  // An article whose first sentence goes on into a list of projects (……分别为乐山机场、南充高坪
  // 机场……) names the items' places there, not the article's: its place is read again from what
  // stands before the list.
  void place_articles_before_their_lists() {
    std::vector<std::size_t> list_begin(sentences_.size(), std::string_view::npos);
    for (const Mention& m : mentions_) {
      if (m.group >= 0) list_begin[m.sentence] = std::min<std::size_t>(list_begin[m.sentence], m.span.begin);
    }
    for (std::size_t a = 0; a < articles_.size() && a < first_read_.size(); ++a) {
      if (!first_read_[a] || list_begin[*first_read_[a]] == std::string_view::npos) continue;
      article_context_[a] = context_of(articles_[a], &sentences_[*first_read_[a]], list_begin[*first_read_[a]]);
    }
  }

  // The place an article is about: its title and first sentence (本刊讯 10月24日，省长在太原……).
  // first_read is that sentence as read_sentences() read it, when it did; its places and companies
  // are not searched again.
  // Places of the first sentence count up to `until` (a byte offset in it).
  Location context_of(const Article& article, const SentenceInfo* first_read,
                      std::size_t until = std::string_view::npos) const {
    std::vector<PlaceMention> mentions;
    auto add_found = [&](std::span<const OrgMention> orgs, std::span<const PlaceMention> places) {
      for (const auto& place : places) {
        const bool in_org = std::any_of(orgs.begin(), orgs.end(), [&](const OrgMention& o) {
          return place.span.begin >= o.span.begin && place.span.end <= o.span.end;
        });
        if (!in_org) mentions.push_back(place);
      }
    };
    auto add = [&](std::string_view s) { add_found(find_organizations(s), gazetteer_.find(s)); };
    add(article.title);
    add(article.lead);
    if (first_read) {
      const std::string_view text = first_read->sentence->text;
      std::vector<PlaceMention> places;
      places.reserve(first_read->places().size());
      for (const auto& place : first_read->places()) {
        if (place.span.end <= until) places.push_back(tables_.place_mention(place, text));
      }
      add_found(first_read->orgs(), places);
    } else if (!article.paragraphs.empty() && !article.paragraphs.front().sentences.empty()) {
      add(article.paragraphs.front().sentences.front().text);
    }
    return gazetteer_.resolve(mentions, Location{});
  }

  // A company is named many times in a bulletin; its brand is read once.
  const std::string& brand_of_org(const std::string& org) {
    auto it = brand_by_org_.find(org);
    if (it == brand_by_org_.end()) it = brand_by_org_.emplace(org, brand_of(org, gazetteer_)).first;
    return it->second;
  }

  void collect_brands() {
    std::set<std::string> seen;
    auto add = [&](std::string brand, std::size_t sentence) {
      if (count_chars(brand) >= 2 && seen.insert(brand).second) brands_.push_back({std::move(brand), sentence});
    };
    for (std::size_t i = 0; i < sentences_.size(); ++i) {
      const auto& info = sentences_[i];
      for (const auto& org : info.orgs()) add(brand_of_org(org.name), i);
      // The words right before a quoted project name are its owner: 晶科能源“年产56GW……项目”.
      const std::string_view s = info.sentence->text;
      for (std::size_t q = find_word(s, "“"); q != std::string_view::npos; q = find_word(s, "“", q + 3)) {
        std::size_t b = q;
        std::size_t chars = 0;
        while (b > 0 && chars < 6 && is_cjk_at(s, utf8_previous(s, b)) &&
               !MentionFinderStops::ends_with_stop(s, b)) {
          b = utf8_previous(s, b);
          ++chars;
        }
        if (chars >= 2) add(std::string(s.substr(b, q - b)), i);
      }
    }
  }

  struct MentionFinderStops {
    static bool ends_with_stop(std::string_view s, std::size_t pos) {
      return left_stops().longest_ending_at(s, pos) >= 0 || is_clause_break(s, utf8_previous(s, pos));
    }
  };

  void find_mentions() {
    // A sentence's mentions depend on nothing found in other sentences. With a second thread the
    // sentences are cut in pieces of about kMentionPieceBytes, taken by this thread from the front
    // and by the second from the back until none is left, each thread with its own finder and lists
    // (halves cut by bytes had left this thread waiting 3-9.5 ms at 16 MiB for the second, whose
    // half cost ~3% more). This thread's pieces go straight into mentions_; the second's are then
    // appended in text order, with their lists renumbered after the ones before them.
    std::vector<std::size_t> cuts{0};  // piece p: sentences [cuts[p], cuts[p + 1])
    if (parallel_) {
      std::size_t bytes = 0;
      for (std::size_t i = 0; i + 1 < sentences_.size(); ++i) {
        bytes += sentences_[i].sentence->text.size();
        if (bytes >= kMentionPieceBytes) {
          cuts.push_back(i + 1);
          bytes = 0;
        }
      }
    }
    cuts.push_back(sentences_.size());
    const std::size_t pieces = cuts.size() - 1;
    std::atomic<std::size_t> left{pieces};
    const auto claim = [&left] {
      std::size_t n = left.load(std::memory_order_relaxed);
      while (n > 0 && !left.compare_exchange_weak(n, n - 1, std::memory_order_relaxed)) {
      }
      return n > 0;
    };
    // The second thread's pieces in the order it read them (the last piece first), each with its
    // mentions and where its lists end in second_categories.
    struct SecondPiece {
      std::deque<Mention> mentions;
      std::size_t categories_end = 0;
    };
    std::vector<SecondPiece> second_pieces;
    std::vector<Span> second_categories;
    run_both(
        pieces > 1,
        [&] {
          MentionFinder finder(gazetteer_, brands_, agreement_names_, list_categories_);
          for (std::size_t front = 0; claim(); ++front) find_mentions_in(finder, cuts[front], cuts[front + 1], mentions_);
        },
        [&] {
          MentionFinder finder(gazetteer_, brands_, second_agreement_names_, second_categories);
          for (std::size_t back = pieces; claim();) {
            --back;
            SecondPiece& piece = second_pieces.emplace_back();
            find_mentions_in(finder, cuts[back], cuts[back + 1], piece.mentions);
            piece.categories_end = second_categories.size();
          }
        });
    // In text order, the piece read last first. Each mention is taken off the front of its piece as
    // it is moved: the blocks freed are reused by mentions_ as it grows (freeing a piece only once
    // moved had cost about 5 ms more at 16 MiB, in fresh pages).
    for (std::size_t j = second_pieces.size(); j-- > 0;) {
      const std::size_t categories_begin = j == 0 ? 0 : second_pieces[j - 1].categories_end;
      const auto group_shift =
          static_cast<std::int32_t>(list_categories_.size()) - static_cast<std::int32_t>(categories_begin);
      list_categories_.insert(list_categories_.end(),
                              second_categories.begin() + static_cast<std::ptrdiff_t>(categories_begin),
                              second_categories.begin() + static_cast<std::ptrdiff_t>(second_pieces[j].categories_end));
      std::deque<Mention>& piece = second_pieces[j].mentions;
      while (!piece.empty()) {
        Mention& m = piece.front();
        if (m.group >= 0) m.group += group_shift;
        mentions_.push_back(std::move(m));
        piece.pop_front();
      }
    }
  }

  // In text order: by sentence, which is the order they are appended in, then by position. Each
  // sentence's few mentions are sorted as they come; a sort of the whole list would want a
  // buffer of half its size.
  void find_mentions_in(const MentionFinder& finder, std::size_t from, std::size_t to, std::deque<Mention>& out) const {
    StopPoll stop(should_stop_);
    for (std::size_t i = from; i < to; ++i) {
      stop.poll();
      const std::size_t first = out.size();
      finder.find(i, sentences_[i], out, opens_line_item(i));
      if (out.size() - first < 2) continue;
      std::stable_sort(out.begin() + static_cast<std::ptrdiff_t>(first), out.end(),
                       [](const Mention& a, const Mention& b) { return a.span.begin < b.span.begin; });
    }
  }

  // By sentence (kMayNeedFacts): whether a mention stands in it or before it in its paragraph.
  // read_facts() reads a sentence only when a project is in focus or named there, and focus starts
  // at a mention and ends with the paragraph, so these are all the sentences it may read.
  //
  // Also by sentence (kHoldsUngrouped): whether it holds a mention that is no list item, whose
  // project read_facts() gives the whole sentence's industry keywords.
  static constexpr std::uint8_t kMayNeedFacts = 1;
  static constexpr std::uint8_t kHoldsUngrouped = 2;
  std::vector<std::uint8_t> sentences_after_a_mention() const {
    std::vector<std::uint8_t> out(sentences_.size(), 0);
    for (const Mention& m : mentions_) {
      out[m.sentence] |= kMayNeedFacts;
      if (m.group < 0) out[m.sentence] |= kHoldsUngrouped;
    }
    bool seen = false;
    for (std::size_t i = 0; i < sentences_.size(); ++i) {
      if (i > 0 && (sentences_[i].article != sentences_[i - 1].article ||
                    sentences_[i].paragraph != sentences_[i - 1].paragraph)) {
        seen = false;
      }
      seen = seen || (out[i] & kMayNeedFacts) != 0;
      if (seen) out[i] |= kMayNeedFacts;
    }
    return out;
  }

  // Reads the facts of the sentences may_need marks into facts_ahead_ (sized by the caller), a
  // block of sentences at a time, taking the next block from `next`: threads sharing `next` read
  // each sentence once, whichever comes first.
  void read_facts_ahead(const std::vector<std::uint8_t>& may_need, std::atomic<std::size_t>& next) {
    constexpr std::size_t kBlockSentences = 256;
    for (;;) {
      const std::size_t begin = next.fetch_add(kBlockSentences);
      if (begin >= may_need.size()) return;
      const std::size_t end = std::min(may_need.size(), begin + kBlockSentences);
      for (std::size_t i = begin; i < end; ++i) {
        if ((may_need[i] & kMayNeedFacts) == 0) continue;
        const std::string_view s = sentences_[i].sentence->text;
        auto& facts = facts_ahead_[i];
        facts.emplace();
        facts->dates = find_dates(s, base_date_);
        facts->money = find_money(s);
        facts->quantities = find_quantities(s);
        if ((may_need[i] & kHoldsUngrouped) != 0) facts->industry = IndustryTally::keywords_in(s);
      }
    }
  }

  // The facts of sentence i, read ahead or now.
  SentenceFacts take_facts(std::size_t i) {
    if (i < facts_ahead_.size() && facts_ahead_[i]) {
      SentenceFacts out = std::move(*facts_ahead_[i]);
      facts_ahead_[i].reset();
      return out;
    }
    const std::string_view s = sentences_[i].sentence->text;
    return {find_dates(s, base_date_), find_money(s), find_quantities(s), std::nullopt};
  }

  // Words that, right after a place, make it the start of a company's or brand's name (宁德时代,
  // 青岛啤酒, 洛阳钼业, 山西建工): the place is where the company comes from.
  static constexpr std::string_view kBrandWords[] = {
      "时代", "啤酒", "钼业", "银行", "集团", "股份", "钢铁", "汽车", "重工", "化工", "能源", "电力", "港务",
      "建工", "医药", "制药", "水泥", "纺织", "电气", "电子", "控股", "城投", "交投", "矿业", "煤业", "石化",
      "铝业", "机场集团", "燃气", "水务", "农商行", "证券", "保险", "乳业", "食品", "药业"};

  // A place that starts a company's name outside a project name (宁德时代投资的…): the company's
  // home, not where the project is.
  static bool opens_company(std::string_view s, std::size_t place_end) {
    for (std::string_view w : kBrandWords) {
      if (starts_at(s, place_end, w)) return true;
    }
    return false;
  }

  // Whether the place after a project's name is where the project is: after a verb of location
  // (落户, 位于, ...) anywhere in the clause, or after 在 that follows the name or the list it ends
  // (X项目在洛阳开工; X项目、Y项目等11个项目在舞阳县集中开工); 在 after other words mostly places
  // something else (X项目签约仪式在北京举行).
  static bool is_where_said(std::string_view s, std::size_t place_begin, std::size_t name_end,
                            const std::vector<const Mention*>& in_sentence) {
    static constexpr std::string_view kWhere[] = {"落户", "落地", "位于", "选址", "落户于", "落地于"};
    for (std::string_view w : kWhere) {
      if (ends_at(s, place_begin, w)) return true;
    }
    if (!ends_at(s, place_begin, "在")) return false;
    return only_the_list_between(s, name_end, place_begin - std::string_view("在").size(), in_sentence);
  }

  // Whether s[from, to) holds nothing but more items of a list and its close (、Y项目, 等11个项目).
  static bool only_the_list_between(std::string_view s, std::size_t from, std::size_t to,
                                    const std::vector<const Mention*>& in_sentence) {
    // Longer words first: 项目 before 项.
    static constexpr std::string_view kListGlue[] = {"项目", "重点", "、", "，", "和", "及", "与", "等", "个",
                                                     "项", "批", "0", "1", "2", "3", "4", "5", "6",
                                                     "7", "8", "9", "一", "二", "三", "四", "五", "六",
                                                     "七", "八", "九", "十", "百"};
    std::size_t at = from;
    while (at < to) {
      const auto item = std::find_if(in_sentence.begin(), in_sentence.end(),
                                     [&](const Mention* m) { return m->span.begin == at && m->span.end <= to; });
      if (item != in_sentence.end()) {
        at = (*item)->span.end;
        continue;
      }
      const auto glue = std::find_if(std::begin(kListGlue), std::end(kListGlue),
                                     [&](std::string_view w) { return starts_at(s, at, w); });
      if (glue == std::end(kListGlue)) return false;
      at += glue->size();
    }
    return at == to;
  }

  // A place that opens a brand inside a project's name is where the company comes from: the
  // project is where the rest of its name says (宁德时代洛阳基地 is in 洛阳). Only when the name
  // goes on after the brand word.
  static bool opens_brand(std::string_view s, std::size_t place_end, std::size_t name_end) {
    for (std::string_view w : kBrandWords) {
      if (starts_at(s, place_end, w) && place_end + w.size() + 2 * 3 <= name_end) return true;
    }
    return false;
  }

  // A county's short name that would put a project outside the province its article is about
  // (三都澳大黄鱼产业园 in a 宁德 article: 三都澳 is a bay, not 贵州's 三都县) is another word. Full
  // names (三都水族自治县) and provinces themselves stand.
  // The two digits of GB/T 2260 that name the province a location is in; empty when unknown.
  static std::string_view province_digits(const Location& location) {
    return location.division_code.size() >= 2 ? std::string_view(location.division_code).substr(0, 2) : std::string_view();
  }

  bool is_short_name_out_of_province(const PlaceEntry& place, std::string_view sentence, const Location& context) const {
    const std::string_view province = province_digits(context);
    if (province.empty() || place.is_zone || place.candidate_count == 0) return false;
    const std::string_view written = sentence.substr(place.span.begin, place.span.end - place.span.begin);
    const auto first = tables_.place_candidates.begin() + place.first_candidate;
    const auto last = first + place.candidate_count;
    // Only counties' short names are that ambiguous; a city's (洛阳, 西安) is read as the city.
    return std::all_of(first, last, [&](const Division* d) {
      return d->level == DivisionLevel::kCounty && !std::string_view(d->code).starts_with(province) && d->name != written;
    });
  }

  // The places of a list's category (等4个怀柔科学城领域重大项目), read once for all its items:
  // those the sentence's reading found there, else those read from the category's own start.
  // context is the first item's; the items of one list share it.
  const std::vector<PlaceMention>& category_places(std::int32_t group, const SentenceInfo& info, const Location& context) {
    auto& cached = category_places_[static_cast<std::size_t>(group)];
    if (cached) return *cached;
    cached.emplace();
    const Span category = list_categories_[static_cast<std::size_t>(group)];
    if (category.end <= category.begin) return *cached;
    const std::string_view s = info.sentence->text;
    for (const auto& place : info.places()) {
      if (place.span.begin >= category.begin && place.span.end <= category.end) cached->push_back(tables_.place_mention(place, s));
    }
    if (cached->empty()) {
      std::size_t from = category.begin + std::string_view("等").size();
      while (from < category.end && (std::isdigit(static_cast<unsigned char>(s[from])) || starts_at(s, from, "个") ||
                                     starts_at(s, from, "项"))) {
        from = utf8_next(s, from);
      }
      find_places_from_word_start(s.substr(from, category.end - from), context, *cached);
    }
    return *cached;
  }

  // Only places in the article's own province count: read from a word start, a short name is
  // more often something else (黄平西侧路 in Beijing is a street, not 黄平县 of Guizhou).
  void find_places_from_word_start(std::string_view text, const Location& context, std::vector<PlaceMention>& out) const {
    const std::string_view province = province_digits(context);
    for (auto& place : gazetteer_.find(text)) {
      const bool in_province = province.empty() || std::any_of(place.candidates.begin(), place.candidates.end(),
                                                               [&](const Division* d) { return d->code.starts_with(province); });
      if (in_province && !place.candidates.empty()) out.push_back(std::move(place));
    }
  }

  // Whether sentence i opens a paragraph that is a line of a list: numbered (1. / （一） / 一是),
  // or right under a short heading line that ends with a colon (濮阳县4个：).
  LineItem opens_line_item(std::size_t i) const {
    const auto& info = sentences_[i];
    if (i > 0 && sentences_[i - 1].article == info.article && sentences_[i - 1].paragraph == info.paragraph) {
      return LineItem::kNone;
    }
    if (is_under_heading(i)) return LineItem::kUnderHeading;
    const std::string_view s = info.sentence->text;
    return after_line_number(s) != trim_left(s, 0, s.size()) ? LineItem::kNumbered : LineItem::kNone;
  }

  // Whether the paragraph sentence i opens is one of the short lines under a heading line: the
  // paragraphs between them are all short lines of one sentence (长垣市2个： then a line per
  // project).
  bool is_under_heading(std::size_t i) const {
    constexpr std::size_t kMaxLineChars = 80;
    constexpr std::size_t kMaxLinesUnderHeading = 30;
    const auto& info = sentences_[i];
    std::size_t k = i;
    for (std::size_t lines = 0; k > 0 && lines < kMaxLinesUnderHeading; ++lines) {
      const std::size_t prev = k - 1;
      if (sentences_[prev].article != info.article) return false;
      if (is_heading_line(sentences_[prev])) return true;
      // The previous paragraph must be a single short line.
      const bool single = prev == 0 || sentences_[prev - 1].article != sentences_[prev].article ||
                          sentences_[prev - 1].paragraph != sentences_[prev].paragraph;
      if (!single || count_chars(sentences_[prev].sentence->text) > kMaxLineChars) return false;
      k = prev;
    }
    return false;
  }

  // A paragraph of one short sentence ending with a colon: 濮阳县4个：, 9个项目分别是：.
  bool is_heading_line(const SentenceInfo& info) const {
    constexpr std::size_t kMaxHeadingChars = 24;
    std::string_view s = info.sentence->text;
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    if (!(s.ends_with(":") || s.ends_with("：")) || count_chars(s) > kMaxHeadingChars) return false;
    // A dateline or source line (2023-08-10 17:33来源：) heads no list.
    for (std::string_view w : {"来源", "作者", "编辑", "记者", "发布", "时间", "日期"}) {
      if (find_word(s, w) != std::string_view::npos) return false;
    }
    return true;
  }

  // The company brands a mention carries: its own name's companies, or one tied to it by a role
  // verb in its clause (由X公司投资建设的Y).
  void add_linked_brands(const Mention& m, std::vector<std::string_view>& out) {
    const auto& info = sentences_[m.sentence];
    const std::size_t clause = clause_index(info, m.span.begin);
    for (const auto& org : info.orgs()) {
      const bool in_name = org.span.begin >= m.span.begin && org.span.end <= m.span.end;
      const bool in_role = clause_index(info, org.span.begin) == clause && org.span.end <= m.span.begin &&
                           has_role_between(info.sentence->text, org.span.end, m.span.begin);
      if (in_name || in_role || !m.agreement_org.empty()) {
        if (!m.agreement_org.empty() && org.name != m.agreement_org) continue;
        const std::string& brand = brand_of_org(org.name);  // in brand_by_org_, which never moves it
        if (!brand.empty()) out.push_back(brand);
      }
    }
  }

  // X（下称“Y项目”）: Y is found as a mention of its own (its edge taken with the words before
  // it); it is X's project under the alias, exactly as introduced.
  void join_introduced_aliases() {
    for (std::size_t i = 0; i < mentions_.size(); ++i) {
      const Mention& named = mentions_[i];
      if (named.kind != MentionKind::kNamed || named.cluster < 0) continue;
      const std::string_view sentence = sentences_[named.sentence].sentence->text;
      const std::optional<Span> alias = introduced_alias(sentence, named.span.end);
      if (!alias) continue;
      for (std::size_t j = i + 1; j < mentions_.size() && mentions_[j].sentence == named.sentence; ++j) {
        Mention& other = mentions_[j];
        if (other.span.begin > alias->end) break;
        if (other.kind != MentionKind::kNamed || other.cluster < 0 || other.cluster == named.cluster) continue;
        other.span = *alias;
        other.name = sentence.substr(alias->begin, alias->end - alias->begin);
        const int joined = other.cluster;
        for (Mention& m : mentions_) {
          if (m.cluster == joined) m.cluster = named.cluster;
        }
      }
    }
  }

  void cluster() {
    // What each pair test needs is computed once per mention, not once per pair.
    linked_brands_.begins.reserve(mentions_.size() + 1);
    short_form_brands_.begins.reserve(mentions_.size() + 1);
    pair_traits_.resize(mentions_.size());
    std::unordered_map<std::string_view, int> families;  // head families as small numbers
    for (std::size_t k = 0; k < mentions_.size(); ++k) {
      const Mention& m = mentions_[k];
      if (m.kind == MentionKind::kNamed) {
        add_linked_brands(m, linked_brands_.items);
        add_brands_shortened_by(m, short_form_brands_.items);
        PairTraits& t = pair_traits_[k];
        const std::string_view family = head_family(m.head);
        t.family = families.try_emplace(family, static_cast<int>(families.size())).first->second;
        t.generic_family = family == "项目" || family == "工程";
        t.key_chars = count_chars(m.key);
        t.key_signature = char_signature(m.key);
        t.own_company = has_own_company(m);
        t.figures = figures_of(m.key);
        t.bare_signature = t.figures.empty() ? t.key_signature : char_signature(without_figures(m.key));
      }
      linked_brands_.close_list();
      short_form_brands_.close_list();
    }
    DisjointSets sets(mentions_.size());
    // The named mentions with their indices: the pair tests below reach them through pointers,
    // since indexing the deque costs a division each time.
    struct Named {
      std::size_t index;
      Mention* mention;
      int article;
      bool shortens;  // it is a brand's short form (晶科项目), the only tie across articles
      bool linked;    // tied to companies whose brands another name may hold (linked_brands_)
      std::size_t key_size;
      std::uint64_t key_signature;   // PairTraits's, kept here so the pair loop reads one array
      std::uint64_t bare_signature;
    };
    // Whether the pair tests may join the current mention and an earlier one, on what the entries
    // hold: a brand tie (either way), or the shorter key's characters, figures aside, all in the
    // longer key. Both subsequence tests of same_project_in_article() need the latter (the shorter
    // is the earlier one on equal sizes, as there), and so do two phases, which join only on equal
    // keys. Most pairs fail this before their mentions are read.
    const auto may_join = [](const Named& current, const Named& earlier) {
      if (current.shortens || earlier.shortens || current.linked || earlier.linked) return true;
      const bool earlier_shorter = earlier.key_size <= current.key_size;
      const Named& shorter = earlier_shorter ? earlier : current;
      const Named& longer = earlier_shorter ? current : earlier;
      return (shorter.bare_signature & longer.key_signature) == shorter.bare_signature;
    };
    std::vector<Named> named;
    std::unordered_map<std::string_view, std::size_t> by_key;  // keys view mentions_, which never moves them
    by_key.reserve(mentions_.size());
    for (auto it = mentions_.begin(); it != mentions_.end(); ++it) {
      const auto i = static_cast<std::size_t>(it - mentions_.begin());
      if (it->joins_next_named) {
        for (auto next = it + 1; next != mentions_.end() && next->sentence == it->sentence; ++next) {
          if (next->kind == MentionKind::kNamed && next->agreement_org.empty()) {
            sets.unite(i, static_cast<std::size_t>(next - mentions_.begin()));
            break;
          }
        }
      }
      if (it->kind != MentionKind::kNamed) continue;
      named.push_back({i, &*it, sentences_[it->sentence].article, !short_form_brands_.of(i).empty(),
                       !linked_brands_.of(i).empty(), it->key.size(), pair_traits_[i].key_signature,
                       pair_traits_[i].bare_signature});
      auto [known, inserted] = by_key.emplace(it->key, i);
      if (!inserted) sets.unite(known->second, i);
    }
    // Pairs of named mentions at most kClusterWindow mentions apart. Only named mentions are
    // visited, and i's set is looked up again only when a pair joined it.
    // Across articles only a brand's short form joins two mentions, so a mention is compared with
    // the earlier ones of its own article and, across, only with short forms: most of a long
    // bulletin's window is other articles. Articles are contiguous in `named`.
    std::vector<std::size_t> shortening;  // positions in `named` of the short forms, in order
    std::size_t article_start = 0;        // position in `named` where the current article starts
    for (std::size_t n = 0; n < named.size(); ++n) {
      const std::size_t i = named[n].index;
      const Mention& mi = *named[n].mention;
      if (n > 0 && named[n].article != named[n - 1].article) article_start = n;
      const std::size_t window_begin = i > kClusterWindow ? i - kClusterWindow : 0;
      const auto last = named.begin() + static_cast<std::ptrdiff_t>(n);
      std::size_t set_of_i = sets.find(i);
      const auto window = std::lower_bound(named.begin(), last, window_begin,
                                           [](const Named& a, std::size_t index) { return a.index < index; });
      const auto pair_joins = [&](const Named& other) {
        if (!may_join(named[n], other)) return;
        const std::size_t j = other.index;
        const Mention& mj = *other.mention;
        if (sets.find(j) == set_of_i) return;
        const bool same_article = other.article == named[n].article;
        if ((same_article && same_project_in_article(mj, j, mi, i)) || is_brand_short_form(mi, i, mj) ||
            is_brand_short_form(mj, j, mi)) {
          sets.unite(j, i);
          set_of_i = sets.find(i);
        }
      };
      const auto own_article = std::max(window, named.begin() + static_cast<std::ptrdiff_t>(article_start));
      if (named[n].shortens) {
        for (auto it = window; it != own_article; ++it) pair_joins(*it);
      } else {
        const auto first_short = std::lower_bound(shortening.begin(), shortening.end(),
                                                  static_cast<std::size_t>(window - named.begin()));
        for (auto it = first_short; it != shortening.end() && *it < article_start; ++it) pair_joins(named[*it]);
      }
      for (auto it = own_article; it != last; ++it) pair_joins(*it);
      if (named[n].shortens) shortening.push_back(n);
    }
    for (const Named& n : named) n.mention->cluster = static_cast<int>(sets.find(n.index));
  }

  bool same_project_in_article(const Mention& a, std::size_t ia, const Mention& b, std::size_t ib) const {
    // Two phases of one project are one project (their figures stay apart in phases).
    if (!a.phase.empty() && !b.phase.empty() && a.phase != b.phase) {
      return a.key == b.key;
    }
    // 食品产业园 and 食品加工产业园 in one article: the shorter is the longer one shortened.
    const PairTraits& ta = pair_traits_[ia];
    const PairTraits& tb = pair_traits_[ib];
    // 项目 and 工程 are any project's head: 南山口抽水蓄能项目 and 南山口抽水蓄能电站 may be one.
    if ((ta.family == tb.family || ta.generic_family || tb.generic_family) && a.agreement_org.empty() &&
        b.agreement_org.empty() && !ta.own_company && !tb.own_company) {
      const bool a_shorter = a.key.size() <= b.key.size();
      const PairTraits& ts = a_shorter ? ta : tb;
      const PairTraits& tl = a_shorter ? tb : ta;
      const std::string& shorter = a_shorter ? a.key : b.key;
      const std::string& longer = a_shorter ? b.key : a.key;
      // A key holding a character the other lacks is no subsequence of it: one mask test settles
      // most pairs before the walk.
      // Figures tell projects apart (年产90万吨 / 年产100万吨); a name without figures is the
      // same project as one with them only when it is specific enough on its own (格尔木南山口
      // 抽水蓄能电站, not 水泥粉磨).
      constexpr std::size_t kMinFigurelessChars = 6;
      const std::string& shorter_figures = ts.figures;
      const std::string& longer_figures = tl.figures;
      const bool figures_agree =
          shorter_figures == longer_figures || (shorter_figures.empty() && ts.key_chars >= kMinFigurelessChars);
      if (figures_agree && ts.key_chars >= 4 && (ts.key_signature & tl.key_signature) == ts.key_signature &&
          is_subsequence(shorter, longer)) {
        return true;
      }
      // The longer name without figures, the shorter with them (国家清洁能源产业高地格尔木南山口
      // 抽水蓄能电站 / 南山口240万千瓦抽水蓄能): the same when the figure and its unit are all the
      // shorter one adds.
      if (longer_figures.empty() && !shorter_figures.empty() && tl.key_chars >= kMinFigurelessChars &&
          (ts.bare_signature & tl.key_signature) == ts.bare_signature) {
        const std::string bare = without_figures(shorter);
        if (count_chars(bare) >= 4 && is_subsequence(bare, longer)) return true;
      }
    }
    // A project tied to a company whose brand is in the other project's name.
    for (const auto brand : linked_brands_.of(ib)) {
      if (find_word(a.name, brand) != std::string::npos) return true;
    }
    for (const auto brand : linked_brands_.of(ia)) {
      if (find_word(b.name, brand) != std::string::npos) return true;
    }
    return false;
  }

  bool has_own_company(const Mention& m) const {
    const auto& info = sentences_[m.sentence];
    return std::any_of(info.orgs().begin(), info.orgs().end(), [&](const OrgMention& o) {
      return o.span.begin >= m.span.begin && o.span.end <= m.span.end;
    });
  }

  // 晶科项目 / 晶科能源项目 (a brand and a head, nothing else) after 晶科能源“……项目”.
  // The brands a mention is a short form of: 晶科项目 (a brand's start and a head, nothing else).
  void add_brands_shortened_by(const Mention& m, std::vector<std::string_view>& out) const {
    if (!m.phase.empty()) return;
    std::string core = m.key;
    for (std::string_view tail : {"项目", "工程", "基地"}) {
      if (core.ends_with(tail)) core.resize(core.size() - tail.size());
    }
    if (count_chars(core) < 2) return;
    for (const auto& brand : brands_) {
      if (brand.text.starts_with(core)) out.push_back(brand.text);
    }
  }

  // 晶科项目 / 晶科能源项目 after 晶科能源“……项目”.
  bool is_brand_short_form(const Mention& shortform, std::size_t shortform_index, const Mention& full) const {
    if (shortform.key.size() >= full.key.size()) return false;
    for (std::string_view brand : short_form_brands_.of(shortform_index)) {
      if (find_word(full.name, brand) != std::string::npos) return true;
    }
    return false;
  }

  // Which mention's project a fact at `pos` of a sentence belongs to; -1 for none. A park word
  // that refers to no known project (园区 of an unnamed park) still owns its clause's facts.
  int target_cluster(std::size_t sentence, std::size_t pos, bool object_first, int focus,
                     const std::vector<const Mention*>& in_sentence) const {
    const auto& info = sentences_[sentence];
    const std::size_t clause = clause_index(info, pos);
    const Mention* before = nullptr;
    const Mention* after = nullptr;
    for (const Mention* m : in_sentence) {
      const bool owns_clause = m->resolved >= 0 || !m->anaphor_family.empty();
      if (!owns_clause) continue;
      if (pos >= m->span.begin && pos < m->span.end) return m->resolved;
      if (clause_index(info, m->span.begin) != clause) continue;
      if (m->span.end <= pos) before = m;
      else if (!after) after = m;
    }
    if (object_first && after) return after->resolved;
    if (before) return before->resolved;
    if (after) return after->resolved;
    const Mention* last = nullptr;
    for (const Mention* m : in_sentence) {
      if (m->span.end <= pos && m->resolved >= 0) last = m;
    }
    if (last) return last->resolved;
    return focus;
  }

  // A development zone written before a company's project (忻州经济开发区一道新能源……基地) says
  // where, not what: the name starts after it, the zone goes to the location.
  static Span display_span(const SentenceInfo& info, const Mention& m) {
    for (const auto& place : info.places()) {
      if (!place.is_zone || place.span.begin != m.span.begin || place.span.end >= m.span.end) continue;
      const bool company_follows = std::any_of(info.orgs().begin(), info.orgs().end(), [&](const OrgMention& o) {
        return o.span.begin == place.span.end;
      });
      const std::string_view rest_text = info.sentence->text.substr(place.span.end, m.span.end - place.span.end);
      // 综合保税区(一期): a bracket after the zone qualifies the zone, which is then the project.
      if (rest_text.starts_with("(")) continue;
      const std::size_t rest = count_chars(rest_text);
      if (company_follows || rest >= 6) return {place.span.end, m.span.end};
    }
    return m.span;
  }

  ProjectBuilder& builder(int cluster) {
    auto [it, inserted] = builders_.try_emplace(cluster);
    return it->second;
  }

  Evidence evidence_for(const std::string& field, std::size_t sentence) const {
    const Sentence& s = *sentences_[sentence].sentence;
    Evidence e;
    e.field = field;
    e.sentence = original_of(s, {0, s.text.size()});
    if (!s.pieces.empty()) {
      e.span = {text_.to_original(s.pieces.front().begin), text_.to_original(s.pieces.back().end)};
    }
    return e;
  }

  void add_evidence(ProjectBuilder& b, const std::string& field, std::size_t sentence) {
    Evidence e = evidence_for(field, sentence);
    if (b.evidence_keys.insert(phrase_key(e)).second) b.project.evidence.push_back(std::move(e));
  }

  // A span of a sentence in the article's own writing (traditional characters, full-width digits
  // kept), read through the sentence's pieces and the normalization map.
  std::string original_of(const Sentence& s, Span span) const {
    std::string out;
    std::size_t offset = 0;
    for (const auto& piece : s.pieces) {
      const std::size_t len = piece.end - piece.begin;
      const std::size_t b = std::max(span.begin, offset);
      const std::size_t e = std::min(span.end, offset + len);
      if (b < e) {
        const std::size_t ob = text_.to_original(piece.begin + (b - offset));
        const std::size_t oe = text_.to_original(piece.begin + (e - offset));
        if (ob <= oe && oe <= text_.original().size()) out.append(text_.original().substr(ob, oe - ob));
      }
      offset += len;
    }
    if (offset != s.text.size() || out.empty()) return std::string(s.text.substr(span.begin, span.end - span.begin));
    return out;
  }

  // What attribute_names() reads of a named mention's own words: the name as the article writes it
  // and the other name it introduces (X（以下简称“Y”）), both in the original text. Pure readings
  // of the sentence, so they may be read ahead on another thread.
  struct NameReading {
    std::string display;
    std::optional<std::string> alias;
  };

  NameReading read_name(const Mention& m) const {
    const auto& info = sentences_[m.sentence];
    NameReading out;
    out.display = without_pinyin_notes(original_of(*info.sentence, display_span(info, m)));
    if (const std::optional<Span> alias = introduced_alias(info.sentence->text, m.span.end)) {
      out.alias = without_pinyin_notes(original_of(*info.sentence, *alias));
    }
    return out;
  }

  // On the second thread once the clause stages are read, while attribute_facts() still runs: frees
  // the mentions' keys, which only clustering read, instead of leaving them to the end, when freeing
  // every mention took ~15 ms of this thread at 16 MiB. Attribution reads and writes other fields of
  // the same mentions meanwhile (distinct objects: no race), never the keys. Stops once `stop` is
  // set; the keys left are freed with the mentions.
  void free_mention_keys(const std::atomic<bool>& stop) {
    constexpr std::size_t kStopCheckEvery = 1024;
    for (std::size_t k = 0; k < mentions_.size(); ++k) {
      if (k % kStopCheckEvery == 0 && stop.load(std::memory_order_relaxed)) return;
      std::string().swap(mentions_[k].key);
    }
  }

  // What finish() does not read (everything but the builders, the sentences and the context
  // stages), in two parts that can be freed on two threads at once.
  template <typename T>
  static void free_now(T& member) {
    [[maybe_unused]] const T freed = std::move(member);
  }
  void free_mentions_and_tables() {
    free_now(mentions_);
    free_now(agreement_names_);
    free_now(second_agreement_names_);
    free_now(tables_.orgs);
    free_now(tables_.places);
    free_now(tables_.place_candidates);
    free_now(tables_.clauses);
    free_now(pair_traits_);
    free_now(linked_brands_);
    free_now(short_form_brands_);
    free_now(brand_by_org_);
    free_now(brands_);
    free_now(list_categories_);
  }
  void free_sentence_readings() {
    free_now(facts_ahead_);
    free_now(may_need_facts_);
    free_now(category_places_);
    free_now(section_place_);
    free_now(article_context_);
  }

  // Mention k's reading, read ahead or now.
  NameReading take_name(std::size_t k, const Mention& m) {
    if (k < names_ready_.load(std::memory_order_acquire) && k < names_ahead_.size()) return std::move(names_ahead_[k]);
    return read_name(m);
  }

  // On the second thread while attribute_names() runs on this one, as read_statuses_ahead() below:
  // the named mentions' readings in text order, each published through names_ready_, until all are
  // read or `stop` is set.
  void read_names_ahead(const std::atomic<bool>& stop) {
    for (std::size_t k = 0; k < names_ahead_.size(); ++k) {
      if (stop.load(std::memory_order_relaxed)) return;
      const Mention& m = mentions_[k];
      if (m.kind == MentionKind::kNamed) names_ahead_[k] = read_name(m);
      names_ready_.store(k + 1, std::memory_order_release);
    }
  }

  // Named mentions first: names, aliases, places in names.
  void attribute_names() {
    StopPoll stop(should_stop_);
    for (std::size_t k = 0; k < mentions_.size(); ++k) {
      stop.poll();
      const Mention& m = mentions_[k];
      if (m.kind != MentionKind::kNamed) continue;
      auto& b = builder(m.cluster);
      const auto& info = sentences_[m.sentence];
      NameReading name = take_name(k, m);
      const std::string& display = name.display;
      // A name the text gives replaces the one made from an agreement (X公司入园项目).
      if (b.named_by_agreement && m.agreement_org.empty()) {
        b.aliases.insert(b.project.display_name);
        b.project.display_name = display;
        b.named_by_agreement = false;
      } else if (b.project.display_name.empty()) {
        b.named_by_agreement = !m.agreement_org.empty();
        b.project.display_name = m.agreement_org.empty() ? display : std::string(m.name);
        b.project.article_index = info.article;
        b.context = section_place_.size() > m.sentence && section_place_[m.sentence] ? *section_place_[m.sentence]
                                                                                    : article_context_[info.article];
        b.first_sentence = m.sentence;
        add_evidence(b, "name", m.sentence);
      } else if (display != b.project.display_name && m.agreement_org.empty()) {
        b.aliases.insert(display);
      }
      if (name.alias) b.aliases.insert(std::move(*name.alias));
      b.industry.add(m.name);
      if (m.group >= 0) {
        const auto& listed = category_places(m.group, info, b.context);
        b.list_places.insert(b.list_places.end(), listed.begin(), listed.end());
      }
      bool named_place = false;
      for (const auto& place : info.places()) {
        if (place.span.begin < m.span.begin || place.span.end > m.span.end) continue;
        if (is_short_name_out_of_province(place, info.sentence->text, b.context)) continue;
        const bool in_company = inside_org(info, place.span) || opens_brand(info.sentence->text, place.span.end, m.span.end);
        auto& list = in_company ? b.company_places : b.name_places;
        list.push_back(tables_.place_mention(place, info.sentence->text));
        named_place = named_place || !in_company;
      }
      // A name, and a list's category, start a word: a county's short name at their start
      // (安排丰台火车站周边道路, 等4个怀柔科学城领域重大项目) is a place even where the sentence's
      // reading, which wants a word boundary before it, passed it by.
      if (!named_place && m.group >= 0 && b.company_places.empty() && !has_own_company(m)) {
        find_places_from_word_start(m.name, b.context, b.name_places);
      }
      if (!m.phase.empty() && std::none_of(b.project.phases.begin(), b.project.phases.end(),
                                           [&](const Phase& p) { return p.name == m.phase; })) {
        b.project.phases.push_back(Phase{std::string(m.phase), ProjectStatus::kUnknown, {}, std::nullopt});
      }
      for (const auto& org : info.orgs()) {
        if (org.span.begin >= m.span.begin && org.span.end <= m.span.end) b.orgs.insert(org.name);
      }
      if (!m.agreement_org.empty()) b.orgs.emplace(m.agreement_org);
      if (m.quoted) {
        // The words before a quoted name are its owner (晶科能源“……项目”), company suffix or not.
        const std::size_t open = find_word(info.sentence->text, "“", m.span.begin);
        if (open != std::string::npos && open > m.span.begin && open < m.span.end && !has_own_company(m)) {
          b.orgs.insert(original_of(*info.sentence, {m.span.begin, open}));
        }
      }
    }
  }

  // Then every clause's facts, with the paragraph's focus carried across sentences. Anaphors
  // resolve in text order: 项目 to the project in focus, 园区 to the last park named.
  void attribute_facts() {
    int focus = -1;
    std::map<std::string_view, int> last_by_family;  // keys are static head words
    int focus_article = -1, focus_paragraph = -1;
    auto next_mention = mentions_.begin();
    for (std::size_t i = 0; i < sentences_.size(); ++i) {
      const auto& info = sentences_[i];
      if (info.article != focus_article || info.paragraph != focus_paragraph) {
        focus = -1;
        last_by_family.clear();
        focus_article = info.article;
        focus_paragraph = info.paragraph;
      }
      const int focus_before = focus;
      std::vector<const Mention*> in_sentence;
      while (next_mention != mentions_.end() && next_mention->sentence == i) {
        Mention& m = *next_mention++;
        if (m.kind == MentionKind::kNamed) {
          m.resolved = m.cluster;
        } else if (m.anaphor_family.empty()) {
          m.resolved = focus;
        } else {
          const auto it = last_by_family.find(m.anaphor_family);
          m.resolved = it == last_by_family.end() ? -1 : it->second;
        }
        if (m.resolved >= 0) {
          focus = m.resolved;
          if (m.kind == MentionKind::kNamed) last_by_family[head_family(m.head)] = m.resolved;
        }
        in_sentence.push_back(&m);
      }
      read_facts(i, focus_before, in_sentence);
    }
  }

  // The stages read in sentence i's clauses (read_status), as read_facts() applies them, in clause
  // and part order. They depend only on the sentence's text, companies and list items, so with a
  // second thread they are read ahead of attribute_facts() (read_statuses_ahead).
  SentenceStatuses read_clause_statuses(std::size_t i, const std::vector<const Mention*>& in_sentence,
                                        std::string& masked_clause) const {
    const auto& info = sentences_[i];
    const std::string_view s = info.sentence->text;
    SentenceStatuses out;
    for (std::size_t c = 0; c < info.clauses().size(); ++c) {
      const Span cs = info.clauses()[c].span;
      // Companies' names are not status words (省国资运营公司 is no operating project): they are
      // blanked out, in a copy made only for the few clauses that hold one.
      const bool holds_org = std::any_of(info.orgs().begin(), info.orgs().end(), [&](const OrgMention& org) {
        return org.span.begin >= cs.begin && org.span.end <= cs.end;
      });
      if (holds_org) {
        masked_clause.assign(s.substr(cs.begin, cs.end - cs.begin));
        for (const auto& org : info.orgs()) {
          if (org.span.begin >= cs.begin && org.span.end <= cs.end) {
            for (std::size_t k = org.span.begin - cs.begin; k < org.span.end - cs.begin; ++k) masked_clause[k] = ' ';
          }
        }
      }
      const std::string_view clause_text = holds_org ? std::string_view(masked_clause) : s.substr(cs.begin, cs.end - cs.begin);
      const std::vector<Span> parts = clause_parts(cs, in_sentence);
      // A clause that is a plan as a whole (计划年内A竣工、B建成通车) keeps its parts' stages planned.
      const bool whole_is_plan = parts.size() > 1 && [&] {
        const StatusReading whole = read_status(clause_text);
        return whole.status == ProjectStatus::kUnknown && whole.planned != ProjectStatus::kUnknown;
      }();
      for (const Span part : parts) {
        const std::string_view part_text = clause_text.substr(part.begin - cs.begin, part.end - part.begin);
        StatusReading reading = read_status(part_text);
        if (whole_is_plan && reading.status != ProjectStatus::kUnknown) {
          if (status_rank(reading.status) > status_rank(reading.planned)) {
            reading.planned = reading.status;
            reading.planned_phrase = reading.phrase;
            reading.planned_span = reading.span;
          }
          reading.status = ProjectStatus::kUnknown;
        }
        // A part with neither a stage nor a plan gives read_facts() nothing to apply.
        if (reading.status == ProjectStatus::kUnknown && reading.planned == ProjectStatus::kUnknown) continue;
        out.push_back({static_cast<std::uint32_t>(c), part.begin, std::move(reading)});
      }
    }
    return out;
  }

  // Sentence i's clause stages, read ahead or now.
  SentenceStatuses take_statuses(std::size_t i, const std::vector<const Mention*>& in_sentence) {
    if (i < statuses_ready_.load(std::memory_order_acquire) && i < may_need_facts_.size() &&
        (may_need_facts_[i] & kMayNeedFacts) != 0) {
      return std::move(statuses_ahead_[i]);
    }
    return read_clause_statuses(i, in_sentence, masked_clause_);
  }

  // On the second thread while attribute_facts() runs on this one: the clause stages of every
  // sentence read_facts() may read, in text order, each published through statuses_ready_ once
  // stored, until every sentence is read or `stop` is set (attribute_facts() is done).
  // attribute_facts() takes a sentence's stages from here when they are ready and reads them itself
  // otherwise, so it never waits.
  void read_statuses_ahead(const std::atomic<bool>& stop) {
    std::string masked_clause;
    std::vector<const Mention*> in_sentence;
    auto next_mention = mentions_.cbegin();
    for (std::size_t i = 0; i < may_need_facts_.size(); ++i) {
      if (stop.load(std::memory_order_relaxed)) return;
      in_sentence.clear();
      for (; next_mention != mentions_.cend() && next_mention->sentence == i; ++next_mention) in_sentence.push_back(&*next_mention);
      if ((may_need_facts_[i] & kMayNeedFacts) != 0) statuses_ahead_[i] = read_clause_statuses(i, in_sentence, masked_clause);
      statuses_ready_.store(i + 1, std::memory_order_release);
    }
  }

  void read_facts(std::size_t i, int focus, const std::vector<const Mention*>& in_sentence) {
    const auto& info = sentences_[i];
    const std::string_view s = info.sentence->text;
    const bool any_project = focus >= 0 || std::any_of(in_sentence.begin(), in_sentence.end(), [&](const Mention* m) {
                               return m->resolved >= 0;
                             });
    if (!any_project) return;

    SentenceFacts facts = take_facts(i);
    const std::vector<DateMention>& dates = facts.dates;
    // A rank is always 重点 or 重大 (find_project_level): without 重, no clause holds one.
    const bool may_hold_level = find_word(s, "重") != std::string_view::npos;
    const SentenceStatuses statuses = take_statuses(i, in_sentence);
    auto next_status = statuses.begin();
    for (std::size_t c = 0; c < info.clauses().size(); ++c) {
      const Span cs = info.clauses()[c].span;
      const auto clause_date = [&]() -> std::optional<CivilDate> {
        for (const auto& d : dates) {
          if (d.span.begin >= cs.begin && d.span.end <= cs.end) return d.date;
        }
        return std::nullopt;
      }();
      // A clause holding a list is read a part at a time, one part per item: an item's own stage
      // (昆明机场东二跑道场地平整、丽江机场改扩建等项目启动实施) is read before the list's, which then
      // leaves that item alone.
      std::set<int> own_stage;
      for (; next_status != statuses.end() && next_status->clause == c; ++next_status) {
        const StatusReading& reading = next_status->reading;
        const std::size_t part_begin = next_status->part_begin;
        if (reading.status != ProjectStatus::kUnknown) {
          const std::size_t pos = part_begin + reading.span.begin;
          const int target = target_cluster(i, pos, reading.object_first, focus, in_sentence);
          const bool own = for_each_target(i, target, pos, in_sentence, own_stage, [&](int t) {
            apply_status(builder(t), reading, clause_date, i, phase_at(in_sentence, cs));
          });
          if (own && target >= 0) own_stage.insert(target);
        }
        if (reading.planned != ProjectStatus::kUnknown) {
          const std::size_t pos = part_begin + reading.planned_span.begin;
          const int target = target_cluster(i, pos, false, focus, in_sentence);
          for_each_target(i, target, pos, in_sentence, own_stage, [&](int t) { apply_plan(builder(t), reading, clause_date); });
        }
      }
      const std::string level = may_hold_level ? find_project_level(s.substr(cs.begin, cs.end - cs.begin)) : std::string();
      if (!level.empty()) {
        const int target = target_cluster(i, cs.begin, false, focus, in_sentence);
        if (target >= 0 && builder(target).project.level.empty()) {
          builder(target).project.level = level;
          add_evidence(builder(target), "level", i);
        }
      }
    }
    for (const auto& money : facts.money) {
      // An amount inside a list item's own modifier is that item's, even in a sentence that also
      // counts projects (本次签约的30个项目，包括投资122亿元的A、……).
      const int modified = list_item_modified_at(s, money.span.begin, in_sentence);
      if (money.aggregate && modified < 0) continue;
      const int target = modified >= 0 ? modified : target_cluster(i, money.span.begin, false, focus, in_sentence);
      if (target < 0 || (modified < 0 && is_shared_by_list(i, target, money.span.begin, in_sentence))) continue;
      auto& b = builder(target);
      b.project.amounts.push_back(money.amount);
      if (money.amount.kind == AmountKind::kTotalInvestment && !b.project.total_investment) {
        b.project.total_investment = money.amount;
        add_evidence(b, "total_investment", i);
      }
    }
    for (const auto& q : facts.quantities) {
      const int target = target_cluster(i, q.span.begin, false, focus, in_sentence);
      if (target < 0 || is_shared_by_list(i, target, q.span.begin, in_sentence)) continue;
      auto& b = builder(target);
      switch (q.quantity.kind) {
        case QuantityKind::kCapacity: {
          const bool seen = std::any_of(b.project.capacities.begin(), b.project.capacities.end(), [&](const Quantity& x) {
            return x.value == q.quantity.value && x.unit == q.quantity.unit;
          });
          if (!seen) {
            b.project.capacities.push_back(q.quantity);
            add_evidence(b, "capacity", i);
          }
          break;
        }
        case QuantityKind::kFloorArea:
          if (!b.project.floor_area) {
            b.project.floor_area = q.quantity;
            add_evidence(b, "floor_area", i);
          }
          break;
        case QuantityKind::kLandArea:
          if (!b.project.land_area) {
            b.project.land_area = q.quantity;
            add_evidence(b, "land_area", i);
          }
          break;
        case QuantityKind::kOther:
          break;
      }
    }
    for (const auto& org : info.orgs()) {
      const std::size_t clause = clause_index(info, org.span.begin);
      const Span cs = info.clauses()[clause].span;
      if (!has_role_between(s, cs.begin, cs.end)) continue;
      const int target = target_cluster(i, org.span.begin, false, focus, in_sentence);
      if (target < 0) continue;
      if (builder(target).orgs.insert(org.name).second) add_evidence(builder(target), "organization", i);
    }
    for (const Mention* m : in_sentence) {
      const int c = m->resolved;
      if (c < 0) continue;
      auto& b = builder(c);
      const std::size_t clause = clause_index(info, m->span.begin);
      // A list item's place is said before the list, not in the items before it.
      std::size_t place_limit = m->span.begin;
      for (const Mention* other : in_sentence) {
        if (m->group >= 0 && other->group == m->group) place_limit = std::min<std::size_t>(place_limit, other->span.begin);
      }
      for (const auto& place : info.places()) {
        if (clause_index(info, place.span.begin) != clause || inside_org(info, place.span) ||
            opens_company(s, place.span.end) || is_short_name_out_of_province(place, s, b.context)) {
          continue;
        }
        // Before the name, or where the clause says the project is: X在洛阳开工, X落户伊滨区.
        if (place.span.end <= place_limit || (place.span.begin >= m->span.end && is_where_said(s, place.span.begin, m->span.end, in_sentence))) {
          b.clause_places.push_back(tables_.place_mention(place, s));
        }
      }
      // A list item's line of business is in its own name and the list's category, not in the
      // other items of its sentence (which would also cost a reading of the sentence per item).
      if (m->group >= 0) {
        const Span category = list_categories_[static_cast<std::size_t>(m->group)];
        b.industry.add(s.substr(m->span.begin, m->span.end - m->span.begin));
        if (category.end > category.begin) b.industry.add(s.substr(category.begin, category.end - category.begin));
      } else if (facts.industry) {
        b.industry.add(s, *facts.industry);
      } else {
        b.industry.add(s);
      }
    }
    find_project_code(i, focus, in_sentence);
  }

  // A GB/T 40058 national project code: 2020-140100-44-01-012345 (24 characters).
  void find_project_code(std::size_t i, int focus, const std::vector<const Mention*>& in_sentence) {
    const std::string_view s = sentences_[i].sentence->text;
    static constexpr std::string_view kShape = "dddd-dddddd-dd-dd-dddddd";
    for (std::size_t p = 0; p + kShape.size() <= s.size(); ++p) {
      // Every code has its first '-' at offset 4: memchr finds the only positions worth a test.
      const std::size_t dash = s.find('-', p + 4);
      if (dash == std::string_view::npos) break;
      p = dash - 4;
      if (p + kShape.size() > s.size()) break;
      bool match = true;
      for (std::size_t k = 0; k < kShape.size() && match; ++k) {
        const char c = s[p + k];
        match = kShape[k] == 'd' ? std::isdigit(static_cast<unsigned char>(c)) != 0 : c == '-';
      }
      if (!match) continue;
      const bool bounded = (p == 0 || !std::isalnum(static_cast<unsigned char>(s[p - 1]))) &&
                           (p + kShape.size() == s.size() || !std::isalnum(static_cast<unsigned char>(s[p + kShape.size()])));
      if (!bounded) continue;
      const int target = target_cluster(i, p, false, focus, in_sentence);
      if (target >= 0 && builder(target).project.project_code.empty()) {
        builder(target).project.project_code = std::string(s.substr(p, kShape.size()));
        add_evidence(builder(target), "project_code", i);
      }
      p += kShape.size();
    }
  }

  // The list item whose own modifier holds pos: 投资122亿元的南昌……产业园、投资120亿元的保利科创中心
  // (the item's name starts after 的; what stands before it in the item is said of it); -1 for none.
  // Before the first item, the modifier may be the whole list's (总投资80亿元的A、B、C等项目: their
  // sum); it is the first item's own only when the other items have modifiers of their own too.
  static int list_item_modified_at(std::string_view s, std::size_t pos, const std::vector<const Mention*>& in_sentence) {
    const auto has_own_modifier = [&](const Mention* m) {
      const std::size_t mark = rfind_word(s.substr(0, m->span.begin), "、");
      return mark != std::string_view::npos && s.substr(mark, m->span.begin - mark).ends_with("的");
    };
    for (const Mention* m : in_sentence) {
      if (m->group < 0 || m->resolved < 0 || m->span.begin <= pos) continue;
      const std::string_view between = s.substr(pos, m->span.begin - pos);
      if (!between.ends_with("的") || find_word(between, "、") != std::string_view::npos ||
          find_word(between, "等") != std::string_view::npos) {
        continue;
      }
      const bool first = std::none_of(in_sentence.begin(), in_sentence.end(), [&](const Mention* o) {
        return o->group == m->group && o->span.begin < m->span.begin;
      });
      const bool parallel = std::any_of(in_sentence.begin(), in_sentence.end(), [&](const Mention* o) {
        return o != m && o->group == m->group && o->span.begin > m->span.begin && has_own_modifier(o);
      });
      if (!first || parallel) return m->resolved;
    }
    return -1;
  }

  // The list item of this sentence that is `target`, when the fact at pos is outside it and the
  // fact's clause names the project only as that item (……等项目开工建设，其中A已通车: 通车 is A's).
  const Mention* list_item_outside(std::size_t sentence, int target, std::size_t pos,
                                   const std::vector<const Mention*>& in_sentence) const {
    const auto& info = sentences_[sentence];
    const std::size_t clause = clause_index(info, pos);
    const Mention* item = nullptr;
    for (const Mention* m : in_sentence) {
      if (m->resolved != target) continue;
      if (pos >= m->span.begin && pos < m->span.end) return nullptr;
      if (m->group < 0 && clause_index(info, m->span.begin) == clause) return nullptr;
      if (m->group >= 0 && !item) item = m;
    }
    return item;
  }

  // Whether a clause goes on speaking of the list before it: 均已开工, 目前已全部投产.
  static bool speaks_of_list_before(std::string_view clause) {
    while (!clause.empty() && clause.front() == ' ') clause.remove_prefix(1);
    for (std::string_view w : {"均", "都", "全部", "已", "目前", "现已", "正"}) {
      if (clause.starts_with(w)) return true;
    }
    return false;
  }

  // A status stated beside a list (A、B、C等项目开工建设, 开工建设A、B) is stated of every item;
  // one stated inside an item is that item's alone, and one in a later clause is no item's unless
  // that clause goes on speaking of the list (……等项目，均已开工).
  // Returns whether the fact went to one item of a list as its own (between two items). Items in
  // `own_stage` keep the stage they stated themselves when the fact is the whole list's.
  template <typename Apply>
  bool for_each_target(std::size_t sentence, int target, std::size_t pos, const std::vector<const Mention*>& in_sentence,
                       const std::set<int>& own_stage, Apply&& apply) const {
    if (target < 0) return false;
    const Mention* item = list_item_outside(sentence, target, pos, in_sentence);
    if (!item) {
      apply(target);
      return false;
    }
    // Between two items, the status is the earlier one's own (A竣工、B建成通车); before the first
    // item (开工建设A、B) or after the last it is every item's.
    const auto member_at = [&](auto&& where) {
      return std::any_of(in_sentence.begin(), in_sentence.end(),
                         [&](const Mention* m) { return m->group == item->group && where(*m); });
    };
    const bool between_items = member_at([&](const Mention& m) { return m.span.begin >= pos; }) &&
                               member_at([&](const Mention& m) { return m.span.end <= pos; });
    if (between_items) {
      apply(target);
      return true;
    }
    const auto& info = sentences_[sentence];
    const std::size_t clause = clause_index(info, pos);
    const std::size_t item_clause = clause_index(info, item->span.begin);
    if (clause != item_clause) {
      // The clause right after a list speaks of it when it says so (均已开工) or when the list's
      // own clause states nothing: A、B、C等项目，国家发改委已批复可研.
      const Span cs = info.clauses()[clause].span;
      const Span list_clause = info.clauses()[item_clause].span;
      const std::string_view s = info.sentence->text;
      const StatusReading own = read_status(s.substr(list_clause.begin, list_clause.end - list_clause.begin));
      const bool list_states_nothing = own.status == ProjectStatus::kUnknown && own.planned == ProjectStatus::kUnknown;
      if (clause != item_clause + 1 ||
          !(list_states_nothing || speaks_of_list_before(s.substr(cs.begin, cs.end - cs.begin)))) {
        return false;
      }
    }
    std::set<int> done(own_stage.begin(), own_stage.end());
    for (const Mention* m : in_sentence) {
      if (m->group == item->group && m->resolved >= 0 && done.insert(m->resolved).second) apply(m->resolved);
    }
    return false;
  }

  // The parts of a clause that are read for a stage one at a time: the whole clause, or, when
  // list items stand in it, the text before the first item and each item with what follows it
  // up to the next (the last item's part holds the list's own words: 等项目开工建设).
  static std::vector<Span> clause_parts(Span clause, const std::vector<const Mention*>& in_sentence) {
    std::vector<std::size_t> starts;
    for (const Mention* m : in_sentence) {
      if (m->group >= 0 && m->span.begin > clause.begin && m->span.end <= clause.end) starts.push_back(m->span.begin);
    }
    std::sort(starts.begin(), starts.end());
    starts.erase(std::unique(starts.begin(), starts.end()), starts.end());
    std::vector<Span> parts;
    std::size_t from = clause.begin;
    for (const std::size_t start : starts) {
      parts.push_back({from, start});
      from = start;
    }
    parts.push_back({from, clause.end});
    return parts;
  }

  // An amount or a capacity stated beside a list of two or more items (A、B等项目总投资50亿元,
  // 新增吞吐能力7460万吨) is the items' sum, no one item's.
  bool is_shared_by_list(std::size_t sentence, int target, std::size_t pos, const std::vector<const Mention*>& in_sentence) const {
    const Mention* item = list_item_outside(sentence, target, pos, in_sentence);
    if (!item) return false;
    return std::count_if(in_sentence.begin(), in_sentence.end(), [&](const Mention* m) { return m->group == item->group; }) > 1;
  }

  static std::string_view phase_at(const std::vector<const Mention*>& in_sentence, Span clause) {
    for (const Mention* m : in_sentence) {
      if (m->span.begin >= clause.begin && m->span.end <= clause.end && !m->phase.empty()) return m->phase;
    }
    return {};
  }

  // In an article that lists the year's plans (重点项目名单, 清单, 计划新开工), a project "newly
  // started" (新开工, 开工建设) is one planned to start: announced, as its list is.
  StatusReading as_read_in_article(const StatusReading& reading, std::size_t sentence) const {
    const int article = sentences_[sentence].article;
    const bool plan_list = static_cast<std::size_t>(article) < article_status_.size() &&
                           article_status_[static_cast<std::size_t>(article)].status == ProjectStatus::kAnnounced;
    if (!plan_list || reading.status != ProjectStatus::kUnderConstruction) return reading;
    for (std::string_view start : {"新开工", "开工建设", "开工", "开建", "动工"}) {
      if (reading.phrase == start) {
        StatusReading planned = reading;
        planned.status = ProjectStatus::kAnnounced;
        return planned;
      }
    }
    return reading;
  }

  void apply_status(ProjectBuilder& b, const StatusReading& read, std::optional<CivilDate> date,
                    std::size_t sentence, std::string_view phase) {
    const StatusReading reading = as_read_in_article(read, sentence);
    if (!phase.empty()) {
      for (auto& p : b.project.phases) {
        if (p.name == phase && status_rank(reading.status) > status_rank(p.status)) p.status = reading.status;
      }
    }
    if (date) {
      const char* kind = nullptr;
      switch (reading.status) {
        case ProjectStatus::kSigned: kind = "signed"; break;
        case ProjectStatus::kUnderConstruction: kind = "construction_start"; break;
        case ProjectStatus::kCompleted: kind = "completion"; break;
        case ProjectStatus::kOperating: kind = "operation"; break;
        default: break;
      }
      if (kind) add_date(b, kind, *date);
    }
    const int r = status_rank(reading.status);
    if (r <= b.status_rank) return;
    b.status_rank = r;
    b.project.status = reading.status;
    b.project.status_phrase = reading.phrase;
    b.project.ceremony = reading.ceremony;
    add_evidence(b, "status", sentence);
  }

  void apply_plan(ProjectBuilder& b, const StatusReading& reading, std::optional<CivilDate> date) {
    const ProjectStatus planned = reading.planned;
    if (status_rank(planned) > status_rank(b.planned)) {
      b.planned = planned;
      b.planned_phrase = reading.planned_phrase;
    }
    if (!date) return;
    if (planned == ProjectStatus::kOperating) add_date(b, "expected_operation", *date);
    if (planned == ProjectStatus::kCompleted) add_date(b, "expected_completion", *date);
    if (planned == ProjectStatus::kUnderConstruction) add_date(b, "expected_construction_start", *date);
  }

  static void add_date(ProjectBuilder& b, const std::string& kind, const CivilDate& date) {
    const bool seen = std::any_of(b.project.dates.begin(), b.project.dates.end(),
                                  [&](const KeyDate& d) { return d.kind == kind; });
    if (!seen) b.project.dates.push_back({kind, date});
  }

  // The status each section (paragraph) opening and each article's headline or first sentence
  // states for the projects under it. A section opening counts only when it names no project
  // itself (一批重大标志性工程建成投产。), or its status would be that project's alone.
  void read_context_statuses() {
    std::vector<bool> names_project(sentences_.size(), false);
    for (const Mention& m : mentions_) {
      if (m.kind == MentionKind::kNamed) names_project[m.sentence] = true;
    }
    article_status_.assign(articles_.size(), StatusReading{});
    for (std::size_t a = 0; a < articles_.size(); ++a) {
      const Article& article = articles_[a];
      std::string opening = article.title + "。" + article.lead;
      if (!article.paragraphs.empty() && !article.paragraphs.front().sentences.empty()) {
        opening += "。" + std::string(article.paragraphs.front().sentences.front().text);
      }
      if (opening.size() <= kMaxSentenceBytes) article_status_[a] = context_status(opening);
    }
    int article = -1, paragraph = -1;
    for (std::size_t i = 0; i < sentences_.size(); ++i) {
      const auto& info = sentences_[i];
      if (info.article == article && info.paragraph == paragraph) continue;
      article = info.article;
      paragraph = info.paragraph;
      // Only a heading-like opening speaks for the section (一批重大工程建成投产。); a long first
      // sentence reports something of its own.
      constexpr std::size_t kMaxOpeningChars = 30;
      if (names_project[i] || count_chars(info.sentence->text) > kMaxOpeningChars) continue;
      StatusReading reading = context_status(info.sentence->text);
      if (reading.status != ProjectStatus::kUnknown) section_status_.emplace(std::make_pair(article, paragraph), std::move(reading));
    }
  }

  // A project whose own sentences state no stage takes what its plans imply, else its section's
  // status, else its article's.
  void apply_context_status(ProjectBuilder& b) {
    if (b.project.status != ProjectStatus::kUnknown) return;
    StatusReading reading;
    if (b.planned != ProjectStatus::kUnknown) {
      reading.status = status_implied_by_plan(b.planned);
      reading.phrase = b.planned_phrase;
    } else {
      const auto& info = sentences_[b.first_sentence];
      const auto section = section_status_.find({info.article, info.paragraph});
      if (section != section_status_.end()) {
        reading = section->second;
      } else if (static_cast<std::size_t>(info.article) < article_status_.size()) {
        reading = article_status_[info.article];
      }
    }
    if (reading.status == ProjectStatus::kUnknown) return;
    b.project.status = reading.status;
    b.project.status_phrase = reading.phrase;
    b.project.ceremony = reading.ceremony;
  }

  // A road, railway or line from one place to another (兰州至合作铁路, 衡阳—南宁公路(龙胜至融安段))
  // lies in no one city unless both of its ends are in the same one (罗城至宜州段).
  static bool is_route_between_cities(std::string_view name, const std::vector<PlaceMention>& name_places) {
    if (find_word(name, "至") == std::string_view::npos && find_word(name, "—") == std::string_view::npos &&
        find_word(name, "-") == std::string_view::npos) {
      return false;
    }
    std::set<std::string> cities;
    for (const auto& place : name_places) {
      if (place.is_zone || place.candidates.empty()) continue;
      const Division* d = place.candidates.front();
      if (d->level == DivisionLevel::kProvince) continue;
      cities.insert(d->level == DivisionLevel::kCounty ? d->parent_code : d->code);
    }
    return cities.size() != 1;
  }

  // The place a section heading names for the sentences under it, within its paragraph:
  // 泸州:67个项目集中开工。其中…… The heading is a place alone before a colon.
  void read_section_places() {
    section_place_.assign(sentences_.size(), std::nullopt);
    std::optional<Location> current;  // from a heading inside the paragraph (泸州:67个项目……)
    std::optional<Location> heading;   // from a heading line (濮阳县4个：), for the lines under it
    int article = -1, paragraph = -1;
    for (std::size_t i = 0; i < sentences_.size(); ++i) {
      const auto& info = sentences_[i];
      if (info.article != article) heading.reset();
      if (info.article != article || info.paragraph != paragraph) {
        current.reset();
        article = info.article;
        paragraph = info.paragraph;
      }
      const std::string_view s = info.sentence->text;
      if (is_heading_line(info)) {
        // A heading that names no division (工业园区1个：) is still in the city the headings
        // before it were in.
        std::optional<Location> named;
        for (const auto& place : info.places()) {
          if (!place.is_zone) {
            named = gazetteer_.resolve({tables_.place_mention(place, s)}, article_context_[info.article]);
            break;
          }
        }
        if (!named && heading && !heading->city.empty()) {
          const std::string city_code =
              heading->division_code.size() == 6 ? heading->division_code.substr(0, 4) + "00" : heading->division_code;
          named = Location{heading->province, heading->city, "", "", city_code};
        }
        heading = named;
        section_place_[i] = heading;
        continue;
      }
      if (!info.clauses().empty() && !info.places().empty()) {
        const Span first = info.clauses().front().span;
        const auto& place = info.places().front();
        std::size_t begin = first.begin;
        while (begin < first.end && s[begin] == ' ') ++begin;
        const bool opens_section = place.span.begin == begin && place.span.end == first.end && first.end < s.size() &&
                                   (s[first.end] == ':' || starts_at(s, first.end, "：")) && !place.is_zone;
        if (opens_section) current = gazetteer_.resolve({tables_.place_mention(place, s)}, article_context_[info.article]);
      }
      section_place_[i] = current ? current : heading;
    }
  }

  std::vector<Project> finish() {
    std::vector<Project> out;
    for (auto& [cluster, b] : builders_) {
      if (b.project.display_name.empty()) continue;  // facts without a named project
      apply_context_status(b);
      Project& p = b.project;
      p.aliases.assign(b.aliases.begin(), b.aliases.end());
      p.organizations.assign(b.orgs.begin(), b.orgs.end());
      // A company's home (江苏兴化市绿味食品有限公司) is the project's place only when the article
      // does not say which city it is about.
      const bool context_names_city = !b.context.city.empty();
      // A list's category places all its items, together with what their names say (北京……中心,
      // 等4个怀柔科学城领域重大项目: 北京市怀柔区).
      std::vector<PlaceMention> named_and_listed;
      if (!b.list_places.empty()) {
        named_and_listed = b.name_places;
        named_and_listed.insert(named_and_listed.end(), b.list_places.begin(), b.list_places.end());
      }
      const auto& places = !b.list_places.empty()                         ? named_and_listed
                           : !b.name_places.empty()                       ? b.name_places
                           : !b.clause_places.empty() || context_names_city ? b.clause_places
                                                                          : b.company_places;
      p.location = gazetteer_.resolve(places, b.context);
      if (p.location.empty()) p.location = b.context;
      if (is_route_between_cities(p.display_name, b.name_places)) {
        p.location.city.clear();
        p.location.county.clear();
        p.location.division_code.clear();
      }
      for (const auto& place : places) {
        if (place.is_zone && p.location.zone.empty()) p.location.zone = place.zone_name;
      }
      p.industry = b.industry.result();
      out.push_back(std::move(p));
    }
    // Builders are keyed by the first mention's index, so this is text order.
    return out;
  }

  const std::function<bool()>& should_stop_;
  const WhileIdle& while_idle_;  // ParseOptions::while_idle
  const NormalizedText& text_;
  const std::vector<Article>& articles_;
  CivilDate base_date_;
  std::vector<Warning>& warnings_;
  const Gazetteer& gazetteer_;
  SentenceTables tables_;  // the lists SentenceInfo views, for the whole bulletin
  std::vector<SentenceInfo> sentences_;
  std::vector<Location> article_context_;
  std::vector<std::optional<std::size_t>> first_read_;  // by article: its first sentence in sentences_
  std::vector<StatusReading> article_status_;                    // by article
  std::map<std::pair<int, int>, StatusReading> section_status_;  // by (article, paragraph)
  std::vector<Brand> brands_;
  // A deque: the list grows to a few hundred thousand, and a vector's last doubling would hold it
  // twice, the parser's peak on large bulletins.
  std::deque<Mention> mentions_;
  std::deque<std::string> agreement_names_;  // what agreement mentions' names view; never moves
  std::deque<std::string> second_agreement_names_;  // the same, for the mentions of a second thread
  bool parallel_ = false;  // whether independent readings may run on a second thread
  std::vector<std::optional<SentenceFacts>> facts_ahead_;  // by sentence, read while clustering
  // By sentence (when parallel_): read_facts() may read it (kMayNeedFacts), holds a mention that is
  // no list item (kHoldsUngrouped).
  std::vector<std::uint8_t> may_need_facts_;
  // By mention: its NameReading read ahead of attribute_names(), for mentions below names_ready_.
  std::vector<NameReading> names_ahead_;
  std::atomic<std::size_t> names_ready_{0};
  // By sentence: its clause stages read ahead of attribute_facts(), for sentences below statuses_ready_.
  std::vector<SentenceStatuses> statuses_ahead_;
  std::atomic<std::size_t> statuses_ready_{0};
  std::vector<Span> list_categories_;         // by list (Mention::group), in the list's sentence
  std::vector<std::optional<std::vector<PlaceMention>>> category_places_;  // by list, once read
  std::vector<std::optional<Location>> section_place_;  // by sentence: the place its section heading names
  // What the pair tests of cluster() read of each named mention, computed once.
  struct PairTraits {
    int family = 0;               // head_family() of its head, as a number
    bool generic_family = false;  // 项目 or 工程, the head of any project
    std::size_t key_chars = 0;
    std::uint64_t key_signature = 0;  // char_signature() of its key
    bool own_company = false;         // a company's name inside its own
    std::string figures;              // figures_of() its key
    std::uint64_t bare_signature = 0;  // char_signature() of its key without figures
  };
  std::vector<PairTraits> pair_traits_;  // by mention index
  ListsPerMention linked_brands_;      // views of brand_by_org_'s values
  ListsPerMention short_form_brands_;  // views of brands_
  std::map<int, ProjectBuilder> builders_;
  std::string masked_clause_;  // reused so each clause with a company costs no allocation
  std::map<std::string, std::string, std::less<>> brand_by_org_;  // brand_of() per distinct name
};

}  // namespace

std::vector<Project> extract_projects(
    const NormalizedText& text, const std::vector<Article>& articles, const CivilDate& base_date,
    std::vector<Warning>& warnings, int threads, const std::function<bool()>& should_stop,
    const std::function<void(const std::vector<Article>&, const std::function<bool()>&)>& while_idle) {
  return Extractor(text, articles, base_date, warnings, threads, should_stop, while_idle).run();
}

}  // namespace investtrack::parser
