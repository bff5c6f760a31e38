// utf8.h: the one UTF-8 step of every parser stage.
#include "investtrack/parser/utf8.h"

#include <gtest/gtest.h>

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace investtrack::parser {
namespace {

std::string bytes(std::initializer_list<unsigned> values) {
  std::string out;
  for (const unsigned v : values) out += static_cast<char>(v);
  return out;
}

TEST(Utf8, ValidSequencesOfOneToFourBytes) {
  struct Case {
    std::string text;
    char32_t value;
    std::size_t length;
  };
  const Case cases[] = {
      {"A", U'A', 1},
      {bytes({0x7F}), 0x7F, 1},
      {"é", U'é', 2},
      {bytes({0xC2, 0x80}), 0x80, 2},
      {bytes({0xDF, 0xBF}), 0x7FF, 2},
      {"万", U'万', 3},
      {bytes({0xE0, 0xA0, 0x80}), 0x800, 3},
      {bytes({0xEF, 0xBF, 0xBD}), 0xFFFD, 3},
      {"𠀀", U'𠀀', 4},
      {bytes({0xF4, 0x8F, 0xBF, 0xBF}), 0x10FFFF, 4},
  };
  for (const Case& c : cases) {
    const std::string text = c.text + "x";
    EXPECT_EQ(utf8_sequence_length(static_cast<unsigned char>(text[0])), c.length) << c.text;
    const CodePoint cp = decode_utf8_at(text, 0);
    EXPECT_EQ(cp.value, c.value) << c.text;
    EXPECT_EQ(cp.length, c.length) << c.text;
    EXPECT_EQ(utf8_next(text, 0), c.length) << c.text;
    EXPECT_EQ(utf8_previous(text, c.length), 0u) << c.text;
    const CodePoint before = code_point_before(text, c.length);
    EXPECT_EQ(before.value, c.value) << c.text;
    EXPECT_EQ(before.length, c.length) << c.text;
  }
}

TEST(Utf8, StepsOverMixedText) {
  const std::string text = "a万é𠀀b";
  std::vector<std::size_t> starts;
  for (std::size_t i = 0; i < text.size(); i = utf8_next(text, i)) starts.push_back(i);
  EXPECT_EQ(starts, (std::vector<std::size_t>{0, 1, 4, 6, 10}));
  std::vector<std::size_t> back;
  for (std::size_t i = text.size(); i > 0;) back.push_back(i = utf8_previous(text, i));
  EXPECT_EQ(back, (std::vector<std::size_t>{10, 6, 4, 1, 0}));
  EXPECT_EQ(utf8_next(text, text.size()), text.size());
  EXPECT_EQ(utf8_previous(text, 0), 0u);
  EXPECT_EQ(decode_utf8_at(text, text.size()).length, 0u);
  EXPECT_EQ(code_point_before(text, 0).length, 0u);
}

// Bytes that never start a sequence: continuation bytes, C0 and C1 (their sequences would be
// overlong) and F5..FF (past U+10FFFF) are one malformed byte each, even when continuation bytes
// follow them.
TEST(Utf8, InvalidLeadBytesAreOneByte) {
  for (unsigned lead = 0x80; lead <= 0xBF; ++lead)
    EXPECT_EQ(utf8_sequence_length(static_cast<unsigned char>(lead)), 1u) << lead;
  for (const unsigned lead :
       {0xC0u, 0xC1u, 0xF5u, 0xF6u, 0xF7u, 0xF8u, 0xFBu, 0xFCu, 0xFEu, 0xFFu}) {
    EXPECT_EQ(utf8_sequence_length(static_cast<unsigned char>(lead)), 1u) << lead;
    const std::string text = bytes({lead, 0x80, 0x80, 0x80});
    const CodePoint cp = decode_utf8_at(text, 0);
    EXPECT_EQ(cp.value, U'\uFFFD') << lead;
    EXPECT_EQ(cp.length, 1u) << lead;
    EXPECT_EQ(utf8_next(text, 0), 1u) << lead;
  }
  const std::string continuation = bytes({0x80, 'a'});
  EXPECT_EQ(decode_utf8_at(continuation, 0).value, U'\uFFFD');
  EXPECT_EQ(decode_utf8_at(continuation, 0).length, 1u);
  // A lead without its continuation bytes.
  for (const std::string& text :
       {bytes({0xC3, 'a'}), bytes({0xE4, 0xB8, 'a'}), bytes({0xF0, 0x9F, 0x98, 'a'})}) {
    const CodePoint cp = decode_utf8_at(text, 0);
    EXPECT_EQ(cp.value, U'\uFFFD');
    EXPECT_EQ(cp.length, 1u);
  }
}

// A sequence cut by the end of the buffer: decoding reads one malformed byte, stepping never passes
// the end, and stepping back stops at the cut sequence's lead.
TEST(Utf8, TruncatedSequencesAtTheEnd) {
  for (const std::string& text : {bytes({0xC3}), bytes({0xE4}), bytes({0xE4, 0xB8}), bytes({0xF0}),
                                  bytes({0xF0, 0x9F}), bytes({0xF0, 0x9F, 0x98})}) {
    const std::string in = "a" + text;
    const CodePoint cp = decode_utf8_at(in, 1);
    EXPECT_EQ(cp.value, U'\uFFFD') << text.size();
    EXPECT_EQ(cp.length, 1u) << text.size();
    EXPECT_EQ(utf8_next(in, 1), in.size()) << text.size();
    EXPECT_EQ(utf8_previous(in, in.size()), 1u) << text.size();
    if (text.size() > 1) {
      EXPECT_EQ(code_point_before(in, in.size()).value, U'\uFFFD') << text.size();
    }
  }
  // Stepping back never walks over more than three continuation bytes.
  const std::string run = bytes({'a', 0x80, 0x80, 0x80, 0x80, 0x80});
  EXPECT_EQ(utf8_previous(run, run.size()), run.size() - 4);
}

}  // namespace
}  // namespace investtrack::parser
