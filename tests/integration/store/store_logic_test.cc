// The store's pure logic, no database: name keys, entity resolution, the filter compiler, and
// row conversions.
#include <chrono>

#include <gtest/gtest.h>

#include "server/store/call_options.h"
#include "server/store/entity_resolution.h"
#include "server/store/filter.h"
#include "server/store/project_rows.h"
#include "server/store/store_error.h"

namespace investtrack::store {
namespace {

TEST(NameKey, FoldsQuotesSpacesWidthAndSuffix) {
  EXPECT_EQ(normalize_name_key("“武乡县 光伏产业园”项目"), normalize_name_key("武乡县光伏产业园"));
  EXPECT_EQ(normalize_name_key("ＡＢＣ新材料工程"), normalize_name_key("abc新材料"));
  EXPECT_EQ(normalize_name_key("《晶科能源》组件项目"), "晶科能源组件");
  EXPECT_EQ(normalize_name_key("储能电站工程项目"), "储能电站");
  // The suffix is not stripped from the middle of a name.
  EXPECT_EQ(normalize_name_key("项目管理中心"), "项目管理中心");
  // A bare suffix keeps a key rather than becoming empty.
  EXPECT_EQ(normalize_name_key("项目"), "项目");
}

TEST(NameKey, PhaseMovesToTheEndWhereverItIsWritten) {
  const std::string key = normalize_name_key("长治光伏一期项目");
  EXPECT_EQ(key, "长治光伏#1");
  EXPECT_EQ(normalize_name_key("长治光伏项目（一期）"), key);
  EXPECT_EQ(normalize_name_key("长治光伏项目第一期"), key);
  EXPECT_EQ(normalize_name_key("长治光伏项目1期"), key);
  EXPECT_EQ(normalize_name_key("长治光伏二期工程"), "长治光伏#2");
  EXPECT_EQ(normalize_name_key("长治光伏十二期"), "长治光伏#12");
  EXPECT_EQ(phase_of_key(key), "1");
  EXPECT_EQ(phase_of_key("长治光伏"), "");
}

TEST(NameKey, WordsEndingIn期AreNoPhase) {
  EXPECT_EQ(phase_of_key(normalize_name_key("前期工作推进项目")), "");
  EXPECT_EQ(phase_of_key(normalize_name_key("十四五期间重点项目")), "");
  EXPECT_EQ(phase_of_key(normalize_name_key("同期建设项目")), "");
}

TEST(NameKey, InvalidUtf8IsDroppedNotCut) {
  const std::string broken = std::string("光伏") + "\xE5\x85" + "项目";  // truncated 光
  const std::string key = normalize_name_key(broken);
  EXPECT_EQ(key, "光伏");
  EXPECT_EQ(normalize_name_key(std::string("\xFF\xFE", 2)), "");
  EXPECT_EQ(code_point_count("晶科a"), 3u);
}

TEST(CodePointRuns, EveryRunOnceWithoutCuttingCharacters) {
  EXPECT_EQ(code_point_runs("晶科能源", 2), (std::vector<std::string>{"晶科", "科能", "能源"}));
  EXPECT_EQ(code_point_runs("ab晶科ab", 2),
            (std::vector<std::string>{"ab", "b晶", "晶科", "科a"}));  // "ab" once
  EXPECT_EQ(code_point_runs("光伏电站", 4), std::vector<std::string>{"光伏电站"});
  EXPECT_TRUE(code_point_runs("光伏", 3).empty());
  EXPECT_TRUE(code_point_runs("", 2).empty());
  EXPECT_TRUE(code_point_runs("光伏", 0).empty());
  // A truncated character counts as one and is never split.
  const std::string truncated = std::string("光伏") + "\xe5\x85";
  EXPECT_EQ(code_point_runs(truncated, 2),
            (std::vector<std::string>{"光伏", std::string("伏") + "\xe5\x85"}));
  EXPECT_EQ(code_point_runs(truncated, 3).size(), 1u);
}

TEST(OrganizationKey, DropsLegalForm) {
  EXPECT_EQ(normalize_organization_key("晶科能源股份有限公司"), "晶科能源");
  EXPECT_EQ(normalize_organization_key("晶科能源有限公司"), "晶科能源");
  EXPECT_EQ(normalize_organization_key("山西 潞安集团"), "山西潞安");
  EXPECT_EQ(normalize_organization_key("公司"), "公司");
}

v1::Quantity capacity(double value, const std::string& unit) {
  v1::Quantity q;
  q.set_value(value);
  q.set_unit(unit);
  return q;
}

// The facts of a stored project (id) or of a mention (id empty).
EntityFacts facts_with_id(const std::string& id, const v1::Project& project) {
  EntityFacts f = facts_of(project);
  f.project_id = id;
  return f;
}

EntityFacts facts(const std::string& id, const std::string& name, const std::string& city,
                  const std::string& county, std::vector<std::string> orgs = {},
                  std::vector<v1::Quantity> capacities = {}) {
  v1::Project project;
  project.set_display_name(name);
  project.mutable_location()->set_city(city);
  project.mutable_location()->set_county(county);
  for (auto& org : orgs) project.add_organizations(org);
  for (auto& c : capacities) *project.add_capacities() = c;
  return facts_with_id(id, project);
}

TEST(Resolve, SameNameSamePlaceMerges) {
  const auto decision = resolve_mention(facts("", "“武乡光伏产业园”项目", "长治市", "武乡县"),
                                        {facts("p1", "武乡光伏产业园", "长治市", "")});
  EXPECT_EQ(decision.outcome, MatchDecision::Outcome::kMatch);
  EXPECT_EQ(decision.project_id, "p1");
  EXPECT_EQ(decision.rule, MatchRule::kNameKey);
  EXPECT_GE(decision.confidence, kMergeThreshold);
}

TEST(Resolve, SameNameInAnotherCityGoesToReview) {
  const auto decision = resolve_mention(facts("", "光伏产业园项目", "大同市", ""),
                                        {facts("p1", "光伏产业园项目", "长治市", "")});
  EXPECT_EQ(decision.outcome, MatchDecision::Outcome::kAmbiguous);
  ASSERT_EQ(decision.candidates.size(), 1u);
  EXPECT_EQ(decision.candidates[0].project_id, "p1");
}

TEST(Resolve, ShortGenericNameIsNotMergedAlone) {
  const auto decision =
      resolve_mention(facts("", "晶科项目", "上饶市", ""), {facts("p1", "晶科工程", "上饶市", "")});
  EXPECT_EQ(decision.outcome, MatchDecision::Outcome::kAmbiguous);
}

TEST(Resolve, SameOwnerPlaceAndCapacityMergesUnderAnotherName) {
  const auto decision = resolve_mention(facts("", "晶科能源上饶56GW光伏组件基地", "上饶市",
                                              "广信区", {"晶科能源有限公司"}, {capacity(56, "GW")}),
                                        {facts("p1", "晶科能源56GW高效组件项目", "上饶市", "广信区",
                                               {"晶科能源股份有限公司"}, {capacity(56, "GW")})});
  EXPECT_EQ(decision.outcome, MatchDecision::Outcome::kMatch);
  EXPECT_EQ(decision.rule, MatchRule::kOrganizationPlaceCapacity);
}

TEST(Resolve, SameOwnerDifferentCapacityStaysApart) {
  const auto decision = resolve_mention(
      facts("", "晶科能源储能电池项目", "上饶市", "广信区", {"晶科能源"}, {capacity(10, "GWh")}),
      {facts("p1", "晶科能源电池项目", "上饶市", "广信区", {"晶科能源"}, {capacity(2, "GWh")})});
  EXPECT_EQ(decision.outcome, MatchDecision::Outcome::kNew);
}

TEST(Resolve, SameOwnerAndPlaceWithoutCapacityOnlyAsks) {
  const auto decision =
      resolve_mention(facts("", "潞安武乡光伏电站扩建项目", "长治市", "武乡县", {"潞安集团"}),
                      {facts("p1", "潞安武乡光伏电站项目", "长治市", "武乡县", {"潞安集团"})});
  EXPECT_EQ(decision.outcome, MatchDecision::Outcome::kAmbiguous);
}

TEST(Resolve, DifferentNumbersInNamesKeepProjectsApart) {
  const auto decision = resolve_mention(
      facts("", "潞安武乡3号光伏电站", "长治市", "武乡县", {"潞安集团"}, {capacity(50, "MW")}),
      {facts("p1", "潞安武乡2号光伏电站", "长治市", "武乡县", {"潞安集团"}, {capacity(50, "MW")})});
  EXPECT_EQ(decision.outcome, MatchDecision::Outcome::kNew);
}

TEST(Resolve, PhasesNeverMerge) {
  const auto decision =
      resolve_mention(facts("", "长治光伏二期项目", "长治市", "", {"潞安集团"}),
                      {facts("p1", "长治光伏一期项目", "长治市", "", {"潞安集团"})});
  EXPECT_EQ(decision.outcome, MatchDecision::Outcome::kNew);
}

TEST(Resolve, TwoStrongCandidatesAreAmbiguous) {
  const auto decision = resolve_mention(facts("", "武乡县煤层气综合利用项目", "长治市", ""),
                                        {facts("p1", "武乡县煤层气综合利用", "长治市", ""),
                                         facts("p2", "武乡县煤层气综合利用工程", "长治市", "")});
  EXPECT_EQ(decision.outcome, MatchDecision::Outcome::kAmbiguous);
  EXPECT_EQ(decision.candidates.size(), 2u);
}

TEST(Resolve, NothingCloseIsNew) {
  const auto decision = resolve_mention(facts("", "沁县粮食加工项目", "长治市", "沁县"),
                                        {facts("p1", "黎城县物流园", "长治市", "黎城县")});
  EXPECT_EQ(decision.outcome, MatchDecision::Outcome::kNew);
  EXPECT_EQ(resolve_mention(facts("", "沁县粮食加工项目", "", ""), {}).outcome,
            MatchDecision::Outcome::kNew);
}

// --- one project written many ways (issue 15): script, places, owner, heads, parts -----------

TEST(NameKey, TraditionalScriptAndConverterPinyinFoldToTheSimplifiedKey) {
  EXPECT_EQ(normalize_name_key("臨港風電場項目"), normalize_name_key("临港风电场项目"));
  EXPECT_EQ(normalize_name_key("華(huá)能電(diàn)廠工程"), normalize_name_key("华能电厂"));
  EXPECT_EQ(normalize_name_key("東區第二期工程"), "东区#2");
  EXPECT_EQ(normalize_organization_key("長江電力股份有限公司"), "长江电力");
}

bool has_key(const std::vector<std::string>& keys, const std::string& key) {
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

TEST(DerivedKeys, TheCoreLeavesOutPlacesOwnerAndGenericHeads) {
  EXPECT_TRUE(has_key(derived_keys(normalize_name_key("杭州欢乐谷乐园项目"), {}, "杭州市"),
                      "~欢乐谷@杭州市"));
  EXPECT_TRUE(
      has_key(derived_keys(normalize_name_key("欢乐谷主题公园"), {}, "杭州市"), "~欢乐谷@杭州市"));
  EXPECT_TRUE(
      has_key(derived_keys(normalize_name_key("浙江省湖州市长兴县天能电池产业园"), {}, "湖州市"),
              "~天能电池@湖州市"));
  // The owner's key (集团 dropped) comes off the front, with or without 集团 in the name.
  const std::vector<std::string> owner = {normalize_organization_key("华电集团")};
  EXPECT_TRUE(
      has_key(derived_keys(normalize_name_key("华电集团西湾储能基地"), owner, ""), "~西湾储能@"));
  EXPECT_TRUE(
      has_key(derived_keys(normalize_name_key("华电西湾储能项目"), owner, ""), "~西湾储能@"));
  // The phase is not part of the core.
  EXPECT_TRUE(has_key(derived_keys(normalize_name_key("欢乐谷二期"), {}, ""), "~欢乐谷@"));
  // Cores that only say what kind of project it is, or that are too short, are no key.
  EXPECT_TRUE(derived_keys(normalize_name_key("上海物流园项目"), {}, "上海市").empty());
  EXPECT_TRUE(derived_keys(normalize_name_key("鹤山市污水处理厂"), {}, "江门市").empty());
  EXPECT_TRUE(derived_keys(normalize_name_key("长沙西湖基地"), {}, "长沙市").empty());
  // An owner inside the name, with or without its 集团.
  EXPECT_TRUE(has_key(derived_keys(normalize_name_key("太钢集团不锈钢精密带钢项目"), {}, "太原市"),
                      "~太钢不锈钢精密带钢@太原市"));
  EXPECT_TRUE(has_key(derived_keys(normalize_name_key("太钢不锈钢精密带钢项目"), {}, "太原市"),
                      "~太钢不锈钢精密带钢@太原市"));
  // A place of another province after the first place is part of the name: 龙湾 is Wenzhou's.
  EXPECT_TRUE(has_key(derived_keys(normalize_name_key("鹤山市龙湾工业园"), {}, "江门市"),
                      "~龙湾工业园@江门市"));
}

TEST(DerivedKeys, AFacilityNamedOnlyByItsPlaceGetsTheCityFacilityKey) {
  EXPECT_TRUE(
      has_key(derived_keys(normalize_name_key("厦门新机场"), {}, "厦门市"), "~@厦门市/机场"));
  EXPECT_TRUE(has_key(derived_keys(normalize_name_key("厦门翔安国际机场工程"), {}, "厦门市"),
                      "~@厦门市/机场"));
  // A name of its own (高崎) is no place: not "the airport of Xiamen" in general.
  EXPECT_FALSE(
      has_key(derived_keys(normalize_name_key("厦门高崎国际机场"), {}, "厦门市"), "~@厦门市/机场"));
  // Without a place in the name, or without a city, there is nothing to key on.
  EXPECT_FALSE(has_key(derived_keys(normalize_name_key("新机场"), {}, "厦门市"), "~@厦门市/机场"));
  EXPECT_FALSE(has_key(derived_keys(normalize_name_key("厦门新机场"), {}, ""), "~@/机场"));
}

TEST(Resolve, TheSameProjectInTraditionalScriptMerges) {
  const auto decision = resolve_mention(facts("", "臨港海上風電項目", "上海市", ""),
                                        {facts("p1", "临港海上风电项目", "上海市", "")});
  EXPECT_EQ(decision.outcome, MatchDecision::Outcome::kMatch);
  EXPECT_EQ(decision.rule, MatchRule::kNameKey);
}

TEST(Resolve, APlaceOrGenericHeadMoreOrLessMergesInTheSameCity) {
  auto decision = resolve_mention(facts("", "杭州欢乐谷乐园", "杭州市", ""),
                                  {facts("p1", "欢乐谷主题公园项目", "杭州市", "")});
  EXPECT_EQ(decision.outcome, MatchDecision::Outcome::kMatch);
  EXPECT_EQ(decision.rule, MatchRule::kCoreName);
  decision = resolve_mention(facts("", "天能电池产业园", "湖州市", ""),
                             {facts("p1", "长兴县天能电池生产基地", "湖州市", "长兴县")});
  EXPECT_EQ(decision.outcome, MatchDecision::Outcome::kMatch);
  // Another city's park of the same brand is another project.
  decision = resolve_mention(facts("", "欢乐谷主题公园", "成都市", ""),
                             {facts("p1", "杭州欢乐谷乐园", "杭州市", "")});
  EXPECT_EQ(decision.outcome, MatchDecision::Outcome::kNew);
  // Without a place on either side, a reviewer decides.
  decision =
      resolve_mention(facts("", "欢乐谷主题公园", "", ""), {facts("p1", "欢乐谷乐园", "", "")});
  EXPECT_EQ(decision.outcome, MatchDecision::Outcome::kAmbiguous);
}

EntityFacts facts_in(const std::string& id, const std::string& name, const std::string& province,
                     const std::string& city) {
  v1::Project project;
  project.set_display_name(name);
  project.mutable_location()->set_province(province);
  project.mutable_location()->set_city(city);
  return facts_with_id(id, project);
}

TEST(DerivedKeys, ALongCoreIsAlsoKeyedByItsProvince) {
  EXPECT_TRUE(has_key(derived_keys(normalize_name_key("和静(巴音布鲁克)机场新建工程"), {},
                                   "巴音郭楞蒙古自治州", "新疆维吾尔自治区"),
                      "~巴音布鲁克机场@@新疆维吾尔自治区"));
  // Without a city the key says so; a project with a city looks up only that form, one
  // without looks up both (the same core in the province's other cities costs no lookups).
  const EntityFacts with_city =
      facts_in("", "和静(巴音布鲁克)机场新建工程", "新疆维吾尔自治区", "巴音郭楞蒙古自治州");
  const EntityFacts without_city = facts_in("", "巴音布鲁克机场", "新疆维吾尔自治区", "");
  const std::string key = "~巴音布鲁克机场@@新疆维吾尔自治区";
  EXPECT_TRUE(has_key(with_city.alias_keys, key));
  EXPECT_TRUE(has_key(with_city.search_keys, key + "?"));
  EXPECT_FALSE(has_key(with_city.search_keys, key));
  EXPECT_TRUE(has_key(without_city.alias_keys, key + "?"));
  EXPECT_TRUE(has_key(without_city.search_keys, key + "?"));
  EXPECT_TRUE(has_key(without_city.search_keys, key));
  // A short core gets none: one brand's parks in two cities of a province would be a guess.
  EXPECT_FALSE(
      has_key(derived_keys(normalize_name_key("欢乐谷乐园"), {}, "", "广东省"), "~欢乐谷@@广东省"));
}

// A province-wide report names a project without its city; the city's report names it with its
// county and the works' kind. The same long core in the same province is the same project when
// one side names no city; conflicting places, or no city on either side, are not.
TEST(Resolve, AProvinceWideReportsNameWithoutACityJoinsTheCitysProject) {
  const auto city_project =
      facts_in("p1", "和静(巴音布鲁克)机场新建工程", "新疆维吾尔自治区", "巴音郭楞蒙古自治州");
  auto decision =
      resolve_mention(facts_in("", "巴音布鲁克机场", "新疆维吾尔自治区", ""), {city_project});
  EXPECT_EQ(decision.outcome, MatchDecision::Outcome::kMatch);
  EXPECT_EQ(decision.rule, MatchRule::kCoreName);
  decision = resolve_mention(facts_in("", "巴音布鲁克机场", "青海省", ""), {city_project});
  EXPECT_EQ(decision.outcome, MatchDecision::Outcome::kNew);
  decision = resolve_mention(facts_in("", "遵义云谷数据中心项目", "贵州省", "遵义市"),
                             {facts_in("p1", "贵阳云谷数据中心", "贵州省", "贵阳市")});
  EXPECT_EQ(decision.outcome, MatchDecision::Outcome::kNew);
  decision = resolve_mention(facts_in("", "遵义云谷数据中心项目", "贵州省", ""),
                             {facts_in("p1", "贵阳云谷数据中心", "贵州省", "")});
  EXPECT_EQ(decision.outcome, MatchDecision::Outcome::kAmbiguous);
}

TEST(Resolve, APartOfTheWorksJoinsItsProject) {
  auto decision = resolve_mention(facts("", "苏州湾大桥主塔工程", "苏州市", ""),
                                  {facts("p1", "苏州湾大桥项目", "苏州市", "")});
  EXPECT_EQ(decision.outcome, MatchDecision::Outcome::kMatch);
  EXPECT_EQ(decision.rule, MatchRule::kPartOf);
  // Either way round: the part was stored first.
  decision = resolve_mention(facts("", "杭州西站", "杭州市", ""),
                             {facts("p1", "杭州西站站房工程", "杭州市", "")});
  EXPECT_EQ(decision.outcome, MatchDecision::Outcome::kMatch);
  EXPECT_EQ(decision.rule, MatchRule::kPartOf);
  // A longer name that adds no part of the works is no part (the containment rule only asks).
  decision = resolve_mention(facts("", "苏州湾大桥文化公园", "苏州市", ""),
                             {facts("p1", "苏州湾大桥项目", "苏州市", "")});
  EXPECT_NE(decision.outcome, MatchDecision::Outcome::kMatch);
}

TEST(DerivedKeys, APartOfTheWorksIsFoundByWhatItsProjectIsFoundBy) {
  // 厦门新机场 is "the airport of Xiamen": so is its terminal's name.
  EXPECT_TRUE(
      has_key(derived_keys(normalize_name_key("厦门新机场主航站楼钢结构工程"), {}, "厦门市"),
              "~@厦门市/机场"));
  EXPECT_TRUE(is_part_name("厦门新机场主航站楼钢结构工程", "厦门新机场项目"));
  EXPECT_TRUE(is_part_name("深中通道西人工岛", "深中通道"));
  EXPECT_FALSE(is_part_name("深中通道", "深中通道西人工岛"));
  EXPECT_FALSE(is_part_name("深中通道配套产业园", "深中通道"));
  EXPECT_TRUE(is_part_name("田湾核电7号机组", "田湾核电项目"));
  EXPECT_TRUE(is_part_name("比亚迪济南基地首条生产线", "比亚迪济南基地"));
  EXPECT_TRUE(is_part_name("大连湾海底隧道第二标段", "大连湾海底隧道"));
  // A part word further on names something else the project has, not a part of its works; 首批
  // (the first tenants, the first units sold) is no part at all.
  EXPECT_FALSE(is_part_name("花园产业园入驻企业标准厂房", "花园产业园"));
  EXPECT_FALSE(is_part_name("花园产业园首批入驻项目", "花园产业园"));
}

TEST(Resolve, AMunicipalitysProvinceLevelCodeStillMeansTheSameCity) {
  // 天津市 carries the province-level code 120000 on both sides: the city names decide.
  const auto with_code = [](EntityFacts f) {
    f.province = "天津市";
    f.division_code = "120000";
    return f;
  };
  const auto decision =
      resolve_mention(with_code(facts("", "天津港北疆码头主体结构工程", "天津市", "")),
                      {with_code(facts("p1", "天津港北疆码头项目", "天津市", ""))});
  EXPECT_EQ(decision.outcome, MatchDecision::Outcome::kMatch);
  EXPECT_EQ(decision.rule, MatchRule::kPartOf);
}

TEST(Resolve, TheNationalProjectCodeDecidesWhateverTheName) {
  const auto with_code = [](EntityFacts f, const std::string& code) {
    v1::Project p;
    p.set_project_code(code);
    for (std::string& key : facts_of(p).alias_keys) {
      if (key.starts_with("~#")) f.alias_keys.push_back(key);
    }
    return f;
  };
  const std::string code = "2303-140400-04-01-123456";
  auto decision = resolve_mention(
      with_code(facts("", "潞城区煤焦化升级改造项目", "长治市", ""), code),
      {with_code(facts("p1", "焦化产能置换项目", "长治市", ""), "2303-140400-04-01-123456")});
  EXPECT_EQ(decision.outcome, MatchDecision::Outcome::kMatch);
  EXPECT_EQ(decision.rule, MatchRule::kProjectCode);
  // Two codes, two projects, however alike the names.
  decision = resolve_mention(
      with_code(facts("", "焦化产能置换项目", "长治市", ""), code),
      {with_code(facts("p1", "焦化产能置换项目", "长治市", ""), "2303-140400-04-01-654321")});
  EXPECT_EQ(decision.outcome, MatchDecision::Outcome::kNew);
}

TEST(Resolve, TheCitysNewAirportIsItsAirportUnderItsLaterName) {
  auto decision = resolve_mention(facts("", "厦门新机场项目", "厦门市", ""),
                                  {facts("p1", "厦门翔安国际机场", "厦门市", "翔安区")});
  EXPECT_EQ(decision.outcome, MatchDecision::Outcome::kMatch);
  EXPECT_EQ(decision.rule, MatchRule::kPlaceFacility);
  // Two such airports in the city: a reviewer decides.
  decision = resolve_mention(
      facts("", "厦门新机场项目", "厦门市", ""),
      {facts("p1", "厦门翔安国际机场", "厦门市", ""), facts("p2", "厦门同安机场", "厦门市", "")});
  EXPECT_EQ(decision.outcome, MatchDecision::Outcome::kAmbiguous);
}

TEST(Filter, ValuesOnlyTravelAsParameters) {
  const std::string hostile = "长治'; DROP TABLE projects; --";
  const SqlCondition c = to_sql_condition(
      FilterExpr::all_of(
          {FilterExpr::compare(FilterField::kCity, FilterOp::kEq, FilterValue::of_text(hostile)),
           FilterExpr::negate(
               FilterExpr::compare(FilterField::kStatus, FilterOp::kEq,
                                   FilterValue::of_status(v1::PROJECT_STATUS_CANCELLED)))}),
      3);
  EXPECT_EQ(c.sql.find("DROP"), std::string::npos);
  EXPECT_NE(c.sql.find("$3"), std::string::npos);
  EXPECT_NE(c.sql.find("$4"), std::string::npos);
  ASSERT_EQ(c.parameters.size(), 2u);
  EXPECT_EQ(c.parameters[0], hostile);
  EXPECT_EQ(c.parameters[1], "cancelled");
}

TEST(Filter, LikeWildcardsInTextAreEscaped) {
  const SqlCondition c = to_sql_condition(
      FilterExpr::compare(FilterField::kDisplayName, FilterOp::kHas, FilterValue::of_text("50%_a")),
      1);
  ASSERT_EQ(c.parameters.size(), 1u);
  EXPECT_EQ(c.parameters[0], "%50\\%\\_a%");
}

TEST(Filter, DivisionPrefixesOfWholeLevelsCompareTheIndexedLeftPart) {
  const auto condition = [](const std::string& prefix) {
    return to_sql_condition(FilterExpr::compare(FilterField::kDivisionCode, FilterOp::kHas,
                                                FilterValue::of_text(prefix)),
                            1);
  };
  for (const std::string prefix : {"14", "1404", "140423"}) {
    const SqlCondition c = condition(prefix);
    EXPECT_NE(c.sql.find("left(p.division_code, " + std::to_string(prefix.size()) + ") = $1"),
              std::string::npos)
        << c.sql;
    EXPECT_EQ(c.parameters, std::vector<std::string>{prefix});
  }
  for (const std::string prefix : {"1", "14042", "1404231"}) {
    const SqlCondition c = condition(prefix);
    EXPECT_NE(c.sql.find("LIKE $1"), std::string::npos) << c.sql;
    EXPECT_EQ(c.parameters, std::vector<std::string>{prefix + "%"});
  }
}

void expect_invalid(const FilterExpr& expr) {
  try {
    to_sql_condition(expr, 1);
    ADD_FAILURE() << "expected kInvalidArgument";
  } catch (const StoreError& e) {
    EXPECT_EQ(e.code(), StoreErrorCode::kInvalidArgument) << e.message();
    EXPECT_FALSE(e.message().empty());
  }
}

TEST(Filter, WrongOperatorsAndValuesAreInvalidArguments) {
  expect_invalid(FilterExpr::compare(FilterField::kCity, FilterOp::kLt, FilterValue::of_text("a")));
  expect_invalid(FilterExpr::compare(FilterField::kTotalInvestment, FilterOp::kGe,
                                     FilterValue::of_text("12亿")));
  expect_invalid(FilterExpr::compare(FilterField::kTotalInvestment, FilterOp::kHas,
                                     FilterValue::of_text("1")));
  expect_invalid(FilterExpr::compare(FilterField::kUpdateTime, FilterOp::kGt,
                                     FilterValue::of_text("2023-10-24")));
  expect_invalid(
      FilterExpr::compare(FilterField::kDivisionCode, FilterOp::kHas, FilterValue::of_text("14%")));
  expect_invalid(FilterExpr::compare(FilterField::kStatus, FilterOp::kEq,
                                     FilterValue::of_status(v1::PROJECT_STATUS_UNSPECIFIED)));
  expect_invalid(FilterExpr::all_of({}));
  FilterExpr deep =
      FilterExpr::compare(FilterField::kCity, FilterOp::kEq, FilterValue::of_text("a"));
  for (int i = 0; i < 40; ++i) deep = FilterExpr::negate(std::move(deep));
  expect_invalid(deep);
}

TEST(Filter, AcceptsWellFormedValues) {
  EXPECT_NO_THROW(
      to_sql_condition(FilterExpr::compare(FilterField::kUpdateTime, FilterOp::kGe,
                                           FilterValue::of_text("2023-10-24T08:00:00.5+08:00")),
                       1));
  EXPECT_NO_THROW(to_sql_condition(FilterExpr::compare(FilterField::kTotalInvestment, FilterOp::kLt,
                                                       FilterValue::of_text("-12.50")),
                                   1));
}

TEST(StatusKey, RoundTrips) {
  EXPECT_EQ(status_key(v1::PROJECT_STATUS_UNDER_CONSTRUCTION), "under_construction");
  EXPECT_EQ(status_from_key("under_construction"), v1::PROJECT_STATUS_UNDER_CONSTRUCTION);
  EXPECT_EQ(status_from_key("bogus"), v1::PROJECT_STATUS_UNSPECIFIED);
}

TEST(Rows, MoneyIsExact) {
  v1::Money money;
  money.set_currency_code("CNY");
  money.set_units(1280000000);
  money.set_nanos(500000000);
  EXPECT_EQ(rows::money_to_decimal(money), "1280000000.500000000");
  const v1::Money back = rows::decimal_to_money("1280000000.50", "CNY");
  EXPECT_EQ(back.units(), 1280000000);
  EXPECT_EQ(back.nanos(), 500000000);
  const v1::Money negative = rows::decimal_to_money("-0.25", "USD");
  EXPECT_EQ(negative.units(), 0);
  EXPECT_EQ(negative.nanos(), -250000000);
  v1::Money negative_in;
  negative_in.set_nanos(-250000000);
  EXPECT_EQ(rows::money_to_decimal(negative_in), "-0.250000000");
}

TEST(Rows, DatesAreClampedNotRejected) {
  v1::CivilDate date;
  date.set_year(2023);
  date.set_month(2);
  date.set_day(30);
  EXPECT_EQ(rows::to_iso_date(date), "2023-02-28");
  date.set_month(0);
  EXPECT_EQ(rows::to_iso_date(date), "2023-01-01");
  date.set_year(0);
  EXPECT_EQ(rows::to_iso_date(date), "");
}

TEST(Rows, ArrayLiteralEscapes) {
  EXPECT_EQ(rows::to_array_literal({"a\"b", "c\\d", "晶科"}), "{\"a\\\"b\",\"c\\\\d\",\"晶科\"}");
  EXPECT_EQ(rows::to_array_literal({}), "{}");
  // Specials next to each other and at either end of a value, and an empty value.
  EXPECT_EQ(rows::to_array_literal({"\"\\", "x\"", "", "\\y"}),
            "{\"\\\"\\\\\",\"x\\\"\",\"\",\"\\\\y\"}");
}

TEST(CallOptions, StatementTimeIsTheCapOrTheTimeLeft) {
  CallOptions options;
  EXPECT_EQ(options.time_for_statement(), std::chrono::milliseconds(0));  // no limit at all
  options.statement_timeout = std::chrono::milliseconds(30'000);
  EXPECT_EQ(options.time_for_statement(), std::chrono::milliseconds(30'000));
  options.deadline = CallOptions::Clock::now() + std::chrono::milliseconds(2'000);
  EXPECT_LE(options.time_for_statement(), std::chrono::milliseconds(2'000));
  EXPECT_GT(options.time_for_statement(), std::chrono::milliseconds(1'000));
  options.statement_timeout = std::chrono::milliseconds(0);  // no cap: the time left
  EXPECT_LE(options.time_for_statement(), std::chrono::milliseconds(2'000));
}

TEST(CallOptions, NoTimeLeftOrCallerGoneEndsTheWork) {
  CallOptions late;
  late.deadline = CallOptions::Clock::now() - std::chrono::milliseconds(1);
  try {
    late.time_for_statement();
    FAIL();
  } catch (const StoreError& e) {
    EXPECT_EQ(e.code(), StoreErrorCode::kDeadlineExceeded);
  }
  CallOptions gone;
  gone.cancelled = [] { return true; };
  try {
    gone.time_for_statement();
    FAIL();
  } catch (const StoreError& e) {
    EXPECT_EQ(e.code(), StoreErrorCode::kCancelled);
  }
}

}  // namespace
}  // namespace investtrack::store
