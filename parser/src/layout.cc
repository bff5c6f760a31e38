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
#include "investtrack/parser/utf8.h"
#include "layout_internal.h"
#include "parallel.h"

// Bulletin layout, read line by line. A printed page reaches us as lines: markdown-ish headings,
// paragraphs (one per line, or hard-wrapped), photo captions, page-continuation notes and author
// credits. Every decision looks at one line and its neighbours only, so the whole pass is linear.

namespace investtrack::parser {

using namespace layout_internal;

namespace {

// ---------------------------------------------------------------------------------------------
// Sentences.

// The texts of rejoined sentences, packed into shared blocks. A string and a shared owner of its
// own for each cost about 80 bytes beyond its text, on the ~58,000 rejoined sentences of a 100 MiB
// bulletin. A block is sized once and only written through data(), so the views it hands out stay
// valid; its unused tail is never viewed.
class JoinedTexts {
 public:
  // Joins the pieces of t into a block; owner receives the block, which the result views.
  std::string_view join(std::string_view t, const SentencePieces& pieces,
                        std::shared_ptr<const std::string>& owner) {
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
    return {start, size};
  }

 private:
  static void write(std::string_view t, const SentencePieces& pieces, char* out) {
    for (const Span& piece : pieces) {
      std::memcpy(out, t.data() + piece.begin, piece.end - piece.begin);
      out += piece.end - piece.begin;
    }
  }

