// Entity resolution across bulletins, without the database: name keys, and the decision whether a
// mention is an existing project, a new one, or a doubtful case for a reviewer.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "investtrack/v1/project.pb.h"

namespace investtrack::store {

// A name's comparison key: traditional characters folded to simplified and the pinyin readings web
// converters print after characters dropped (the parser's NormalizedText), full-width forms folded
// to ASCII, ASCII lower-cased, spaces, quotes, brackets and punctuation dropped, a trailing
// 项目/工程 removed, and a phase (一期, 第二期, 3期) moved to the end as "#<n>" so that
// "X一期项目", "X项目（一期）" and "X项目一期" share a key while "X二期" keeps its own. Never cuts
// inside a UTF-8 character; invalid bytes are dropped.
std::string normalize_name_key(std::string_view name);

// The phase number a name carries ("2" for 二期), or empty.
std::string phase_of_key(std::string_view key);

// An organization's comparison key: like a name key, with the legal form (股份有限公司, 有限公司,
// 有限责任公司, 集团, 公司) removed from the end.
std::string normalize_organization_key(std::string_view name);

// Keys under which a name finds a stored project written another way. Each starts with '~', which
// no name key holds (punctuation is dropped from those), so they never meet a name key:
// - "~" + the core + "@" + city: the core is the key (phase left out) without leading place names
//   (上海, 鹤山市), a leading organization of the project (its key, 中核 for 中核集团) and
//   trailing generic heads (项目, 产业园, 生产基地, 乐园, 度假区, 一体化...): 上海迪士尼乐园 and
//   迪士尼主题公园 in 上海市 share "~迪士尼@上海市". The city keeps one brand's projects in other
//   cities (and the bulletins that mention them) apart.
//   Only cores of at least kMinCoreLength code points that are not made of words for a kind of
//   project alone (物流园, 污水处理厂) are kept.
// - "~" + the core + "@@" + province, for cores of at least kMinProvinceCoreLength code points,
//   followed by "?" when the project names no city: a province-wide report names a project
//   without its city (巴音布鲁克机场) where the city's report names it with (和静(巴音布鲁克)机场
//   新建工程 in 巴音郭楞蒙古自治州), and the city key alone would never bring them together. A
//   project with a city looks up only the "?" form (search_keys), so that the same core in the
//   province's other cities costs no lookups; one without looks up both.
// - "~@" + city + "/" + facility: for a name that says only "the (new) airport of the place"
//   (北京新机场, 北京大兴国际机场: a place, then 新/国际/第二..., then a facility word), which
//   refers to the one such facility of that city under whatever name it carries.
std::vector<std::string> derived_keys(std::string_view name_key,
                                      const std::vector<std::string>& organization_keys,
                                      std::string_view city, std::string_view province = {});

inline constexpr std::size_t kMinProvinceCoreLength = 5;

inline constexpr std::size_t kMinCoreLength = 3;

// Whether `name` is `whole` followed by a part of the works (北京新机场主航站楼 of 北京新机场,
// 港珠澳大桥人工岛 of 港珠澳大桥): such a name is evidence for the project, never its name.
bool is_part_name(std::string_view name, std::string_view whole);
// is_part_name for names already keyed (normalize_name_key).
bool is_part_key(std::string_view part_key, std::string_view whole_key);
// Whether a keyed name names a part of the works of some project, whatever that project is
// called (北京大兴国际机场航站区工程 of the project also called 北京新机场).
bool names_a_part_of_works(std::string_view name_key);

// The key of a national project code (GB/T 40058, Project::project_code): "~#" + the code. A
// project's code identifies it whatever the name: two different codes are two projects.
std::string project_code_key(std::string_view code);

// Number of Unicode code points.
std::size_t code_point_count(std::string_view text);

// Every run of `length` consecutive code points in text, each once, in order of first position;
// none when text is shorter. Never cuts inside a UTF-8 character.
std::vector<std::string> code_point_runs(std::string_view text, std::size_t length);

// Looking up the stored names a mention's name contains, a name of up to this many code points
// is found by its first two, a longer one by its first kShortNameMaxLength + 1 (the partial
// indexes of migration 0006 split the names at the same length).
inline constexpr std::size_t kShortNameMaxLength = 6;

// What entity resolution compares, for a mention or a stored project.
struct EntityFacts {
  std::string project_id;  // empty for a mention
  std::string name_key;
  std::vector<std::string> alias_keys;  // including name_key and the derived_keys
  // The keys a mention looks stored projects up by: alias_keys, with the province-level core
  // keys of the other kind (see derived_keys).
  std::vector<std::string> search_keys;
  std::vector<std::string> organization_keys;
  std::string province;
  std::string city;
  std::string county;
  std::string division_code;
  std::vector<v1::Quantity> capacities;
};

EntityFacts facts_of(const v1::Project& project);

// The organizations' keys alone (what facts_of puts in organization_keys), without the name and
// derived keys: what a project row stores on every write.
std::vector<std::string> organization_keys_of(const v1::Project& project);

enum class MatchRule {
  kNone,                       // nothing close: a new project
  kNameKey,                    // same normalized name
  kAliasKey,                   // a name of one is a known alias of the other
  kOrganizationPlaceCapacity,  // same owner, same place, same size or a similar name
  kCoreName,                   // the same name once places, owner and generic heads are left out
  kPartOf,  // one name is the other's followed by a part of the works (航站楼, 主体结构)
  kPlaceFacility,  // "the new airport of the city": the one such facility of that place
  kProjectCode,    // the same national project code (GB/T 40058)
};

std::string_view to_string(MatchRule rule);

struct ScoredCandidate {
  std::string project_id;
  MatchRule rule = MatchRule::kNone;
  double score = 0;
  std::string reason;  // English, for the review queue
};

struct MatchDecision {
  enum class Outcome { kMatch, kNew, kAmbiguous };
  Outcome outcome = Outcome::kNew;
  // kMatch: the project and how it was found.
  std::string project_id;
  MatchRule rule = MatchRule::kNone;
  double confidence = 0;
  // kAmbiguous: the candidates a reviewer should compare with the new, separate project.
  std::vector<ScoredCandidate> candidates;
};

// Names shorter than this (in code points, phase excluded) are too generic to merge on alone.
inline constexpr std::size_t kMinConfidentNameKeyLength = 4;
// A merge on attributes alone needs at least this score; weaker but plausible ones go to review.
inline constexpr double kMergeThreshold = 0.8;
inline constexpr double kReviewThreshold = 0.5;

// Decides against the candidates the store fetched (projects sharing a name key or alias, an
// organization, or a containing name in the same city). A wrong merge costs more than a missed
// one: only a single clear candidate is merged; a conflict of place, phase or size rules one out.
MatchDecision resolve_mention(const EntityFacts& mention,
                              const std::vector<EntityFacts>& candidates);

}  // namespace investtrack::store
