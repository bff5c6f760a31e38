// What more than one step of the projects stage reads in a sentence, too long to be inline in
// projects_internal.h: its clauses (split_clauses), the alias a name introduces, where a numbered
// line's text starts, and what is left of a name without its sector words.
#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <numeric>
#include <optional>
#include <set>
#include <span>
#include <unordered_map>

#include "projects_internal.h"

namespace investtrack::parser::projects_internal {

// What is left of a name's words once sector words, counts and amounts are gone: empty (or one
// character) when the name is a category (3亿元旅游项目, 创新载体类项目).
std::string without_sector_words(std::string rest) {
  static const auto by_length = [] {
    std::vector<std::string_view> words(std::begin(kSectorWords), std::end(kSectorWords));
    std::stable_sort(words.begin(), words.end(),
                     [](auto a, auto b) { return a.size() > b.size(); });
    std::vector<WordSignature> signed_words;
    signed_words.reserve(words.size());
    for (auto w : words) signed_words.push_back({w, char_signature(w)});
    return signed_words;
  }();
  // Erasing never adds characters: a word whose characters the text lacks is not searched for.
  const std::uint64_t present = char_signature(rest);
  for (const WordSignature& w : by_length) {
    if (holds_chars_of(present, w)) erase_all(rest, w.text);
  }
  std::string out;
  for (char c : rest) {
    if (!std::isdigit(static_cast<unsigned char>(c)) && c != '.') out.push_back(c);
  }
  // out holds no character rest did not: a word whose characters rest lacks is not searched for.
  static constexpr std::string_view kCounters[] = {"亿元", "万元", "亿", "万", "个",
                                                   "项",   "类",   "级", "的"};
  static const auto counters = sign_words(kCounters);
  for (const WordSignature& w : counters) {
    if (holds_chars_of(present, w)) erase_all(out, w.text);
  }
  // Function words alone say nothing of which project either (还可开复工项目 leaves 还可).
  std::string_view rest_view = out;
  while (!rest_view.empty()) {
    bool function_word = false;
    for (std::string_view w : {"还", "可", "也", "再", "均", "都", "将", "已"}) {
      if (rest_view.starts_with(w)) {
        rest_view.remove_prefix(w.size());
        function_word = true;
        break;
      }
    }
    if (!function_word) return out;
  }
  return {};
}

// Appends the clauses of s to out.
void split_clauses(std::string_view s, std::vector<Clause>& out) {
  // Only an ASCII mark or a lead byte E3/EF can begin a break; every other character is stepped
  // over on one table read.
  static constexpr auto kMayBreak = [] {
    std::array<bool, 256> may{};
    for (unsigned char c : {',', ';', ':', '!', '?', '\n', '|'}) may[c] = true;
    may[0xE3] = may[0xEF] = true;
    return may;
  }();
  std::size_t start = 0;
  for (std::size_t i = 0; i < s.size(); i = utf8_next(s, i)) {
    if (kMayBreak[static_cast<unsigned char>(s[i])] && is_clause_break(s, i)) {
      if (i > start)
        out.push_back({{static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(i)}});
      start = utf8_next(s, i);
    }
  }
  if (start < s.size())
    out.push_back({{static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(s.size())}});
}

// The other name an article gives a project right after naming it: X（以下简称“Y”）, X(简称Y),
// X(原名Y), X更名为Y, X正式命名为“Y”. Returns Y's span in text, or nothing. Later bulletins
// often use only the short or the new name: the register matches them through the alias.
std::optional<Span> introduced_alias(std::string_view text, std::size_t name_end) {
  static constexpr std::string_view kBracketed[] = {"(以下简称", "(以下称", "(下称", "(简称",
                                                    "(原名",     "(原称",   "(又称"};
  static constexpr std::string_view kRenamed[] = {"正式更名为", "正式命名为", "更名为", "命名为",
                                                  "改名为"};
  std::string_view rest = text.substr(name_end);
  bool bracketed = false;
  std::size_t skip = 0;
  for (std::string_view opener : kBracketed) {
    if (rest.starts_with(opener)) {
      skip = opener.size();
      bracketed = true;
      break;
    }
  }
  for (std::string_view verb : kRenamed) {
    if (skip == 0 && rest.starts_with(verb)) skip = verb.size();
  }
  if (skip == 0) return std::nullopt;
  std::size_t begin = name_end + skip;
  if (text.substr(begin).starts_with("为")) begin += std::string_view("为").size();
  if (text.substr(begin).starts_with(":")) begin += 1;
  const bool quoted = text.substr(begin).starts_with("“") || text.substr(begin).starts_with("\"");
  if (quoted) begin += text[begin] == '"' ? 1 : std::string_view("“").size();
  // The alias ends at its closing quote, the bracket, or the clause.
  std::size_t end = begin;
  int chars = 0;
  while (end < text.size()) {
    const std::string_view at = text.substr(end);
    if (at.starts_with("”") || at.starts_with("\"") || at.starts_with(")") ||
        at.starts_with("，") || at.starts_with(",") || at.starts_with("。") ||
        at.starts_with("；") || at.starts_with("、") || at.starts_with("(") ||
        at.starts_with("\n")) {
      break;
    }
    end = utf8_next(text, end);
    ++chars;
  }
  // Unquoted renamings stop at the clause; without a bracket or quote, a long run is a clause.
  if (chars < 2 || chars > (bracketed || quoted ? 20 : 16)) return std::nullopt;
  return Span{begin, end};
}

// Where a line's text starts after its number: 1. / 1、 / (1) / （一） / 一是.
std::size_t after_line_number(std::string_view s) {
  std::size_t p = trim_left(s, 0, s.size());
  const std::size_t start = p;
  const bool bracket = p < s.size() && s[p] == '(';
  if (bracket) ++p;
  const std::size_t digits = p;
  while (p < s.size() && std::isdigit(static_cast<unsigned char>(s[p]))) ++p;
  std::size_t numerals = p;
  if (p == digits) {
    while (count_numeral_at(s, numerals) != 0) numerals = utf8_next(s, numerals);
    if (numerals == p) return start;
    p = numerals;
  }
  if (bracket) return p < s.size() && s[p] == ')' ? trim_left(s, p + 1, s.size()) : start;
  for (std::string_view mark : {".", "、", ")", "是"}) {
    if (starts_at(s, p, mark)) return trim_left(s, p + mark.size(), s.size());
  }
  return start;
}

}  // namespace investtrack::parser::projects_internal
