// Project extraction. The pipeline per bulletin, and the file that holds each step:
//   1. read every sentence once: organizations, places, clauses (this file; what one sentence
//      holds and its clauses: project_sentences.cc);
//   2. collect brands (company short names, the words before a quoted project name) so later short
//      references (晶科项目) can be recognised (this file);
//   3. find mentions: a noun phrase ending in a head word (项目, 工程, 基地, 产业园, ...) whose
//      left edge is fixed by stop words, quotes and anchors (places, companies, brands), or a
//      company signing an investment agreement; generic phrases (重大项目, 配套项目) are not
//      mentions (mention_names.cc); lists, lines of a list and rows of a table (mention_lists.cc);
//   4. cluster mentions that name one project (same key, brand short form, subsequence within an
//      article, a company tied to a project named after it) (project_clusters.cc);
//   5. read what a headline, lead or section says for the projects under it, and the places that
//      open a company's name (project_context.cc);
//   6. attribute every fact of a clause (status, money, quantities, dates, level, companies) to
//      the project the clause speaks of: inside a name, the subject or object in the clause, the
//      last project named in the sentence, or the paragraph's focus (project_facts.cc);
//   7. build the records: names, places, evidence, the status and place a project takes from its
//      section and article (project_records.cc).
// This file runs the steps in order (Extractor::run), reads ahead on a second thread where that
// pays, and frees what a step no longer needs. The files share projects_internal.h (types, the
// two classes) and project_words.h (the word lists).
#include "investtrack/parser/projects.h"

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

namespace {

std::string brand_of(std::string_view org, const Gazetteer& gazetteer) {
  std::string s = strip_parenthesised(std::string(org));
  for (auto suffix : kOrgSuffixes) {
    if (s.ends_with(suffix)) {
      s.resize(s.size() - suffix.size());
      break;
    }
  }
  // A leading place (江苏, 武乡县, 江苏兴化市) is where the company is registered, not its name.
  for (int guard = 0; guard < 3; ++guard) {
    auto places = gazetteer.find(s);
    if (places.empty() || places.front().span.begin != 0 || places.front().is_zone) break;
    if (places.front().span.end >= s.size()) break;
    s.erase(0, places.front().span.end);
  }
  bool trimmed = true;
  while (trimmed) {
    trimmed = false;
    for (auto filler : kOrgFillers) {
      if (s.size() > filler.size() + 3 && s.ends_with(filler)) {
        s.resize(s.size() - filler.size());
        trimmed = true;
      }
    }
  }
  return count_chars(s) >= 2 ? s : std::string();
}

}  // namespace

// The clauses, companies and places of every sentence, read in chunks of sentences taken in turn
// by whichever thread is free: the second thread (read_ahead()) reads chunk after chunk while
// this one takes the readings in order (take()), and this one reads the next unclaimed chunk
// itself whenever the one it needs is not ready, so neither waits except for a chunk the other
// is reading. At most kWindow chunks are read ahead of the one being taken: their readings keep
// PlaceMentions, which SentenceTables packs far smaller, so what is held stays bounded. A thread
// that has to wait sleeps (atomic wait) rather than spins: the machine may be shared.
class Extractor::ReadingsAhead {
 public:
  ReadingsAhead(const std::vector<const Sentence*>& sentences, const Gazetteer& gazetteer)
      : sentences_(sentences),
        gazetteer_(gazetteer),
        chunks_((sentences.size() + kChunk - 1) / kChunk),
        slots_(std::min(chunks_, kWindow) * kChunk),
        ready_(std::min(chunks_, kWindow)) {}

  // Ends the taking when it goes out of scope, however the scope is left: read_ahead() returns.
  class EndOfTaking {
   public:
    explicit EndOfTaking(ReadingsAhead& ahead) : ahead_(ahead) {}
    ~EndOfTaking() {
      ahead_.taking_over_.store(true, std::memory_order_relaxed);
      ahead_.taking_published_.fetch_add(
          1, std::memory_order_release);  // wakes a waiting read_ahead()
      ahead_.taking_published_.notify_one();
    }
    EndOfTaking(const EndOfTaking&) = delete;
    EndOfTaking& operator=(const EndOfTaking&) = delete;

   private:
    ReadingsAhead& ahead_;
  };

