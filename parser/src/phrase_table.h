// Fast longest-match lookup of a fixed list of words at a position of UTF-8 text.
// The rules scan every character of every sentence for status words, head words and stop words;
// comparing each word in turn made that the parser's hot spot. Words are bucketed by their first
// (or last) two bytes, so most positions cost one bucket read and no comparison.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "investtrack/parser/utf8.h"

namespace investtrack::parser {

class PhraseTable {
 public:
  // Words must outlive the table (string literals in static arrays).
  explicit PhraseTable(std::span<const std::string_view> words)
      : words_(words.begin(), words.end()) {
    for (std::size_t i = 0; i < words_.size(); ++i) {
      const std::string_view w = words_[i];
      if (w.empty()) continue;
      const std::size_t start = hash(w.substr(0, std::min<std::size_t>(2, w.size())));
      const std::size_t end = hash(w.substr(w.size() - std::min<std::size_t>(2, w.size())));
      starts_[start].push_back(static_cast<std::uint32_t>(i));
      ends_[end].push_back(static_cast<std::uint32_t>(i));
      start_used_[start / 64] |= std::uint64_t{1} << (start % 64);
      end_used_[end / 64] |= std::uint64_t{1} << (end % 64);
      if (w.size() < 3) {
        has_short_words_ = true;
      } else {
        set(start3_used_, hash3(w.data()));
        set(end3_used_, hash3(w.data() + w.size() - 3));
      }
    }
  }

  // Index (into the list given) of the longest word starting at pos, or -1. Always inlined: the
  // rules ask it at nearly every character, and a call costs more than its first test.
  [[gnu::always_inline]] int longest_at(std::string_view text, std::size_t pos) const {
    // A word of three bytes or more starts with three bytes whose hash is marked: most positions
    // of a Chinese text (one character = three bytes) end here, on one bit of a table that stays
    // in the cache, where the two-byte buckets of a CJK block are shared by 64 characters.
    if (!has_short_words_ && pos <= text.size() && text.size() - pos >= 3 &&
        !used3(start3_used_, hash3(text.data() + pos))) {
      return -1;
    }
    int best = -1;
    for (std::size_t k = 1; k <= 2 && pos + k <= text.size(); ++k) {
      const std::size_t bucket = hash(text.substr(pos, k));
      if (!used(start_used_, bucket)) continue;
      for (std::uint32_t i : starts_[bucket]) {
        const std::string_view w = words_[i];
        if (std::min<std::size_t>(2, w.size()) == k && text.size() - pos >= w.size() &&
            same_bytes(text.data() + pos, w) && (best < 0 || w.size() > words_[best].size())) {
          best = static_cast<int>(i);
        }
      }
    }
    return best;
  }

  // Scans that try longest_at() at every character start visit most characters only to be told
  // no. This returns the first character start at or after pos (stepping by the UTF-8 lead byte's
  // length, as those scans do: utf8_sequence_length() of utf8.h) where longest_at() may find a
  // word: the same positions' three-byte test in one tight loop, without a call per character. Past
  // the last three bytes, or with short words in the list, it stops where it is and longest_at()
  // decides.
  std::size_t next_candidate(std::string_view text, std::size_t pos) const {
    if (has_short_words_) return pos;
    const std::size_t size = text.size();
    const char* const data = text.data();
    while (pos < size && size - pos >= 3) {
      if (used3(start3_used_, hash3(data + pos))) return pos;
      pos += utf8_sequence_length(static_cast<unsigned char>(data[pos]));
    }
    return std::min(pos, size);
  }

  // Index of the longest word ending exactly at end, or -1.
  int longest_ending_at(std::string_view text, std::size_t end) const {
    if (!has_short_words_ && end >= 3 && end <= text.size() &&
        !used3(end3_used_, hash3(text.data() + end - 3))) {
      return -1;
    }
    int best = -1;
    for (std::size_t k = 1; k <= 2 && k <= end && end <= text.size(); ++k) {
      const std::size_t bucket = hash(text.substr(end - k, k));
      if (!used(end_used_, bucket)) continue;
      for (std::uint32_t i : ends_[bucket]) {
        const std::string_view w = words_[i];
        if (std::min<std::size_t>(2, w.size()) == k && end >= w.size() &&
            same_bytes(text.data() + end - w.size(), w) &&
            (best < 0 || w.size() > words_[best].size())) {
          best = static_cast<int>(i);
        }
      }
    }
    return best;
  }

  // Where the last word of the table in text ends, and which word: the greatest end of any
  // occurrence, with the longest word ending there (the first listed of equal ones). That is what
  // a loop keeping the greatest rfind(word) + word.size() over the list finds (the longer word on
  // a tie), in one backward pass instead of one search per word. {0, -1} when none occurs.
  std::pair<std::size_t, int> last_ending(std::string_view text) const {
    for (std::size_t end = text.size(); end > 0; --end) {
      const int found = longest_ending_at(text, end);
      if (found >= 0) return {end, found};
    }
    return {0, -1};
  }

  std::string_view word(int index) const { return words_[static_cast<std::size_t>(index)]; }

 private:
  // Bucket mates share their first or last two bytes; the byte at the other end tells most of them
  // apart before a memcmp call, which dominated lookups when made for every candidate.
  static bool same_bytes(const char* at, std::string_view w) {
    return at[0] == w.front() && at[w.size() - 1] == w.back() &&
           std::memcmp(at, w.data(), w.size()) == 0;
  }

  static constexpr std::size_t kBuckets = 4096;
  static std::size_t hash(std::string_view two) {
    std::size_t h = static_cast<unsigned char>(two[0]);
    if (two.size() > 1) h = h * 131 + static_cast<unsigned char>(two[1]) + 1;
    return h & (kBuckets - 1);
  }

  // One bit per bucket, set when the bucket holds a word: 512 bytes that stay in the cache, where
  // the buckets themselves (24-byte vectors, 96 KiB per side) do not. Most positions of a text
  // fall in an empty bucket, so most lookups end on this bit.
  using BucketBits = std::array<std::uint64_t, kBuckets / 64>;
  static bool used(const BucketBits& bits, std::size_t bucket) {
    return (bits[bucket / 64] >> (bucket % 64)) & 1U;
  }

  // Three bytes hashed to one of 2^15 bits (4 KiB per side).
  static constexpr std::size_t kBits3 = std::size_t{1} << 15;
  using Bits3 = std::array<std::uint64_t, kBits3 / 64>;
  static std::size_t hash3(const char* at) {
    const std::uint32_t v = static_cast<std::uint32_t>(static_cast<unsigned char>(at[0])) << 16 |
                            static_cast<std::uint32_t>(static_cast<unsigned char>(at[1])) << 8 |
                            static_cast<std::uint32_t>(static_cast<unsigned char>(at[2]));
    return (v * 2654435761U) >> (32 - 15);
  }
  static void set(Bits3& bits, std::size_t h) { bits[h / 64] |= std::uint64_t{1} << (h % 64); }
  static bool used3(const Bits3& bits, std::size_t h) { return (bits[h / 64] >> (h % 64)) & 1U; }

  std::vector<std::string_view> words_;
  // With a word shorter than three bytes in the list, the three-byte filter cannot rule a
  // position out and is not used.
  bool has_short_words_ = false;
  Bits3 start3_used_{};
  Bits3 end3_used_{};
  BucketBits start_used_{};
  BucketBits end_used_{};
  std::array<std::vector<std::uint32_t>, kBuckets> starts_{};
  std::array<std::vector<std::uint32_t>, kBuckets> ends_{};
};

}  // namespace investtrack::parser
