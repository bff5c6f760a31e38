// find_money: amounts, currencies, qualifiers, ranges, kinds and aggregate sentences.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "investtrack/parser/numbers.h"

namespace investtrack::parser {
namespace {

Decimal yuan(std::int64_t units, std::int32_t nanos = 0) { return Decimal{units, nanos}; }

// The only amount in the sentence; fails the test when there is not exactly one.
MoneyMention only(std::string_view sentence) {
  const auto found = find_money(sentence);
  EXPECT_EQ(found.size(), 1u) << sentence;
  return found.empty() ? MoneyMention{} : found.front();
}

std::string_view spanned(std::string_view sentence, const Span& span) {
  return sentence.substr(span.begin, span.end - span.begin);
}

TEST(FindMoney, WanYuanFromSample) {
  const std::string_view s = "项目总投资12000万元，建筑面积共计4.8万平方米";
  const auto m = only(s);
  EXPECT_EQ(m.amount.low, yuan(120'000'000));
  EXPECT_EQ(m.amount.high, yuan(120'000'000));
  EXPECT_EQ(m.amount.currency_code, "CNY");
  EXPECT_EQ(m.amount.kind, AmountKind::kTotalInvestment);
  EXPECT_EQ(m.amount.qualifier, Qualifier::kExact);
  EXPECT_EQ(spanned(s, m.span), "12000万元");
  EXPECT_EQ(m.amount.text, "12000万元");
  EXPECT_FALSE(m.aggregate);
}

TEST(FindMoney, DecimalYi) {
  EXPECT_EQ(only("计划总投资12.8亿元").amount.low, yuan(1'280'000'000));
}

TEST(FindMoney, DecimalWan) { EXPECT_EQ(only("奖励1.2万元").amount.low, yuan(12000)); }

TEST(FindMoney, ThousandsSeparatorAndCents) {
  const auto m = only("合同金额82,225.00元");
  EXPECT_EQ(m.amount.low, yuan(82225));
  EXPECT_EQ(m.amount.kind, AmountKind::kOther);
}

TEST(FindMoney, YuanWithFraction) { EXPECT_EQ(only("单价3.5元").amount.low, yuan(3, 500'000'000)); }

TEST(FindMoney, ChineseNumeralAmount) {
  EXPECT_EQ(only("总投资一千二百万元").amount.low, yuan(12'000'000));
}

TEST(FindMoney, FinancialNumeralsWithYuanZheng) {
  const std::string_view s = "人民币壹仟玖佰圆整";
  const auto m = only(s);
  EXPECT_EQ(m.amount.low, yuan(1900));
  EXPECT_EQ(m.amount.currency_code, "CNY");
  EXPECT_EQ(spanned(s, m.span), "人民币壹仟玖佰圆整");
}

TEST(FindMoney, GapZeroAmounts) {
  EXPECT_EQ(only("补助十万零一元").amount.low, yuan(100'001));
  EXPECT_EQ(only("罚款一亿零一元").amount.low, yuan(100'000'001));
}

TEST(FindMoney, LiangYiWithoutYuanAfterInvestmentWord) {
  const auto m = only("该项目总投资两亿，建设周期两年");
  EXPECT_EQ(m.amount.low, yuan(200'000'000));
  EXPECT_EQ(m.amount.kind, AmountKind::kTotalInvestment);
}

TEST(FindMoney, BareYiAfterInvestmentIsStillMoney) {
  const std::string_view s = "总投资4亿，用地120亩";
  const auto m = only(s);
  EXPECT_EQ(m.amount.low, yuan(400'000'000));
  EXPECT_EQ(m.amount.currency_code, "CNY");
  EXPECT_EQ(spanned(s, m.span), "4亿");
}

TEST(FindMoney, BareWanWithLinkingWord) {
  EXPECT_EQ(only("项目投资额为3000万，由企业自筹").amount.low, yuan(30'000'000));
}

TEST(FindMoney, BareAmountWithoutMoneyWordIsNotMoney) {
  EXPECT_TRUE(find_money("全市常住人口达4亿").empty());
  EXPECT_TRUE(find_money("年发电量4亿千瓦时").empty());
  EXPECT_TRUE(find_money("总投资中的4万平方米厂房").empty());
}

TEST(FindMoney, BareNumberWithoutMagnitudeAfterInvestmentIsNotMoney) {
  EXPECT_TRUE(find_money("投资2023年建成").empty());
}

TEST(FindMoney, AboutQualifier) {
  const std::string_view s = "年产值约56亿元";
  const auto m = only(s);
  EXPECT_EQ(m.amount.qualifier, Qualifier::kAbout);
  EXPECT_EQ(m.amount.low, yuan(5'600'000'000));
  EXPECT_EQ(spanned(s, m.span), "约56亿元");
}

TEST(FindMoney, NearIsAtMost) {
  EXPECT_EQ(only("投资近3亿元").amount.qualifier, Qualifier::kAtMost);
}

TEST(FindMoney, AtLeastQualifiers) {
  for (std::string_view s : {"投资逾10亿元", "投资超10亿元", "投资超过10亿元", "投资10亿元以上"}) {
    const auto m = only(s);
    EXPECT_EQ(m.amount.qualifier, Qualifier::kAtLeast) << s;
    EXPECT_EQ(m.amount.low, yuan(1'000'000'000)) << s;
  }
}

TEST(FindMoney, ReachIsExact) {
  EXPECT_EQ(only("总投资达20亿元").amount.qualifier, Qualifier::kExact);
  const std::string_view s = "总投资高达20亿元";
  EXPECT_EQ(spanned(s, only(s).span), "高达20亿元");
}

TEST(FindMoney, AroundSuffix) {
  const std::string_view s = "投资8000万元左右";
  const auto m = only(s);
  EXPECT_EQ(m.amount.qualifier, Qualifier::kAbout);
  EXPECT_EQ(spanned(s, m.span), "8000万元左右");
}

TEST(FindMoney, YuBetweenNumberAndWanIsAtLeast) {
  const std::string_view s = "总投资3000余万元";
  const auto m = only(s);
  EXPECT_EQ(m.amount.low, yuan(30'000'000));
  EXPECT_EQ(m.amount.qualifier, Qualifier::kAtLeast);
  EXPECT_EQ(spanned(s, m.span), "3000余万元");
}

TEST(FindMoney, DuoAfterMagnitudeIsAtLeast) {
  const auto m = only("投资10多亿元");
  EXPECT_EQ(m.amount.low, yuan(1'000'000'000));
  EXPECT_EQ(m.amount.qualifier, Qualifier::kAtLeast);
  EXPECT_EQ(only("投资1亿多元").amount.qualifier, Qualifier::kAtLeast);
}

TEST(FindMoney, VagueShuQianWan) {
  const auto m = only("投资数千万元");
  EXPECT_EQ(m.amount.low, yuan(10'000'000));
  EXPECT_EQ(m.amount.high, yuan(90'000'000));
  EXPECT_EQ(m.amount.qualifier, Qualifier::kAbout);
}

TEST(FindMoney, VagueJiShiYi) {
  const auto m = only("带动投资几十亿元");
  EXPECT_EQ(m.amount.low, yuan(1'000'000'000));
  EXPECT_EQ(m.amount.high, yuan(9'000'000'000));
}

TEST(FindMoney, VagueShiJiYi) {
  const auto m = only("投资十几亿元");
  EXPECT_EQ(m.amount.low, yuan(1'100'000'000));
  EXPECT_EQ(m.amount.high, yuan(1'900'000'000));
}

TEST(FindMoney, ShangYiIsAtLeastOneHundredMillion) {
  const auto m = only("建成上亿元的产业集群");
  EXPECT_EQ(m.amount.low, yuan(100'000'000));
  EXPECT_EQ(m.amount.qualifier, Qualifier::kAtLeast);
}

TEST(FindMoney, ChaoYiYuan) {
  const auto m = only("新签约超亿元项目");
  EXPECT_EQ(m.amount.low, yuan(100'000'000));
  EXPECT_EQ(m.amount.qualifier, Qualifier::kAtLeast);
}

TEST(FindMoney, RangesWithEverySeparator) {
  for (std::string_view s :
       {"投资3-5亿元", "投资3~5亿元", "投资3至5亿元", "投资3到5亿元", "投资3—5亿元"}) {
    const auto m = only(s);
    EXPECT_EQ(m.amount.low, yuan(300'000'000)) << s;
    EXPECT_EQ(m.amount.high, yuan(500'000'000)) << s;
  }
}

// Ranges as copied text writes them: a doubled dash, spaces around the separator or before the
// magnitude, an end marked (含) or (不含) inside the range.
TEST(FindMoney, RangesWithDoubledDashSpacesAndInclusionMarks) {
  for (const char* text :
       {"总投资10——15亿元", "总投资10--15亿元", "总投资10 - 15亿元", "总投资10-15 亿元",
        "总投资10亿(含)-15亿元", "总投资10亿元(含)至15亿元(不含)"}) {
    const auto m = only(text);
    EXPECT_EQ(m.amount.low, yuan(1'000'000'000)) << text;
    EXPECT_EQ(m.amount.high, yuan(1'500'000'000)) << text;
    EXPECT_EQ(m.amount.kind, AmountKind::kTotalInvestment) << text;
  }
  EXPECT_EQ(only("总投资 6 亿元").amount.low, yuan(600'000'000));
}

// Colloquial numerals: 一 left out before 十 after a larger unit, 零 between the parts of a 万
// amount.
TEST(FindMoney, ColloquialNumerals) {
  EXPECT_EQ(only("总投资三百十五万元").amount.low, yuan(3'150'000));
  EXPECT_EQ(only("总投资两万十五元").amount.low, yuan(20'015));
  EXPECT_EQ(only("总投资一千零十万元").amount.low, yuan(10'100'000));
  EXPECT_EQ(only("总投资二十亿零五千万元").amount.low, yuan(2'050'000'000));
}

// What a first phase or instalment costs is not the project's total.
TEST(FindMoney, FirstPhaseInvestmentIsNotTheTotal) {
  EXPECT_NE(only("首期投资5亿元").amount.kind, AmountKind::kTotalInvestment);
  EXPECT_NE(only("首期总投资8亿元").amount.kind, AmountKind::kTotalInvestment);
  EXPECT_EQ(only("项目总投资20亿元").amount.kind, AmountKind::kTotalInvestment);
}

TEST(FindMoney, RangeWithMagnitudeOnBothSides) {
  const auto m = only("每户补助1万-5万元");
  EXPECT_EQ(m.amount.low, yuan(10'000));
  EXPECT_EQ(m.amount.high, yuan(50'000));
}

TEST(FindMoney, RangeWithDifferentMagnitudes) {
  const auto m = only("投资8000万至1.2亿元");
  EXPECT_EQ(m.amount.low, yuan(80'000'000));
  EXPECT_EQ(m.amount.high, yuan(120'000'000));
}

TEST(FindMoney, ChineseRanges) {
  const auto a = only("奖励两到三万元");
  EXPECT_EQ(a.amount.low, yuan(20'000));
  EXPECT_EQ(a.amount.high, yuan(30'000));
  const auto b = only("投资一百二十到一百五十万元");
  EXPECT_EQ(b.amount.low, yuan(1'200'000));
  EXPECT_EQ(b.amount.high, yuan(1'500'000));
}

TEST(FindMoney, BareLeftKeepsItsValueWhenScalingWouldPassTheRight) {
  // 5000 scaled by 亿 would exceed 1亿, so the left side stays as written.
  const auto m = only("投资5000-1亿元");
  EXPECT_EQ(m.amount.low, yuan(5000));
  EXPECT_EQ(m.amount.high, yuan(100'000'000));
}

TEST(FindMoney, YearRangeBeforeAnAmountIsNotARange) {
  const std::string_view s = "2021-2025年累计投资5亿元";
  const auto m = only(s);
  EXPECT_EQ(m.amount.low, yuan(500'000'000));
  EXPECT_EQ(spanned(s, m.span), "5亿元");
}

TEST(FindMoney, Currencies) {
  EXPECT_EQ(only("投资1亿美元").amount.currency_code, "USD");
  EXPECT_EQ(only("投资500万美元").amount.low, yuan(5'000'000));
  EXPECT_EQ(only("投资3000万欧元").amount.currency_code, "EUR");
  EXPECT_EQ(only("投资20亿港元").amount.currency_code, "HKD");
  EXPECT_EQ(only("投资5亿港币").amount.currency_code, "HKD");
  EXPECT_EQ(only("投资100亿日元").amount.currency_code, "JPY");
  EXPECT_EQ(only("投资2000万英镑").amount.currency_code, "GBP");
  EXPECT_EQ(only("注册资本5000万元人民币").amount.currency_code, "CNY");
}

TEST(FindMoney, CurrencyWordBeforeTheNumber) {
  const std::string_view s = "总投资港币3亿元";
  const auto m = only(s);
  EXPECT_EQ(m.amount.currency_code, "HKD");
  EXPECT_EQ(spanned(s, m.span), "港币3亿元");
}

TEST(FindMoney, NotMoney) {
  for (std::string_view s : {"元旦期间", "3单元住户", "化学元素周期表", "公元2023年", "同比增长5%",
                             "2023年", "建设12栋厂房", "二元结构", "电子元件", "第一元首"}) {
    EXPECT_TRUE(find_money(s).empty()) << s;
  }
}

TEST(FindMoney, PercentageNextToAmountIsNotPartOfIt) {
  const std::string_view s = "增长15%，总投资5亿元";
  const auto m = only(s);
  EXPECT_EQ(spanned(s, m.span), "5亿元");
}

TEST(FindMoney, KindsFromTheWordsBefore) {
  struct Case {
    std::string_view sentence;
    AmountKind kind;
  };
  for (const Case& c : std::initializer_list<Case>{
           {"计划总投资5亿元", AmountKind::kTotalInvestment},
           {"投资总额5亿元", AmountKind::kTotalInvestment},
           {"项目投资5亿元", AmountKind::kTotalInvestment},
           {"年度投资5亿元", AmountKind::kAnnualInvestment},
           {"年度计划投资5亿元", AmountKind::kAnnualInvestment},
           {"今年计划投资5亿元", AmountKind::kAnnualInvestment},
           {"已完成投资5亿元", AmountKind::kCompletedInvestment},
           {"累计完成投资5亿元", AmountKind::kCompletedInvestment},
           {"今年以来完成固定资产投资5亿元", AmountKind::kCompletedInvestment},
           {"建成后年产值5亿元", AmountKind::kAnnualOutput},
           {"实现年销售收入5亿元", AmountKind::kAnnualOutput},
           {"年营业收入5亿元", AmountKind::kAnnualOutput},
           {"新增税收5000万元", AmountKind::kTax},
           {"实现利税5000万元", AmountKind::kTax},
           {"年纳税5000万元", AmountKind::kTax},
           {"注册资本5000万元", AmountKind::kRegisteredCapital},
           {"合同金额5000万元", AmountKind::kOther},
       }) {
    EXPECT_EQ(only(c.sentence).amount.kind, c.kind) << c.sentence;
  }
}

TEST(FindMoney, KindIsDecidedPerClause) {
  const auto found = find_money("总投资10亿元，达产后年产值20亿元、利税3亿元");
  ASSERT_EQ(found.size(), 3u);
  EXPECT_EQ(found[0].amount.kind, AmountKind::kTotalInvestment);
  EXPECT_EQ(found[1].amount.kind, AmountKind::kAnnualOutput);
  EXPECT_EQ(found[2].amount.kind, AmountKind::kTax);
}

TEST(FindMoney, KindWordInAnEarlierClauseDoesNotCarryOver) {
  const auto found = find_money("总投资10亿元，其中一期3亿元");
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[1].amount.kind, AmountKind::kOther);
}

TEST(FindMoney, AggregateWhenTheSentenceCountsProjects) {
  for (std::string_view s :
       {"全年实施项目413个、总投资2800亿元", "共签约项目30个，总投资120亿元",
        "一批项目总投资50亿元", "全省93个项目集中开工，总投资300亿元",
        "总投资300亿元的93个项目集中开工", "引进30余个重点项目，总投资80亿元"}) {
    EXPECT_TRUE(only(s).aggregate) << s;
  }
}

TEST(FindMoney, NotAggregateForASingleProject) {
  for (std::string_view s :
       {"晶科项目总投资100亿元，建设12栋厂房", "该项目总投资5亿元，可提供就业岗位300个",
        "第二个项目总投资5亿元", "一个项目总投资5亿元"}) {
    EXPECT_FALSE(only(s).aggregate) << s;
  }
}

TEST(FindMoney, QizhongTurnsFromTheBatchToOneProject) {
  EXPECT_FALSE(only("全省新开工项目30个，其中晶科项目总投资100亿元").aggregate);
  EXPECT_TRUE(only("全省新开工项目30个，其中工业项目20个、总投资50亿元").aggregate);
}

TEST(FindMoney, SeveralAmountsInOneSentenceKeepOrderAndSpans) {
  const std::string_view s = "总投资12.8亿元，其中固定资产投资10亿元，铺底流动资金2.8亿元";
  const auto found = find_money(s);
  ASSERT_EQ(found.size(), 3u);
  EXPECT_EQ(spanned(s, found[0].span), "12.8亿元");
  EXPECT_EQ(spanned(s, found[1].span), "10亿元");
  EXPECT_EQ(spanned(s, found[2].span), "2.8亿元");
  EXPECT_EQ(found[2].amount.low, yuan(280'000'000));
}

TEST(FindMoney, HugeNumbersAreDroppedNotWrapped) {
  EXPECT_TRUE(find_money("投资99999999999999999999亿元").empty());
}

TEST(FindMoney, SurvivesArbitraryBytes) {
  std::string noise;
  for (int i = 0; i < 4096; ++i) noise.push_back(static_cast<char>((i * 131 + 7) % 256));
  noise += "总投资\xE4\xBA";  // ends inside a character
  EXPECT_NO_THROW(find_money(noise));
  EXPECT_TRUE(find_money("").empty());
}

// The sample bulletin, cut at 。 and line ends: every finder together, as the parser calls them.
TEST(SampleBulletin, FindsItsAmountsQuantitiesAndDates) {
  std::ifstream file(std::string(INVESTTRACK_TEST_DATA) + "/000_591e0df0c0e1022c.txt");
  ASSERT_TRUE(file) << "sample bulletin missing";
  std::stringstream buffer;
  buffer << file.rdbuf();
  const std::string text = buffer.str();
  std::vector<MoneyMention> money;
  std::vector<QuantityMention> quantities;
  std::vector<CivilDate> dates;
  std::size_t begin = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    const bool end_of_sentence =
        i == text.size() || text[i] == '\n' || text.compare(i, 3, "。") == 0;
    if (!end_of_sentence) continue;
    const std::string_view sentence = std::string_view(text).substr(begin, i - begin);
    for (auto& m : find_money(sentence)) money.push_back(m);
    for (auto& q : find_quantities(sentence)) quantities.push_back(q);
    for (auto& d : find_dates(sentence, CivilDate{2023, 10, 31})) dates.push_back(d.date);
    begin = i + (i < text.size() && text[i] != '\n' ? 3 : 1);
  }
  ASSERT_EQ(money.size(), 1u);
  EXPECT_EQ(money[0].amount.low, yuan(120'000'000));
  EXPECT_EQ(money[0].amount.kind, AmountKind::kTotalInvestment);
  ASSERT_EQ(quantities.size(), 4u);
  EXPECT_EQ(quantities[0].quantity.text, "56GW");
  EXPECT_EQ(quantities[1].quantity.text, "14GW");
  EXPECT_EQ(quantities[2].quantity.kind, QuantityKind::kFloorArea);
  EXPECT_EQ(quantities[3].quantity.kind, QuantityKind::kLandArea);
  EXPECT_NE(std::find(dates.begin(), dates.end(), CivilDate{2021, 9, 7}), dates.end());
  EXPECT_NE(std::find(dates.begin(), dates.end(), CivilDate{2023, 1, 0}), dates.end());
  EXPECT_NE(std::find(dates.begin(), dates.end(), CivilDate{2024, 0, 0}), dates.end());
}

}  // namespace
}  // namespace investtrack::parser