  // The reading of sentences[k], on the taking thread; k grows from call to call.
  SentenceReading take(std::size_t k) {
    const std::size_t c = k / kChunk;
    if (c != taking_) {
      // The chunks before c are taken: their slots may be read into again.
      taking_ = c;
      taking_published_.store(c, std::memory_order_release);
      taking_published_.notify_one();
    }
    std::atomic<std::size_t>& ready = ready_[c % kWindow];
    for (std::size_t state = ready.load(std::memory_order_acquire); state != c + 1;
         state = ready.load(std::memory_order_acquire)) {
      if (state == kAbandoned) {
        read_chunk(c);  // the second thread failed reading it; run_both() rethrows its error
        continue;
      }
      std::size_t next = next_.load(std::memory_order_relaxed);
      if (next <= c || (next < chunks_ && next < c + kWindow)) {
        if (next_.compare_exchange_weak(next, next + 1, std::memory_order_relaxed))
          read_chunk(next);
        continue;
      }
      ready.wait(state, std::memory_order_acquire);  // chunk c is being read on the second thread
    }
    return std::move(slots_[(c % kWindow) * kChunk + k % kChunk]);
  }

  // On the second thread: reads chunks ahead until none is left or the taking is over.
  void read_ahead() {
    while (!taking_over_.load(std::memory_order_relaxed)) {
      std::size_t next = next_.load(std::memory_order_relaxed);
      if (next >= chunks_) return;
      const std::size_t taking = taking_published_.load(std::memory_order_acquire);
      if (next >= taking + kWindow) {
        // Far enough ahead (rare: reading costs far more than taking); woken by the next chunk
        // taken.
        taking_published_.wait(taking, std::memory_order_acquire);
        continue;
      }
      if (!next_.compare_exchange_weak(next, next + 1, std::memory_order_relaxed)) continue;
      try {
        read_chunk(next);
      } catch (...) {
        ready_[next % kWindow].store(kAbandoned, std::memory_order_release);
        ready_[next % kWindow].notify_one();
        throw;
      }
    }
  }

 private:
  static constexpr std::size_t kChunk = 64;   // sentences: a few hundred microseconds of reading
  static constexpr std::size_t kWindow = 32;  // chunks: as many sentences as one block before
  static constexpr std::size_t kAbandoned = static_cast<std::size_t>(-1);  // in ready_

  void read_chunk(std::size_t c) {
    const std::size_t end = std::min(sentences_.size(), (c + 1) * kChunk);
    for (std::size_t k = c * kChunk; k < end; ++k) {
      SentenceReading& r = slots_[(c % kWindow) * kChunk + k % kChunk];
      r = SentenceReading{};
      const std::string_view text = sentences_[k]->text;
      if (text.size() > kMaxSentenceBytes) continue;  // never read (SENTENCE_TOO_LONG)
      split_clauses(text, r.clauses);
      if (r.clauses.empty()) continue;  // not read further (read_sentences() skips it)
      r.orgs = find_organizations(text);
      r.places = gazetteer_.find(text);
      r.policy = is_policy_list(text);
    }
    ready_[c % kWindow].store(c + 1, std::memory_order_release);
    ready_[c % kWindow].notify_one();
  }

  const std::vector<const Sentence*>& sentences_;
  const Gazetteer& gazetteer_;
  const std::size_t chunks_;
  std::vector<SentenceReading> slots_;  // chunk c's readings at (c % kWindow) * kChunk
  // Per slot, the chunk read into it, plus one (taking chunk c waits for c + 1), or kAbandoned.
  std::vector<std::atomic<std::size_t>> ready_;
  std::atomic<std::size_t> next_{0};              // the first chunk no thread has claimed
  std::atomic<std::size_t> taking_published_{0};  // the chunk being taken, for read_ahead()
  std::atomic<bool> taking_over_{false};
  std::size_t taking_ = 0;  // the same, on the taking thread
};

std::size_t Extractor::sentence_bytes(const std::vector<Article>& articles) {
  std::size_t bytes = 0;
  for (const auto& article : articles) {
    for (const auto& paragraph : article.paragraphs) {
      for (const auto& sentence : paragraph.sentences) bytes += sentence.text.size();
    }
  }
  return bytes;
}

