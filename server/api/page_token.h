// Opaque page tokens: a serialized cursor bound to the request that produced it, authenticated
// with HMAC-SHA256 and encoded as base64url. A client cannot forge or edit a cursor, and a token
// used with a changed filter, order or listing is refused with INVALID_ARGUMENT.
#pragma once

#include <cstdint>
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

  // Throws ApiError INVALID_ARGUMENT (field page_token) when the token is malformed, was not
  // made by this key, belongs to another listing, or the request changed since.
  std::vector<std::string> decode(std::string_view token, std::string_view listing,
                                  std::string_view fingerprint) const;

 private:
  std::string mac(std::string_view payload) const;

  std::string key_;
};

// base64url without padding, exposed for tests.
std::string base64url_encode(std::string_view bytes);
// Returns false for characters outside the alphabet or an impossible length.
bool base64url_decode(std::string_view text, std::string* bytes);

}  // namespace investtrack::server::api
