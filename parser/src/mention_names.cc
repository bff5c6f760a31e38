// Mentions named by a head word: a noun phrase ending in 项目, 工程, 基地 ... whose left edge is
// fixed by stop words, quotes and anchors (places, companies, brands), or a company signing an
// investment agreement; and the key under which mentions of one project meet. MentionFinder's
// first half; lists, lines and table rows are mention_lists.cc.
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

// Whether the 有 just before pos begins a word (有色金属) rather than saying "there are".
bool opens_word_with_you(std::string_view s, std::size_t pos) {
  const std::size_t you = pos - std::string_view("有").size();
  return std::any_of(std::begin(kWordsOpeningWithYou), std::end(kWordsOpeningWithYou),
                     [&](std::string_view w) { return starts_at(s, you, w); });
}

// Whether the head word at pos is the start of a longer word that names no project: a person's
// title (总工程师), a body (中国工程院, 第七工程局, 工程处).
bool continues_past_head(std::string_view s, std::size_t pos) {
  static constexpr std::string_view kLongerWords[] = {"工程师", "工程院", "工程局", "工程处",
                                                      "工程学"};
  return std::any_of(std::begin(kLongerWords), std::end(kLongerWords),
                     [&](std::string_view w) { return starts_at(s, pos, w); });
}

}  // namespace

// line_item: the sentence opens a paragraph that may be one item of a list laid out as
// lines (under a heading that ends with a colon, or numbered): its first clause may name a
// project without a head word.
void MentionFinder::find(std::size_t index, const SentenceInfo& info, std::deque<Mention>& out,
                         LineItem line_item) const {
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
    if (!head || continues_past_head(s, pos)) continue;
    // 装备制造园区智能装备产业园项目: a weak head inside a longer name is not where it ends.
    if (head->strength == HeadStrength::kWeak && strong_head_follows(s, pos + head->text.size()))
      continue;
    auto mention = read_named(index, info, pos, *head, covered_until);
    if (!mention) continue;
    covered_until = mention->span.end;
    if (mention->kind == MentionKind::kNamed &&
        is_work_of_earlier_project(info, mention->span.begin, out, first_of_sentence)) {
      continue;
    }
    out.push_back(std::move(*mention));
  }
  find_agreements(index, info, out, first_of_sentence);
  for (const Clause& clause : info.clauses())
    find_lists(index, info, clause.span, out, first_of_sentence);
  find_table_rows(index, info, out, first_of_sentence);
  find_named_field(index, info, out, first_of_sentence);
  if (line_item != LineItem::kNone)
    find_line_item(index, info, out, first_of_sentence, line_item == LineItem::kUnderHeading);
}

// previous_end: where the sentence's previous mention ends; a name never reaches back into it.
std::optional<Mention> MentionFinder::read_named(std::size_t index, const SentenceInfo& info,
                                                 std::size_t head_pos, const HeadWord& head,
                                                 std::size_t previous_end) const {
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
        // Phases listed together stay in the name (基地三期、四期项目).
        const std::size_t phases = phases_at(s, end);
        end += std::max(tail.size(), phases);
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
    const std::size_t window = std::max<std::size_t>(
        clause.span.begin, head_pos > kMaxQuotedNameBytes ? head_pos - kMaxQuotedNameBytes : 0);
    const std::size_t open_pos = s.substr(window, head_pos - window).rfind(open);
    const std::size_t open_at = open_pos == std::string_view::npos ? 0 : window + open_pos;
    if (open_pos != std::string_view::npos &&
        looks_like_quoted_name(s.substr(open_at + 3, end - open_at - 3))) {
      quoted = true;
      end += 3;
      begin = extend_left(info, open_at, clause.span.begin, /*max_chars=*/10);
    }
  }
  if (!quoted)
    begin = extend_left(info, head_pos, std::max<std::size_t>(clause.span.begin, previous_end),
                        /*max_chars=*/24);
  begin = skip_leading_junk(s, begin, head_pos);
  if (opens_with_counted_part(s.substr(begin, head_pos - begin))) return std::nullopt;
  if (!quoted && is_aim(s, clause.span.begin, begin)) return std::nullopt;
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
  m.phase = phase_of(m.name);
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
  if (head.strength == HeadStrength::kWeak && !quoted && !weak_head_has_context(info, m))
    return std::nullopt;
  m.key = make_key(info, m);
  return m;
}

