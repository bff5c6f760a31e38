// Context read once per bulletin before facts are attributed: the status an article's headline,
// lead or a section opening states, the place its headline, dateline or a section heading names,
// whether a place opens a company's or brand's name, and which lines sit under a heading. Step 4 of
// the projects stage (see projects.cc).
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

}  // namespace

// A place that starts a company's name outside a project name (宁德时代投资的…): the company's
// home, not where the project is.
bool Extractor::opens_company(std::string_view s, std::size_t place_end) {
  for (std::string_view w : kBrandWords) {
    if (starts_at(s, place_end, w)) return true;
  }
  return false;
}

// Whether the place after a project's name is where the project is: after a verb of location
// (落户, 位于, ...) anywhere in the clause, or after 在 that follows the name or the list it ends
// (X项目在洛阳开工; X项目、Y项目等11个项目在舞阳县集中开工); 在 after other words mostly places
// something else (X项目签约仪式在北京举行).
bool Extractor::is_where_said(std::string_view s, std::size_t place_begin, std::size_t name_end,
                              const std::vector<const Mention*>& in_sentence) {
  static constexpr std::string_view kWhere[] = {"落户", "落地", "位于", "选址", "落户于", "落地于"};
  for (std::string_view w : kWhere) {
    if (ends_at(s, place_begin, w)) return true;
  }
  if (!ends_at(s, place_begin, "在")) return false;
  return only_the_list_between(s, name_end, place_begin - std::string_view("在").size(),
                               in_sentence);
}

