// The layout stage's internals shared by its two files: layout_lines.cc reads one line of a printed
// page (what kind of line it is, a credit, page debris, a dateline), layout.cc joins lines into
// sentences, paragraphs and articles. Internal to parser/.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "investtrack/parser/layout.h"
#include "investtrack/parser/utf8.h"

namespace investtrack::parser::layout_internal {

// ---------------------------------------------------------------------------------------------
// UTF-8 steps over the normalized text: utf8.h's (valid UTF-8 after decode(); stray bytes count
// as one).

// Start of the code point that ends at `end`, not before floor (end > floor; floor a character
// start).
inline std::size_t previous_start(std::string_view s, std::size_t floor, std::size_t end) {
  return std::max(floor, utf8_previous(s, end));
}

inline char32_t last_code_point(std::string_view s, Span span) {
  if (span.end <= span.begin) return 0;
  return decode_utf8_at(s, previous_start(s, span.begin, span.end)).value;
}

// The code points of s, counted up to `cap`: every caller compares the count with a few dozen, and
// counting whole lines of hundreds of characters byte by byte was a twentieth of the layout pass.
inline std::size_t count_code_points(std::string_view s, std::size_t cap) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < s.size() && count < cap; ++i) {
    count += (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 ? 1 : 0;
  }
  return count;
}

inline bool is_cjk(char32_t cp) {
  return (cp >= 0x3400 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0x20000 && cp <= 0x3134F);
}

inline bool is_space(char c) { return c == ' ' || c == '\t' || c == '\v' || c == '\f'; }

inline Span trim(std::string_view s, Span span) {
  while (span.begin < span.end && is_space(s[span.begin])) ++span.begin;
  while (span.end > span.begin && is_space(s[span.end - 1])) --span.end;
  return span;
}

inline std::string_view view(std::string_view s, Span span) {
  return s.substr(span.begin, span.end - span.begin);
}

inline bool empty(Span span) { return span.end <= span.begin; }

// ---------------------------------------------------------------------------------------------
// Punctuation classes.

constexpr char32_t kFullStop = 0x3002;     // 。
constexpr char32_t kExclamation = 0xFF01;  // ！
constexpr char32_t kQuestion = 0xFF1F;     // ？
constexpr char32_t kSemicolon = 0xFF1B;    // ；
constexpr char32_t kColon = 0xFF1A;        // ：
constexpr char32_t kComma = 0xFF0C;        // ，
constexpr char32_t kEmDash = 0x2014;       // —
constexpr char32_t kEllipsis = 0x2026;     // …
constexpr char32_t kOpenQuote = 0x201C;    // “
constexpr char32_t kCloseQuote = 0x201D;   // ”

inline bool ends_sentence(char32_t cp) {
  return cp == kFullStop || cp == kExclamation || cp == kQuestion || cp == '!' || cp == '?';
}

// Marks that may follow a sentence end and still belong to the sentence: 。” 。） ！」
inline bool closes_after_sentence(char32_t cp) {
  return cp == kCloseQuote || cp == 0x2019 || cp == 0x300D || cp == 0x300F || cp == ')' ||
         cp == 0x3011;
}

// ---------------------------------------------------------------------------------------------
// Reading one line (layout_lines.cc).

// A paragraph that ends so is complete; anything else was cut by the page layout.
bool ends_paragraph(std::string_view t, Span span);

// A short line without clause punctuation: a title, a sub-heading or a list label.
bool looks_like_title(std::string_view t, Span span);

// A field of a notice's record, one to a line: 项目名称：X, 投资总额：100083.96万元, 建设地点：Y.
// It is never a title, and it opens a sentence of its own (a label inside a wrapped sentence is
// rare: labels are a closed list of field words).
bool is_record_field(std::string_view t, Span span);

enum class CreditKind { kNone, kAuthor, kEditor };

struct Credit {
  CreditKind kind = CreditKind::kNone;
  bool has_role = false;  // 记者 王某 names its role; a bare 王某 could also be a two-word heading
};

// Whether s is an author credit (张巨峰, 记者 王某, 文/李若男) and of which kind.
Credit parse_credit(std::string_view s);

struct Unit {
  enum class Kind { kBody, kTitle, kSubheading, kCaption, kCredit, kPublication, kDropped };
  Kind kind = Kind::kBody;
  std::size_t line = 0;
  Span whole;  // the trimmed line, heading marks included
  Span span;   // what is left for the body once marks, notes, credits and leads are taken off
  int heading_level = 0;
  bool hard_break = false;    // markdown "  " at the end: the writer broke the line on purpose
  bool blank_after = false;   // a blank (or dropped) line, or the end of the text, follows
  bool ends_article = false;  // closed by an author credit or an end mark
  Span credit;                // inside the parentheses of a closing credit
  bool editor_credit = false;
};

// The lines of t, trimmed, with headings, blank lines and hard breaks marked.
std::vector<Unit> read_lines(std::string_view t);

// Adds a warning at a normalized offset (reported at its place in the input).
void add_warning(LayoutResult& result, const NormalizedText& text, std::string code,
                 std::string message, std::size_t normalized_offset);

// Takes continuation notes off both ends of a body line, then end marks and a closing credit off
// its end, and sets captions and credit-only lines apart.
void classify_body_line(const NormalizedText& text, Unit& unit, LayoutResult& result);

struct Lead {
  std::string words;
  std::string byline;
  std::size_t body_begin = 0;
};

// The dateline that opens a body line (本刊讯 10月24日, 新华社太原10月24日电(记者 王某)), if any.
std::optional<Lead> match_lead(std::string_view t, Span span);

}  // namespace investtrack::parser::layout_internal
