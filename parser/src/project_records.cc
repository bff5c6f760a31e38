// Records: a project's builder, its names and their places, the evidence sentences, and the
// finished Project with its status and place defaulting from its section and article. Step 6 of the
// projects stage (see projects.cc).
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

std::string phrase_key(const Evidence& e) { return e.field + "\x1f" + e.sentence; }

// `original` with the ideographs of `folded` (the same words as the rules read them: script and
// width folded) where the two differ: 港珠澳大橋（二期） -> 港珠澳大桥（二期）, punctuation and
// width as written. nullopt when no ideograph differs or the two do not align character for
// character. A register's users search in simplified characters; a name kept only in traditional
// ones would not be found.
std::optional<std::string> in_simplified_script(std::string_view original,
                                                std::string_view folded) {
  if (original == folded) return std::nullopt;
  constexpr char32_t kFirstIdeograph = 0x3400;
  std::string out;
  out.reserve(original.size());
  bool changed = false;
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < original.size() && j < folded.size()) {
    const CodePoint a = decode_utf8_at(original, i);
    const CodePoint b = decode_utf8_at(folded, j);
    if (a.value != b.value && a.value >= kFirstIdeograph && b.value >= kFirstIdeograph) {
      out.append(folded.substr(j, b.length));
      changed = true;
    } else {
      out.append(original.substr(i, a.length));
    }
    i += a.length;
    j += b.length;
  }
  if (!changed || i != original.size() || j != folded.size()) return std::nullopt;
  return out;
}

}  // namespace

// A development zone written before a company's project (忻州经济开发区一道新能源……基地) says
// where, not what: the name starts after it, the zone goes to the location.
Span Extractor::display_span(const SentenceInfo& info, const Mention& m) {
  for (const auto& place : info.places()) {
    if (!place.is_zone || place.span.begin != m.span.begin || place.span.end >= m.span.end)
      continue;
    const bool company_follows =
        std::any_of(info.orgs().begin(), info.orgs().end(),
                    [&](const OrgMention& o) { return o.span.begin == place.span.end; });
    const std::string_view rest_text =
        info.sentence->text.substr(place.span.end, m.span.end - place.span.end);
    // 综合保税区(一期): a bracket after the zone qualifies the zone, which is then the project.
    if (rest_text.starts_with("(")) continue;
    const std::size_t rest = count_chars(rest_text);
    if (company_follows || rest >= 6) return {place.span.end, m.span.end};
  }
  return m.span;
}

ProjectBuilder& Extractor::builder(int cluster) {
  auto [it, inserted] = builders_.try_emplace(cluster);
  return it->second;
}

Evidence Extractor::evidence_for(const std::string& field, std::size_t sentence) const {
  const Sentence& s = *sentences_[sentence].sentence;
  Evidence e;
  e.field = field;
  e.sentence = original_of(s, {0, s.text.size()});
  if (!s.pieces.empty()) {
    e.span = {text_.to_original(s.pieces.front().begin), text_.to_original(s.pieces.back().end)};
  }
  return e;
}

void Extractor::add_evidence(ProjectBuilder& b, const std::string& field, std::size_t sentence) {
  Evidence e = evidence_for(field, sentence);
  if (b.evidence_keys.insert(phrase_key(e)).second) b.project.evidence.push_back(std::move(e));
}

// A span of a sentence in the article's own writing (traditional characters, full-width digits
// kept), read through the sentence's pieces and the normalization map.
std::string Extractor::original_of(const Sentence& s, Span span) const {
  std::string out;
  std::size_t offset = 0;
  for (const auto& piece : s.pieces) {
    const std::size_t len = piece.end - piece.begin;
    const std::size_t b = std::max(span.begin, offset);
    const std::size_t e = std::min(span.end, offset + len);
    if (b < e) {
      const std::size_t ob = text_.to_original(piece.begin + (b - offset));
      const std::size_t oe = text_.to_original(piece.begin + (e - offset));
      if (ob <= oe && oe <= text_.original().size())
        out.append(text_.original().substr(ob, oe - ob));
    }
    offset += len;
  }
  if (offset != s.text.size() || out.empty())
    return std::string(s.text.substr(span.begin, span.end - span.begin));
  return out;
}

Extractor::NameReading Extractor::read_name(const Mention& m) const {
  const auto& info = sentences_[m.sentence];
  NameReading out;
  const Span span = display_span(info, m);
  out.display = without_pinyin_notes(original_of(*info.sentence, span));
  out.simplified = in_simplified_script(
      out.display, info.sentence->text.substr(span.begin, span.end - span.begin));
  if (const std::optional<Span> alias = introduced_alias(info.sentence->text, m.span.end)) {
    out.alias = without_pinyin_notes(original_of(*info.sentence, *alias));
  }
  return out;
}

