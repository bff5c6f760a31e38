#include "server/api/page_token.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <stdexcept>

#include "server/api/errors.h"
#include "server/digest.h"
#include "server/store/project_store.h"

namespace investtrack::server::api {
namespace {

constexpr char kFormatVersion = 1;
// Truncated HMAC-SHA256: 128 bits are plenty against forging a page position.
constexpr std::size_t kMacBytes = 16;
constexpr std::size_t kMaxTokenBytes = 4096;
constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

void append_field(std::string& out, std::string_view field) {
  // Length-prefixed (32-bit big-endian), so values may hold any byte.
  const auto size = static_cast<std::uint32_t>(field.size());
  for (int shift = 24; shift >= 0; shift -= 8)
    out.push_back(static_cast<char>((size >> shift) & 0xFF));
  out.append(field);
}

bool read_field(std::string_view& in, std::string* field) {
  if (in.size() < 4) return false;
  std::uint32_t size = 0;
  for (int i = 0; i < 4; ++i) size = (size << 8) | static_cast<unsigned char>(in[i]);
  in.remove_prefix(4);
  if (size > in.size()) return false;
  field->assign(in.substr(0, size));
  in.remove_prefix(size);
  return true;
}

[[noreturn]] void bad_token(const std::string& why) {
  throw invalid_argument("page_token", "page_token " + why, {{"reason", why}});
}

}  // namespace

std::string base64url_encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const std::uint32_t n = (static_cast<unsigned char>(bytes[i]) << 16) |
                            (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                            static_cast<unsigned char>(bytes[i + 2]);
    for (int shift = 18; shift >= 0; shift -= 6) out.push_back(kAlphabet[(n >> shift) & 63]);
  }
  const std::size_t rest = bytes.size() - i;
  if (rest > 0) {
    std::uint32_t n = static_cast<unsigned char>(bytes[i]) << 16;
    if (rest == 2) n |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out.push_back(kAlphabet[(n >> 18) & 63]);
    out.push_back(kAlphabet[(n >> 12) & 63]);
    if (rest == 2) out.push_back(kAlphabet[(n >> 6) & 63]);
  }
  return out;
}

bool base64url_decode(std::string_view text, std::string* bytes) {
  if (text.size() % 4 == 1) return false;
  bytes->clear();
  std::uint32_t buffer = 0;
  int bits = 0;
  for (const char c : text) {
    const std::size_t value = kAlphabet.find(c);
    if (value == std::string_view::npos) return false;
    buffer = (buffer << 6) | static_cast<std::uint32_t>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes->push_back(static_cast<char>((buffer >> bits) & 0xFF));
    }
  }
  return true;
}

std::string request_fingerprint(const std::vector<std::string_view>& fields) {
  std::string joined;
  for (const std::string_view field : fields) append_field(joined, field);
  return sha256(joined).substr(0, 12);
}

PageTokenCodec::PageTokenCodec(std::string key) : key_(std::move(key)) {
  if (key_.empty()) throw std::invalid_argument("page token key must not be empty");
}

std::string PageTokenCodec::random_key() {
  std::string key(32, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(key.data()), static_cast<int>(key.size())) != 1) {
    throw std::runtime_error("no random bytes for the page token key");
  }
  return key;
}

std::string PageTokenCodec::mac(std::string_view payload) const {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (HMAC(EVP_sha256(), key_.data(), static_cast<int>(key_.size()),
           reinterpret_cast<const unsigned char*>(payload.data()), payload.size(), digest.data(),
           &length) == nullptr) {
    throw std::runtime_error("HMAC-SHA256 failed");
  }
  return {reinterpret_cast<const char*>(digest.data()), kMacBytes};
}

std::string PageTokenCodec::encode(const PageCursorData& cursor) const {
  std::string payload(1, kFormatVersion);
  append_field(payload, cursor.listing);
  append_field(payload, cursor.fingerprint);
  for (const std::string& value : cursor.values) append_field(payload, value);
  return base64url_encode(payload + mac(payload));
}

std::vector<std::string> PageTokenCodec::decode(std::string_view token, std::string_view listing,
                                                std::string_view fingerprint) const {
  std::string bytes;
  if (token.size() > kMaxTokenBytes || !base64url_decode(token, &bytes) ||
      bytes.size() < 1 + kMacBytes) {
    bad_token("is not a token this server issued");
  }
  const std::string_view payload(bytes.data(), bytes.size() - kMacBytes);
  const std::string expected = mac(payload);
  if (CRYPTO_memcmp(expected.data(), bytes.data() + payload.size(), kMacBytes) != 0) {
    bad_token("is not a token this server issued (or it was issued before a key change)");
  }
  if (payload[0] != kFormatVersion) bad_token("has an unknown format");
  std::string_view rest = payload.substr(1);
  std::string token_listing;
  std::string token_fingerprint;
  if (!read_field(rest, &token_listing) || !read_field(rest, &token_fingerprint)) {
    bad_token("is damaged");
  }
  if (token_listing != listing) bad_token("belongs to another listing");
  if (token_fingerprint != fingerprint) {
    bad_token(
        "was issued for a different request; keep filter, order_by and the other fields "
        "the same between pages");
  }
  std::vector<std::string> values;
  while (!rest.empty()) {
    std::string value;
    if (!read_field(rest, &value)) bad_token("is damaged");
    values.push_back(std::move(value));
  }
  return values;
}

int effective_page_size(int requested, int default_size) {
  if (requested < 0) {
    throw invalid_argument("page_size", "page_size must not be negative");
  }
  if (requested == 0) return default_size;
  return std::min(requested, store::kMaxPageSize);
}

std::optional<std::vector<std::string>> PageCursor::position(
    std::string_view token, std::initializer_list<std::size_t> counts,
    std::string_view field) const {
  if (token.empty()) return std::nullopt;
  std::vector<std::string> values = codec_.decode(token, listing_, fingerprint_);
  if (std::find(counts.begin(), counts.end(), values.size()) == counts.end()) {
    throw invalid_argument(std::string(field), std::string(field) + " is damaged");
  }
  return values;
}

std::string PageCursor::token(std::vector<std::string> values) const {
  return codec_.encode({listing_, fingerprint_, std::move(values)});
}

std::int64_t token_number(std::string_view text, std::string_view field) {
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < 0) {
    throw invalid_argument(std::string(field), std::string(field) + " is damaged");
  }
  return value;
}

}  // namespace investtrack::server::api
