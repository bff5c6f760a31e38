// Whether bulletins can share one write without changing how their mentions are resolved.
//
// Ingesting a batch of bulletins in one transaction with a few statements is much cheaper than a
// transaction per bulletin, but a bulletin must still be resolved as if the ones before it were
// stored already: a project they create or change can be one of its candidates. The candidate
// lookup (kFindCandidates) reaches a project only through a shared name key or alias, a shared
// organization, or a name containing or contained in the mention's in the same city. A footprint
// collects, for the mentions already placed, every way a later mention could reach what they
// write; a bulletin none of whose mentions overlaps it resolves the same with or without those
// writes, so it can join them.
#pragma once

#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "entity_resolution.h"

namespace investtrack::store {

class ResolutionFootprint {
 public:
  // A mention placed in project `project_id`: `stored` is that project's facts as the lookup
  // returned them when it exists already, nullptr when the mention creates it.
  void add(const EntityFacts& mention, const std::string& project_id, const EntityFacts* stored);

  // Whether `mention`, with the stored candidates the lookup found for it, could be resolved
  // differently once the added mentions are written: a candidate is a project they change, or
  // the lookup could reach what they write through a name, an organization or a containing name.
  // Errs towards true (a false "yes" only costs a smaller batch).
  bool overlaps(const EntityFacts& mention, const std::vector<EntityFacts>& candidates) const;

  // Adds everything `other` holds.
  void add_all(const ResolutionFootprint& other);

  bool empty() const { return written_.empty(); }

 private:
  // What a written project may end up with. Its city and name may come from different mentions
  // (the fold picks each field on its own), so every city is paired with every name.
  struct WrittenProject {
    std::unordered_set<std::string> cities;
    std::vector<std::string> stems;  // phase-less name keys
  };

  std::unordered_map<std::string, WrittenProject> written_;  // by project id
  std::unordered_set<std::string> alias_keys_;
  std::unordered_set<std::string> organization_keys_;
};

}  // namespace investtrack::store