// Whether the words after a 至 name a route or its section (涝峪段, 十堰高铁, 合作铁路): 至 then
// joins the route's two ends rather than ending the name.
bool MentionFinder::names_a_route(std::string_view words) {
  if (find_word(words, "段") != std::string_view::npos) return true;
  return std::any_of(std::begin(kRouteHeads), std::end(kRouteHeads), [&](std::string_view h) {
    return find_word(words, h) != std::string_view::npos;
  });
}

// Where a route's name ends when a section follows its head (高速公路德阳至简阳段, 铁路湖南段):
// at the section's 段, a few name characters on; otherwise at the head.
std::size_t MentionFinder::route_section_end(std::string_view s, std::size_t head_end,
                                             std::size_t clause_end, std::string_view head) {
  if (std::find(std::begin(kRouteHeads), std::end(kRouteHeads), head) == std::end(kRouteHeads))
    return head_end;
  constexpr std::size_t kMaxSectionChars = 12;
  std::size_t p = head_end;
  for (std::size_t chars = 0; p < clause_end && chars < kMaxSectionChars && is_name_char(s, p);
       ++chars) {
    if (starts_at(s, p, "段")) return p + std::string_view("段").size();
    p = utf8_next(s, p);
  }
  return head_end;
}

// Walks left from `from` over name characters until a stop word, punctuation, a person's title
// or the length limit; then, when no stop word fixed the edge, starts at the first anchor (a
// place, company or brand), since a name rarely starts with anything else.
std::size_t MentionFinder::extend_left(const SentenceInfo& info, std::size_t from,
                                       std::size_t limit, std::size_t max_chars) const {
  const std::string_view s = info.sentence->text;
  std::size_t begin = from;
  std::size_t chars = 0;
  int open_parens = 0;
  bool stopped_by_word = false;
  // Each list of products a name holds (年产6万吨PBAT、3万吨PBS……) lengthens what it may span.
  constexpr std::size_t kProductListChars = 12;
  std::size_t budget = max_chars;
  while (begin > limit && chars < budget) {
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
      if (!took_unit && place.span.end == begin && place.span.begin >= limit &&
          place.span.begin < begin) {
        chars += count_chars(s.substr(place.span.begin, begin - place.span.begin));
        begin = place.span.begin;
        took_unit = true;
      }
    }
    if (took_unit) continue;
    // 5G基站建设项目, 异地新建项目: a verb of building right before the head is part of the name.
    const bool names_end_so =
        begin == from && (starts_at(s, from, "项目") || starts_at(s, from, "工程"));
    // 发展服务中心项目: a stop word right before a second head word is part of the name.
    const HeadWord* inner_head = begin < from ? longest_head_at(s, begin) : nullptr;
    const bool before_inner_head = inner_head != nullptr && begin + inner_head->text.size() == from;
    // 蒲城至涝峪段: 至 joins a route's two ends.
    const bool route_join = ends_at(s, begin, "至") &&
                            names_a_route(s.substr(begin, from + ideograph_bytes(2) > s.size()
                                                              ? s.size() - begin
                                                              : from + ideograph_bytes(2) - begin));
    if (ends_with_stop(s, begin, limit) &&
        !(names_end_so && ends_with_build_verb(s, begin, limit)) && !before_inner_head &&
        !route_join) {
      // The stop word ends a company known by its short name (华为: 为): the company is a unit.
      if (const std::size_t company = known_company_ending_at(s, begin, limit); company < begin) {
        chars += count_chars(s.substr(company, begin - company));
        begin = company;
        continue;
      }
      // 储能与动力电池项目: after 和/与/及 only a line of business, which names no project
      // alone; the conjunction joins two products of one name.
      if (joins_lines_of_business(info, begin, from, limit)) {
        begin -= ideograph_bytes(1);
        ++chars;
        continue;
      }
      stopped_by_word = true;
      break;
    }
    // 46兆瓦“农光互补”光伏发电项目, 兰州市“读者印象”文化街区项目: a quoted word inside a name.
    if (ends_at(s, begin, "”")) {
      const std::size_t close = begin - std::string_view("”").size();
      constexpr std::size_t kMaxInnerQuoteBytes = ideograph_bytes(12);
      const std::size_t window =
          std::max(limit, close > kMaxInnerQuoteBytes ? close - kMaxInnerQuoteBytes : 0);
      const std::size_t open = rfind_word(s.substr(window, close - window), "“");
      // Only inside a name: an anchor (a place, a company, a figure) stands right before the
      // quote; after a verb (加强“两高”项目) or at a clause's start (“五网”基础设施) the quoted
      // word is a slogan.
      if (open != std::string_view::npos &&
          looks_like_quoted_name(s.substr(window + open + 3, close - window - open - 3)) &&
          anchored_before(info, window + open, limit)) {
        chars += count_chars(s.substr(window + open, begin - window - open));
        begin = window + open;
        continue;
      }
    }
    const std::size_t prev = utf8_previous(s, begin);
    // 某某水泥有限公司 年产90万吨水泥粉磨项目: lists set the company apart by a space.
    if (s[prev] == ' ' && prev > limit &&
        std::any_of(info.orgs().begin(), info.orgs().end(), [&](const OrgMention& o) {
          return o.span.end == prev && o.span.begin >= limit;
        })) {
      begin = prev;
      continue;
    }
    if (!is_name_char(s, prev)) {
      if (!joins_products(s, prev)) break;
      budget += kProductListChars;
    }
    if (!walks_left_over_bracket(s[prev], open_parens)) break;
    begin = prev;
    ++chars;
  }
  begin = after_person_titles(s, begin, from);
  if (!stopped_by_word) begin = first_anchor(info, begin, from).value_or(begin);
  return begin;
}

