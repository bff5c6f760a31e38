// Synthetic bulletins for the store's ingest benchmark: varied Chinese text (real places, owners,
// products, statuses, amounts) that the real parser turns into several projects each, drawn from a
// shared pool so that later bulletins mention projects earlier ones created (merges, not only
// inserts).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "investtrack/parser/types.h"

namespace investtrack::bench {

struct SyntheticCorpusOptions {
  std::size_t bulletins = 10000;
  // Distinct projects the bulletins draw from; fewer than the mentions, so most repeat.
  std::size_t distinct_projects = 15000;
  std::size_t min_projects_per_bulletin = 3;
  std::size_t max_projects_per_bulletin = 6;
  std::uint32_t seed = 20231031;
};

struct SyntheticBulletin {
  std::string source;
  parser::CivilDate date;
  std::string text;  // UTF-8
};

// Deterministic for a given options value.
std::vector<SyntheticBulletin> synthetic_corpus(const SyntheticCorpusOptions& options);

}  // namespace investtrack::bench
