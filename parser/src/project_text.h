// The projects stage's text tests: UTF-8 steps over its sentences, word tests and word-list
// signatures, the bounds that keep work per mention constant, and the small readings of words
// every step shares (numerals, role words, clause marks). Internal to parser/; included by
// projects_internal.h.
#pragma once

#include <algorithm>
#include <array>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "byte_match.h"
#include "clauses.h"
#include "investtrack/parser/numbers.h"
#include "investtrack/parser/types.h"
#include "investtrack/parser/utf8.h"
#include "project_words.h"

namespace investtrack::parser::projects_internal {

// ---------------------------------------------------------------------------------------------
// UTF-8 helpers: utf8.h's steps. Sentences are valid UTF-8 (decode() guarantees it), but every step
// is bounded.

inline bool is_cjk_at(std::string_view s, std::size_t pos) {
  if (pos + 3 > s.size()) return false;
  const auto c0 = static_cast<unsigned char>(s[pos]);
  const auto c1 = static_cast<unsigned char>(s[pos + 1]);
  // U+3400..U+9FFF: lead bytes E3 (from 0x90 on) .. E9.
  return (c0 >= 0xE4 && c0 <= 0xE9) || (c0 == 0xE3 && c1 >= 0x90);
}

inline std::size_t count_chars(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size(); i = utf8_next(s, i)) ++n;
  return n;
}

inline bool starts_at(std::string_view s, std::size_t pos, std::string_view w) {
  return word_at_fast(s, pos, w);
}

inline bool ends_at(std::string_view s, std::size_t end, std::string_view w) {
  return end >= w.size() && end <= s.size() && word_at_fast(s, end - w.size(), w);
}

// Whether the 等 ending at end is part of a word of schooling (中等职业学校, 高等院校, 初等教育)
// rather than "and so on" closing a list or a stop before a name. Only these: 胡同等, 码头等 and
// 平等 next to a place name's last character are lists.
inline bool is_deng_in_word(std::string_view s, std::size_t end) {
  static constexpr std::string_view kBefore[] = {"中", "高", "初"};
  static constexpr std::string_view kAfter[] = {"职业", "专业", "院校", "学校", "教育", "学府"};
  if (!ends_at(s, end, "等")) return false;
  const std::size_t deng = end - std::string_view("等").size();
  return std::any_of(std::begin(kBefore), std::end(kBefore),
                     [&](std::string_view w) { return ends_at(s, deng, w); }) &&
         std::any_of(std::begin(kAfter), std::end(kAfter),
                     [&](std::string_view w) { return starts_at(s, end, w); });
}

inline void erase_all(std::string& s, std::string_view w) {
  for (std::size_t p = find_word(s, w); p != std::string::npos; p = find_word(s, w, p))
    s.erase(p, w.size());
}

// Which characters a text holds, as one bit per hashed code point. A word whose bits are not all
// set cannot occur in the text, and erasing words never adds characters, so a word list can be
// erased from a short name without searching for the many words it cannot hold.
inline std::uint64_t char_signature(std::string_view s) {
  std::uint64_t bits = 0;
  for (std::size_t i = 0; i < s.size();) {
    const CodePoint cp = decode_utf8_at(s, i);
    bits |=
        std::uint64_t{1} << ((static_cast<std::uint64_t>(cp.value) * 0x9E3779B97F4A7C15ULL) >> 58);
    i += std::max<std::size_t>(1, cp.length);
  }
  return bits;
}

struct SignedWord {
  std::string_view text;
  std::uint64_t signature;
  bool single_char;
};

// A fixed word list with each word's char_signature(), built once at first use (the words are
// tested against every name, and signing them each time was a tenth of clustering's cost).
struct WordSignature {
  std::string_view text;
  std::uint64_t signature;
};

template <std::size_t N>
std::array<WordSignature, N> sign_words(const std::string_view (&words)[N]) {
  std::array<WordSignature, N> out;
  for (std::size_t k = 0; k < N; ++k) out[k] = {words[k], char_signature(words[k])};
  return out;
}

// Whether a text whose char_signature() is `present` may hold every character of word.
inline bool holds_chars_of(std::uint64_t present, const WordSignature& word) {
  return (word.signature & present) == word.signature;
}

// What is left of a name's words once sector words, counts and amounts are gone: empty (or one
// character) when the name is a category (3亿元旅游项目, 创新载体类项目).
std::string without_sector_words(std::string rest);

