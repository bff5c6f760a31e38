// Word tests the rules run at nearly every character. libstdc++'s compare and rfind call memcmp
// for each candidate position, and those calls were a fifth of the parser's time; testing the
// word's last (or first) byte inline first rejects almost every position without a call.
#pragma once

#include <cstring>
#include <string_view>

namespace investtrack::parser {

// text[pos, pos + word.size()) == word, with pos anywhere (false past the end).
inline bool word_at_fast(std::string_view text, std::size_t pos, std::string_view word) {
  if (pos > text.size() || text.size() - pos < word.size()) return false;
  if (word.empty()) return true;
  const char* at = text.data() + pos;
  return at[word.size() - 1] == word.back() && at[0] == word.front() && std::memcmp(at, word.data(), word.size()) == 0;
}

// text.rfind(word) for a non-empty word, same result.
inline std::size_t rfind_word(std::string_view text, std::string_view word) {
  if (word.empty()) return text.size();
  if (word.size() > text.size()) return std::string_view::npos;
  for (std::size_t pos = text.size() - word.size() + 1; pos-- > 0;) {
    if (text[pos] == word.front() && std::memcmp(text.data() + pos, word.data(), word.size()) == 0) return pos;
  }
  return std::string_view::npos;
}

// text.find(word, from), same result. libstdc++ looks for the word's first byte with memchr and
// compares at every hit, and the first byte of a CJK word (E4..E9) is nearly every third byte of
// Chinese text: a memcmp call per character. The last byte is far rarer, so memchr looks for that.
inline std::size_t find_word(std::string_view text, std::string_view word, std::size_t from = 0) {
  if (from > text.size()) return std::string_view::npos;
  if (word.empty()) return from;
  if (word.size() > text.size() - from) return std::string_view::npos;
  const std::size_t before_last = word.size() - 1;
  const char* const base = text.data();
  const char* const end = base + text.size();
  const auto last = static_cast<unsigned char>(word.back());
  for (const char* p = base + from + before_last; p < end;) {
    const auto* hit = static_cast<const char*>(std::memchr(p, last, static_cast<std::size_t>(end - p)));
    if (hit == nullptr) return std::string_view::npos;
    const char* start = hit - before_last;
    if (std::memcmp(start, word.data(), before_last) == 0) return static_cast<std::size_t>(start - base);
    p = hit + 1;
  }
  return std::string_view::npos;
}

}  // namespace investtrack::parser
