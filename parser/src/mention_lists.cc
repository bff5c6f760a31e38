// Mentions read from structure rather than head words: lists (A、B、C等一批项目开工建设,
// 分别为A、B), lines of a list laid out as lines, and numbered rows of a table flattened into text.
// MentionFinder's second half; mentions named by a head word are mention_names.cc.
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

#include "projects_internal.h"

namespace investtrack::parser::projects_internal {

namespace {

std::size_t trim_right(std::string_view s, std::size_t begin, std::size_t end) {
  while (end > begin && s[end - 1] == ' ') --end;
  return end;
}

// Whether words end in an amount of money: a figure and 元 (万元, 亿元, 万美元, 亿欧元).
bool holds_money_unit(std::string_view words) {
  return holds_digit(words) && find_word(words, "元") != std::string_view::npos;
}

// Whether words hold a figure: a digit, a digit masked by the page (投资*亿元), or a unit of money,
// length, mass or land.
bool holds_figure(std::string_view words) {
  static constexpr std::string_view kUnits[] = {"亿", "万", "元", "公里", "米", "吨", "亩", "瓦"};
  return holds_digit(words) ||
         std::any_of(std::begin(kUnits), std::end(kUnits), [&](std::string_view u) {
           return find_word(words, u) != std::string_view::npos;
         });
}

}  // namespace

bool MentionFinder::is_numbering(std::string_view segment) {
  // 1、 and 一、 number lines; they separate nothing.
  if (segment.empty() || segment.size() > ideograph_bytes(3)) return false;
  for (std::size_t p = 0; p < segment.size(); p = utf8_next(segment, p)) {
    const char32_t n = count_numeral_at(segment, p);
    if (!std::isdigit(static_cast<unsigned char>(segment[p])) &&
        (n == 0 || n == U'百' || n == U'千'))
      return false;
  }
  return true;
}

// The longest item head `item` ends with, empty for none. One table look-up instead of a
// comparison per head: lists test every item, and the words after 等 character by character.
std::string_view MentionFinder::item_head_of(std::string_view item) {
  static const PhraseTable heads(
      std::vector<std::string_view>(std::begin(kItemHeads), std::end(kItemHeads)));
  const int found = heads.longest_ending_at(item, item.size());
  return found < 0 ? std::string_view() : heads.word(found);
}

bool MentionFinder::ends_with_item_head(std::string_view item) {
  return !item_head_of(item).empty();
}

// Where the first item of a list starts: walking left from its end over name characters, until
// the clause starts, a trigger or a stop word ends (安排, 分别为, 开工建设), or a person's title.
// 至 joins the ends of a route (蒲城至涝峪段) and does not stop; no stop word cuts an item to
// fewer than two characters (基站建设项目).
std::size_t MentionFinder::first_item_begin(const SentenceInfo& info, std::size_t clause_begin,
                                            std::size_t item_end) const {
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
      if (stop >= 0 && !is_item_joiner(left_stops().word(stop)) &&
          ends_with_stop(s, begin, clause_begin) &&
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
bool MentionFinder::is_item_joiner(std::string_view stop) {
  return stop == "至" || stop == "和" || stop == "与" || stop == "及";
}

const PhraseTable& MentionFinder::list_introducers() {
  static const PhraseTable table(
      std::vector<std::string_view>(std::begin(kListIntroducers), std::end(kListIntroducers)));
  return table;
}

bool MentionFinder::follows_visit_verb(std::string_view s, std::size_t pos) {
  return std::any_of(std::begin(kVisitVerbs), std::end(kVisitVerbs),
                     [&](std::string_view v) { return ends_at(s, pos, v); });
}

const PhraseTable& MentionFinder::list_triggers() {
  static const PhraseTable table(
      std::vector<std::string_view>(std::begin(kListTriggers), std::end(kListTriggers)));
  return table;
}

// Where the last item of a list without 等 ends: before its status or an adverb of it, at least
// two characters in.
std::size_t MentionFinder::last_item_end(std::string_view s, std::size_t begin,
                                         std::size_t clause_end) {
  std::size_t chars = 0;
  for (std::size_t p = begin; p < clause_end; p = utf8_next(s, p), ++chars) {
    // A name holds name characters, quotes and spaces; anything else ends it (……五大板块.此前).
    const bool name_part = is_name_char(s, p) || s[p] == ' ' || starts_at(s, p, "“") ||
                           starts_at(s, p, "”") || starts_at(s, p, "《") || starts_at(s, p, "》") ||
                           starts_at(s, p, "·");
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
bool MentionFinder::etc_is_neutral(std::string_view s, std::size_t etc, std::size_t clause_end) {
  const std::size_t rest = trim_left(s, etc + std::string_view("等").size(), clause_end);
  if (rest == clause_end) return true;
  const StatusReading after = read_status(s.substr(rest, clause_end - rest));
  return (after.status != ProjectStatus::kUnknown && after.span.begin == 0) ||
         (after.planned != ProjectStatus::kUnknown && after.planned_span.begin == 0);
}

// Where the words after a list's 等 (or copula) that say its items are projects end: a project
// noun within a few characters (等一批重大项目, 为省上开工项目) or a head word closing them
// (等6条天然气支线); npos when they say no such thing (等地, 等5个市, 等企业).
std::size_t MentionFinder::category_after(std::string_view s, std::size_t from,
                                          std::size_t clause_end) {
  constexpr std::size_t kCategoryChars = 12;
  std::size_t end = std::string_view::npos;
  std::size_t p = utf8_next(s, from);
  // The last noun of the window ends the category: 等一批重大项目 runs to 项目.
  for (std::size_t chars = 0; p < clause_end && chars < kCategoryChars;
       p = utf8_next(s, p), ++chars) {
    for (std::string_view noun : kListProjectNouns) {
      if (starts_at(s, p, noun)) end = p + noun.size();
    }
    if (end == std::string_view::npos && chars > 0) {
      const std::string_view so_far = s.substr(from, utf8_next(s, p) - from);
      if (ends_with_item_head(so_far) && so_far.size() > ideograph_bytes(2)) return utf8_next(s, p);
    }
  }
  return end;
}

// Whether a name counts projects or firms (14个, 81项, 第三批, 5家) somewhere in it.
bool MentionFinder::holds_count(std::string_view text) {
  // 九大项目, 十大工程, 三个项目: a count written in words (一 is too often part of a name). The
  // words counted are searched for, and the character before each is tested: most names hold
  // none of them, where testing every character for a numeral decoded each one.
  for (std::string_view counted : {"大项目", "大工程", "个项目", "项重点", "批"}) {
    for (std::size_t after = find_word(text, counted); after != std::string_view::npos;
         after = find_word(text, counted, after + counted.size())) {
      if (after == 0) continue;
      const std::size_t at = utf8_previous(text, after);
      const char32_t n = count_numeral_at(text, at);
      if ((n != 0 && n != U'一') || starts_at(text, at, "几") || starts_at(text, at, "多"))
        return true;
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

// Bodies that address or report (各市县人民政府, 我代表市人民政府, 管委会), the occasions of a
// report (在市人大三次会议上) and "as follows" (通知全文如下) open the lines of notices and
// speeches; no project is named so.
bool MentionFinder::is_body_or_occasion(std::string_view item) {
  const auto ends_item = [&](std::string_view w) { return item.ends_with(w); };
  if (std::any_of(std::begin(kAddressedBodies), std::end(kAddressedBodies), ends_item) ||
      std::any_of(std::begin(kReportingVerbs), std::end(kReportingVerbs), ends_item)) {
    return true;
  }
  return item.starts_with("在") || item.starts_with("据") || item.ends_with("会议上") ||
         item.ends_with("会上") || item.ends_with("如下");
}

// The label of a field before its colon: 项目名称：, 建设单位：, 建设地点：, 亮点1：. Notices
// and summaries set their facts out so; the label names no project (the value may).
bool MentionFinder::is_field_label(std::string_view s, Span item) {
  if (!starts_at(s, item.end, "：") && !starts_at(s, item.end, ":")) return false;
  const std::string_view text = s.substr(item.begin, item.end - item.begin);
  if (std::any_of(std::begin(kFieldLabelEnds), std::end(kFieldLabelEnds),
                  [&](std::string_view label) { return text.ends_with(label); })) {
    return true;
  }
  // 亮点1, 案例2: a numbered caption.
  return std::isdigit(static_cast<unsigned char>(text.back())) && item_head_of(text).empty();
}

// Whether a list item carries what names a project: a head word after at least two characters
// of name (德厚水库; not 铁路 alone), a place, a company or brand, or a figure (2万吨碳酸锂).
bool MentionFinder::is_anchored_item(const SentenceInfo& info, Span item, bool head_anchors) const {
  const std::string_view s = info.sentence->text;
  const std::string_view text = s.substr(item.begin, item.end - item.begin);
  if (const std::string_view head = item_head_of(text);
      head_anchors && !head.empty() && count_chars(text) >= count_chars(head) + 2) {
    return true;
  }
  for (const auto& place : info.places()) {
    if (place.span.begin >= item.begin && place.span.end <= item.end) return true;
  }
  for (const auto& org : info.orgs()) {
    if (org.span.begin >= item.begin && org.span.end <= item.end) return true;
  }
  // A company alone (苹果、华为、阿里巴巴等数据中心项目) owns the projects the list counts.
  if (const std::size_t brand = first_brand(text);
      brand != std::string_view::npos && !is_company_alone(text.substr(brand)))
    return true;
  return std::any_of(text.begin(), text.end(),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; });
}

// 千万头, 千亿斤, 百万吨: an amount in words at the start of a name.
bool MentionFinder::opens_with_large_numeral(std::string_view text) {
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
  return p >= ideograph_bytes(2);
}

// Whether a name opens with a count of things (一条……生产线, 8条聚合物锂离子电池生产线, 两座
// 泊位): the works a project builds, not a project of its own.
bool MentionFinder::opens_with_counted_part(std::string_view name) {
  std::size_t p = 0;
  while (p < name.size() && std::isdigit(static_cast<unsigned char>(name[p]))) ++p;
  if (p == 0 &&
      (count_numeral_at(name, 0) != 0 || name.starts_with("多") || name.starts_with("几")))
    p = utf8_next(name, 0);
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
bool MentionFinder::is_place_alone(const SentenceInfo& info, Span item) {
  return std::any_of(info.places().begin(), info.places().end(), [&](const auto& place) {
    return place.span.begin <= item.begin && place.span.end >= item.end;
  });
}

bool MentionFinder::is_item_name(const SentenceInfo& info, Span item) const {
  const std::string_view s = info.sentence->text;
  const std::string_view text = s.substr(item.begin, item.end - item.begin);
  const std::size_t chars = count_chars(text);
  if (chars < 2 || chars > 45 || is_place_alone(info, item)) return false;
  if (is_body_or_occasion(text) || is_field_label(s, item)) return false;
  // 项目规模大, 工程进展顺利: an item that opens with the head word says something of projects.
  if (text.starts_with("项目") || text.starts_with("工程")) return false;
  // 突出产业项目, 加快推进X, 具有高技术含量: an item that opens with a verb of exhortation (or
  // of having) is a measure or a description. Single
  // characters are left out: 跑道, 要素 and 抓 open names too.
  static const PhraseTable measure_openers = [] {
    std::vector<std::string_view> words{"突出", "具有"};
    std::copy_if(std::begin(kExhortationWords), std::end(kExhortationWords),
                 std::back_inserter(words), [](std::string_view w) { return w.size() > 3; });
    return PhraseTable(words);
  }();
  if (measure_openers.longest_at(text, 0) >= 0) return false;
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
    if (holds_chars_of(text_chars, w) && find_word(text, w.text) != std::string_view::npos)
      return false;
  }
  if (opens_with_counted_part(text) || holds_clause_verb(text, text_chars)) return false;
  // 继7月、8月重大项目: a date is no name; 8月重大项目 names nothing but a head.
  std::string rest = without_dates(std::string(text));
  if (count_chars(rest) < 2) return false;
  // 年产12万吨合成氨, 20万吨尿素, 千万头肉牛 without a head word: a product and its output (or a
  // programme's target), not a project.
  if ((text.starts_with("年产") || digits > 0 || opens_with_large_numeral(text)) &&
      !ends_with_item_head(text))
    return false;
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
  // 重点项目: nothing but a head word once the generic words are gone; 机场项目, 枢纽工程: a head
  // word before 项目 or 工程 names a kind of works (水运和机场项目分别完成年计划的74%).
  if (item_head_of(rest) == rest) return false;
  for (std::string_view noun : {"项目", "工程"}) {
    if (!rest.ends_with(noun) || rest.size() == noun.size()) continue;
    const std::string_view kind = std::string_view(rest).substr(0, rest.size() - noun.size());
    if (item_head_of(kind) == kind) return false;
  }
  // 大抓项目, 抓大项目: a short item with a verb of exhortation before a bare 项目 is a slogan,
  // as in distinctive_core (提升 in a longer name is part of what the works do).
  const std::string_view head = item_head_of(text);
  constexpr std::size_t kMaxSloganChars = 3;
  if ((head == "项目" || head == "工程") && count_chars(text) <= kMaxSloganChars + 2 &&
      !is_anchored_item(info, item, /*head_anchors=*/false) &&
      holds_exhortation(text.substr(0, text.size() - head.size()))) {
    return false;
  }
  // A sector alone (教育、就业、医疗卫生) is no project, unless a place or company names one; a
  // sector's name may end as a head does (集成电路), which anchors nothing then.
  if (count_chars(without_sector_words(rest)) >= 2) return true;
  return is_anchored_item(info, item, /*head_anchors=*/!ends_with_sector_word_over(text, head));
}

bool MentionFinder::ends_with_sector_word_over(std::string_view text, std::string_view head) {
  return std::any_of(std::begin(kSectorWords), std::end(kSectorWords), [&](std::string_view w) {
    return w.size() >= head.size() && text.ends_with(w);
  });
}

// The list that starts in [span.begin, clause_end), when there is one. A clause may hold
// several in a row: A、B等220千伏工程、C等110千伏工程.
std::optional<MentionFinder::ListShape> MentionFinder::read_list_shape(const SentenceInfo& info,
                                                                       Span span) const {
  const std::string_view s = info.sentence->text;
  if (find_word(s.substr(span.begin, span.end - span.begin), kEnumerationMark) ==
      std::string_view::npos) {
    return std::nullopt;
  }
  // The marks that separate items; a mark after a number (1、) only numbers a line.
  std::vector<std::size_t> marks;
  std::size_t segment_begin = span.begin;
  // Brackets opened and closed between span.begin and the mark, counted on from the last mark
  // (counting from span.begin at every mark made long lists quadratic).
  std::ptrdiff_t opened = 0, closed = 0;
  std::size_t counted_to = span.begin;
  for (std::size_t at = find_word(s, kEnumerationMark, span.begin);
       at != std::string_view::npos && at < span.end;
       at = find_word(s, kEnumerationMark, at + kEnumerationMark.size())) {
    // A mark inside brackets lists the parts of one item: 创新中心(A楼、B楼、3号楼).
    const std::string_view newly = s.substr(counted_to, at - counted_to);
    opened += std::count(newly.begin(), newly.end(), '(');
    closed += std::count(newly.begin(), newly.end(), ')');
    counted_to = at;
    if (opened > closed) continue;
    // A mark between phases lists the phases of one item: 基地三期、四期项目.
    if (ends_at(s, at, "期") && phases_at(s, at + kEnumerationMark.size()) > 0 &&
        std::any_of(std::begin(kPhaseWords), std::end(kPhaseWords),
                    [&](std::string_view w) { return ends_at(s, at, w); })) {
      continue;
    }
    // 年产54万吨合成氨、95万吨尿素项目: the products of one item.
    if (joins_products(s, at)) continue;
    if (!is_numbering(s.substr(segment_begin, at - segment_begin))) marks.push_back(at);
    segment_begin = at + kEnumerationMark.size();
  }
  if (marks.empty()) return std::nullopt;
  ListShape list;
  // The last item runs to 等 (A、B等项目) or, without one, to its status or the clause's end. 等
  // between two marks ends the list there: the marks after it belong to its category
  // (等4个轨道交通、市郊铁路重大项目) or to the next list.
  list.etc = find_word(s.substr(0, span.end), "等", marks.front());
  while (list.etc != std::string_view::npos &&
         is_deng_in_word(s, list.etc + std::string_view("等").size())) {
    list.etc = find_word(s.substr(0, span.end), "等", list.etc + std::string_view("等").size());
  }
  while (!marks.empty() && list.etc != std::string_view::npos && list.etc < marks.back())
    marks.pop_back();
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
  for (std::size_t k = 0; k + 1 < marks.size(); ++k)
    list.items.push_back({marks[k] + kEnumerationMark.size(), marks[k + 1]});
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
Span MentionFinder::trimmed_item(std::string_view s, Span item) {
  item.begin = trim_left(s, item.begin, item.end);
  item.end = trim_right(s, item.begin, item.end);
  // What stands before 的 describes the name (全长13.59公里的林芝市贡多顶隧道).
  const std::size_t of = rfind_word(s.substr(item.begin, item.end - item.begin), "的");
  if (of != std::string_view::npos &&
      count_chars(s.substr(item.begin + of + 3, item.end - item.begin - of - 3)) >= 2) {
    item.begin += of + std::string_view("的").size();
  }
  // X项目主会场, Y工程分会场: the venue of a ceremony held at the project, not its name.
  for (std::string_view venue : {"主会场", "分会场"}) {
    if (ends_at(s, item.end, venue) && item.end - venue.size() > item.begin) {
      item.end -= venue.size();
      break;
    }
  }
  const StatusReading own = read_status(s.substr(item.begin, item.end - item.begin));
  for (const auto& [found, span] :
       {std::pair{own.status, own.span}, std::pair{own.planned, own.planned_span}}) {
    if (found != ProjectStatus::kUnknown && span.end == item.end - item.begin &&
        span.begin >= ideograph_bytes(2)) {
      item.end = item.begin + span.begin;
    }
  }
  return item;
}

// 主要建设内容为A、B等, 建设规模包括A、B: what one project builds, its parts, not projects.
bool MentionFinder::lists_works(const SentenceInfo& info, Span clause, const ListShape& list) {
  const std::string_view s = info.sentence->text;
  const std::string_view lead = s.substr(clause.begin, list.items.front().begin - clause.begin);
  return std::any_of(
      std::begin(kWorksIntroducers), std::end(kWorksIntroducers),
      [&](std::string_view works) { return find_word(lead, works) != std::string_view::npos; });
}

// ……水利骨干工程、山区控制性水利工程等领域, 水利、节能降碳等领域重点项目: a list closed by 等 and a
// word for fields lists fields of work, even where 项目 follows; its head words name no project.
bool MentionFinder::lists_fields(std::string_view s, const ListShape& list) {
  if (list.etc == std::string_view::npos) return false;
  constexpr std::size_t kFieldWindow = ideograph_bytes(5);
  const std::size_t from = list.etc + std::string_view("等").size();
  const std::string_view after = s.substr(from, std::min(kFieldWindow, s.size() - from));
  const std::size_t project = find_word(after, "项目");
  return std::any_of(std::begin(kFieldWords), std::end(kFieldWords), [&](std::string_view w) {
    const std::size_t at = find_word(after, w);
    return at != std::string_view::npos && at < project;
  });
}

// Whether a list names projects: a project noun after its 等 or copula; an introducer after a
// mention of projects (……13个重点交通项目即将开始建设，分别为A、B); or items that mostly end as
// project names do, with nothing after 等 saying otherwise. Lists of places or firms (等地,
// 等企业), of what a visitor saw, of products and of lines of business are not.
bool MentionFinder::is_list_of_projects(const SentenceInfo& info, Span clause,
                                        const ListShape& list) const {
  const std::string_view s = info.sentence->text;
  const std::vector<Span>& items = list.items;
  const bool project_noun_after = list.category_end != std::string_view::npos;
  const bool etc_neutral =
      list.etc != std::string_view::npos && etc_is_neutral(s, list.etc, clause.end);
  if (list.etc != std::string_view::npos && !project_noun_after && !etc_neutral) return false;
  if (!project_noun_after && follows_visit_verb(s, items.front().begin)) return false;
  if (lists_works(info, clause, list) || lists_fields(s, list)) return false;
  const std::size_t look_back =
      items.front().begin > kContextBytes ? items.front().begin - kContextBytes : 0;
  if (find_word(s.substr(look_back, items.front().begin - look_back), "产品") !=
      std::string_view::npos)
    return false;
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
    const bool last_headed =
        ends_with_item_head(s.substr(items.back().begin, items.back().end - items.back().begin));
    std::size_t headed = 0;
    for (const Span& item : items) {
      const std::string_view text = s.substr(item.begin, item.end - item.begin);
      const std::size_t chars =
          count_chars(text) - static_cast<std::size_t>(std::count(text.begin(), text.end(), ' '));
      headed += ends_with_item_head(text) || (last_headed && chars <= 3) ? 1 : 0;
    }
    if (headed * 2 <= items.size()) return false;
  }
  // X、Y的Z: when the last item was cut at a 的 with no figure before it, the items describe or
  // own what follows 的 (投资额大、发展前景好的重大项目, 华为、腾讯的数据中心项目): they are no
  // projects. A figure before 的 describes the last item alone (全长13.59公里的贡多顶隧道).
  if (ends_at(s, items.back().begin, "的")) {
    const std::size_t of = items.back().begin - std::string_view("的").size();
    const std::size_t raw_begin = items.size() > 1 ? items[items.size() - 2].end : clause.begin;
    const std::string_view before_of = s.substr(raw_begin, of - raw_begin);
    if (!holds_figure(before_of)) return false;
  }
  // A list most of whose items are places alone lists places (南宁、钦州、玉林、来宾6个设区市设分会
  // 场): the item the gazetteer does not know as a place is one too.
  const auto place_items = std::count_if(
      items.begin(), items.end(), [&](const Span& item) { return is_place_alone(info, item); });
  if (static_cast<std::size_t>(place_items) * 2 > items.size()) return false;
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
void MentionFinder::add_list_mentions(std::size_t index, const SentenceInfo& info,
                                      const ListShape& list, std::deque<Mention>& out,
                                      std::size_t first_of_sentence) const {
  const auto own = out.begin() + static_cast<std::ptrdiff_t>(first_of_sentence);
  const std::size_t list_begin = list.items.front().begin;
  const std::size_t list_end = std::max(list.end, list.items.back().end);
  out.erase(std::remove_if(own, out.end(),
                           [&](const Mention& m) {
                             return m.sentence == index && m.agreement_org.empty() &&
                                    m.span.end > list_begin && m.span.begin < list_end;
                           }),
            out.end());
  const auto group = static_cast<std::int32_t>(list_categories_.size());
  const std::size_t category_begin =
      list.etc != std::string_view::npos ? list.etc : list.items.back().end;
  list_categories_.push_back(list.category_end != std::string_view::npos
                                 ? Span{category_begin, list.category_end}
                                 : Span{});
  for (const Span& item : list.items) {
    if (is_item_name(info, item)) out.push_back(item_mention(index, info, item, group));
  }
}

void MentionFinder::find_lists(std::size_t index, const SentenceInfo& info, Span clause,
                               std::deque<Mention>& out, std::size_t first_of_sentence) const {
  for (std::size_t from = clause.begin; from < clause.end;) {
    const auto list = read_list_shape(info, {from, clause.end});
    if (!list || list->end <= from) return;
    const bool works =
        list->category_end == std::string_view::npos &&
        is_work_of_earlier_project(info, list->items.front().begin, out, first_of_sentence);
    if (!works && is_list_of_projects(info, clause, *list)) {
      add_list_mentions(index, info, *list, out, first_of_sentence);
    } else if (lists_works(info, clause, *list) || lists_fields(info.sentence->text, *list)) {
      // 主要建设内容为门诊楼、住院楼及室外总体工程: the parts of one project, head word or not; and
      // fields of work (……水利骨干工程等领域).
      const std::size_t list_begin = list->items.front().begin;
      const std::size_t list_end = std::max(list->end, list->items.back().end);
      const auto own = out.begin() + static_cast<std::ptrdiff_t>(first_of_sentence);
      out.erase(std::remove_if(own, out.end(),
                               [&](const Mention& m) {
                                 return m.sentence == index && m.span.end > list_begin &&
                                        m.span.begin < list_end;
                               }),
                out.end());
    }
    from = list->end;
  }
}

// under_heading: the line is under a heading line ending with a colon (华龙区1个：), which
// says its lines are items; a numbered line needs a head word or an anchor in its name.
void MentionFinder::find_line_item(std::size_t index, const SentenceInfo& info,
                                   std::deque<Mention>& out, std::size_t first_of_sentence,
                                   bool under_heading) const {
  const std::string_view s = info.sentence->text;
  if (info.clauses().empty()) return;
  const std::size_t begin = after_line_number(s);
  const std::size_t clause = clause_index(info, begin);
  Span item{begin, trim_right(s, begin, info.clauses()[clause].span.end)};
  constexpr std::size_t kMaxLineItemChars = 30;
  const std::string_view text = s.substr(item.begin, item.end - item.begin);
  if (item.begin >= item.end || count_chars(text) > kMaxLineItemChars ||
      find_word(text, kEnumerationMark) != std::string_view::npos) {
    return;
  }
  // A line that states something (濮阳县4个项目完成投资, 项目已开工) is no name.
  const StatusReading reading = read_status(text);
  if (reading.status != ProjectStatus::kUnknown || reading.planned != ProjectStatus::kUnknown ||
      !is_item_name(info, item))
    return;
  // The line goes on after the name (3. 某某中心，待……): a line that is its name alone is a
  // section's title (一、优化开放布局).
  if (item.end >= s.size() ||
      trim_left(s, info.clauses()[clause].span.end, s.size()) >= s.size() - 1)
    return;
  const bool headed_or_anchored = ends_with_item_head(text) || is_anchored_item(info, item);
  const bool exhortation = std::any_of(std::begin(kExhortationWords), std::end(kExhortationWords),
                                       [&](std::string_view w) { return text.starts_with(w); });
  // A line that opens with a verb of policy (五是建立开放大平台) is a measure, not a project.
  if (exhortation) return;
  if (!headed_or_anchored &&
      (!under_heading || count_chars(without_sector_words(std::string(text))) < 3))
    return;
  replace_with_item(index, info, item, out, first_of_sentence);
}

void MentionFinder::find_named_field(std::size_t index, const SentenceInfo& info,
                                     std::deque<Mention>& out,
                                     std::size_t first_of_sentence) const {
  static constexpr std::string_view kNameLabels[] = {"建设项目名称", "项目名称", "工程名称",
                                                     "项目全称"};
  const std::string_view s = info.sentence->text;
  // Every label ends in 称 within the sentence's first words (after a line number): most sentences
  // are settled by one search.
  constexpr std::size_t kLabelWindowBytes = ideograph_bytes(16);
  if (info.clauses().empty() ||
      find_word(s.substr(0, kLabelWindowBytes), "称") == std::string_view::npos)
    return;
  const std::size_t begin = after_line_number(s);
  for (const std::string_view label : kNameLabels) {
    if (!starts_at(s, begin, label)) continue;
    std::size_t value = begin + label.size();
    if (starts_at(s, value, "：")) {
      value += std::string_view("：").size();
    } else if (starts_at(s, value, ":")) {
      ++value;
    } else {
      return;
    }
    value = trim_left(s, value, s.size());
    const Span item{value,
                    trim_right(s, value, info.clauses()[clause_index(info, value)].span.end)};
    const std::size_t chars = count_chars(s.substr(item.begin, item.end - item.begin));
    // Two characters at least; a value as long as a sentence is prose, not a name.
    if (item.begin < item.end && chars >= 2 && chars <= 45)
      replace_with_item(index, info, item, out, first_of_sentence);
    return;
  }
}

// The mention of a line or a table row that names a project, in place of the head-word mentions
// read inside it.
void MentionFinder::replace_with_item(std::size_t index, const SentenceInfo& info, Span item,
                                      std::deque<Mention>& out,
                                      std::size_t first_of_sentence) const {
  const auto own = out.begin() + static_cast<std::ptrdiff_t>(first_of_sentence);
  out.erase(std::remove_if(own, out.end(),
                           [&](const Mention& m) {
                             return m.sentence == index && m.span.end > item.begin &&
                                    m.span.begin < item.end;
                           }),
            out.end());
  out.push_back(item_mention(index, info, item, -1));
}

bool MentionFinder::is_row_number(std::string_view cell) {
  cell = cell.substr(0, trim_right(cell, 0, cell.size()));
  cell.remove_prefix(trim_left(cell, 0, cell.size()));
  return !cell.empty() && cell.size() <= 4 && std::all_of(cell.begin(), cell.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c)) != 0;
  });
}

void MentionFinder::find_table_rows(std::size_t index, const SentenceInfo& info,
                                    std::deque<Mention>& out, std::size_t first_of_sentence) const {
  const std::string_view s = info.sentence->text;
  if (s.find('|') == std::string_view::npos) return;
  const auto clauses = info.clauses();
  for (std::size_t c = 0; c + 1 < clauses.size(); ++c) {
    const Span number = clauses[c].span;
    const Span cell = clauses[c + 1].span;
    if (number.end >= s.size() || s[number.end] != '|' || cell.end >= s.size() ||
        s[cell.end] != '|')
      continue;
    if (!is_row_number(s.substr(number.begin, number.end - number.begin))) continue;
    Span item{trim_left(s, cell.begin, cell.end), 0};
    item.end = trim_right(s, item.begin, cell.end);
    if (item.begin >= item.end || is_row_number(s.substr(item.begin, item.end - item.begin)) ||
        !is_item_name(info, item)) {
      continue;
    }
    replace_with_item(index, info, item, out, first_of_sentence);
  }
}

// A mention for a list item or table cell that names a project.
Mention MentionFinder::item_mention(std::size_t index, const SentenceInfo& info, Span item,
                                    std::int32_t group) const {
  const std::string_view s = info.sentence->text;
  // 青龙机械(2400万美元): an amount in brackets after the item is its investment, not its name
  // (it anchored the item as a figure does, until here).
  if (ends_at(s, item.end, ")")) {
    const std::size_t open = s.rfind('(', item.end);
    if (open != std::string_view::npos && open > item.begin &&
        holds_money_unit(s.substr(open, item.end - open))) {
      item.end = trim_right(s, item.begin, open);
    }
  }
  Mention m;
  m.sentence = static_cast<std::uint32_t>(index);
  m.span = item;
  m.name = s.substr(item.begin, item.end - item.begin);
  const std::string_view head = item_head_of(m.name);
  m.head = head.empty() ? std::string_view("项目") : head;
  m.phase = phase_of(m.name);
  m.group = group;
  m.key = make_key(info, m);
  return m;
}

// Whether text is a company known by its short name and nothing else (华为, 阿里巴巴).
bool MentionFinder::is_company_alone(std::string_view text) {
  const int known = known_companies().longest_at(text, 0);
  return known >= 0 && kKnownCompanies[known].size() == text.size();
}

std::string_view MentionFinder::brand_prefix(std::string_view brand) {
  // The first two characters are how bulletins shorten a brand (晶科能源 -> 晶科).
  std::size_t end = 0;
  for (int i = 0; i < 2 && end < brand.size(); ++i) end = utf8_next(brand, end);
  return brand.substr(0, end);
}

std::vector<std::string_view> MentionFinder::brand_prefixes_of(const std::vector<Brand>& brands) {
  std::vector<std::string_view> prefixes;
  prefixes.reserve(brands.size());
  for (const auto& brand : brands) prefixes.push_back(brand_prefix(brand.text));
  return prefixes;
}

// Where the first word of table starts in text, wholly inside it; npos for none. The table skips
// the positions where none of its words can start.
std::size_t MentionFinder::first_word_of(const PhraseTable& table, std::string_view text) {
  for (std::size_t pos = table.next_candidate(text, 0); pos < text.size();
       pos = table.next_candidate(
           text, pos + utf8_sequence_length(static_cast<unsigned char>(text[pos])))) {
    if (table.longest_at(text, pos) >= 0) return pos;
  }
  return std::string_view::npos;
}

// Where the first brand prefix (晶科 of 晶科能源) starts in text; npos for none.
std::size_t MentionFinder::first_brand_prefix(std::string_view text) const {
  if (brand_prefix_words_.empty()) return std::string_view::npos;
  return first_word_of(*brand_prefixes_, text);
}

// Where the first brand prefix, or a company known by its short name (比亚迪), starts in text.
std::size_t MentionFinder::first_brand(std::string_view text) const {
  return std::min(first_brand_prefix(text), first_word_of(known_companies(), text));
}

}  // namespace investtrack::parser::projects_internal