// Whether the conjunction (和, 与, 及) ending at pos joins two lines of business of one name
// (亿纬锂能储能与动力电池项目, 吉利汽车及动力总成生产基地): after it up to the head, no place,
// company, brand, figure, ordinal or head word (which would make it a project of its own: 和赣龙
// 铁路扩能工程); before it, a place, company or brand followed by at least two characters of
// what it makes (not two companies: 跨国公司和国内著名企业); and not inside a company's name
// (发展和改革委员会).
bool MentionFinder::joins_lines_of_business(const SentenceInfo& info, std::size_t pos,
                                            std::size_t head, std::size_t limit) const {
  const std::string_view s = info.sentence->text;
  constexpr std::size_t kConjunction = ideograph_bytes(1);
  constexpr std::size_t kBeforeWindow = ideograph_bytes(12);
  constexpr std::size_t kMinProductBytes = ideograph_bytes(2);
  if (pos < limit + kConjunction + kMinProductBytes || pos >= head) return false;
  const bool conjunction = std::any_of(std::begin(kJoiningWords), std::end(kJoiningWords),
                                       [&](std::string_view w) { return ends_at(s, pos, w); });
  if (!conjunction) return false;
  const std::size_t conj = pos - kConjunction;
  const auto overlaps = [&](const auto& list, std::size_t from, std::size_t to) {
    return std::any_of(list.begin(), list.end(),
                       [&](const auto& m) { return m.span.begin < to && m.span.end > from; });
  };
  if (overlaps(info.orgs(), conj, pos)) return false;
  const std::string_view after = s.substr(pos, head - pos);
  if (overlaps(info.places(), pos, head) || overlaps(info.orgs(), pos, head) ||
      holds_digit(after) || find_word(after, "第") != std::string_view::npos) {
    return false;
  }
  for (std::size_t p = 0; p < after.size(); p = utf8_next(after, p)) {
    if (longest_head_at(after, p) != nullptr) return false;
  }
  // 发展和改革委员会, 住房和城乡建设厅: a body of government, whose name holds 和.
  for (std::string_view body : {"委员会", "局", "厅", "办公室"}) {
    if (find_word(after, body) != std::string_view::npos) return false;
  }
  // The last anchor before the conjunction, within a few characters, must leave room for a
  // product between it and the conjunction.
  const std::size_t window = std::max(limit, conj > kBeforeWindow ? conj - kBeforeWindow : 0);
  std::size_t anchor_end = 0;
  bool anchored = false;
  const auto consider = [&](std::size_t begin, std::size_t end) {
    if (begin >= window && end <= conj) {
      anchored = true;
      anchor_end = std::max(anchor_end, end);
    }
  };
  for (const auto& place : info.places()) consider(place.span.begin, place.span.end);
  for (const auto& org : info.orgs()) consider(org.span.begin, org.span.end);
  if (!anchored) {
    const std::string_view before = s.substr(window, conj - window);
    if (const std::size_t brand = first_brand(before); brand != std::string_view::npos) {
      const int known = known_companies().longest_at(before, brand);
      consider(window + brand,
               window + brand + (known >= 0 ? kKnownCompanies[known].size() : ideograph_bytes(2)));
    }
  }
  if (!anchored || conj < anchor_end + kMinProductBytes) return false;
  // What it makes is written as one word run, with no mark (梅州各县(市、区)和广梅产业园).
  for (std::size_t p = anchor_end; p < conj; p = utf8_next(s, p)) {
    if (!is_cjk_at(s, p)) return false;
  }
  return first_brand(after) == std::string_view::npos;
}

