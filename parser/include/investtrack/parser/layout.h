// Normalized bulletin text -> articles, paragraphs and sentences, with the debris of a printed page
// (captions, continuation markers, bylines, page breaks inside a sentence) taken out or set apart.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "investtrack/parser/text.h"
#include "investtrack/parser/types.h"

namespace investtrack::parser {

// One sentence of body text. A sentence broken across a column or page (with a caption in between)
// is rejoined: text is the joined, normalized sentence; pieces are the spans of NormalizedText::text()
// it was joined from, in order.
// text views storage: for a sentence of one piece, the normalized text itself (a bulletin's text
// is then held once, not once more sentence by sentence); for a rejoined one, its own string.
// Copies and moves of a Sentence, its Article or a ParseResult keep text valid.
struct Sentence {
  std::string_view text;
  std::vector<Span> pieces;
  std::shared_ptr<const std::string> storage;  // what text points into
};

struct Paragraph {
  std::vector<Sentence> sentences;
  bool subheading = false;  // a heading line inside the article (创新服务贸易扩大外资利用), not prose
};

struct Article {
  std::string title;                  // `## ` / `# ` heading lines, joined with a space
  std::string lead;                   // dateline words such as 本刊讯 10月24日 or 新华社太原10月24日电
  std::string byline;                 // (张巨峰) at the end, or an author line under the title
  std::optional<CivilDate> date;      // filled by parse_bulletin from the lead (layout leaves it empty)
  std::vector<Paragraph> paragraphs;  // body, lead paragraph first
  std::vector<std::string> captions;  // photo captions (…摄), kept apart from the body
  Span span;                          // in NormalizedText::text()
};

struct LayoutResult {
  std::vector<Article> articles;
  std::vector<Warning> warnings;
};

// Warning offsets are byte offsets in NormalizedText::original(), like evidence spans.
LayoutResult split_articles(const NormalizedText& text);

}  // namespace investtrack::parser
