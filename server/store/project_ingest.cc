// Ingest: resolving a group of bulletins' mentions against the register, recording them, and
// folding the projects they touch (project_fold.cc); reparse runs the same path for one bulletin.
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <numeric>
#include <optional>
#include <random>
#include <set>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "entity_resolution.h"
#include "filter.h"
#include "project_store.h"
#include "project_store_internal.h"
#include "resolution_footprint.h"
#include "sql_statements.h"
#include "transaction.h"

namespace investtrack::store {
namespace {

using detail::exec;
using detail::run_transaction;
using namespace internal;  // NOLINT(google-build-using-namespace): the store's own shared parts

// A lost owner claim is re-resolved against the winner; more rounds than this mean churn.
constexpr int kMaxClaimRounds = 3;

// --- resolving and recording a bulletin's mentions ----------------------------------------------

// A project this bulletin creates. Its row is written once, at the end, from all the bulletin's
// mentions of it; until then it exists only as its owner claim (if it made one).
struct NewProject {
  std::string id;
  bool claimed = false;
  bool needs_review = false;
  // The facts of the mention that created it (alias and derived keys, place, owners, sizes).
  EntityFacts facts;
};

// The projects one bulletin (or group) creates, in creation order, found by key: each later
// mention looks up the keys it has instead of comparing with every project created so far, so a
// list of ten thousand items costs ten thousand lookups, not fifty million comparisons.
class NewProjects {
 public:
  const std::string& add(NewProject project) {
    if (project.claimed) {
      for (const std::string& key : project.facts.alias_keys) {
        std::vector<std::size_t>& at = by_key_[key];
        if (at.empty() || at.back() != projects_.size()) at.push_back(projects_.size());
      }
    }
    ids_.insert(project.id);
    projects_.push_back(std::move(project));
    return projects_.back().id;
  }

  // The claimed projects that share one of `keys`, in creation order.
  std::vector<const NewProject*> sharing_a_key(const std::vector<std::string>& keys) const {
    std::vector<std::size_t> positions;
    for (const std::string& key : keys) {
      if (const auto found = by_key_.find(key); found != by_key_.end()) {
        positions.insert(positions.end(), found->second.begin(), found->second.end());
      }
    }
    std::sort(positions.begin(), positions.end());
    positions.erase(std::unique(positions.begin(), positions.end()), positions.end());
    std::vector<const NewProject*> sharing;
    sharing.reserve(positions.size());
    for (const std::size_t position : positions) sharing.push_back(&projects_[position]);
    return sharing;
  }

  bool contains(const std::string& id) const { return ids_.count(id) != 0; }
  void append(const NewProjects& other) {
    for (const NewProject& project : other.projects_) add(project);
  }
  void clear() { *this = NewProjects(); }
  auto begin() const { return projects_.begin(); }
  auto end() const { return projects_.end(); }

