// What a clause of a sentence is, in one place for the stages that read clauses. Internal to
// parser/ (money.cc and quantities.cc of the numbers library, projects of the projects library).
//
// There are two, and they must differ:
//   - the clause of the projects stage (is_clause_break) is the unit facts are attributed by and
//     lists are read in: it ends at every ，；：！？。 and their ASCII forms, a line break and a
//     table cell's '|', because a colon opens a list or ends a heading (濮阳县4个：), and a row's
//     cells and a heading's lines speak of different things;
//   - the clause of a figure (figure_clause_begin/end) is the stretch in which a keyword before an
//     amount or a quantity says what it is (总投资…100亿元, 年产…5万吨): it does not end at a
//     colon, which joins a keyword to its figure (总投资：100亿元), nor at a comma between digits
//     (1,234 is one number), nor at a line break or '|' (it never did; whether it should is a
//     change of behaviour, not of structure).
#pragma once

#include <algorithm>
#include <cstddef>
#include <string_view>

#include "byte_match.h"
#include "investtrack/parser/utf8.h"
#include "phrase_table.h"

namespace investtrack::parser {

// Whether a clause of the projects stage ends at pos: ，；：！？。 (EF BC 8C / 9B / 9A / 81 / 9F,
// E3 80 82), the ASCII , ; : ! ?, a line break or '|'.
inline bool is_clause_break(std::string_view s, std::size_t pos) {
  const auto c = static_cast<unsigned char>(s[pos]);
  // '|' bounds the cells of a table flattened into text, which are read as clauses.
  if (c < 0x80)
    return c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == '\n' || c == '|';
  if (pos + 3 > s.size()) return false;
  const auto c1 = static_cast<unsigned char>(s[pos + 1]);
  const auto c2 = static_cast<unsigned char>(s[pos + 2]);
  if (c == 0xE3) return c1 == 0x80 && c2 == 0x82;  // 。
  // ，；：！？ are EF BC 8C / 9B / 9A / 81 / 9F.
  return c == 0xEF && c1 == 0xBC &&
         (c2 == 0x8C || c2 == 0x9B || c2 == 0x9A || c2 == 0x81 || c2 == 0x9F);
}

// Whether a figure's clause ends at pos (，。；！？, the ASCII ; ! ?, a comma not between digits),
// and the mark's length.
inline bool is_figure_clause_mark_at(std::string_view text, std::size_t pos, std::size_t& length) {
  for (std::string_view d : {"，", "。", "；", "！", "？"}) {
    if (word_at_fast(text, pos, d)) {
      length = d.size();
      return true;
    }
  }
  const char c = text[pos];
  if (c == ';' || c == '!' || c == '?') {
    length = 1;
    return true;
  }
  const auto is_digit = [](char d) { return d >= '0' && d <= '9'; };
  // An ASCII comma is a clause break unless it sits between digits (1,234).
  if (c == ',' &&
      !(pos > 0 && is_digit(text[pos - 1]) && pos + 1 < text.size() && is_digit(text[pos + 1]))) {
    length = 1;
    return true;
  }
  return false;
}

// Where the figure's clause holding pos begins.
inline std::size_t figure_clause_begin(std::string_view text, std::size_t pos) {
  std::size_t begin = 0;
  std::size_t i = 0;
  while (i < pos) {
    std::size_t length = 0;
    if (is_figure_clause_mark_at(text, i, length)) {
      begin = i + length;
      i += length;
    } else {
      i += std::max<std::size_t>(1, decode_utf8_at(text, i).length);
    }
  }
  return begin > pos ? pos : begin;
}

// Where the figure's clause holding pos ends (at its mark, or the text's end).
inline std::size_t figure_clause_end(std::string_view text, std::size_t pos) {
  std::size_t i = pos;
  while (i < text.size()) {
    std::size_t length = 0;
    if (is_figure_clause_mark_at(text, i, length)) return i;
    i += std::max<std::size_t>(1, decode_utf8_at(text, i).length);
  }
  return text.size();
}

// The word of `words` nearest before pos in pos's figure clause: the one ending last, the longest
// of those ending there (one backward pass over the clause). What a figure is (money.cc: which
// amount; quantities.cc: production, floor or land) is decided by this word.
struct WordBeforeFigure {
  int found = -1;                // index in words, -1 when the clause holds none
  std::size_t clause_begin = 0;  // where pos's figure clause begins in the text
  std::size_t end = 0;           // where the word ends, counted from clause_begin
};

inline WordBeforeFigure word_before_figure(std::string_view text, std::size_t pos,
                                           const PhraseTable& words) {
  const std::size_t begin = figure_clause_begin(text, pos);
  const auto [end, found] = words.last_ending(text.substr(begin, pos - begin));
  return {found, begin, end};
}

}  // namespace investtrack::parser
