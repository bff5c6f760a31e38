#include "investtrack/parser/parse.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <iterator>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>

#if defined(__GLIBC__)
#include <malloc.h>
// gperftools' C interface, present when the program is linked with tcmalloc (weak: null otherwise).
extern "C" void MallocExtension_ReleaseFreeMemory() __attribute__((weak));
#endif

#include "byte_match.h"
#include "investtrack/parser/numbers.h"
#include "investtrack/parser/places.h"
#include "investtrack/parser/projects.h"
#include "investtrack/parser/stop.h"
#include "investtrack/parser/text.h"
#include "parallel.h"

namespace investtrack::parser {
namespace {

CivilDate today() {
  const std::chrono::year_month_day ymd{
      std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())};
  return {static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
          static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

// Whether the date at `date_begin` is a plan or a forecast rather than a day already reported:
// a word of intent earlier in its clause (预计2026年底前建成, 力争2025年投产, 计划于2024年6月完工)
// or 到 right before it (到2030年). Such a year says nothing of when the bulletin came out.
bool is_prospective(std::string_view text, std::size_t date_begin) {
  static constexpr std::string_view kClauseMarks[] = {"，", "。", "；", "：", "！",
                                                      "？", ",",  ";",  ":"};
  static constexpr std::string_view kIntent[] = {"预计", "计划", "力争", "争取", "确保",
                                                 "有望", "将于", "将在", "拟于", "拟在",
                                                 "目标", "规划", "预期", "预定"};
  // The words of intent stand within a few characters of their date (计划于2024年); a bounded
  // look back keeps the cost per date constant.
  constexpr std::size_t kLookBackBytes = 90;
  std::size_t window_begin = date_begin > kLookBackBytes ? date_begin - kLookBackBytes : 0;
  while (window_begin < date_begin &&
         (static_cast<unsigned char>(text[window_begin]) & 0xC0) == 0x80) {
    ++window_begin;
  }
  const std::string_view before = text.substr(window_begin, date_begin - window_begin);
  std::size_t clause_begin = 0;
  for (const std::string_view mark : kClauseMarks) {
    const std::size_t at = before.rfind(mark);
    if (at != std::string_view::npos) clause_begin = std::max(clause_begin, at + mark.size());
  }
  const std::string_view clause = before.substr(clause_begin);
  if (clause.ends_with("到")) return true;
  return std::any_of(std::begin(kIntent), std::end(kIntent), [clause](std::string_view word) {
    return clause.find(word) != std::string_view::npos;
  });
}

// Every text of the bulletin a date may be read from: titles (a masthead's 2023年第12期 lands
// in the first title), datelines (发布时间：2023-08-15) and sentences.
std::vector<std::string_view> dated_texts(const std::vector<Article>& articles) {
  std::vector<std::string_view> texts;
  for (const auto& article : articles) {
    texts.push_back(article.title);
    texts.push_back(article.lead);
    for (const auto& paragraph : article.paragraphs) {
      for (const auto& sentence : paragraph.sentences) texts.push_back(sentence.text);
    }
  }
  return texts;
}

// Below this much text the inference runs on the calling thread alone (as extract_projects() does).
constexpr std::size_t kParallelFromBytes = 64 << 10;

// The greatest of read(text) over all texts, from `initial`. With `parallel`, the texts are cut in
// two halves of about equal bytes, each read on its own thread: a maximum does not depend on the
// order it is taken in.
template <typename T, typename Read>
T max_over(const std::vector<std::string_view>& texts, bool parallel, T initial, Read read) {
  std::size_t split = texts.size();
  if (parallel) {
    std::size_t bytes = 0;
    for (const auto text : texts) bytes += text.size();
    std::size_t half = 0;
    for (split = 0; split < texts.size() && half < bytes / 2; ++split) half += texts[split].size();
  }
  T first = initial;
  T second = initial;
  run_both(
      split < texts.size(),
      [&] {
        for (std::size_t k = 0; k < split; ++k) read(texts[k], first);
      },
      [&] {
        for (std::size_t k = split; k < texts.size(); ++k) read(texts[k], second);
      });
  return std::max(first, second);
}

// A bulletin is published on or after every day it reports. Without a given date, the latest
// year written in full fixes the year, and the latest day read in that year fixes the rest;
// relative words (明年) are then read against that day. Planned and forecast dates are left out:
// they come after the bulletin, often by years.
std::optional<CivilDate> infer_base_date(const std::vector<Article>& articles, int threads) {
  const std::vector<std::string_view> texts = dated_texts(articles);
  std::size_t bytes = 0;
  for (const auto text : texts) bytes += text.size();
  const bool parallel = threads > 1 && bytes >= kParallelFromBytes;
  const CivilDate far_future{9999, 12, 31};
  const int latest_year = max_over(texts, parallel, 0, [&](std::string_view text, int& latest) {
    for (const auto& d : find_dates(text, far_future)) {
      if (!d.relative && d.date.year != far_future.year && d.date.year > latest &&
          d.date.year < 9000 && !is_prospective(text, d.span.begin)) {
        latest = d.date.year;
      }
    }
  });
  if (latest_year == 0) return std::nullopt;
  const CivilDate year_end{latest_year, 12, 31};
  // Only days written with their month (10月24日) or their year (2023-08-15): a bare 24日
  // borrows its month from the base date, which is what is being sought.
  const std::string year_digits = std::to_string(latest_year);
  return max_over(
      texts, parallel, CivilDate{latest_year, 1, 1}, [&](std::string_view text, CivilDate& latest) {
        // A day that counts is written with 月 or the year's digits: a text holding neither has
        // none, and most sentences are passed over on two searches instead of a reading of their
        // dates.
        if (find_word(text, "月") == std::string_view::npos &&
            find_word(text, year_digits) == std::string_view::npos)
          return;
        for (const auto& d : find_dates(text, year_end)) {
          const std::string_view written = text.substr(d.span.begin, d.span.end - d.span.begin);
          const bool has_month = written.find("月") != std::string_view::npos ||
                                 written.find(year_digits) != std::string_view::npos;
          if (!d.relative && has_month && d.date.year == latest_year && d.date.day > 0 &&
              d.date > latest && !is_prospective(text, d.span.begin)) {
            latest = d.date;
          }
        }
      });
}

// Below this, what the allocator keeps of the reading's freed data is small next to the fixed
// tables, and handing it back would cost more than it saves.
constexpr std::size_t kReturnFreedMemoryFrom = 8 << 20;

// Reading projects frees its working data in many small blocks, which glibc keeps resident; on a
// 100 MiB bulletin that is ~60 MiB, and the result's copy of the text would come on top of it.
// Handing those pages back first keeps the copy inside the peak the reading already reached.
void return_freed_memory_before_copying(std::size_t copy_bytes) {
#if defined(__GLIBC__)
  if (copy_bytes < kReturnFreedMemoryFrom) return;
  malloc_trim(0);
  // A program linked with tcmalloc (the CLI) keeps freed memory there instead: the same request.
  if (MallocExtension_ReleaseFreeMemory != nullptr) MallocExtension_ReleaseFreeMemory();
#else
  (void)copy_bytes;
#endif
}

// Everything after decoding, shared by the copying and the owning entry point.
ParseResult parse_decoded(Decoded decoded, const ParseOptions& options, std::string buffer);

// buffer: storage for the normalized text, if made beforehand (NormalizedText::build_owned).
std::variant<ParseResult, ParseError> parse_decoded_or_stop(Decoded decoded,
                                                            const ParseOptions& options,
                                                            std::string buffer = {}) {
  try {
    return parse_decoded(std::move(decoded), options, std::move(buffer));
  } catch (const ParseStopped&) {
    return ParseError{"STOPPED", "the parse was stopped at its caller's request (should_stop)", 0};
  }
}

// The traditional-character table (OpenCC, about 8 ms) and the gazetteer (about 7 ms), which the
// parser builds on first use in a process, are built on a second thread (TablesAhead) while this
// one decodes the bulletin (about 10 ms for 16 MiB), when the parse may use two threads and no
// TablesAhead of the caller's has started them already. The table comes first: normalizing, right
// after decoding, needs it; the gazetteer is built while this thread normalizes and lays out the
// text. A use on this thread before then converts the table's parts left (text.cc) and waits for
// the rest, or waits for the gazetteer (a function-local static, built once).
using TablesBuiltAside = TablesAhead;

}  // namespace

TablesAhead::TablesAhead(const ParseOptions& options) {
  static std::atomic<bool> started{false};
  if (options.threads < 2 || started.exchange(true)) return;
  try {
    thread_ = std::thread([] {
      try {
        traditional_folding_available();  // builds the table
        Gazetteer::instance();
      } catch (...) {
        // Built again on first use by the parse, which then reports what went wrong.
      }
    });
  } catch (const std::system_error&) {
    // No second thread: the parse builds it itself.
  }
}

TablesAhead::~TablesAhead() {
  if (thread_.joinable()) thread_.join();
}

std::variant<ParseResult, ParseError> parse_bulletin(std::string_view bytes,
                                                     const ParseOptions& options) {
  const TablesBuiltAside tables(options);
  auto decoded = decode(bytes);
  if (const auto* error = std::get_if<DecodeError>(&decoded)) {
    return ParseError{"INVALID_ENCODING", error->message, error->offset};
  }
  return parse_decoded_or_stop(std::move(std::get<Decoded>(decoded)), options);
}

std::variant<ParseResult, ParseError> parse_bulletin_owned(std::string&& bytes,
                                                           const ParseOptions& options) {
  const TablesBuiltAside tables(options);
  // With two threads, the normalized text's storage (as large as the bulletin, in fresh pages:
  // about 9 ms at 16 MiB) is made on the second thread while this one decodes (about 10 ms); a text
  // that folding leaves as it is (or that decoding refuses) does not need it.
  const std::size_t size = bytes.size();
  std::string buffer;
  std::variant<Decoded, DecodeError> decoded = DecodeError{};
  if (options.threads > 1 && size >= kParallelFromBytes) {
    run_both(
        true, [&] { decoded = decode_owned(std::move(bytes)); }, [&] { buffer.resize(size); });
  } else {
    decoded = decode_owned(std::move(bytes));
  }
  if (const auto* error = std::get_if<DecodeError>(&decoded)) {
    return ParseError{"INVALID_ENCODING", error->message, error->offset};
  }
  return parse_decoded_or_stop(std::move(std::get<Decoded>(decoded)), options, std::move(buffer));
}

namespace {

ParseResult parse_decoded(Decoded decoded, const ParseOptions& options, std::string buffer) {
  ParseResult result;
  result.encoding = decoded.encoding;
  // The normalized text keeps the decoded text (or is it, when folding changes nothing) until the
  // projects are read; only then does the result get its own copy, after the reading's working
  // data is gone and handed back, so the reading's peak holds the bulletin once.
  const StopPoll stop(options.should_stop);
  NormalizedText normalized =
      NormalizedText::build_owned(std::move(decoded.utf8), options.threads, std::move(buffer));
  stop.now();
  LayoutResult layout = split_articles(normalized, options.threads);
  stop.now();
  result.articles = std::move(layout.articles);
  result.warnings = std::move(layout.warnings);

  if (options.base_date.valid()) {
    result.base_date = options.base_date;
  } else if (auto inferred = infer_base_date(result.articles, options.threads)) {
    result.base_date = *inferred;
    result.warnings.push_back(
        {"BASE_DATE_INFERRED",
         "no publication date was given; relative dates are read against " +
             std::to_string(inferred->year) + "-" + std::to_string(inferred->month) + "-" +
             std::to_string(inferred->day) + ", the latest day the text reports",
         0});
  } else {
    result.base_date = today();
    result.warnings.push_back(
        {"BASE_DATE_DEFAULTED",
         "no publication date was given and the text names no year; relative dates are "
         "read against today",
         0});
  }

  for (auto& article : result.articles) {
    const auto dates = find_dates(article.lead, result.base_date);
    if (!dates.empty()) article.date = dates.front().date;
  }
  result.projects = extract_projects(normalized, result.articles, result.base_date, result.warnings,
                                     options.threads, options.should_stop, options.while_idle);
  if (normalized.release_original_copies())
    return_freed_memory_before_copying(normalized.original().size());
  result.text = normalized.release_original();
  return result;
}

}  // namespace

}  // namespace investtrack::parser