std::vector<Project> Extractor::run() {
  StopPoll stop(should_stop_);
  const std::vector<std::optional<std::size_t>> first_read = read_sentences();
  stop.now();
  // The brands and the articles' places read the sentences' readings and write nothing the other
  // reads: the places (about 3 ms at 16 MiB, against 9 for the brands) on the second thread.
  run_both(
      parallel_, [&] { collect_brands(); }, [&] { finish_read_sentences(first_read); });
  find_mentions();
  stop.now();
  // Clustering needs the mentions; the facts of the sentences that may speak of a project need
  // only their text, and are read meanwhile on a second thread, which this one joins in once
  // clustering is done (the two take blocks of sentences in turn). What comes before them (the
  // articles' places before their lists, which sentences may need facts, their slots: about 9 ms
  // at 16 MiB) reads the mentions' spans and lists, which clustering leaves as they are, and is
  // done on the second thread first; this one waits for it before join_introduced_aliases(),
  // which moves spans, and read_section_places(), which reads the articles' places.
  const auto before_facts = [&] {
    place_articles_before_their_lists();
    may_need_facts_ = parallel_ ? sentences_after_a_mention() : std::vector<std::uint8_t>();
    facts_ahead_.resize(may_need_facts_.size());
  };
  if (!parallel_) before_facts();
  std::atomic<bool> before_facts_done{!parallel_};
  bool before_facts_failed = false;  // written before before_facts_done is set
  const auto finish_before_facts = [&](bool failed) {
    before_facts_failed = failed;
    before_facts_done.store(true, std::memory_order_release);
    before_facts_done.notify_one();
  };
  std::atomic<std::size_t> next_facts{0};
  run_both(
      parallel_,
      [&] {
        cluster();
        stop.now();
        before_facts_done.wait(false, std::memory_order_acquire);
        if (before_facts_failed) return;  // run_both() rethrows the second thread's error
        join_introduced_aliases();
        read_section_places();
        read_context_statuses();
        read_facts_ahead(may_need_facts_, next_facts);
      },
      [&] {
        if (parallel_) {
          try {
            before_facts();
          } catch (...) {
            finish_before_facts(true);
            throw;
          }
          finish_before_facts(false);
          // Attribution's slots for what is read ahead of it, below (about 5 ms at 16 MiB, in
          // fresh pages): this thread's first; the facts are shared by whichever thread is free.
          names_ahead_.resize(mentions_.size());
          statuses_ahead_.resize(may_need_facts_.size());
        }
        read_facts_ahead(may_need_facts_, next_facts);
      });
  category_places_.assign(list_categories_.size(), std::nullopt);
  // Attribution runs in text order on this thread; what it reads of the named mentions' own words,
  // then the clause stages it applies (the largest part of its reading), are read meanwhile on the
  // second, ahead of it. The mentions' spans and lists, which both depend on, are final by now.
  // With one thread nothing is read ahead: the slots stay empty.
  std::atomic<bool> names_attributed{false};
  std::atomic<bool> attributed{false};
  run_both(
      parallel_,
      [&] {
        const StopOnExit stop_reading_ahead(attributed);
        {
          const StopOnExit stop_reading_names(names_attributed);
          attribute_names();
        }
        attribute_facts();
      },
      [&] {
        read_names_ahead(names_attributed);
        read_statuses_ahead(attributed);
        free_mention_keys(attributed);
        // Nothing of the parse's own is left for this thread until attribution ends (traced at
        // 16 MiB: about 30 ms): the caller's work runs meanwhile (ParseOptions::while_idle).
        if (parallel_ && while_idle_) {
          while_idle_(articles_,
                      [&attributed] { return attributed.load(std::memory_order_relaxed); });
        }
      });
  names_ahead_ = {};
  statuses_ahead_ = {};
  stop.now();
  // The projects are assembled from the builders alone; the rest of the working data, hundreds of
  // thousands of small blocks on a large bulletin, is freed meanwhile on the second thread, which
  // took longer than the assembly on this one: the mentions and the sentence tables there, the
  // sentences' readings here once the projects are assembled (traced at 16 MiB: 6-11 ms to
  // assemble, 13 ms to free everything).
  std::vector<Project> projects;
  run_both(
      parallel_,
      [&] {
        projects = finish();
        free_sentence_readings();
      },
      [&] { free_mentions_and_tables(); });
  return projects;
}

