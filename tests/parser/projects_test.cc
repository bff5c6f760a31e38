// Project extraction end to end through parse_bulletin, on short bulletins written for these tests.
#include <gtest/gtest.h>

#include <algorithm>

#include "investtrack/parser/parse.h"
#include "project_test_support.h"

namespace investtrack::parser {
namespace {

using testing::expect_one_project_named;
using testing::find_project;
using testing::names;
using testing::projects_of;

TEST(Projects, AmountCapacityStatusAndPlaceOfOneProject) {
  const auto projects = projects_of(
      "## 新闻\n\n本报讯 3月5日，总投资5.2亿元的年产10万吨新型建材项目在安阳市龙安区开工建设。\n");
  ASSERT_EQ(projects.size(), 1u) << names(projects);
  const auto& p = projects[0];
  EXPECT_NE(p.display_name.find("新型建材项目"), std::string::npos);
  EXPECT_EQ(p.status, ProjectStatus::kUnderConstruction);
  ASSERT_TRUE(p.total_investment);
  EXPECT_EQ(p.total_investment->low.units, 520'000'000);
  ASSERT_EQ(p.capacities.size(), 1u);
  EXPECT_EQ(p.capacities[0].value, 10);
  EXPECT_EQ(p.capacities[0].unit, "万吨");
  EXPECT_EQ(p.location.city, "安阳市");
  EXPECT_EQ(p.location.county, "龙安区");
}

// Notices (环评公示, 批前公示) give a project as a record of fields, one to a line: the name field
// names the project whatever its last word, and the other fields are its facts.
TEST(Projects, ANoticesRecordOfFieldsIsOneProject) {
  const auto projects = projects_of(
      "年产5万吨再生铝项目环境影响评价公示\n\n"
      "项目名称：太原市第二污水处理厂提标改造\n"
      "建设单位：山西清源水务有限公司\n"
      "建设性质：改扩建\n"
      "项目总投资：1.2亿元\n"
      "建设地点：太原市小店区\n");
  const auto* p = find_project(projects, "太原市第二污水处理厂提标改造");
  ASSERT_NE(p, nullptr) << names(projects);
  ASSERT_TRUE(p->total_investment);
  EXPECT_EQ(p->total_investment->low.units, 120'000'000);
  EXPECT_EQ(p->location.city, "太原市");
  ASSERT_EQ(p->organizations.size(), 1u);
  EXPECT_EQ(p->organizations[0], "山西清源水务有限公司");

  const auto headless = projects_of(
      "批前公示\n\n工程名称:年产20万吨钢构件\n投资总额:3亿元\n建设单位:晋中钢构股份有限公司\n");
  const auto* q = find_project(headless, "年产20万吨钢构件");
  ASSERT_NE(q, nullptr) << names(headless);
  ASSERT_TRUE(q->total_investment);
  EXPECT_EQ(q->total_investment->low.units, 300'000'000);
}

// The role of a company can stand in a label before a colon, in prose as in records.
TEST(Projects, ALabelBeforeAColonGivesTheCompanysRole) {
  const auto projects = projects_of(
      "阳泉市固废综合利用产业园项目近日开工。项目投资方：阳泉鑫源环保科技有限公司，总投资3亿元。"
      "\n");
  ASSERT_EQ(projects.size(), 1u) << names(projects);
  ASSERT_EQ(projects[0].organizations.size(), 1u);
  EXPECT_EQ(projects[0].organizations[0], "阳泉鑫源环保科技有限公司");
}

// A school's campus is a project when its clause says what happens to it, and then it takes its
// own stage instead of the project in focus.
TEST(Projects, ACampusIsAProjectWhenItsStageIsSaid) {
  const auto projects =
      projects_of("綦江高端铝合金项目开工建设。重庆外语外事学院綦江校区四期校区全面投用。\n");
  const auto* campus = find_project(projects, "綦江校区四期校区");
  ASSERT_NE(campus, nullptr) << names(projects);
  EXPECT_EQ(campus->status, ProjectStatus::kOperating);
  const auto* alloy = find_project(projects, "高端铝合金项目");
  ASSERT_NE(alloy, nullptr) << names(projects);
  EXPECT_EQ(alloy->status, ProjectStatus::kUnderConstruction);
  EXPECT_TRUE(projects_of("学校新校区位于城东。\n").empty());
}

TEST(Projects, AggregatesAreNotProjects) {
  EXPECT_TRUE(projects_of("今年以来，全市共签约项目120个，总投资560亿元。\n").empty());
  EXPECT_TRUE(projects_of("一季度全省新开工亿元以上项目213个。\n").empty());
}

TEST(Projects, GenericPhrasesAreNotProjects) {
  const auto projects =
      projects_of("要加快推进重大项目建设，谋划好配套项目，打造精品工程和标杆工程。\n");
  EXPECT_TRUE(projects.empty()) << names(projects);
}

TEST(Projects, BrandShortFormIsTheSameProject) {
  const auto projects = projects_of(
      "隆基绿能“年产15GW单晶硅片项目”是我市重点工程。\n\n市长调研时充分肯定隆基项目建设成效。隆基项"
      "目已于去年9月投产。\n");
  ASSERT_EQ(projects.size(), 1u) << names(projects);
  EXPECT_EQ(projects[0].status, ProjectStatus::kOperating);
  EXPECT_EQ(projects[0].level, "我市重点工程");
}

TEST(Projects, CompanySigningAnInvestmentAgreementIsAProject) {
  const auto projects =
      projects_of("此外，开发区还与浙江恒远新材料有限公司签订了投资协议，目前正在办理前期手续。\n");
  ASSERT_EQ(projects.size(), 1u) << names(projects);
  EXPECT_NE(projects[0].display_name.find("浙江恒远新材料有限公司"), std::string::npos);
  EXPECT_EQ(projects[0].status, ProjectStatus::kPreparing);
  ASSERT_EQ(projects[0].organizations.size(), 1u);
  EXPECT_EQ(projects[0].organizations[0], "浙江恒远新材料有限公司");
}

TEST(Projects, CooperationAgreementIsNotAProject) {
  EXPECT_TRUE(projects_of("该企业与康师傅公司签订合作协议，为其提供调料包。\n").empty());
  EXPECT_TRUE(projects_of("会上，示范区与省开发区协会签订战略合作协议。\n").empty());
}

TEST(Projects, PlanIsNotAReachedStage) {
  const auto projects = projects_of("平顺县光伏电站项目计划明年开工。\n");
  ASSERT_EQ(projects.size(), 1u) << names(projects);
  // Not under construction: a planned start says the project is announced, no more.
  EXPECT_EQ(projects[0].status, ProjectStatus::kAnnounced);
  ASSERT_EQ(projects[0].dates.size(), 1u);
  EXPECT_EQ(projects[0].dates[0].kind, "expected_construction_start");
  EXPECT_EQ(projects[0].dates[0].date.year, 2024);
}

TEST(Projects, PlacesVisitedAreNotProjects) {
  const auto projects = projects_of("代表团先后参观了科技馆、会展中心、体育公园等地。\n");
  EXPECT_TRUE(projects.empty()) << names(projects);
}

TEST(Projects, WeakHeadWithProjectContextIsAProject) {
  const auto projects = projects_of("总投资3亿元的城市物流配送中心建成投用。\n");
  ASSERT_EQ(projects.size(), 1u) << names(projects);
  EXPECT_EQ(projects[0].status, ProjectStatus::kOperating);
  ASSERT_TRUE(projects[0].total_investment);
  EXPECT_EQ(projects[0].total_investment->low.units, 300'000'000);
}

TEST(Projects, EachClauseSpeaksOfItsOwnProject) {
  const auto projects =
      projects_of("左权县风电场项目已并网发电，沁源县抽水蓄能电站项目正在施工。\n");
  ASSERT_EQ(projects.size(), 2u) << names(projects);
  const auto* wind = find_project(projects, "风电场");
  const auto* pumped = find_project(projects, "抽水蓄能");
  ASSERT_TRUE(wind && pumped);
  EXPECT_EQ(wind->status, ProjectStatus::kOperating);
  EXPECT_EQ(pumped->status, ProjectStatus::kUnderConstruction);
  EXPECT_EQ(wind->location.county, "左权县");
  EXPECT_EQ(pumped->location.county, "沁源县");
}

TEST(Projects, ObjectOfIntroductionGetsTheSignedStatus) {
  const auto projects = projects_of(
      "新建的农产品加工产业园已引进河北金谷粮油有限公司粮油加工项目，园区于2022年5月建成。\n");
  const auto* grain = find_project(projects, "粮油加工项目");
  ASSERT_TRUE(grain) << names(projects);
  EXPECT_EQ(grain->status, ProjectStatus::kSigned);
  const auto* park = find_project(projects, "农产品加工产业园");
  ASSERT_TRUE(park) << names(projects);
  EXPECT_EQ(park->status, ProjectStatus::kCompleted);
}

TEST(Projects, ParkWordWithoutANamedParkTakesNoFacts) {
  const auto projects =
      projects_of("该县已引进河北金谷粮油有限公司粮油加工项目，园区于2022年5月建成。\n");
  ASSERT_EQ(projects.size(), 1u) << names(projects);
  EXPECT_EQ(projects[0].status, ProjectStatus::kSigned);
}

TEST(Projects, FactsInLaterSentencesFollowTheParagraphFocus) {
  const auto projects =
      projects_of("副省长来到华昇铝业年产30万吨铝板带项目现场。工地上机器轰鸣，施工正酣。\n");
  ASSERT_EQ(projects.size(), 1u) << names(projects);
  EXPECT_EQ(projects[0].status, ProjectStatus::kUnderConstruction);
}

TEST(Projects, TraditionalScriptKeepsItsWritingInNames) {
  const auto projects =
      projects_of("## 新聞\n\n總投資12億元的臨汾市新材料產業園項目已於去年竣工。\n");
  ASSERT_EQ(projects.size(), 1u) << names(projects);
  EXPECT_NE(projects[0].display_name.find("產業園項目"), std::string::npos)
      << projects[0].display_name;
  ASSERT_TRUE(projects[0].total_investment);
  EXPECT_EQ(projects[0].total_investment->low.units, 1'200'000'000);
  EXPECT_EQ(projects[0].status, ProjectStatus::kCompleted);
  EXPECT_EQ(projects[0].location.city, "临汾市");
}

// The same name in simplified characters is one of its aliases, so a search in simplified
// characters (display_name:"产业园", which also reads aliases) finds it; punctuation and width
// stay as written, and a name written in simplified characters gets no such alias.
TEST(Projects, ATraditionalNameHasItsSimplifiedFormAsAnAlias) {
  auto projects =
      projects_of("## 新聞\n\n港珠澳大橋（二期）項目已於去年建成通車，總投資48億元。\n");
  ASSERT_EQ(projects.size(), 1u) << names(projects);
  EXPECT_EQ(projects[0].display_name, "港珠澳大橋（二期）項目");
  EXPECT_NE(
      std::find(projects[0].aliases.begin(), projects[0].aliases.end(), "港珠澳大桥（二期）项目"),
      projects[0].aliases.end())
      << ::testing::PrintToString(projects[0].aliases);
  projects = projects_of("## 新闻\n\n港珠澳大桥（二期）项目已于去年建成通车，总投资48亿元。\n");
  ASSERT_EQ(projects.size(), 1u) << names(projects);
  EXPECT_TRUE(projects[0].aliases.empty()) << ::testing::PrintToString(projects[0].aliases);
}

TEST(Projects, FullWidthDigitsAreRead) {
  const auto projects = projects_of("总投资１２亿元的太谷区中药材加工基地项目正式开工。\n");
  ASSERT_EQ(projects.size(), 1u) << names(projects);
  ASSERT_TRUE(projects[0].total_investment);
  EXPECT_EQ(projects[0].total_investment->low.units, 1'200'000'000);
}

TEST(Projects, PolicyListsAreNotProjects) {
  const auto projects = projects_of(
      "包括支持开发区国际合作园区建设、推动保税物流中心加快发展、加强物流基础设施建设等措施。\n");
  EXPECT_TRUE(projects.empty()) << names(projects);
}

TEST(Projects, ArticleLeadGivesThePlace) {
  const auto projects = projects_of(
      "## 园区动态\n\n本刊讯 "
      "今年以来，襄垣县持续优化营商环境。新建的绿色食品产业园项目于5月正式建成。\n");
  ASSERT_EQ(projects.size(), 1u) << names(projects);
  EXPECT_EQ(projects[0].location.county, "襄垣县");
  EXPECT_EQ(projects[0].location.city, "长治市");
  EXPECT_EQ(projects[0].location.province, "山西省");
  EXPECT_EQ(projects[0].status, ProjectStatus::kCompleted);
  ASSERT_FALSE(projects[0].dates.empty());
  EXPECT_EQ(projects[0].dates[0].kind, "completion");
  EXPECT_EQ(projects[0].dates[0].date.month, 5);
}

TEST(Projects, CompanyNamesAreNotStatusWords) {
  EXPECT_TRUE(projects_of("省国资运营公司负责人介绍了有关情况。\n").empty());
}

TEST(Projects, EvidenceSentencePointsIntoTheDecodedText) {
  const std::string text = "## 新闻\n\n本报讯 总投资8亿元的潞城区焦化升级改造项目日前竣工投产。\n";
  ParseOptions options;
  options.base_date = {2023, 10, 31};
  const auto result = std::get<ParseResult>(parse_bulletin(text, options));
  ASSERT_EQ(result.projects.size(), 1u);
  ASSERT_FALSE(result.projects[0].evidence.empty());
  for (const auto& e : result.projects[0].evidence) {
    ASSERT_LE(e.span.end, result.text.size());
    EXPECT_NE(result.text.substr(e.span.begin, e.span.end - e.span.begin).find("改造项目"),
              std::string::npos)
        << e.field;
  }
}

TEST(Projects, NationalProjectCodeIsCaptured) {
  const auto projects =
      projects_of("项目代码为2020-140421-44-01-012345的屯留区光伏电站项目已并网。\n");
  ASSERT_EQ(projects.size(), 1u) << names(projects);
  EXPECT_EQ(projects[0].project_code, "2020-140421-44-01-012345");
}

TEST(Projects, PhasesOfOneProjectStayOneProject) {
  const auto projects =
      projects_of("东方希望煤化工项目一期已建成投产，东方希望煤化工项目二期正在施工。\n");
  ASSERT_EQ(projects.size(), 1u) << names(projects);
  ASSERT_EQ(projects[0].phases.size(), 2u);
  EXPECT_EQ(projects[0].phases[0].status, ProjectStatus::kOperating);
  EXPECT_EQ(projects[0].phases[1].status, ProjectStatus::kUnderConstruction);
}

}  // namespace
}  // namespace investtrack::parser

namespace investtrack::parser {
namespace {

TEST(Projects, ZoneBeforeACompanysProjectGoesToTheLocation) {
  const auto projects = projects_of(
      "客商先后到晋中经济技术开发区华为云数据中心二期项目现场参观，该项目已开工建设。\n");
  ASSERT_EQ(projects.size(), 1u) << names(projects);
  EXPECT_EQ(projects[0].display_name.find("晋中经济技术开发区"), std::string::npos)
      << projects[0].display_name;
  EXPECT_EQ(projects[0].location.zone, "晋中经济技术开发区");
  EXPECT_EQ(projects[0].location.city, "晋中市");
  EXPECT_EQ(projects[0].status, ProjectStatus::kUnderConstruction);
}

TEST(Projects, OwnerBeforeAQuotedNameIsAnOrganization) {
  const auto projects = projects_of("宁德时代“动力电池生产基地项目”于今年3月开工。\n");
  ASSERT_EQ(projects.size(), 1u) << names(projects);
  ASSERT_EQ(projects[0].organizations.size(), 1u);
  EXPECT_EQ(projects[0].organizations[0], "宁德时代");
}

TEST(Projects, ACopulaPredicateIsTheSubjectAgain) {
  const auto projects =
      projects_of("大同市煤矸石综合利用项目是省级重点工程，也是全省首个固废循环利用示范项目。\n");
  ASSERT_EQ(projects.size(), 1u) << names(projects);
  EXPECT_EQ(projects[0].level, "省级重点工程");
}

// 定位为 is a copula too: what follows describes the subject (定位为……新能源电池生产基地).
TEST(Projects, WhatAProjectIsPositionedAsIsNoOtherProject) {
  for (const char* text : {
           "东岳氢能产业园总投资80亿元，定位为全国第三大燃料电池生产基地。\n",
           "该物流园项目已开工，定位于西南地区最大的冷链物流基地。\n",
       }) {
    SCOPED_TRACE(text);
    const auto projects = projects_of(text);
    for (const auto& p : projects) {
      EXPECT_EQ(p.display_name.find("生产基地"), std::string::npos) << names(projects);
      EXPECT_EQ(p.display_name.find("冷链物流基地"), std::string::npos) << names(projects);
    }
  }
}

// What a place aims to become (打造全国重要的X基地) is no project; praise without an aim
// (国内规模最大的X项目) still introduces one.
TEST(Projects, AnAimAfterPraiseIsNoProjectButPraiseAloneIntroducesOne) {
  for (const char* text : {
           "项目建成后，我县将打造全国重要的光伏组件制造基地。\n",
           "下一步，全市将建成国内领先的数字经济产业园区。\n",
           "投产后，当地将成为华中地区最大的食用菌工厂化基地之一。\n",
       }) {
    SCOPED_TRACE(text);
    EXPECT_TRUE(projects_of(text).empty()) << names(projects_of(text));
  }
  const auto projects =
      projects_of("6月30日，国内规模最大的裕龙岛炼化一体化项目建设取得关键性进展。\n");
  ASSERT_EQ(projects.size(), 1u) << names(projects);
  EXPECT_EQ(projects[0].display_name, "裕龙岛炼化一体化项目");
}

// Phases listed together (三期、四期; 一期和二期) are one item of one project, not a list.
TEST(Projects, PhasesListedTogetherAreOneProjectsPhases) {
  struct Case {
    std::string text;
    std::string name;
    std::string phase;
  };
  const Case cases[] = {
      {"3月21日，荆门亿纬锂能基地三期、四期项目在荆门高新区正式开工。\n",
       "荆门亿纬锂能基地三期、四期项目", "三期、四期"},
      {"郑州航空港区富士康产业园二期、三期工程顺利投产。\n",
       "郑州航空港区富士康产业园二期、三期工程", "二期、三期"},
      {"今年，宜宾锂电产业园一期和二期项目相继建成投产。\n", "宜宾锂电产业园一期和二期项目",
       "一期和二期"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    const auto projects = projects_of(c.text);
    ASSERT_EQ(projects.size(), 1u) << names(projects);
    EXPECT_EQ(projects[0].display_name, c.name);
    ASSERT_EQ(projects[0].phases.size(), 1u);
    EXPECT_EQ(projects[0].phases[0].name, c.phase);
  }
  // Items that each carry their own phase are still a list.
  EXPECT_EQ(
      projects_of("今年将开工建设南川光伏产业园一期、綦江风电场二期、江津物流园三期等项目。\n")
          .size(),
      3u);
}

// Items of a report joined by semicolons each have a subject: what is said after a semicolon of
// something the parser does not name (智能机器人岛, 茶叶加工) is not the project before it; a
// clause opened by a time word or an anaphor goes on about that project.
TEST(Projects, AFactAfterASemicolonAndAnotherSubjectIsNotTheProjectBefore) {
  const std::string opening = "今年以来，全市工业经济稳中有进。";
  {
    const auto projects = projects_of(opening +
                                      "在电子信息产业，哈尔滨科友碳化硅产业园二期项目正在积极推进；"
                                      "智能机器人岛开工建设，一批企业签约入驻。\n");
    ASSERT_EQ(projects.size(), 1u) << names(projects);
    EXPECT_EQ(projects[0].status, ProjectStatus::kUnknown);
  }
  {
    const auto projects = projects_of(opening +
                                      "此次签约项目有：绿源集团投资5亿元建设绿源工业园二期工程；"
                                      "台湾公司与精细化工公司合资300万美元兴办茶叶加工。\n");
    ASSERT_EQ(projects.size(), 1u) << names(projects);
    EXPECT_EQ(projects[0].amounts.size(), 1u);
  }
  for (const std::string after :
       {"；目前已完成主体施工。\n", ";该项目已于6月开工建设。\n", "；预计年底前开工建设。\n"}) {
    const auto projects = projects_of(opening + "大同煤矸石综合利用产业园项目总投资10亿元" + after);
    SCOPED_TRACE(after);
    ASSERT_EQ(projects.size(), 1u) << names(projects);
    EXPECT_NE(projects[0].status, ProjectStatus::kUnknown);
  }
}

// '×' between figures is part of a name (四期2×350兆瓦……扩建项目); elsewhere it ends one.
TEST(Projects, UnitsTimesTheirSizeStayInTheName) {
  for (const char* text : {
           "国家电投东北公司正在全力推进阜新发电四期2×350兆瓦热电联产机组扩建项目。\n",
           "岳阳电厂三期2×66万千瓦扩建工程已开工。\n",
       }) {
    SCOPED_TRACE(text);
    const auto projects = projects_of(text);
    ASSERT_EQ(projects.size(), 1u) << names(projects);
    EXPECT_NE(projects[0].display_name.find("期2×"), std::string::npos) << projects[0].display_name;
  }
}

// A company bulletins name by its short name alone starts a name as a place does (the name
// used to start at the place after it: 长沙基地一期工程), a stop word inside it (华为: 为) does not
// cut it, and a list of such companies alone names the owners of what the list counts.
TEST(Projects, ACompanyKnownByItsShortNameStartsTheName) {
  expect_one_project_named("昨日，比亚迪长沙基地一期工程开工建设。\n", "比亚迪长沙基地一期工程");
  expect_one_project_named("华能岳阳电厂三期扩建工程已于去年开工。\n", "华能岳阳电厂三期扩建工程");
  expect_one_project_named("近日，华为云贵安数据中心二期项目顺利投运。\n",
                           "华为云贵安数据中心二期项目");
  expect_one_project_named("记者获悉，中铝宁德铜冶炼项目进入设备安装阶段。\n",
                           "中铝宁德铜冶炼项目");
  for (const char* text : {"加快乌兰察布市苹果、华为、阿里巴巴等数据中心项目建设。\n",
                           "今年将推动腾讯、百度、京东方等企业的一批项目落地。\n"}) {
    SCOPED_TRACE(text);
    for (const auto& p : projects_of(text)) {
      EXPECT_NE(p.display_name, "华为");
      EXPECT_NE(p.display_name, "阿里巴巴");
      EXPECT_NE(p.display_name, "腾讯");
      EXPECT_NE(p.display_name, "百度");
    }
  }
}

// The stage of counted projects (多个项目获得路条，其中包括A、B) is the stage of the list that
// names them in the next clause.
TEST(Projects, CountedProjectsStageGoesToTheListThatNamesThem) {
  struct Case {
    std::string text;
    ProjectStatus status;
  };
  const Case cases[] = {
      {"今年以来又有多个煤化工项目获得国家发改委“路条”，其中包括伊泰集团120万吨/年煤制油项目、"
       "久泰能源60万吨/年烯烃项目。\n",
       ProjectStatus::kPreparing},
      {"本月全市共有12个项目集中签约，分别为徐州高新区新能源汽车零部件项目、"
       "丰县光伏组件生产项目等。\n",
       ProjectStatus::kSigned},
      {"上半年共有8个重点项目竣工投产，包括临沂金锣冷链物流园项目、沂水县食用菌加工项目等。\n",
       ProjectStatus::kOperating},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    // An opening of its own, so that the article's status is not the list sentence's.
    const auto projects = projects_of("记者从市发改委获悉。\n\n" + c.text);
    ASSERT_EQ(projects.size(), 2u) << names(projects);
    for (const auto& p : projects) EXPECT_EQ(p.status, c.status) << p.display_name;
  }
}

// A kind of projects counted (高速公路项目约40个, 新建项目2000多个) is no project, whatever word of
// about stands before the figure.
TEST(Projects, AKindCountedRoughlyIsNoProject) {
  for (const char* text : {
           "“十四五”期间，省高速集团共承担新建、改扩建高速公路项目约40个、总投资5200余亿元。\n",
           "全市今年谋划储备产业项目共120个，总投资860亿元。\n",
           "全省已签约招商引资项目2000多个，到位资金1200亿元。\n",
           "今年开工的市政道路项目逾30个。\n",
       }) {
    SCOPED_TRACE(text);
    EXPECT_TRUE(projects_of(text).empty()) << names(projects_of(text));
  }
}

// Berths and units numbered with '#' keep their number (26#泊位码头工程).
TEST(Projects, NumberedBerthsKeepTheirNumber) {
  const auto projects =
      projects_of("今年，福州港江阴港区26#泊位码头工程、罗源湾港区8#泊位工程相继开工建设。\n");
  ASSERT_EQ(projects.size(), 2u) << names(projects);
  EXPECT_EQ(projects[0].display_name, "福州港江阴港区26#泊位码头工程");
  EXPECT_NE(projects[1].display_name.find("8#泊位工程"), std::string::npos)
      << projects[1].display_name;
}

// A facility's own amenities listed (体育设施包括塑胶跑道、篮球场) are its parts, not projects.
TEST(Projects, AFacilitysAmenitiesAreItsParts) {
  for (const char* text : {
           "该校区已开工建设，体育设施包括塑胶跑道、篮球场、排球场等活动场地。\n",
           "园区配套设施包括污水处理站、变电站、员工公寓等，目前正在施工。\n",
       }) {
    SCOPED_TRACE(text);
    for (const auto& p : projects_of(text)) {
      EXPECT_EQ(p.display_name.find("跑道"), std::string::npos) << p.display_name;
      EXPECT_EQ(p.display_name.find("污水处理站"), std::string::npos) << p.display_name;
    }
  }
}

// 年产A、B项目: the products after 年产 are one project's; items that are projects already
// (年产5万吨饲料项目、10万吨有机肥项目) stay a list.
TEST(Projects, ProductsListedAfterAnnualOutputAreOneProject) {
  expect_one_project_named(
      "鄂尔多斯羊绒集团有限责任公司年产54万吨合成氨、95万吨尿素技改扩能项目已完成投资9.1亿元。\n",
      "鄂尔多斯羊绒集团有限责任公司年产54万吨合成氨、95万吨尿素技改扩能项目");
  expect_one_project_named("总投资20亿元的年产10万吨电池级碳酸锂、5万吨氢氧化锂项目签约落户。\n",
                           "年产10万吨电池级碳酸锂、5万吨氢氧化锂项目");
  expect_one_project_named(
      "近日，金发科技股份有限公司年产6万吨PBAT、3万吨PBS生物降解材料项目开工建设。\n",
      "金发科技股份有限公司年产6万吨PBAT、3万吨PBS生物降解材料项目");
  // A list of products lengthens what a name may span (the brand was cut to 科技年产……).
  expect_one_project_named("近日，金发科技年产6万吨PBAT、3万吨PBS生物降解材料项目开工建设。\n",
                           "金发科技年产6万吨PBAT、3万吨PBS生物降解材料项目");
  EXPECT_EQ(projects_of("今年开工的有年产5万吨饲料项目、10万吨有机肥项目、20万吨面粉加工项目等。\n")
                .size(),
            3u);
}

// A list closed by 等 and a word for fields (等领域, 等方面, 等行业) lists fields of work, even
// with head words in its items or 项目 after it.
TEST(Projects, AListOfFieldsIsNoListOfProjects) {
  for (const char* text : {
           "这些重点项目涵盖了综合交通工程、水利骨干工程、城乡供水工程等领域。\n",
           "鼓励民间资本参与交通、水利、市政基础设施、节能降碳等领域重点项目。\n",
           "项目主要集中在文化旅游、数据中心、现代物流等多个方面。\n",
       }) {
    SCOPED_TRACE(text);
    EXPECT_TRUE(projects_of(text).empty()) << names(projects_of(text));
  }
}

// A question names nothing (看看有哪些大项目); 隨著 converted a character at a time (随著) is 随着.
TEST(Projects, QuestionsAndConvertedSuiZheOpenNoName) {
  for (const char* text : {
           "看看有哪些大项目。\n",
           "今年全省还有什么重大工程将要开工？\n",
           "隨著國家能源化工基地建設的推進，項目加快落地。\n",
       }) {
    SCOPED_TRACE(text);
    EXPECT_TRUE(projects_of(text).empty()) << names(projects_of(text));
  }
}

// A dateline (北京讯 , 中新网成都电 ) ends at its space; a space alone between ideographs is
// otherwise a line break inside a name.
TEST(Projects, ADatelineEndsAtItsSpace) {
  expect_one_project_named("北京讯 北京大兴国际机场航站区工程钢结构顺利封顶。\n",
                           "北京大兴国际机场航站区工程");
  expect_one_project_named("中新网成都电 成都天府国际机场航站楼工程全面开工。\n",
                           "成都天府国际机场航站楼工程");
  expect_one_project_named("本报讯\u3000南宁吴圩机场扩建工程昨日开工。\n", "南宁吴圩机场扩建工程");
}

// 和/与/及 between two lines of business of one maker (储能与动力电池, 汽车及动力总成) stay in the
// name; between two projects, two companies or inside a body's name they do not.
TEST(Projects, AConjunctionBetweenTwoLinesOfBusinessStaysInTheName) {
  expect_one_project_named("主会场设在沈阳亿纬锂能储能与动力电池项目开工现场。\n",
                           "沈阳亿纬锂能储能与动力电池项目");
  expect_one_project_named("今年，吉利汽车及动力总成生产基地建成投产。\n",
                           "吉利汽车及动力总成生产基地");
  expect_one_project_named("今年，晶科能源光伏组件与电池片项目建成投产。\n",
                           "晶科能源光伏组件与电池片项目");
  for (const char* text : {
           "今年，合福铁路(江西段)和赣龙铁路扩能工程相继建成通车。\n",
           "我市积极吸引跨国公司和国内著名企业项目落户。\n",
           "新疆维吾尔自治区发展和改革委员会项目审批提速。\n",
       }) {
    SCOPED_TRACE(text);
    for (const auto& p : projects_of(text)) {
      EXPECT_EQ(p.display_name.find("和"), std::string::npos) << p.display_name;
    }
  }
}

TEST(Projects, VerbBeforeBareProjectWordIsNoName) {
  EXPECT_TRUE(projects_of("各地要牢固树立抓项目就是抓发展的理念，锚定项目精准发力。\n").empty());
}

TEST(Projects, DatesInANameDoNotMakeItAProject) {
  const auto projects =
      projects_of("晋城市2023年一季度重大项目集中开工活动在高平市举行，共开工项目32个。\n");
  EXPECT_TRUE(projects.empty()) << names(projects);
}

TEST(Projects, ParkInsideALongerNameIsPartOfIt) {
  const auto projects = projects_of(
      "泽州县巴公装备制造园区智能装备产业园项目总投资6.5亿元，目前正在进行场地平整。\n");
  ASSERT_EQ(projects.size(), 1u) << names(projects);
  EXPECT_NE(projects[0].display_name.find("智能装备产业园项目"), std::string::npos);
  EXPECT_EQ(projects[0].status, ProjectStatus::kPreparing);
}

TEST(Projects, AgreementAboutTheProjectNamedNextIsOneProject) {
  const auto projects = projects_of(
      "日前，襄垣县与北京中科海钠科技有限责任公司签订投资协议，拟建设年产5GWh钠离子电池储能项目，总"
      "投资30亿元。\n");
  ASSERT_EQ(projects.size(), 1u) << names(projects);
  EXPECT_NE(projects[0].display_name.find("钠离子电池储能项目"), std::string::npos)
      << projects[0].display_name;
  EXPECT_EQ(projects[0].status, ProjectStatus::kSigned);
  ASSERT_TRUE(projects[0].total_investment);
  EXPECT_EQ(projects[0].total_investment->low.units, 3'000'000'000);
  ASSERT_EQ(projects[0].organizations.size(), 1u);
  EXPECT_EQ(projects[0].organizations[0], "北京中科海钠科技有限责任公司");
}

TEST(Projects, AgreementIsNotJoinedToAProjectNamedClausesLater) {
  const auto projects = projects_of(
      "此外，还与福建达利园食品有限公司签订了入园协议，正在进行300亩征地工作，绿色食品产业园已成为"
      "示范区的名片。\n");
  ASSERT_EQ(projects.size(), 2u) << names(projects);
  EXPECT_NE(projects[0].display_name.find("达利园"), std::string::npos) << names(projects);
  EXPECT_EQ(projects[0].status, ProjectStatus::kPreparing);
}

// Issue 15: the short or new name an article gives a project is kept as its alias, so later
// bulletins that use only that name find the record.
TEST(Projects, ANameTheArticleIntroducesIsAnAlias) {
  struct Case {
    std::string text;
    std::string name;
    std::vector<std::string> aliases;  // in the order the record keeps them (sorted)
  };
  const Case cases[] = {
      {"宁波国际会展中心二期项目（以下简称“会展二期”）于3月1日正式开工。\n",
       "宁波国际会展中心二期项目",
       {"会展二期"}},
      {"滨海新城地下综合管廊工程(简称滨海管廊)已完成主体施工。\n",
       "滨海新城地下综合管廊工程",
       {"滨海管廊"}},
      {"鄂州民用机场项目正式更名为鄂州花湖机场，航站楼已封顶。\n",
       "鄂州民用机场项目",
       {"鄂州花湖机场"}},
      {"胶东国际机场项目（原名青岛新机场）转场运营。\n", "胶东国际机场项目", {"青岛新机场"}},
      {"嘉興港區石化項目（下稱“嘉化項目”）已經投產。\n",
       "嘉興港區石化項目",
       // Traditional script: both names also in simplified characters.
       {"嘉兴港区石化项目", "嘉化項目", "嘉化项目"}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    const auto projects = projects_of(c.text);
    ASSERT_EQ(projects.size(), 1u) << names(projects);
    EXPECT_EQ(projects[0].display_name, c.name);
    EXPECT_EQ(projects[0].aliases, c.aliases);
  }
  // A bracket that says something else, and a renaming that runs on as a clause, give none.
  for (const std::string text :
       {"宁波国际会展中心二期项目（总投资20亿元）正式开工。\n",
        "宁波国际会展中心二期项目更名为了更好地服务全市会展经济发展的新平台并开工。\n"}) {
    const auto projects = projects_of(text);
    ASSERT_EQ(projects.size(), 1u) << names(projects);
    EXPECT_TRUE(projects[0].aliases.empty()) << text;
  }
}

TEST(Projects, ListMarkersAreNotPartOfTheName) {
  const auto projects =
      projects_of("(二)大同市云冈机场改扩建工程。总投资36.8亿元，航站楼主体结构已封顶。\n");
  ASSERT_EQ(projects.size(), 1u) << names(projects);
  EXPECT_EQ(projects[0].display_name.rfind("大同市", 0), 0u) << projects[0].display_name;
  EXPECT_EQ(projects[0].status, ProjectStatus::kUnderConstruction);
}

TEST(Projects, AParkAfterInIsWhereNotAProject) {
  const auto projects = projects_of(
      "蔚来第二先进制造基地在合肥新桥智能电动汽车产业园区正式投产，该基地总投资约100亿元。\n");
  ASSERT_EQ(projects.size(), 1u) << names(projects);
  EXPECT_NE(projects[0].display_name.find("蔚来"), std::string::npos);
  EXPECT_EQ(projects[0].status, ProjectStatus::kOperating);
  ASSERT_TRUE(projects[0].total_investment);
  EXPECT_EQ(projects[0].total_investment->low.units, 10'000'000'000);
}

TEST(Projects, AParkVisitedStillNamesItself) {
  const auto projects = projects_of("在华远国际陆港跨境电商产业园，省长详细了解平台运行情况。\n");
  ASSERT_EQ(projects.size(), 1u) << names(projects);
}

TEST(Projects, AFourCharacterNameBeforeProjectWordIsAName) {
  const auto projects = projects_of("长鑫存储二期项目已完成主体结构封顶。\n");
  ASSERT_EQ(projects.size(), 1u) << names(projects);
  EXPECT_EQ(projects[0].status, ProjectStatus::kUnderConstruction);
  EXPECT_TRUE(projects_of("要进一步强化抓项目促投资的导向。\n").empty());
  EXPECT_TRUE(projects_of("各地精准破解项目落地难题。\n").empty());
}

}  // namespace
}  // namespace investtrack::parser

namespace investtrack::parser {
namespace {

// Places are kept in one table for the whole bulletin, each with its own run of candidate
// divisions: a project named late in a bulletin must get the candidates of its own places, not
// those of places read before it (鼓楼区 has several; 襄垣县, 开发区 names have their own).
TEST(Projects, PlacesReadLateInABulletinKeepTheirOwnCandidates) {
  const auto projects = projects_of(
      "## 要闻\n\n鼓楼区、城区、开发区和朝阳区的负责人参加了会议。南京市和开封市的客商也来了。\n\n"
      "## 项目\n\n总投资3亿元的襄垣县绿色食品加工项目已建成投产。\n\n"
      "总投资6亿元的福州市鼓楼区软件信息产业园项目正式开工。\n\n"
      "客商先后到晋中经济技术开发区华为云数据中心二期项目现场参观，该项目已开工建设。\n");
  const Project* food = find_project(projects, "绿色食品加工项目");
  const Project* software = find_project(projects, "软件信息产业园项目");
  const Project* cloud = find_project(projects, "数据中心二期项目");
  ASSERT_NE(food, nullptr) << names(projects);
  ASSERT_NE(software, nullptr) << names(projects);
  ASSERT_NE(cloud, nullptr) << names(projects);
  EXPECT_EQ(food->location.county, "襄垣县");
  EXPECT_EQ(food->location.city, "长治市");
  EXPECT_EQ(software->location.county, "鼓楼区");
  EXPECT_EQ(software->location.city, "福州市");
  EXPECT_EQ(software->location.province, "福建省");
  EXPECT_EQ(cloud->location.zone, "晋中经济技术开发区");
  EXPECT_EQ(cloud->location.city, "晋中市");
}

// Verbs that take a name as their object end the text before it: 设立, 做好, 超过, 进行, 布局 are
// no part of the name, and what is left must still name a project on its own.
TEST(Projects, VerbsBeforeANameAreNotPartOfIt) {
  auto projects = projects_of(
      "2024年初，星海科技董事会决定在滨江经济开发区设立新能源电池研发生产基地，总投资12亿元。\n");
  ASSERT_EQ(projects.size(), 1u) << names(projects);
  EXPECT_EQ(projects[0].display_name, "新能源电池研发生产基地");
  projects = projects_of("今年要做好年产30万吨生物饲料扩建项目的前期工作，确保年底开工。\n");
  ASSERT_EQ(projects.size(), 1u) << names(projects);
  EXPECT_EQ(projects[0].display_name, "年产30万吨生物饲料扩建项目");
  for (const char* text : {"今年以来，全县再次掀起重大项目建设热潮，新开工项目同比增长20%。\n",
                           "全市吹响重点项目攻坚号角，一季度完成投资50亿元。\n",
                           "园区正紧锣密鼓地进行生产线安装调试，预计6月投产。\n",
                           "高新区集中布局集成电路、生物医药等高新技术项目。\n",
                           "坚持大抓项目、抓大项目，全年签约项目45个。\n"}) {
    projects = projects_of(text);
    EXPECT_TRUE(projects.empty()) << text << names(projects);
  }
}

// A kind of projects is no project: X类项目, and a name counted at once (市政道路项目32个).
TEST(Projects, KindsAndCountedNamesAreNotProjects) {
  for (const char* text :
       {"本次签约项目中，外资类项目12个，总投资80亿元；民营类项目20个，总投资60亿元。\n",
        "今年全市计划新开工的市政道路项目32个，总投资45亿元。\n",
        "二季度全县开工产业类工程，带动就业3000人。\n",
        "全区在建的生态修复项目17项已全部进场施工。\n"}) {
    const auto projects = projects_of(text);
    EXPECT_TRUE(projects.empty()) << text << names(projects);
  }
  // The items of such a sentence still are projects.
  const auto projects = projects_of("全市续建的交通项目41个，包括南环快速路、北站综合枢纽等。\n");
  EXPECT_NE(find_project(projects, "南环快速路"), nullptr) << names(projects);
}

// 的有 lists what there is: 有 opens no item, unless it begins a word (有色金属, 有机肥).
TEST(Projects, ThereAreBeforeAListIsNotPartOfItsFirstItem) {
  auto projects =
      projects_of("此次开工的有华锐精密轴承产业园、龙泰新材料项目等5个项目，总投资18亿元。\n");
  EXPECT_NE(find_project(projects, "华锐精密轴承产业园"), nullptr) << names(projects);
  EXPECT_EQ(find_project(projects, "有华锐"), nullptr) << names(projects);
  projects = projects_of("此次开工的有色金属精深加工产业园、铜箔生产线等3个项目，总投资9亿元。\n");
  EXPECT_NE(find_project(projects, "有色金属精深加工产业园"), nullptr) << names(projects);
  // A name found by its head word, not in a list, is read the same way.
  projects = projects_of("当天在主会场集中开工的有新锐光电产业园，总投资5亿元。\n");
  ASSERT_EQ(projects.size(), 1u) << names(projects);
  EXPECT_EQ(projects[0].display_name, "新锐光电产业园");
  projects = projects_of("今年建成投产的有机肥生产基地，年产有机肥10万吨。\n");
  ASSERT_EQ(projects.size(), 1u) << names(projects);
  EXPECT_EQ(projects[0].display_name, "有机肥生产基地");
}

// Lines of notices and speeches under a heading that ends with a colon: the body addressed or
// speaking, where a report was given, "as follows". None names a project.
TEST(Projects, BodiesAndOccasionsOpeningALineAreNotProjects) {
  const auto projects = projects_of(
      "市长在全市重点项目推进会上的讲话\n\n主任、各位副主任、各位委员：\n\n"
      "我代表县人民政府，向县人大常委会报告重点项目推进情况。\n\n"
      "在去年召开的市十四届人大二次会议上，代表们提出了8件议案。\n\n通知全文如下：\n\n"
      "各县(区)人民政府，市直各有关单位：\n\n现将计划下达给你们。\n\n"
      "1.青岩河水库工程，总投资6.2亿元，今年计划开工。\n");
  ASSERT_EQ(projects.size(), 1u) << names(projects);
  EXPECT_EQ(projects[0].display_name, "青岩河水库工程");
}

// Under a line ending with a colon every line is an item, unless it is reported speech, a leader
// reporting to a party committee or a numbered caption.
TEST(Projects, ReportedSpeechOpeningALineIsNoProject) {
  const auto projects = projects_of(
      "全市一季度投资情况通报\n具体情况如下：\n亮点1：新经济项目投资比重超五成\n"
      "据市发改委相关人士介绍，一季度全市固定资产投资增长6.1%"
      "。\n区长李明向区委，汇报了重点项目建设情况。\n"
      "2.滨河生态廊道工程，总投资3.4亿元，已完成主体施工。\n");
  ASSERT_EQ(projects.size(), 1u) << names(projects);
  EXPECT_EQ(projects[0].display_name, "滨河生态廊道工程");
}

// Notices set a project's facts out as fields (项目名称:X, 建设单位:Y): the labels are no projects.
TEST(Projects, FieldLabelsBeforeAColonAreNotProjects) {
  const auto projects = projects_of(
      "青山湖供应链管理有限公司\n青山湖冷链物流中心\n环境影响评价第一次公示\n现将有关信息公示如下："
      "\n"
      "一、建设项目名称及概要\n项目名称:青山湖冷链物流中心\n建设单位:"
      "青山湖供应链管理有限公司\n建设性质:新建\n"
      "投资总额:42000万元\n建设地点:青山湖工业园区,东湖村北侧150m\n"
      "建设规模及内容:新建冷库及附属设施,年周转冷链货物30万吨。\n二、建设单位名称和联系方式\n");
  for (const char* label : {"项目名称", "建设单位", "建设性质", "建设地点"}) {
    EXPECT_EQ(find_project(projects, label), nullptr) << label << names(projects);
  }
}

// Sectors a batch of projects spans (涉及高端纺织、智能制造等项目) are no items.
TEST(Projects, SectorsAfterSheJiAreNotProjects) {
  const auto projects = projects_of(
      "本次集中开工项目26个，总投资150亿元，主要涉及文化旅游开发、高端纺织、智能制造等项目。\n");
  EXPECT_TRUE(projects.empty()) << names(projects);
}

// What a project builds (主要建设内容为A、B等) are its parts, not projects.
TEST(Projects, TheWorksAProjectBuildsAreNotProjects) {
  const auto projects = projects_of(
      "云溪区人民医院新院区项目总投资8亿元，主要建设内容为门诊楼、住院楼、医技综合楼、后勤保障中心"
      "等，目前已完成主体封顶。\n"
      "学校建设规模包括教学楼、实验楼、风雨操场、学生公寓等。\n");
  ASSERT_EQ(projects.size(), 1u) << names(projects);
  EXPECT_EQ(projects[0].display_name, "云溪区人民医院新院区项目");
}

// 随着 (as) and 其 (its) stand before a name, never in it.
TEST(Projects, AsAndItsBeforeANameAreNotPartOfIt) {
  auto projects = projects_of("随着青龙峡隧道工程顺利贯通，全线进入铺轨阶段。\n");
  ASSERT_EQ(projects.size(), 1u) << names(projects);
  EXPECT_EQ(projects[0].display_name, "青龙峡隧道工程");
  projects = projects_of("华宇动力今年加快建设，其年产20万台新能源电驱系统项目已于3月开工。\n");
  ASSERT_EQ(projects.size(), 1u) << names(projects);
  EXPECT_EQ(projects[0].display_name, "年产20万台新能源电驱系统项目");
}

// A sentence that counts projects speaks of them, not of the project before it: its stages and
// amounts stay off that project.
TEST(Projects, ASentenceCountingProjectsGivesNothingToTheProjectInFocus) {
  const auto projects = projects_of(
      "在主会场开工的金沙湾智能制造产业园项目，总投资60亿元。全市此次集中开竣工项目52个，总投资310"
      "亿元，"
      "其中竣工19项。\n");
  ASSERT_EQ(projects.size(), 1u) << names(projects);
  EXPECT_EQ(projects[0].status, ProjectStatus::kUnderConstruction);
  ASSERT_TRUE(projects[0].total_investment);
  EXPECT_EQ(projects[0].total_investment->low.units, 6'000'000'000);
}

}  // namespace
}  // namespace investtrack::parser
