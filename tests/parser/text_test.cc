#include "investtrack/parser/text.h"
#include "random_texts.h"

// The parser's private word-matching helpers: their fast paths must give the plain answers.
#include "byte_match.h"
#include "phrase_table.h"

#include <gtest/gtest.h>
#include <iconv.h>
#include <opencc/opencc.h>

#include <cstdint>

#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace investtrack::parser {
namespace {

// GB18030 bytes produced by glibc from UTF-8, so tests can state their text in readable Chinese.
std::string to_gb18030(std::string_view utf8) {
  iconv_t cd = iconv_open("GB18030", "UTF-8");
  EXPECT_NE(cd, reinterpret_cast<iconv_t>(-1));
  std::string out(utf8.size() * 2 + 8, '\0');
  char* in = const_cast<char*>(utf8.data());
  std::size_t in_left = utf8.size();
  char* o = out.data();
  std::size_t out_left = out.size();
  EXPECT_NE(iconv(cd, &in, &in_left, &o, &out_left), static_cast<std::size_t>(-1));
  iconv_close(cd);
  out.resize(out.size() - out_left);
  return out;
}

Decoded expect_decoded(const std::variant<Decoded, DecodeError>& result) {
  if (const auto* error = std::get_if<DecodeError>(&result)) {
    ADD_FAILURE() << "unexpected decode error: " << error->message;
    return {};
  }
  return std::get<Decoded>(result);
}

DecodeError expect_error(const std::variant<Decoded, DecodeError>& result) {
  if (std::holds_alternative<Decoded>(result)) {
    ADD_FAILURE() << "expected a decode error, got text: " << std::get<Decoded>(result).utf8;
    return {};
  }
  return std::get<DecodeError>(result);
}

// ---------------------------------------------------------------------------------------------
// decode()

TEST(Decode, EmptyInputIsEmptyUtf8) {
  const Decoded d = expect_decoded(decode(""));
  EXPECT_EQ(d.utf8, "");
  EXPECT_EQ(d.encoding, Encoding::kUtf8);
}

TEST(Decode, ValidUtf8IsTakenAsIs) {
  const std::string text = "长治市武乡县食品产业园项目总投资1.2亿元。\n第二行\t制表符";
  const Decoded d = expect_decoded(decode(text));
  EXPECT_EQ(d.utf8, text);
  EXPECT_EQ(d.encoding, Encoding::kUtf8);
}

TEST(Decode, Utf8ByteOrderMarkIsRemoved) {
  const Decoded d = expect_decoded(decode("\xEF\xBB\xBF本刊讯 项目开工"));
  EXPECT_EQ(d.utf8, "本刊讯 项目开工");
  EXPECT_EQ(d.encoding, Encoding::kUtf8Bom);
}

// Windows Notepad's "Unicode": UTF-16 with its byte order mark, ASCII half NUL bytes.
TEST(Decode, Utf16WithAByteOrderMarkIsConverted) {
  // 山西 + "1\n": 山 U+5C71, 西 U+897F.
  const std::string little("\xFF\xFE\x71\x5C\x7F\x89\x31\x00\x0A\x00", 10);
  Decoded d = expect_decoded(decode(little));
  EXPECT_EQ(d.utf8, "山西1\n");
  EXPECT_EQ(d.encoding, Encoding::kUtf16Le);
  const std::string big("\xFE\xFF\x5C\x71\x89\x7F\x00\x31\x00\x0A", 10);
  d = expect_decoded(decode(big));
  EXPECT_EQ(d.utf8, "山西1\n");
  EXPECT_EQ(d.encoding, Encoding::kUtf16Be);
  // decode_owned reads it the same way.
  d = expect_decoded(decode_owned(std::string(little)));
  EXPECT_EQ(d.utf8, "山西1\n");
}

TEST(Decode, BrokenUtf16AfterItsMarkNamesTheOffset) {
  // A lone high surrogate (D800) at the end: truncated after the mark.
  const auto broken = decode(std::string("\xFE\xFF\x5C\x71\xD8\x00", 6));
  ASSERT_TRUE(std::holds_alternative<DecodeError>(broken));
  EXPECT_EQ(std::get<DecodeError>(broken).offset, 4u);
  EXPECT_NE(std::get<DecodeError>(broken).message.find("UTF-16BE"), std::string::npos);
  // NUL characters in the text itself still make it binary.
  const auto binary = decode(std::string("\xFF\xFE\x00\x00\x00\x00\x41\x00", 8));
  ASSERT_TRUE(std::holds_alternative<DecodeError>(binary));
}

TEST(Decode, HardCodedGbkBytesDecodeAsGb18030) {
  // 山西 in GBK.
  const Decoded d = expect_decoded(decode("\xC9\xBD\xCE\xF7"));
  EXPECT_EQ(d.utf8, "山西");
  EXPECT_EQ(d.encoding, Encoding::kGb18030);
}

TEST(Decode, Gb18030TextRoundTrips) {
  const std::string original =
      "大同市新能源产业园二期项目计划总投资３５亿元，预计明年投产。\n(记者 王晓)";
  const Decoded d = expect_decoded(decode(to_gb18030(original)));
  EXPECT_EQ(d.utf8, original);
  EXPECT_EQ(d.encoding, Encoding::kGb18030);
}

TEST(Decode, Gb18030FourByteSequenceOutsideTheBmp) {
  // U+1F600 is the four-byte GB18030 sequence 94 39 FC 36; 项目 precedes it in GBK so UTF-8 fails.
  const Decoded d = expect_decoded(decode("\xCF\xEE\xC4\xBF\x94\x39\xFC\x36"));
  EXPECT_EQ(d.utf8, "项目\xF0\x9F\x98\x80");
}

TEST(Decode, BytesValidInBothEncodingsAreReadAsUtf8) {
  // E4 B8 AD E6 96 87 is 中文 in UTF-8 and also three valid GBK pairs; UTF-8 wins.
  const Decoded d = expect_decoded(decode("\xE4\xB8\xAD\xE6\x96\x87"));
  EXPECT_EQ(d.utf8, "中文");
  EXPECT_EQ(d.encoding, Encoding::kUtf8);
}

TEST(Decode, InvalidByteReportsItsOffset) {
  // 项目 in GBK, then 0xFF which starts nothing in either encoding.
  const DecodeError e = expect_error(decode("\xCF\xEE\xC4\xBF\xFF\xCF\xEE"));
  EXPECT_EQ(e.offset, 4u);
  EXPECT_NE(e.message.find("offset 4"), std::string::npos) << e.message;
}

TEST(Decode, TruncatedUtf8TailIsReportedAsUtf8) {
  // UTF-8 项目 and then a lone lead byte E9: the text is UTF-8 cut short, and the error says so.
  const DecodeError e = expect_error(decode("\xE9\xA1\xB9\xE7\x9B\xAE\xE9"));
  EXPECT_EQ(e.offset, 6u);
  EXPECT_NE(e.message.find("UTF-8"), std::string::npos) << e.message;
}

TEST(Decode, TruncatedGbSequenceAtTheEndIsAnError) {
  // 项目 in GBK, then the lead byte of a two-byte pair with nothing after it.
  const DecodeError e = expect_error(decode("\xCF\xEE\xC4\xBF\xCF"));
  EXPECT_EQ(e.offset, 4u);
  EXPECT_NE(e.message.find("truncated"), std::string::npos) << e.message;
}

TEST(Decode, Utf8SurrogatesAreNotAccepted) {
  // ED A0 80 encodes a surrogate: invalid UTF-8. As GB18030 ED A0 is a pair and 80 a bad byte.
  const DecodeError e = expect_error(decode("ab\xED\xA0\x80"));
  EXPECT_EQ(e.offset, 4u);
}

TEST(Decode, OverlongUtf8FallsBackToGb18030) {
  // C0 AF is an overlong '/' in UTF-8 but the GBK character 蜡.
  const Decoded d = expect_decoded(decode("\xC0\xAF"));
  EXPECT_EQ(d.encoding, Encoding::kGb18030);
  EXPECT_EQ(d.utf8, "蜡");
}

TEST(Decode, InvalidUtf8AfterBomIsAnErrorNotGb18030) {
  // C9 BD is valid UTF-8 (U+027D); CE F7 (西 in GBK) is not.
  const DecodeError e =
      expect_error(decode("\xEF\xBB\xBF"
                          "abc\xC9\xBD\xCE\xF7"));
  EXPECT_EQ(e.offset, 8u);
  EXPECT_NE(e.message.find("byte order mark"), std::string::npos) << e.message;
}

TEST(Decode, NulByteMeansBinary) {
  const std::string bytes("项目\0开工", 2 * 3 + 1 + 2 * 3);
  const DecodeError e = expect_error(decode(bytes));
  EXPECT_EQ(e.offset, 6u);
  EXPECT_TRUE(e.message.starts_with("binary input")) << e.message;
}

TEST(Decode, HighShareOfControlBytesMeansBinary) {
  const DecodeError e =
      expect_error(decode("PK\x03\x04\x14\x06\x08\x07"
                          "abc"));
  EXPECT_EQ(e.offset, 2u);
  EXPECT_TRUE(e.message.starts_with("binary input")) << e.message;
}

TEST(Decode, AStrayControlByteInLongTextIsTolerated) {
  std::string text;
  for (int i = 0; i < 20; ++i) text += "项目建设进展顺利。";
  text += '\x1A';  // a DOS end-of-file mark
  const Decoded d = expect_decoded(decode(text));
  EXPECT_EQ(d.utf8, text);
}

// Table 3-7 of the Unicode standard, byte by byte: the reference the fast paths must agree with.
bool is_well_formed_utf8(std::string_view bytes) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  std::size_t i = 0;
  while (i < bytes.size()) {
    const unsigned c = p[i];
    std::size_t length = 0;
    unsigned lo = 0x80, hi = 0xBF;
    if (c < 0x80)
      length = 1;
    else if (c >= 0xC2 && c <= 0xDF)
      length = 2;
    else if (c >= 0xE0 && c <= 0xEF)
      length = 3, lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
    else if (c >= 0xF0 && c <= 0xF4)
      length = 4, lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
    else
      return false;
    if (i + length > bytes.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
      const unsigned b = p[i + k];
      if (b < (k == 1 ? lo : 0x80) || b > (k == 1 ? hi : 0xBF)) return false;
    }
    i += length;
  }
  return true;
}