// Returns, per article, the index in sentences_ of its first sentence, when it was read.
std::vector<std::optional<std::size_t>> Extractor::read_sentences() {
  // Sized once: growing by doubling would hold two copies at the last step, on large inputs the
  // parser's peak.
  std::size_t count = 0;
  for (const auto& article : articles_) {
    for (const auto& paragraph : article.paragraphs) count += paragraph.sentences.size();
  }
  sentences_.reserve(count);
  std::vector<std::optional<std::size_t>> first_read(articles_.size());  // index in sentences_
  std::vector<const Sentence*> in_order;
  in_order.reserve(count);
  for (const auto& article : articles_) {
    for (const auto& paragraph : article.paragraphs) {
      for (const auto& sentence : paragraph.sentences) in_order.push_back(&sentence);
    }
  }
  // The readings are taken into the tables in text order on this thread while the second reads
  // the next sentences ahead (a block read half on each thread, then taken while the second
  // idled, had left about 20 ms of taking at 16 MiB on this thread alone).
  ReadingsAhead ahead(in_order, gazetteer_);
  run_both(
      parallel_,
      [&] {
        const ReadingsAhead::EndOfTaking stop_reading_ahead(ahead);
        take_readings(ahead, first_read);
      },
      [&] { ahead.read_ahead(); });
  return first_read;
}

// read_sentences()'s sequential pass: each sentence's reading taken into the tables, in order.
// Stops early (leaving the rest unread) on a bulletin too large for 32-bit list positions.
void Extractor::take_readings(ReadingsAhead& ahead,
                              std::vector<std::optional<std::size_t>>& first_read) {
  std::size_t ordinal = 0;  // of the sentence below in in_order, plus one
  for (std::size_t a = 0; a < articles_.size(); ++a) {
    const auto& article = articles_[a];
    const Sentence* first_sentence =
        article.paragraphs.empty() || article.paragraphs.front().sentences.empty()
            ? nullptr
            : &article.paragraphs.front().sentences.front();
    for (std::size_t p = 0; p < article.paragraphs.size(); ++p) {
      for (const auto& sentence : article.paragraphs[p].sentences) {
        ++ordinal;
        SentenceInfo info;
        info.article = static_cast<int>(a);
        info.paragraph = static_cast<int>(p);
        info.sentence = &sentence;
        if (sentence.text.size() > kMaxSentenceBytes) {
          const std::size_t offset =
              sentence.pieces.empty() ? 0 : text_.to_original(sentence.pieces.front().begin);
          warnings_.push_back(
              {"SENTENCE_TOO_LONG",
               "a sentence of " + std::to_string(sentence.text.size()) +
                   " bytes was not read for projects (no real sentence is that long)",
               offset});
          continue;
        }
        // Lists are addressed with 32-bit positions; a sentence adds at most kMaxSentenceBytes
        // items to a table. Only a bulletin of many gigabytes gets here.
        const auto too_large = [&] {
          warnings_.push_back(
              {"BULLETIN_TOO_LARGE",
               "the rest of the bulletin was not read for projects (too many clauses)",
               sentence.pieces.empty() ? 0 : text_.to_original(sentence.pieces.front().begin)});
        };
        if (std::max({tables_.orgs.size(), tables_.places.size(), tables_.clauses.size()}) >
            UINT32_MAX - kMaxSentenceBytes) {
          return too_large();
        }
        info.start_lists(tables_);
        SentenceReading reading = ahead.take(ordinal - 1);
        if (reading.clauses.empty()) continue;
        tables_.clauses.insert(tables_.clauses.end(), reading.clauses.begin(),
                               reading.clauses.end());
        for (auto& org : reading.orgs) tables_.orgs.push_back(std::move(org));
        const std::vector<PlaceMention>& places = reading.places;
        // Items already appended for this sentence are viewed by no SentenceInfo: stopping here
        // leaves them unread.
        if (!tables_.can_add_places(places)) return too_large();
        tables_.add_places(places);
        info.finish_lists();
        info.policy = reading.policy;
        sentences_.push_back(info);
        if (&sentence == first_sentence) first_read[a] = sentences_.size() - 1;
      }
    }
  }
}

