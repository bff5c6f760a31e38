// Resolving the places a text mentions to one location (Gazetteer::Impl::resolve): the most
// specific division consistent with the others and with the context (an article's city), and a
// zone. Kept apart from the tables (places.cc) and from matching (place_matching.cc): it reads
// mentions, not text.
#include <algorithm>
#include <array>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <map>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "places_internal.h"

namespace investtrack::parser {

using namespace places_internal;

const Division* Gazetteer::Impl::context_division(const Location& context) const {
  if (!context.division_code.empty()) {
    auto it = by_code.find(context.division_code);
    if (it != by_code.end()) return it->second;
  }
  auto named = [&](const std::string& name, const Division* within) -> const Division* {
    if (name.empty()) return nullptr;
    const Surface* s = surface_of(name);
    if (s == nullptr) return nullptr;
    std::vector<const Division*> pool = s->full.empty() ? s->short_of : s->full;
    if (within != nullptr)
      std::erase_if(pool, [&](const Division* d) { return !is_ancestor_or_self(within, d); });
    return pool.size() == 1 ? pool.front() : nullptr;
  };
  const Division* province = named(context.province, nullptr);
  const Division* city = named(context.city, province);
  // A municipality's "city" is the province itself.
  if (city != nullptr && city->level == DivisionLevel::kProvince) city = nullptr;
  const Division* county = named(context.county, city != nullptr ? city : province);
  if (county != nullptr) return county;
  if (city != nullptr) return city;
  return province;
}

Location Gazetteer::Impl::resolve(const std::vector<PlaceMention>& mentions,
                                  const Location& context) const {
  const Division* ctx = context_division(context);

  // Candidate sets; a zone counts as a place only when no place mention starts where it does
  // (忻州经济开发区 already gave 忻州).
  // Offsets where a place mention starts, collected once: comparing every zone with every
  // mention was quadratic in the mentions of a project named many times.
  std::unordered_set<std::size_t> place_begins;
  for (const PlaceMention& mention : mentions)
    if (!mention.is_zone) place_begins.insert(mention.span.begin);
  // Views of the mentions' candidate lists, which outlive this call.
  std::vector<std::span<const Division* const>> sets;
  std::vector<std::size_t> order;
  for (std::size_t m = 0; m < mentions.size(); ++m) {
    const PlaceMention& mention = mentions[m];
    if (mention.candidates.empty()) continue;
    if (mention.is_zone && place_begins.count(mention.span.begin)) continue;
    sets.emplace_back(mention.candidates);
    order.push_back(m);
  }

  std::vector<const Division*> resolved(sets.size(), nullptr);
  for (std::size_t s = 0; s < sets.size(); ++s)
    if (sets[s].size() == 1) resolved[s] = sets[s].front();
  // A project named many times brings many mentions, so "is another mention's division above or
  // below this candidate" is answered from counts rather than by comparing every pair:
  // at[x] counts the mentions resolved to x, under[x] those resolved strictly below x.
  std::unordered_map<const Division*, std::size_t> at;
  std::unordered_map<const Division*, std::size_t> under;
  auto count = [&](const Division* d, int delta) {
    if (d == nullptr) return;
    at[d] += static_cast<std::size_t>(delta);
    for (const Division* a = parent(d); a != nullptr; a = parent(a))
      under[a] += static_cast<std::size_t>(delta);
  };
  // Whether a mention other than `self` is resolved to a division related to `candidate` and
  // different from it. `self` counts in at/under when `self_counted`.
  auto supported = [&](const Division* candidate, const Division* self, bool self_counted) {
    std::size_t below = under.count(candidate) ? under.at(candidate) : 0;
    if (self_counted && self != candidate && is_ancestor_or_self(candidate, self)) --below;
    if (below > 0) return true;
    for (const Division* a = parent(candidate); a != nullptr; a = parent(a)) {
      std::size_t n = at.count(a) ? at.at(a) : 0;
      if (self_counted && self == a) --n;
      if (n > 0) return true;
    }
    return false;
  };
  // Settles mention s from the candidates other mentions support (`pool`), then the context.
  auto resolve_one = [&](std::size_t s, std::vector<const Division*>& pool) {
    if (pool.size() != 1 && ctx != nullptr) {
      std::vector<const Division*> in_context;
      const std::span<const Division* const> considered =
          pool.empty() ? sets[s] : std::span<const Division* const>(pool);
      for (const Division* candidate : considered)
        if (related(ctx, candidate)) in_context.push_back(candidate);
      if (!in_context.empty()) pool = std::move(in_context);
    }
    if (pool.empty()) pool.assign(sets[s].begin(), sets[s].end());
    if (pool.size() == 1) {
      resolved[s] = pool.front();
      return;
    }
    // Still ambiguous: keep only what all candidates share (two 城区 in one province -> it).
    const Division* shared = nullptr;
    for (const Division* ancestor : chain(pool.front())) {
      if (std::all_of(pool.begin(), pool.end(),
                      [&](const Division* d) { return is_ancestor_or_self(ancestor, d); })) {
        shared = ancestor;
        break;
      }
    }
    resolved[s] = shared;
  };
  // Ambiguous names (鼓楼区): first the other places in the list, then the context. Two rounds so
  // a name settled in the first round can settle another.
  for (int round = 0; round < 2; ++round) {
    // Round 0 reads only names that were never ambiguous; round 1 every name resolved so far,
    // including those this round resolves as it goes.
    at.clear();
    under.clear();
    for (std::size_t o = 0; o < sets.size(); ++o)
      if (!(sets[o].size() > 1 && round == 0)) count(resolved[o], +1);
    for (std::size_t s = 0; s < sets.size(); ++s) {
      if (sets[s].size() < 2 ||
          (resolved[s] != nullptr && resolved[s]->level == DivisionLevel::kCounty))
        continue;
      const bool self_counted = round == 1 && resolved[s] != nullptr;
      std::vector<const Division*> pool;
      for (const Division* candidate : sets[s]) {
        if (supported(candidate, resolved[s], self_counted)) pool.push_back(candidate);
      }
      const Division* const before = resolved[s];
      resolve_one(s, pool);
      if (round == 1 && resolved[s] != before) {
        count(before, -1);
        count(resolved[s], +1);
      }
    }
  }

  // The most supported division: each resolved mention supports every division below it. The
  // context breaks ties only; then deeper wins, then the earlier mention.
  const Division* best = nullptr;
  double best_score = -1;
  std::size_t best_order = 0;
  at.clear();
  for (const Division* d : resolved)
    if (d != nullptr) ++at[d];
  for (std::size_t s = 0; s < resolved.size(); ++s) {
    const Division* d = resolved[s];
    if (d == nullptr) continue;
    // One point per mention resolved to d or above it.
    std::size_t support = 0;
    for (const Division* a : chain(d)) support += at.count(a) ? at.at(a) : 0;
    auto score = static_cast<double>(support);
    if (ctx != nullptr && related(ctx, d)) score += 0.5;
    score += 0.01 * static_cast<int>(d->level);
    if (best == nullptr || score > best_score || (score == best_score && order[s] < best_order)) {
      best = d;
      best_score = score;
      best_order = order[s];
    }
  }
  // The context is more specific and agrees (the article is about 长治市, the mention says 山西省).
  if (best != nullptr && ctx != nullptr && best != ctx && is_ancestor_or_self(best, ctx))
    best = ctx;
  if (best == nullptr) best = ctx;

  Location out;
  for (const Division* d : chain(best)) {
    switch (d->level) {
      case DivisionLevel::kProvince:
        out.province = d->name;
        if (ends_with(d->name, "市")) out.city = d->name;  // municipalities: 北京市 is both
        break;
      case DivisionLevel::kCity:
        out.city = d->name;
        break;
      case DivisionLevel::kCounty:
        out.county = d->name;
        break;
    }
  }
  if (best != nullptr) out.division_code = best->code;

  for (const PlaceMention& mention : mentions) {
    if (!mention.is_zone) continue;
    const bool consistent = best == nullptr || mention.candidates.empty() ||
                            std::any_of(mention.candidates.begin(), mention.candidates.end(),
                                        [&](const Division* d) { return related(d, best); });
    if (consistent) {
      out.zone = mention.zone_name;
      break;
    }
  }
  if (out.zone.empty() && !context.zone.empty() &&
      (best == nullptr || ctx == nullptr || related(ctx, best)))
    out.zone = context.zone;
  if (best == nullptr && out.zone.empty()) return context;
  return out;
}

}  // namespace investtrack::parser
