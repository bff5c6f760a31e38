// ResolutionFootprint: when a bulletin may share a write with the ones before it. Each test is one
// way the candidate lookup (kFindCandidates) can reach a project, and its near miss.
#include <gtest/gtest.h>

#include "server/store/entity_resolution.h"
#include "server/store/resolution_footprint.h"

namespace investtrack::store {
namespace {

EntityFacts mention(const std::string& name, const std::string& city,
                    std::vector<std::string> organizations = {}) {
  EntityFacts facts;
  facts.name_key = normalize_name_key(name);
  facts.alias_keys = {facts.name_key};
  for (const std::string& organization : organizations) {
    facts.organization_keys.push_back(normalize_organization_key(organization));
  }
  facts.province = "山西省";
  facts.city = city;
  return facts;
}

EntityFacts stored(const std::string& id, const std::string& name, const std::string& city) {
  EntityFacts facts = mention(name, city);
  facts.project_id = id;
  return facts;
}

TEST(ResolutionFootprint, EmptyOverlapsNothing) {
  const ResolutionFootprint footprint;
  EXPECT_TRUE(footprint.empty());
  EXPECT_FALSE(footprint.overlaps(mention("武乡县光伏电站", "长治市"),
                                  {stored("p1", "武乡县光伏电站", "长治市")}));
}

TEST(ResolutionFootprint, ACandidateThatGetsWrittenOverlaps) {
  ResolutionFootprint footprint;
  const EntityFacts project = stored("p1", "武乡县光伏电站", "长治市");
  footprint.add(mention("武乡县光伏电站", "长治市"), "p1", &project);
  EXPECT_TRUE(footprint.overlaps(mention("襄垣县煤层气开发", "晋中市"), {project}));
  // A candidate nobody writes is read the same before and after.
  EXPECT_FALSE(footprint.overlaps(mention("襄垣县煤层气开发", "晋中市"),
                                  {stored("p2", "襄垣县煤层气开发", "晋中市")}));
}

TEST(ResolutionFootprint, ANameOrAliasOfANewProjectOverlaps) {
  ResolutionFootprint footprint;
  EntityFacts created = mention("晶科能源组件基地", "上饶市");
  created.alias_keys.push_back(normalize_name_key("晶科56GW基地"));
  footprint.add(created, "new 0/0", nullptr);
  EXPECT_TRUE(footprint.overlaps(mention("“晶科能源组件基地”项目", "长治市"), {}));
  EXPECT_TRUE(footprint.overlaps(mention("晶科56GW基地", "长治市"), {}));
  EXPECT_FALSE(footprint.overlaps(mention("隆基绿能组件基地", "长治市"), {}));
}

TEST(ResolutionFootprint, ASharedOrganizationOverlapsWhateverThePlace) {
  ResolutionFootprint footprint;
  footprint.add(mention("武乡县光伏电站", "长治市", {"山西潞安太阳能有限公司"}), "new 0/0",
                nullptr);
  // The lookup would skip a conflicting city, but the fold may give the project another one.
  EXPECT_TRUE(
      footprint.overlaps(mention("盐湖区储能电站", "运城市", {"山西潞安太阳能股份有限公司"}), {}));
  EXPECT_FALSE(footprint.overlaps(mention("盐湖区储能电站", "运城市", {"运城储能有限公司"}), {}));
}

TEST(ResolutionFootprint, AContainingOrContainedNameInTheSameCityOverlaps) {
  ResolutionFootprint footprint;
  footprint.add(mention("武乡县光伏产业园", "长治市"), "new 0/0", nullptr);
  EXPECT_TRUE(footprint.overlaps(mention("光伏产业园", "长治市"), {}));                // contained
  EXPECT_TRUE(footprint.overlaps(mention("武乡县光伏产业园三号厂房", "长治市"), {}));  // contains
  EXPECT_FALSE(footprint.overlaps(mention("光伏产业园", "晋中市"), {}));  // another city
  EXPECT_FALSE(footprint.overlaps(mention("光伏产业园", ""), {}));        // no city: no containment
  EXPECT_FALSE(footprint.overlaps(mention("储能产业园", "长治市"), {}));
}

TEST(ResolutionFootprint, ContainmentIgnoresThePhaseAsTheLookupDoes) {
  ResolutionFootprint footprint;
  footprint.add(mention("武乡县光伏产业园一期", "长治市"), "new 0/0", nullptr);
  EXPECT_TRUE(footprint.overlaps(mention("光伏产业园二期", "长治市"), {}));
}

TEST(ResolutionFootprint, ASingleCharacterStemReachesNothingByContainment) {
  ResolutionFootprint footprint;
  footprint.add(mention("武乡县光伏产业园", "长治市"), "new 0/0", nullptr);
  EXPECT_FALSE(footprint.overlaps(mention("园", "长治市"), {}));
}

TEST(ResolutionFootprint, AProjectsCityAndNameMayComeFromDifferentMentions) {
  // Two mentions of one new project: the fold may take the city of one and the name of the
  // other, so the pair (晋中市, 光伏产业园) is reachable though no mention has both.
  ResolutionFootprint footprint;
  footprint.add(mention("武乡县光伏产业园", "长治市"), "new 0/0", nullptr);
  footprint.add(mention("光伏园区配套工程", "晋中市"), "new 0/0", nullptr);
  EXPECT_TRUE(footprint.overlaps(mention("光伏产业园", "晋中市"), {}));
  // Separate projects do not pair.
  ResolutionFootprint apart;
  apart.add(mention("武乡县光伏产业园", "长治市"), "new 0/0", nullptr);
  apart.add(mention("光伏园区配套工程", "晋中市"), "new 0/1", nullptr);
  EXPECT_FALSE(apart.overlaps(mention("光伏产业园", "晋中市"), {}));
}

TEST(ResolutionFootprint, AStoredProjectsOwnNameAndCityCountWhenItIsRewritten) {
  ResolutionFootprint footprint;
  const EntityFacts project = stored("p1", "长治王村机场改扩建", "长治市");
  // Joined under another name; the written project keeps its stored name and city too.
  footprint.add(mention("王村机场三期", "晋中市"), "p1", &project);
  EXPECT_TRUE(footprint.overlaps(mention("王村机场改扩建", "长治市"), {}));
}

TEST(ResolutionFootprint, AddAllKeepsEveryRouteAndPairsAProjectsCitiesAndNames) {
  ResolutionFootprint first;
  first.add(mention("武乡县光伏产业园", "长治市", {"山西潞安太阳能有限公司"}), "new 0/0", nullptr);
  ResolutionFootprint second;
  second.add(mention("光伏园区配套工程", "晋中市"), "new 0/0", nullptr);
  const EntityFacts project = stored("p1", "长治王村机场改扩建", "长治市");
  second.add(mention("王村机场三期", "长治市"), "p1", &project);
  ResolutionFootprint all;
  EXPECT_FALSE(all.overlaps(mention("武乡县光伏产业园", "长治市"), {}));
  all.add_all(first);
  all.add_all(second);
  EXPECT_TRUE(all.overlaps(mention("武乡县光伏产业园", "长治市"), {}));  // name
  EXPECT_TRUE(
      all.overlaps(mention("盐湖区储能电站", "运城市", {"山西潞安太阳能股份有限公司"}), {}));
  EXPECT_TRUE(all.overlaps(mention("襄垣县煤层气开发", "晋中市"), {project}));  // candidate
  // The same project id from both: 晋中市 (second) pairs with 光伏产业园 (first).
  EXPECT_TRUE(all.overlaps(mention("光伏产业园", "晋中市"), {}));
  EXPECT_FALSE(all.overlaps(mention("储能产业园", "晋中市"), {}));
}

}  // namespace
}  // namespace investtrack::store
