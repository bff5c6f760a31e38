// parse_number and read_number_at: exact values for Arabic, Chinese and mixed numerals.
#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>

#include "investtrack/parser/numbers.h"
// The skip-ahead the finders use; internal, so reached by path.
#include "byte_match.h"
#include "random_texts.h"

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
  for (std::string_view bad : {"", "abc", "万", "亿元", "百", "十3", "1.2.3", "三五", "一两",
                               "十十", "一万万", "两亿亿", "1,", "12元", "零点"}) {
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

// The three-byte fast path must give what the general decoding gives, for every lead E0..EF and
// well- or ill-formed continuation bytes, and at the end of the text.
TEST(DecodeUtf8, ThreeByteFastPathMatchesTheGeneralRule) {
  auto reference = [](std::string_view text, std::size_t pos) -> CodePoint {
    if (pos >= text.size()) return {0, 0};
    const auto lead = static_cast<unsigned char>(text[pos]);
    if (lead < 0x80) return {lead, 1};
    if ((lead & 0xF0) != 0xE0) return decode_utf8_at(text, pos);  // not the path under test
    if (pos + 3 > text.size()) return {0xFFFD, 1};
    char32_t value = lead & 0x0F;
    for (std::size_t k = 1; k < 3; ++k) {
      const auto byte = static_cast<unsigned char>(text[pos + k]);
      if ((byte & 0xC0) != 0x80) return {0xFFFD, 1};
      value = (value << 6) | (byte & 0x3F);
    }
    return {value, 3};
  };
  for (unsigned lead = 0xE0; lead <= 0xEF; ++lead) {
    for (unsigned b1 : {0x00u, 0x41u, 0x80u, 0x9Fu, 0xA0u, 0xBFu, 0xC0u, 0xFFu}) {
      for (unsigned b2 : {0x41u, 0x80u, 0xBFu, 0xC0u}) {
        const std::string text{static_cast<char>(lead), static_cast<char>(b1),
                               static_cast<char>(b2)};
        for (std::size_t size = 1; size <= 3; ++size) {
          const std::string_view cut(text.data(), size);
          const CodePoint got = decode_utf8_at(cut, 0);
          const CodePoint want = reference(cut, 0);
          EXPECT_EQ(got.value, want.value) << lead << " " << b1 << " " << b2 << " " << size;
          EXPECT_EQ(got.length, want.length) << lead << " " << b1 << " " << b2 << " " << size;
        }
      }
    }
  }
  EXPECT_EQ(decode_utf8_at("两亿", 3).value, U'亿');
}

// The low-byte filter in chinese_digit_value rejects only non-digits: every BMP code point gets
// the value of the plain list of digits, simplified, 两 and the financial forms.
TEST(ChineseDigitValue, EveryBmpCodePointMatchesThePlainList) {
  auto plain = [](char32_t c) {
    const std::u32string_view digits[] = {U"〇零", U"一壹", U"二两贰", U"三叁", U"四肆",
                                          U"五伍", U"六陆", U"七柒",   U"八捌", U"九玖"};
    for (int d = 0; d < 10; ++d) {
      if (digits[d].find(c) != std::u32string_view::npos) return d;
    }
    return -1;
  };
  int digits_seen = 0;
  for (char32_t c = 0; c <= 0xFFFF; ++c) {
    const int want = plain(c);
    ASSERT_EQ(chinese_digit_value(c), want) << static_cast<std::uint32_t>(c);
    digits_seen += want >= 0 ? 1 : 0;
  }
  EXPECT_EQ(digits_seen, 21);
  // Characters that share a digit's low byte are still no digits (十 is read as a unit, not here).
  EXPECT_EQ(chinese_digit_value(U'十'), -1);
  EXPECT_EQ(chinese_digit_value(U'万'), -1);
  EXPECT_EQ(chinese_digit_value(U'亿'), -1);
  EXPECT_EQ(chinese_digit_value(U'廿'), -1);
}

// CodePointFilter::skip() may step only over characters the plain scan would reject: every
// position it passes (stepping as the finders do, by decode_utf8_at()'s length) must decode to a
// code point outside the start test, and it must land on that step chain. Texts mix digits, start
// characters, ordinary CJK, two- and four-byte characters, over-long and truncated forms and stray
// continuation bytes.
TEST(CodePointFilterTest, SkipsOnlyWhatTheStartTestRejects) {
  auto may_start = [](char32_t c) {
    return chinese_digit_value(c) >= 0 || c == U'十' || c == U'亿' || c == U'年';
  };
  const CodePointFilter filter(may_start);
  for (char32_t c = 0; c < 0x11000; ++c) {
    ASSERT_EQ(filter.may_start(c), c < 0x80 || c >= 0x10000 || may_start(c))
        << static_cast<std::uint32_t>(c);
  }
  const std::vector<std::string> pieces = {"的",
                                           "项目",
                                           "一",
                                           "十",
                                           "两",
                                           "亿",
                                           "年",
                                           "5",
                                           "a",
                                           "，",
                                           "é",
                                           "𠀀",
                                           "\xE0\x80\xB5",
                                           "\xE4\xB8",
                                           "\x80",
                                           "\xFF",
                                           "\xED\xA0\x80",
                                           "总投资",
                                           "万元",
                                           "〇"};
  const std::vector<std::string> texts = test_support::random_texts(
      pieces, {"", "的", "的的的的的的的的的的的一", "的的的的", "abc的的的"}, 3000, 14, 2024);
  bool skipped_some = false;
  for (const std::string& text : texts) {
    for (std::size_t start = 0; start <= text.size(); ++start) {
      const std::size_t landed = filter.skip(text, start);
      ASSERT_GE(landed, start);
      ASSERT_LE(landed, text.size());
      std::size_t pos = start;
      while (pos < landed) {
        const CodePoint cp = decode_utf8_at(text, pos);
        ASSERT_FALSE(cp.value < 0x80 || may_start(cp.value))
            << "skipped a start in \"" << text << "\" at " << pos;
        pos += std::max<std::size_t>(1, cp.length);
      }
      ASSERT_EQ(pos, landed) << "left the step chain in \"" << text << "\" from " << start;
      if (landed > start) skipped_some = true;
    }
  }
  EXPECT_TRUE(skipped_some);
}

// The finders that skip with a CodePointFilter still find amounts, quantities and dates that
// start right after a long run of skipped characters, at the sentence start and at its end.
TEST(CodePointFilterTest, FindersStillSeeStartsAfterSkippedRuns) {
  const std::string run = "项目建设进展顺利的的的的的的";
  EXPECT_EQ(find_money(run + "总投资12亿元").size(), 1U);
  EXPECT_EQ(find_money("两亿元" + run).size(), 1U);
  EXPECT_EQ(find_money(run + "投资5000万元" + run + "投资五千万元").size(), 2U);
  EXPECT_EQ(find_quantities(run + "年产5000吨" + run + "占地三百亩").size(), 2U);
  EXPECT_EQ(find_quantities(run + run).size(), 0U);
  const CivilDate base{2023, 10, 31};
  EXPECT_EQ(find_dates(run + "2023年9月" + run + "明年" + run + "十月二十四日", base).size(), 3U);
  EXPECT_EQ(find_dates(run + run, base).size(), 0U);
}

// rfind_word() tests a candidate's last byte before its first: the same answer as
// string_view::rfind for words whose first or last bytes recur in the text (CJK lead bytes, a
// shared last byte 长/张), one-byte and empty words, and words longer than the text.
TEST(RfindWordTest, SameAsStringViewRfind) {
  const std::vector<std::string> texts = {
      "",    "省长金湘军",     "副省长张三和市长", "长长长",     "a长",
      "长a", "董事长兼总经理", "\xE9\x95",         "书记、省长", "xx省委书记yy书记"};
  const std::vector<std::string_view> words = {"省长",   "长",   "书记",     "副省长", "a",
                                               "董事长", "\x95", "长长长长", "记",     "总经理"};
  for (const std::string& text : texts) {
    for (std::string_view word : words) {
      EXPECT_EQ(rfind_word(text, word), std::string_view(text).rfind(word))
          << text << " / " << word;
    }
  }
}

}  // namespace
}  // namespace investtrack::parser
