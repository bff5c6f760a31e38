// parse_number and read_number_at: exact values for Arabic, Chinese and mixed numerals.
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "investtrack/parser/numbers.h"

namespace investtrack::parser {
namespace {

Decimal dec(std::int64_t units, std::int32_t nanos = 0) { return Decimal{units, nanos}; }

std::optional<Decimal> parsed(std::string_view text) { return parse_number(text); }

TEST(ParseNumber, PlainArabicInteger) { EXPECT_EQ(parsed("12000"), dec(12000)); }

TEST(ParseNumber, ArabicDecimalIsExact) { EXPECT_EQ(parsed("12.8"), dec(12, 800'000'000)); }

TEST(ParseNumber, ThousandsSeparatorsWithFraction) {
  EXPECT_EQ(parsed("1,234.5"), dec(1234, 500'000'000));
  EXPECT_EQ(parsed("82,225.00"), dec(82225));
  EXPECT_EQ(parsed("1,234,567"), dec(1234567));
}

TEST(ParseNumber, FullWidthCommaKeptByNormalizationIsASeparatorBetweenDigitGroups) {
  EXPECT_EQ(parsed("82，225.00"), dec(82225));
}

TEST(ParseNumber, RejectsMalformedThousandsGroups) {
  EXPECT_EQ(parsed("1,23"), std::nullopt);
  EXPECT_EQ(parsed("1234,567"), std::nullopt);  // a group after four digits is not a separator
}

TEST(ParseNumber, NineFractionDigitsAreTheLimit) {
  EXPECT_EQ(parsed("0.000000001"), dec(0, 1));
  EXPECT_EQ(parsed("1.0000000001"), std::nullopt);
}

TEST(ParseNumber, ChineseTeensWithoutLeadingOne) {
  EXPECT_EQ(parsed("十四"), dec(14));
  EXPECT_EQ(parsed("十"), dec(10));
  EXPECT_EQ(parsed("一十四"), dec(14));
}

TEST(ParseNumber, ChineseWithWanAndQian) { EXPECT_EQ(parsed("一千二百万"), dec(12'000'000)); }

TEST(ParseNumber, LiangBeforeYi) { EXPECT_EQ(parsed("两亿"), dec(200'000'000)); }

TEST(ParseNumber, ZeroMarksAGap) {
  EXPECT_EQ(parsed("十万零一"), dec(100'001));
  EXPECT_EQ(parsed("一亿零一"), dec(100'000'001));
  EXPECT_EQ(parsed("一百零五"), dec(105));
  EXPECT_EQ(parsed("一千零五十"), dec(1050));
}

TEST(ParseNumber, DigitSequenceIsPositionalAndExact) {
  EXPECT_EQ(parsed("一七二零"), dec(1720));
  EXPECT_EQ(parsed("二〇二三"), dec(2023));
}

TEST(ParseNumber, FinancialNumerals) {
  EXPECT_EQ(parsed("壹仟玖佰"), dec(1900));
  EXPECT_EQ(parsed("贰拾叁"), dec(23));
  EXPECT_EQ(parsed("伍佰万"), dec(5'000'000));
}

TEST(ParseNumber, MixedArabicAndChineseMagnitudes) {
  EXPECT_EQ(parsed("1.2万"), dec(12000));
  EXPECT_EQ(parsed("3千"), dec(3000));
  EXPECT_EQ(parsed("12000万"), dec(120'000'000));
  EXPECT_EQ(parsed("12.8亿"), dec(1'280'000'000));
  EXPECT_EQ(parsed("1亿2000万"), dec(120'000'000));
  EXPECT_EQ(parsed("3千万"), dec(30'000'000));
}

TEST(ParseNumber, WanYiIsATrillion) {
  EXPECT_EQ(parsed("一万亿"), dec(1'000'000'000'000));
  EXPECT_EQ(parsed("1.5万亿"), dec(1'500'000'000'000));
}

TEST(ParseNumber, ChineseDecimalPoint) { EXPECT_EQ(parsed("一点五亿"), dec(150'000'000)); }

TEST(ParseNumber, RejectsGarbage) {
  for (std::string_view bad : {"", "abc", "万", "亿元", "百", "十3", "1.2.3", "三五", "一两", "十十",
                               "一万万", "两亿亿", "1,", "12元", "零点"}) {
    EXPECT_EQ(parsed(bad), std::nullopt) << bad;
  }
}

TEST(ParseNumber, SmallUnitsMustDescend) {
  EXPECT_EQ(parsed("一百二千"), std::nullopt);
  EXPECT_EQ(parsed("三十五百"), std::nullopt);
}

TEST(ParseNumber, LargestInt64StillFits) {
  EXPECT_EQ(parsed("9223372036854775807"), dec(INT64_MAX));
}

TEST(ParseNumber, BeyondInt64IsRejectedNotWrapped) {
  EXPECT_EQ(parsed("9223372036854775808"), std::nullopt);
  EXPECT_EQ(parsed("99999999999999999999"), std::nullopt);
  EXPECT_EQ(parsed("1000000000000亿"), std::nullopt);
  EXPECT_EQ(parsed("九千九百九十九万亿亿"), std::nullopt);
}

TEST(ReadNumberAt, StopsAtTheFirstNonNumeral) {
  const std::string_view text = "总投资1.2万元";
  const auto read = read_number_at(text, 9);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->value, dec(12000));
  EXPECT_EQ(text.substr(9, read->end - 9), "1.2万");
}

TEST(ReadNumberAt, ReportsATrailingMagnitudeAndItsMantissa) {
  const std::string_view text = "一千二百万吨";
  const auto read = read_number_at(text, 0);
  ASSERT_TRUE(read);
  EXPECT_TRUE(read->has_magnitude());
  EXPECT_EQ(read->mantissa, dec(1200));
  EXPECT_EQ(text.substr(read->magnitude_begin, read->end - read->magnitude_begin), "万");
}

TEST(ReadNumberAt, MagnitudeInsideTheNumberIsNotTrailing) {
  const auto read = read_number_at("1亿2000万", 0);
  ASSERT_TRUE(read);
  EXPECT_FALSE(read->has_magnitude());
  EXPECT_EQ(read->mantissa, read->value);
}

TEST(ReadNumberAt, WanYiChainStartsAtWan) {
  const std::string_view text = "3万亿元";
  const auto read = read_number_at(text, 0);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->mantissa, dec(3));
  EXPECT_EQ(text.substr(read->magnitude_begin, read->end - read->magnitude_begin), "万亿");
}

TEST(ReadNumberAt, TrailingZeroMarkerIsNotPartOfTheNumber) {
  const std::string_view text = "一百零个";
  const auto read = read_number_at(text, 0);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->value, dec(100));
  EXPECT_EQ(read->end, std::string_view("一百").size());
}

TEST(ReadNumberAt, OutOfRangePositionAndTruncatedUtf8AreSafe) {
  EXPECT_EQ(read_number_at("12", 5), std::nullopt);
  const std::string cut = std::string("十四").substr(0, 4);  // 十 and half of 四
  const auto read = read_number_at(cut, 0);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->value, dec(10));
}

TEST(DecodeUtf8, MalformedBytesAdvanceByOne) {
  const std::string bad = "\xE5\x8D";  // truncated 十
  const CodePoint cp = decode_utf8_at(bad, 0);
  EXPECT_EQ(cp.value, U'\uFFFD');
  EXPECT_EQ(cp.length, 1u);
  EXPECT_EQ(decode_utf8_at("万", 0).value, U'万');
  EXPECT_EQ(decode_utf8_at("万", 3).length, 0u);
}

}  // namespace
}  // namespace investtrack::parser