 private:
  std::vector<NewProject> projects_;
  std::unordered_map<std::string, std::vector<std::size_t>> by_key_;
  std::unordered_set<std::string> ids_;
};

// A random (version 4) UUID in the form gen_random_uuid()::text gives.
std::string new_project_id() {
  // One device per thread: opening it cost more than the four reads.
  thread_local std::random_device device;
  std::array<std::uint32_t, 4> words{};
  for (std::uint32_t& word : words) word = device();
  words[1] = (words[1] & 0xFFFF0FFFu) | 0x00004000u;  // version 4
  words[2] = (words[2] & 0x3FFFFFFFu) | 0x80000000u;  // variant 10xx
  char id[37];
  std::snprintf(id, sizeof id, "%08x-%04x-%04x-%04x-%04x%08x", words[0], words[1] >> 16,
                words[1] & 0xFFFFu, words[2] >> 16, words[2] & 0xFFFFu, words[3]);
  return id;
}

// The stored candidates of each mention, in one statement (see kFindCandidates).
std::vector<std::vector<EntityFacts>> find_stored_candidates(
    pqxx::work& work, const std::vector<const EntityFacts*>& mentions) {
  std::vector<std::string> alias_keys, organization_keys, cities, stems, short_runs, long_runs,
      provinces, counties;
  for (const EntityFacts* mention : mentions) {
    const std::string stem = mention->name_key.substr(0, mention->name_key.rfind('#'));
    // Containment needs a city and two characters.
    const bool containment = !mention->city.empty() && code_point_count(stem) >= 2;
    alias_keys.push_back(rows::to_array_literal(mention->search_keys));
    organization_keys.push_back(rows::to_array_literal(mention->organization_keys));
    cities.push_back(mention->city);
    provinces.push_back(mention->province);
    counties.push_back(mention->county);
    stems.push_back(containment ? stem : "");
    short_runs.push_back(rows::to_array_literal(containment ? code_point_runs(stem, 2)
                                                            : std::vector<std::string>{}));
    long_runs.push_back(rows::to_array_literal(
        containment ? code_point_runs(stem, kShortNameMaxLength + 1) : std::vector<std::string>{}));
  }
  std::vector<std::vector<EntityFacts>> candidates(mentions.size());
  if (mentions.empty()) return candidates;
  using rows::to_array_literal;
  const pqxx::result result = exec(
      work, sql::kFindCandidates, to_array_literal(alias_keys), to_array_literal(organization_keys),
      to_array_literal(cities), to_array_literal(stems), to_array_literal(short_runs),
      to_array_literal(long_runs), to_array_literal(provinces), to_array_literal(counties));
  for (const pqxx::row& row : result) {
    const auto mention = row[0].as<std::size_t>();
    if (mention < 1 || mention > candidates.size()) continue;
    EntityFacts facts;
    facts.province = row[5].as<std::string>();
    facts.city = row[6].as<std::string>();
    facts.county = row[7].as<std::string>();
    facts.division_code = row[8].as<std::string>();
    for (const std::string& capacity : rows::from_array(row[9])) {
      const std::size_t tab = capacity.rfind('\t');
      if (tab == std::string::npos) continue;
      v1::Quantity& quantity = facts.capacities.emplace_back();
      quantity.set_unit(capacity.substr(0, tab));
      quantity.set_value(std::strtod(capacity.c_str() + tab + 1, nullptr));
    }
    facts.project_id = row[1].as<std::string>();
    facts.name_key = row[2].as<std::string>();
    facts.alias_keys = rows::from_array(row[3]);
    facts.alias_keys.push_back(facts.name_key);
    facts.organization_keys = rows::from_array(row[4]);
    candidates[mention - 1].push_back(std::move(facts));
  }
  return candidates;
}

// A project created earlier in this bulletin is not folded yet: a second mention in the same
// bulletin is compared with the facts of the mention that created it, when the two share a key
// (a name, or a derived key: 上海迪士尼项目 and 上海迪士尼乐园项目 in one article).
std::vector<EntityFacts> with_created_here(std::vector<EntityFacts> candidates,
                                           const EntityFacts& mention,
                                           const NewProjects& created_here) {
  for (const NewProject* created : created_here.sharing_a_key(mention.search_keys)) {
    EntityFacts facts = created->facts;
    facts.project_id = created->id;
    candidates.push_back(std::move(facts));
  }
  return candidates;
}

struct Placement {
  std::string project_id;
  bool created = false;
  std::string rule;
  double confidence = 0;
  std::vector<ScoredCandidate> review;  // non-empty: kept apart, a reviewer should look
};

std::string create_separate_project(NewProjects& created_here) {
  return created_here.add(NewProject{new_project_id(), false, true, {}});
}

// Takes the owner claims of new names, (name key, project id) pairs, in one statement in name
// order: concurrent groups then take their claims in the same order and cannot deadlock on
// them. Returns the pairs this transaction owns now; a name that a concurrent ingest owns
// (ON CONFLICT waits for it to end, then yields) is left out.
std::set<std::pair<std::string, std::string>> claim_names(pqxx::work& work,
                                                          const AliasRows& wanted) {
  std::set<std::pair<std::string, std::string>> won;
  if (wanted.empty()) return won;
  std::vector<std::string> keys, ids;
  for (const auto& [key, id] : wanted) {
    keys.push_back(key);
    ids.push_back(id);
  }
  for (const pqxx::row& row :
       exec(work, sql::kClaimNameKeys, rows::to_array_literal(keys), rows::to_array_literal(ids))) {
    won.emplace(row[0].as<std::string>(), row[1].as<std::string>());
  }
  return won;
}

// Takes the owner claim of a new name for this transaction: the new project's id, or nothing
// when another transaction owns the name.
using ClaimName = std::function<std::optional<std::string>(const std::string& name_key)>;

// Finds the mention's project, or creates it: a new name takes the owner claim on its key, so a
// concurrent ingest of the same new project waits for this one and then resolves to it.
// candidates: the mention's stored candidates, looked up with the rest of the group's; read again
// for each later round, after another transaction took the name.
Placement place_mention(pqxx::work& work, const EntityFacts& facts,
                        std::vector<EntityFacts> candidates, NewProjects& created_here,
                        const ClaimName& claim) {
  for (int round = 0; round < kMaxClaimRounds; ++round) {
    const MatchDecision decision =
        resolve_mention(facts, with_created_here(std::move(candidates), facts, created_here));
    Placement placement;
    switch (decision.outcome) {
      case MatchDecision::Outcome::kMatch:
        placement.project_id = decision.project_id;
        placement.rule = std::string(to_string(decision.rule));
        placement.confidence = decision.confidence;
        return placement;
      case MatchDecision::Outcome::kAmbiguous:
        placement.project_id = create_separate_project(created_here);
        placement.created = true;
        placement.rule = "ambiguous";
        placement.confidence = 0;
        placement.review = decision.candidates;
        return placement;
      case MatchDecision::Outcome::kNew:
        break;
    }
    placement.created = true;
    placement.rule = "new";
    placement.confidence = 1.0;
    if (facts.name_key.empty()) {
      placement.project_id = create_separate_project(created_here);
      return placement;
    }
    if (std::optional<std::string> id = claim(facts.name_key)) {
      placement.project_id = std::move(*id);
      created_here.add(NewProject{placement.project_id, true, false, facts});
      return placement;
    }
    // Another transaction owns the key now (it committed while we waited): resolve again.
    candidates = std::move(find_stored_candidates(work, {&facts}).front());
  }
  Placement fallback;
  fallback.project_id = create_separate_project(created_here);
  fallback.created = true;
  fallback.rule = "claim_contention";
  return fallback;
}

const v1::Evidence* status_evidence(const v1::Project& mention) {
  for (const v1::Evidence& e : mention.evidence()) {
    if (e.field() == "status") return &e;
  }
  return mention.evidence().empty() ? nullptr : &mention.evidence(0);
}

std::string observed_date_of(const v1::Project& mention, const v1::ParseResult& parsed,
                             const std::string& bulletin_date) {
  const int index = mention.article_index();
  if (index >= 0 && index < parsed.articles_size()) {
    std::string date = rows::to_iso_date(parsed.articles(index).date());
    if (!date.empty()) return date;
  }
  if (!bulletin_date.empty()) return bulletin_date;
  return rows::to_iso_date(parsed.base_date());
}

// A group's observations as columns of kInsertObservations, one element per mention.
class ObservationBatch {
 public:
  void add(std::int64_t bulletin_id, int mention_index, const v1::Project& mention,
           const Placement& placement, const std::string& observed_date) {
    const v1::Evidence* evidence = status_evidence(mention);
    bulletin_ids_.push_back(std::to_string(bulletin_id));
    project_ids_.push_back(placement.project_id);
    mention_indexes_.push_back(std::to_string(mention_index));
    article_indexes_.push_back(std::to_string(mention.article_index()));
    dates_.push_back(observed_date);
    statuses_.push_back(status_key(mention.status()));
    phrases_.push_back(mention.status_phrase());
    fields_.push_back(rows::to_json(mention));
    fields_bytes_.push_back(rows::bytea_hex(mention.SerializeAsString()));
    sentences_.push_back(evidence != nullptr ? evidence->sentence() : std::string());
    begins_.push_back(evidence != nullptr ? std::to_string(evidence->begin_offset()) : "");
    ends_.push_back(evidence != nullptr ? std::to_string(evidence->end_offset()) : "");
    rules_.push_back(placement.rule);
    confidences_.push_back(std::to_string(placement.confidence));
    created_.emplace_back(placement.created ? "true" : "false");
    for (const ScoredCandidate& candidate : placement.review) {
      review_positions_.push_back(std::to_string(project_ids_.size()));
      review_candidates_.push_back(candidate.project_id);
      review_rules_.emplace_back(to_string(candidate.rule));
      review_scores_.push_back(std::to_string(candidate.score));
      review_reasons_.push_back(candidate.reason);
    }
  }

