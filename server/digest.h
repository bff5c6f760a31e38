// SHA-256 through OpenSSL's libcrypto, for the server's three users: token hashes (auth), page
// token filter digests (api) and migration checksums (migrate).
#pragma once

#include <string>
#include <string_view>

namespace investtrack::server {

// The 32 digest bytes. Throws std::runtime_error if libcrypto fails (it does not for valid input).
std::string sha256(std::string_view data);

// The digest as 64 lower-case hex digits.
std::string sha256_hex(std::string_view data);

}  // namespace investtrack::server
