// Input bytes -> UTF-8 -> a normalized copy the rules read, with a map back to the input.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "investtrack/parser/types.h"

namespace investtrack::parser {

// kUtf16Le / kUtf16Be: UTF-16 that starts with its byte order mark (what Windows Notepad saves as
// "Unicode"); without the mark UTF-16 is not recognised.
enum class Encoding { kUtf8, kUtf8Bom, kGb18030, kUtf16Le, kUtf16Be };

struct Decoded {
  std::string utf8;  // BOM removed
  Encoding encoding = Encoding::kUtf8;
};

struct DecodeError {
  std::size_t offset = 0;  // of the first byte that is neither valid UTF-8 nor valid GB18030
  std::string message;     // English, names the offset
};

// Valid UTF-8 (with or without BOM) is taken as is; UTF-16 with a byte order mark is converted;
// otherwise GB18030 (a superset of GBK/GB2312) is tried. Anything else is an error naming the
// offset of the first bad byte. NUL bytes, or more than 5% control bytes other than
// tab/LF/VT/FF/CR, make it binary.
std::variant<Decoded, DecodeError> decode(std::string_view bytes);

// decode() for input the caller gives up: valid UTF-8 becomes Decoded::utf8 without a copy, so a
// large bulletin is held once rather than twice. Same results and errors as decode().
std::variant<Decoded, DecodeError> decode_owned(std::string&& bytes);

// The text the rules read: traditional characters folded to simplified (OpenCC t2s, character
// level), full-width ASCII folded to half-width (１２ -> 12, ％ -> %, （ -> (), ideographic and
// no-break spaces to ' ', CRLF to LF. Chinese punctuation that carries meaning (，。；、“”《》) is
// kept. to_original() maps any byte offset of text() back to the original text, so evidence and
// names can be shown in the article's own writing.
class NormalizedText {
 public:
  static NormalizedText build(std::string_view original);
  // build() for an original the caller gives up, so a large bulletin is held once where possible:
  // when folding changes nothing (text already simplified, half-width, LF), the original buffer
  // becomes text() rather than a second copy; otherwise this object keeps the original.
  // With threads > 1, a large text is folded in two halves, one on a second thread. `buffer`, when
  // the caller has one, becomes the folded text's storage (its bytes are overwritten): a buffer of
  // the original's size, made beforehand, spares this call making one in fresh pages.
  static NormalizedText build_owned(std::string&& original, int threads = 1,
                                    std::string buffer = {});

  const std::string& text() const { return *text_; }
  // The owner of text(): whatever keeps views into text() (layout's sentences) holds it, so the
  // views outlive this object, its copies and moves.
  const std::shared_ptr<const std::string>& shared_text() const { return text_; }
  std::string_view original() const { return original_; }
  // The original text as a string, for a caller done with this object: moved out when this object
  // was its only owner (build_owned() of a text that folding changed), copied otherwise.
  // original() is empty afterwards.
  std::string release_original();
  // Whether release_original() has to copy: the original is also text() (folding changed nothing)
  // or was not given up by the caller. A caller about to release a large original can make room.
  bool release_original_copies() const {
    return !owned_original_ || owned_original_.use_count() != 1;
  }
  std::size_t to_original(std::size_t normalized_offset) const;
  Span to_original(Span normalized) const;

 private:
  // Anchors where the byte delta between the two texts changes: (normalized offset, original
  // offset), sorted. Between anchors the texts advance byte for byte.
  std::vector<std::pair<std::size_t, std::size_t>> anchors_;
  std::shared_ptr<const std::string> text_ = std::make_shared<const std::string>();  // never null
  std::shared_ptr<std::string> owned_original_;  // set by build_owned() when text() differs
  std::string_view original_;
};

// False when OpenCC's t2s data could not be loaded: build() then leaves traditional characters as
// they are. A service checks this once at start-up rather than silently losing the folding.
bool traditional_folding_available();

// text without the pinyin readings web converters print after characters (發(fā)布 -> 發布), which
// NormalizedText drops too; for names shown in the article's own script.
std::string without_pinyin_notes(std::string_view text);

// Number of bytes of the UTF-8 sequence starting with byte c (1 for invalid lead bytes):
// utf8_sequence_length() of utf8.h, out of line.
std::size_t utf8_length(unsigned char c);

}  // namespace investtrack::parser
