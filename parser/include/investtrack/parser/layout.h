// Normalized bulletin text -> articles, paragraphs and sentences, with the debris of a printed page
// (captions, continuation markers, bylines, page breaks inside a sentence) taken out or set apart.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "investtrack/parser/text.h"
#include "investtrack/parser/types.h"

namespace investtrack::parser {

// The spans of NormalizedText::text() a sentence was joined from, in order. Almost every sentence
// is one piece, held inline: a heap array per sentence cost more than the sentence's other fields
// on the half million sentences of a 100 MiB bulletin. Read like a const std::vector<Span>.
class SentencePieces {
 public:
  SentencePieces() = default;
  SentencePieces(const SentencePieces& other) { *this = other; }
  SentencePieces(SentencePieces&& other) noexcept
      : first_(other.first_), heap_(std::move(other.heap_)), size_(other.size_), capacity_(other.capacity_) {
    other.size_ = other.capacity_ = 0;
  }
  SentencePieces& operator=(const SentencePieces& other) {
    if (this == &other) return *this;
    first_ = other.first_;
    heap_.reset();
    size_ = capacity_ = 0;
    if (other.heap_) {
      heap_ = std::make_unique<Span[]>(other.size_);
      std::copy(other.begin(), other.end(), heap_.get());
      capacity_ = other.size_;
    }
    size_ = other.size_;
    return *this;
  }
  SentencePieces& operator=(SentencePieces&& other) noexcept {
    first_ = other.first_;
    heap_ = std::move(other.heap_);
    size_ = other.size_;
    capacity_ = other.capacity_;
    other.size_ = other.capacity_ = 0;
    return *this;
  }
  ~SentencePieces() = default;

  void push_back(Span piece) {
    if (size_ == 0 && !heap_) {
      first_ = piece;
      size_ = 1;
      return;
    }
    if (!heap_ || size_ == capacity_) {
      const std::uint32_t grown = capacity_ == 0 ? 4 : capacity_ * 2;
      auto bigger = std::make_unique<Span[]>(grown);
      std::copy(begin(), end(), bigger.get());
      heap_ = std::move(bigger);
      capacity_ = grown;
    }
    heap_[size_++] = piece;
  }

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const Span* begin() const { return heap_ ? heap_.get() : &first_; }
  const Span* end() const { return begin() + size_; }
  const Span& front() const { return *begin(); }
  const Span& back() const { return begin()[size_ - 1]; }
  const Span& operator[](std::size_t i) const { return begin()[i]; }

 private:
  Span first_;                   // the only piece while heap_ is null
  std::unique_ptr<Span[]> heap_; // every piece once there are two or more
  std::uint32_t size_ = 0;
  std::uint32_t capacity_ = 0;
};

// One sentence of body text. A sentence broken across a column or page (with a caption in between)
// is rejoined: text is the joined, normalized sentence; pieces are the spans of NormalizedText::text()
// it was joined from, in order.
// text views storage: for a sentence of one piece, the normalized text itself (a bulletin's text
// is then held once, not once more sentence by sentence); for a rejoined one, its own string.
// Copies and moves of a Sentence, its Article or a ParseResult keep text valid.
struct Sentence {
  std::string_view text;
  SentencePieces pieces;
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