// Where a company known by its short name that ends at pos starts, at or after limit; pos when
// none does.
std::size_t MentionFinder::known_company_ending_at(std::string_view s, std::size_t pos,
                                                   std::size_t limit) {
  const int known = known_companies().longest_ending_at(s, pos);
  if (known < 0 || pos < limit + kKnownCompanies[known].size()) return pos;
  return pos - kKnownCompanies[known].size();
}

bool MentionFinder::ends_with_build_verb(std::string_view s, std::size_t pos, std::size_t limit) {
  return std::any_of(
      std::begin(kNameBuildVerbs), std::end(kNameBuildVerbs),
      [&](std::string_view v) { return pos >= limit + v.size() && ends_at(s, pos, v); });
}

// Walking a name leftwards, a ')' opens a bracket the name holds and a '(' closes it; a '('
// with no ')' of the name after it ends the walk (the name stood inside that bracket).
bool MentionFinder::walks_left_over_bracket(char c, int& open_parens) {
  if (c == ')') ++open_parens;
  if (c == '(') {
    if (open_parens == 0) return false;
    --open_parens;
  }
  return true;
}

// Never reach back over a person and their title (省长金湘军...): where a name starting at
// begin and ending at end starts once the last title in it is left out.
std::size_t MentionFinder::after_person_titles(std::string_view s, std::size_t begin,
                                               std::size_t end) {
  // Where the last title in the span ends: one backward pass instead of a search per title.
  static const PhraseTable titles(kPersonTitles);
  return begin + titles.last_ending(s.substr(begin, end - begin)).first;
}

// Whether what stands right before pos is a place, a company or a figure with its unit.
bool MentionFinder::anchored_before(const SentenceInfo& info, std::size_t pos, std::size_t limit) {
  const auto ends_here = [&](const auto& list) {
    return std::any_of(list.begin(), list.end(),
                       [&](const auto& item) { return item.span.end == pos; });
  };
  if (ends_here(info.places()) || ends_here(info.orgs())) return true;
  const std::string_view s = info.sentence->text;
  constexpr std::size_t kUnitBytes = ideograph_bytes(3);
  const std::size_t from = std::max(limit, pos > kUnitBytes ? pos - kUnitBytes : 0);
  const std::string_view before = s.substr(from, pos - from);
  return holds_digit(before);
}

// A slogan or model in quotes (“政府+链主企业+产业园”, “一园、三区”) is no project's name.
bool MentionFinder::looks_like_quoted_name(std::string_view quoted) {
  for (std::string_view mark : {"+", "、", " ", "，", "“"}) {
    if (find_word(quoted, mark) != std::string_view::npos) return false;
  }
  return !is_numbered_slogan(quoted);
}