TEST(Decode, Utf8ValidationAgreesWithTheStandardOnMixedBytes) {
  // Mostly three-byte characters around the E0/ED/EF leads (the fast path's edges), with ASCII
  // runs and stray bytes; a tiny generator keeps the cases the same on every run.
  static constexpr unsigned char kLeads[] = {0xE0, 0xE1, 0xE4, 0xE9, 0xEC, 0xED,
                                             0xEE, 0xEF, 0xF0, 0xF4, 0xC2, 0xC0};
  static constexpr unsigned char kTails[] = {0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0x41, 0xB8};
  std::uint32_t state = 12345;
  auto next = [&] { return state = state * 1103515245U + 12345U, state >> 16; };
  int valid = 0, invalid = 0;
  for (int round = 0; round < 4000; ++round) {
    std::string bytes;
    const std::size_t chars = 1 + next() % 9;
    for (std::size_t c = 0; c < chars; ++c) {
      if (next() % 4 == 0) {
        bytes += std::string(next() % 10, 'a');
        continue;
      }
      bytes += static_cast<char>(kLeads[next() % std::size(kLeads)]);
      const std::size_t tails = next() % 4 == 0 ? next() % 4 : 2;
      for (std::size_t k = 0; k < tails; ++k)
        bytes += static_cast<char>(kTails[next() % std::size(kTails)]);
    }
    const bool expected = is_well_formed_utf8(bytes);
    const auto result = decode(bytes);
    const bool read_as_utf8 = std::holds_alternative<Decoded>(result) &&
                              std::get<Decoded>(result).encoding == Encoding::kUtf8;
    EXPECT_EQ(read_as_utf8, expected) << testing::PrintToString(bytes);
    if (read_as_utf8) {
      EXPECT_EQ(std::get<Decoded>(result).utf8, bytes);
    }
    (expected ? valid : invalid) += 1;
  }
  EXPECT_GT(valid, 100);
  EXPECT_GT(invalid, 100);
}

