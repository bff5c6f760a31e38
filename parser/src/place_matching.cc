// Finding places in normalized text: a scan over the gazetteer's trie (Gazetteer::Impl::find)
// that reads full and short names of divisions, known zones and zone suffixes, and the rules that
// decide whether a short name starts a word. Kept apart from the tables (places.cc) and from
// resolution (place_resolution.cc): it is the part that runs for every character of every sentence.
#include <algorithm>
#include <array>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <map>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "places_internal.h"

namespace investtrack::parser {

using namespace places_internal;

namespace {

bool is_ideograph(char32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
         (cp >= 0x20000 && cp <= 0x2FFFF) || (cp >= 0xF900 && cp <= 0xFAFF);
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}

// The character (as a UTF-8 string_view) at offset, empty at the end.
std::string_view char_at(std::string_view text, std::size_t offset) {
  if (offset >= text.size()) return {};
  const std::size_t length = std::min(
      utf8_sequence_length(static_cast<unsigned char>(text[offset])), text.size() - offset);
  return text.substr(offset, length);
}

// Words that end a zone's name when read backwards: a zone's name never contains them.
constexpr std::string_view kZoneStopWords[] = {
    "的",   "在",   "和",   "与",   "及",   "、",   "是",   "为",   "将",   "已",   "于",   "由",
    "对",   "向",   "把",   "被",   "从",   "到",   "等",   "或",   "并",   "落户", "位于", "建设",
    "引进", "签约", "项目", "入驻", "签订", "开工", "投资", "推进", "打造", "建成", "成立", "企业"};

// A zone named only by the words before its suffix (no place) must not start with these.
constexpr std::string_view kGenericZoneLeads[] = {"国家级", "省级", "市级", "县级", "国家", "各",
                                                  "本",     "该",   "全",   "此",   "这",   "重点",
                                                  "现有",   "特色", "新",   "相关", "其他", "所在"};

// Characters before a county-level short name (or a two-character full name) that show it starts
// a word: prepositions and verbs that introduce a place.
bool is_place_lead_in(std::string_view ch) {
  return is_one_of(
      ch, {"在", "于", "到", "赴", "至", "从", "自", "和", "与", "及", "同", "由", "向", "对",
           "为", "是", "往", "经", "驻", "户", "入", "进", "、", "原", "走", "去", "来"});
}

enum class TokenKind { kPlace, kKnownZone, kZoneSuffix, kTrap };

struct Token {
  std::size_t begin = 0;
  std::size_t end = 0;
  TokenKind kind = TokenKind::kPlace;
  std::vector<const Division*> candidates;
  bool strict_suffix = false;
  int known_zone = -1;
  bool bare_suffix = false;
};

bool is_boundary_char(std::string_view text, std::size_t offset) {
  const auto [cp, length] = decode_at(text, offset);
  return length == 0 || !is_ideograph(cp);
}

// Words after a short name that make it part of a smaller place or a street named after it
// (南武乡镇, 太原路, 中山大道, 新都桥): the short name is then not the division.
bool short_name_continues(std::string_view text, std::size_t end) {
  const std::string_view next = char_at(text, end);
  if (is_one_of(next, {"镇", "乡", "村", "街", "路", "巷", "弄", "社", "组", "屯", "桥"}))
    return true;
  const std::string_view rest = text.substr(std::min(end, text.size()));
  for (std::string_view word : {"大道", "大街", "中路", "东路", "西路", "南路", "北路"})
    if (starts_with(rest, word)) return true;
  return false;
}

// A two-character full name (和县, 城区, 沛县) read inside a phrase: 市委和县委, 新县城.
bool short_full_name_continues(std::string_view text, std::size_t end) {
  return is_one_of(char_at(text, end), {"委", "政", "级", "城", "域", "长", "里", "内", "乡", "镇",
                                        "区", "县", "市", "际", "属", "直", "情", "志"});
}

}  // namespace

void Gazetteer::Impl::matches_at(std::string_view text, std::size_t begin,
                                 std::vector<std::pair<std::size_t, const Surface*>>& out) const {
  out.clear();
  std::uint32_t node = 0;
  for (std::size_t i = begin; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    const Node& n = nodes[node];
    const Edge* first = edges.data() + n.first_edge;
    const Edge* last = first + n.edge_count;
    const Edge* hit = std::lower_bound(first, last, byte,
                                       [](const Edge& e, unsigned char b) { return e.byte < b; });
    if (hit == last || hit->byte != byte) return;
    node = hit->target;
    if (nodes[node].surface >= 0)
      out.emplace_back(i + 1, &surfaces[static_cast<std::size_t>(nodes[node].surface)]);
  }
}

std::vector<PlaceMention> Gazetteer::Impl::find(std::string_view text) const {
  std::vector<Token> tokens;
  std::vector<std::pair<std::size_t, const Surface*>> found;
  std::vector<std::pair<std::size_t, const Surface*>> inner;

  auto previous_place_ends_at = [&](std::size_t offset) -> const Token* {
    if (tokens.empty()) return nullptr;
    const Token& last = tokens.back();
    return last.kind == TokenKind::kPlace && last.end == offset ? &last : nullptr;
  };
  // A county short name or a two-character full name needs a word start on its left: the text
  // start, punctuation, a word that introduces a place, or the division above it (长治武乡). A
  // place right after an unrelated place (忻州双流) is read as one word, so not as a place.
  // Returns the candidates that fit, empty when the name does not start a word here.
  auto fit_word_start = [&](std::size_t begin, const std::vector<const Division*>& candidates) {
    if (const Token* before = previous_place_ends_at(begin)) {
      std::vector<const Division*> under;
      for (const Division* d : candidates)
        for (const Division* p : before->candidates)
          if (p != d && is_ancestor_or_self(p, d)) {
            under.push_back(d);
            break;
          }
      return under;
    }
    if (begin == 0) return candidates;
    const std::size_t prev = utf8_previous(text, begin);
    if (is_boundary_char(text, prev) || is_place_lead_in(char_at(text, prev))) return candidates;
    return std::vector<const Division*>{};
  };

  // Most characters start no surface: their own code point rules them out before the next one is
  // decoded and the pair hashed.
  std::size_t i = 0;
  while (i < text.size()) {
    i = skip_non_starts(text, i);
    if (i >= text.size()) break;
    const auto [current, current_length] = decode_at(text, i);
    const std::size_t step = std::max<std::size_t>(1, current_length);
    if (current < 0x80 || !char_may_start(current)) {
      i += step;
      continue;
    }
    const auto [next, next_length] = decode_at(text, i + step);
    if (next_length == 0 || !pair_may_start(current, next)) {
      i += step;
      continue;
    }
    matches_at(text, i, found);
    bool accepted = false;
    for (auto it = found.rbegin(); it != found.rend() && !accepted; ++it) {
      const std::size_t end = it->first;
      const Surface& s = *it->second;
      const std::size_t chars = char_count(text.substr(i, end - i));

      if (s.trap) {
        // A trap gives way to a full name that starts inside it and runs past it (年日照市).
        bool overridden = false;
        for (std::size_t k = i + step; k < end && !overridden;) {
          matches_at(text, k, inner);
          for (const auto& [inner_end, inner_surface] : inner)
            if (inner_end > end && !inner_surface->full.empty()) overridden = true;
          k += std::max<std::size_t>(1, utf8_sequence_length(static_cast<unsigned char>(text[k])));
        }
        if (!overridden) {
          tokens.push_back({i, end, TokenKind::kTrap, {}, false, -1});
          accepted = true;
        }
        continue;
      }
      if (s.known_zone >= 0) {
        const Division* parent = zones[static_cast<std::size_t>(s.known_zone)].parent;
        Token t{i, end, TokenKind::kKnownZone, {}, false, s.known_zone};
        if (parent != nullptr) t.candidates.push_back(parent);
        tokens.push_back(std::move(t));
        accepted = true;
        continue;
      }
      if (!s.full.empty()) {
        std::vector<const Division*> candidates = s.full;
        bool ok = true;
        if (s.generic) {
          // 城区 alone is any town's centre; 阳泉市城区 is a division.
          const Token* parent_token = previous_place_ends_at(i);
          ok = parent_token != nullptr;
          if (ok) {
            std::erase_if(candidates, [&](const Division* d) {
              return std::none_of(parent_token->candidates.begin(), parent_token->candidates.end(),
                                  [&](const Division* p) { return is_ancestor_or_self(p, d); });
            });
            ok = !candidates.empty();
          }
        } else if (chars <= 2) {
          candidates = fit_word_start(i, candidates);
          ok = !candidates.empty() && !short_full_name_continues(text, end);
        }
        if (ok && ends_with(s.full.front()->name, "区") && char_at(text, end) == "域")
          ok = false;  // 新华区域
        if (ok) {
          tokens.push_back({i, end, TokenKind::kPlace, std::move(candidates), false, -1});
          accepted = true;
          continue;
        }
      }
      if (!s.short_of.empty()) {
        std::vector<const Division*> candidates = s.short_of;
        bool ok = !short_name_continues(text, end);
        const bool county_level =
            std::all_of(s.short_of.begin(), s.short_of.end(),
                        [](const Division* d) { return d->level == DivisionLevel::kCounty; });
        if (ok && county_level && chars <= 2) {
          candidates = fit_word_start(i, candidates);
          ok = !candidates.empty();
        }
        if (ok) {
          tokens.push_back({i, end, TokenKind::kPlace, std::move(candidates), false, -1});
          accepted = true;
          continue;
        }
      }
      if (s.zone_suffix) {
        tokens.push_back(
            {i, end, TokenKind::kZoneSuffix, {}, s.strict_zone_suffix, -1, s.bare_zone_suffix});
        accepted = true;
      }
    }
    if (accepted) {
      i = tokens.back().end;
    } else {
      i += step;
    }
  }

  // Zones: a suffix (经济开发区) preceded by the place that names it, or, for the less generic
  // suffixes, by a short run of words that starts right after punctuation.
  auto gap_is_name = [&](std::size_t from, std::size_t to, std::size_t max_chars) {
    if (to < from) return false;
    const std::string_view gap = text.substr(from, to - from);
    std::size_t chars = 0;
    for (std::size_t k = 0; k < gap.size();) {
      const auto [cp, length] = decode_at(gap, k);
      if (length == 0 || !is_ideograph(cp)) return false;
      for (std::string_view stop : kZoneStopWords)
        if (starts_with(gap.substr(k), stop)) return false;
      k += length;
      if (++chars > max_chars) return false;
    }
    return true;
  };

  // A zone named without a place must stand alone: punctuation (or its office) right after it.
  auto closes_name = [&](std::size_t end) {
    if (end >= text.size() || is_boundary_char(text, end)) return true;
    const std::string_view rest = text.substr(end);
    return starts_with(rest, "管委会") || starts_with(rest, "管理委员会");
  };

  std::vector<PlaceMention> mentions;
  for (std::size_t k = 0; k < tokens.size(); ++k) {
    const Token& t = tokens[k];
    if (t.kind == TokenKind::kPlace) {
      mentions.push_back({{t.begin, t.end}, t.candidates, false, {}});
    } else if (t.kind == TokenKind::kKnownZone) {
      mentions.push_back({{t.begin, t.end},
                          t.candidates,
                          true,
                          std::string(text.substr(t.begin, t.end - t.begin))});
    } else if (t.kind == TokenKind::kZoneSuffix) {
      std::size_t start = t.begin;
      std::vector<const Division*> candidates;
      // Walk back over the places that name the zone: 山西省忻州市 + 经济开发区.
      std::size_t j = k;
      std::size_t right = t.begin;
      while (j > 0 && tokens[j - 1].kind == TokenKind::kPlace &&
             gap_is_name(tokens[j - 1].end, right, right == t.begin ? 12 : 0)) {
        --j;
        if (candidates.empty()) candidates = tokens[j].candidates;
        start = right = tokens[j].begin;
      }
      // 山西省开发区协会, 广东省工业园区: a province right before the suffix speaks of its zones in
      // general; a real zone adds its own word (山西综改示范区).
      if (start != t.begin && j + 1 == k && tokens[j].end == t.begin &&
          std::all_of(candidates.begin(), candidates.end(),
                      [](const Division* d) { return d->level == DivisionLevel::kProvince; })) {
        continue;
      }
      if (start == t.begin && !t.strict_suffix && !t.bare_suffix && closes_name(t.end)) {
        // No place: accept 2-8 name characters bounded by punctuation, not led by a generic word.
        std::size_t left = t.begin;
        std::size_t chars = 0;
        while (left > 0 && chars <= 8) {
          const std::size_t prev = utf8_previous(text, left);
          const auto [cp, length] = decode_at(text, prev);
          if (length == 0 || !is_ideograph(cp)) break;
          left = prev;
          ++chars;
        }
        const bool bounded = left == 0 || is_boundary_char(text, utf8_previous(text, left));
        const std::string_view lead_words = text.substr(left, t.begin - left);
        const bool generic_lead =
            std::any_of(std::begin(kGenericZoneLeads), std::end(kGenericZoneLeads),
                        [&](std::string_view g) { return starts_with(lead_words, g); });
        if (bounded && chars >= 2 && chars <= 8 && !generic_lead && gap_is_name(left, t.begin, 8) &&
            (k == 0 || tokens[k - 1].end <= left)) {
          start = left;
        }
      }
      if (start == t.begin) continue;  // a bare suffix names no zone
      PlaceMention zone{{start, t.end},
                        std::move(candidates),
                        true,
                        std::string(text.substr(start, t.end - start))};
      mentions.push_back(std::move(zone));
    }
  }
  std::stable_sort(
      mentions.begin(), mentions.end(), [](const PlaceMention& a, const PlaceMention& b) {
        return a.span.begin != b.span.begin ? a.span.begin < b.span.begin : a.span.end > b.span.end;
      });
  return mentions;
}

}  // namespace investtrack::parser