// Policy slogans count their parts in words (“一区四园一中心”, “三供一业”, “一号工程”): a
// programme, not a project's name.
bool MentionFinder::is_numbered_slogan(std::string_view quoted) {
  if (quoted.starts_with("一号") || quoted.starts_with("头号")) return true;
  // “三个中心”, “五大安全”, “四项工程”: a count of things a policy names.
  if (count_numeral_at(quoted, 0) != 0) {
    const std::size_t after = utf8_next(quoted, 0);
    for (std::string_view counter : {"个", "大", "项"}) {
      if (starts_at(quoted, after, counter)) return true;
    }
  }
  std::size_t numerals = 0;
  for (std::size_t p = 0; p < quoted.size(); p = utf8_next(quoted, p))
    numerals += count_numeral_at(quoted, p) != 0;
  return numerals >= 2;
}

bool MentionFinder::ends_with_stop(std::string_view s, std::size_t pos, std::size_t limit) {
  const int found = left_stops().longest_ending_at(s, pos);
  if (found < 0) return false;
  const std::string_view stop = left_stops().word(found);
  if (stop.ends_with("有") && opens_word_with_you(s, pos)) return false;
  if (stop == "等" && is_deng_in_word(s, pos)) return false;
  return pos >= limit + stop.size();
}

std::optional<std::size_t> MentionFinder::first_anchor(const SentenceInfo& info, std::size_t begin,
                                                       std::size_t end) const {
  std::optional<std::size_t> best;
  auto consider = [&](std::size_t pos) {
    if (pos >= begin && pos < end && (!best || pos < *best)) best = pos;
  };
  for (const auto& place : info.places()) consider(place.span.begin);
  for (const auto& org : info.orgs()) consider(org.span.begin);
  // A brand counts only before the first place or company: search no further.
  const std::size_t until = best.value_or(end);
  if (until == begin) return best;
  const std::string_view s = info.sentence->text;
  const std::size_t at = first_brand(s.substr(begin, until - begin));
  if (at != std::string_view::npos) consider(begin + at);
  return best;
}

bool MentionFinder::strong_head_follows(std::string_view s, std::size_t from) {
  constexpr std::size_t kMaxGapChars = 12;
  std::size_t pos = from;
  for (std::size_t chars = 0; chars <= kMaxGapChars && pos < s.size(); ++chars) {
    if (const HeadWord* next = longest_head_at(s, pos);
        next && next->strength == HeadStrength::kStrong)
      return true;
    if (!is_name_char(s, pos)) return false;
    pos = utf8_next(s, pos);
  }
  return false;
}

std::size_t MentionFinder::skip_leading_junk(std::string_view s, std::size_t begin,
                                             std::size_t limit) {
  // A closing quote without its opening one ends a slogan before the name (“十三五”脱贫攻坚项目
  // cut at its opening quote): the name starts after it.
  const std::size_t close = find_word(s.substr(begin, limit - begin), "”");
  if (close != std::string_view::npos &&
      find_word(s.substr(begin, close), "“") == std::string_view::npos) {
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
  const bool after_digit =
      before_begin > 0 && std::isdigit(static_cast<unsigned char>(s[before_begin - 1]));
  for (std::string_view tail : {"年", "月", "日", "号"}) {
    if (after_digit && starts_at(s, begin, tail) && begin + tail.size() < limit)
      begin += tail.size();
  }
  // 业 starts no name: it is the tail of a sector word a stop cut (现代服务|业神华榆林物流园).
  if (starts_at(s, begin, "业") && begin + std::string_view("业").size() < limit)
    begin += std::string_view("业").size();
  // Stray punctuation never starts a name, nor does a list marker: (一), (3).
  while (begin < limit && (s[begin] == ' ' || s[begin] == ')' || s[begin] == '-')) ++begin;
  if (begin < limit && s[begin] == '(') {
    const std::size_t close = s.find(')', begin);
    // A bracket that opens a name is a list marker or a byline ((记者罗艾桦)): a name may end
    // in a bracket (综合保税区(一期)) but never starts with one.
    constexpr std::size_t kMaxOpeningBracketBytes = ideograph_bytes(16);
    if (close != std::string_view::npos && close < limit &&
        close - begin <= kMaxOpeningBracketBytes) {
      begin = close + 1;
      while (begin < limit && s[begin] == ' ') ++begin;
    }
  }
  return begin;
}

// Years, quarters and months in a name (2023年一季度重大项目) say when, not which project.
std::string MentionFinder::without_dates(std::string text) {
  for (const auto& d : find_dates(text, CivilDate{9999, 12, 31})) {
    for (std::size_t k = d.span.begin; k < d.span.end && k < text.size(); ++k) text[k] = ' ';
  }
  const std::uint64_t present = char_signature(text);
  static constexpr std::string_view kPeriods[] = {"一季度", "二季度", "三季度",  "四季度",
                                                  "上半年", "下半年", "前三季度"};
  static const auto periods = sign_words(kPeriods);
  for (const WordSignature& signed_period : periods) {
    if (!holds_chars_of(present, signed_period)) continue;
    const std::string_view period = signed_period.text;
    for (std::size_t p = find_word(text, period); p != std::string::npos;
         p = find_word(text, period, p)) {
      text.replace(p, period.size(), period.size(), ' ');
    }
  }
  erase_all(text, " ");
  return text;
}

bool MentionFinder::is_locative(const SentenceInfo& info, std::size_t name_begin) {
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
    if (const HeadWord* h = longest_head_at(before, pos); h && h->strength == HeadStrength::kStrong)
      return true;
  }
  return false;
}

