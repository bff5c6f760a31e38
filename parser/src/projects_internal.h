// The projects stage's internals, shared by its files (see projects.cc for the stage's steps and
// which file does which): what a sentence, a mention and a brand are, and the two classes that do
// the work, MentionFinder (finding mentions in one sentence: mention_names.cc, mention_lists.cc)
// and Extractor (one bulletin, step by step: projects.cc, project_clusters.cc,
// project_context.cc, project_facts.cc, project_records.cc). The text tests every step uses are
// project_text.h. Internal to parser/.
#pragma once

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

#include "byte_match.h"
#include "clauses.h"
#include "field_labels.h"
#include "investtrack/parser/entities.h"
#include "investtrack/parser/numbers.h"
#include "investtrack/parser/places.h"
#include "investtrack/parser/projects.h"
#include "investtrack/parser/stop.h"
#include "investtrack/parser/utf8.h"
#include "parallel.h"
#include "phrase_table.h"
#include "project_text.h"
#include "project_words.h"

namespace investtrack::parser::projects_internal {

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
      places.push_back({{static_cast<std::uint32_t>(place.span.begin),
                         static_cast<std::uint32_t>(place.span.end)},
                        static_cast<std::uint32_t>(place_candidates.size()),
                        static_cast<std::uint16_t>(place.candidates.size()),
                        place.is_zone});
      place_candidates.insert(place_candidates.end(), place.candidates.begin(),
                              place.candidates.end());
    }
  }
  // The PlaceMention Gazetteer::find() returned for entry, in the sentence it was found in.
  PlaceMention place_mention(const PlaceEntry& entry, std::string_view sentence) const {
    PlaceMention out;
    out.span = entry.span;
    const auto first = place_candidates.begin() + entry.first_candidate;
    out.candidates.assign(first, first + entry.candidate_count);
    out.is_zone = entry.is_zone;
    if (entry.is_zone)
      out.zone_name =
          std::string(sentence.substr(entry.span.begin, entry.span.end - entry.span.begin));
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
  std::span<const OrgMention> orgs() const {
    return {tables_->orgs.data() + org_begin_, org_count_};
  }
  std::span<const PlaceEntry> places() const {
    return {tables_->places.data() + place_begin_, place_count_};
  }
  std::span<const Clause> clauses() const {
    return {tables_->clauses.data() + clause_begin_, clause_count_};
  }

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
void split_clauses(std::string_view s, std::vector<Clause>& out);

inline std::size_t clause_index(const SentenceInfo& info, std::size_t pos) {
  const auto it = std::upper_bound(info.clauses().begin(), info.clauses().end(), pos,
                                   [](std::size_t p, const Clause& c) { return p < c.span.end; });
  if (it == info.clauses().end()) return info.clauses().empty() ? 0 : info.clauses().size() - 1;
  return static_cast<std::size_t>(it - info.clauses().begin());
}

inline bool inside_org(const SentenceInfo& info, Span span) {
  return std::any_of(info.orgs().begin(), info.orgs().end(), [&](const OrgMention& o) {
    return span.begin >= o.span.begin && span.end <= o.span.end;
  });
}

// ---------------------------------------------------------------------------------------------
// Brands: the short names companies go by. 一道新能源科技(衢州)有限公司 -> 一道新能源;
// 江苏维扬豆制品有限公司 -> 维扬豆制品. Used to recognise 晶科项目 as 晶科能源's project.

inline constexpr std::string_view kOrgSuffixes[] = {"股份有限公司", "有限责任公司", "集团有限公司",
                                                    "有限公司",     "分公司",       "集团",
                                                    "公司",         "研究院",       "研究所"};

inline constexpr std::string_view kOrgFillers[] = {"科技", "实业", "发展", "控股", "股份",
                                                   "集团", "投资", "建设", "工程", "新材料",
                                                   "技术", "国际", "中国", "山西", "有限"};

inline std::string strip_parenthesised(std::string s) {
  for (std::size_t open = s.find('('); open != std::string::npos; open = s.find('(')) {
    const std::size_t close = s.find(')', open);
    if (close == std::string::npos) break;
    s.erase(open, close - open + 1);
  }
  return s;
}

// ---------------------------------------------------------------------------------------------
// Mentions.

inline std::string_view head_family(std::string_view head) {
  for (std::string_view park :
       {"产业园区", "产业园", "工业园区", "工业园", "园区", "物流园", "科技园"}) {
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
  Span span;               // in the sentence
  std::string_view name;   // normalized
  std::string key;         // for clustering: no place prefix, quotes, phases or trailing 项目
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
std::optional<Span> introduced_alias(std::string_view text, std::size_t name_end);

struct Brand {
  std::string text;
  std::size_t first_sentence = 0;
};

// Where a line's text starts after its number: 1. / 1、 / (1) / （一） / 一是.
std::size_t after_line_number(std::string_view s);

// Whether a sentence opens a paragraph that is a line of a list laid out as lines.
enum class LineItem { kNone, kNumbered, kUnderHeading };

class MentionFinder {
 public:
  // agreement_names keeps the names made for agreements (X公司入园项目), which mentions view.
  // list_categories gets, for each list found (by its group number), the words after its 等 or
  // copula that classify its items (等4个怀柔科学城领域重大项目), empty when there are none.
  MentionFinder(const Gazetteer& gazetteer, const std::vector<Brand>& brands,
                std::deque<std::string>& agreement_names, std::vector<Span>& list_categories)
      : gazetteer_(gazetteer),
        brands_(brands),
        agreement_names_(agreement_names),
        list_categories_(list_categories) {}

  void find(std::size_t index, const SentenceInfo& info, std::deque<Mention>& out,
            LineItem line_item = LineItem::kNone) const;

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

  std::optional<Mention> read_named(std::size_t index, const SentenceInfo& info,
                                    std::size_t head_pos, const HeadWord& head,
                                    std::size_t previous_end) const;

  static bool names_a_route(std::string_view words);
  static std::size_t route_section_end(std::string_view s, std::size_t head_end,
                                       std::size_t clause_end, std::string_view head);

  std::size_t extend_left(const SentenceInfo& info, std::size_t from, std::size_t limit,
                          std::size_t max_chars) const;
  static bool ends_with_build_verb(std::string_view s, std::size_t pos, std::size_t limit);
  static bool walks_left_over_bracket(char c, int& open_parens);
  static std::size_t after_person_titles(std::string_view s, std::size_t begin, std::size_t end);
  static bool anchored_before(const SentenceInfo& info, std::size_t pos, std::size_t limit);
  static bool looks_like_quoted_name(std::string_view quoted);
  static bool is_numbered_slogan(std::string_view quoted);
  static bool ends_with_stop(std::string_view s, std::size_t pos, std::size_t limit);
  std::optional<std::size_t> first_anchor(const SentenceInfo& info, std::size_t begin,
                                          std::size_t end) const;
  static bool strong_head_follows(std::string_view s, std::size_t from);
  static std::size_t skip_leading_junk(std::string_view s, std::size_t begin, std::size_t limit);
  static std::string without_dates(std::string text);
  static bool is_locative(const SentenceInfo& info, std::size_t name_begin);
  static bool is_aim(std::string_view s, std::size_t clause_begin, std::size_t name_begin);
  static bool is_copula_predicate(std::string_view s, std::size_t clause_begin,
                                  std::size_t name_begin);
  static bool is_anaphor(std::string_view before_head);
  std::string distinctive_core(const SentenceInfo& info, const Mention& m,
                               std::size_t head_pos) const;
  static bool has_builder_in_clause(const SentenceInfo& info, std::size_t name_begin);
  bool weak_head_has_context(const SentenceInfo& info, const Mention& m) const;
  std::string make_key(const SentenceInfo& info, const Mention& m) const;
  std::string key_from(const SentenceInfo& info, const Mention& m, bool drop_places) const;
  void find_agreements(std::size_t index, const SentenceInfo& info, std::deque<Mention>& out,
                       std::size_t first_of_sentence) const;

  static bool is_work_of_earlier_project(const SentenceInfo& info, std::size_t pos,
                                         const std::deque<Mention>& out,
                                         std::size_t first_of_sentence);

  // ---- Lists: 京沪高速铁路、京石客运专线、山海关造船等一批重大项目开工建设. The items of a list
  // of projects often have no head word at all, so they are read from the list's own marks: 、
  // between items, a trigger (分别为, 主要有, 安排) or the clause's start before the first, 等 or
  // the clause's end after the last.

  static constexpr std::string_view kEnumerationMark = "、";

  static bool is_numbering(std::string_view segment);
  static std::string_view item_head_of(std::string_view item);
  static bool ends_with_item_head(std::string_view item);
  std::size_t first_item_begin(const SentenceInfo& info, std::size_t clause_begin,
                               std::size_t item_end) const;
  static bool is_item_joiner(std::string_view stop);
  static const PhraseTable& list_introducers();
  static bool follows_visit_verb(std::string_view s, std::size_t pos);
  static const PhraseTable& list_triggers();
  static std::size_t last_item_end(std::string_view s, std::size_t begin, std::size_t clause_end);
  static bool etc_is_neutral(std::string_view s, std::size_t etc, std::size_t clause_end);
  static std::size_t category_after(std::string_view s, std::size_t from, std::size_t clause_end);
  static bool holds_count(std::string_view text);
  // head_anchors: whether a head word counts (false for an item whose head belongs to another
  // word).
  bool is_anchored_item(const SentenceInfo& info, Span item, bool head_anchors = true) const;
  static bool is_body_or_occasion(std::string_view item);
  // Whether words hold a verb or adverb of exhortation (抓, 推进, 做好 ...): 抓项目 is no name.
  static bool holds_exhortation(std::string_view words);
  static bool is_field_label(std::string_view s, Span item);
  // Whether a place's name covers the whole item (钦州, 来宾 when the gazetteer knows it).
  static bool is_place_alone(const SentenceInfo& info, Span item);
  static bool ends_with_sector_word_over(std::string_view text, std::string_view head);
  static bool opens_with_large_numeral(std::string_view text);
  static bool opens_with_counted_part(std::string_view name);
  bool is_item_name(const SentenceInfo& info, Span item) const;

  // What one list of a clause is made of: its items, and the words after them that classify
  // them (等4个轨道交通重大项目, 为省上开工项目), if any.
  struct ListShape {
    std::vector<Span> items;
    std::size_t etc = std::string_view::npos;  // its 等, if it has one
    std::size_t category_end =
        std::string_view::npos;  // end of the classifying words saying "projects"
    std::size_t end = 0;         // where the next list of the clause may start
  };

  std::optional<ListShape> read_list_shape(const SentenceInfo& info, Span span) const;
  static Span trimmed_item(std::string_view s, Span item);
  bool is_list_of_projects(const SentenceInfo& info, Span clause, const ListShape& list) const;
  void add_list_mentions(std::size_t index, const SentenceInfo& info, const ListShape& list,
                         std::deque<Mention>& out, std::size_t first_of_sentence) const;

  static bool lists_works(const SentenceInfo& info, Span clause, const ListShape& list);
  static bool lists_fields(std::string_view s, const ListShape& list);
  void find_lists(std::size_t index, const SentenceInfo& info, Span clause,
                  std::deque<Mention>& out, std::size_t first_of_sentence) const;

  // ---- Lists laid out as lines: `3. 某某公司固废处理中心，待农作物收割后方可进地施工。` or, under
  // `华龙区1个：`, `新天龙市场，未开工原因是……`. The line's first clause, after its number, names
  // the project when it reads as a name and states nothing itself.

  void find_line_item(std::size_t index, const SentenceInfo& info, std::deque<Mention>& out,
                      std::size_t first_of_sentence, bool under_heading) const;

  void replace_with_item(std::size_t index, const SentenceInfo& info, Span item,
                         std::deque<Mention>& out, std::size_t first_of_sentence) const;

  // ---- A notice's record names its project in a field: `项目名称：太原市第二污水处理厂提标改造`.
  // The label says the value is a name, so it needs no head word.

  void find_named_field(std::size_t index, const SentenceInfo& info, std::deque<Mention>& out,
                        std::size_t first_of_sentence) const;

  // ---- Tables flattened into text: `12 | 某某研发中心 | 在建 |`. A row numbered in its first cell
  // names a project in the next cell; its status, when the table gives one, is the next clause.

  static bool is_row_number(std::string_view cell);
  void find_table_rows(std::size_t index, const SentenceInfo& info, std::deque<Mention>& out,
                       std::size_t first_of_sentence) const;

  Mention item_mention(std::size_t index, const SentenceInfo& info, Span item,
                       std::int32_t group) const;
  static bool is_company_alone(std::string_view text);
  static std::size_t known_company_ending_at(std::string_view s, std::size_t pos,
                                             std::size_t limit);
  bool joins_lines_of_business(const SentenceInfo& info, std::size_t pos, std::size_t head,
                               std::size_t limit) const;
  static std::string_view brand_prefix(std::string_view brand);
  static std::vector<std::string_view> brand_prefixes_of(const std::vector<Brand>& brands);
  static std::size_t first_word_of(const PhraseTable& table, std::string_view text);
  std::size_t first_brand_prefix(std::string_view text) const;
  std::size_t first_brand(std::string_view text) const;

  const Gazetteer& gazetteer_;
  const std::vector<Brand>& brands_;
  std::deque<std::string>& agreement_names_;
  std::vector<Span>& list_categories_;
  // distinctive_core()'s list of generic words to test, kept to reuse its buffer (a finder belongs
  // to one extraction, on one thread).
  mutable std::vector<std::uint16_t> generic_candidates_;
  std::vector<std::string_view> brand_prefix_words_ =
      brand_prefixes_of(brands_);  // views of brands_
  // On the heap: a PhraseTable is about 200 KiB, too much for a thread's stack.
  std::unique_ptr<const PhraseTable> brand_prefixes_ =
      std::make_unique<const PhraseTable>(brand_prefix_words_);
};

// ---------------------------------------------------------------------------------------------
// Clustering.

class DisjointSets {
 public:
  explicit DisjointSets(std::size_t n) : parent_(n) {
    std::iota(parent_.begin(), parent_.end(), 0);
  }
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

// ---------------------------------------------------------------------------------------------
// Assembly.

// How far the works a name describes reach, for where they are.
enum class RouteReach { kNotARoute, kOnePlace, kOneCity, kCities, kProvinces };

struct ProjectBuilder {
  Project project;
  bool named_by_agreement = false;
  int status_rank = 0;
  std::set<std::string> aliases;
  std::set<std::string> orgs;
  std::set<std::string> evidence_keys;
  std::vector<PlaceMention> name_places;
  // Its name holds a county's short name out of the article's province (镇巴至广安高速公路 in a
  // Sichuan bulletin): not its place, but a sign that a route leaves the province.
  bool names_place_out_of_province = false;
  std::vector<PlaceMention> clause_places;
  // Places inside the names of its companies (乳山山水水泥有限公司): where the company is
  // registered, the project's place only when nothing else says where it is.
  std::vector<PlaceMention> company_places;
  // Places in the words that classify the list it is an item of (等4个怀柔科学城领域重大项目).
  std::vector<PlaceMention> list_places;
  IndustryTally industry;  // the names and sentences of its mentions, as read
  Location context;
  std::size_t first_sentence =
      0;  // where it was first named: the section and article it belongs to
  ProjectStatus planned = ProjectStatus::kUnknown;  // the latest stage its text plans
  std::string planned_phrase;
};

// Words of a headline or section opening that present projects as a list of plans: 重点项目清单,
// 名单, 计划表, 出炉, 在列.
inline constexpr std::string_view kListOfPlansWords[] = {"清单", "名单", "计划表",
                                                         "出炉", "在列", "项目库"};

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
  Extractor(const NormalizedText& text, const std::vector<Article>& articles,
            const CivilDate& base_date, std::vector<Warning>& warnings, int threads,
            const std::function<bool()>& should_stop, const WhileIdle& while_idle)
      : should_stop_(should_stop),
        while_idle_(while_idle),
        text_(text),
        articles_(articles),
        base_date_(base_date),
        warnings_(warnings),
        gazetteer_(Gazetteer::instance()),
        parallel_(threads > 1 && sentence_bytes(articles) >= kParallelFromBytes) {}

  // Below this much sentence text a second thread costs more to start (three times, about 0.1 ms
  // in all) than it saves: a short bulletin is read on the calling thread alone.
  static constexpr std::size_t kParallelFromBytes = 64 << 10;
  // find_mentions() hands out the sentences in pieces of about this much text: a few milliseconds
  // each, so the two threads end within about one piece of each other.
  static constexpr std::size_t kMentionPieceBytes = 64 << 10;

  static std::size_t sentence_bytes(const std::vector<Article>& articles);
  std::vector<Project> run();

 private:
  class ReadingsAhead;

  std::vector<std::optional<std::size_t>> read_sentences();
  void take_readings(ReadingsAhead& ahead, std::vector<std::optional<std::size_t>>& first_read);

  void finish_read_sentences(const std::vector<std::optional<std::size_t>>& first_read);
  void place_articles_before_their_lists();
  Location context_of(const Article& article, const SentenceInfo* first_read,
                      std::size_t until = std::string_view::npos) const;

  const std::string& brand_of_org(const std::string& org);
  void collect_brands();

  struct MentionFinderStops {
    static bool ends_with_stop(std::string_view s, std::size_t pos) {
      return left_stops().longest_ending_at(s, pos) >= 0 ||
             is_clause_break(s, utf8_previous(s, pos));
    }
  };

  void find_mentions();
  void find_mentions_in(const MentionFinder& finder, std::size_t from, std::size_t to,
                        std::deque<Mention>& out) const;

  // By sentence (kMayNeedFacts): whether a mention stands in it or before it in its paragraph.
  // read_facts() reads a sentence only when a project is in focus or named there, and focus starts
  // at a mention and ends with the paragraph, so these are all the sentences it may read.
  //
  // Also by sentence (kHoldsUngrouped): whether it holds a mention that is no list item, whose
  // project read_facts() gives the whole sentence's industry keywords.
  static constexpr std::uint8_t kMayNeedFacts = 1;
  static constexpr std::uint8_t kHoldsUngrouped = 2;
  std::vector<std::uint8_t> sentences_after_a_mention() const;
  void read_facts_ahead(const std::vector<std::uint8_t>& may_need, std::atomic<std::size_t>& next);
  SentenceFacts take_facts(std::size_t i);

  // Words that, right after a place, make it the start of a company's or brand's name (宁德时代,
  // 青岛啤酒, 洛阳钼业, 山西建工): the place is where the company comes from.
  static constexpr std::string_view kBrandWords[] = {
      "时代",     "啤酒", "钼业", "银行",   "集团", "股份", "钢铁", "汽车", "重工",
      "化工",     "能源", "电力", "港务",   "建工", "医药", "制药", "水泥", "纺织",
      "电气",     "电子", "控股", "城投",   "交投", "矿业", "煤业", "石化", "铝业",
      "机场集团", "燃气", "水务", "农商行", "证券", "保险", "乳业", "食品", "药业"};

  static bool opens_company(std::string_view s, std::size_t place_end);
  static bool is_where_said(std::string_view s, std::size_t place_begin, std::size_t name_end,
                            const std::vector<const Mention*>& in_sentence);

  static bool only_the_list_between(std::string_view s, std::size_t from, std::size_t to,
                                    const std::vector<const Mention*>& in_sentence);

  static bool opens_brand(std::string_view s, std::size_t place_end, std::size_t name_end);
  static std::string_view province_digits(const Location& location);
  bool is_short_name_out_of_province(const PlaceEntry& place, std::string_view sentence,
                                     const Location& context) const;
  const std::vector<PlaceMention>& category_places(std::int32_t group, const SentenceInfo& info,
                                                   const Location& context);
  void find_places_from_word_start(std::string_view text, const Location& context,
                                   std::vector<PlaceMention>& out) const;
  LineItem opens_line_item(std::size_t i) const;
  bool is_under_heading(std::size_t i) const;
  bool is_heading_line(const SentenceInfo& info) const;
  void add_linked_brands(const Mention& m, std::vector<std::string_view>& out);
  void join_introduced_aliases();
  void cluster();
  bool same_project_in_article(const Mention& a, std::size_t ia, const Mention& b,
                               std::size_t ib) const;
  bool has_own_company(const Mention& m) const;
  void add_brands_shortened_by(const Mention& m, std::vector<std::string_view>& out) const;
  bool is_brand_short_form(const Mention& shortform, std::size_t shortform_index,
                           const Mention& full) const;
  static bool names_another_subject(std::string_view s, std::size_t from, std::size_t pos);
  const Mention* first_item_introduced_after(std::size_t sentence, std::size_t clause,
                                             const std::vector<const Mention*>& in_sentence) const;
  int target_cluster(std::size_t sentence, std::size_t pos, bool object_first, int focus,
                     const std::vector<const Mention*>& in_sentence) const;
  static bool counts_projects(std::string_view s);

  static Span display_span(const SentenceInfo& info, const Mention& m);
  ProjectBuilder& builder(int cluster);
  Evidence evidence_for(const std::string& field, std::size_t sentence) const;
  void add_evidence(ProjectBuilder& b, const std::string& field, std::size_t sentence);
  std::string original_of(const Sentence& s, Span span) const;

  // What attribute_names() reads of a named mention's own words: the name as the article writes it
  // and the other name it introduces (X（以下简称“Y”）), both in the original text, and the name
  // in simplified characters when the article wrote it in traditional ones. Pure readings of the
  // sentence, so they may be read ahead on another thread.
  struct NameReading {
    std::string display;
    std::optional<std::string> alias;
    std::optional<std::string> simplified;
  };

  NameReading read_name(const Mention& m) const;
  void free_mention_keys(const std::atomic<bool>& stop);

  // What finish() does not read (everything but the builders, the sentences and the context
  // stages), in two parts that can be freed on two threads at once.
  template <typename T>
  static void free_now(T& member) {
    [[maybe_unused]] const T freed = std::move(member);
  }
  void free_mentions_and_tables();
  void free_sentence_readings();
  NameReading take_name(std::size_t k, const Mention& m);
  void read_names_ahead(const std::atomic<bool>& stop);
  void attribute_names();
  void attribute_facts();
  SentenceStatuses read_clause_statuses(std::size_t i,
                                        const std::vector<const Mention*>& in_sentence,
                                        std::string& masked_clause) const;

  SentenceStatuses take_statuses(std::size_t i, const std::vector<const Mention*>& in_sentence);
  void read_statuses_ahead(const std::atomic<bool>& stop);
  void read_facts(std::size_t i, int focus, const std::vector<const Mention*>& in_sentence);
  void find_project_code(std::size_t i, int focus, const std::vector<const Mention*>& in_sentence);
  static int list_item_modified_at(std::string_view s, std::size_t pos,
                                   const std::vector<const Mention*>& in_sentence);
  const Mention* list_item_outside(std::size_t sentence, int target, std::size_t pos,
                                   const std::vector<const Mention*>& in_sentence) const;

  static bool speaks_of_list_before(std::string_view clause);

  template <typename Apply>
  bool for_each_target(std::size_t sentence, int target, std::size_t pos,
                       const std::vector<const Mention*>& in_sentence,
                       const std::set<int>& own_stage, Apply&& apply) const;

  static std::vector<Span> clause_parts(Span clause,
                                        const std::vector<const Mention*>& in_sentence);
  bool is_shared_by_list(std::size_t sentence, int target, std::size_t pos,
                         const std::vector<const Mention*>& in_sentence) const;
  static std::string_view phase_at(const std::vector<const Mention*>& in_sentence, Span clause);
  StatusReading as_read_in_article(const StatusReading& reading, std::size_t sentence) const;
  void apply_status(ProjectBuilder& b, const StatusReading& read, std::optional<CivilDate> date,
                    std::size_t sentence, std::string_view phase);

  void apply_plan(ProjectBuilder& b, const StatusReading& reading, std::optional<CivilDate> date);
  static void add_date(ProjectBuilder& b, const std::string& kind, const CivilDate& date);
  void read_context_statuses();
  void apply_context_status(ProjectBuilder& b);
  static bool is_intercity_works(std::string_view name);
  static const Division* candidate_in_province(const PlaceMention& place,
                                               std::string_view province);
  RouteReach route_reach(std::string_view name, const ProjectBuilder& b) const;
  void read_section_places();
  std::vector<Project> finish();
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
  std::vector<std::optional<std::size_t>>
      first_read_;                             // by article: its first sentence in sentences_
  std::vector<StatusReading> article_status_;  // by article
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
  // By sentence: its clause stages read ahead of attribute_facts(), for sentences below
  // statuses_ready_.
  std::vector<SentenceStatuses> statuses_ahead_;
  std::atomic<std::size_t> statuses_ready_{0};
  std::vector<Span> list_categories_;  // by list (Mention::group), in the list's sentence
  std::vector<std::optional<std::vector<PlaceMention>>> category_places_;  // by list, once read
  std::vector<std::optional<Location>>
      section_place_;  // by sentence: the place its section heading names
  // What the pair tests of cluster() read of each named mention, computed once.
  struct PairTraits {
    int family = 0;               // head_family() of its head, as a number
    bool generic_family = false;  // 项目 or 工程, the head of any project
    std::size_t key_chars = 0;
    std::uint64_t key_signature = 0;   // char_signature() of its key
    bool own_company = false;          // a company's name inside its own
    std::string figures;               // figures_of() its key
    std::uint64_t bare_signature = 0;  // char_signature() of its key without figures
  };
  std::vector<PairTraits> pair_traits_;  // by mention index
  ListsPerMention linked_brands_;        // views of brand_by_org_'s values
  ListsPerMention short_form_brands_;    // views of brands_
  std::map<int, ProjectBuilder> builders_;
  std::string masked_clause_;  // reused so each clause with a company costs no allocation
  std::map<std::string, std::string, std::less<>> brand_by_org_;  // brand_of() per distinct name
};

}  // namespace investtrack::parser::projects_internal
