#include "investtrack/parser/text.h"

#include <iconv.h>
#include <opencc/Config.hpp>
#include <opencc/Conversion.hpp>
#include <opencc/ConversionChain.hpp>
#include <opencc/Converter.hpp>
#include <opencc/Dict.hpp>
#include <opencc/DictEntry.hpp>
#include <opencc/DictGroup.hpp>
#include <opencc/Lexicon.hpp>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstdint>
#include <cstring>
#include <exception>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "investtrack/parser/utf8.h"
#include "parallel.h"

namespace investtrack::parser {
namespace {

constexpr std::size_t kNotFound = static_cast<std::size_t>(-1);

// Offset of the first byte that does not start or continue a well-formed UTF-8 sequence (Unicode
// Table 3-7: no overlongs, no surrogates, nothing above U+10FFFF), or kNotFound.
std::size_t first_invalid_utf8(std::string_view bytes) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t n = bytes.size();
  std::size_t i = 0;
  while (i < n) {
    const unsigned char c = p[i];
    if (c < 0x80) {
      // Bulletins are mostly CJK, but markup and numbers come in ASCII runs worth skipping 8 at a
      // time; the test is tried only after an ASCII byte, not before every CJK character.
      ++i;
      while (i + 8 <= n) {
        std::uint64_t word;
        std::memcpy(&word, p + i, 8);
        if ((word & 0x8080808080808080ULL) != 0) break;
        i += 8;
      }
      continue;
    }
    // The common case, a run of CJK characters, in a tight loop: a lead E1..EC or EE..EF (no
    // range limits on the second byte) followed by two continuation bytes (x ^ 0x80 < 0x40).
    if (i + 3 <= n && c >= 0xE1 && c != 0xED && c <= 0xEF) {
      const std::size_t run_begin = i;
      while (i + 3 <= n) {
        const unsigned char lead = p[i];
        if (lead < 0xE1 || lead > 0xEF || lead == 0xED ||
            ((p[i + 1] ^ 0x80) | (p[i + 2] ^ 0x80)) >= 0x40)
          break;
        i += 3;
      }
      if (i != run_begin) continue;
    }
    auto cont = [&](std::size_t k, unsigned char lo = 0x80, unsigned char hi = 0xBF) {
      return i + k < n && p[i + k] >= lo && p[i + k] <= hi;
    };
    if (c >= 0xC2 && c <= 0xDF) {
      if (!cont(1)) return i;
      i += 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      const unsigned char lo = c == 0xE0 ? 0xA0 : 0x80;
      const unsigned char hi = c == 0xED ? 0x9F : 0xBF;
      if (!cont(1, lo, hi) || !cont(2)) return i;
      i += 3;
    } else if (c >= 0xF0 && c <= 0xF4) {
      const unsigned char lo = c == 0xF0 ? 0x90 : 0x80;
      const unsigned char hi = c == 0xF4 ? 0x8F : 0xBF;
      if (!cont(1, lo, hi) || !cont(2) || !cont(3)) return i;
      i += 4;
    } else {
      return i;
    }
  }
  return kNotFound;
}

// Control bytes that never occur in running text (tab, LF, VT, FF, CR do).
bool is_binary_control(unsigned char c) {
  return (c < 0x20 && c != '\t' && c != '\n' && c != '\v' && c != '\f' && c != '\r') || c == 0x7F;
}

std::optional<DecodeError> binary_input_error(std::string_view bytes) {
  if (const void* nul = std::memchr(bytes.data(), 0, bytes.size())) {
    const auto offset = static_cast<std::size_t>(static_cast<const char*>(nul) - bytes.data());
    return DecodeError{offset, "binary input: NUL byte at offset " + std::to_string(offset)};
  }
  std::size_t controls = 0;
  std::size_t i = 0;
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  // Eight bytes at a time: a word with no byte below 0x20 and no 0x7F holds no control byte. The
  // borrow test can flag a word that has none (never miss one), and flagged words are counted byte
  // by byte.
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  constexpr std::uint64_t kHighs = 0x8080808080808080ULL;
  for (; i + 8 <= bytes.size(); i += 8) {
    std::uint64_t word;
    std::memcpy(&word, p + i, 8);
    const std::uint64_t below_space = (word - kOnes * 0x20) & ~word & kHighs;
    const std::uint64_t del = word ^ (kOnes * 0x7F);
    const std::uint64_t has_del = (del - kOnes) & ~del & kHighs;
    if ((below_space | has_del) == 0) continue;
    for (std::size_t k = i; k < i + 8; ++k) controls += is_binary_control(p[k]) ? 1 : 0;
  }
  for (; i < bytes.size(); ++i) controls += is_binary_control(p[i]) ? 1 : 0;
  // A stray escape or Ctrl-Z in a long text is noise; more than 5% control bytes is not text.
  if (controls == 0 || controls * 20 <= bytes.size()) return std::nullopt;
  std::size_t first = 0;
  while (!is_binary_control(static_cast<unsigned char>(bytes[first]))) ++first;
  return DecodeError{first, "binary input: " + std::to_string(controls) + " control bytes in " +
                                std::to_string(bytes.size()) + ", the first at offset " +
                                std::to_string(first)};
}

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// bytes in `from` (an iconv name) -> UTF-8; errors name the offset (counted from `base`, where
// bytes start in the input) and say what was tried (`what`).
std::variant<std::string, DecodeError> convert_to_utf8(std::string_view bytes, const char* from,
                                                       std::string_view what,
                                                       std::size_t base = 0) {
  iconv_t cd = iconv_open("UTF-8", from);
  // iconv_open's error value is (iconv_t)-1.
  if (cd == reinterpret_cast<iconv_t>(-1)) {  // NOLINT(performance-no-int-to-ptr)
    return DecodeError{0, "the " + std::string(from) + " converter is unavailable"};
  }
  std::string out;
  // GB18030 -> UTF-8 grows at most 3/2 (two bytes -> three); four-byte forms map to at most four.
  out.resize(bytes.size() + bytes.size() / 2 + 16);
  char* in_ptr = const_cast<char*>(bytes.data());
  std::size_t in_left = bytes.size();
  char* out_ptr = out.data();
  std::size_t out_left = out.size();
  std::optional<DecodeError> error;
  while (in_left > 0) {
    if (iconv(cd, &in_ptr, &in_left, &out_ptr, &out_left) != static_cast<std::size_t>(-1)) break;
    const auto offset = base + static_cast<std::size_t>(in_ptr - bytes.data());
    if (errno == E2BIG) {
      const auto written = static_cast<std::size_t>(out_ptr - out.data());
      out.resize(out.size() * 2);
      out_ptr = out.data() + written;
      out_left = out.size() - written;
      continue;
    }
    if (errno == EINVAL) {
      error = DecodeError{offset, "truncated multi-byte sequence at offset " +
                                      std::to_string(offset) + ": " + std::string(what)};
    } else {
      error = DecodeError{
          offset, "invalid byte at offset " + std::to_string(offset) + ": " + std::string(what)};
    }
    break;
  }
  iconv_close(cd);
  if (error) return *error;
  out.resize(static_cast<std::size_t>(out_ptr - out.data()));
  return out;
}

std::variant<Decoded, DecodeError> decode_gb18030(std::string_view bytes) {
  auto converted = convert_to_utf8(bytes, "GB18030", "neither UTF-8 nor GB18030");
  if (auto* error = std::get_if<DecodeError>(&converted)) {
    if (error->offset == 0 && error->message.find("unavailable") != std::string::npos) {
      error->message = "input is not valid UTF-8 and the GB18030 converter is unavailable";
    }
    return *error;
  }
  std::string out = std::move(std::get<std::string>(converted));
  // GB18030 has its own byte order mark (84 31 95 33), which decodes to U+FEFF.
  if (out.starts_with(kUtf8Bom)) out.erase(0, kUtf8Bom.size());
  return Decoded{std::move(out), Encoding::kGb18030};
}

// UTF-16 after its byte order mark (FF FE little-endian, FE FF big-endian), or nothing when the
// input does not start with one. Offsets in errors count from the start of the input.
std::optional<std::variant<Decoded, DecodeError>> decode_utf16(std::string_view bytes) {
  const bool little = bytes.starts_with("\xFF\xFE");
  const bool big = bytes.starts_with("\xFE\xFF");
  if (!little && !big) return std::nullopt;
  auto converted =
      convert_to_utf8(bytes.substr(2), little ? "UTF-16LE" : "UTF-16BE",
                      little ? "not UTF-16LE, although it starts with that byte order mark"
                             : "not UTF-16BE, although it starts with that byte order mark",
                      2);
  if (auto* error = std::get_if<DecodeError>(&converted)) return *error;
  std::string out = std::move(std::get<std::string>(converted));
  // Converted text is judged like any other: NUL or control characters still make it binary.
  if (auto binary = binary_input_error(out)) return *binary;
  return Decoded{std::move(out), little ? Encoding::kUtf16Le : Encoding::kUtf16Be};
}

// Traditional -> simplified, per BMP code point in the CJK blocks, built once from OpenCC. Reads
// only once complete; TraditionalTableBuild fills it.
class TraditionalTable {
 public:
  static constexpr char32_t kFirst = 0x3400;
  static constexpr char32_t kLast = 0xFAFF;