bool MentionFinder::is_copula_predicate(std::string_view s, std::size_t clause_begin,
                                        std::size_t name_begin) {
  const std::string_view before = s.substr(clause_begin, name_begin - clause_begin);
  for (std::string_view copula : {"是", "系", "作为", "成为", "列为", "列入", "定位为", "定位于"}) {
    // Only a copula in the clause's first characters counts: no need to search further.
    const std::size_t at = find_word(
        before.substr(0, std::min(before.size(), ideograph_bytes(2) + copula.size())), copula);
    // The copula opens the clause (也是, 是) rather than sitting inside a longer word (于是).
    if (at != std::string_view::npos && at <= ideograph_bytes(2) &&
        find_word(before.substr(0, at), "于") == std::string_view::npos) {
      return true;
    }
  }
  return false;
}

// 打造全球重要的新能源电池产业基地, 将成为全国最大的菌菇工厂化基地: a name after a verb of aim,
// praise and 的 is what the text hopes a place becomes, not a project it reports. Praise alone
// (国内规模最大的盛虹炼化一体化项目建设取得进展) still introduces a project.
bool MentionFinder::is_aim(std::string_view s, std::size_t clause_begin, std::size_t name_begin) {
  if (!ends_at(s, name_begin, "的")) return false;
  const std::size_t de = name_begin - std::string_view("的").size();
  const bool praised = std::any_of(std::begin(kAcclaimWords), std::end(kAcclaimWords),
                                   [&](std::string_view w) { return ends_at(s, de, w); });
  if (!praised) return false;
  const std::string_view before = s.substr(clause_begin, de - clause_begin);
  return std::any_of(std::begin(kAimVerbs), std::end(kAimVerbs), [&](std::string_view v) {
    return find_word(before, v) != std::string_view::npos;
  });
}

bool MentionFinder::is_anaphor(std::string_view before_head) {
  std::string rest(before_head);
  for (auto w : kAnaphorWords) erase_all(rest, w);
  return rest.empty();
}

// What is left of a name once heads, phases, generic words and places are taken out; empty when
// the name could be any project.
std::string MentionFinder::distinctive_core(const SentenceInfo& info, const Mention& m,
                                            std::size_t head_pos) const {
  const std::string_view s = info.sentence->text;
  std::string before(s.substr(m.span.begin, head_pos - m.span.begin));
  // 政府主导类项目, 外资类工程: 类 right before the head names a kind of projects, whatever the
  // kind is called.
  if (!m.quoted && before.ends_with("类")) return {};
  // A count right after the name counts the projects of a kind.
  if (count_follows(s, m.span.end)) return {};
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
    signed_words.reserve(words.size());
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
      by_bit[sig == 0 ? 64 : static_cast<std::size_t>(std::countr_zero(sig))].push_back(
          static_cast<std::uint16_t>(k));
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
  if (holds_count(rest) || holds_count(s.substr(m.span.begin, m.span.end - m.span.begin)))
    return {};
  if (!has_anchor && !has_place && !has_brand && !has_builder_in_clause(info, m.span.begin) &&
      count_chars(without_sector_words(rest)) <= 1) {
    return {};
  }
  const bool has_figure = holds_digit(rest);
  const std::size_t chars = count_chars(rest);
  if (has_anchor || has_figure || (chars >= 2 && (has_place || has_brand)))
    return rest.empty() ? before : rest;
  // 项目 and 工程 also follow verbs (抓项目, 锚定项目, 破解项目): without an anchor, the words
  // before them must name a line of business (食品加工, 光伏电池), or be a name of four or more
  // characters with no verb or adverb of exhortation in it (长鑫存储).
  const bool bare_noun_head = m.head == "项目" || m.head == "工程";
  if (chars >= 3 && (!bare_noun_head || !classify_industry(rest).empty())) return rest;
  if (chars >= 4 && !holds_exhortation(rest)) return rest;
  return {};
}