// present: char_signature(name). A verb with a character the name lacks is not searched for.
inline bool holds_clause_verb(std::string_view name, std::uint64_t present) {
  static const auto verbs = sign_words(kClauseVerbs);
  return std::any_of(verbs.begin(), verbs.end(), [&](const WordSignature& v) {
    return holds_chars_of(present, v) && find_word(name, v.text) != std::string_view::npos;
  });
}

inline bool holds_clause_verb(std::string_view name) {
  return holds_clause_verb(name, char_signature(name));
}

// Bounds that keep work per mention constant, whatever the input (a 50 MB line has no sentences).
inline constexpr std::size_t kMaxQuotedNameBytes = std::size_t{40} * 3;

inline constexpr std::size_t kContextBytes = std::size_t{30} * 3;

// No sentence of a real bulletin is this long; longer runs are debris and are not read for
// projects.
inline constexpr std::size_t kMaxSentenceBytes = std::size_t{16} * 1024;

// Mentions of one project sit near each other; comparing further back would be quadratic.
inline constexpr std::size_t kClusterWindow = 120;

// Sentences that list policy measures name programmes, not projects.
inline bool is_policy_list(std::string_view sentence) {
  // Every form needs 措 (措施, 举措); most sentences have none, and one search settles that.
  if (find_word(sentence, "措") == std::string_view::npos) return false;
  return (find_word(sentence, "包括") != std::string_view::npos &&
          find_word(sentence, "措施") != std::string_view::npos) ||
         find_word(sentence, "等措施") != std::string_view::npos ||
         find_word(sentence, "等举措") != std::string_view::npos;
}

// Whether a count of projects follows a name at once: 市政道路项目32个, 产业项目12项.
inline bool count_follows(std::string_view s, std::size_t name_end) {
  std::size_t p = name_end;
  // 高速公路项目约40个, 项目共12个: a word of about or of all before the figure (looked for only
  // where a figure follows one character).
  constexpr std::size_t kWordBytes = ideograph_bytes(1);
  if (p + kWordBytes < s.size() && std::isdigit(static_cast<unsigned char>(s[p + kWordBytes]))) {
    for (std::string_view about : {"约", "共", "近", "逾", "超"}) {
      if (starts_at(s, p, about)) {
        p += about.size();
        break;
      }
    }
  }
  const std::size_t digits = p;
  while (p < s.size() && std::isdigit(static_cast<unsigned char>(s[p]))) ++p;
  if (p == digits) return false;
  // 40余个, 2000多个.
  if (starts_at(s, p, "余") || starts_at(s, p, "多")) p += std::string_view("余").size();
  return starts_at(s, p, "个") || starts_at(s, p, "项");
}

[[gnu::always_inline]] inline bool is_name_char(std::string_view s, std::size_t pos) {
  if (is_cjk_at(s, pos)) return true;
  const auto c = static_cast<unsigned char>(s[pos]);
  // A space alone between two ideographs is a line break of a PDF or page copy (黔 张常): Chinese
  // puts none between words.
  // A dateline (北京讯 , 本报讯 , 中新网北京电 ) ends at its space.
  if (c == ' ') {
    return pos >= 3 && is_cjk_at(s, pos - 3) && is_cjk_at(s, pos + 1) && !ends_at(s, pos, "讯") &&
           !ends_at(s, pos, "电");
  }
  // A dash between two ideographs joins a route's ends (衡阳—南宁公路, 依吞布拉克–若羌).
  if (c == 0xE2 && (starts_at(s, pos, "—") || starts_at(s, pos, "–"))) {
    return pos >= 3 && is_cjk_at(s, pos - 3) && is_cjk_at(s, pos + 3);
  }
  // Units times their size (四期2×350兆瓦热电联产机组扩建项目): '×' between two figures.
  if (c == 0xC3 && starts_at(s, pos, "×")) {
    return pos > 0 && pos + 2 < s.size() && std::isdigit(static_cast<unsigned char>(s[pos - 1])) &&
           std::isdigit(static_cast<unsigned char>(s[pos + 2]));
  }
  // '/' for rates inside names: 360万吨/年甲醇项目; '.' only inside a number (3.5GW), since
  // copied text often ends its sentences with one.
  if (c == '.') {
    return pos > 0 && pos + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[pos - 1])) &&
           std::isdigit(static_cast<unsigned char>(s[pos + 1]));
  }
  // Berths and units are numbered with '#' (26#泊位码头工程, 18#—20#泊位).
  if (c == '#') return pos > 0 && std::isdigit(static_cast<unsigned char>(s[pos - 1]));
  return std::isalnum(c) || c == '-' || c == '(' || c == ')' || c == '/';
}

// ---------------------------------------------------------------------------------------------
// Small readings of words.