void Extractor::finish_read_sentences(const std::vector<std::optional<std::size_t>>& first_read) {
  first_read_ = first_read;
  article_context_.reserve(articles_.size());
  for (std::size_t a = 0; a < articles_.size(); ++a) {
    article_context_.push_back(
        context_of(articles_[a], first_read[a] ? &sentences_[*first_read[a]] : nullptr));
  }
}

// An article whose first sentence goes on into a list of projects (……分别为乐山机场、南充高坪
// 机场……) names the items' places there, not the article's: its place is read again from what
// stands before the list.
void Extractor::place_articles_before_their_lists() {
  std::vector<std::size_t> list_begin(sentences_.size(), std::string_view::npos);
  for (const Mention& m : mentions_) {
    if (m.group >= 0)
      list_begin[m.sentence] = std::min<std::size_t>(list_begin[m.sentence], m.span.begin);
  }
  for (std::size_t a = 0; a < articles_.size() && a < first_read_.size(); ++a) {
    if (!first_read_[a] || list_begin[*first_read_[a]] == std::string_view::npos) continue;
    article_context_[a] =
        context_of(articles_[a], &sentences_[*first_read_[a]], list_begin[*first_read_[a]]);
  }
}

// The place an article is about: its title and first sentence (本刊讯 10月24日，省长在太原……).
// first_read is that sentence as read_sentences() read it, when it did; its places and companies
// are not searched again.
// Places of the first sentence count up to `until` (a byte offset in it).
Location Extractor::context_of(const Article& article, const SentenceInfo* first_read,
                               std::size_t until) const {
  std::vector<PlaceMention> mentions;
  auto add_found = [&](std::span<const OrgMention> orgs, std::span<const PlaceMention> places) {
    for (const auto& place : places) {
      const bool in_org = std::any_of(orgs.begin(), orgs.end(), [&](const OrgMention& o) {
        return place.span.begin >= o.span.begin && place.span.end <= o.span.end;
      });
      if (!in_org) mentions.push_back(place);
    }
  };
  auto add = [&](std::string_view s) { add_found(find_organizations(s), gazetteer_.find(s)); };
  add(article.title);
  add(article.lead);
  if (first_read) {
    const std::string_view text = first_read->sentence->text;
    std::vector<PlaceMention> places;
    places.reserve(first_read->places().size());
    for (const auto& place : first_read->places()) {
      if (place.span.end <= until) places.push_back(tables_.place_mention(place, text));
    }
    add_found(first_read->orgs(), places);
  } else if (!article.paragraphs.empty() && !article.paragraphs.front().sentences.empty()) {
    add(article.paragraphs.front().sentences.front().text);
  }
  return gazetteer_.resolve(mentions, Location{});
}

// A company is named many times in a bulletin; its brand is read once.
const std::string& Extractor::brand_of_org(const std::string& org) {
  auto it = brand_by_org_.find(org);
  if (it == brand_by_org_.end()) it = brand_by_org_.emplace(org, brand_of(org, gazetteer_)).first;
  return it->second;
}

void Extractor::collect_brands() {
  std::set<std::string> seen;
  auto add = [&](std::string brand, std::size_t sentence) {
    if (count_chars(brand) >= 2 && seen.insert(brand).second)
      brands_.push_back({std::move(brand), sentence});
  };
  for (std::size_t i = 0; i < sentences_.size(); ++i) {
    const auto& info = sentences_[i];
    // A company named again adds nothing: its brand was added (or refused) where it was first
    // named.
    for (const auto& org : info.orgs()) {
      auto [it, first_named] = brand_by_org_.try_emplace(org.name);
      if (!first_named) continue;
      it->second = brand_of(org.name, gazetteer_);
      add(it->second, i);
    }
    // The words right before a quoted project name are its owner: 晶科能源“年产56GW……项目”.
    const std::string_view s = info.sentence->text;
    // find_word() looks for a word's last byte, rarer than its first in CJK text, but “ starts
    // with E2, which CJK characters never do, and ends with 9C, which many of them hold.
    for (std::size_t q = s.find("“"); q != std::string_view::npos; q = s.find("“", q + 3)) {
      std::size_t b = q;
      std::size_t chars = 0;
      while (b > 0 && chars < 6 && is_cjk_at(s, utf8_previous(s, b)) &&
             !MentionFinderStops::ends_with_stop(s, b)) {
        b = utf8_previous(s, b);
        ++chars;
      }
      if (chars >= 2) add(std::string(s.substr(b, q - b)), i);
    }
  }
}