TEST(Decode, ControlBytesAreCountedAtEveryOffsetOfAWord) {
  // 5% control bytes is still text, one more is binary, wherever they sit (the count reads eight
  // bytes at a time). DEL (7F) counts, tab/LF/VT/FF/CR and bytes >= 80 do not.
  for (const char control : {'\x01', '\x1F', '\x7F', '\x1B'}) {
    for (std::size_t shift = 0; shift < 8; ++shift) {
      std::string text(shift, 'a');
      text += "\t\n\v\f\r" + std::string(40, 'x');
      while (text.size() < 200) text += "项目";
      std::string at_limit = text;
      const std::size_t limit = at_limit.size() / 20;
      for (std::size_t k = 0; k < limit; ++k) at_limit[shift + 5 + k * 3] = control;
      EXPECT_TRUE(std::holds_alternative<Decoded>(decode(at_limit)))
          << int(control) << " " << shift;
      std::string over = at_limit;
      over[over.size() - 1] = control;
      const auto result = decode(over);
      ASSERT_TRUE(std::holds_alternative<DecodeError>(result)) << int(control) << " " << shift;
      EXPECT_EQ(std::get<DecodeError>(result).offset, shift + 5);
    }
  }
}

TEST(Decode, LargeInputIsDecodedWhole) {
  std::string chunk = to_gb18030("全省重点工程项目建设推进会召开，总投资１２０亿元。\n");
  std::string big;
  while (big.size() < (8u << 20)) big += chunk;
  const Decoded d = expect_decoded(decode(big));
  EXPECT_EQ(d.encoding, Encoding::kGb18030);
  EXPECT_TRUE(d.utf8.starts_with("全省重点工程"));
  EXPECT_TRUE(d.utf8.ends_with("亿元。\n"));
}

