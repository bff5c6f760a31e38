#include "investtrack/parser/layout.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstring>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "investtrack/parser/utf8.h"
#include "byte_match.h"
#include "parallel.h"

// Bulletin layout, read line by line. A printed page reaches us as lines: markdown-ish headings,
// paragraphs (one per line, or hard-wrapped), photo captions, page-continuation notes and author
// credits. Every decision looks at one line and its neighbours only, so the whole pass is linear.

namespace investtrack::parser {
namespace {

// ---------------------------------------------------------------------------------------------
// UTF-8 steps over the normalized text: utf8.h's (valid UTF-8 after decode(); stray bytes count
// as one).

// Start of the code point that ends at `end`, not before floor (end > floor; floor a character
// start).
std::size_t previous_start(std::string_view s, std::size_t floor, std::size_t end) {
  return std::max(floor, utf8_previous(s, end));
}

char32_t last_code_point(std::string_view s, Span span) {
  if (span.end <= span.begin) return 0;
  return decode_utf8_at(s, previous_start(s, span.begin, span.end)).value;
}

// The code points of s, counted up to `cap`: every caller compares the count with a few dozen, and
// counting whole lines of hundreds of characters byte by byte was a twentieth of the layout pass.
std::size_t count_code_points(std::string_view s, std::size_t cap) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < s.size() && count < cap; ++i) {
    count += (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 ? 1 : 0;
  }
  return count;
}

bool is_cjk(char32_t cp) {
  return (cp >= 0x3400 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0x20000 && cp <= 0x3134F);
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\v' || c == '\f'; }

Span trim(std::string_view s, Span span) {
  while (span.begin < span.end && is_space(s[span.begin])) ++span.begin;
  while (span.end > span.begin && is_space(s[span.end - 1])) --span.end;
  return span;
}

std::string_view view(std::string_view s, Span span) { return s.substr(span.begin, span.end - span.begin); }

bool empty(Span span) { return span.end <= span.begin; }

// ---------------------------------------------------------------------------------------------
// Punctuation classes.

constexpr char32_t kFullStop = 0x3002;        // 。
constexpr char32_t kExclamation = 0xFF01;     // ！
constexpr char32_t kQuestion = 0xFF1F;        // ？
constexpr char32_t kSemicolon = 0xFF1B;       // ；
constexpr char32_t kColon = 0xFF1A;           // ：
constexpr char32_t kComma = 0xFF0C;           // ，
constexpr char32_t kEmDash = 0x2014;          // —
constexpr char32_t kEllipsis = 0x2026;        // …
constexpr char32_t kOpenQuote = 0x201C;       // “
constexpr char32_t kCloseQuote = 0x201D;      // ”

bool ends_sentence(char32_t cp) {
  return cp == kFullStop || cp == kExclamation || cp == kQuestion || cp == '!' || cp == '?';
}

// Marks that may follow a sentence end and still belong to the sentence: 。” 。） ！」
bool closes_after_sentence(char32_t cp) {
  return cp == kCloseQuote || cp == 0x2019 || cp == 0x300D || cp == 0x300F || cp == ')' ||
         cp == 0x3011;
}

// A paragraph that ends so is complete; anything else was cut by the page layout. Clause marks
// (；：——) end list items and lead-ins, which are never glued to what follows. A closing quote or
// bracket counts only after a sentence end (。” 。)): 一道新能源科技(衢州) may be cut mid-name.
bool ends_paragraph(std::string_view t, Span span) {
  if (empty(span)) return true;
  const std::size_t last_start = previous_start(t, span.begin, span.end);
  const char32_t last = decode_utf8_at(t, last_start).value;
  if (ends_sentence(last) || last == kEllipsis || last == kSemicolon || last == ';' ||
      last == kColon || last == ':' || last == kEmDash) {
    return true;
  }
  if (closes_after_sentence(last) && last_start > span.begin) {
    return ends_sentence(last_code_point(t, Span{span.begin, last_start}));
  }
  return false;
}

// A short line without clause punctuation: a title, a sub-heading or a list label.
bool looks_like_title(std::string_view t, Span span) {
  if (empty(span)) return false;
  const std::string_view s = view(t, span);
  std::size_t count = 0;
  for (std::size_t i = 0; i < s.size();) {
    const CodePoint cp = decode_utf8_at(s, i);
    if (cp.value == kComma || cp.value == kFullStop || cp.value == kSemicolon || cp.value == ';' ||
        cp.value == kExclamation || cp.value == kQuestion || cp.value == '!' || cp.value == '?') {
      return false;
    }
    if (++count > 40) return false;
    i += cp.length;
  }
  if (count < 2) return false;
  const char32_t last = last_code_point(t, span);
  // 、 and ， at the end leave an enumeration or clause open.
  return last != kColon && last != ':' && last != kEmDash && last != ',' && last != 0x3001;
}

// ---------------------------------------------------------------------------------------------
// Author credits: 张巨峰 / 记者 王某 / 本刊记者 李四 通讯员 赵五 / 文/李若男.

constexpr std::array<std::string_view, 22> kAuthorRoles = {
    "本刊记者", "本报记者", "本台记者", "本网记者", "特约记者", "见习记者", "首席记者", "特约通讯员",
    "记者",     "通讯员",   "实习生",   "作者",     "文图",     "摄影",     "撰稿",     "供稿",
    "执笔",     "整理",     "文",       "图",       "综合",     "报道员"};
constexpr std::array<std::string_view, 7> kEditorRoles = {"责任编辑", "责编", "编辑", "审核",
                                                          "校对",     "编审", "监制"};
// Two-to-four character lines under a title or in parentheses that are not names.
constexpr std::array<std::string_view, 40> kNotNames = {
    "编者按", "综述", "前言", "导语", "摘要", "引言", "概述", "背景", "简讯", "要闻",
    "快讯",   "专稿", "特稿", "评论", "短评", "待续", "未完", "全文完", "图片", "资料图",
    "目录",   "导读", "附件", "链接", "注释", "说明", "声明", "公告", "通知", "题记",
    "按语",   "编后", "编后语", "小结", "结语", "点评", "相关链接", "延伸阅读", "特写", "专访"};

template <std::size_t N>
bool one_of(std::string_view word, const std::array<std::string_view, N>& words) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

// The role word a token starts with, longest first (本刊记者 before 记者), or "".
std::string_view role_prefix(std::string_view token, bool& editor) {
  std::string_view best;
  for (const std::string_view role : kAuthorRoles) {
    if (token.starts_with(role) && role.size() > best.size()) {
      best = role;
      editor = false;
    }
  }
  for (const std::string_view role : kEditorRoles) {
    if (token.starts_with(role) && role.size() > best.size()) {
      best = role;
      editor = true;
    }
  }
  return best;
}

bool is_person_name(std::string_view s) {
  if (one_of(s, kNotNames)) return false;
  std::size_t han = 0;
  std::size_t dots = 0;
  for (std::size_t i = 0; i < s.size();) {
    const CodePoint cp = decode_utf8_at(s, i);
    if (is_cjk(cp.value)) {
      ++han;
    } else if (cp.value == 0x00B7 || cp.value == 0x2022 || cp.value == 0x30FB) {  // 阿卜杜·热合曼
      ++dots;
    } else {
      return false;
    }
    i += cp.length;
  }
  return dots == 0 ? han >= 2 && han <= 4 : han >= 3 && han <= 12;
}

enum class CreditKind { kNone, kAuthor, kEditor };

struct Credit {
  CreditKind kind = CreditKind::kNone;
  bool has_role = false;  // 记者 王某 names its role; a bare 王某 could also be a two-word heading
};

Credit parse_credit(std::string_view s) {
  std::size_t names = 0;
  std::size_t tokens = 0;
  bool first_role_is_editor = false;
  bool seen_role = false;
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t j = i;
    while (j < s.size()) {
      const CodePoint cp = decode_utf8_at(s, j);
      if (is_space(s[j]) || cp.value == 0x3001 || cp.value == '/' || cp.value == ':' ||
          cp.value == kColon || cp.value == kComma || cp.value == ',') {
        break;
      }
      j += cp.length;
    }
    const std::string_view token = s.substr(i, j - i);
    if (!token.empty()) {
      if (++tokens > 10) return {};
      bool editor = false;
      const std::string_view role = role_prefix(token, editor);
      if (!role.empty() && !seen_role) {
        first_role_is_editor = editor;
        seen_role = true;
      }
      const std::string_view rest = token.substr(role.size());
      if (!rest.empty()) {
        if (!is_person_name(rest)) return {};
        ++names;
      }
    }
    i = j < s.size() ? j + decode_utf8_at(s, j).length : j;
  }
  if (names == 0 || names > 6) return {};
  return {first_role_is_editor ? CreditKind::kEditor : CreditKind::kAuthor, seen_role};
}

// ---------------------------------------------------------------------------------------------
// Page debris: (下转D3版), (上接第2版), (完), photo captions.

bool is_opening_bracket(char32_t cp) { return cp == '(' || cp == '[' || cp == 0x3010 || cp == 0x3014; }
bool is_closing_bracket(char32_t cp) { return cp == ')' || cp == ']' || cp == 0x3011 || cp == 0x3015; }

bool is_page_label_char(char32_t cp) {
  static constexpr std::u32string_view kNumerals = U"〇零一二三四五六七八九十百";
  return (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') ||
         kNumerals.find(cp) != std::u32string_view::npos;
}

enum class Continuation { kNone, kContinuesElsewhere, kContinuedFromElsewhere };

struct MarkerMatch {
  std::size_t length = 0;
  Continuation direction = Continuation::kNone;
};

// A continuation note starting at s[i]: [(]{下|上|紧|续}?{转|接}第?<page>{版|页}[)].
MarkerMatch match_continuation(std::string_view s, std::size_t i) {
  std::size_t j = i;
  auto next = [&]() { return j < s.size() ? decode_utf8_at(s, j) : CodePoint{0, 0}; };
  bool bracketed = false;
  if (is_opening_bracket(next().value)) {
    bracketed = true;
    j += next().length;
  }
  Continuation direction = Continuation::kNone;
  bool explicit_side = false;
  const char32_t side = next().value;
  if (side == U'下' || side == U'上' || side == U'紧' || side == U'续') {
    direction = side == U'下' ? Continuation::kContinuesElsewhere : Continuation::kContinuedFromElsewhere;
    explicit_side = true;
    j += next().length;
  }
  const char32_t verb = next().value;
  if (verb != U'转' && verb != U'接') return {};
  if (!explicit_side) {
    direction = verb == U'转' ? Continuation::kContinuesElsewhere : Continuation::kContinuedFromElsewhere;
  }
  j += next().length;
  if (next().value == U'第') j += next().length;
  std::size_t label = 0;
  while (label < 4 && next().length > 0 && is_page_label_char(next().value)) {
    j += next().length;
    ++label;
  }
  if (label == 0) return {};
  if (next().value != U'版' && next().value != U'页') return {};
  j += next().length;
  if (bracketed) {
    if (!is_closing_bracket(next().value)) return {};
    j += next().length;
  }
  // Bare 转第4版 could be prose; only 下转/上接/紧接 or a bracket make it a page note.
  if (!bracketed && !explicit_side) return {};
  return {j - i, direction};
}

// Page furniture: 12, - 12 -, — 12 —, 第3版, P12. Left in, it would be glued into a sentence
// the page break cut.
bool is_page_number(std::string_view s) {
  if (s.size() > 24) return false;
  bool digit = false;
  for (std::size_t i = 0; i < s.size();) {
    const CodePoint cp = decode_utf8_at(s, i);
    if (cp.value >= '0' && cp.value <= '9') {
      digit = true;
    } else if (!(is_space(s[i]) || cp.value == '-' || cp.value == kEmDash || cp.value == '/' ||
                 cp.value == '|' || cp.value == 'P' || cp.value == 'p' || cp.value == U'第' ||
                 cp.value == U'页' || cp.value == U'版')) {
      return false;
    }
    i += cp.length;
  }
  return digit;
}

// The publication line of a web page: 发布时间：2023-09-28 来源：晋城市发改委. It dates the
// article but is neither title nor body.
bool is_publication_line(std::string_view s) {
  static constexpr std::array<std::string_view, 14> kStarts = {
      "发布时间", "发布日期", "发布于", "时间：", "时间:", "日期：", "日期:", "来源：", "来源:", "信息来源",
      "文章来源", "稿件来源", "浏览次数", "【字体"};
  if (s.size() > 240) return false;
  for (const std::string_view start : kStarts) {
    if (s.starts_with(start)) return true;
  }
  return false;
}

// End marks that close an article: (完), (全文完); (待续) says the rest is in another issue.
struct EndMark {
  std::size_t length = 0;
  bool to_be_continued = false;
};

EndMark match_end_mark_suffix(std::string_view s) {
  static constexpr std::array<std::pair<std::string_view, bool>, 8> kMarks = {{
      {"(完)", false},
      {"(全文完)", false},
      {"【完】", false},
      {"(待续)", true},
      {"(未完待续)", true},
      {"(未完)", true},
      {"【待续】", true},
      {"(本文完)", false},
  }};
  for (const auto& [mark, continued] : kMarks) {
    if (s.ends_with(mark)) return {mark.size(), continued};
  }
  return {};
}

// The credit before 摄 in a caption: 李兆民摄, 记者 张三 摄, (王五 摄), 新华社记者 赵六/摄.
bool ends_with_photo_credit(std::string_view t, Span span) {
  Span rest = span;
  if (last_code_point(t, rest) == ')') {
    rest.end = previous_start(t, rest.begin, rest.end);
    rest = trim(t, rest);
  }
  const std::string_view s = view(t, rest);
  if (s.ends_with("摄影")) {
    rest.end -= std::string_view("摄影").size();
  } else if (s.ends_with("摄")) {
    rest.end -= std::string_view("摄").size();
  } else {
    return false;
  }
  rest = trim(t, rest);
  if (last_code_point(t, rest) == '/') rest.end -= 1;
  rest = trim(t, rest);
  if (empty(rest)) return false;
  // 拍摄 and 航拍摄 are verbs, not a name and 摄.
  if (last_code_point(t, rest) == U'拍') return false;
  std::size_t start = rest.end;
  for (std::size_t count = 1; count <= 4; ++count) {
    if (start <= rest.begin) return false;
    start = previous_start(t, rest.begin, start);
    if (!is_cjk(decode_utf8_at(t, start).value)) return false;
    if (count < 2) continue;
    if (start == rest.begin) return true;
    const std::string_view before = view(t, Span{rest.begin, start});
    const char32_t boundary = last_code_point(t, Span{rest.begin, start});
    if (is_space(t[start - 1]) || boundary == '(' || boundary == '/' || boundary == kColon ||
        boundary == ':' || ends_sentence(boundary) || closes_after_sentence(boundary) ||
        before.ends_with("记者") || before.ends_with("通讯员") || before.ends_with("摄影")) {
      return true;
    }
  }
  return false;
}

bool is_caption(std::string_view t, Span span) {
  const std::string_view s = view(t, span);
  static constexpr std::array<std::string_view, 12> kCaptionStarts = {
      "图为", "图:", "图：", "上图:", "上图：", "下图:", "下图：", "图片:", "图片：", "▲", "△", "图/"};
  for (const std::string_view start : kCaptionStarts) {
    if (s.starts_with(start)) return true;
  }
  return ends_with_photo_credit(t, span);
}

// ---------------------------------------------------------------------------------------------
// Lines.

struct Unit {
  enum class Kind { kBody, kTitle, kSubheading, kCaption, kCredit, kPublication, kDropped };
  Kind kind = Kind::kBody;
  std::size_t line = 0;
  Span whole;   // the trimmed line, heading marks included
  Span span;    // what is left for the body once marks, notes, credits and leads are taken off
  int heading_level = 0;
  bool hard_break = false;   // markdown "  " at the end: the writer broke the line on purpose
  bool blank_after = false;  // a blank (or dropped) line, or the end of the text, follows
  bool ends_article = false; // closed by an author credit or an end mark
  Span credit;               // inside the parentheses of a closing credit
  bool editor_credit = false;
};

std::vector<Unit> read_lines(std::string_view t) {
  std::vector<Unit> units;
  // One unit per non-blank line: reserving for every line avoids regrowing (and briefly holding
  // twice) the largest array of the layout pass; the pages blank lines leave unused are never touched.
  units.reserve(static_cast<std::size_t>(std::count(t.begin(), t.end(), '\n')) + 1);
  std::size_t line = 0;
  std::size_t start = 0;
  while (start <= t.size()) {
    std::size_t end = t.find('\n', start);
    if (end == std::string_view::npos) end = t.size();
    const Span whole = trim(t, Span{start, end});
    if (!empty(whole)) {
      Unit unit;
      unit.line = line;
      unit.whole = whole;
      unit.span = whole;
      unit.hard_break = end - whole.end >= 2;
      if (t[whole.begin] == '#') {
        std::size_t level = 0;
        while (whole.begin + level < whole.end && t[whole.begin + level] == '#') ++level;
        const Span content = trim(t, Span{whole.begin + level, whole.end});
        // #话题# opens social-media posts; a markdown heading has no second '#'.
        const bool hashtag = level == 1 && view(t, content).find('#') != std::string_view::npos;
        if (empty(content)) {
          unit.kind = Unit::Kind::kDropped;  // a rule of # marks
        } else if (!hashtag && level <= 6) {
          unit.kind = Unit::Kind::kTitle;
          unit.heading_level = static_cast<int>(level);
          unit.span = content;
        }
      }
      units.push_back(unit);
    }
    if (end == t.size()) break;
    start = end + 1;
    ++line;
  }
  return units;
}

void add_warning(LayoutResult& result, const NormalizedText& text, std::string code, std::string message,
                 std::size_t normalized_offset) {
  result.warnings.push_back(Warning{std::move(code), std::move(message), text.to_original(normalized_offset)});
}

void warn_continuation(LayoutResult& result, const NormalizedText& text, Continuation direction,
                       Span marker) {
  const std::string quoted(view(text.text(), marker));
  if (direction == Continuation::kContinuesElsewhere) {
    add_warning(result, text, "ARTICLE_CONTINUES_ELSEWHERE",
                "the article continues on another page, says \"" + quoted + "\"; its text here is incomplete",
                marker.begin);
  } else {
    add_warning(result, text, "ARTICLE_CONTINUED_FROM_ELSEWHERE",
                "the article starts on another page, says \"" + quoted + "\"; its beginning is missing",
                marker.begin);
  }
}

// Takes continuation notes off both ends of a body line, then end marks and a closing credit off its
// end, and sets captions and credit-only lines apart.
void classify_body_line(const NormalizedText& text, Unit& unit, LayoutResult& result) {
  const std::string_view t = text.text();
  bool changed = true;
  while (changed && !empty(unit.span)) {
    changed = false;
    if (const MarkerMatch m = match_continuation(t.substr(0, unit.span.end), unit.span.begin);
        m.length > 0 && unit.span.begin + m.length <= unit.span.end) {
      warn_continuation(result, text, m.direction, Span{unit.span.begin, unit.span.begin + m.length});
      unit.span = trim(t, Span{unit.span.begin + m.length, unit.span.end});
      changed = true;
      continue;
    }
    // A note at the end starts within its last 40 bytes: try each code point start there. Every
    // note names its page (版 or 页) in those bytes; most lines name none and need no try.
    const std::size_t floor = unit.span.end - std::min<std::size_t>(40, unit.span.end - unit.span.begin);
    const std::string_view last_bytes = t.substr(floor, unit.span.end - floor);
    if (find_word(last_bytes, "版") == std::string_view::npos && find_word(last_bytes, "页") == std::string_view::npos) {
      continue;
    }
    for (std::size_t i = floor; i < unit.span.end; ++i) {
      if ((static_cast<unsigned char>(t[i]) & 0xC0) == 0x80) continue;
      const MarkerMatch m = match_continuation(t.substr(0, unit.span.end), i);
      if (m.length > 0 && i + m.length == unit.span.end) {
        warn_continuation(result, text, m.direction, Span{i, unit.span.end});
        unit.span = trim(t, Span{unit.span.begin, i});
        changed = true;
        break;
      }
    }
  }
  if (empty(unit.span) || is_page_number(view(t, unit.span))) {
    unit.kind = Unit::Kind::kDropped;
    return;
  }
  if (const EndMark mark = match_end_mark_suffix(view(t, unit.span)); mark.length > 0) {
    const std::size_t at = unit.span.end - mark.length;
    if (mark.to_be_continued) {
      warn_continuation(result, text, Continuation::kContinuesElsewhere, Span{at, unit.span.end});
    }
    unit.span = trim(t, Span{unit.span.begin, at});
    unit.ends_article = true;
    if (empty(unit.span)) {
      unit.kind = Unit::Kind::kCredit;  // a line holding only (完)
      return;
    }
  }
  if (is_caption(t, unit.span)) {
    unit.kind = Unit::Kind::kCaption;
    return;
  }
  if (is_publication_line(view(t, unit.span))) {
    unit.kind = Unit::Kind::kPublication;
    return;
  }
  // 责任编辑：王某 or 记者 张三 on a line of its own: a credit, never body text. A bare name is left
  // for the title reader, since 项目建设 alone on a line is more likely a sub-heading.
  if (const Credit line_credit = unit.span.end - unit.span.begin <= 120 ? parse_credit(view(t, unit.span))
                                                                          : Credit{};
      line_credit.kind != CreditKind::kNone && line_credit.has_role &&
      count_code_points(view(t, unit.span), 31) <= 30) {
    unit.credit = unit.span;
    unit.editor_credit = line_credit.kind == CreditKind::kEditor;
    unit.ends_article = true;
    unit.kind = Unit::Kind::kCredit;
    return;
  }
  if (last_code_point(t, unit.span) != ')') return;
  const std::size_t open_in_view = view(t, unit.span).rfind('(');
  if (open_in_view == std::string_view::npos) return;
  const std::size_t open = unit.span.begin + open_in_view;
  const Span inside = trim(t, Span{open + 1, unit.span.end - 1});
  const Credit credit = parse_credit(view(t, inside));
  if (credit.kind == CreditKind::kNone) return;
  // (张巨峰) closes an article only after a finished sentence; 建设中国(太原) is part of a name.
  const bool alone = open == unit.span.begin;
  if (!alone && !ends_paragraph(t, Span{unit.span.begin, open})) return;
  unit.credit = inside;
  unit.editor_credit = credit.kind == CreditKind::kEditor;
  unit.ends_article = true;
  unit.span = trim(t, Span{unit.span.begin, open});
  if (alone) unit.kind = Unit::Kind::kCredit;
}

// ---------------------------------------------------------------------------------------------
// Leads: 本刊讯 10月24日，... / 新华社太原10月24日电(记者 王某) ... / 记者 王某 报道 / (山西日报) ...

struct Lead {
  std::string words;
  std::string byline;
  std::size_t body_begin = 0;
};

bool starts_with_at(std::string_view t, std::size_t pos, std::size_t end, std::string_view word) {
  return pos <= end && t.substr(pos, end - pos).starts_with(word);
}

std::size_t skip_spaces(std::string_view t, std::size_t pos, std::size_t end) {
  while (pos < end && is_space(t[pos])) ++pos;
  return pos;
}

// "(记者 王某 通讯员 李四)" right after a dateline: its length, and the credit inside.
std::size_t match_bracketed_credit(std::string_view t, std::size_t pos, std::size_t end, Span& inside) {
  if (pos >= end || t[pos] != '(') return 0;
  const std::size_t close = t.substr(pos, std::min<std::size_t>(end - pos, 120)).find(')');
  if (close == std::string_view::npos) return 0;
  inside = trim(t, Span{pos + 1, pos + close});
  if (parse_credit(view(t, inside)).kind != CreditKind::kAuthor) return 0;
  return close + 1;
}

// A date or time phrase before the first comma: 10月24日, 10月29日上午, 今年以来, 近日.
std::size_t match_date_phrase(std::string_view t, std::size_t pos, std::size_t end) {
  std::size_t i = pos;
  std::size_t count = 0;
  bool dated = false;
  while (i < end && count <= 16) {
    const CodePoint cp = decode_utf8_at(t, i);
    if (cp.value == kComma || cp.value == ',') break;
    if (ends_sentence(cp.value) || cp.value == kSemicolon) return 0;
    if ((cp.value >= '0' && cp.value <= '9') || cp.value == U'年' || cp.value == U'月' ||
        cp.value == U'日' || cp.value == U'晚' || cp.value == U'午' || cp.value == U'来' ||
        cp.value == U'期' || cp.value == U'天') {
      dated = true;
    }
    i += cp.length;
    ++count;
  }
  if (i >= end || count == 0 || count > 16 || !dated) return 0;
  return i - pos;
}

bool is_news_source_name(std::string_view name) {
  static constexpr std::array<std::string_view, 9> kEnds = {"报", "网", "社", "台", "刊", "新闻", "客户端",
                                                           "杂志", "站"};
  for (const std::string_view e : kEnds) {
    if (name.ends_with(e)) return true;
  }
  return false;
}

bool all_cjk(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const CodePoint cp = decode_utf8_at(s, i);
    if (!is_cjk(cp.value)) return false;
    i += cp.length;
  }
  return !s.empty();
}

std::optional<Lead> match_lead(std::string_view t, Span span) {
  const std::size_t begin = span.begin;
  const std::size_t end = span.end;
  const std::string_view s = view(t, span);
  Lead lead;
  std::size_t after = 0;       // where the text after the dateline marker starts
  std::size_t marker_end = 0;  // end of the marker's own words (before a trailing colon)
  bool dated_marker = false;   // 新华社太原10月24日电 carries its date; 本刊讯 is followed by one

  static constexpr std::array<std::string_view, 12> kAgencies = {
      "新华社", "中新社", "中新网", "人民网", "新华网", "央视网", "央广网", "中国新闻网", "光明网",
      "澎湃新闻", "国际在线", "中国日报网"};
  for (const std::string_view agency : kAgencies) {
    if (!s.starts_with(agency)) continue;
    // 新华社太原10月24日电 / 新华社北京电: place and date run to 电 without punctuation. 电 after
    // anything but 日 or a short place name is a word (新华社记者日前从国家电网获悉).
    std::size_t i = begin + agency.size();
    std::size_t count = 0;
    char32_t previous = 0;
    while (i < end && count < 24) {
      const CodePoint cp = decode_utf8_at(t, i);
      if (cp.value == U'电') {
        if (previous == U'日' || (count >= 2 && count <= 4)) after = i + cp.length;
        break;
      }
      previous = cp.value;
      if (!is_cjk(cp.value) && !(cp.value >= '0' && cp.value <= '9') && !is_space(t[i])) break;
      i += cp.length;
      ++count;
    }
    dated_marker = after != 0;
    break;
  }
  if (after == 0) {
    // 本刊讯 / 本报讯 / 山西日报讯: a source name ending in 报/网/台/刊 followed by 讯.
    const std::size_t xun = s.substr(0, 40).find("讯");
    if (xun != std::string_view::npos && xun > 0) {
      const std::string_view source = s.substr(0, xun);
      if (all_cjk(source) && is_news_source_name(source)) {
        after = begin + xun + std::string_view("讯").size();
      }
    }
  }
  if (after == 0) {
    // 记者 王某 报道 / 本报记者王某报道
    const std::size_t reporter = s.substr(0, 16).find("记者");
    const std::size_t reported = s.substr(0, 60).find("报道");
    if (reporter != std::string_view::npos && reporter <= 6 && reported != std::string_view::npos &&
        reported > reporter) {
      const Span credit = trim(t, Span{begin, begin + reported});
      if (parse_credit(view(t, credit)).kind == CreditKind::kAuthor) {
        lead.byline = std::string(view(t, credit));
        after = begin + reported + std::string_view("报道").size();
        marker_end = after;
        if (starts_with_at(t, after, end, "：") || starts_with_at(t, after, end, ":")) {
          after += t[after] == ':' ? 1 : std::string_view("：").size();
        }
      }
    }
  }
  if (after == 0 && s.starts_with("(")) {
    // (山西日报) at the head of a reprint.
    const std::size_t close = s.substr(0, 60).find(')');
    if (close != std::string_view::npos) {
      const std::string_view name = s.substr(1, close - 1);
      if (all_cjk(name) && is_news_source_name(name)) after = begin + close + 1;
    }
  }
  if (after == 0) return std::nullopt;
  if (marker_end == 0) marker_end = after;
  lead.words = std::string(view(t, trim(t, Span{begin, marker_end})));
  std::size_t pos = skip_spaces(t, after, end);
  Span inside;
  if (const std::size_t length = match_bracketed_credit(t, pos, end, inside)) {
    if (lead.byline.empty()) lead.byline = std::string(view(t, inside));
    pos = skip_spaces(t, pos + length, end);
  }
  if (!dated_marker) {
    if (const std::size_t length = match_date_phrase(t, pos, end)) {
      lead.words += ' ';
      lead.words += view(t, trim(t, Span{pos, pos + length}));
    }
  }
  lead.body_begin = pos;
  return lead;
}

// ---------------------------------------------------------------------------------------------
// Sentences.

// The texts of rejoined sentences, packed into shared blocks. A string and a shared owner of its
// own for each cost about 80 bytes beyond its text, on the ~58,000 rejoined sentences of a 100 MiB
// bulletin. A block is sized once and only written through data(), so the views it hands out stay
// valid; its unused tail is never viewed.
class JoinedTexts {
 public:
  // Joins the pieces of t into a block; owner receives the block, which the result views.
  std::string_view join(std::string_view t, const SentencePieces& pieces, std::shared_ptr<const std::string>& owner) {
    std::size_t size = 0;
    for (const Span& piece : pieces) size += piece.end - piece.begin;
    if (size > kBlockBytes / 4) {
      // A long one gets a block of its own rather than leaving the current block's room unused.
      auto own = std::make_shared<std::string>(size, '\0');
      write(t, pieces, own->data());
      owner = own;
      return *owner;
    }
    if (!block_ || block_->size() - used_ < size) {
      block_ = std::make_shared<std::string>(kBlockBytes, '\0');
      used_ = 0;
    }
    char* const start = block_->data() + used_;
    write(t, pieces, start);
    used_ += size;
    owner = block_;
    return std::string_view(start, size);
  }