  TraditionalTable()
      : simplified_(kLast - kFirst + 1, 0), folds_((kLast - kFirst + 1 + 63) / 64, 0) {}

  char32_t lookup(char32_t cp) const {
    if (cp < kFirst || cp > kLast) return 0;
    const std::size_t index = cp - kFirst;
    // Most characters fold to nothing: one bit in 6 KiB that stay in the cache settles them,
    // where the 200 KiB table would be read from memory for every character.
    if (((folds_[index / 64] >> (index % 64)) & 1U) == 0) return 0;
    return simplified_[index];
  }
  // lookup(cp) != 0, for a code point known to be in [kFirst, kLast].
  bool folds(char32_t cp) const {
    const std::size_t index = cp - kFirst;
    return ((folds_[index / 64] >> (index % 64)) & 1U) != 0;
  }
  std::size_t size() const { return size_; }

  // The code points OpenCC is asked about, numbered from 0: the CJK blocks U+3400..U+9FFF, then the
  // compatibility ideographs U+F900..U+FAFF.
  static constexpr std::size_t kSources = (0x9FFF - 0x3400 + 1) + (0xFAFF - 0xF900 + 1);
  static char32_t source(std::size_t k) {
    constexpr std::size_t kMain = 0x9FFF - 0x3400 + 1;
    return k < kMain ? static_cast<char32_t>(0x3400 + k)
                     : static_cast<char32_t>(0xF900 + (k - kMain));
  }

