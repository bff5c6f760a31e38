// The gazetteer's internals, shared by the three files that build and use it: places.cc (the
// tables: divisions, short names, zones, the trie), place_matching.cc (finding places in a text)
// and place_resolution.cc (resolving mentions to one location). Internal to parser/.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "investtrack/parser/places.h"
#include "investtrack/parser/utf8.h"

namespace investtrack::parser {

// Text helpers and trie types more than one of the gazetteer's files use.
namespace places_internal {

// UTF-8 helpers: utf8.h's steps. The text is valid UTF-8 after decoding, but nothing here may
// crash on bytes that are not: a bad lead byte counts as one byte and a truncated sequence ends at
// the text.

// Code point at offset (0 when out of range or malformed) and its byte length: decode_utf8_at(),
// with a malformed byte read as 0 (no rule here matches it; a real U+FFFD is three bytes long).
[[gnu::always_inline]] inline std::pair<char32_t, std::size_t> decode_at(std::string_view text,
                                                                         std::size_t offset) {
  const CodePoint cp = decode_utf8_at(text, offset);
  return {cp.length == 1 && cp.value == 0xFFFD ? 0 : cp.value, cp.length};
}

inline std::size_t char_count(std::string_view s) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < s.size(); i += utf8_sequence_length(static_cast<unsigned char>(s[i])))
    ++count;
  return count;
}

inline bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

inline bool is_one_of(std::string_view ch, std::initializer_list<std::string_view> set) {
  return std::find(set.begin(), set.end(), ch) != set.end();
}

// A byte trie flattened into two arrays; a node's edges are sorted by byte.
struct TrieNode {
  std::uint32_t first_edge = 0;
  std::uint32_t edge_count = 0;
  std::int32_t surface = -1;
};
struct TrieEdge {
  unsigned char byte;
  std::uint32_t target;
};

}  // namespace places_internal

// ---------------------------------------------------------------------------------------------

struct Gazetteer::Impl {
  // What a surface string in the trie stands for. Several roles can share one surface.
  struct Surface {
    std::vector<const Division*> full;      // divisions with this full name
    std::vector<const Division*> short_of;  // divisions with this short name
    int known_zone = -1;                    // index into zones
    bool zone_suffix = false;
    bool strict_zone_suffix = false;  // 新区, 示范区: need a place before them
    bool bare_zone_suffix = false;    // 开发区, 园区 words that name no kind of zone
    bool trap = false;
    bool generic = false;  // full name that needs its parent right before it
  };
  struct KnownZone {
    std::string name;
    const Division* parent = nullptr;
  };
  using Node = places_internal::TrieNode;
  using Edge = places_internal::TrieEdge;

  std::vector<Division> divisions;
  std::unordered_map<std::string, const Division*> by_code;
  std::vector<KnownZone> zones;
  std::vector<Surface> surfaces;
  std::vector<Node> nodes;
  std::vector<Edge> edges;
  // Every surface has at least two characters; a bit per hashed leading pair lets the scan skip
  // nearly every position without touching the trie.
  std::vector<std::uint64_t> leading_pairs = std::vector<std::uint64_t>(kPairBits / 64, 0);

  Impl();

  static constexpr std::size_t kPairBits = std::size_t{1} << 18;  // 32 KB: stays in L1
  static std::size_t pair_hash(char32_t first, char32_t second) {
    const std::uint64_t h = (static_cast<std::uint64_t>(first) * 0x9E3779B97F4A7C15ULL) ^
                            (static_cast<std::uint64_t>(second) * 0xC2B2AE3D27D4EB4FULL);
    return static_cast<std::size_t>((h >> 32) & (kPairBits - 1));
  }
  // One bit per code point of the BMP, set when a surface starts with it. Most characters of a
  // text start none; this test needs neither the next character nor a hash.
  static constexpr std::size_t kFirstBits = std::size_t{1} << 16;
  std::vector<std::uint64_t> leading_chars = std::vector<std::uint64_t>(kFirstBits / 64, 0);
  bool char_may_start(char32_t first) const {
    return first >= kFirstBits || ((leading_chars[first / 64] >> (first % 64)) & 1U) != 0;
  }

  // The first position at or after i that the scan in find() must look at: it steps over each
  // well-formed three-byte character that char_may_start() rules out, or that is followed by a
  // well-formed three-byte character with which pair_may_start() rules it out, and it would give
  // each of those the same verdict one at a time. Anything else (ASCII, other lengths, broken
  // bytes, the text's end) stops here for the scan's general path.
  std::size_t skip_non_starts(std::string_view text, std::size_t i) const {
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t n = text.size();
    auto three_byte_at = [&](std::size_t at, char32_t& cp) {
      const unsigned lead = p[at];
      if ((lead & 0xF0) != 0xE0 || ((p[at + 1] ^ 0x80U) | (p[at + 2] ^ 0x80U)) >= 0x40)
        return false;
      cp = ((lead & 0x0FU) << 12) | ((p[at + 1] & 0x3FU) << 6) | (p[at + 2] & 0x3FU);
      return true;
    };
    char32_t first = 0;
    while (i + 3 <= n && three_byte_at(i, first)) {
      if (((leading_chars[first / 64] >> (first % 64)) & 1U) != 0) {
        char32_t second = 0;
        if (i + 6 > n || !three_byte_at(i + 3, second) || first < 0x80 ||
            pair_may_start(first, second))
          break;
      }
      i += 3;
    }
    return i;
  }

  bool pair_may_start(char32_t first, char32_t second) const {
    const std::size_t bit = pair_hash(first, second);
    return (leading_pairs[bit / 64] >> (bit % 64)) & 1U;
  }

  // parents[i] is the parent of divisions[i]: resolving walks up the tree for every pair of
  // mentions, and a hash lookup of the parent's code per step was most of resolve()'s time.
  std::vector<const Division*> parents;

  const Division* parent(const Division* d) const {
    if (d == nullptr || d->parent_code.empty()) return nullptr;
    if (d >= divisions.data() && d < divisions.data() + divisions.size()) {
      return parents[static_cast<std::size_t>(d - divisions.data())];
    }
    auto it = by_code.find(d->parent_code);
    return it == by_code.end() ? nullptr : it->second;
  }
  // d itself, then its ancestors up to the province. At most four levels, so it lives on the stack.
  struct Chain {
    std::array<const Division*, 4> items{};
    std::size_t size = 0;
    const Division* const* begin() const { return items.data(); }
    const Division* const* end() const { return items.data() + size; }
  };
  Chain chain(const Division* d) const {
    Chain out;
    for (; d != nullptr && out.size < out.items.size(); d = parent(d)) out.items[out.size++] = d;
    return out;
  }
  bool is_ancestor_or_self(const Division* ancestor, const Division* d) const {
    for (int guard = 0; d != nullptr && guard < 4; ++guard, d = parent(d))
      if (d == ancestor) return true;
    return false;
  }
  bool related(const Division* a, const Division* b) const {
    return is_ancestor_or_self(a, b) || is_ancestor_or_self(b, a);
  }

  // Every (end offset, surface) for surfaces starting at begin, shortest first.
  void matches_at(std::string_view text, std::size_t begin,
                  std::vector<std::pair<std::size_t, const Surface*>>& out) const;

  std::vector<PlaceMention> find(std::string_view text) const;
  Location resolve(const std::vector<PlaceMention>& mentions, const Location& context) const;
  const Division* context_division(const Location& context) const;
  const Surface* surface_of(std::string_view s) const;
};

}  // namespace investtrack::parser
