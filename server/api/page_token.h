// Opaque page tokens: a serialized cursor bound to the request that produced it, authenticated
// with HMAC-SHA256 and encoded as base64url. A client cannot forge or edit a cursor, and a token
// used with a changed filter, order or listing is refused with INVALID_ARGUMENT. Every List
// method (and WatchProjects' resume tokens) reads and writes its tokens through one PageCursor.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace investtrack::server::api {

// What a token carries: which listing and request it belongs to, and where the next page starts.
struct PageCursorData {
  // The listing: "projects", "events", "bulletins", "review_items".
  std::string listing;
  // The request fields that must not change between pages, joined (see request_fingerprint).
  std::string fingerprint;
  // Listing-specific position values (sort key, id, offset...).
  std::vector<std::string> values;
};

// A stable digest of the request fields a token is bound to.
std::string request_fingerprint(const std::vector<std::string_view>& fields);

class PageTokenCodec {
 public:
  // key: the HMAC key; tokens stay valid across restarts and replicas only when the key does.
  explicit PageTokenCodec(std::string key);

  // A fresh random key: tokens then last as long as the process.
  static std::string random_key();

  std::string encode(const PageCursorData& cursor) const;

  // Throws app::Error INVALID_ARGUMENT (field page_token) when the token is malformed, was not
  // made by this key, belongs to another listing, or the request changed since.
  std::vector<std::string> decode(std::string_view token, std::string_view listing,
                                  std::string_view fingerprint) const;

 private:
  std::string mac(std::string_view payload) const;

  std::string key_;
};

// Default page size of every List call (AIP-158).
inline constexpr int kDefaultPageSize = 50;

// 0 -> default_size, above store::kMaxPageSize -> store::kMaxPageSize, negative -> app::Error
// INVALID_ARGUMENT.
int effective_page_size(int requested, int default_size = kDefaultPageSize);

// The tokens of one listing for one request: where the previous page ended, read from the
// request's token, and the token of the next page.
class PageCursor {
 public:
  // fingerprint: request_fingerprint() of the fields that must not change between pages.
  PageCursor(const PageTokenCodec& codec, std::string listing, std::string fingerprint)
      : codec_(codec), listing_(std::move(listing)), fingerprint_(std::move(fingerprint)) {}

  // The position values `token` holds, nullopt for an empty token (the first page). Throws
  // app::Error INVALID_ARGUMENT when the codec refuses it or it holds a number of values other
  // than `counts` (then naming `field`).
  std::optional<std::vector<std::string>> position(std::string_view token,
                                                   std::initializer_list<std::size_t> counts,
                                                   std::string_view field = "page_token") const;

  // The token that resumes after `values`.
  std::string token(std::vector<std::string> values) const;

 private:
  const PageTokenCodec& codec_;
  std::string listing_;
  std::string fingerprint_;
};

// A non-negative number a token holds (a token this server issued always holds one); app::Error
// INVALID_ARGUMENT naming `field` otherwise.
std::int64_t token_number(std::string_view text, std::string_view field = "page_token");

// base64url without padding, exposed for tests.
std::string base64url_encode(std::string_view bytes);
// Returns false for characters outside the alphabet or an impossible length.
bool base64url_decode(std::string_view text, std::string* bytes);

}  // namespace investtrack::server::api
