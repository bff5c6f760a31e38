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

}  // namespace investtrack::parser
