// China's administrative divisions (GB/T 2260) and development zones found in text.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "investtrack/parser/types.h"

namespace investtrack::parser {

enum class DivisionLevel { kProvince, kCity, kCounty };

struct Division {
  std::string code;        // 6 digits
  std::string name;        // 武乡县
  std::string short_name;  // 武乡 (empty when a short form would be too ambiguous)
  DivisionLevel level = DivisionLevel::kCounty;
  std::string parent_code;  // city for a county, province for a city, empty for a province
};

struct PlaceMention {
  Span span;                                // in the text searched
  std::vector<const Division*> candidates;  // several when the name repeats (鼓楼区)
  bool is_zone = false;                     // a development zone / park named in the text
  std::string zone_name;                    // 忻州经济开发区 when is_zone
};

// Immutable after construction; safe to share between threads.
class Gazetteer {
 public:
  static const Gazetteer& instance();  // the bundled table, built once

  const Division* by_code(std::string_view code) const;
  // Place names in text, longest match first, with word-boundary checks (武乡 not in 南武乡镇).
  std::vector<PlaceMention> find(std::string_view text) const;
  // A full location for mentions, disambiguated by context (the article's lead city, earlier
  // places): a county fixes its city and province.
  Location resolve(const std::vector<PlaceMention>& mentions, const Location& context) const;

 private:
  Gazetteer();
  struct Impl;
  std::shared_ptr<const Impl> impl_;
};

}  // namespace investtrack::parser