 private:
  static void write(std::string_view t, const SentencePieces& pieces, char* out) {
    for (const Span& piece : pieces) {
      std::memcpy(out, t.data() + piece.begin, piece.end - piece.begin);
      out += piece.end - piece.begin;
    }
  }

  // Small enough that a short bulletin wastes little, large enough that blocks are few.
  static constexpr std::size_t kBlockBytes = 16 * 1024;
  std::shared_ptr<std::string> block_;
  std::size_t used_ = 0;
};

void emit_sentence(const std::shared_ptr<const std::string>& text, std::vector<Span>& pieces, JoinedTexts& joined,
                   Paragraph& paragraph) {
  const std::string_view t = *text;
  while (!pieces.empty()) {
    pieces.front() = trim(t, pieces.front());
    if (!empty(pieces.front())) break;
    pieces.erase(pieces.begin());
  }
  while (!pieces.empty()) {
    pieces.back() = trim(t, pieces.back());
    if (!empty(pieces.back())) break;
    pieces.pop_back();
  }
  if (pieces.empty()) return;
  Sentence sentence;
  for (const Span& piece : pieces) {
    if (!empty(piece)) sentence.pieces.push_back(piece);
  }
  if (sentence.pieces.size() == 1) {
    sentence.text = view(t, sentence.pieces.front());
    sentence.storage = text;
  } else {
    // Rejoined across a break: the only sentences whose text is not in the normalized text.
    sentence.text = joined.join(t, sentence.pieces, sentence.storage);
  }
  paragraph.sentences.push_back(std::move(sentence));
  pieces.clear();
}

// Splits at 。！？ (with the quote or bracket that closes them), never inside a “…” that closes
// within the same piece: a quoted speech of several sentences stays one sentence.
Paragraph split_sentences(const std::shared_ptr<const std::string>& text, const std::vector<Span>& paragraph_pieces,
                          JoinedTexts& joined) {
  const std::string_view t = *text;
  Paragraph paragraph;
  std::vector<Span> pending;
  constexpr std::string_view kClose = "”";
  constexpr std::string_view kOpen = "“";
  for (const Span& piece : paragraph_pieces) {
    std::size_t sentence_begin = piece.begin;
    bool in_quote = false;
    std::size_t next_close = piece.begin;  // a ” at or after the scan position, found lazily
    bool close_known = false;
    std::size_t i = piece.begin;
    while (i < piece.end) {
      // Only 。 (E3 ..), “ ” (E2 ..), ！ ？ (EF ..) and ASCII ! ? matter here; lead bytes never occur
      // inside another character, so every other byte can be stepped over one at a time.
      const auto byte = static_cast<unsigned char>(t[i]);
      if (byte != 0xE2 && byte != 0xE3 && byte != 0xEF && byte != '!' && byte != '?') {
        // A whole CJK character (lead E4..E9 and two continuation bytes, none of them a byte
        // looked for) is stepped over at once.
        if (byte >= 0xE4 && byte <= 0xE9 && piece.end - i >= 3 && (static_cast<unsigned char>(t[i + 1]) & 0xC0) == 0x80 &&
            (static_cast<unsigned char>(t[i + 2]) & 0xC0) == 0x80) {
          i += 3;
        } else {
          ++i;
        }
        continue;
      }
      const CodePoint cp = decode_utf8_at(t, i);
      if (cp.value == kOpenQuote && !in_quote) {
        if (!close_known || next_close < i) {
          const std::size_t found = view(t, Span{i, piece.end}).find(kClose);
          next_close = found == std::string_view::npos ? piece.end : i + found;
          close_known = true;
        }
        const std::size_t next_open = view(t, Span{i + cp.length, piece.end}).find(kOpen);
        const std::size_t next_open_at =
            next_open == std::string_view::npos ? piece.end : i + cp.length + next_open;
        in_quote = next_close < piece.end && next_close < next_open_at;
      } else if (cp.value == kCloseQuote && in_quote) {
        in_quote = false;
      }
      i += cp.length;
      if (!ends_sentence(cp.value)) continue;
      // Take the run of enders and closers that finishes the sentence: 。” ？！ 。)
      while (i < piece.end) {
        const CodePoint more = decode_utf8_at(t, i);
        if (ends_sentence(more.value) || closes_after_sentence(more.value)) {
          if (more.value == kCloseQuote) in_quote = false;
          i += more.length;
        } else {
          break;
        }
      }
      if (in_quote) continue;
      pending.push_back(Span{sentence_begin, i});
      emit_sentence(text, pending, joined, paragraph);
      sentence_begin = i;
    }
    if (sentence_begin < piece.end) pending.push_back(Span{sentence_begin, piece.end});
  }
  emit_sentence(text, pending, joined, paragraph);
  // Paragraphs hold a few sentences each and live as long as the result: the spare capacity of
  // their vectors was 6-7 MiB of the layout's 84 MiB on a 100 MiB bulletin.
  if (paragraph.sentences.capacity() > paragraph.sentences.size()) paragraph.sentences.shrink_to_fit();
  return paragraph;
}

// ---------------------------------------------------------------------------------------------
// Articles.

struct Draft {
  std::vector<std::size_t> titles;    // unit indices
  std::vector<std::size_t> body;      // kBody and kSubheading
  std::vector<std::size_t> captions;
  std::vector<std::size_t> credits;   // units carrying a credit
  std::size_t author_line = static_cast<std::size_t>(-1);
  std::size_t publication_line = static_cast<std::size_t>(-1);
  bool has_lead_in = false;
  bool taking_title = false;  // still reading title lines, a subtitle or an author line
  bool ended = false;         // the last body line closed the article with a credit or end mark
  // The body line the dateline opens and what is left of it once take_lead() took the dateline
  // off: kept here, not in the unit, so that drafts can be finished on two threads (the article
  // before reads the line's span as it was, stands_alone() of its own last line looking ahead).
  std::size_t lead_unit = static_cast<std::size_t>(-1);
  Span lead_rest;
  bool empty() const { return titles.empty() && body.empty() && captions.empty() && credits.empty(); }
};

constexpr std::size_t kNone = static_cast<std::size_t>(-1);

// Below this much text the drafts are finished on the calling thread alone (as in parse.cc).
constexpr std::size_t kParallelFromBytes = 64 << 10;

class Layout {
 public:
  Layout(const NormalizedText& text, LayoutResult& result, int threads)
      : text_(text), t_(text.text()), result_(result), units_(read_lines(t_)),
        parallel_(threads > 1 && t_.size() >= kParallelFromBytes) {}