  // The sources OpenCC may convert to something else: those that start a key of a dictionary of
  // the conversion chain. A conversion copies a character that starts no key (nothing matches at
  // it), so every other source folds to nothing; asking OpenCC about these alone (about 3,800 of
  // the 28,160 with t2s.json) fills the same table for a seventh of the conversions.
  static std::vector<char32_t> candidates(const opencc::Converter& converter) {
    std::vector<bool> starts_key(kLast - kFirst + 1, false);
    std::vector<opencc::DictPtr> dicts;
    for (const auto& conversion : converter.GetConversionChain()->GetConversions())
      dicts.push_back(conversion->GetDict());
    while (!dicts.empty()) {
      const opencc::DictPtr dict = std::move(dicts.back());
      dicts.pop_back();
      // A group's own lexicon is a copy of its members' entries: read the members'.
      if (const auto* group = dynamic_cast<const opencc::DictGroup*>(dict.get())) {
        for (const auto& member : group->GetDicts()) dicts.push_back(member);
        continue;
      }
      for (const auto& entry : *dict->GetLexicon()) {
        const std::string key = entry->Key();
        if (key.size() < 3 || (static_cast<unsigned char>(key[0]) & 0xF0) != 0xE0) continue;
        const char32_t first = (static_cast<char32_t>(key[0] & 0x0F) << 12) |
                               (static_cast<char32_t>(key[1] & 0x3F) << 6) |
                               static_cast<char32_t>(key[2] & 0x3F);
        if (first >= kFirst && first <= kLast) starts_key[first - kFirst] = true;
      }
    }
    std::vector<char32_t> out;
    for (std::size_t k = 0; k < kSources; ++k) {
      if (starts_key[source(k) - kFirst]) out.push_back(source(k));
    }
    return out;
  }