TEST(Utf8Length, LeadBytes) {
  EXPECT_EQ(utf8_length('a'), 1u);
  EXPECT_EQ(utf8_length(0xC3), 2u);
  EXPECT_EQ(utf8_length(0xE5), 3u);
  EXPECT_EQ(utf8_length(0xF0), 4u);
  EXPECT_EQ(utf8_length(0x80), 1u);  // a continuation byte standing alone
  EXPECT_EQ(utf8_length(0xFF), 1u);
}

// ---------------------------------------------------------------------------------------------
// NormalizedText

TEST(Normalize, OpenCcDataIsAvailable) { EXPECT_TRUE(traditional_folding_available()); }

TEST(Normalize, TraditionalFoldsToSimplified) {
  const NormalizedText n = NormalizedText::build("項目總投資12億元");
  EXPECT_EQ(n.text(), "项目总投资12亿元");
  // Same byte length: offsets carry over unchanged.
  EXPECT_EQ(n.to_original(6), 6u);
}

TEST(Normalize, TraditionalSentenceFoldsCharacterByCharacter) {
  const NormalizedText n = NormalizedText::build("臺灣廠商在晉城開發區簽約，建設風電設備生產線。");
  EXPECT_EQ(n.text(), "台湾厂商在晋城开发区签约，建设风电设备生产线。");
}

// The table is filled by asking OpenCC only about the characters that start a key of its
// dictionaries; every CJK character must still fold exactly as OpenCC converts it on a line of its
// own (when it converts to one other three-byte character; otherwise it stays).
TEST(Normalize, EveryCjkCharacterFoldsAsOpenCcConvertsItAlone) {
  auto append = [](std::string& s, char32_t cp) {
    s.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    s.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    s.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  };
  std::vector<char32_t> sources;
  for (char32_t cp = 0x3400; cp <= 0x9FFF; ++cp) sources.push_back(cp);
  for (char32_t cp = 0xF900; cp <= 0xFAFF; ++cp) sources.push_back(cp);
  std::string lines;
  for (const char32_t cp : sources) {
    append(lines, cp);
    lines.push_back('\n');
  }
  const std::string converted = opencc::SimpleConverter("t2s.json").Convert(lines);
  std::string expected;
  std::size_t line_start = 0;
  for (const char32_t cp : sources) {
    const std::size_t line_end = converted.find('\n', line_start);
    ASSERT_NE(line_end, std::string::npos);
    const std::string_view line(converted.data() + line_start, line_end - line_start);
    line_start = line_end + 1;
    const bool folds = line.size() == 3 && (static_cast<unsigned char>(line[0]) & 0xF0) == 0xE0;
    if (folds) {
      expected.append(line);
    } else {
      append(expected, cp);
    }
    expected.push_back('\n');
  }
  EXPECT_EQ(NormalizedText::build(lines).text(), expected);
}

TEST(Normalize, SimplifiedTextIsLeftAlone) {
  const std::string text = "山西综改示范区新签约项目32个，其中制造业项目占比超过六成。";
  EXPECT_EQ(NormalizedText::build(text).text(), text);
}