  void run() {
    int min_level = 7;
    for (const Unit& u : units_) {
      if (u.kind == Unit::Kind::kTitle) min_level = std::min(min_level, u.heading_level);
    }
    has_headings_ = min_level < 7;
    // Each line is classified on its own (about 17 ms at 16 MiB): with two threads, the lines are cut
    // in two halves, the second half's warnings kept aside and appended after the first's, so they
    // stay in line order as in one pass.
    const std::size_t split = parallel_ ? units_.size() / 2 : units_.size();
    LayoutResult second_half;
    run_both(
        split < units_.size(), [&] { classify(0, split, min_level, result_); },
        [&] { classify(split, units_.size(), min_level, second_half); });
    std::move(second_half.warnings.begin(), second_half.warnings.end(), std::back_inserter(result_.warnings));
    mark_blank_after();
    detect_hard_wrapping();
    group();
    finish_drafts();
  }

 private:
  void classify(std::size_t begin, std::size_t end, int min_level, LayoutResult& out) {
    for (std::size_t i = begin; i < end; ++i) {
      Unit& u = units_[i];
      // Two heading levels are article titles (# issue section + ## article, or # title + ## kicker);
      // deeper levels are sub-headings inside an article.
      if (u.kind == Unit::Kind::kTitle && u.heading_level > min_level + 1) u.kind = Unit::Kind::kSubheading;
      if (u.kind == Unit::Kind::kBody) classify_body_line(text_, u, out);
    }
  }