  // Converts sources[begin, end) with one OpenCC conversion, each character on its own line
  // (OpenCC's phrase tables cannot match across lines, so each line is converted at character
  // level), and fills their entries. Returns false when OpenCC merged or split lines: the alignment
  // is lost, and nothing from it can be trusted. Parts with disjoint ranges may be filled on
  // different threads at the same time.
  bool fill_part(const opencc::Converter& converter, const std::vector<char32_t>& sources,
                 std::size_t begin, std::size_t end) {
    std::string joined;
    joined.reserve((end - begin) * 4);
    for (std::size_t k = begin; k < end; ++k) {
      append_utf8(joined, sources[k]);
      joined.push_back('\n');
    }
    const std::string converted = converter.Convert(joined);
    std::size_t line_start = 0;
    std::size_t k = begin;
    while (line_start <= converted.size() && k < end) {
      std::size_t line_end = converted.find('\n', line_start);
      if (line_end == std::string::npos) line_end = converted.size();
      const std::string_view line(converted.data() + line_start, line_end - line_start);
      // Only same-length (three-byte) single code points: that keeps byte offsets aligned, so the
      // anchor map only has to record the foldings that shrink the text.
      if (line.size() == 3 && (static_cast<unsigned char>(line[0]) & 0xF0) == 0xE0) {
        const char32_t to = (static_cast<char32_t>(line[0] & 0x0F) << 12) |
                            (static_cast<char32_t>(line[1] & 0x3F) << 6) |
                            static_cast<char32_t>(line[2] & 0x3F);
        if (to != sources[k] && to >= 0x800) simplified_[sources[k] - kFirst] = to;
      }
      ++k;
      line_start = line_end + 1;
    }
    return k == end;
  }

  // Once every part is filled: the table as filled, or empty when a part failed (missing OpenCC
  // data, lost alignment); traditional_folding_available() reports an empty table.
  void complete(bool failed) {
    if (failed) std::fill(simplified_.begin(), simplified_.end(), 0);
    for (std::size_t index = 0; index < simplified_.size(); ++index) {
      if (simplified_[index] == 0) continue;
      folds_[index / 64] |= std::uint64_t{1} << (index % 64);
      ++size_;
    }
  }

 private:
  static void append_utf8(std::string& s, char32_t cp) {
    s.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    s.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    s.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }

  std::vector<char32_t> simplified_;
  std::vector<std::uint64_t> folds_;  // one bit per code point: simplified_ is not 0
  std::size_t size_ = 0;
};

// Builds the table once per process, in parts (about 6 ms of OpenCC conversions in all, after
// about 4 ms reading the dictionaries' keys): every thread that asks for the table while parts are
// left converts parts in turn, with its own converter, and then waits for the parts others took;
// the last part to finish completes it. The first thread to get a converter lists the sources
// the parts share (TraditionalTable::candidates). A parse on two threads starts building it on its
// second thread while the first decodes the bulletin (parse.cc); the first, done decoding, then
// helps finish it instead of waiting for it.
class TraditionalTableBuild {
 public:
  const TraditionalTable& get() {
    if (done_.load(std::memory_order_acquire)) return table_;
    take_parts();
    std::unique_lock lock(mutex_);
    completed_.wait(lock, [&] { return done_.load(std::memory_order_relaxed); });
    return table_;
  }

 private:
  // Parts of about 950 characters: converting one costs about what building a converter does, and
  // a thread joining late still finds some left.
  static constexpr std::size_t kParts = 4;

  void take_parts() {
    opencc::ConverterPtr converter;  // built on this thread's first part
    for (std::size_t part = next_part_++; part < kParts; part = next_part_++) {
      bool filled = false;
      try {
        if (!converter) converter = opencc::Config().NewFromFile("t2s.json");
        // Every part reads the list; a thread that fails making it leaves it to the next one.
        std::call_once(candidates_made_,
                       [&] { candidates_ = TraditionalTable::candidates(*converter); });
        filled = table_.fill_part(*converter, candidates_, candidates_.size() * part / kParts,
                                  candidates_.size() * (part + 1) / kParts);
      } catch (const std::exception&) {
        // Missing OpenCC data leaves the table empty; traditional_folding_available() reports it.
      }
      const std::lock_guard lock(mutex_);
      failed_ = failed_ || !filled;
      if (++finished_parts_ == kParts) {
        table_.complete(failed_);
        done_.store(true, std::memory_order_release);
        completed_.notify_all();
      }
    }
  }

