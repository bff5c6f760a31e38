// find_dates: calendar dates, year-less dates against the base date, relative words, and the
// document numbers that look like dates but are not.
#include <gtest/gtest.h>

#include <string>

#include "investtrack/parser/numbers.h"

namespace investtrack::parser {
namespace {

constexpr CivilDate kBase{2023, 10, 31};

DateMention only(std::string_view sentence, const CivilDate& base = kBase) {
  const auto found = find_dates(sentence, base);
  EXPECT_EQ(found.size(), 1u) << sentence;
  return found.empty() ? DateMention{} : found.front();
}

std::string_view spanned(std::string_view sentence, const Span& span) {
  return sentence.substr(span.begin, span.end - span.begin);
}

TEST(FindDates, FullDate) {
  const std::string_view s = "2021年9月7日，董明珠一行";
  const auto d = only(s);
  EXPECT_EQ(d.date, (CivilDate{2021, 9, 7}));
  EXPECT_FALSE(d.relative);
  EXPECT_EQ(spanned(s, d.span), "2021年9月7日");
}

TEST(FindDates, MonthPrecision) {
  const std::string_view s = "于2023年1月正式建成";
  const auto d = only(s);
  EXPECT_EQ(d.date, (CivilDate{2023, 1, 0}));
  EXPECT_EQ(spanned(s, d.span), "2023年1月");
}

TEST(FindDates, YearPrecision) { EXPECT_EQ(only("2025年建成投产").date, (CivilDate{2025, 0, 0})); }

TEST(FindDates, HaoAsDayMarker) {
  EXPECT_EQ(only("2023年5月12号开工").date, (CivilDate{2023, 5, 12}));
}

TEST(FindDates, SeparatedForms) {
  EXPECT_EQ(only("发布时间：2023-01-05").date, (CivilDate{2023, 1, 5}));
  EXPECT_EQ(only("2023.1.5讯").date, (CivilDate{2023, 1, 5}));
  EXPECT_EQ(only("日期2023/10/24").date, (CivilDate{2023, 10, 24}));
}

TEST(FindDates, SeparatedFormNeedsAllThreeParts) {
  EXPECT_TRUE(find_dates("增长2023.5", kBase).empty());
  EXPECT_TRUE(find_dates("编号2023-01-05-7", kBase).empty());
}

TEST(FindDates, YearlessDateIsTheNearestNotAfterBase) {
  EXPECT_EQ(only("本刊讯 10月24日，省长").date, (CivilDate{2023, 10, 24}));
  EXPECT_EQ(only("12月30日", CivilDate{2023, 1, 5}).date, (CivilDate{2022, 12, 30}));
  EXPECT_EQ(only("1月5日", CivilDate{2023, 1, 5}).date, (CivilDate{2023, 1, 5}));
}

TEST(FindDates, YearlessLeapDayGoesBackToALeapYear) {
  EXPECT_EQ(only("2月29日", CivilDate{2023, 3, 1}).date, (CivilDate{2020, 2, 29}));
}

TEST(FindDates, YearlessMonthAlone) {
  EXPECT_EQ(only("预计11月投产").date, (CivilDate{2022, 11, 0}));
  EXPECT_EQ(only("于9月底完工").date, (CivilDate{2023, 9, 0}));
}

TEST(FindDates, DayAloneUsesBaseMonthOrTheOneBefore) {
  const std::string_view s = "24日上午，他再次来到现场";
  const auto d = only(s);
  EXPECT_EQ(d.date, (CivilDate{2023, 10, 24}));
  EXPECT_EQ(spanned(s, d.span), "24日");
  EXPECT_EQ(only("6日", CivilDate{2023, 1, 5}).date, (CivilDate{2022, 12, 6}));
  EXPECT_EQ(only("31日", CivilDate{2023, 1, 5}).date, (CivilDate{2022, 12, 31}));
  EXPECT_EQ(only("31日", CivilDate{2023, 5, 5}).date, (CivilDate{2023, 3, 31}));  // April has 30
}

TEST(FindDates, DailyOutputIsNotADay) { EXPECT_TRUE(find_dates("5日产能", kBase).empty()); }

TEST(FindDates, RelativeYears) {
  const auto next = only("确保一二期项目明年投产");
  EXPECT_EQ(next.date, (CivilDate{2024, 0, 0}));
  EXPECT_TRUE(next.relative);
  EXPECT_EQ(only("今年完成投资").date, (CivilDate{2023, 0, 0}));
  EXPECT_EQ(only("去年同期").date, (CivilDate{2022, 0, 0}));
}

TEST(FindDates, SinceThisYear) {
  const std::string_view s = "今年以来，园区建设加快";
  const auto d = only(s);
  EXPECT_EQ(d.date, (CivilDate{2023, 0, 0}));
  EXPECT_TRUE(d.relative);
  EXPECT_EQ(spanned(s, d.span), "今年以来");
}

TEST(FindDates, YearEnd) {
  const std::string_view s = "力争年底前建成";
  const auto d = only(s);
  EXPECT_EQ(d.date, (CivilDate{2023, 12, 0}));
  EXPECT_TRUE(d.relative);
  EXPECT_EQ(spanned(s, d.span), "年底前");
  EXPECT_EQ(only("确保年底竣工").date, (CivilDate{2023, 12, 0}));
  EXPECT_EQ(only("明年年底投产").date, (CivilDate{2024, 12, 0}));
  EXPECT_EQ(only("2024年底投产").date, (CivilDate{2024, 12, 0}));
}

TEST(FindDates, PartsOfTheYear) {
  EXPECT_EQ(only("明年上半年投产").date, (CivilDate{2024, 6, 0}));
  EXPECT_EQ(only("今年三季度开工").date, (CivilDate{2023, 9, 0}));
  EXPECT_EQ(only("2024年第一季度").date, (CivilDate{2024, 3, 0}));
  EXPECT_EQ(only("下半年开工").date, (CivilDate{2023, 12, 0}));
}

TEST(FindDates, RelativeYearWithMonthAndDay) {
  const auto d = only("明年3月5日投产");
  EXPECT_EQ(d.date, (CivilDate{2024, 3, 5}));
  EXPECT_TRUE(d.relative);
}

TEST(FindDates, DurationsAreNotDates) {
  for (std::string_view s :
       {"3年内建成", "两年内投产", "用时不足90天", "5年底线", "建设周期24个月"}) {
    EXPECT_TRUE(find_dates(s, kBase).empty()) << s;
  }
}

TEST(FindDates, WithinTheYear) {
  const auto d = only("年内建成投产");
  EXPECT_EQ(d.date, (CivilDate{2023, 0, 0}));
  EXPECT_TRUE(d.relative);
}

TEST(FindDates, ChineseNumeralDates) {
  EXPECT_EQ(only("二〇二三年十月").date, (CivilDate{2023, 10, 0}));
  EXPECT_EQ(only("二〇二三年十月二十四日").date, (CivilDate{2023, 10, 24}));
  EXPECT_EQ(only("十月二十四日").date, (CivilDate{2023, 10, 24}));
}

TEST(FindDates, ChineseNumeralsThatAreNotDates) {
  for (std::string_view s : {"第二十二场发布会", "一二期项目", "三月", "十二届六次全会"}) {
    EXPECT_TRUE(find_dates(s, kBase).empty()) << s;
  }
}

TEST(FindDates, DocumentNumbersAreNotDates) {
  for (std::string_view s :
       {"晋政发〔2023〕5号", "[2023]12号", "〔2023年〕12号", "公告2023年第12号",
        "按照2023年5号文件", "(2023)15号", "【2023】3号"}) {
    EXPECT_TRUE(find_dates(s, kBase).empty()) << s;
  }
}

TEST(FindDates, DocumentNumberNextToARealDate) {
  const std::string_view s = "根据晋政发〔2023〕5号文件，项目于2023年3月开工";
  const auto d = only(s);
  EXPECT_EQ(d.date, (CivilDate{2023, 3, 0}));
}

TEST(FindDates, InvalidDatesAreRejected) {
  for (std::string_view s : {"2023年13月", "2023年2月30日", "2023年4月31日", "13月5日", "2月30日",
                             "2023-02-30", "0月1日", "32日"}) {
    EXPECT_TRUE(find_dates(s, kBase).empty()) << s;
  }
}

TEST(FindDates, LeapDayInALeapYear) {
  EXPECT_EQ(only("2024年2月29日").date, (CivilDate{2024, 2, 29}));
}

TEST(FindDates, YearsOutsideTheCalendarRangeAreNotDates) {
  EXPECT_TRUE(find_dates("3000年", kBase).empty());
  EXPECT_TRUE(find_dates("1200年", kBase).empty());
}

TEST(FindDates, ManyDatesKeepOrder) {
  const auto found = find_dates("项目于2022年3月开工，2023年1月建成，明年投产", kBase);
  ASSERT_EQ(found.size(), 3u);
  EXPECT_EQ(found[0].date, (CivilDate{2022, 3, 0}));
  EXPECT_EQ(found[1].date, (CivilDate{2023, 1, 0}));
  EXPECT_EQ(found[2].date, (CivilDate{2024, 0, 0}));
}

TEST(FindDates, WithoutABaseOnlyAbsoluteDatesAreFound) {
  const auto found = find_dates("10月24日，明年，2023年1月", CivilDate{});
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].date, (CivilDate{2023, 1, 0}));
}

TEST(FindDates, SurvivesArbitraryBytes) {
  std::string noise;
  for (int i = 0; i < 4096; ++i) noise.push_back(static_cast<char>((i * 53 + 3) % 256));
  noise += "2023年1\xE6";
  EXPECT_NO_THROW(find_dates(noise, kBase));
}

}  // namespace
}  // namespace investtrack::parser