  void mark_blank_after() {
    std::size_t next_line = kNone;
    for (std::size_t i = units_.size(); i-- > 0;) {
      if (units_[i].kind == Unit::Kind::kDropped) continue;
      units_[i].blank_after = next_line == kNone || next_line > units_[i].line + 1;
      next_line = units_[i].line;
    }
  }

  // Hard-wrapped text (every line cut at a fixed width) has most lines unfinished; then a short line
  // is a sub-heading only when something else says so (a blank line or a markdown hard break).
  void detect_hard_wrapping() {
    std::size_t lines = 0;
    std::size_t open = 0;
    for (const Unit& u : units_) {
      if (u.kind != Unit::Kind::kBody || count_code_points(view(t_, u.span), 8) < 8) continue;
      ++lines;
      if (!ends_paragraph(t_, u.span)) ++open;
    }
    hard_wrapped_ = lines >= 4 && open * 2 > lines;
  }

  std::size_t next_unit(std::size_t i) const {
    for (std::size_t j = i + 1; j < units_.size(); ++j) {
      if (units_[j].kind != Unit::Kind::kDropped) return j;
    }
    return kNone;
  }

  // A title-like line that stands on its own: not the start of a paragraph cut by the page. Read
  // while finishing draft d (or before any, with d null): its lead line as take_lead() left it.
  bool stands_alone(std::size_t i, const Draft* d = nullptr) const {
    const Unit& u = units_[i];
    if (!looks_like_title(t_, span_of(i, d))) return false;
    if (u.hard_break || u.blank_after || !hard_wrapped_) return true;
    const std::size_t next = next_unit(i);
    return next == kNone || units_[next].kind != Unit::Kind::kBody || looks_like_title(t_, span_of(next, d));
  }