  TraditionalTable table_;
  std::once_flag candidates_made_;
  std::vector<char32_t> candidates_;  // written once, under candidates_made_
  std::atomic<std::size_t> next_part_{0};
  std::mutex mutex_;
  std::condition_variable completed_;
  std::size_t finished_parts_ = 0;  // under mutex_
  bool failed_ = false;             // under mutex_
  std::atomic<bool> done_{false};
};

const TraditionalTable& traditional_table() {
  static TraditionalTableBuild build;
  return build.get();
}

// Full-width forms U+FF01..U+FF5E fold to ASCII, except the Chinese sentence and clause marks
// ！，：；？ that sentence splitting and enumeration rules depend on.
bool keeps_full_width(char32_t cp) {
  return cp == 0xFF01 || cp == 0xFF0C || cp == 0xFF1A || cp == 0xFF1B || cp == 0xFF1F;
}

}  // namespace

std::size_t utf8_length(unsigned char c) { return utf8_sequence_length(c); }

bool traditional_folding_available() { return traditional_table().size() > 0; }

std::variant<Decoded, DecodeError> decode(std::string_view bytes) {
  // Before the binary test: UTF-16's ASCII characters are half NUL bytes.
  if (auto utf16 = decode_utf16(bytes)) return std::move(*utf16);
  if (auto binary = binary_input_error(bytes)) return *binary;
  const bool bom = bytes.starts_with(kUtf8Bom);
  const std::string_view body = bom ? bytes.substr(kUtf8Bom.size()) : bytes;
  const std::size_t bad = first_invalid_utf8(body);
  if (bad == kNotFound) {
    return Decoded{std::string(body), bom ? Encoding::kUtf8Bom : Encoding::kUtf8};
  }
  if (bom) {
    // The mark says UTF-8: reading the rest as GB18030 would only turn the damage into wrong text.
    const std::size_t offset = bad + kUtf8Bom.size();
    return DecodeError{offset, "invalid UTF-8 at offset " + std::to_string(offset) +
                                   " in input that starts with a UTF-8 byte order mark"};
  }
  auto gb18030 = decode_gb18030(bytes);
  if (std::holds_alternative<DecodeError>(gb18030)) {
    // Neither reading works. When the text before the bad byte already held multi-byte UTF-8, the
    // writer meant UTF-8, and the UTF-8 offset is the one that finds the damage.
    const std::string_view prefix = body.substr(0, bad);
    const bool meant_utf8 = std::any_of(
        prefix.begin(), prefix.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
    if (meant_utf8) {
      return DecodeError{
          bad, "invalid UTF-8 at offset " + std::to_string(bad) + " (the text before it is UTF-8)"};
    }
  }
  return gb18030;
}

std::variant<Decoded, DecodeError> decode_owned(std::string&& bytes) {
  if (auto utf16 = decode_utf16(bytes)) return std::move(*utf16);
  if (auto binary = binary_input_error(bytes)) return *binary;
  const bool bom = std::string_view(bytes).starts_with(kUtf8Bom);
  if (first_invalid_utf8(std::string_view(bytes).substr(bom ? kUtf8Bom.size() : 0)) != kNotFound)
    return decode(bytes);
  // Erasing the mark in place shifts the bytes without a second buffer.
  if (bom) bytes.erase(0, kUtf8Bom.size());
  return Decoded{std::move(bytes), bom ? Encoding::kUtf8Bom : Encoding::kUtf8};
}

namespace {

using Anchors = std::vector<std::pair<std::size_t, std::size_t>>;

// What folding does to the three-byte character at p (already checked to be one): the byte it
// becomes, the code point it becomes, or neither (0, 0) when it stays.
struct ThreeByteFold {
  char to_byte = 0;
  char32_t to_cp = 0;
};

[[gnu::always_inline]] inline ThreeByteFold fold_three_byte(const unsigned char* p,
                                                            const TraditionalTable& table) {
  const char32_t cp = (static_cast<char32_t>(p[0] & 0x0F) << 12) |
                      (static_cast<char32_t>(p[1] & 0x3F) << 6) |
                      static_cast<char32_t>(p[2] & 0x3F);
  if (cp == 0x3000 || cp == 0x202F || cp == 0x2007)
    return {' ', 0};  // ideographic, narrow and figure spaces
  if (cp >= 0xFF01 && cp <= 0xFF5E && !keeps_full_width(cp))
    return {static_cast<char>(cp - 0xFEE0), 0};
  return {0, table.lookup(cp)};
}

// Web converters print the reading after some characters of traditional text: 發(fā)布, 區(qū).
// Such a note is a bracket holding one pinyin syllable (1-6 lowercase letters, tone marks allowed,
// at least one vowel) right after a CJK character; it is no part of the text and would break
// every name and keyword it sits in. Returns the note's length in bytes at i, or 0.
std::size_t pinyin_note_length(const unsigned char* p, std::size_t i, std::size_t n) {
  const bool after_cjk = i >= 3 && p[i - 3] >= 0xE4 && p[i - 3] <= 0xE9;
  if (!after_cjk) return 0;
  std::size_t k = i;
  if (p[k] == '(') {
    ++k;
  } else if (k + 3 <= n && p[k] == 0xEF && p[k + 1] == 0xBC && p[k + 2] == 0x88) {  // （
    k += 3;
  } else {
    return 0;
  }
  int letters = 0;
  bool vowel = false;
  while (k < n && letters <= 6) {
    const unsigned char c = p[k];
    if (c >= 'a' && c <= 'z') {
      vowel = vowel || c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'v';
      ++k;
    } else if ((c == 0xC3 || c == 0xC4 || c == 0xC5 || c == 0xC7) && k + 1 < n &&
               (p[k + 1] & 0xC0) == 0x80) {
      // Latin-1 Supplement and Extended-A/B letters: the tone-marked vowels (à ā ǎ ü ǖ ...) and ń
      // ň.
      vowel = true;
      k += 2;
    } else {
      break;
    }
    ++letters;
  }
  if (letters == 0 || letters > 6 || !vowel) return 0;
  if (k < n && p[k] == ')') return k + 1 - i;
  if (k + 3 <= n && p[k] == 0xEF && p[k + 1] == 0xBC && p[k + 2] == 0x89) return k + 3 - i;  // ）
  return 0;
}

bool is_three_byte_at(const unsigned char* p, std::size_t i, std::size_t n) {
  return (p[i] & 0xF0) == 0xE0 && i + 2 < n && (p[i + 1] & 0xC0) == 0x80 &&
         (p[i + 2] & 0xC0) == 0x80;
}

// Offset of the first byte folding changes (or n): a text with nothing to fold, as most simplified
// bulletins are, is then neither copied nor written.
std::size_t first_folding(std::string_view original, const TraditionalTable& table) {
  const auto* p = reinterpret_cast<const unsigned char*>(original.data());
  const std::size_t n = original.size();
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  constexpr std::uint64_t kHighs = 0x8080808080808080ULL;
  std::size_t i = 0;
  while (i < n) {
    const unsigned char c = p[i];
    if (c < 0x80) {
      if (c == '\r') return i;
      if (c == '(' && pinyin_note_length(p, i, n) != 0) return i;
      ++i;
      while (i + 8 <= n) {
        std::uint64_t word;
        std::memcpy(&word, p + i, 8);
        const std::uint64_t cr = word ^ (kOnes * '\r');
        const std::uint64_t paren = word ^ (kOnes * '(');
        // All ASCII, no CR and no bracket (the zero-byte test never misses one).
        if ((word & kHighs) != 0 || ((cr - kOnes) & ~cr & kHighs) != 0 ||
            ((paren - kOnes) & ~paren & kHighs) != 0) {
          break;
        }
        i += 8;
      }
      continue;
    }
    // CJK Unified Ideographs U+4000..U+9FFF (leads E4..E9), nearly every character of a bulletin:
    // of all foldings only the traditional table applies to them.
    if (c >= 0xE4 && c <= 0xE9 && i + 2 < n && (p[i + 1] & 0xC0) == 0x80 &&
        (p[i + 2] & 0xC0) == 0x80) {
      const std::size_t run_begin = i;
      while (i + 3 <= n) {
        const unsigned char lead = p[i];
        if (lead < 0xE4 || lead > 0xE9 || ((p[i + 1] ^ 0x80) | (p[i + 2] ^ 0x80)) >= 0x40) break;
        const char32_t cp = (static_cast<char32_t>(lead & 0x0F) << 12) |
                            (static_cast<char32_t>(p[i + 1] & 0x3F) << 6) |
                            static_cast<char32_t>(p[i + 2] & 0x3F);
        if (table.folds(cp)) return i;
        i += 3;
      }
      if (i != run_begin) continue;
    }
    if (c == 0xC2 && i + 1 < n && p[i + 1] == 0xA0) return i;
    if (is_three_byte_at(p, i, n)) {
      const ThreeByteFold fold = fold_three_byte(p + i, table);
      if (fold.to_byte != 0 || fold.to_cp != 0) return i;
      if (c == 0xEF && pinyin_note_length(p, i, n) != 0) return i;
      i += 3;
      continue;
    }
    ++i;
  }
  return n;
}

// Folds original[start, n) into out (sized to hold the original, its first `start` bytes already
// the same as the original's); returns the folded size.
std::size_t fold_from(std::string_view original, std::size_t start, const TraditionalTable& table,
                      char* o, Anchors& anchors) {
  const auto* p = reinterpret_cast<const unsigned char*>(original.data());
  const std::size_t n = original.size();
  std::size_t i = start;
  std::size_t w = start;
  auto fold_to_byte = [&](char to, std::size_t consumed) {
    o[w++] = to;
    i += consumed;
    anchors.emplace_back(w, i);
  };
  // A converter's pinyin note at i (發(fā)布) is left out of the folded text.
  auto drop_pinyin_note = [&] {
    const std::size_t note = pinyin_note_length(p, i, n);
    if (note == 0) return false;
    i += note;
    anchors.emplace_back(w, i);
    return true;
  };
  while (i < n) {
    const unsigned char c = p[i];
    if (c < 0x80) {
      if (c == '\r') {
        if (i + 1 < n && p[i + 1] == '\n') {
          fold_to_byte('\n', 2);
        } else {
          o[w++] = '\n';
          ++i;
        }
        continue;
      }
      if (c == '(' && drop_pinyin_note()) continue;
      o[w++] = static_cast<char>(c);
      ++i;
      continue;
    }
    if (c == 0xC2 && i + 1 < n && p[i + 1] == 0xA0) {  // U+00A0 no-break space
      fold_to_byte(' ', 2);
      continue;
    }
    if (is_three_byte_at(p, i, n)) {
      if (c == 0xEF && drop_pinyin_note()) continue;
      const ThreeByteFold fold = fold_three_byte(p + i, table);
      if (fold.to_byte != 0) {
        fold_to_byte(fold.to_byte, 3);
        continue;
      }
      if (const char32_t to = fold.to_cp) {
        o[w] = static_cast<char>(0xE0 | (to >> 12));
        o[w + 1] = static_cast<char>(0x80 | ((to >> 6) & 0x3F));
        o[w + 2] = static_cast<char>(0x80 | (to & 0x3F));
      } else {
        o[w] = static_cast<char>(c);
        o[w + 1] = static_cast<char>(p[i + 1]);
        o[w + 2] = static_cast<char>(p[i + 2]);
      }
      w += 3;
      i += 3;
      continue;
    }
    // Other multi-byte sequences and stray bytes pass through unchanged, byte for byte.
    o[w++] = static_cast<char>(c);
    ++i;
  }
  return w;
}

// Below this much text to fold, folding it in halves on two threads saves less than starting the
// second one costs.
constexpr std::size_t kFoldInHalvesFromBytes = 1 << 20;

// Where the text after `start` may be cut to be folded in two halves: just after a line feed near
// the middle, or npos. No folding reads across a line feed: a CR LF pair ends with it, and
// characters and pinyin notes hold none.
std::size_t fold_split(std::string_view original, std::size_t start) {
  const std::size_t lf = original.find('\n', start + (original.size() - start) / 2);
  return lf == std::string_view::npos || lf + 1 >= original.size() ? std::string_view::npos
                                                                   : lf + 1;
}

// The folded text of `original`, whose first `start` bytes fold to themselves (first_folding).
std::shared_ptr<const std::string> folded_copy(std::string_view original, std::size_t start,
                                               const TraditionalTable& table, Anchors& anchors,
                                               int threads, std::string buffer = {}) {
  auto text = std::make_shared<std::string>(std::move(buffer));
  // Every folding keeps or shrinks the byte length, so the original size bounds the output.
  text->resize(original.size());
  std::memcpy(text->data(), original.data(), start);
  const std::size_t split = threads > 1 && original.size() - start >= kFoldInHalvesFromBytes
                                ? fold_split(original, start)
                                : std::string_view::npos;
  if (split == std::string_view::npos) {
    text->resize(fold_from(original, start, table, text->data(), anchors));
  } else {
    // Each half is folded as one pass would: the second in place, from its own offset in the
    // output (folding only shrinks, so the first half's output ends at or before it), then moved
    // down behind the first, its anchors with it.
    char* const out = text->data();
    std::size_t first_end = 0;
    std::size_t second_end = 0;
    Anchors second_anchors;
    run_both(
        true, [&] { first_end = fold_from(original.substr(0, split), start, table, out, anchors); },
        [&] { second_end = fold_from(original, split, table, out, second_anchors); });
    const std::size_t shift = split - first_end;
    if (shift != 0) std::memmove(out + first_end, out + split, second_end - split);
    text->resize(second_end - shift);
    anchors.reserve(anchors.size() + second_anchors.size());
    for (const auto& [folded, original_offset] : second_anchors)
      anchors.emplace_back(folded - shift, original_offset);
  }
  anchors.shrink_to_fit();
  return text;
}

}  // namespace

NormalizedText NormalizedText::build(std::string_view original) {
  const TraditionalTable& table = traditional_table();
  NormalizedText result;
  result.original_ = original;
  const std::size_t start = first_folding(original, table);
  if (start == original.size()) {
    result.text_ = std::make_shared<const std::string>(original);
    return result;
  }
  result.text_ = folded_copy(original, start, table, result.anchors_, 1);
  return result;
}

NormalizedText NormalizedText::build_owned(std::string&& original, int threads,
                                           std::string buffer) {
  const TraditionalTable& table = traditional_table();
  NormalizedText result;
  const std::size_t start = first_folding(original, table);
  if (start == original.size()) {
    // Folding changes nothing: the original buffer is the text, held once.
    result.text_ = std::make_shared<const std::string>(std::move(original));
    result.original_ = *result.text_;
    return result;
  }
  result.owned_original_ = std::make_shared<std::string>(std::move(original));
  const std::string& kept = *result.owned_original_;
  result.original_ = kept;
  result.text_ = folded_copy(kept, start, table, result.anchors_, threads, std::move(buffer));
  return result;
}

std::string NormalizedText::release_original() {
  std::string out;
  if (owned_original_ && owned_original_.use_count() == 1) {
    out = std::move(*owned_original_);
  } else {
    out = std::string(original_);
  }
  owned_original_.reset();
  original_ = {};
  return out;
}

std::string without_pinyin_notes(std::string_view text) {
  // Most names hold no bracket at all.
  if (text.find('(') == std::string_view::npos && text.find("（") == std::string_view::npos)
    return std::string(text);
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t note =
        (p[i] == '(' || p[i] == 0xEF) ? pinyin_note_length(p, i, text.size()) : 0;
    if (note != 0) {
      i += note;
      continue;
    }
    out.push_back(text[i++]);
  }
  return out;
}

std::size_t NormalizedText::to_original(std::size_t normalized_offset) const {
  if (normalized_offset >= text_->size()) return original_.size();
  // The last anchor at or before the offset; the texts advance byte for byte from there.
  auto it =
      std::upper_bound(anchors_.begin(), anchors_.end(), normalized_offset,
                       [](std::size_t value, const auto& anchor) { return value < anchor.first; });
  if (it == anchors_.begin()) return normalized_offset;
  --it;
  return it->second + (normalized_offset - it->first);
}

Span NormalizedText::to_original(Span normalized) const {
  return Span{to_original(normalized.begin), to_original(normalized.end)};
}

}  // namespace investtrack::parser