void Extractor::find_mentions() {
  // A sentence's mentions depend on nothing found in other sentences. With a second thread the
  // sentences are cut in pieces of about kMentionPieceBytes, taken by this thread from the front
  // and by the second from the back until none is left, each thread with its own finder and lists
  // (halves cut by bytes had left this thread waiting 3-9.5 ms at 16 MiB for the second, whose
  // half cost ~3% more). This thread's pieces go straight into mentions_; the second's are then
  // appended in text order, with their lists renumbered after the ones before them.
  std::vector<std::size_t> cuts{0};  // piece p: sentences [cuts[p], cuts[p + 1])
  if (parallel_) {
    std::size_t bytes = 0;
    for (std::size_t i = 0; i + 1 < sentences_.size(); ++i) {
      bytes += sentences_[i].sentence->text.size();
      if (bytes >= kMentionPieceBytes) {
        cuts.push_back(i + 1);
        bytes = 0;
      }
    }
  }
  cuts.push_back(sentences_.size());
  const std::size_t pieces = cuts.size() - 1;
  std::atomic<std::size_t> left{pieces};
  const auto claim = [&left] {
    std::size_t n = left.load(std::memory_order_relaxed);
    while (n > 0 && !left.compare_exchange_weak(n, n - 1, std::memory_order_relaxed)) {
    }
    return n > 0;
  };
  // The second thread's pieces in the order it read them (the last piece first), each with its
  // mentions and where its lists end in second_categories.
  struct SecondPiece {
    std::deque<Mention> mentions;
    std::size_t categories_end = 0;
  };
  std::vector<SecondPiece> second_pieces;
  std::vector<Span> second_categories;
  run_both(
      pieces > 1,
      [&] {
        MentionFinder finder(gazetteer_, brands_, agreement_names_, list_categories_);
        for (std::size_t front = 0; claim(); ++front)
          find_mentions_in(finder, cuts[front], cuts[front + 1], mentions_);
      },
      [&] {
        MentionFinder finder(gazetteer_, brands_, second_agreement_names_, second_categories);
        for (std::size_t back = pieces; claim();) {
          --back;
          SecondPiece& piece = second_pieces.emplace_back();
          find_mentions_in(finder, cuts[back], cuts[back + 1], piece.mentions);
          piece.categories_end = second_categories.size();
        }
      });
  // In text order, the piece read last first. Each mention is taken off the front of its piece as
  // it is moved: the blocks freed are reused by mentions_ as it grows (freeing a piece only once
  // moved had cost about 5 ms more at 16 MiB, in fresh pages).
  for (std::size_t j = second_pieces.size(); j-- > 0;) {
    const std::size_t categories_begin = j == 0 ? 0 : second_pieces[j - 1].categories_end;
    const auto group_shift = static_cast<std::int32_t>(list_categories_.size()) -
                             static_cast<std::int32_t>(categories_begin);
    list_categories_.insert(
        list_categories_.end(),
        second_categories.begin() + static_cast<std::ptrdiff_t>(categories_begin),
        second_categories.begin() + static_cast<std::ptrdiff_t>(second_pieces[j].categories_end));
    std::deque<Mention>& piece = second_pieces[j].mentions;
    while (!piece.empty()) {
      Mention& m = piece.front();
      if (m.group >= 0) m.group += group_shift;
      mentions_.push_back(std::move(m));
      piece.pop_front();
    }
  }
}

// In text order: by sentence, which is the order they are appended in, then by position. Each
// sentence's few mentions are sorted as they come; a sort of the whole list would want a
// buffer of half its size.
void Extractor::find_mentions_in(const MentionFinder& finder, std::size_t from, std::size_t to,
                                 std::deque<Mention>& out) const {
  StopPoll stop(should_stop_);
  for (std::size_t i = from; i < to; ++i) {
    stop.poll();
    const std::size_t first = out.size();
    finder.find(i, sentences_[i], out, opens_line_item(i));
    if (out.size() - first < 2) continue;
    std::stable_sort(
        out.begin() + static_cast<std::ptrdiff_t>(first), out.end(),
        [](const Mention& a, const Mention& b) { return a.span.begin < b.span.begin; });
  }
}