  bool empty() const { return project_ids_.empty(); }

  // The 20 parameters of kInsertObservations, appended to `out`.
  void append_parameters(std::vector<std::string>& out) const {
    for (const std::vector<std::string>* column : {&bulletin_ids_,
                                                   &project_ids_,
                                                   &mention_indexes_,
                                                   &article_indexes_,
                                                   &dates_,
                                                   &statuses_,
                                                   &phrases_,
                                                   &fields_,
                                                   &sentences_,
                                                   &begins_,
                                                   &ends_,
                                                   &rules_,
                                                   &confidences_,
                                                   &created_,
                                                   &review_positions_,
                                                   &review_candidates_,
                                                   &review_rules_,
                                                   &review_scores_,
                                                   &review_reasons_,
                                                   &fields_bytes_}) {
      out.push_back(rows::to_array_literal(*column));
    }
  }

 private:
  std::vector<std::string> bulletin_ids_, project_ids_, mention_indexes_, article_indexes_, dates_,
      statuses_, phrases_, fields_, sentences_, begins_, ends_, rules_, confidences_, created_,
      fields_bytes_;
  std::vector<std::string> review_positions_, review_candidates_, review_rules_, review_scores_,
      review_reasons_;
};

// Articles as the columns kInsertArticles and kIngestBulletins take: titles, ISO dates or '',
// JSON.
struct ArticleColumns {
  std::vector<std::string> titles, dates, contents;