// A text folding leaves as it is is held once: the given buffer becomes text(), and original()
// reads the same bytes.
TEST(Normalize, BuildOwnedKeepsAnUnchangedTextInOneBuffer) {
  std::string text;
  for (int i = 0; i < 50; ++i)
    text += "山西综改示范区新签约项目32个，其中制造业项目占比超过六成。\n";
  const std::string expected = text;
  const char* buffer = text.data();
  NormalizedText n = NormalizedText::build_owned(std::move(text));
  EXPECT_EQ(n.text(), expected);
  EXPECT_EQ(n.text().data(), buffer);
  EXPECT_EQ(n.original().data(), buffer);
  EXPECT_EQ(n.to_original(9), 9u);
  // One buffer for both: the original can only be released as a copy.
  EXPECT_TRUE(n.release_original_copies());
  EXPECT_EQ(n.release_original(), expected);
  // The normalized text stays for whatever still reads it.
  EXPECT_EQ(n.text(), expected);
}

TEST(Normalize, BuildOwnedFoldsAChangedTextAndKeepsTheOriginal) {
  for (const std::string& original :
       {std::string("項目總投資１２億元\r\n"), std::string("项目总投资12亿元\r\n下一行"),
        std::string("总投资１２亿元")}) {
    const NormalizedText built = NormalizedText::build(original);
    NormalizedText owned = NormalizedText::build_owned(std::string(original));
    EXPECT_EQ(owned.text(), built.text()) << original;
    EXPECT_NE(owned.text(), original);
    EXPECT_EQ(owned.original(), original);
    for (std::size_t k = 0; k <= built.text().size(); ++k)
      EXPECT_EQ(owned.to_original(k), built.to_original(k));
    // Given up by the caller and apart from text(): moved out, not copied. build() only views it.
    EXPECT_FALSE(owned.release_original_copies()) << original;
    EXPECT_TRUE(built.release_original_copies()) << original;
    EXPECT_EQ(owned.release_original(), original);
    EXPECT_EQ(owned.original(), "");
  }
  // Empty input: nothing to fold, nothing held.
  NormalizedText empty = NormalizedText::build_owned(std::string());
  EXPECT_EQ(empty.text(), "");
  EXPECT_EQ(empty.release_original(), "");
}

// With two threads, a text of a MiB or more is folded in two halves cut after a line feed near the
// middle; the text and every offset's original must be those of one pass. The lines put each kind
// of folding (CR LF, a lone CR, pinyin notes, full-width and traditional characters) at and around
// wherever the cut falls.
TEST(Normalize, FoldingInHalvesOnTwoThreadsIsOnePass) {
  const std::string lines[] = {"發(fā)布項目總投資１２億元\r\n", "（１２３）建设(jiàn)中\r",
                               "\xC2\xA0　國\n", "项目开工\r\n\r\n", "(abc)ＡＢＣ％\n"};
  for (std::size_t shift = 0; shift < 5; ++shift) {
    std::string original;
    for (std::size_t k = shift; original.size() < (1u << 20) + 4096; ++k) original += lines[k % 5];
    const NormalizedText one = NormalizedText::build_owned(std::string(original), 1);
    const NormalizedText two = NormalizedText::build_owned(std::string(original), 2);
    ASSERT_EQ(two.text(), one.text()) << shift;
    for (std::size_t k = 0; k <= one.text().size(); ++k) {
      if (two.to_original(k) != one.to_original(k)) {
        ADD_FAILURE() << "offset " << k << " of " << one.text().size() << ", shift " << shift;
        break;
      }
    }
  }
}

// The first folding is found by a scan that skips eight ASCII bytes at a time and copies nothing
// before it: each kind of folding, at every offset of a word, and at the very end.
TEST(Normalize, AFoldingIsFoundAtAnyOffset) {
  struct Case {
    std::string from, to;
  };
  const Case cases[] = {{"\r\n", "\n"}, {"\r", "\n"}, {"\xC2\xA0", " "}, {"　", " "},
                        {"１", "1"},    {"Ａ", "A"},  {"國", "国"},      {"\xE2\x80\xAF", " "}};
  for (const Case& c : cases) {
    for (std::size_t k = 0; k < 20; ++k) {
      for (const std::string& after : {std::string("建设abc"), std::string()}) {
        const std::string before = std::string(k, 'a') + (k % 3 == 0 ? "项目" : "");
        const std::string original = before + c.from + after;
        const std::string expected = before + c.to + after;
        const NormalizedText built = NormalizedText::build(original);
        const NormalizedText owned = NormalizedText::build_owned(std::string(original));
        EXPECT_EQ(built.text(), expected) << k;
        EXPECT_EQ(owned.text(), expected) << k;
        EXPECT_EQ(owned.original(), original);
        EXPECT_EQ(built.to_original(before.size()), before.size());
        EXPECT_EQ(built.to_original(before.size() + c.to.size()), before.size() + c.from.size());
        EXPECT_EQ(owned.to_original(before.size() + c.to.size()), before.size() + c.from.size());
      }
    }
  }
}