// Mention k's reading, read ahead or now.
Extractor::NameReading Extractor::take_name(std::size_t k, const Mention& m) {
  if (k < names_ready_.load(std::memory_order_acquire) && k < names_ahead_.size())
    return std::move(names_ahead_[k]);
  return read_name(m);
}

// On the second thread while attribute_names() runs on this one, as read_statuses_ahead() below:
// the named mentions' readings in text order, each published through names_ready_, until all are
// read or `stop` is set.
void Extractor::read_names_ahead(const std::atomic<bool>& stop) {
  for (std::size_t k = 0; k < names_ahead_.size(); ++k) {
    if (stop.load(std::memory_order_relaxed)) return;
    const Mention& m = mentions_[k];
    if (m.kind == MentionKind::kNamed) names_ahead_[k] = read_name(m);
    names_ready_.store(k + 1, std::memory_order_release);
  }
}

// Named mentions first: names, aliases, places in names.
void Extractor::attribute_names() {
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
      b.context = section_place_.size() > m.sentence && section_place_[m.sentence]
                      ? *section_place_[m.sentence]
                      : article_context_[info.article];
      b.first_sentence = m.sentence;
      add_evidence(b, "name", m.sentence);
    } else if (display != b.project.display_name && m.agreement_org.empty()) {
      b.aliases.insert(display);
    }
    if (name.alias) b.aliases.insert(std::move(*name.alias));
    if (name.simplified) b.aliases.insert(std::move(*name.simplified));
    b.industry.add(m.name);
    if (m.group >= 0) {
      const auto& listed = category_places(m.group, info, b.context);
      b.list_places.insert(b.list_places.end(), listed.begin(), listed.end());
    }
    bool named_place = false;
    for (const auto& place : info.places()) {
      if (place.span.begin < m.span.begin || place.span.end > m.span.end) continue;
      if (is_short_name_out_of_province(place, info.sentence->text, b.context)) {
        b.names_place_out_of_province = true;
        continue;
      }
      const bool in_company = inside_org(info, place.span) ||
                              opens_brand(info.sentence->text, place.span.end, m.span.end);
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
      b.project.phases.push_back(
          Phase{std::string(m.phase), ProjectStatus::kUnknown, {}, std::nullopt});
    }
    for (const auto& org : info.orgs()) {
      if (org.span.begin >= m.span.begin && org.span.end <= m.span.end) b.orgs.insert(org.name);
    }
    if (!m.agreement_org.empty()) b.orgs.emplace(m.agreement_org);
    if (m.quoted) {
      // The words before a quoted name are its owner (晶科能源“……项目”), company suffix or not.
      const std::size_t open = find_word(info.sentence->text, "“", m.span.begin);
      if (open != std::string::npos && open > m.span.begin && open < m.span.end &&
          !has_own_company(m)) {
        b.orgs.insert(original_of(*info.sentence, {m.span.begin, open}));
      }
    }
  }
}

std::vector<Project> Extractor::finish() {
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
    const auto& places = !b.list_places.empty()                           ? named_and_listed
                         : !b.name_places.empty()                         ? b.name_places
                         : !b.clause_places.empty() || context_names_city ? b.clause_places
                                                                          : b.company_places;
    // Works between places take from the article no more than its province.
    Location region;
    region.province = b.context.province;
    const Location& context = is_intercity_works(p.display_name) ? region : b.context;
    p.location = gazetteer_.resolve(places, context);
    if (p.location.empty()) p.location = context;
    // A coarser location, named and coded by the gazetteer (a municipality is its own city).
    const auto within = [&](const std::string& province, const std::string& city) {
      Location coarser;
      coarser.province = province;
      coarser.city = city;
      return gazetteer_.resolve({}, coarser);
    };
    switch (route_reach(p.display_name, b)) {
      case RouteReach::kProvinces:  // 镇巴至广安高速公路 in a Sichuan bulletin: Sichuan
        p.location = within(b.context.province, {});
        break;
      case RouteReach::kCities:  // in its province only
        p.location = within(p.location.province, {});
        break;
      case RouteReach::kOneCity:  // 江油至北川高速公路: 绵阳市, in neither county alone
        if (!p.location.county.empty() && !p.location.city.empty())
          p.location = within(p.location.province, p.location.city);
        break;
      case RouteReach::kNotARoute:
      case RouteReach::kOnePlace:
        break;
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

}  // namespace investtrack::parser::projects_internal