bool MentionFinder::holds_exhortation(std::string_view words) {
  return std::any_of(
      std::begin(kExhortationWords), std::end(kExhortationWords),
      [&](std::string_view w) { return find_word(words, w) != std::string_view::npos; });
}

// 由X公司投资建设的新能源产业园区: a company building it earlier in the clause makes even a
// name of sector words one project.
bool MentionFinder::has_builder_in_clause(const SentenceInfo& info, std::size_t name_begin) {
  const std::string_view s = info.sentence->text;
  const Clause& clause = info.clauses()[clause_index(info, name_begin)];
  return std::any_of(info.orgs().begin(), info.orgs().end(), [&](const OrgMention& org) {
    return org.span.begin >= clause.span.begin && org.span.end <= name_begin &&
           has_role_between(s, org.span.end, name_begin);
  });
}

bool MentionFinder::weak_head_has_context(const SentenceInfo& info, const Mention& m) const {
  const std::string_view s = info.sentence->text;
  // One of several places visited (A、B、C等地) is a destination, not a project.
  if (ends_at(s, m.span.begin, "、") || starts_at(s, m.span.end, "、") ||
      starts_at(s, m.span.end, "和"))
    return false;
  const Clause& clause = info.clauses()[clause_index(info, m.span.begin)];
  // A status word right after the name (X中心建成投用) or money in the same clause.
  const std::string_view after =
      s.substr(m.span.end, std::min<std::size_t>(clause.span.end - m.span.end, ideograph_bytes(8)));
  const StatusReading reading = read_status(after);
  if (reading.status != ProjectStatus::kUnknown || reading.planned != ProjectStatus::kUnknown)
    return true;
  // Or a verb that takes it as its object right before it: 开工建设的X, 新开工X.
  const std::size_t lead_from = std::max<std::size_t>(
      clause.span.begin, m.span.begin > ideograph_bytes(8) ? m.span.begin - ideograph_bytes(8) : 0);
  std::string_view lead = s.substr(lead_from, m.span.begin - lead_from);
  if (lead.ends_with("的")) lead.remove_suffix(std::string_view("的").size());
  const StatusReading before = read_status(lead);
  if (before.status != ProjectStatus::kUnknown && before.object_first &&
      before.span.end == lead.size())
    return true;
  const std::size_t from = std::max<std::size_t>(
      clause.span.begin, m.span.begin > kContextBytes ? m.span.begin - kContextBytes : 0);
  const std::size_t to = std::min<std::size_t>(clause.span.end, m.span.end + kContextBytes);
  return !find_money(s.substr(from, to - from)).empty();
}

std::string MentionFinder::make_key(const SentenceInfo& info, const Mention& m) const {
  std::string key = key_from(info, m, /*drop_places=*/true);
  // A key that is a head word alone once its place is gone (昭通支线三期 and 临沧支线(一期) would
  // both be 支线) keeps its place: the place is then what tells the projects apart.
  if (count_chars(key) <= 2 || (ends_with_item_head(key) && count_chars(key) <= 3))
    return key_from(info, m, false);
  return key;
}