TEST(Normalize, FullWidthDigitsLettersAndSymbolsFold) {
  const NormalizedText n =
      NormalizedText::build("总投资１２．５亿元（一期）／年产５６ＧＷ，增长１５％＋");
  EXPECT_EQ(n.text(), "总投资12.5亿元(一期)/年产56GW，增长15%+");
}

TEST(Normalize, ChineseClausePunctuationIsKept) {
  const std::string text = "签约，开工；投产：达效！是否？“一期”《方案》、。";
  EXPECT_EQ(NormalizedText::build(text).text(), text);
}

TEST(Normalize, IdeographicAndNoBreakSpacesBecomeSpaces) {
  const NormalizedText n = NormalizedText::build("\xE3\x80\x80\xE3\x80\x80本刊讯\xC2\xA0项目");
  EXPECT_EQ(n.text(), "  本刊讯 项目");
}

TEST(Normalize, CrLfAndLoneCrBecomeLf) {
  const NormalizedText n = NormalizedText::build("一\r\n二\r三\n四");
  EXPECT_EQ(n.text(), "一\n二\n三\n四");
  EXPECT_EQ(n.to_original(4), 5u);  // 二 starts after the two-byte CRLF
}

TEST(Normalize, InvalidBytesPassThroughUnchanged) {
  const std::string bytes =
      "\xFF\xFE"
      "ab\xE5\x9C"
      "c\xE3\x80";
  const NormalizedText n = NormalizedText::build(bytes);
  EXPECT_EQ(n.text(), bytes);
  for (std::size_t i = 0; i <= bytes.size(); ++i) EXPECT_EQ(n.to_original(i), i);
}

TEST(Normalize, EmptyText) {
  const NormalizedText n = NormalizedText::build("");
  EXPECT_EQ(n.text(), "");
  EXPECT_EQ(n.to_original(0), 0u);
  EXPECT_EQ(n.to_original(5), 0u);
}

// Every code point boundary of the normalized text maps to a boundary of the original, and the
// original character there normalizes to exactly the normalized character.
TEST(Normalize, OffsetsMapBackAtEveryCharacterBoundary) {
  const std::string original =
      "\xE3\x80\x80\xE3\x80\x80項目總投資１２．５億元（一期）\r\n"
      "年產\xC2\xA0５６ＧＷ，約ＡＢＣ\r計劃\xE3\x80\x80投產。end";
  const NormalizedText n = NormalizedText::build(original);
  const std::string& t = n.text();
  std::size_t i = 0;
  while (i < t.size()) {
    const std::size_t next = i + utf8_length(static_cast<unsigned char>(t[i]));
    const std::size_t from = n.to_original(i);
    const std::size_t to = n.to_original(next);
    ASSERT_LT(from, to) << "at normalized offset " << i;
    ASSERT_LE(to, original.size());
    EXPECT_EQ(NormalizedText::build(original.substr(from, to - from)).text(), t.substr(i, next - i))
        << "at normalized offset " << i;
    i = next;
  }
  EXPECT_EQ(n.to_original(t.size()), original.size());
  EXPECT_EQ(n.to_original(t.size() + 100), original.size());
}

TEST(Normalize, SpanMapsBackToTheOriginalWriting) {
  const std::string original = "\xE3\x80\x80（二期）項目總投資１２億元";
  const NormalizedText n = NormalizedText::build(original);
  const std::size_t begin = n.text().find("项目");
  const std::size_t end = n.text().find("元") + std::string_view("元").size();
  const Span o = n.to_original(Span{begin, end});
  EXPECT_EQ(original.substr(o.begin, o.end - o.begin), "項目總投資１２億元");
}

