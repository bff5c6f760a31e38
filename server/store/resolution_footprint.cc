#include "resolution_footprint.h"

#include <algorithm>

namespace investtrack::store {
namespace {

std::string stem_of(const std::string& name_key) { return name_key.substr(0, name_key.find('#')); }

}  // namespace

void ResolutionFootprint::add(const EntityFacts& mention, const std::string& project_id,
                              const EntityFacts* stored) {
  WrittenProject& written = written_[project_id];
  written.cities.insert(mention.city);
  written.stems.push_back(stem_of(mention.name_key));
  // Both the keys it stores and those it looks up: another mention may look up the first or
  // store the second.
  alias_keys_.insert(mention.alias_keys.begin(), mention.alias_keys.end());
  alias_keys_.insert(mention.search_keys.begin(), mention.search_keys.end());
  organization_keys_.insert(mention.organization_keys.begin(), mention.organization_keys.end());
  if (stored != nullptr) {
    // The stored project's own names and organizations reach it already, as a candidate (see
    // overlaps); its place and name matter because the fold may change either.
    written.cities.insert(stored->city);
    written.stems.push_back(stem_of(stored->name_key));
  }
}

void ResolutionFootprint::add_all(const ResolutionFootprint& other) {
  for (const auto& [id, theirs] : other.written_) {
    WrittenProject& mine = written_[id];
    mine.cities.insert(theirs.cities.begin(), theirs.cities.end());
    mine.stems.insert(mine.stems.end(), theirs.stems.begin(), theirs.stems.end());
  }
  alias_keys_.insert(other.alias_keys_.begin(), other.alias_keys_.end());
  organization_keys_.insert(other.organization_keys_.begin(), other.organization_keys_.end());
}

bool ResolutionFootprint::overlaps(const EntityFacts& mention,
                                   const std::vector<EntityFacts>& candidates) const {
  if (written_.empty()) return false;
  for (const EntityFacts& candidate : candidates) {
    if (written_.count(candidate.project_id) != 0) return true;
  }
  const auto shares = [](const std::vector<std::string>& keys,
                         const std::unordered_set<std::string>& written) {
    return std::any_of(keys.begin(), keys.end(),
                       [&](const std::string& key) { return written.count(key) != 0; });
  };
  if (shares(mention.alias_keys, alias_keys_) || shares(mention.search_keys, alias_keys_))
    return true;
  // Organizations without their places: the lookup skips a conflicting place, but the fold may
  // give a written project a place no single mention had.
  if (shares(mention.organization_keys, organization_keys_)) return true;
  // Containment, as the lookup does it: same city, a stem of at least two code points, one name
  // inside the other (bytes suffice: UTF-8 never matches inside a character).
  const std::string stem = stem_of(mention.name_key);
  if (mention.city.empty() || code_point_count(stem) < 2) return false;
  for (const auto& [id, written] : written_) {
    if (written.cities.count(mention.city) == 0) continue;
    for (const std::string& other : written.stems) {
      if (other.empty()) continue;
      if (other.find(stem) != std::string::npos || stem.find(other) != std::string::npos) {
        return true;
      }
    }
  }
  return false;
}

}  // namespace investtrack::store
