// find_quantities: capacities, floor and land areas, and the counts that are not quantities.
#include <gtest/gtest.h>

#include <string>

#include "investtrack/parser/numbers.h"

namespace investtrack::parser {
namespace {

QuantityMention only(std::string_view sentence) {
  const auto found = find_quantities(sentence);
  EXPECT_EQ(found.size(), 1u) << sentence;
  return found.empty() ? QuantityMention{} : found.front();
}

void expect_capacity(std::string_view sentence, double value, std::string_view unit) {
  const auto q = only(sentence);
  EXPECT_DOUBLE_EQ(q.quantity.value, value) << sentence;
  EXPECT_EQ(q.quantity.unit, unit) << sentence;
  EXPECT_EQ(q.quantity.kind, QuantityKind::kCapacity) << sentence;
}

TEST(FindQuantities, AnnualOutputInGigawatts) {
  const std::string_view s = "晶科能源年产56GW垂直一体化大基地项目";
  const auto q = only(s);
  EXPECT_EQ(q.quantity.kind, QuantityKind::kCapacity);
  EXPECT_DOUBLE_EQ(q.quantity.value, 56);
  EXPECT_EQ(q.quantity.unit, "GW");
  EXPECT_EQ(q.quantity.text, "56GW");
  EXPECT_EQ(s.substr(q.span.begin, q.span.end - q.span.begin), "56GW");
}

// Units times their size: 2×350兆瓦 is two units of 350, 700 in all.
TEST(FindQuantities, UnitsTimesTheirSizeAreTheirTotal) {
  expect_capacity("阜新发电四期2×350兆瓦热电联产机组扩建项目", 700, "兆瓦");
  expect_capacity("建设4×66万千瓦超超临界燃煤发电机组", 264, "万千瓦");
  expect_capacity("新建12×5MW风电机组", 60, "MW");
  const auto q = only("三期2×66万千瓦扩建工程");
  EXPECT_EQ(q.quantity.text, "2×66万千瓦");
  // A product of dimensions or a code is no count of units.
  expect_capacity("型号X2×350兆瓦", 350, "兆瓦");
}

TEST(FindQuantities, CapacityAfterACompanyNameWithANumeral) {
  expect_capacity("一道新能源14GW光伏电池生产基地", 14, "GW");
}

TEST(FindQuantities, PowerUnits) {
  expect_capacity("装机300MW", 300, "MW");
  expect_capacity("储能电站2GWh", 2, "GWh");
  expect_capacity("风电50兆瓦", 50, "兆瓦");
  expect_capacity("光伏2吉瓦", 2, "吉瓦");
  expect_capacity("装机容量10万千瓦", 10, "万千瓦");
  expect_capacity("年发电量100万千瓦时", 100, "万千瓦时");
  expect_capacity("年发电1.2亿千瓦时", 1.2, "亿千瓦时");
}

// ASCII units in any case, as copied text writes them; the unit is kept as written.
TEST(FindQuantities, AsciiUnitsInAnyCase) {
  expect_capacity("天宇20MWP分布式光伏发电项目", 20, "MWP");
  expect_capacity("达产后可形成年产电芯0.7GWH的生产能力", 0.7, "GWH");
  expect_capacity("屋顶分布式光伏5mw", 5, "mw");
  expect_capacity("储能系统100Mwh", 100, "Mwh");
}

// Batteries in ampere-hours, spinning mills in spindles, daily output, passengers.
TEST(FindQuantities, BatterySpindleDailyAndPassengerCapacities) {
  expect_capacity("年产2亿安时锂电池项目", 2, "亿安时");
  expect_capacity("新建10万锭紧密纺生产线", 10, "万锭");
  expect_capacity("建设一条4000t/d熟料生产线", 4000, "t/d");
  expect_capacity("设计年吞吐旅客100万人次", 100, "万人次");
}

// A length is a capacity when the words say it is the works' length, not a distance.
TEST(FindQuantities, LengthOfARoadOrLine) {
  expect_capacity("该高速公路全长126公里", 126, "公里");
  expect_capacity("线路全长10.61公里", 10.61, "公里");
  expect_capacity("新增通车里程383公里", 383, "公里");
  for (const auto& q : find_quantities("项目距市区20公里"))
    EXPECT_NE(q.quantity.kind, QuantityKind::kCapacity);
  for (const auto& q : find_quantities("向东延伸5公里后接入环线"))
    EXPECT_NE(q.quantity.kind, QuantityKind::kCapacity);
}

TEST(FindQuantities, QianWaKeepsItsQian) { expect_capacity("屋顶光伏3千瓦", 3, "千瓦"); }

TEST(FindQuantities, Tonnes) {
  expect_capacity("建设100万吨焦化项目", 100, "万吨");
  expect_capacity("年产5万吨", 5, "万吨");
  expect_capacity("规模5000吨/年", 5000, "吨/年");
  expect_capacity("年产一百二十万吨", 120, "万吨");
}

TEST(FindQuantities, ProductCountsNeedProductionWords) {
  expect_capacity("年产10万台", 10, "万台");
  expect_capacity("年产各类汽车5万辆", 5, "万辆");
  expect_capacity("形成年产50万套的生产能力", 50, "万套");
  EXPECT_TRUE(find_quantities("采购设备20台").empty());
  EXPECT_TRUE(find_quantities("新建3条道路").empty());
}

TEST(FindQuantities, ApproximateYuStaysOutOfTheUnit) {
  const auto q = only("年产10余万吨");
  EXPECT_DOUBLE_EQ(q.quantity.value, 10);
  EXPECT_EQ(q.quantity.unit, "万吨");
}

TEST(FindQuantities, FloorAreaKeepsTheMagnitudeInTheUnit) {
  const auto q = only("建筑面积共计4.8万平方米");
  EXPECT_EQ(q.quantity.kind, QuantityKind::kFloorArea);
  EXPECT_DOUBLE_EQ(q.quantity.value, 4.8);
  EXPECT_EQ(q.quantity.unit, "万平方米");
}

TEST(FindQuantities, FactoryBuildingsAreFloorArea) {
  EXPECT_EQ(only("新建标准化厂房2万平方米").quantity.kind, QuantityKind::kFloorArea);
}

TEST(FindQuantities, LandAreas) {
  for (std::string_view s : {"占地面积300亩", "占地300亩", "征地300亩", "项目用地50亩"}) {
    const auto q = only(s);
    EXPECT_EQ(q.quantity.kind, QuantityKind::kLandArea) << s;
    EXPECT_EQ(q.quantity.unit, "亩") << s;
    EXPECT_DOUBLE_EQ(q.quantity.value, s == "项目用地50亩" ? 50 : 300) << s;
  }
}

TEST(FindQuantities, LandWordAfterTheAreaDoesNotJoinTheUnit) {
  const std::string_view s = "正在进行300亩征地区工作";
  const auto q = only(s);
  EXPECT_EQ(q.quantity.kind, QuantityKind::kLandArea);
  EXPECT_EQ(q.quantity.unit, "亩");
  EXPECT_EQ(s.substr(q.span.begin, q.span.end - q.span.begin), "300亩");
}

TEST(FindQuantities, HectaresAndSquareKilometresWithLandWords) {
  EXPECT_EQ(only("占地12公顷").quantity.kind, QuantityKind::kLandArea);
  EXPECT_EQ(only("规划用地2平方公里").quantity.unit, "平方公里");
  EXPECT_EQ(only("占地面积5万平方米").quantity.kind, QuantityKind::kLandArea);
}

TEST(FindQuantities, SquareMetresWithoutContextAreOther) {
  EXPECT_EQ(only("绿化2000平方米").quantity.kind, QuantityKind::kOther);
}

TEST(FindQuantities, CountsAndPercentagesAreNotQuantities) {
  for (std::string_view s : {"新建12栋钢结构标准化厂房", "生产10余种产品", "开发区共93个",
                             "引进企业2家", "同比增长56%", "总投资5亿元", "2023年1月"}) {
    EXPECT_TRUE(find_quantities(s).empty()) << s;
  }
}

TEST(FindQuantities, SizeClassesAreNotCapacities) {
  EXPECT_TRUE(find_quantities("建设10万吨级码头").empty());
  EXPECT_TRUE(find_quantities("百万千瓦级火电机组").empty());
}

TEST(FindQuantities, EmissionCutsAreNotCapacities) {
  EXPECT_TRUE(find_quantities("每年减少二氧化碳排放5万吨").empty());
}

TEST(FindQuantities, LatinUnitNeedsAWordBoundary) {
  EXPECT_TRUE(find_quantities("型号5GWX").empty());
  EXPECT_TRUE(find_quantities("GB50016规范").empty());
}

TEST(FindQuantities, SeveralInOneSentence) {
  const auto found = find_quantities("项目占地200亩，建筑面积8万平方米，建成后年产20GW电池片");
  ASSERT_EQ(found.size(), 3u);
  EXPECT_EQ(found[0].quantity.kind, QuantityKind::kLandArea);
  EXPECT_EQ(found[1].quantity.kind, QuantityKind::kFloorArea);
  EXPECT_EQ(found[2].quantity.unit, "GW");
}

TEST(FindQuantities, SurvivesArbitraryBytes) {
  std::string noise;
  for (int i = 0; i < 4096; ++i) noise.push_back(static_cast<char>((i * 97 + 13) % 256));
  noise += "年产5\xE4";
  EXPECT_NO_THROW(find_quantities(noise));
}

}  // namespace
}  // namespace investtrack::parser