  // Unit i's span as draft d sees it: without the dateline for the line d's lead was taken from.
  // Every other line is as classified, including a later draft's lead line, whose dateline is taken
  // off only when that draft is finished.
  Span span_of(std::size_t i, const Draft* d) const {
    return d != nullptr && i == d->lead_unit ? d->lead_rest : units_[i].span;
  }

  // 2-4 characters alone under a title, or 记者 王某 / 文/李若男.
  bool is_author_line(const Unit& u) const {
    return count_code_points(view(t_, u.span), 31) <= 30 && parse_credit(view(t_, u.span)).kind == CreditKind::kAuthor;
  }

  static bool is_lead_in(std::string_view t, const Unit& u) {
    if (u.kind != Unit::Kind::kBody || u.ends_article) return false;
    const char32_t last = last_code_point(t, u.span);
    return last == kEmDash || last == kColon || last == ':';
  }

  Draft& current() {
    if (drafts_.empty()) drafts_.emplace_back();
    return drafts_.back();
  }

  void group() {
    std::size_t previous = kNone;
    bool previous_was_title = false;
    for (std::size_t i = 0; i < units_.size(); ++i) {
      Unit& u = units_[i];
      if (u.kind == Unit::Kind::kDropped) continue;
      switch (u.kind) {
        case Unit::Kind::kTitle:
          start_titled_article(i, previous, previous_was_title);
          break;
        case Unit::Kind::kCaption:
          current().captions.push_back(i);
          break;
        case Unit::Kind::kCredit:
          current().credits.push_back(i);
          // 本刊记者 李四 under a title opens the article; the same credit after the body closes it.
          current().ended = !current().taking_title;
          current().taking_title = false;
          break;
        case Unit::Kind::kSubheading:
          current().body.push_back(i);
          current().taking_title = false;
          current().ended = false;
          break;
        case Unit::Kind::kBody:
          place_body_line(i);
          break;
        case Unit::Kind::kPublication:
          if (current().publication_line == kNone) current().publication_line = i;
          break;
        case Unit::Kind::kDropped:
          break;
      }
      previous_was_title = u.kind == Unit::Kind::kTitle;
      previous = i;
    }
  }

