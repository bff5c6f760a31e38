// Facts: every clause's status, plans, money, quantities, dates, level and companies go to the
// project the clause speaks of (inside a name, the subject or object of the clause, the last
// project named, every item of a list, or the paragraph's focus). Step 5 of the projects stage (see
// projects.cc).
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
// A status stated beside a list (A、B、C等项目开工建设, 开工建设A、B) is stated of every item;
// one stated inside an item is that item's alone, and one in a later clause is no item's unless
// that clause goes on speaking of the list (……等项目，均已开工).
// Returns whether the fact went to one item of a list as its own (between two items). Items in
// `own_stage` keep the stage they stated themselves when the fact is the whole list's.
template <typename Apply>
bool Extractor::for_each_target(std::size_t sentence, int target, std::size_t pos,
                                const std::vector<const Mention*>& in_sentence,
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
    const StatusReading own =
        read_status(s.substr(list_clause.begin, list_clause.end - list_clause.begin));
    const bool list_states_nothing =
        own.status == ProjectStatus::kUnknown && own.planned == ProjectStatus::kUnknown;
    const bool introduced_after = clause + 1 == item_clause && list_states_nothing &&
                                  first_item_introduced_after(sentence, clause, in_sentence);
    if (!introduced_after &&
        (clause != item_clause + 1 ||
         !(list_states_nothing || speaks_of_list_before(s.substr(cs.begin, cs.end - cs.begin))))) {
      return false;
    }
  }
  std::set<int> done(own_stage.begin(), own_stage.end());
  for (const Mention* m : in_sentence) {
    if (m->group == item->group && m->resolved >= 0 && done.insert(m->resolved).second)
      apply(m->resolved);
  }
  return false;
}

// Which mention's project a fact at `pos` of a sentence belongs to; -1 for none. A park word
// that refers to no known project (园区 of an unnamed park) still owns its clause's facts.
int Extractor::target_cluster(std::size_t sentence, std::size_t pos, bool object_first, int focus,
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
    if (m->span.end <= pos)
      before = m;
    else if (!after)
      after = m;
  }
  if (object_first && after) return after->resolved;
  if (before) return before->resolved;
  if (after) return after->resolved;
  const Mention* last = nullptr;
  for (const Mention* m : in_sentence) {
    if (m->span.end <= pos && m->resolved >= 0) last = m;
  }
  if (last)
    return names_another_subject(info.sentence->text, last->span.end, pos) ? -1 : last->resolved;
  if (const Mention* first = first_item_introduced_after(sentence, clause, in_sentence))
    return first->resolved;
  return focus;
}

// 多个项目获得“路条”，其中包括A、B、C: the list in the clause after `clause`, when an introducer
// opens that clause; its first item, else null.
const Mention* Extractor::first_item_introduced_after(
    std::size_t sentence, std::size_t clause,
    const std::vector<const Mention*>& in_sentence) const {
  const auto& info = sentences_[sentence];
  if (clause + 1 >= info.clauses().size()) return nullptr;
  const Span next = info.clauses()[clause + 1].span;
  const std::string_view s = info.sentence->text;
  std::size_t open = trim_left(s, next.begin, next.end);
  if (starts_at(s, open, "其中")) open += std::string_view("其中").size();
  const bool introduced = std::any_of(std::begin(kListIntroducers), std::end(kListIntroducers),
                                      [&](std::string_view w) { return starts_at(s, open, w); });
  if (!introduced) return nullptr;
  for (const Mention* m : in_sentence) {
    if (m->group >= 0 && m->resolved >= 0 && m->span.begin >= next.begin && m->span.end <= next.end)
      return m;
  }
  return nullptr;
}

// Items of a report joined by semicolons each have their subject (……二期项目正在积极推进；
// 智能机器人岛开工建设): a fact after a semicolon and a subject of its own that is not a project
// the parser names is not the project before the semicolon's. Time words and anaphors
// (；目前已开工, ；该项目) open a clause that goes on about it.
bool Extractor::names_another_subject(std::string_view s, std::size_t from, std::size_t pos) {
  constexpr std::string_view kWide = "；";
  const std::string_view between = s.substr(from, pos - from);
  // Most stretches hold no semicolon: forward searches (memchr) settle that before a backward one.
  const bool wide = find_word(between, kWide) != std::string_view::npos;
  const bool narrow = between.find(';') != std::string_view::npos;
  if (!wide && !narrow) return false;
  std::size_t after = wide ? rfind_word(between, kWide) + kWide.size() : 0;
  if (narrow) after = std::max(after, between.rfind(';') + 1);
  const std::size_t begin = trim_left(between, after, between.size());
  if (begin >= between.size()) return false;
  const std::string_view subject = between.substr(begin);
  return std::none_of(std::begin(kClauseOpeners), std::end(kClauseOpeners),
                      [&](std::string_view w) { return subject.starts_with(w); }) &&
         std::none_of(std::begin(kAnaphorWords), std::end(kAnaphorWords),
                      [&](std::string_view w) { return subject.starts_with(w); });
}