  void add(const v1::Article& article) {
    titles.push_back(article.title());
    dates.push_back(rows::to_iso_date(article.date()));
    contents.push_back(rows::to_json(article));
  }
};

void insert_articles(pqxx::work& work, std::int64_t bulletin_id, const v1::ParseResult& parsed) {
  if (parsed.articles_size() == 0) return;
  ArticleColumns articles;
  for (const v1::Article& article : parsed.articles()) articles.add(article);
  exec(work, sql::kInsertArticles, bulletin_id, rows::to_array_literal(articles.titles),
       rows::to_array_literal(articles.dates), rows::to_array_literal(articles.contents));
}

// Adds a project this bulletin created, folded from the bulletin's mentions of it (nobody else
// can have observed it yet: its name claim is uncommitted and its id unknown outside).
void add_new_project(const NewProject& created, const std::vector<Observation>& observations,
                     bool flag_for_review, rows::ProjectWrites& inserts, AliasRows& aliases) {
  std::string status_date;
  const v1::Project project = fold(observations, &status_date);
  inserts.add(created.id, project, status_date, {}, created.needs_review || flag_for_review,
              /*bump=*/false);
  collect_aliases(created.id, project, aliases);
}

// Project ids in first-seen order, each once; membership by hash, so that a bulletin listing
// thousands of projects stays linear.
class IdList {
 public:
  void add(const std::string& id) {
    if (seen_.insert(id).second) ids_.push_back(id);
  }
  bool contains(const std::string& id) const { return seen_.count(id) != 0; }
  void remove_those_in(const IdList& other) {
    std::erase_if(ids_, [&](const std::string& id) { return other.contains(id); });
    std::erase_if(seen_, [&](const std::string& id) { return other.contains(id); });
  }
  std::vector<std::string> take() {
    seen_.clear();
    return std::move(ids_);
  }