  void start_titled_article(std::size_t i, std::size_t previous, bool previous_was_title) {
    if (!drafts_.empty()) {
      Draft& open = drafts_.back();
      // Consecutive heading lines (## kicker, # main title) make one title.
      if (previous_was_title && open.taking_title && open.body.size() == (open.has_lead_in ? 1u : 0u)) {
        open.titles.push_back(i);
        return;
      }
    }
    Draft next;
    next.titles.push_back(i);
    next.taking_title = true;
    if (!drafts_.empty()) {
      Draft& open = drafts_.back();
      // "…介绍有关情况——" right above a heading introduces the article under it.
      if (!open.body.empty() && open.body.back() == previous && is_lead_in(t_, units_[previous])) {
        next.body.push_back(previous);
        next.has_lead_in = true;
        open.body.pop_back();
        if (open.empty()) drafts_.pop_back();
      }
    }
    drafts_.push_back(std::move(next));
  }

  void place_body_line(std::size_t i) {
    Unit& u = units_[i];
    if (!drafts_.empty()) {
      Draft& open = drafts_.back();
      const bool only_lead_in = open.body.size() == (open.has_lead_in ? 1u : 0u);
      if (open.taking_title && only_lead_in && !open.titles.empty() && empty(u.credit)) {
        // ——记山西省开发区协会: a subtitle continues the title.
        if (view(t_, u.span).starts_with("——") && count_code_points(view(t_, u.span), 41) <= 40) {
          open.titles.push_back(i);
          return;
        }
        if (open.author_line == kNone && is_author_line(u)) {
          open.author_line = i;
          open.taking_title = false;
          return;
        }
        // Without headings, the first lines that stand alone are the title.
        if (!has_headings_ && units_[open.titles.back()].kind == Unit::Kind::kBody && open.titles.size() < 3 &&
            stands_alone(i)) {
          open.titles.push_back(i);
          return;
        }
      }
      // Without markdown, a title-like line after a credit starts the next article of the page.
      if (open.ended && !open.body.empty() && stands_alone(i) && empty(u.credit)) {
        start_untitled_heading(i);
        return;
      }
    }
    if (!has_headings_ && (drafts_.empty() || drafts_.back().empty()) && stands_alone(i) &&
        empty(u.credit) && !ends_paragraph(t_, u.span)) {
      start_untitled_heading(i);
      return;
    }
    Draft& open = current();
    open.taking_title = false;
    open.body.push_back(i);
    if (!empty(u.credit)) open.credits.push_back(i);
    open.ended = u.ends_article;
  }