TEST(Normalize, OffsetsAfterManyFoldingsStayExact) {
  std::string original;
  std::string expected;
  for (int i = 0; i < 500; ++i) {
    original += "第" + std::string(i % 2 ? "１" : "\xE3\x80\x80") + "期\r\n";
    expected += "第" + std::string(i % 2 ? "1" : " ") + "期\n";
  }
  const NormalizedText n = NormalizedText::build(original);
  ASSERT_EQ(n.text(), expected);
  // The k-th line starts at k * 8 normalized bytes and k * 11 original bytes.
  for (std::size_t k = 0; k < 500; ++k) EXPECT_EQ(n.to_original(k * 8), k * 11) << k;
}

// Web converters print a reading after characters (發(fā)布, 區(qū), 區（qū）): one lowercase
// pinyin syllable with a vowel, in ASCII or full-width brackets, right after a CJK character.
// text() drops it and to_original() maps across it; any other bracket stays.
TEST(Normalize, PinyinNotesOfWebConvertersAreDropped) {
  struct Case {
    std::string original, expected;
  };
  const Case cases[] = {
      {"新聞發(fā)布會在平遙縣(xiàn)舉行", "新闻发布会在平遥县举行"},
      {"太原市小店區（qū）政府", "太原市小店区政府"},
      {"總投資5億元的產(chǎn)業(yè)園項(xiang)目", "总投资5亿元的产业园项目"},
      // Already simplified: the note is the only change.
      {"新闻发(fā)布会", "新闻发布会"},
      {"项目(mu)", "项目"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.original);
    const NormalizedText n = NormalizedText::build(c.original);
    EXPECT_EQ(n.text(), c.expected);
    EXPECT_EQ(NormalizedText::build_owned(std::string(c.original)).text(), c.expected);
    // Every character maps back to its own character, any note after it included.
    const std::string& t = n.text();
    for (std::size_t i = 0; i < t.size();) {
      const std::size_t next = i + utf8_length(static_cast<unsigned char>(t[i]));
      const std::size_t from = n.to_original(i);
      const std::size_t to = n.to_original(next);
      ASSERT_LT(from, to) << i;
      ASSERT_LE(to, c.original.size());
      EXPECT_EQ(NormalizedText::build(c.original.substr(from, to - from)).text(),
                t.substr(i, next - i))
          << i;
      i = next;
    }
    EXPECT_EQ(n.to_original(t.size()), c.original.size());
  }
  // The character after a note maps to where it starts in the original.
  const std::string original = "新聞發(fā)布會在平遙縣(xiàn)舉行";
  const NormalizedText n = NormalizedText::build(original);
  EXPECT_EQ(n.to_original(n.text().find("布")), original.find("布"));
  EXPECT_EQ(n.to_original(n.text().find("举")), original.find("舉"));
  const Span span = n.to_original(Span{n.text().find("发"), n.text().find("会")});
  EXPECT_EQ(original.substr(span.begin, span.end - span.begin), "發(fā)布");
}

TEST(Normalize, BracketsThatAreNoPinyinNoteStay) {
  struct Case {
    std::string original, expected;
  };
  const Case cases[] = {
      {"裝機容量(mw)", "装机容量(mw)"},    // no vowel
      {"風電場(MW)", "风电场(MW)"},        // uppercase
      {"區(QU)政府", "区(QU)政府"},        // uppercase
      {"ABC(de)", "ABC(de)"},              // not after a CJK character
      {"ABC（de）", "ABC(de)"},            // full-width, folded but kept
      {"签约，(yi)", "签约，(yi)"},        // after punctuation
      {"項目(project)", "项目(project)"},  // longer than a syllable
      {"項目(ab1)", "项目(ab1)"},          // a digit
      {"項目(fa", "项目(fa"},              // never closed
      {"項目()", "项目()"},                // empty
      {"一期(2023)", "一期(2023)"},        // a year
  };
  for (const Case& c : cases) {
    const NormalizedText n = NormalizedText::build(c.original);
    EXPECT_EQ(n.text(), c.expected) << c.original;
    EXPECT_EQ(n.to_original(n.text().size()), c.original.size()) << c.original;
  }
}

// without_pinyin_notes() drops the same notes from a string and folds nothing else, for names shown
// in the article's own script.
TEST(WithoutPinyinNotes, DropsNotesAndKeepsTheScript) {
  EXPECT_EQ(without_pinyin_notes("發(fā)布會在區（qū）政府召開"), "發布會在區政府召開");
  EXPECT_EQ(without_pinyin_notes("芮城縣(xiàn)光伏產(chǎn)業(yè)園項(xiàng)目"),
            "芮城縣光伏產業園項目");
  EXPECT_EQ(without_pinyin_notes("装机容量(mw)、ABC(de)、區(QU)、項目（一期）"),
            "装机容量(mw)、ABC(de)、區(QU)、項目（一期）");
  EXPECT_EQ(without_pinyin_notes("项目"), "项目");
  EXPECT_EQ(without_pinyin_notes(""), "");
}