 private:
  std::vector<std::string> ids_;
  std::unordered_set<std::string> seen_;
};

struct MentionOutcome {
  IdList created;
  IdList updated;
  IdList review;
};

// A bulletin of the group being written, with what resolving its mentions needs.
struct GroupBulletin {
  std::int64_t id = 0;
  const v1::ParseResult* parsed = nullptr;
  std::string publication_date;                  // ISO or empty
  std::vector<EntityFacts> facts;                // per mention
  std::vector<std::vector<EntityFacts>> stored;  // per mention: its stored candidates
  MentionOutcome outcome;                        // what merge_mentions did with it
};

// Each mention's facts and, unless known_by_key places it, its stored candidates: the whole
// group's in one statement (its own new projects are written at the end, so what the register
// holds is the same for every mention).
void look_up_mentions(pqxx::work& work, std::vector<GroupBulletin>& group,
                      const std::map<std::string, Placement>& known_by_key = {}) {
  std::vector<const EntityFacts*> to_resolve;
  std::vector<std::pair<std::size_t, std::size_t>> slots;  // (bulletin, mention) of to_resolve[i]
  for (std::size_t b = 0; b < group.size(); ++b) {
    GroupBulletin& bulletin = group[b];
    const auto mentions = static_cast<std::size_t>(bulletin.parsed->projects_size());
    bulletin.facts.resize(mentions);
    bulletin.stored.assign(mentions, {});
    for (std::size_t i = 0; i < mentions; ++i) {
      bulletin.facts[i] = facts_of(bulletin.parsed->projects(static_cast<int>(i)));
      if (known_by_key.count(bulletin.facts[i].name_key) == 0) {
        to_resolve.push_back(&bulletin.facts[i]);
        slots.emplace_back(b, i);
      }
    }
  }
  std::vector<std::vector<EntityFacts>> found = find_stored_candidates(work, to_resolve);
  for (std::size_t i = 0; i < slots.size(); ++i) {
    group[slots[i].first].stored[slots[i].second] = std::move(found[i]);
  }
}

// Where the mentions of a group go, and the projects each bulletin creates.
struct GroupPlacement {
  std::vector<std::vector<Placement>> placements;  // per bulletin, per mention
  std::vector<NewProjects> created_by;             // per bulletin
};

// Every mention is placed first as if its bulletin won every new name it claims; the claims are
// then taken for the whole group in one statement (claim_names). A bulletin that lost one to a
// concurrent ingest is placed again, claiming name by name (keeping those it won), which looks
// up the candidates again when a claim is lost.
GroupPlacement place_group(pqxx::work& work, const std::vector<GroupBulletin>& group,
                           const std::map<std::string, Placement>& known_by_key) {
  GroupPlacement placed;
  placed.placements.resize(group.size());
  placed.created_by.resize(group.size());
  AliasRows wanted;
  std::vector<std::size_t> wanted_by;  // the bulletin of wanted[k]
  const auto place_bulletin = [&](std::size_t b, const ClaimName& claim) {
    const GroupBulletin& bulletin = group[b];
    std::vector<Placement>& placements = placed.placements[b];
    placements.clear();
    placed.created_by[b].clear();
    for (std::size_t i = 0; i < bulletin.facts.size(); ++i) {
      const auto known = known_by_key.find(bulletin.facts[i].name_key);
      placements.push_back(known != known_by_key.end()
                               ? known->second
                               : place_mention(work, bulletin.facts[i], bulletin.stored[i],
                                               placed.created_by[b], claim));
    }
  };
  for (std::size_t b = 0; b < group.size(); ++b) {
    place_bulletin(b, [&](const std::string& key) -> std::optional<std::string> {
      wanted.emplace_back(key, new_project_id());
      wanted_by.push_back(b);
      return wanted.back().second;
    });
  }
  const std::set<std::pair<std::string, std::string>> won = claim_names(work, wanted);
  for (std::size_t b = 0; b < group.size(); ++b) {
    std::map<std::string, std::string> won_here;
    bool lost = false;
    for (std::size_t k = 0; k < wanted.size(); ++k) {
      if (wanted_by[k] != b) continue;
      if (won.count(wanted[k]) != 0) {
        won_here.insert(wanted[k]);
      } else {
        lost = true;
      }
    }
    if (!lost) continue;
    place_bulletin(b, [&](const std::string& key) -> std::optional<std::string> {
      if (const auto mine = won_here.find(key); mine != won_here.end()) return mine->second;
      const pqxx::result claim = exec(work, sql::kClaimNameKey, key);
      if (claim.empty()) return std::nullopt;
      return claim[0][0].as<std::string>();
    });
  }
  return placed;
}

// Places every mention of the group, then writes its new projects, its observations, and the
// existing projects it touched (plus also_refresh), each once and in a few statements. Each
// bulletin's mentions are placed as if it were written alone: only its own new projects join
// its later mentions by name (the group is chosen so that no other bulletin's could).
// replaced_observations: the bulletin's earlier observations were just deleted (reparse), so
// the stored fields of the projects they fed are no fold to build on: refold them all.
void merge_mentions(pqxx::work& work, std::vector<GroupBulletin>& group, bool replaced_observations,
                    const std::map<std::string, Placement>& known_by_key = {},
                    const std::set<std::string>& also_refresh = {}) {
  NewProjects created;                  // by the whole group
  std::map<std::string, bool> touched;  // project id -> needs review
  // Project id -> its new observations with their place in fold order (date, then bulletin
  // and mention order, as the stored observations are ordered).
  struct Ordered {
    std::size_t bulletin;
    int mention;
    Observation observation;
  };
  std::map<std::string, std::vector<Ordered>> new_observations;
  ObservationBatch batch;
  const GroupPlacement placed = place_group(work, group, known_by_key);
  for (std::size_t b = 0; b < group.size(); ++b) {
    GroupBulletin& bulletin = group[b];
    const v1::ParseResult& parsed = *bulletin.parsed;
    MentionOutcome& outcome = bulletin.outcome;
    for (int i = 0; i < parsed.projects_size(); ++i) {
      const v1::Project& mention = parsed.projects(i);
      const Placement& placement = placed.placements[b][static_cast<std::size_t>(i)];
      const std::string observed_date =
          observed_date_of(mention, parsed, bulletin.publication_date);
      batch.add(bulletin.id, i, mention, placement, observed_date);
      new_observations[placement.project_id].push_back({b, i, Observation{mention, observed_date}});
      touched[placement.project_id] = touched[placement.project_id] || !placement.review.empty();
      (placement.created ? outcome.created : outcome.updated).add(placement.project_id);
      if (!placement.review.empty()) outcome.review.add(placement.project_id);
    }
    outcome.updated.remove_those_in(outcome.created);
    created.append(placed.created_by[b]);
  }

  IncomingObservations incoming;
  for (auto& [id, mine] : new_observations) {
    std::stable_sort(mine.begin(), mine.end(), [](const Ordered& a, const Ordered& b) {
      if (a.observation.date != b.observation.date) {
        return a.observation.date.empty() ||
               (!b.observation.date.empty() && a.observation.date < b.observation.date);
      }
      return std::tie(a.bulletin, a.mention) < std::tie(b.bulletin, b.mention);
    });
    std::vector<Observation>& observations = incoming[id];
    for (Ordered& o : mine) observations.push_back(std::move(o.observation));
  }
  AliasRows new_project_names;
  rows::ProjectWrites inserts;
  for (const NewProject& project : created) {
    add_new_project(project, incoming[project.id], touched[project.id], inserts, new_project_names);
  }
  std::vector<std::string> parameters;
  if (!batch.empty()) batch.append_parameters(parameters);
  if (!inserts.empty() && !batch.empty()) {
    inserts.append_parameters(parameters);
    append_alias_parameters(std::move(new_project_names), parameters);
    exec(work, sql::insert_projects_and_observations(),
         pqxx::prepare::make_dynamic_params(parameters));
  } else {
    if (!inserts.empty()) {
      std::vector<std::string> project_parameters;
      inserts.append_parameters(project_parameters);
      exec(work, sql::kInsertFoldedProjects,
           pqxx::prepare::make_dynamic_params(project_parameters));
      add_aliases(work, std::move(new_project_names));
    }
    if (!batch.empty()) {
      exec(work, sql::kInsertObservations, pqxx::prepare::make_dynamic_params(parameters));
    }
  }
  AliasRows aliases;
  std::map<std::string, bool> existing;
  for (const auto& [id, review] : touched) {
    if (!created.contains(id)) existing.emplace(id, review);
  }
  for (const std::string& id : also_refresh) {
    if (existing.emplace(id, false).second) group.front().outcome.updated.add(id);
  }
  IncomingBulletins fold_onto;
  if (!replaced_observations) {
    for (const GroupBulletin& bulletin : group) {
      fold_onto.ids.push_back(std::to_string(bulletin.id));
    }
    fold_onto.observations = &incoming;
  }
  refresh_projects(work, existing, /*bump=*/true, aliases, fold_onto);
  add_aliases(work, std::move(aliases));
  // Phases and their projects, whichever of the two came first (their names are stored now).
  std::vector<std::string> touched_ids;
  touched_ids.reserve(touched.size());
  for (const auto& entry : touched) touched_ids.push_back(entry.first);
  if (!touched_ids.empty()) exec(work, sql::kLinkPhases, rows::to_array_literal(touched_ids));
}

IngestResult earlier_result(pqxx::work& work, std::int64_t bulletin_id) {
  IngestResult result;
  result.bulletin_id = bulletin_id;
  result.duplicate = true;
  for (const pqxx::row& row : exec(work, sql::kEarlierIngestResult, bulletin_id)) {
    (row[1].as<bool>() ? result.created_project_ids : result.updated_project_ids)
        .push_back(row[0].as<std::string>());
  }
  for (const pqxx::row& row : exec(work, sql::kEarlierReviewProjects, bulletin_id)) {
    result.review_project_ids.push_back(row[0].as<std::string>());
  }
  return result;
}

// --- ingesting a group of bulletins ------------------------------------------------------------

// Most bulletins one ingest transaction considers. A larger window saves less per bulletin, the
// candidates looked up for the bulletins it leaves for later are thrown away, and concurrent
// ingests wait longer for each other's name claims. On the synthetic corpus (4.4 mentions per
// bulletin) 24 did best of 8, 12, 16, 24 and 32 (docs/benchmarks.md).
constexpr std::size_t kMaxGroupBulletins = 24;

// kIngestBulletins' parameters for inputs[members[0]], inputs[members[1]], ...
std::vector<std::string> group_bulletin_parameters(const std::vector<BulletinToIngest>& inputs,
                                                   const std::vector<std::size_t>& members) {
  std::vector<std::string> sources, dates, raw_texts, positions, indexes;
  ArticleColumns articles;
  for (std::size_t k = 0; k < members.size(); ++k) {
    const BulletinToIngest& input = inputs[members[k]];
    sources.push_back(input.bulletin.source);
    dates.push_back(rows::to_iso_date(input.bulletin.publication_date));
    raw_texts.push_back(rows::bytea_hex(input.bulletin.raw_text));
    for (int a = 0; a < input.parsed->articles_size(); ++a) {
      positions.push_back(std::to_string(k + 1));
      indexes.push_back(std::to_string(a));
      articles.add(input.parsed->articles(a));
    }
  }
  std::vector<std::string> parameters;
  for (const std::vector<std::string>* column :
       {&sources, &dates, &raw_texts, &positions, &indexes, &articles.titles, &articles.dates,
        &articles.contents}) {
    parameters.push_back(rows::to_array_literal(*column));
  }
  return parameters;
}

// Stands for the project that mention `mention` of the window's bulletin `position` would
// create, while a group is chosen.
std::string planned_project_id(std::size_t position, std::size_t mention) {
  return "new " + std::to_string(position) + "/" + std::to_string(mention);
}

// What a bulletin's mentions write, decided as merge_mentions will decide (claims aside: a lost
// claim means a concurrent ingest, whose order against this one is open anyway).
void add_planned_writes(pqxx::work& work, const GroupBulletin& bulletin, std::size_t position,
                        ResolutionFootprint& footprint) {
  NewProjects created_here;
  for (std::size_t i = 0; i < bulletin.facts.size(); ++i) {
    const EntityFacts& facts = bulletin.facts[i];
    const std::vector<EntityFacts>& stored = bulletin.stored[i];
    const Placement placement =
        place_mention(work, facts, stored, created_here, [&](const std::string&) {
          return std::optional<std::string>(planned_project_id(position, i));
        });
    const auto joined = std::find_if(stored.begin(), stored.end(), [&](const EntityFacts& c) {
      return c.project_id == placement.project_id;
    });
    footprint.add(facts, placement.project_id, joined != stored.end() ? &*joined : nullptr);
  }
}

// Everything a bulletin might write once resolved again later: any of its candidates, or a new
// project from any mention.
void add_possible_writes(const GroupBulletin& bulletin, std::size_t position,
                         ResolutionFootprint& footprint) {
  for (std::size_t i = 0; i < bulletin.facts.size(); ++i) {
    const EntityFacts& facts = bulletin.facts[i];
    footprint.add(facts, planned_project_id(position, i), nullptr);
    for (const EntityFacts& candidate : bulletin.stored[i]) {
      footprint.add(facts, candidate.project_id, &candidate);
    }
  }
}

bool any_mention_overlaps(const GroupBulletin& bulletin, const ResolutionFootprint& footprint) {
  for (std::size_t i = 0; i < bulletin.facts.size(); ++i) {
    if (footprint.overlaps(bulletin.facts[i], bulletin.stored[i])) return true;
  }
  return false;
}

// Which bulletins of `window` (in order; raw_texts[k] is window[k]'s bytes) can be written
// together with the same outcome as one at a time: their positions, ascending, the first always
// among them. A bulletin is left for a later group when
// - its bytes equal an earlier one's (which is not stored yet, so it would not be found as the
//   same bulletin);
// - one of its mentions could be resolved against what an earlier member writes;
// - or it may not overtake an earlier bulletin left out: either could then see the other's
//   writes, in the wrong order.
std::vector<std::size_t> independent_members(pqxx::work& work,
                                             const std::vector<GroupBulletin>& window,
                                             const std::vector<std::string_view>& raw_texts) {
  ResolutionFootprint members;   // what the members write
  ResolutionFootprint left_out;  // what the bulletins left for later might write
  std::vector<const GroupBulletin*> left_out_bulletins;
  std::unordered_set<std::string_view> texts;
  std::vector<std::size_t> chosen;
  for (std::size_t k = 0; k < window.size(); ++k) {
    const GroupBulletin& bulletin = window[k];
    bool joins = texts.insert(raw_texts[k]).second && !any_mention_overlaps(bulletin, members) &&
                 !any_mention_overlaps(bulletin, left_out);
    ResolutionFootprint own;
    if (joins) {
      add_planned_writes(work, bulletin, k, own);
      joins = std::none_of(
          left_out_bulletins.begin(), left_out_bulletins.end(),
          [&](const GroupBulletin* earlier) { return any_mention_overlaps(*earlier, own); });
    }
    if (joins) {
      members.add_all(own);
      chosen.push_back(k);
    } else {
      add_possible_writes(bulletin, k, left_out);
      left_out_bulletins.push_back(&bulletin);
    }
  }
  return chosen;
}

// Ingests the independent members (independent_members) of inputs[window[0]], inputs[window[1]],
// ... in the transaction `work`: each member's index into inputs with its result.
std::vector<std::pair<std::size_t, IngestResult>> ingest_group(
    pqxx::work& work, const std::vector<BulletinToIngest>& inputs,
    const std::vector<std::size_t>& window) {
  exec(work, sql::kUseGenericPlans);
  std::vector<GroupBulletin> candidates(window.size());
  std::vector<std::string_view> raw_texts;
  for (std::size_t k = 0; k < window.size(); ++k) {
    const BulletinToIngest& input = inputs[window[k]];
    candidates[k].parsed = input.parsed;
    candidates[k].publication_date = rows::to_iso_date(input.bulletin.publication_date);
    raw_texts.push_back(input.bulletin.raw_text);
  }
  look_up_mentions(work, candidates);
  std::vector<GroupBulletin> group;
  std::vector<std::size_t> members;  // indexes into inputs
  for (const std::size_t k : independent_members(work, candidates, raw_texts)) {
    group.push_back(std::move(candidates[k]));
    members.push_back(window[k]);
  }

  const pqxx::result ids =
      exec(work, sql::kIngestBulletins,
           pqxx::prepare::make_dynamic_params(group_bulletin_parameters(inputs, members)));
  std::vector<std::pair<std::size_t, IngestResult>> results;
  std::vector<GroupBulletin> fresh;
  std::vector<std::size_t> fresh_at;  // positions in results
  for (std::size_t k = 0; k < group.size(); ++k) {
    IngestResult& result = results.emplace_back(members[k], IngestResult{}).second;
    const pqxx::field id = ids[static_cast<pqxx::result::size_type>(k)][0];
    if (!id.is_null()) {
      group[k].id = id.as<std::int64_t>();
      fresh.push_back(std::move(group[k]));
      fresh_at.push_back(k);
      continue;
    }
    // Same bytes as an earlier bulletin (possibly committed just now by a concurrent call).
    const pqxx::result existing = exec(work, sql::kFindBulletinByContent,
                                       pqxx::binarystring(inputs[members[k]].bulletin.raw_text));
    if (existing.empty()) {
      throw StoreError(StoreErrorCode::kAborted, "a concurrent ingest of this bulletin failed");
    }
    result = earlier_result(work, existing[0][0].as<std::int64_t>());
  }
  if (!fresh.empty()) merge_mentions(work, fresh, /*replaced_observations=*/false);
  for (std::size_t j = 0; j < fresh.size(); ++j) {
    IngestResult& result = results[fresh_at[j]].second;
    result.bulletin_id = fresh[j].id;
    result.created_project_ids = fresh[j].outcome.created.take();
    result.updated_project_ids = fresh[j].outcome.updated.take();
    result.review_project_ids = fresh[j].outcome.review.take();
  }
  return results;
}

}  // namespace

IngestResult ProjectStore::ingest(const BulletinInput& bulletin, const v1::ParseResult& parsed,
                                  const CallOptions& options) {
  IngestOutcome outcome =
      std::move(ingest_batch({BulletinToIngest{bulletin, &parsed}}, options).front());
  if (const StoreError* error = std::get_if<StoreError>(&outcome)) throw *error;
  return std::get<IngestResult>(std::move(outcome));
}

std::vector<IngestOutcome> ProjectStore::ingest_batch(
    const std::vector<BulletinToIngest>& bulletins, const CallOptions& options) {
  std::vector<std::optional<IngestOutcome>> outcomes(bulletins.size());
  std::vector<std::size_t> pending(bulletins.size());  // in order
  std::iota(pending.begin(), pending.end(), std::size_t{0});
  // After a group fails, its bulletins go one at a time, so a failure stays with its bulletin.
  std::size_t alone = 0;
  while (!pending.empty()) {
    const std::size_t size = std::min(pending.size(), alone > 0 ? 1 : kMaxGroupBulletins);
    const std::vector<std::size_t> window(pending.begin(),
                                          pending.begin() + static_cast<std::ptrdiff_t>(size));
    try {
      std::vector<std::pair<std::size_t, IngestResult>> results = run_transaction(
          pool_, options, [&](pqxx::work& work) { return ingest_group(work, bulletins, window); });
      for (auto& [index, result] : results) outcomes[index] = std::move(result);
      if (alone > 0) --alone;
    } catch (const StoreError& error) {
      if (error.code() == StoreErrorCode::kUnavailable ||
          error.code() == StoreErrorCode::kDeadlineExceeded ||
          error.code() == StoreErrorCode::kCancelled) {
        for (const std::size_t index : pending) outcomes[index] = error;
      } else if (window.size() > 1) {
        alone = window.size();
        continue;
      } else {
        outcomes[window.front()] = error;
        if (alone > 0) --alone;
      }
    }
    std::erase_if(pending, [&](std::size_t index) { return outcomes[index].has_value(); });
  }
  std::vector<IngestOutcome> done;
  done.reserve(outcomes.size());
  for (std::optional<IngestOutcome>& outcome : outcomes) done.push_back(std::move(*outcome));
  return done;
}

ReparseResult ProjectStore::apply_reparse(std::int64_t bulletin_id, const v1::ParseResult& parsed,
                                          const CallOptions& options) {
  return run_transaction(pool_, options, [&](pqxx::work& work) {
    exec(work, sql::kUseGenericPlans);
    const pqxx::result bulletin = exec(work, sql::kLockBulletin, bulletin_id);
    if (bulletin.empty()) {
      throw StoreError(StoreErrorCode::kNotFound,
                       "bulletin " + std::to_string(bulletin_id) + " does not exist");
    }
    const std::string publication_date =
        bulletin[0][1].is_null() ? std::string() : bulletin[0][1].as<std::string>();
    // A mention under the same name as before stays with the project it was placed in (a
    // reviewer may have confirmed that); everything else is resolved afresh.
    std::map<std::string, Placement> known;
    std::set<std::string> previous_projects;
    for (const pqxx::row& row : exec(work, sql::kBulletinObservations, bulletin_id)) {
      v1::Project fields;
      rows::observation_fields(row[2], row[3], &fields);
      Placement placement;
      placement.project_id = row[1].as<std::string>();
      placement.rule = row[4].as<std::string>();
      placement.confidence = row[5].as<double>();
      known.emplace(normalize_name_key(fields.display_name()), placement);
      previous_projects.insert(placement.project_id);
    }
    exec(work, sql::kDeleteBulletinObservations, bulletin_id);
    exec(work, sql::kDeleteArticles, bulletin_id);
    insert_articles(work, bulletin_id, parsed);
    // Projects the bulletin no longer mentions are recomputed from what is left.
    std::vector<GroupBulletin> group(1);
    group[0].id = bulletin_id;
    group[0].parsed = &parsed;
    group[0].publication_date = publication_date;
    look_up_mentions(work, group, known);
    merge_mentions(work, group, /*replaced_observations=*/true, known, previous_projects);
    exec(work, sql::kMarkBulletinReparsed, bulletin_id);
    ReparseResult result;
    result.created_project_ids = group[0].outcome.created.take();
    result.updated_project_ids = group[0].outcome.updated.take();
    return result;
  });
}

}  // namespace investtrack::store