  void start_untitled_heading(std::size_t i) {
    if (!drafts_.empty() && drafts_.back().empty()) drafts_.pop_back();
    Draft next;
    next.titles.push_back(i);
    next.taking_title = true;
    drafts_.push_back(std::move(next));
  }

  std::string credit_text(std::size_t i) const {
    const Unit& u = units_[i];
    if (u.editor_credit || empty(u.credit)) return {};
    return std::string(view(t_, u.credit));
  }

  // What finishing a run of drafts makes, kept apart per thread and appended in draft order.
  struct Finished {
    LayoutResult result;
    JoinedTexts joined;  // one per thread: its blocks are filled without a lock
  };

  // Each draft becomes an article. A draft reads its own lines and, looking ahead, the first lines
  // of the next one as classified; so with a second thread, the drafts are cut in two runs of about
  // equal bytes, each finished on its own thread, the second run's articles and warnings appended
  // after the first's: the same list as one pass.
  void finish_drafts() {
    std::size_t split = drafts_.size();
    if (parallel_) {
      std::vector<std::size_t> bytes(drafts_.size(), 0);
      std::size_t total = 0;
      for (std::size_t k = 0; k < drafts_.size(); ++k) {
        for (const std::size_t i : drafts_[k].body) bytes[k] += units_[i].whole.end - units_[i].whole.begin;
        total += bytes[k];
      }
      std::size_t half = 0;
      for (split = 0; split < drafts_.size() && half < total / 2; ++split) half += bytes[split];
    }
    Finished first;
    Finished second;
    run_both(
        split < drafts_.size(),
        [&] {
          for (std::size_t k = 0; k < split; ++k) finish(drafts_[k], first);
        },
        [&] {
          for (std::size_t k = split; k < drafts_.size(); ++k) finish(drafts_[k], second);
        });
    for (Finished* part : {&first, &second}) {
      std::move(part->result.articles.begin(), part->result.articles.end(), std::back_inserter(result_.articles));
      std::move(part->result.warnings.begin(), part->result.warnings.end(), std::back_inserter(result_.warnings));
    }
  }

