// Reading one line of a printed page: whether it ends a paragraph or looks like a title, author
// credits, page debris (continuation notes, page numbers, end marks, photo captions), the lines
// themselves and the dateline that opens a body line. Each decision looks at one line only; joining
// lines into sentences and articles is layout.cc. Shared declarations are in layout_internal.h.
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

#include "byte_match.h"
#include "field_labels.h"
#include "investtrack/parser/utf8.h"
#include "layout_internal.h"

namespace investtrack::parser::layout_internal {

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
  if (is_record_field(t, span)) return false;
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

bool is_record_field(std::string_view t, Span span) {
  const std::string_view s = view(t, span);
  // Most lines have no colon after their first words: one search settles them.
  constexpr std::size_t kMaxLabelBytes = ideograph_bytes(11);
  const std::string_view opening = s.substr(0, kMaxLabelBytes + 1);
  if (opening.find(':') == std::string_view::npos &&
      find_word(opening, "：") == std::string_view::npos)
    return false;
  // A table's row (单位:万元 | ||) is read as cells, not as a field.
  if (s.find('|') != std::string_view::npos) return false;
  std::size_t label_chars = 0;
  for (std::size_t i = 0; i < s.size() && label_chars <= 10;) {
    const CodePoint cp = decode_utf8_at(s, i);
    if (cp.value == kColon || cp.value == ':') {
      const std::string_view label = s.substr(0, i);
      const bool has_value = i + cp.length < s.size();
      // The field word alone (单位:万元, 时间:) is a note on units or a dateline, not a field.
      return label_chars >= 3 && has_value &&
             std::any_of(std::begin(kFieldLabelEnds), std::end(kFieldLabelEnds),
                         [&](std::string_view end) { return label.ends_with(end); });
    }
    if (!is_cjk(cp.value)) return false;
    ++label_chars;
    i += cp.length;
  }
  return false;
}

namespace {

// ---------------------------------------------------------------------------------------------
// Author credits: 张巨峰 / 记者 王某 / 本刊记者 李四 通讯员 赵五 / 文/李若男.

constexpr std::array<std::string_view, 22> kAuthorRoles = {
    "本刊记者", "本报记者",   "本台记者", "本网记者", "特约记者", "见习记者",
    "首席记者", "特约通讯员", "记者",     "通讯员",   "实习生",   "作者",
    "文图",     "摄影",       "撰稿",     "供稿",     "执笔",     "整理",
    "文",       "图",         "综合",     "报道员"};
constexpr std::array<std::string_view, 7> kEditorRoles = {"责任编辑", "责编", "编辑", "审核",
                                                          "校对",     "编审", "监制"};
// Two-to-four character lines under a title or in parentheses that are not names.
constexpr std::array<std::string_view, 40> kNotNames = {
    "编者按", "综述", "前言",   "导语", "摘要", "引言", "概述",     "背景",     "简讯", "要闻",
    "快讯",   "专稿", "特稿",   "评论", "短评", "待续", "未完",     "全文完",   "图片", "资料图",
    "目录",   "导读", "附件",   "链接", "注释", "说明", "声明",     "公告",     "通知", "题记",
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

}  // namespace

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

namespace {

// ---------------------------------------------------------------------------------------------
// Page debris: (下转D3版), (上接第2版), (完), photo captions.

bool is_opening_bracket(char32_t cp) {
  return cp == '(' || cp == '[' || cp == 0x3010 || cp == 0x3014;
}
bool is_closing_bracket(char32_t cp) {
  return cp == ')' || cp == ']' || cp == 0x3011 || cp == 0x3015;
}

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
    direction =
        side == U'下' ? Continuation::kContinuesElsewhere : Continuation::kContinuedFromElsewhere;
    explicit_side = true;
    j += next().length;
  }
  const char32_t verb = next().value;
  if (verb != U'转' && verb != U'接') return {};
  if (!explicit_side) {
    direction =
        verb == U'转' ? Continuation::kContinuesElsewhere : Continuation::kContinuedFromElsewhere;
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

// A web page's picture or bare address left as a line of its own: ![](http://…/a.png),
// ![图片](x.jpg), http://…. Glued to the next line as a paragraph cut short, it opened the
// article's first sentence with a URL.
bool is_image_or_link_line(std::string_view s) {
  if (s.starts_with("http://") || s.starts_with("https://"))
    return s.find(' ') == std::string_view::npos;
  if (!s.starts_with("![") || !s.ends_with(")")) return false;
  const std::size_t close = s.find("](");
  return close != std::string_view::npos && s.find(')', close) == s.size() - 1 &&
         s.find(' ', close) == std::string_view::npos;
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
      "发布时间", "发布日期", "发布于",   "时间：",   "时间:",    "日期：",   "日期:",
      "来源：",   "来源:",    "信息来源", "文章来源", "稿件来源", "浏览次数", "【字体"};
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
      "图为",   "图:",   "图：",   "上图:", "上图：", "下图:",
      "下图：", "图片:", "图片：", "▲",     "△",      "图/"};
  for (const std::string_view start : kCaptionStarts) {
    if (s.starts_with(start)) return true;
  }
  return ends_with_photo_credit(t, span);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Lines.

std::vector<Unit> read_lines(std::string_view t) {
  std::vector<Unit> units;
  // One unit per non-blank line: reserving for every line avoids regrowing (and briefly holding
  // twice) the largest array of the layout pass; the pages blank lines leave unused are never
  // touched.
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

void add_warning(LayoutResult& result, const NormalizedText& text, std::string code,
                 std::string message, std::size_t normalized_offset) {
  result.warnings.push_back(
      Warning{std::move(code), std::move(message), text.to_original(normalized_offset)});
}

namespace {

void warn_continuation(LayoutResult& result, const NormalizedText& text, Continuation direction,
                       Span marker) {
  const std::string quoted(view(text.text(), marker));
  if (direction == Continuation::kContinuesElsewhere) {
    add_warning(result, text, "ARTICLE_CONTINUES_ELSEWHERE",
                "the article continues on another page, says \"" + quoted +
                    "\"; its text here is incomplete",
                marker.begin);
  } else {
    add_warning(
        result, text, "ARTICLE_CONTINUED_FROM_ELSEWHERE",
        "the article starts on another page, says \"" + quoted + "\"; its beginning is missing",
        marker.begin);
  }
}

}  // namespace

// Takes continuation notes off both ends of a body line, then end marks and a closing credit off
// its end, and sets captions and credit-only lines apart.
void classify_body_line(const NormalizedText& text, Unit& unit, LayoutResult& result) {
  const std::string_view t = text.text();
  bool changed = true;
  while (changed && !empty(unit.span)) {
    changed = false;
    if (const MarkerMatch m = match_continuation(t.substr(0, unit.span.end), unit.span.begin);
        m.length > 0 && unit.span.begin + m.length <= unit.span.end) {
      warn_continuation(result, text, m.direction,
                        Span{unit.span.begin, unit.span.begin + m.length});
      unit.span = trim(t, Span{unit.span.begin + m.length, unit.span.end});
      changed = true;
      continue;
    }
    // A note at the end starts within its last 40 bytes: try each code point start there. Every
    // note names its page (版 or 页) in those bytes; most lines name none and need no try.
    const std::size_t floor =
        unit.span.end - std::min<std::size_t>(40, unit.span.end - unit.span.begin);
    const std::string_view last_bytes = t.substr(floor, unit.span.end - floor);
    if (find_word(last_bytes, "版") == std::string_view::npos &&
        find_word(last_bytes, "页") == std::string_view::npos) {
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
  if (empty(unit.span) || is_page_number(view(t, unit.span)) ||
      is_image_or_link_line(view(t, unit.span))) {
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
  // 责任编辑：王某 or 记者 张三 on a line of its own: a credit, never body text. A bare name is
  // left for the title reader, since 项目建设 alone on a line is more likely a sub-heading.
  if (const Credit line_credit =
          unit.span.end - unit.span.begin <= 120 ? parse_credit(view(t, unit.span)) : Credit{};
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

namespace {

// ---------------------------------------------------------------------------------------------
// Leads: 本刊讯 10月24日，... / 新华社太原10月24日电(记者 王某) ... / 记者 王某 报道 / (山西日报)
// ...

bool starts_with_at(std::string_view t, std::size_t pos, std::size_t end, std::string_view word) {
  return pos <= end && t.substr(pos, end - pos).starts_with(word);
}

std::size_t skip_spaces(std::string_view t, std::size_t pos, std::size_t end) {
  while (pos < end && is_space(t[pos])) ++pos;
  return pos;
}

// "(记者 王某 通讯员 李四)" right after a dateline: its length, and the credit inside.
std::size_t match_bracketed_credit(std::string_view t, std::size_t pos, std::size_t end,
                                   Span& inside) {
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
  static constexpr std::array<std::string_view, 9> kEnds = {"报",   "网",     "社",   "台", "刊",
                                                            "新闻", "客户端", "杂志", "站"};
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

}  // namespace

std::optional<Lead> match_lead(std::string_view t, Span span) {
  const std::size_t begin = span.begin;
  const std::size_t end = span.end;
  const std::string_view s = view(t, span);
  Lead lead;
  std::size_t after = 0;       // where the text after the dateline marker starts
  std::size_t marker_end = 0;  // end of the marker's own words (before a trailing colon)
  bool dated_marker = false;  // 新华社太原10月24日电 carries its date; 本刊讯 is followed by one

  static constexpr std::array<std::string_view, 12> kAgencies = {
      "新华社", "中新社",     "中新网", "人民网",   "新华网",   "央视网",
      "央广网", "中国新闻网", "光明网", "澎湃新闻", "国际在线", "中国日报网"};
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

}  // namespace investtrack::parser::layout_internal