// Whether a sentence counts projects: 项目69个, 开工10个重大项目.
bool Extractor::counts_projects(std::string_view s) {
  constexpr std::string_view kProject = "项目";
  for (std::size_t at = find_word(s, kProject); at != std::string_view::npos;
       at = find_word(s, kProject, at + kProject.size())) {
    if (count_follows(s, at + kProject.size())) return true;
  }
  for (std::size_t p = 0; p < s.size(); ++p) {
    if (!std::isdigit(static_cast<unsigned char>(s[p]))) continue;
    while (p < s.size() && std::isdigit(static_cast<unsigned char>(s[p]))) ++p;
    if (!starts_at(s, p, "个")) continue;
    constexpr std::size_t kMaxWordsBetween = ideograph_bytes(4);
    const std::size_t project =
        find_word(s.substr(p, kMaxWordsBetween + 3 + kProject.size()), kProject);
    if (project != std::string_view::npos) return true;
  }
  return false;
}

// Then every clause's facts, with the paragraph's focus carried across sentences. Anaphors
// resolve in text order: 项目 to the project in focus, 园区 to the last park named.
void Extractor::attribute_facts() {
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
SentenceStatuses Extractor::read_clause_statuses(std::size_t i,
                                                 const std::vector<const Mention*>& in_sentence,
                                                 std::string& masked_clause) const {
  const auto& info = sentences_[i];
  const std::string_view s = info.sentence->text;
  SentenceStatuses out;
  for (std::size_t c = 0; c < info.clauses().size(); ++c) {
    const Span cs = info.clauses()[c].span;
    // Companies' names are not status words (省国资运营公司 is no operating project): they are
    // blanked out, in a copy made only for the few clauses that hold one.
    const bool holds_org =
        std::any_of(info.orgs().begin(), info.orgs().end(), [&](const OrgMention& org) {
          return org.span.begin >= cs.begin && org.span.end <= cs.end;
        });
    if (holds_org) {
      masked_clause.assign(s.substr(cs.begin, cs.end - cs.begin));
      for (const auto& org : info.orgs()) {
        if (org.span.begin >= cs.begin && org.span.end <= cs.end) {
          for (std::size_t k = org.span.begin - cs.begin; k < org.span.end - cs.begin; ++k)
            masked_clause[k] = ' ';
        }
      }
    }
    const std::string_view clause_text =
        holds_org ? std::string_view(masked_clause) : s.substr(cs.begin, cs.end - cs.begin);
    const std::vector<Span> parts = clause_parts(cs, in_sentence);
    // A clause that is a plan as a whole (计划年内A竣工、B建成通车) keeps its parts' stages
    // planned.
    const bool whole_is_plan = parts.size() > 1 && [&] {
      const StatusReading whole = read_status(clause_text);
      return whole.status == ProjectStatus::kUnknown && whole.planned != ProjectStatus::kUnknown;
    }();
    for (const Span part : parts) {
      const std::string_view part_text =
          clause_text.substr(part.begin - cs.begin, part.end - part.begin);
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
      if (reading.status == ProjectStatus::kUnknown && reading.planned == ProjectStatus::kUnknown)
        continue;
      out.push_back({static_cast<std::uint32_t>(c), part.begin, std::move(reading)});
    }
  }
  return out;
}

// Sentence i's clause stages, read ahead or now.
SentenceStatuses Extractor::take_statuses(std::size_t i,
                                          const std::vector<const Mention*>& in_sentence) {
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
void Extractor::read_statuses_ahead(const std::atomic<bool>& stop) {
  std::string masked_clause;
  std::vector<const Mention*> in_sentence;
  auto next_mention = mentions_.cbegin();
  for (std::size_t i = 0; i < may_need_facts_.size(); ++i) {
    if (stop.load(std::memory_order_relaxed)) return;
    in_sentence.clear();
    for (; next_mention != mentions_.cend() && next_mention->sentence == i; ++next_mention)
      in_sentence.push_back(&*next_mention);
    if ((may_need_facts_[i] & kMayNeedFacts) != 0)
      statuses_ahead_[i] = read_clause_statuses(i, in_sentence, masked_clause);
    statuses_ready_.store(i + 1, std::memory_order_release);
  }
}

void Extractor::read_facts(std::size_t i, int focus,
                           const std::vector<const Mention*>& in_sentence) {
  const auto& info = sentences_[i];
  const std::string_view s = info.sentence->text;
  // 柳州市此次集中开竣工项目69个，其中竣工28项: facts of a sentence that counts projects are the
  // counted projects', not the one in focus. Decided once here, not for every fact.
  if (focus >= 0 && counts_projects(s)) focus = -1;
  const bool any_project =
      focus >= 0 || std::any_of(in_sentence.begin(), in_sentence.end(),
                                [&](const Mention* m) { return m->resolved >= 0; });
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
    // (昆明机场东二跑道场地平整、丽江机场改扩建等项目启动实施) is read before the list's, which
    // then leaves that item alone.
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
        for_each_target(i, target, pos, in_sentence, own_stage,
                        [&](int t) { apply_plan(builder(t), reading, clause_date); });
      }
    }
    const std::string level =
        may_hold_level ? find_project_level(s.substr(cs.begin, cs.end - cs.begin)) : std::string();
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
    const int target =
        modified >= 0 ? modified : target_cluster(i, money.span.begin, false, focus, in_sentence);
    if (target < 0 || (modified < 0 && is_shared_by_list(i, target, money.span.begin, in_sentence)))
      continue;
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
        const bool seen = std::any_of(
            b.project.capacities.begin(), b.project.capacities.end(), [&](const Quantity& x) {
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
    // A label before a colon says the company's role for the clause after it: 建设单位：X公司,
    // 投资方：X集团.
    const std::size_t role_from = clause > 0 && ends_with_colon(s, info.clauses()[clause - 1].span)
                                      ? info.clauses()[clause - 1].span.begin
                                      : cs.begin;
    if (!has_role_between(s, role_from, cs.end)) continue;
    const int target = target_cluster(i, org.span.begin, false, focus, in_sentence);
    if (target < 0) continue;
    if (builder(target).orgs.insert(org.name).second)
      add_evidence(builder(target), "organization", i);
  }
  for (const Mention* m : in_sentence) {
    const int c = m->resolved;
    if (c < 0) continue;
    auto& b = builder(c);
    const std::size_t clause = clause_index(info, m->span.begin);
    // A list item's place is said before the list, not in the items before it.
    std::size_t place_limit = m->span.begin;
    for (const Mention* other : in_sentence) {
      if (m->group >= 0 && other->group == m->group)
        place_limit = std::min<std::size_t>(place_limit, other->span.begin);
    }
    for (const auto& place : info.places()) {
      if (clause_index(info, place.span.begin) != clause || inside_org(info, place.span) ||
          opens_company(s, place.span.end) || is_short_name_out_of_province(place, s, b.context)) {
        continue;
      }
      // Before the name, or where the clause says the project is: X在洛阳开工, X落户伊滨区.
      if (place.span.end <= place_limit ||
          (place.span.begin >= m->span.end &&
           is_where_said(s, place.span.begin, m->span.end, in_sentence))) {
        b.clause_places.push_back(tables_.place_mention(place, s));
      }
    }
    // A list item's line of business is in its own name and the list's category, not in the
    // other items of its sentence (which would also cost a reading of the sentence per item).
    if (m->group >= 0) {
      const Span category = list_categories_[static_cast<std::size_t>(m->group)];
      b.industry.add(s.substr(m->span.begin, m->span.end - m->span.begin));
      if (category.end > category.begin)
        b.industry.add(s.substr(category.begin, category.end - category.begin));
    } else if (facts.industry) {
      b.industry.add(s, *facts.industry);
    } else {
      b.industry.add(s);
    }
  }
  find_project_code(i, focus, in_sentence);
}

// A GB/T 40058 national project code: 2020-140100-44-01-012345 (24 characters).
void Extractor::find_project_code(std::size_t i, int focus,
                                  const std::vector<const Mention*>& in_sentence) {
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
                         (p + kShape.size() == s.size() ||
                          !std::isalnum(static_cast<unsigned char>(s[p + kShape.size()])));
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
int Extractor::list_item_modified_at(std::string_view s, std::size_t pos,
                                     const std::vector<const Mention*>& in_sentence) {
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
    const bool parallel =
        std::any_of(in_sentence.begin(), in_sentence.end(), [&](const Mention* o) {
          return o != m && o->group == m->group && o->span.begin > m->span.begin &&
                 has_own_modifier(o);
        });
    if (!first || parallel) return m->resolved;
  }
  return -1;
}

// The list item of this sentence that is `target`, when the fact at pos is outside it and the
// fact's clause names the project only as that item (……等项目开工建设，其中A已通车: 通车 is A's).
const Mention* Extractor::list_item_outside(std::size_t sentence, int target, std::size_t pos,
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
bool Extractor::speaks_of_list_before(std::string_view clause) {
  while (!clause.empty() && clause.front() == ' ') clause.remove_prefix(1);
  for (std::string_view w : {"均", "都", "全部", "已", "目前", "现已", "正"}) {
    if (clause.starts_with(w)) return true;
  }
  return false;
}

// The parts of a clause that are read for a stage one at a time: the whole clause, or, when
// list items stand in it, the text before the first item and each item with what follows it
// up to the next (the last item's part holds the list's own words: 等项目开工建设).
std::vector<Span> Extractor::clause_parts(Span clause,
                                          const std::vector<const Mention*>& in_sentence) {
  std::vector<std::size_t> starts;
  for (const Mention* m : in_sentence) {
    if (m->group >= 0 && m->span.begin > clause.begin && m->span.end <= clause.end)
      starts.push_back(m->span.begin);
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
bool Extractor::is_shared_by_list(std::size_t sentence, int target, std::size_t pos,
                                  const std::vector<const Mention*>& in_sentence) const {
  const Mention* item = list_item_outside(sentence, target, pos, in_sentence);
  if (!item) return false;
  return std::count_if(in_sentence.begin(), in_sentence.end(),
                       [&](const Mention* m) { return m->group == item->group; }) > 1;
}

std::string_view Extractor::phase_at(const std::vector<const Mention*>& in_sentence, Span clause) {
  for (const Mention* m : in_sentence) {
    if (m->span.begin >= clause.begin && m->span.end <= clause.end && !m->phase.empty())
      return m->phase;
  }
  return {};
}

// In an article that lists the year's plans (重点项目名单, 清单, 计划新开工), a project "newly
// started" (新开工, 开工建设) is one planned to start: announced, as its list is.
StatusReading Extractor::as_read_in_article(const StatusReading& reading,
                                            std::size_t sentence) const {
  const int article = sentences_[sentence].article;
  const bool plan_list =
      static_cast<std::size_t>(article) < article_status_.size() &&
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

void Extractor::apply_status(ProjectBuilder& b, const StatusReading& read,
                             std::optional<CivilDate> date, std::size_t sentence,
                             std::string_view phase) {
  const StatusReading reading = as_read_in_article(read, sentence);
  if (!phase.empty()) {
    for (auto& p : b.project.phases) {
      if (p.name == phase && status_rank(reading.status) > status_rank(p.status))
        p.status = reading.status;
    }
  }
  if (date) {
    const char* kind = nullptr;
    switch (reading.status) {
      case ProjectStatus::kSigned:
        kind = "signed";
        break;
      case ProjectStatus::kUnderConstruction:
        kind = "construction_start";
        break;
      case ProjectStatus::kCompleted:
        kind = "completion";
        break;
      case ProjectStatus::kOperating:
        kind = "operation";
        break;
      default:
        break;
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

void Extractor::apply_plan(ProjectBuilder& b, const StatusReading& reading,
                           std::optional<CivilDate> date) {
  const ProjectStatus planned = reading.planned;
  if (status_rank(planned) > status_rank(b.planned)) {
    b.planned = planned;
    b.planned_phrase = reading.planned_phrase;
  }
  if (!date) return;
  if (planned == ProjectStatus::kOperating) add_date(b, "expected_operation", *date);
  if (planned == ProjectStatus::kCompleted) add_date(b, "expected_completion", *date);
  if (planned == ProjectStatus::kUnderConstruction)
    add_date(b, "expected_construction_start", *date);
}

void Extractor::add_date(ProjectBuilder& b, const std::string& kind, const CivilDate& date) {
  const bool seen = std::any_of(b.project.dates.begin(), b.project.dates.end(),
                                [&](const KeyDate& d) { return d.kind == kind; });
  if (!seen) b.project.dates.push_back({kind, date});
}

}  // namespace investtrack::parser::projects_internal