  void finish(Draft& d, Finished& out) const {
    if (d.empty()) return;
    Article article;
    Span span{t_.size(), 0};
    auto cover = [&](std::size_t i) {
      span.begin = std::min(span.begin, units_[i].whole.begin);
      span.end = std::max(span.end, units_[i].whole.end);
    };
    for (const std::size_t i : d.titles) {
      cover(i);
      if (!article.title.empty()) article.title += ' ';
      article.title += view(t_, units_[i].span);
    }
    if (d.author_line != kNone) {
      cover(d.author_line);
      article.byline = std::string(view(t_, units_[d.author_line].span));
    }
    for (const std::size_t i : d.credits) {
      cover(i);
      const std::string credit = credit_text(i);
      if (credit.empty() || article.byline == credit) continue;
      if (!article.byline.empty()) article.byline += "、";
      article.byline += credit;
    }
    for (const std::size_t i : d.captions) {
      cover(i);
      article.captions.emplace_back(view(t_, units_[i].span));
    }
    for (const std::size_t i : d.body) cover(i);
    take_lead(d, article);
    if (d.publication_line != kNone) {
      cover(d.publication_line);
      // Without a dateline, the page's publication line is what dates the article.
      if (article.lead.empty()) article.lead = std::string(view(t_, units_[d.publication_line].span));
    }
    build_paragraphs(d, article, out);
    if (article.paragraphs.capacity() > article.paragraphs.size()) article.paragraphs.shrink_to_fit();
    if (article.paragraphs.empty() && !d.titles.empty()) {
      add_warning(out.result, text_, "ARTICLE_WITHOUT_BODY",
                  "the article titled \"" + article.title + "\" has no body text", units_[d.titles.front()].whole.begin);
    }
    article.span = span.begin <= span.end ? span : Span{};
    out.result.articles.push_back(std::move(article));
  }

  void take_lead(Draft& d, Article& article) const {
    // The dateline opens the first paragraph of the article proper, after any lead-in.
    const std::size_t limit = std::min<std::size_t>(d.body.size(), d.has_lead_in ? 2 : 1);
    for (std::size_t k = 0; k < limit; ++k) {
      const Unit& u = units_[d.body[k]];
      if (u.kind != Unit::Kind::kBody) continue;
      const std::optional<Lead> lead = match_lead(t_, u.span);
      if (!lead) continue;
      article.lead = lead->words;
      if (article.byline.empty()) article.byline = lead->byline;
      d.lead_unit = d.body[k];
      d.lead_rest = trim(t_, Span{lead->body_begin, u.span.end});
      return;
    }
  }

  void build_paragraphs(const Draft& d, Article& article, Finished& out) const {
    std::vector<Span> pieces;
    auto close = [&]() {
      if (pieces.empty()) return;
      Paragraph paragraph = split_sentences(text_.shared_text(), pieces, out.joined);
      if (!paragraph.sentences.empty()) article.paragraphs.push_back(std::move(paragraph));
      pieces.clear();
    };
    for (std::size_t k = 0; k < d.body.size(); ++k) {
      const std::size_t i = d.body[k];
      const Unit& u = units_[i];
      const Span span = span_of(i, &d);
      if (empty(span)) continue;
      const bool continuing = !pieces.empty();
      if (!continuing && (u.kind == Unit::Kind::kSubheading || stands_alone(i, &d))) {
        Paragraph heading = split_sentences(text_.shared_text(), {span}, out.joined);
        heading.subheading = true;
        if (!heading.sentences.empty()) article.paragraphs.push_back(std::move(heading));
        continue;
      }
      if (continuing && u.kind == Unit::Kind::kSubheading) {
        warn_unterminated(pieces.back(), out);
        close();
        Paragraph heading = split_sentences(text_.shared_text(), {span}, out.joined);
        heading.subheading = true;
        if (!heading.sentences.empty()) article.paragraphs.push_back(std::move(heading));
        continue;
      }
      // A line the page cut off mid-sentence continues in the next body line, whatever captions,
      // notes or blank lines the layout put between them.
      pieces.push_back(span);
      if (ends_paragraph(t_, span) || u.ends_article) close();
    }
    if (!pieces.empty()) {
      warn_unterminated(pieces.back(), out);
      close();
    }
  }

  void warn_unterminated(Span piece, Finished& out) const {
    add_warning(out.result, text_, "UNTERMINATED_PARAGRAPH",
                "a paragraph ends without closing punctuation and no later line of its article continues it",
                piece.end);
  }

  const NormalizedText& text_;
  std::string_view t_;
  LayoutResult& result_;
  std::vector<Unit> units_;
  std::vector<Draft> drafts_;
  bool has_headings_ = false;
  bool hard_wrapped_ = false;
  bool parallel_ = false;  // whether drafts may be finished on a second thread
};

}  // namespace

LayoutResult split_articles(const NormalizedText& text, int threads) {
  LayoutResult result;
  Layout(text, result, threads).run();
  return result;
}

}  // namespace investtrack::parser
