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
// It takes the room of one Span: the inline slot's end, which no text offset reaches, marks an
// empty list or one whose pieces are on the heap (the slot's begin then holds that array).
class SentencePieces {
 public:
  SentencePieces() = default;
  SentencePieces(const SentencePieces& other) { copy_from(other); }
  SentencePieces(SentencePieces&& other) noexcept : slot_(other.slot_) {
    other.slot_ = Span{0, kEmpty};
  }
  SentencePieces& operator=(const SentencePieces& other) {
    if (this == &other) return *this;
    release();
    copy_from(other);
    return *this;
  }
  SentencePieces& operator=(SentencePieces&& other) noexcept {
    if (this == &other) return *this;
    release();
    slot_ = other.slot_;
    other.slot_ = Span{0, kEmpty};
    return *this;
  }
  ~SentencePieces() { release(); }

  void push_back(Span piece) {
    if (slot_.end == kEmpty && piece.end < kOnHeap) {
      slot_ = piece;
      return;
    }
    const std::size_t count = size();
    if (!on_heap() || count == heap()[0].end) {
      // heap()[0] is the header {size, capacity}; the pieces follow it.
      Span* bigger = allocate(count < 2 ? 2 : count * 2);
      std::copy(begin(), end(), bigger + 1);
      bigger[0].begin = count;
      release();
      slot_ = Span{reinterpret_cast<std::uintptr_t>(bigger), kOnHeap};
    }
    heap()[count + 1] = piece;
    heap()[0].begin = count + 1;
  }

  std::size_t size() const { return on_heap() ? heap()[0].begin : (slot_.end == kEmpty ? 0 : 1); }
  bool empty() const { return size() == 0; }
  const Span* begin() const { return on_heap() ? heap() + 1 : &slot_; }
  const Span* end() const { return begin() + size(); }
  const Span& front() const { return *begin(); }
  const Span& back() const { return begin()[size() - 1]; }
  const Span& operator[](std::size_t i) const { return begin()[i]; }

 private:
  static_assert(sizeof(std::uintptr_t) <= sizeof(std::size_t),
                "the heap array's address is kept in a Span field");
  static constexpr std::size_t kEmpty = ~std::size_t{0};
  static constexpr std::size_t kOnHeap = ~std::size_t{0} - 1;

  static Span* allocate(std::size_t capacity) {
    Span* array = new Span[capacity + 1];
    array[0] = Span{0, capacity};
    return array;
  }
  bool on_heap() const { return slot_.end == kOnHeap; }
  // The heap pointer is stored in the slot that holds a span inline (a tagged union, to keep a
  // sentence small); converting it back is the point.
  Span* heap() const {
    // NOLINTNEXTLINE(performance-no-int-to-ptr)
    return reinterpret_cast<Span*>(static_cast<std::uintptr_t>(slot_.begin));
  }
  void copy_from(const SentencePieces& other) {
    if (!other.on_heap()) {
      slot_ = other.slot_;
      return;
    }
    const std::size_t count = other.size();
    Span* array = allocate(count);
    std::copy(other.begin(), other.end(), array + 1);
    array[0].begin = count;
    slot_ = Span{reinterpret_cast<std::uintptr_t>(array), kOnHeap};
  }
  void release() {
    if (on_heap()) delete[] heap();
    slot_ = Span{0, kEmpty};
  }

  Span slot_{0, kEmpty};  // the only piece; or, marked by end, no piece or a heap array
};
static_assert(sizeof(SentencePieces) == sizeof(Span));

// One sentence of body text. A sentence broken across a column or page (with a caption in between)
// is rejoined: text is the joined, normalized sentence; pieces are the spans of
// NormalizedText::text() it was joined from, in order. text views storage: for a sentence of one
// piece, the normalized text itself (a bulletin's text is then held once, not once more sentence by
// sentence); for a rejoined one, a block that packs the texts of several rejoined sentences. Copies
// and moves of a Sentence, its Article or a ParseResult keep text valid.
struct Sentence {
  std::string_view text;
  SentencePieces pieces;
  std::shared_ptr<const std::string> storage;  // what text points into
};

struct Paragraph {
  std::vector<Sentence> sentences;
  bool subheading =
      false;  // a heading line inside the article (创新服务贸易扩大外资利用), not prose
};

struct Article {
  std::string title;  // `## ` / `# ` heading lines, joined with a space
  std::string lead;   // dateline words such as 本刊讯 10月24日 or 新华社太原10月24日电
  std::string byline;             // (张巨峰) at the end, or an author line under the title
  std::optional<CivilDate> date;  // filled by parse_bulletin from the lead (layout leaves it empty)
  std::vector<Paragraph> paragraphs;  // body, lead paragraph first
  std::vector<std::string> captions;  // photo captions (…摄), kept apart from the body
  Span span;                          // in NormalizedText::text()
};

struct LayoutResult {
  std::vector<Article> articles;
  std::vector<Warning> warnings;
};

// Warning offsets are byte offsets in NormalizedText::original(), like evidence spans. With threads
// > 1, a large text's articles are assembled on two threads; the result is the same.
LayoutResult split_articles(const NormalizedText& text, int threads = 1);

}  // namespace investtrack::parser