std::vector<std::uint8_t> Extractor::sentences_after_a_mention() const {
  std::vector<std::uint8_t> out(sentences_.size(), 0);
  for (const Mention& m : mentions_) {
    out[m.sentence] |= kMayNeedFacts;
    if (m.group < 0) out[m.sentence] |= kHoldsUngrouped;
  }
  bool seen = false;
  for (std::size_t i = 0; i < sentences_.size(); ++i) {
    if (i > 0 && (sentences_[i].article != sentences_[i - 1].article ||
                  sentences_[i].paragraph != sentences_[i - 1].paragraph)) {
      seen = false;
    }
    seen = seen || (out[i] & kMayNeedFacts) != 0;
    if (seen) out[i] |= kMayNeedFacts;
  }
  return out;
}

// Reads the facts of the sentences may_need marks into facts_ahead_ (sized by the caller), a
// block of sentences at a time, taking the next block from `next`: threads sharing `next` read
// each sentence once, whichever comes first.
void Extractor::read_facts_ahead(const std::vector<std::uint8_t>& may_need,
                                 std::atomic<std::size_t>& next) {
  constexpr std::size_t kBlockSentences = 256;
  for (;;) {
    const std::size_t begin = next.fetch_add(kBlockSentences);
    if (begin >= may_need.size()) return;
    const std::size_t end = std::min(may_need.size(), begin + kBlockSentences);
    for (std::size_t i = begin; i < end; ++i) {
      if ((may_need[i] & kMayNeedFacts) == 0) continue;
      const std::string_view s = sentences_[i].sentence->text;
      auto& facts = facts_ahead_[i];
      facts.emplace();
      facts->dates = find_dates(s, base_date_);
      facts->money = find_money(s);
      facts->quantities = find_quantities(s);
      if ((may_need[i] & kHoldsUngrouped) != 0) facts->industry = IndustryTally::keywords_in(s);
    }
  }
}

// The facts of sentence i, read ahead or now.
SentenceFacts Extractor::take_facts(std::size_t i) {
  if (i < facts_ahead_.size() && facts_ahead_[i]) {
    SentenceFacts out = std::move(*facts_ahead_[i]);
    facts_ahead_[i].reset();
    return out;
  }
  const std::string_view s = sentences_[i].sentence->text;
  return {find_dates(s, base_date_), find_money(s), find_quantities(s), std::nullopt};
}

// On the second thread once the clause stages are read, while attribute_facts() still runs: frees
// the mentions' keys, which only clustering read, instead of leaving them to the end, when freeing
// every mention took ~15 ms of this thread at 16 MiB. Attribution reads and writes other fields of
// the same mentions meanwhile (distinct objects: no race), never the keys. Stops once `stop` is
// set; the keys left are freed with the mentions.
void Extractor::free_mention_keys(const std::atomic<bool>& stop) {
  constexpr std::size_t kStopCheckEvery = 1024;
  for (std::size_t k = 0; k < mentions_.size(); ++k) {
    if (k % kStopCheckEvery == 0 && stop.load(std::memory_order_relaxed)) return;
    std::string().swap(mentions_[k].key);
  }
}

void Extractor::free_mentions_and_tables() {
  free_now(mentions_);
  free_now(agreement_names_);
  free_now(second_agreement_names_);
  free_now(tables_.orgs);
  free_now(tables_.places);
  free_now(tables_.place_candidates);
  free_now(tables_.clauses);
  free_now(pair_traits_);
  free_now(linked_brands_);
  free_now(short_form_brands_);
  free_now(brand_by_org_);
  free_now(brands_);
  free_now(list_categories_);
}

void Extractor::free_sentence_readings() {
  free_now(facts_ahead_);
  free_now(may_need_facts_);
  free_now(category_places_);
  free_now(section_place_);
  free_now(article_context_);
}

}  // namespace investtrack::parser::projects_internal

namespace investtrack::parser {

using projects_internal::Extractor;

std::vector<Project> extract_projects(
    const NormalizedText& text, const std::vector<Article>& articles, const CivilDate& base_date,
    std::vector<Warning>& warnings, int threads, const std::function<bool()>& should_stop,
    const std::function<void(const std::vector<Article>&, const std::function<bool()>&)>&
        while_idle) {
  return Extractor(text, articles, base_date, warnings, threads, should_stop, while_idle).run();
}

}  // namespace investtrack::parser
