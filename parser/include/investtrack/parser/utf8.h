// The one way the parser steps over and decodes UTF-8. Every stage scans text character by
// character; before this header each kept its own stepper, and they disagreed on the bytes that can
// never start a sequence (C0 and C1, whose sequences would be overlong, and F5..FF, past U+10FFFF):
// some read C0/C1 as two-byte and F5..F7 as four-byte leads. Here they are one byte each, as the
// standard says, for every stage.
//
// Why one definition is safe for all of them: every stage after text reads the output of decode()
// (text.h), which is well-formed UTF-8 (first_invalid_utf8() rejects C0, C1 and F5..FF as leads, or
// the input is read as GB18030 and re-encoded), so the invalid lead bytes on which the old steppers
// disagreed never reach them. For invalid input every function below is still bounded: a step never
// passes the end, a malformed byte is one character (U+FFFD when decoded).
//
// Public because numbers.h's decode_utf8_at() and text.h's utf8_length() are public and are these.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace investtrack::parser {

// The length of the sequence each byte starts: 1 for ASCII, a continuation byte and a byte that
// never leads (C0, C1, F5..FF); 2 for C2..DF, 3 for E0..EF, 4 for F0..F4. A table, so a scan steps
// with one read instead of up to four comparisons.
inline constexpr std::array<std::uint8_t, 256> kLeadLengths = [] {
  std::array<std::uint8_t, 256> lengths{};
  for (std::size_t c = 0; c < 256; ++c)
    lengths[c] = c < 0xC2 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : c < 0xF5 ? 4 : 1;
  return lengths;
}();

constexpr std::size_t utf8_sequence_length(unsigned char lead) { return kLeadLengths[lead]; }

// The bytes of `count` CJK ideographs, three each in UTF-8: the stages' windows and limits are
// counted in characters of Chinese text (ideograph_bytes(4): four characters) and measured in
// bytes.
constexpr std::size_t ideograph_bytes(std::size_t count) { return count * 3; }

// Where the character after the one at pos starts: pos plus its lead byte's length, never past the
// end (s.size() at or after the end).
constexpr std::size_t utf8_next(std::string_view s, std::size_t pos) {
  if (pos >= s.size()) return s.size();
  const std::size_t next = pos + utf8_sequence_length(static_cast<unsigned char>(s[pos]));
  return next < s.size() ? next : s.size();
}

// Where the character that ends right before pos starts: back over at most three continuation bytes
// (0 at the start; s.size()'s previous character when pos is past the end).
constexpr std::size_t utf8_previous(std::string_view s, std::size_t pos) {
  if (pos > s.size()) pos = s.size();
  if (pos == 0) return 0;
  std::size_t start = pos - 1;
  const std::size_t floor = pos >= 4 ? pos - 4 : 0;
  while (start > floor && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
  return start;
}

// One UTF-8 code point: its value (U+FFFD for a malformed byte) and its length in bytes (>= 1
// while pos < text.size(), 0 at or past the end).
struct CodePoint {
  char32_t value = 0;
  std::size_t length = 0;
};

// The code point at pos. A lead byte that leads no sequence, a continuation byte, a sequence cut
// by the end and a lead without its continuation bytes are each one malformed byte. Inline because
// every finder calls it once per character.
inline CodePoint decode_utf8_at(std::string_view text, std::size_t pos) {
  if (pos >= text.size()) return {0, 0};
  const auto lead = static_cast<unsigned char>(text[pos]);
  if (lead < 0x80) return {lead, 1};
  // Three bytes (all of CJK) without the general loop: the same value the loop below computes.
  if ((lead & 0xF0) == 0xE0 && text.size() - pos >= 3) {
    const auto b1 = static_cast<unsigned char>(text[pos + 1]);
    const auto b2 = static_cast<unsigned char>(text[pos + 2]);
    if ((b1 & 0xC0) == 0x80 && (b2 & 0xC0) == 0x80) {
      return {static_cast<char32_t>(((lead & 0x0F) << 12) | ((b1 & 0x3F) << 6) | (b2 & 0x3F)), 3};
    }
    return {0xFFFD, 1};
  }
  const std::size_t length = utf8_sequence_length(lead);
  if (length == 1 || length > text.size() - pos) return {0xFFFD, 1};
  char32_t value = lead & (0x7Fu >> length);
  for (std::size_t k = 1; k < length; ++k) {
    const auto byte = static_cast<unsigned char>(text[pos + k]);
    if ((byte & 0xC0) != 0x80) return {0xFFFD, 1};
    value = (value << 6) | (byte & 0x3F);
  }
  return {value, length};
}

// The code point that ends right before pos ({0, 0} at the start, U+FFFD for a broken sequence).
inline CodePoint code_point_before(std::string_view text, std::size_t pos) {
  if (pos == 0 || pos > text.size()) return {0, 0};
  const std::size_t begin = utf8_previous(text, pos);
  const CodePoint cp = decode_utf8_at(text, begin);
  if (begin + cp.length != pos) return {0xFFFD, 1};
  return cp;
}

}  // namespace investtrack::parser
