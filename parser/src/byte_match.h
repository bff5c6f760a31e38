// Word tests the rules run at nearly every character. libstdc++'s compare and rfind call memcmp
// for each candidate position, and those calls were a fifth of the parser's time; testing the
// word's last (or first) byte inline first rejects almost every position without a call.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "investtrack/parser/utf8.h"

namespace investtrack::parser {

// text[pos, pos + word.size()) == word, with pos anywhere (false past the end).
// Always inlined: a call per test costs more than the test (the rules call it at every character).
[[gnu::always_inline]] inline bool word_at_fast(std::string_view text, std::size_t pos,
                                                std::string_view word) {
  if (pos > text.size() || text.size() - pos < word.size()) return false;
  if (word.empty()) return true;
  const char* at = text.data() + pos;
  return at[word.size() - 1] == word.back() && at[0] == word.front() &&
         std::memcmp(at, word.data(), word.size()) == 0;
}

// text.rfind(word) for a non-empty word, same result.
inline std::size_t rfind_word(std::string_view text, std::string_view word) {
  if (word.empty()) return text.size();
  if (word.size() > text.size()) return std::string_view::npos;
  for (std::size_t pos = text.size() - word.size() + 1; pos-- > 0;) {
    // The last byte first: a CJK word's first byte (E4..E9) matches nearly every character.
    if (text[pos + word.size() - 1] == word.back() && text[pos] == word.front() &&
        std::memcmp(text.data() + pos, word.data(), word.size()) == 0) {
      return pos;
    }
  }
  return std::string_view::npos;
}

// text.find(word, from), same result. libstdc++ looks for the word's first byte with memchr and
// compares at every hit, and the first byte of a CJK word (E4..E9) is nearly every third byte of
// Chinese text: a memcmp call per character. The last byte is far rarer, so memchr looks for that.
[[gnu::always_inline]] inline std::size_t find_word(std::string_view text, std::string_view word,
                                                    std::size_t from = 0) {
  if (from > text.size()) return std::string_view::npos;
  if (word.empty()) return from;
  if (word.size() > text.size() - from) return std::string_view::npos;
  const std::size_t before_last = word.size() - 1;
  const char* const base = text.data();
  const char* const end = base + text.size();
  const auto last = static_cast<unsigned char>(word.back());
  for (const char* p = base + from + before_last; p < end;) {
    const auto* hit =
        static_cast<const char*>(std::memchr(p, last, static_cast<std::size_t>(end - p)));
    if (hit == nullptr) return std::string_view::npos;
    const char* start = hit - before_last;
    if (std::memcmp(start, word.data(), before_last) == 0)
      return static_cast<std::size_t>(start - base);
    p = hit + 1;
  }
  return std::string_view::npos;
}

// The code points of the Basic Multilingual Plane that may start what a finder looks for, one bit
// each (8 KiB), filled from the finder's own start test. The finders decode every character of a
// sentence only to reject nearly all of them; skip() steps over a run of such characters in one
// tight loop. Code points below U+0080 are always kept: a start test may look around an ASCII
// character (a digit after a letter), and an over-long three-byte form decodes to one.
class CodePointFilter {
 public:
  template <typename MayStart>
  explicit CodePointFilter(MayStart may_start) {
    for (char32_t c = 0; c < kPlane; ++c) {
      if (c < 0x80 || may_start(c)) bits_[c / 64] |= std::uint64_t{1} << (c % 64);
    }
  }

  bool may_start(char32_t c) const {
    return c >= kPlane || ((bits_[c / 64] >> (c % 64)) & 1U) != 0;
  }

  // The first position at or after pos that is not a well-formed three-byte character (lead
  // E0..EF, two continuation bytes, all within the text) whose code point the filter rules out.
  // A scan that decodes with decode_utf8_at() and steps over ruled-out characters visits exactly
  // the positions from there on.
  std::size_t skip(std::string_view text, std::size_t pos) const {
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t n = text.size();
    while (pos < n && n - pos >= 3) {
      const unsigned lead = p[pos];
      if ((lead & 0xF0) != 0xE0 || ((p[pos + 1] ^ 0x80U) | (p[pos + 2] ^ 0x80U)) >= 0x40) break;
      const char32_t c =
          ((lead & 0x0FU) << 12) | ((p[pos + 1] & 0x3FU) << 6) | (p[pos + 2] & 0x3FU);
      if (((bits_[c / 64] >> (c % 64)) & 1U) != 0) break;
      pos += 3;
    }
    return pos;
  }

  // The finders' scan: visit(pos, code_point, step) at every position skip() does not step over,
  // where step is the character's length (at least 1); visit returns where the scan goes on.
  template <typename Visit>
  void scan(std::string_view text, Visit visit) const {
    std::size_t pos = 0;
    while (pos < text.size()) {
      pos = skip(text, pos);
      if (pos >= text.size()) break;
      const CodePoint cp = decode_utf8_at(text, pos);
      pos = visit(pos, cp, std::max<std::size_t>(1, cp.length));
    }
  }

 private:
  static constexpr char32_t kPlane = 0x10000;
  std::array<std::uint64_t, kPlane / 64> bits_{};
};

}  // namespace investtrack::parser
