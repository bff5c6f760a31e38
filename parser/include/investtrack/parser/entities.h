// Organizations, industry and project level read from normalized text.
#pragma once

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

// A stable industry key (photovoltaics, airport, food_processing, semiconductor, ...) from a project's
// name and sentences; empty when nothing fits.
std::string classify_industry(std::string_view text);

// 省级重点工程, 国家重大项目, 重大转型项目, 市级重点项目 ...; empty when none.
std::string find_project_level(std::string_view text);

}  // namespace investtrack::parser