// Whether s[from, to) holds nothing but more items of a list and its close (、Y项目, 等11个项目).
bool Extractor::only_the_list_between(std::string_view s, std::size_t from, std::size_t to,
                                      const std::vector<const Mention*>& in_sentence) {
  // Longer words first: 项目 before 项.
  static constexpr std::string_view kListGlue[] = {
      "项目", "重点", "、", "，", "和", "及", "与", "等", "个", "项", "批",
      "0",    "1",    "2",  "3",  "4",  "5",  "6",  "7",  "8",  "9",  "一",
      "二",   "三",   "四", "五", "六", "七", "八", "九", "十", "百"};
  std::size_t at = from;
  while (at < to) {
    const auto item = std::find_if(in_sentence.begin(), in_sentence.end(), [&](const Mention* m) {
      return m->span.begin == at && m->span.end <= to;
    });
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
bool Extractor::opens_brand(std::string_view s, std::size_t place_end, std::size_t name_end) {
  for (std::string_view w : kBrandWords) {
    if (starts_at(s, place_end, w) && place_end + w.size() + ideograph_bytes(2) <= name_end)
      return true;
  }
  return false;
}

// A county's short name that would put a project outside the province its article is about
// (三都澳大黄鱼产业园 in a 宁德 article: 三都澳 is a bay, not 贵州's 三都县) is another word. Full
// names (三都水族自治县) and provinces themselves stand.
// The two digits of GB/T 2260 that name the province a location is in; empty when unknown.
std::string_view Extractor::province_digits(const Location& location) {
  return location.division_code.size() >= 2 ? std::string_view(location.division_code).substr(0, 2)
                                            : std::string_view();
}

bool Extractor::is_short_name_out_of_province(const PlaceEntry& place, std::string_view sentence,
                                              const Location& context) const {
  const std::string_view province = province_digits(context);
  if (province.empty() || place.is_zone || place.candidate_count == 0) return false;
  const std::string_view written =
      sentence.substr(place.span.begin, place.span.end - place.span.begin);
  const auto first = tables_.place_candidates.begin() + place.first_candidate;
  const auto last = first + place.candidate_count;
  // Only counties' short names are that ambiguous; a city's (洛阳, 西安) is read as the city.
  return std::all_of(first, last, [&](const Division* d) {
    return d->level == DivisionLevel::kCounty && !std::string_view(d->code).starts_with(province) &&
           d->name != written;
  });
}

// The places of a list's category (等4个怀柔科学城领域重大项目), read once for all its items:
// those the sentence's reading found there, else those read from the category's own start.
// context is the first item's; the items of one list share it.
const std::vector<PlaceMention>& Extractor::category_places(std::int32_t group,
                                                            const SentenceInfo& info,
                                                            const Location& context) {
  auto& cached = category_places_[static_cast<std::size_t>(group)];
  if (cached) return *cached;
  cached.emplace();
  const Span category = list_categories_[static_cast<std::size_t>(group)];
  if (category.end <= category.begin) return *cached;
  const std::string_view s = info.sentence->text;
  for (const auto& place : info.places()) {
    if (place.span.begin >= category.begin && place.span.end <= category.end)
      cached->push_back(tables_.place_mention(place, s));
  }
  if (cached->empty()) {
    std::size_t from = category.begin + std::string_view("等").size();
    while (from < category.end && (std::isdigit(static_cast<unsigned char>(s[from])) ||
                                   starts_at(s, from, "个") || starts_at(s, from, "项"))) {
      from = utf8_next(s, from);
    }
    find_places_from_word_start(s.substr(from, category.end - from), context, *cached);
  }
  return *cached;
}

// Of a place's namesakes (长宁: 上海市长宁区, 宜宾市长宁县), the first in the province (the
// two digits of province_digits; any when empty), or null.
const Division* Extractor::candidate_in_province(const PlaceMention& place,
                                                 std::string_view province) {
  const auto found =
      std::find_if(place.candidates.begin(), place.candidates.end(), [&](const Division* d) {
        return province.empty() || std::string_view(d->code).starts_with(province);
      });
  return found != place.candidates.end() ? *found : nullptr;
}

// Only places in the article's own province count: read from a word start, a short name is
// more often something else (黄平西侧路 in Beijing is a street, not 黄平县 of Guizhou).
void Extractor::find_places_from_word_start(std::string_view text, const Location& context,
                                            std::vector<PlaceMention>& out) const {
  const std::string_view province = province_digits(context);
  for (auto& place : gazetteer_.find(text)) {
    if (candidate_in_province(place, province) != nullptr) out.push_back(std::move(place));
  }
}

// Whether sentence i opens a paragraph that is a line of a list: numbered (1. / （一） / 一是),
// or right under a short heading line that ends with a colon (濮阳县4个：).
LineItem Extractor::opens_line_item(std::size_t i) const {
  const auto& info = sentences_[i];
  if (i > 0 && sentences_[i - 1].article == info.article &&
      sentences_[i - 1].paragraph == info.paragraph) {
    return LineItem::kNone;
  }
  if (is_under_heading(i)) return LineItem::kUnderHeading;
  const std::string_view s = info.sentence->text;
  return after_line_number(s) != trim_left(s, 0, s.size()) ? LineItem::kNumbered : LineItem::kNone;
}

// Whether the paragraph sentence i opens is one of the short lines under a heading line: the
// paragraphs between them are all short lines of one sentence (长垣市2个： then a line per
// project).
bool Extractor::is_under_heading(std::size_t i) const {
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
bool Extractor::is_heading_line(const SentenceInfo& info) const {
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

// The status each section (paragraph) opening and each article's headline or first sentence
// states for the projects under it. A section opening counts only when it names no project
// itself (一批重大标志性工程建成投产。), or its status would be that project's alone.
void Extractor::read_context_statuses() {
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
    if (reading.status != ProjectStatus::kUnknown)
      section_status_.emplace(std::make_pair(article, paragraph), std::move(reading));
  }
}

// A project whose own sentences state no stage takes what its plans imply, else its section's
// status, else its article's.
void Extractor::apply_context_status(ProjectBuilder& b) {
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

// Whether a name is of works that run between places: a railway, a highway, a grid link, and
// not a facility on one (高铁站, 铁路物流园).
bool Extractor::is_intercity_works(std::string_view name) {
  std::size_t after = std::string_view::npos;
  for (std::string_view w : kIntercityWorks) {
    const std::size_t p = rfind_word(name, w);
    if (p != std::string_view::npos && (after == std::string_view::npos || p + w.size() > after))
      after = p + w.size();
  }
  if (after == std::string_view::npos) return false;
  const std::string_view rest = name.substr(after);
  return std::none_of(
      std::begin(kFacilityAfterWorks), std::end(kFacilityAfterWorks),
      [&](std::string_view w) { return find_word(rest, w) != std::string_view::npos; });
}

// How far a road, railway or line from one place to another reaches (兰州至合作铁路,
// 衡阳—南宁公路(龙胜至融安段)): it lies in no one city unless all its ends are in the same one
// (罗城至宜州段), in no one county unless it names one place only, and in no one province when
// its ends are in several.
RouteReach Extractor::route_reach(std::string_view name, const ProjectBuilder& b) const {
  if (find_word(name, "至") == std::string_view::npos &&
      find_word(name, "—") == std::string_view::npos &&
      find_word(name, "-") == std::string_view::npos) {
    return RouteReach::kNotARoute;
  }
  const std::string_view province = province_digits(b.context);
  bool other_province = b.names_place_out_of_province;
  std::set<std::string_view> cities, counties;
  auto add = [&](const Division* d) {
    if (!province.empty() && !std::string_view(d->code).starts_with(province))
      other_province = true;
    if (d->level == DivisionLevel::kProvince) return;
    cities.insert(d->level == DivisionLevel::kCounty ? d->parent_code : d->code);
    if (d->level == DivisionLevel::kCounty) counties.insert(d->code);
  };
  // Of a short name's namesakes, the one in the province.
  auto add_place = [&](const PlaceMention& place) {
    if (place.is_zone || place.candidates.empty()) return;
    const Division* in_province = candidate_in_province(place, province);
    add(in_province != nullptr ? in_province : place.candidates.front());
  };
  for (const auto& place : b.name_places) add_place(place);
  // A section starts a word after its route's head (隆黄铁路|隆昌至叙永段), where the reading of
  // the sentence, which wants a word boundary before a county's short name, passed it by.
  for (std::string_view head : kRouteHeads) {
    const std::size_t at = find_word(name, head);
    if (at == std::string_view::npos) continue;
    for (const auto& place : gazetteer_.find(name.substr(at + head.size()))) {
      if (place.span.begin == 0) add_place(place);
    }
  }
  if (other_province) return RouteReach::kProvinces;
  if (cities.size() != 1) return RouteReach::kCities;
  // A city named with one of its counties (临沧沧源-……) is no second end.
  return counties.size() <= 1 ? RouteReach::kOnePlace : RouteReach::kOneCity;
}

// The place a section heading names for the sentences under it, within its paragraph:
// 泸州:67个项目集中开工。其中…… The heading is a place alone before a colon.
void Extractor::read_section_places() {
  section_place_.assign(sentences_.size(), std::nullopt);
  std::optional<Location> current;  // from a heading inside the paragraph (泸州:67个项目……)
  std::optional<Location> heading;  // from a heading line (濮阳县4个：), for the lines under it
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
          named =
              gazetteer_.resolve({tables_.place_mention(place, s)}, article_context_[info.article]);
          break;
        }
      }
      if (!named && heading && !heading->city.empty()) {
        named = gazetteer_.resolve({}, Location{heading->province, heading->city, "", "", ""});
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
      const bool opens_section =
          place.span.begin == begin && place.span.end == first.end && first.end < s.size() &&
          (s[first.end] == ':' || starts_at(s, first.end, "：")) && !place.is_zone;
      if (opens_section)
        current =
            gazetteer_.resolve({tables_.place_mention(place, s)}, article_context_[info.article]);
    }
    section_place_[i] = current ? current : heading;
  }
}

}  // namespace investtrack::parser::projects_internal