// --- fast word matching: the same answers as the plain searches

// Texts made of pieces that share bytes with the words looked for: CJK characters of the same
// block (项/顶/须 share E9 A1, 公/兴 share E5 85), characters whose last byte is a word's last
// byte, ASCII, full-width digits and traditional characters.
std::vector<std::string> tricky_texts() {
  const std::vector<std::string> pieces = {"项", "目", "顶", "须", "公", "司", "兴", "共", "分",
                                           "期", "其", "措", "施", "等", "举", "重", "点", "大",
                                           "完", "成", "“",  "”",  "a",  "1",  "-",  " ",  "１",
                                           "２", "億", "項", "開", "工", "建"};
  return test_support::random_texts(
      pieces, {"", "项", "项目", "目项目", "项项目目", "完成完成", "措施等措施"}, 400, 12, 12345);
}

const std::vector<std::string_view> kTrickyWords = {
    "项目", "项",   "目",   "公司", "期", "一期", "措",   "措施", "等措施",
    "完成", "重点", "重大", "“",    "1",  "a-",   "１２", "項目", ""};

TEST(FindWordTest, SameAsStringViewFind) {
  for (const std::string& text : tricky_texts()) {
    for (std::string_view word : kTrickyWords) {
      for (std::size_t from = 0; from <= text.size() + 2; ++from) {
        ASSERT_EQ(find_word(text, word, from), std::string_view(text).find(word, from))
            << "text \"" << text << "\" word \"" << word << "\" from " << from;
      }
    }
  }
}

std::vector<std::string_view> words_with_short_ones() {
  std::vector<std::string_view> words(kTrickyWords.begin(),
                                      kTrickyWords.end() - 1);  // no empty word
  return words;
}

int naive_longest_at(const std::vector<std::string_view>& words, std::string_view text,
                     std::size_t pos) {
  int best = -1;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (pos <= text.size() && text.substr(pos).starts_with(words[i]) &&
        (best < 0 || words[i].size() > words[static_cast<std::size_t>(best)].size())) {
      best = static_cast<int>(i);
    }
  }
  return best;
}

int naive_longest_ending_at(const std::vector<std::string_view>& words, std::string_view text,
                            std::size_t end) {
  int best = -1;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (end <= text.size() && text.substr(0, end).ends_with(words[i]) &&
        (best < 0 || words[i].size() > words[static_cast<std::size_t>(best)].size())) {
      best = static_cast<int>(i);
    }
  }
  return best;
}

// With only words of three bytes or more, a three-byte filter rules positions out; with a shorter
// word in the list it must not. Both must find exactly what comparing every word finds.
TEST(PhraseTableTest, SameAsComparingEveryWord) {
  std::vector<std::string_view> long_words;
  for (std::string_view w : words_with_short_ones())
    if (w.size() >= 3) long_words.push_back(w);
  for (const auto& words : {long_words, words_with_short_ones()}) {
    const PhraseTable table(words);
    for (const std::string& text : tricky_texts()) {
      for (std::size_t pos = 0; pos <= text.size() + 1; ++pos) {
        const int fast = table.longest_at(text, pos);
        const int naive = naive_longest_at(words, text, pos);
        // Words are distinct, so the longest match is one word; compare the words themselves.
        ASSERT_EQ(fast < 0 ? std::string_view("<none>") : table.word(fast),
                  naive < 0 ? std::string_view("<none>") : words[static_cast<std::size_t>(naive)])
            << "text \"" << text << "\" at " << pos;
        const int fast_end = table.longest_ending_at(text, pos);
        const int naive_end = naive_longest_ending_at(words, text, pos);
        ASSERT_EQ(
            fast_end < 0 ? std::string_view("<none>") : table.word(fast_end),
            naive_end < 0 ? std::string_view("<none>") : words[static_cast<std::size_t>(naive_end)])
            << "text \"" << text << "\" ending at " << pos;
      }
    }
  }
}

}  // namespace
}  // namespace investtrack::parser