std::string MentionFinder::key_from(const SentenceInfo& info, const Mention& m,
                                    bool drop_places) const {
  const std::string_view s = info.sentence->text;
  std::size_t begin = m.span.begin;
  // Leading places and zones name where, not what: 武乡县食品产业园 and 食品产业园 are one key.
  for (bool moved = drop_places; moved;) {
    moved = false;
    for (const auto& place : info.places()) {
      if (place.span.begin == begin && place.span.end < m.span.end &&
          !inside_org(info, place.span)) {
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
void MentionFinder::find_agreements(std::size_t index, const SentenceInfo& info,
                                    std::deque<Mention>& out, std::size_t first_of_sentence) const {
  const std::string_view s = info.sentence->text;
  for (const auto& org : info.orgs()) {
    const Clause& clause = info.clauses()[clause_index(info, org.span.begin)];
    const std::string_view after = s.substr(org.span.end, clause.span.end - org.span.end);
    const bool partner = ends_at(s, org.span.begin, "与") || ends_at(s, org.span.begin, "同") ||
                         ends_at(s, org.span.begin, "和");
    std::size_t verb = std::string_view::npos;
    for (std::string_view v : {"签订", "签署", "签约"}) verb = std::min(verb, find_word(after, v));
    if (!partner || verb == std::string_view::npos || verb > ideograph_bytes(4)) continue;
    const std::size_t agreement_end = std::min(find_word(after, "协议"), find_word(after, "合同"));
    if (agreement_end == std::string_view::npos) continue;
    const std::string_view kind = after.substr(verb, agreement_end - verb);
    const auto investment = std::find_if(
        std::begin(kInvestmentAgreements), std::end(kInvestmentAgreements),
        [&](std::string_view w) { return find_word(kind, w) != std::string_view::npos; });
    if (investment == std::end(kInvestmentAgreements)) continue;
    // Already a named project of this company in the clause (与X公司签订Y项目协议)?
    const auto own = out.begin() + static_cast<std::ptrdiff_t>(first_of_sentence);
    const bool named = std::any_of(own, out.end(), [&](const Mention& m) {
      return m.sentence == index && m.kind == MentionKind::kNamed &&
             m.span.begin >= clause.span.begin && m.span.end <= clause.span.end;
    });
    if (named) continue;
    // A project named later in the sentence is what the agreement is about (签订投资协议，拟建设
    // 年产5GWh……项目): the agreement joins it rather than standing as a second project.
    // Only the very next clause, and only when it builds or invests in what it names; a project
    // named further on is another subject (……签订了入园协议，正在征地，X产业园已成为……).
    const std::size_t next = clause_index(info, org.span.begin) + 1;
    const bool named_later =
        next < info.clauses().size() && std::any_of(own, out.end(), [&](const Mention& m) {
          if (m.sentence != index || m.kind != MentionKind::kNamed ||
              clause_index(info, m.span.begin) != next)
            return false;
          const std::string_view lead = s.substr(info.clauses()[next].span.begin,
                                                 m.span.begin - info.clauses()[next].span.begin);
          return std::any_of(
              std::begin(kBuildVerbs), std::end(kBuildVerbs),
              [&](std::string_view v) { return find_word(lead, v) != std::string_view::npos; });
        });
    Mention m;
    m.sentence = index;
    m.span = org.span;
    const std::string_view kind_word =
        *investment == "项目" || *investment == "建设" ? "" : *investment;
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
bool MentionFinder::is_work_of_earlier_project(const SentenceInfo& info, std::size_t pos,
                                               const std::deque<Mention>& out,
                                               std::size_t first_of_sentence) {
  static constexpr std::string_view kWorkVerbs[] = {"建成", "新建",     "建有", "包含",
                                                    "包括", "配套建设", "建设"};
  std::string_view before = info.sentence->text.substr(0, pos);
  if (before.ends_with("了"))
    before.remove_suffix(std::string_view("了").size());  // 建成了, 建设了
  const bool verb = std::any_of(std::begin(kWorkVerbs), std::end(kWorkVerbs),
                                [&](std::string_view v) { return before.ends_with(v); });
  if (!verb) return false;
  for (auto it = out.begin() + static_cast<std::ptrdiff_t>(first_of_sentence); it != out.end();
       ++it) {
    if (it->kind == MentionKind::kNamed && it->agreement_org.empty() && it->span.end <= pos)
      return true;
  }
  return false;
}

}  // namespace investtrack::parser::projects_internal