// Whether words hold an ASCII digit: a figure written in them.
inline bool holds_digit(std::string_view words) {
  return std::any_of(words.begin(), words.end(),
                     [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; });
}

// The phase word at pos, if one starts there (三期), and the length of the phases listed with it
// (三期、四期; 一期和二期): phases said together are one project's.
inline std::size_t phases_at(std::string_view s, std::size_t pos) {
  auto phase_at = [&](std::size_t at) -> std::size_t {
    for (auto phase : kPhaseWords) {
      if (starts_at(s, at, phase)) return phase.size();
    }
    return 0;
  };
  std::size_t end = pos + phase_at(pos);
  if (end == pos) return 0;
  // A list mark or a joining word (三期、四期, 一期和二期), then another phase.
  const auto joint_at = [&](std::size_t at) -> std::size_t {
    if (starts_at(s, at, "、")) return std::string_view("、").size();
    for (std::string_view w : kJoiningWords) {
      if (starts_at(s, at, w)) return w.size();
    }
    return 0;
  };
  for (std::size_t joint = joint_at(end); joint > 0; joint = joint_at(end)) {
    const std::size_t next = phase_at(end + joint);
    if (next == 0) break;
    end += joint + next;
  }
  return end - pos;
}

// Whether the list mark at `mark` joins the products of one project: 年产54万吨合成氨、95万吨尿素
// 项目 (a figure after the mark, and 年产 and a figure before it with no other mark or head word
// between).
inline bool joins_products(std::string_view s, std::size_t mark) {
  constexpr std::string_view kMark = "、";
  constexpr std::string_view kAnnual = "年产";
  constexpr std::size_t kWindow = ideograph_bytes(16);
  if (!starts_at(s, mark, kMark)) return false;
  const std::size_t after = mark + kMark.size();
  if (after >= s.size() || !std::isdigit(static_cast<unsigned char>(s[after]))) return false;
  const std::size_t from = mark > kWindow ? mark - kWindow : 0;
  const std::string_view before = s.substr(from, mark - from);
  const std::size_t annual = rfind_word(before, kAnnual);
  if (annual == std::string_view::npos) return false;
  const std::string_view product = before.substr(annual + kAnnual.size());
  // Nor a project already named before the mark (年产5万吨饲料项目、10万吨有机肥项目).
  for (std::string_view other : {"、", "，", ",", "；", "。", "项目", "工程", "生产线", "基地"}) {
    if (find_word(product, other) != std::string_view::npos) return false;
  }
  return holds_digit(product);
}

// The phases a name holds, as written in it (宁德时代洛阳基地三期、四期项目: 三期、四期).
inline std::string_view phase_of(std::string_view name) {
  // Every phase word ends in 期; most names hold none, and one search settles that.
  if (find_word(name, "期") == std::string_view::npos) return {};
  for (auto phase : kPhaseWords) {
    const std::size_t at = find_word(name, phase);
    if (at != std::string_view::npos) return name.substr(at, phases_at(name, at));
  }
  return {};
}

// The Chinese numeral (一..九, 两, 十, 百, 千; not 零) at pos, or 0: what counts and numbers lines.
inline char32_t count_numeral_at(std::string_view s, std::size_t pos) {
  if (pos >= s.size()) return 0;
  const char32_t c = decode_utf8_at(s, pos).value;
  return chinese_digit_value(c) > 0 || c == U'十' || c == U'百' || c == U'千' ? c : 0;
}

// Whether a role word (投资, 建设, 承建 ...) stands between a company and a name:
// 由X公司投资建设的Y. A list's mark between them means the role word belongs to another item
// (A公司5G网络建设工程、B项目).
inline bool has_role_between(std::string_view s, std::size_t begin, std::size_t end) {
  const std::string_view between = s.substr(begin, end - begin);
  if (find_word(between, "、") != std::string_view::npos) return false;
  return std::any_of(std::begin(kOrgRoles), std::end(kOrgRoles), [&](std::string_view r) {
    return find_word(between, r) != std::string_view::npos;
  });
}

// Whether the clause at span ended at a colon (its break mark is at span.end).
inline bool ends_with_colon(std::string_view s, Span span) {
  const std::string_view rest = s.substr(span.end);
  return rest.starts_with(":") || rest.starts_with("：");
}

// Bounds of list items and lines, without the spaces around them.
inline std::size_t trim_left(std::string_view s, std::size_t begin, std::size_t end) {
  while (begin < end && (s[begin] == ' ' || s[begin] == '-')) ++begin;
  return begin;
}

}  // namespace investtrack::parser::projects_internal
