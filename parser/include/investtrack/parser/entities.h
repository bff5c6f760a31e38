// Organizations, industry and project level read from normalized text.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "investtrack/parser/types.h"

namespace investtrack::parser {

struct OrgMention {
  std::string name;  // 一道新能源科技(衢州)有限公司, 三峡新能源集团山西分公司
  Span span;
};
// Companies and institutions: names ending in 有限公司, 股份有限公司, 有限责任公司, 集团, 分公司,
// 公司, 研究院, ... including a parenthesised place inside the name.
std::vector<OrgMention> find_organizations(std::string_view text);

// A stable industry key (photovoltaics, airport, food_processing, semiconductor, ...) from a
// project's name and sentences; empty when nothing fits.
std::string classify_industry(std::string_view text);

// classify_industry() of a text handed over piece by piece: result() equals classify_industry()
// of all pieces joined, but only counts and a few trailing bytes are kept, so a project named in
// thousands of sentences does not hold a copy of them all.
class IndustryTally {
 public:
  // The industry keywords in a piece, found once: a piece added to several tallies, or read on
  // another thread, need not be searched again.
  struct Keyword {
    std::uint32_t offset = 0;  // in the piece
    std::uint16_t size = 0;    // bytes
    std::uint16_t rule = 0;
  };
  using Keywords = std::vector<Keyword>;
  static Keywords keywords_in(std::string_view piece);

  void add(std::string_view piece);
  // The same as add(piece), with keywords == keywords_in(piece).
  void add(std::string_view piece, const Keywords& keywords);
  std::string result() const;

 private:
  // add()'s part up to the piece's own keywords: those that start in the kept tail and run into the
  // piece. Returns where in the piece its own keywords are read from (0, or its size when the
  // piece was read whole with the tail).
  std::size_t add_seam(std::string_view piece);
  void count(std::size_t joined_offset, std::size_t keyword_size, std::size_t rule);
  // Counts the piece's keywords that start at or after `from`.
  void count_own(std::string_view piece, std::size_t from);
  void keep_tail(std::string_view piece);

  std::vector<int> hits_;           // per rule
  std::vector<std::size_t> first_;  // per rule: offset of its first keyword in the joined text
  std::size_t consumed_ = 0;        // bytes added so far
  std::string tail_;                // last bytes added, where a keyword may continue
};

// 省级重点工程, 国家重大项目, 重大转型项目, 市级重点项目 ...; empty when none.
std::string find_project_level(std::string_view text);

}  // namespace investtrack::parser