  // Small enough that a short bulletin wastes little, large enough that blocks are few.
  static constexpr std::size_t kBlockBytes = std::size_t{16} * 1024;
  std::shared_ptr<std::string> block_;
  std::size_t used_ = 0;
};

void emit_sentence(const std::shared_ptr<const std::string>& text, std::vector<Span>& pieces,
                   JoinedTexts& joined, Paragraph& paragraph) {
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
Paragraph split_sentences(const std::shared_ptr<const std::string>& text,
                          const std::vector<Span>& paragraph_pieces, JoinedTexts& joined) {
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
      // Only 。 (E3 ..), “ ” (E2 ..), ！ ？ (EF ..) and ASCII ! ? matter here; lead bytes never
      // occur inside another character, so every other byte can be stepped over one at a time.
      const auto byte = static_cast<unsigned char>(t[i]);
      if (byte != 0xE2 && byte != 0xE3 && byte != 0xEF && byte != '!' && byte != '?') {
        // A whole CJK character (lead E4..E9 and two continuation bytes, none of them a byte
        // looked for) is stepped over at once.
        if (byte >= 0xE4 && byte <= 0xE9 && piece.end - i >= 3 &&
            (static_cast<unsigned char>(t[i + 1]) & 0xC0) == 0x80 &&
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
  if (paragraph.sentences.capacity() > paragraph.sentences.size())
    paragraph.sentences.shrink_to_fit();
  return paragraph;
}

// ---------------------------------------------------------------------------------------------
// Articles.

struct Draft {
  std::vector<std::size_t> titles;  // unit indices
  std::vector<std::size_t> body;    // kBody and kSubheading
  std::vector<std::size_t> captions;
  std::vector<std::size_t> credits;  // units carrying a credit
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
  bool empty() const {
    return titles.empty() && body.empty() && captions.empty() && credits.empty();
  }
};

constexpr std::size_t kNone = static_cast<std::size_t>(-1);

// Below this much text the drafts are finished on the calling thread alone (as in parse.cc).
constexpr std::size_t kParallelFromBytes = 64 << 10;

class Layout {
 public:
  Layout(const NormalizedText& text, LayoutResult& result, int threads)
      : text_(text),
        t_(text.text()),
        result_(result),
        units_(read_lines(t_)),
        parallel_(threads > 1 && t_.size() >= kParallelFromBytes) {}

  void run() {
    int min_level = 7;
    for (const Unit& u : units_) {
      if (u.kind == Unit::Kind::kTitle) min_level = std::min(min_level, u.heading_level);
    }
    has_headings_ = min_level < 7;
    // Each line is classified on its own (about 17 ms at 16 MiB): with two threads, the lines are
    // cut in two halves, the second half's warnings kept aside and appended after the first's, so
    // they stay in line order as in one pass.
    const std::size_t split = parallel_ ? units_.size() / 2 : units_.size();
    LayoutResult second_half;
    Wrapping first_wrapping;
    Wrapping second_wrapping;
    run_both(
        split < units_.size(), [&] { classify(0, split, min_level, result_, first_wrapping); },
        [&] { classify(split, units_.size(), min_level, second_half, second_wrapping); });
    std::move(second_half.warnings.begin(), second_half.warnings.end(),
              std::back_inserter(result_.warnings));
    mark_blank_after();
    detect_hard_wrapping(first_wrapping, second_wrapping);
    group();
    finish_drafts();
  }

 private:
  // What detect_hard_wrapping() counts, over a run of lines.
  struct Wrapping {
    std::size_t lines = 0;  // body lines of 8 characters or more
    std::size_t open = 0;   // those that end no paragraph
  };

  // Also counts the run's lines for detect_hard_wrapping() as each is classified, while its end is
  // in the cache (a pass of its own after the classification read every line's end again: about 7
  // ms at 16 MiB on one thread).
  void classify(std::size_t begin, std::size_t end, int min_level, LayoutResult& out,
                Wrapping& wrapping) {
    for (std::size_t i = begin; i < end; ++i) {
      Unit& u = units_[i];
      // Two heading levels are article titles (# issue section + ## article, or # title + ##
      // kicker); deeper levels are sub-headings inside an article.
      if (u.kind == Unit::Kind::kTitle && u.heading_level > min_level + 1)
        u.kind = Unit::Kind::kSubheading;
      if (u.kind == Unit::Kind::kBody) classify_body_line(text_, u, out);
      if (u.kind != Unit::Kind::kBody || count_code_points(view(t_, u.span), 8) < 8) continue;
      ++wrapping.lines;
      // A notice's field ends with its line, punctuated or not: it says nothing of the wrapping.
      if (!ends_paragraph(t_, u.span) && !is_record_field(t_, u.span)) ++wrapping.open;
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

  // Hard-wrapped text (every line cut at a fixed width) has most lines unfinished; then a short
  // line is a sub-heading only when something else says so (a blank line or a markdown hard break).
  void detect_hard_wrapping(const Wrapping& first, const Wrapping& second) {
    const std::size_t lines = first.lines + second.lines;
    const std::size_t open = first.open + second.open;
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
    return next == kNone || units_[next].kind != Unit::Kind::kBody ||
           looks_like_title(t_, span_of(next, d));
  }

  // Unit i's span as draft d sees it: without the dateline for the line d's lead was taken from.
  // Every other line is as classified, including a later draft's lead line, whose dateline is taken
  // off only when that draft is finished.
  Span span_of(std::size_t i, const Draft* d) const {
    return d != nullptr && i == d->lead_unit ? d->lead_rest : units_[i].span;
  }

  // 2-4 characters alone under a title, or 记者 王某 / 文/李若男.
  bool is_author_line(const Unit& u) const {
    return count_code_points(view(t_, u.span), 31) <= 30 &&
           parse_credit(view(t_, u.span)).kind == CreditKind::kAuthor;
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
          // 本刊记者 李四 under a title opens the article; the same credit after the body closes
          // it.
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
      if (previous_was_title && open.taking_title &&
          open.body.size() == (open.has_lead_in ? 1u : 0u)) {
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
        if (!has_headings_ && units_[open.titles.back()].kind == Unit::Kind::kBody &&
            open.titles.size() < 3 && stands_alone(i)) {
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
        for (const std::size_t i : drafts_[k].body)
          bytes[k] += units_[i].whole.end - units_[i].whole.begin;
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
      std::move(part->result.articles.begin(), part->result.articles.end(),
                std::back_inserter(result_.articles));
      std::move(part->result.warnings.begin(), part->result.warnings.end(),
                std::back_inserter(result_.warnings));
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
      if (article.lead.empty())
        article.lead = std::string(view(t_, units_[d.publication_line].span));
    }
    build_paragraphs(d, article, out);
    if (article.paragraphs.capacity() > article.paragraphs.size())
      article.paragraphs.shrink_to_fit();
    if (article.paragraphs.empty() && !d.titles.empty()) {
      add_warning(out.result, text_, "ARTICLE_WITHOUT_BODY",
                  "the article titled \"" + article.title + "\" has no body text",
                  units_[d.titles.front()].whole.begin);
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

  // The fields of a notice's record (项目名称：X / 投资总额：… / 建设地点：…, one to a line) make
  // one paragraph with a sentence per field, so that what the record says stays with the project
  // it names, as a paragraph's sentences do.
  void build_paragraphs(const Draft& d, Article& article, Finished& out) const {
    std::vector<Span> pieces;
    bool pieces_are_field = false;
    bool last_is_record = false;
    auto close = [&]() {
      if (pieces.empty()) return;
      Paragraph paragraph = split_sentences(text_.shared_text(), pieces, out.joined);
      if (!paragraph.sentences.empty()) {
        if (pieces_are_field && last_is_record) {
          auto& record = article.paragraphs.back().sentences;
          std::move(paragraph.sentences.begin(), paragraph.sentences.end(),
                    std::back_inserter(record));
        } else {
          article.paragraphs.push_back(std::move(paragraph));
        }
        last_is_record = pieces_are_field;
      }
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
        last_is_record = false;
        continue;
      }
      if (continuing && u.kind == Unit::Kind::kSubheading) {
        warn_unterminated(pieces.back(), out);
        close();
        Paragraph heading = split_sentences(text_.shared_text(), {span}, out.joined);
        heading.subheading = true;
        if (!heading.sentences.empty()) article.paragraphs.push_back(std::move(heading));
        last_is_record = false;
        continue;
      }
      // A field line starts afresh even after an unfinished line: a record's fields end with no
      // punctuation (建设地点：运城经济技术开发区 / 建设规模及内容：…).
      const bool field = u.kind == Unit::Kind::kBody && is_record_field(t_, span);
      if (field) close();
      if (pieces.empty()) pieces_are_field = field;
      // A line the page cut off mid-sentence continues in the next body line, whatever captions,
      // notes or blank lines the layout put between them.
      pieces.push_back(span);
      // A field's value ends with its line, unless every line of the page is cut at a width.
      if (ends_paragraph(t_, span) || u.ends_article || (field && !hard_wrapped_)) close();
    }
    if (!pieces.empty()) {
      warn_unterminated(pieces.back(), out);
      close();
    }
  }

  void warn_unterminated(Span piece, Finished& out) const {
    add_warning(out.result, text_, "UNTERMINATED_PARAGRAPH",
                "a paragraph ends without closing punctuation and no later line of its article "
                "continues it",
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
